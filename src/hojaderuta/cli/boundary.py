"""The one boundary between hdr and the person at the terminal.

Every run goes through ``HdrGroup.main``: the command line is parsed and the
command runs with typer's ``standalone_mode=False``, so every failure comes
back here as an exception and is turned into a Spanish message and an exit
code in one place: usage errors (2, with the usage line), hdr's own errors
(their ``exit_code``), and anything else, a defect of hdr (3, no traceback
unless ``--depurar`` or ``HDR_DEPURAR=1``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from typer.core import TyperCommand, TyperGroup

from hojaderuta.cli.help import help_hint, render_help, usage_line
from hojaderuta.cli.usage import describe, is_click_usage_error, is_no_args_help
from hojaderuta.errors import ExitCode, HdrError, UsageError
from hojaderuta.text.i18n import _, ngettext, resolve, set_language
from hojaderuta.text.safetext import has_surrogates, visible

REPORT_URL = "https://github.com/hojaderuta/hdr/issues"


@dataclass
class RunState:
    """What the root options set for the whole run (``ctx.obj``)."""

    depurar: bool = False


class CommandLineError(UsageError):
    """A mistake in the command line that click does not describe with structure."""

    def __init__(self, message: str, ctx: Any = None) -> None:
        super().__init__(message)
        self.ctx = ctx


class HdrCommand(TyperCommand):
    """A command whose help is drawn by hdr and whose extra arguments are named."""

    # Extra arguments are collected and refused here, with their values in the message.
    allow_extra_args = True

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except Exception as err:
            if is_click_usage_error(err) and getattr(err, "ctx", None) is None:
                err.ctx = ctx  # type: ignore[attr-defined]  # the parser raises some without it
            raise
        if ctx.args and not ctx.resilient_parsing:
            extra = " ".join(f"«{visible(a)}»" for a in ctx.args)
            message = ngettext(
                "Sobra el argumento {argumentos}.",
                "Sobran los argumentos {argumentos}.",
                len(ctx.args),
            )
            raise CommandLineError(message.format(argumentos=extra), ctx)
        return rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HdrError as err:
            if getattr(err, "ctx", None) is None:
                err.ctx = ctx  # type: ignore[attr-defined]  # for the usage line
            raise


class HdrGroup(TyperGroup):
    """The ``hdr`` group: Spanish help, named unknown commands, and the error boundary."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(ctx))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            message = _("No existe el comando {comando}.").format(comando=f"«{visible(name)}»")
            if close:
                message += " " + _("¿Quiso decir {opciones}?").format(opciones=f"«{close[0]}»")
            raise CommandLineError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        # Before any parsing: help screens and usage errors speak the chosen language.
        set_language(resolve(language_option(argv), os.environ))
        state = RunState(depurar=os.environ.get("HDR_DEPURAR", "") not in ("", "0"))
        extra.setdefault("obj", state)

        def run() -> Any:
            return super(HdrGroup, self).main(
                argv, prog_name, complete_var, standalone_mode=False, **extra
            )

        code = guarded(run, argv, state)
        if standalone_mode:
            sys.exit(int(code))
        return int(code)


def language_option(argv: Sequence[str]) -> str | None:
    """The value of the last ``--idioma`` before a ``--``, wherever it was written."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--idioma" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--idioma="):
            value = arg.partition("=")[2]
    return value


def guarded(run: Callable[[], Any], argv: list[str], state: RunState) -> ExitCode | int:
    """Run the command line and turn every outcome into an exit code (and a message)."""
    bad = next((a for a in argv if has_surrogates(a)), None)
    if bad is not None:
        _error(
            _(
                "El argumento {argumento} no es texto UTF-8 válido; revise la codificación "
                "de su terminal o escríbalo de nuevo."
            ).format(argumento=f"«{visible(bad)}»")
        )
        return ExitCode.USAGE
    try:
        result = run()
    except HdrError as err:
        return _hdr_error(err)
    except OSError as err:
        # The file system said no (a path, a permission, a full disk): the environment's.
        from hojaderuta.writing import describe_os_error  # only on this path: keeps startup small

        if err.filename:
            message = _("No se pudo leer o escribir {ruta}: {motivo}.").format(
                ruta=f"«{visible(str(err.filename))}»", motivo=describe_os_error(err)
            )
        else:
            message = _("No se pudo leer o escribir: {motivo}.").format(
                motivo=describe_os_error(err)
            )
        _error(message)
        return ExitCode.USAGE
    except Exception as err:
        if is_no_args_help(err):
            sys.stdout.write(err.ctx.get_help() + "\n")  # type: ignore[attr-defined]
            return ExitCode.USAGE
        if is_click_usage_error(err):
            _error(describe(err), getattr(err, "ctx", None))
            return ExitCode.USAGE
        if "Abort" in {c.__name__ for c in type(err).__mro__}:
            _error(_("Cancelado."))
            return ExitCode.INTERRUPTED
        return _internal(err, state)
    return result if isinstance(result, int) else ExitCode.OK


def _hdr_error(err: HdrError) -> ExitCode:
    ctx = getattr(err, "ctx", None) if err.shows_usage else None
    _error(str(err), ctx)
    return err.exit_code


def _error(message: str, ctx: Any = None) -> None:
    from rich.console import Console
    from rich.text import Text

    err = Console(stderr=True, highlight=False)
    # soft_wrap: the terminal wraps long lines itself; a CI log keeps one line per message.
    label = Text(_("Error:") + " ", style="bold red")
    err.print(label + Text(visible(message)), soft_wrap=True)
    if ctx is not None:
        err.print(Text(_("Uso:") + " ", style="bold") + Text(usage_line(ctx)), soft_wrap=True)
        err.print(Text(help_hint(ctx), style="dim"), soft_wrap=True)


def _internal(err: BaseException, state: RunState) -> ExitCode:
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False)
    if state.depurar:
        import traceback

        for line in "".join(traceback.format_exception(err)).splitlines():
            console.print(Text(visible(line)))
    if state.depurar:
        detail = _(
            "({clase}). Es un defecto de hdr, no de su plan. Repórtelo en {url} con el "
            "comando que usó y el detalle técnico de arriba."
        )
    else:
        detail = _(
            "({clase}). Es un defecto de hdr, no de su plan. Repórtelo en {url} con el "
            "comando que usó y el detalle técnico que muestra al repetirlo con "
            "«hdr --depurar …» (o con HDR_DEPURAR=1)."
        )
    console.print(
        Text(_("Error interno de hdr") + " ", style="bold red")
        + Text(detail.format(clase=type(err).__name__, url=REPORT_URL))
    )
    return ExitCode.INTERNAL
