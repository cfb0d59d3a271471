"""What every ``hdr`` command shares: the app, exit codes, common options, consoles.

Exit codes are decided here and only here (``EXIT``). Heavy modules are
imported inside the commands so ``hdr --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from hojaderuta import __version__, cli_es
from hojaderuta.errors import HdrError

cli_es.instalar()


class Outcome(Enum):
    OK = "ok"
    FINDINGS = "hallazgos"
    USAGE = "uso"


EXIT: dict[Outcome, int] = {Outcome.OK: 0, Outcome.FINDINGS: 1, Outcome.USAGE: 2}

app = typer.Typer(
    name="hdr",
    help=(
        "hdr: hojas de ruta de planes de acción de gobierno abierto como archivos YAML en git. "
        "Valida, calcula el avance y publica el tablero público de seguimiento."
    ),
    no_args_is_help=True,
    options_metavar="[OPCIONES]",
    subcommand_metavar="COMANDO [ARGUMENTOS]...",
    # typer's completion options are English-only; completion still works through
    # click's _HDR_COMPLETE variable (see README).
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def finish(outcome: Outcome) -> NoReturn:
    raise typer.Exit(EXIT[outcome])


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(fn: F) -> F:
    """Turn hdr's own errors into a clear message and the usage exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except HdrError as err:
            from rich.text import Text

            stderr_console().print(Text(f"hdr: {err}", style="bold red"))
            finish(Outcome.USAGE)

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hdr {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
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
) -> None:
    """hdr: hojas de ruta de gobierno abierto en git."""


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from hojaderuta.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise typer.BadParameter(
            f"«{value}» no es una fecha válida; use AAAA-MM-DD, por ejemplo 2021-08-31.",
            param_hint=option,
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

    from hojaderuta.reporters.findings import display_path

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
