"""Help screens in the run's language, drawn by hdr from each command's public description.

typer and click write their own words ("Usage:", "Show this message and exit.")
into help screens, some of them without gettext. hdr draws the screen itself
from the command's help text, parameters and subcommands, so every word a
person reads is hdr's. Texts declared at import (help of commands and options,
metavars) are marked with ``N_`` and translated here, when the screen is drawn,
into the language the boundary chose from ``--idioma`` or the environment.
"""

from __future__ import annotations

import inspect
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from hojaderuta.cli.params import display_name, value_metavar
from hojaderuta.text.i18n import N_, _

HELP_TEXT = N_("Muestra esta ayuda y termina.")


def translated(text: str | None) -> str:
    """A help text (marked with ``N_`` where it was declared) in the run's language;
    an empty one stays empty (gettext would answer the catalog's header)."""
    return _(text) if text else ""


def usage_line(ctx: Any) -> str:
    """«hdr marcar [OPCIONES] N HITO»: optional arguments in brackets, repeatable with «...»."""
    command = ctx.command
    pieces = [_(command.options_metavar)] if command.options_metavar else []
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "argument":
            continue
        name = display_name(param) + ("..." if param.nargs == -1 else "")
        pieces.append(name if param.required else f"[{name}]")
    if hasattr(command, "list_commands"):
        pieces.append(_(getattr(command, "subcommand_metavar", None) or N_("COMANDO")))
    return " ".join([ctx.command_path, *pieces])


def help_hint(ctx: Any) -> str:
    return _("Para ver la ayuda: {comando} --help").format(comando=ctx.command_path)


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each joined into one line (wrapped when drawn)."""
    cleaned = inspect.cleandoc(text or "")
    return [" ".join(p.split()) for p in cleaned.split("\n\n") if p.strip()]


def _is_help_option(ctx: Any, param: Any) -> bool:
    return bool(set(getattr(param, "opts", ())) & set(ctx.help_option_names))


def _default_note(param: Any) -> str:
    show = getattr(param, "show_default", None)
    default = getattr(param, "default", None)
    if show is False or default in (None, False, (), []) or getattr(param, "is_flag", False):
        return ""
    value = getattr(default, "value", default)  # an Enum member shows its value
    if isinstance(show, str):
        value = show
    text = str(value)
    return "" if text in ("", ".") else " " + _("[por omisión: {valor}]").format(valor=text)


def _param_row(ctx: Any, param: Any) -> tuple[str, str, str]:
    command = ctx.command
    if getattr(param, "param_type_name", "") == "argument":
        names = display_name(param)
        metavar = ""
    else:
        names = ", ".join([*sorted(param.opts, key=len, reverse=True), *param.secondary_opts])
        metavar = value_metavar(command, param)
    text = translated(HELP_TEXT if _is_help_option(ctx, param) else getattr(param, "help", ""))
    text += _default_note(param)
    if getattr(param, "required", False):
        text += " " + _("[obligatorio]")
    return names, metavar, text


def _commands(ctx: Any) -> list[tuple[str, str]]:
    group = ctx.command
    rows = []
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        short = translated(sub.short_help) or (_paragraphs(translated(sub.help)) or [""])[0]
        rows.append((name, short))
    return rows


def _table(title: str, rows: Sequence[tuple[str, ...]], width: int) -> list[str]:
    """«Opciones:» and its rows: names on the left, the description wrapped beside them
    (or under them, when the names are long)."""
    lefts = ["  " + " ".join(c for c in row[:-1] if c) for row in rows]
    column = min(max(len(left) for left in lefts) + 2, max(width // 3, 16))
    text_width = max(width - column, 20)
    out = [f"{title}:"]
    for left, row in zip(lefts, rows, strict=True):
        wrapped = textwrap.wrap(row[-1], text_width) or [""]
        if len(left) + 2 > column:  # too long to share the line: text on the next ones
            out.append(left)
            out += [" " * column + line for line in wrapped]
            continue
        out.append(left.ljust(column) + wrapped[0])
        out += [" " * column + line for line in wrapped[1:]]
    return [*out, ""]


def render_help(ctx: Any) -> str:
    """The whole help screen of ``ctx.command``, as plain text for the terminal.

    Plain text (as git's help is): drawing it needs no terminal library, so
    ``hdr --help`` costs little more than starting typer.
    """
    width = max(min(shutil.get_terminal_size((100, 24)).columns, 100), 40)
    params = [p for p in ctx.command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_param_row(ctx, p) for p in params if p.param_type_name == "argument"]
    options = [_param_row(ctx, p) for p in params if p.param_type_name != "argument"]
    lines = [_("Uso:") + " " + usage_line(ctx), ""]
    for paragraph in _paragraphs(translated(ctx.command.help)):
        lines += [*textwrap.wrap(paragraph, width), ""]
    if arguments:
        lines += _table(_("Argumentos"), [(n, h) for n, _metavar, h in arguments], width)
    if options:
        lines += _table(_("Opciones"), options, width)
    if hasattr(ctx.command, "list_commands"):
        rows = _commands(ctx)
        if rows:
            lines += _table(_("Comandos"), rows, width)
    for paragraph in _paragraphs(translated(ctx.command.epilog)):
        lines += [*textwrap.wrap(paragraph, width), ""]
    return "\n".join(lines).rstrip() + "\n"
