"""Help screens in Spanish, drawn by hdr from each command's public description.

typer and click write their own words ("Usage:", "Show this message and exit.")
into help screens, some of them without gettext. hdr draws the screen itself
from the command's help text, parameters and subcommands, so every word a
person reads is hdr's.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

from hojaderuta.cli.params import display_name, value_metavar

HELP_TEXT = "Muestra esta ayuda y termina."


def usage_line(ctx: Any) -> str:
    """«hdr marcar [OPCIONES] N HITO»: optional arguments in brackets, repeatable with «...»."""
    command = ctx.command
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "argument":
            continue
        name = display_name(param) + ("..." if param.nargs == -1 else "")
        pieces.append(name if param.required else f"[{name}]")
    if hasattr(command, "list_commands"):
        pieces.append(getattr(command, "subcommand_metavar", None) or "COMANDO")
    return " ".join([ctx.command_path, *pieces])


def help_hint(ctx: Any) -> str:
    return f"Para ver la ayuda: {ctx.command_path} --help"


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each joined into one line (rich wraps them)."""
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
    return "" if text in ("", ".") else f" [por omisión: {text}]"


def _param_row(ctx: Any, param: Any) -> tuple[str, str, str]:
    command = ctx.command
    if getattr(param, "param_type_name", "") == "argument":
        names = display_name(param)
        metavar = ""
    else:
        names = ", ".join([*sorted(param.opts, key=len, reverse=True), *param.secondary_opts])
        metavar = value_metavar(command, param)
    text = HELP_TEXT if _is_help_option(ctx, param) else (getattr(param, "help", "") or "")
    text += _default_note(param)
    if getattr(param, "required", False):
        text += " [obligatorio]"
    return names, metavar, text


def _commands(ctx: Any) -> list[tuple[str, str]]:
    group = ctx.command
    rows = []
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        short = sub.short_help or (_paragraphs(sub.help or "") or [""])[0]
        rows.append((name, short))
    return rows


def render_help(ctx: Any) -> str:
    """The whole help screen of ``ctx.command``, as text for the terminal."""
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    def panel(title: str, rows: Sequence[tuple[str, ...]]) -> Panel:
        grid = Table.grid(padding=(0, 2))
        for i in range(len(rows[0])):
            grid.add_column(style="bold cyan" if i == 0 else ("yellow" if i == 1 else None))
        for row in rows:
            grid.add_row(*(Text(cell) for cell in row))
        return Panel(grid, title=title, title_align="left", border_style="dim")

    params = [p for p in ctx.command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_param_row(ctx, p) for p in params if p.param_type_name == "argument"]
    options = [_param_row(ctx, p) for p in params if p.param_type_name != "argument"]
    parts: list[Any] = [Text("Uso: ", style="bold") + Text(usage_line(ctx)), Text()]
    for paragraph in _paragraphs(ctx.command.help or ""):
        parts += [Text(paragraph), Text()]
    if arguments:
        parts.append(panel("Argumentos", [(n, h) for n, _, h in arguments]))
    if options:
        parts.append(panel("Opciones", options))
    if hasattr(ctx.command, "list_commands"):
        rows = _commands(ctx)
        if rows:
            parts.append(panel("Comandos", rows))
    if ctx.command.epilog:
        parts += [Text(), Text(inspect.cleandoc(ctx.command.epilog))]
    console = Console(highlight=False)
    with console.capture() as captured:
        console.print(Group(*parts))
    return captured.get()
