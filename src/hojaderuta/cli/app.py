"""What every ``hdr`` command shares: the app, outcomes, common options, consoles.

Exit codes are decided in one place: ``errors.ExitCode``, applied by the
boundary in ``cli_boundary``. Heavy modules are imported inside the commands so
``hdr --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from hojaderuta import __version__
from hojaderuta.cli.boundary import HdrCommand, HdrGroup, RunState
from hojaderuta.errors import ExitCode, UsageError

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
    """Register an ``hdr`` command (Spanish help, named extra arguments)."""
    return app.command(cls=HdrCommand, options_metavar="[OPCIONES]")


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
) -> None:
    """hdr: hojas de ruta de gobierno abierto en git."""
    if depurar and isinstance(ctx.obj, RunState):
        ctx.obj.depurar = True


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from hojaderuta.core.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        from hojaderuta.text.safetext import visible

        raise UsageError(
            f"«{visible(value)}» no es una fecha válida para {option}; use AAAA-MM-DD, "
            "por ejemplo 2021-08-31."
        )
    return parsed


def today() -> date:
    return date.today()


PlanArg = Annotated[
    Path,
    typer.Argument(
        help="Carpeta del plan (la que tiene plan.yaml). Por omisión, la actual o la más "
        "cercana hacia arriba.",
        show_default=False,
        metavar="PLAN",
    ),
]
AlOpt = Annotated[
    str | None,
    typer.Option(
        "--al",
        metavar="AAAA-MM-DD",
        help="Fecha de evaluación (por omisión, hoy).",
        show_default=False,
    ),
]


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def write_json(payload: object) -> None:
    import json

    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def report_excluded(check: Any) -> bool:
    """List on stderr the files left out of the numbers, with their first error."""
    from rich.text import Text

    from hojaderuta.cli.reporters.findings import display_path

    first: dict[str, Any] = check.exclusions()
    if not first:
        return False
    err = stderr_console()
    err.print(
        Text(
            "Estos archivos tienen errores y quedan fuera de las cifras "
            "(detalles con «hdr validar»):",
            style="bold red",
        )
    )
    for archivo, f in first.items():
        where = f"{display_path(check.plan_dir, archivo)}:{f.linea}"
        err.print(Text(f"  {where}  [{f.codigo}] {f.mensaje}"))
    return True
