"""What every ``hdr`` command shares: the app, outcomes, common options, consoles.

Exit codes are decided in one place: ``errors.ExitCode``, applied by the
boundary in ``cli_boundary``. Heavy modules are imported inside the commands so
``hdr --help`` stays fast.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from hojaderuta import __version__
from hojaderuta.cli.boundary import HdrCommand, HdrGroup, RunState
from hojaderuta.cli.options import IdiomaOpt
from hojaderuta.errors import ExitCode

Outcome = ExitCode  # what a command ends with; the same table as the process exit code

EXIT_CODES_HELP = (
    "Códigos de salida: 0 todo en orden; 1 hallazgos (errores, o advertencias con "
    "--estricto); 2 uso incorrecto o problema del entorno (ruta, repositorio git, archivo "
    "ilegible); 3 error interno de hdr (detalle con --depurar o HDR_DEPURAR=1)."
)

app = typer.Typer(
    name="hdr",
    cls=HdrGroup,
    help=(
        "hdr: hojas de ruta de planes de acción de gobierno abierto como archivos YAML en git. "
        "Valida, calcula el avance y publica el tablero público de seguimiento."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    options_metavar="[OPCIONES]",
    subcommand_metavar="COMANDO [ARGUMENTOS]...",
    # typer's completion options are English-only; completion still works through
    # click's _HDR_COMPLETE variable (see README).
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def command() -> Callable[[F], F]:
    """Register an ``hdr`` command (Spanish help, named extra arguments, ``--idioma``)."""

    def register(fn: F) -> F:
        app.command(cls=HdrCommand, options_metavar="[OPCIONES]")(_with_idioma(fn))
        return fn

    return register


def _with_idioma(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as typer sees it with one more option, ``--idioma``: the boundary has
    already chosen the language from it, so the command itself never receives it."""

    @functools.wraps(fn)
    def wrapper(*args: Any, idioma: Any = None, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    signature = inspect.signature(fn)
    extra = inspect.Parameter(
        "idioma", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=IdiomaOpt
    )
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), extra]
    )
    wrapper.__annotations__ = {**fn.__annotations__, "idioma": IdiomaOpt}
    return wrapper


def finish(outcome: ExitCode) -> NoReturn:
    raise typer.Exit(int(outcome))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hdr {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Muestra la versión y termina.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
    depurar: Annotated[
        bool,
        typer.Option(
            "--depurar",
            help="Ante un error interno, muestra el detalle técnico (traceback) para "
            "reportarlo. También con HDR_DEPURAR=1.",
        ),
    ] = False,
    idioma: IdiomaOpt = None,
) -> None:
    """hdr: hojas de ruta de gobierno abierto en git."""
    if depurar and isinstance(ctx.obj, RunState):
        ctx.obj.depurar = True
