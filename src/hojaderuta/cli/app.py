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
from hojaderuta.text.i18n import N_

Outcome = ExitCode  # what a command ends with; the same table as the process exit code

EXIT_CODES_HELP = N_(
    "Códigos de salida: 0 todo en orden; 1 hallazgos (errores, o advertencias con "
    "--estricto); 2 uso incorrecto o problema del entorno (ruta, repositorio git, archivo "
    "ilegible); 3 error interno de hdr (detalle con --depurar o HDR_DEPURAR=1)."
)
# Help texts are stored as written here and translated when a help screen is drawn
# (cli/help.py); each is marked with N_ so that it reaches the catalog.
OPTIONS_METAVAR = N_("[OPCIONES]")

app = typer.Typer(
    name="hdr",
    cls=HdrGroup,
    help=N_(
        "hdr: hojas de ruta de planes de acción de gobierno abierto como archivos YAML en git. "
        "Valida, calcula el avance y publica el tablero público de seguimiento."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=N_("COMANDO [ARGUMENTOS]..."),
    # typer's completion options are English-only; completion still works through
    # click's _HDR_COMPLETE variable (see README).
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def command(help: str | None = None) -> Callable[[F], F]:
    """Register an ``hdr`` command (named extra arguments, ``--idioma``).

    ``help``: the command's description, marked with ``N_`` and written without
    indentation, so that the text typer stores (after ``inspect.cleandoc``) is the
    catalog's msgid and the help screen can translate it when drawn.
    """

    def register(fn: F) -> F:
        app.command(cls=HdrCommand, options_metavar=OPTIONS_METAVAR, help=help)(_with_idioma(fn))
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
            help=N_("Muestra la versión y termina."),
            callback=_version,
            is_eager=True,
        ),
    ] = False,
    depurar: Annotated[
        bool,
        typer.Option(
            "--depurar",
            help=N_(
                "Ante un error interno, muestra el detalle técnico (traceback) para "
                "reportarlo. También con HDR_DEPURAR=1."
            ),
        ),
    ] = False,
    idioma: IdiomaOpt = None,
) -> None:
    """The root options (its help is the app's, above)."""
    if depurar and isinstance(ctx.obj, RunState):
        ctx.obj.depurar = True
