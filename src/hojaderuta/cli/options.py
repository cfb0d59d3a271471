"""Options and arguments that several commands share, declared once."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.safetext import visible

PlanArg = Annotated[
    Path,
    typer.Argument(
        help=N_(
            "Carpeta del plan (la que tiene plan.yaml). Por omisión, la actual o la más "
            "cercana hacia arriba."
        ),
        show_default=False,
        metavar=N_("PLAN"),
    ),
]
PlanOpt = Annotated[
    Path,
    typer.Option(
        "--plan",
        metavar=N_("PLAN"),
        help=N_("Carpeta del plan; por omisión, la actual o la más cercana hacia arriba."),
        show_default=False,
    ),
]


class Idioma(StrEnum):
    es = "es"
    en = "en"


# Read by the boundary before anything is parsed (cli/boundary.py), so help screens and
# usage errors already speak it; declared here so every command accepts and shows it.
IdiomaOpt = Annotated[
    Idioma | None,
    typer.Option(
        "--idioma",
        metavar="es|en",
        help=N_(
            "Idioma de los mensajes: es (español) o en (inglés). Por omisión, el de "
            "HDR_IDIOMA, LC_ALL, LC_MESSAGES o LANG; si ninguno es uno de esos, español."
        ),
        show_default=False,
    ),
]
AlOpt = Annotated[
    str | None,
    typer.Option(
        "--al",
        metavar=N_("AAAA-MM-DD"),
        help=N_("Fecha de evaluación (por omisión, hoy)."),
        show_default=False,
    ),
]


def parse_date_option(value: str | None, option: str) -> date | None:
    """A date typed on the command line (AAAA-MM-DD), or a Spanish usage error."""
    if value is None:
        return None
    from hojaderuta.core.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise UsageError(
            _(
                "{valor} no es una fecha válida para {opcion}; use AAAA-MM-DD, "
                "por ejemplo 2021-08-31."
            ).format(valor=f"«{visible(value)}»", opcion=option)
        )
    return parsed


def today() -> date:
    """The one place the CLI reads the clock; the library receives the date."""
    return date.today()


def open_plan(plan: Path) -> Path:
    """The plan folder of ``plan``, after finishing any write a killed hdr left half done.

    Every command that reads a plan comes through here, so an interrupted import is
    rolled back (or forward) before anything reads the files, and the person is told.
    """
    from hojaderuta.cli.output import say, stderr_console
    from hojaderuta.core.discovery import find_plan_dir
    from hojaderuta.journal import recover

    plan_dir = find_plan_dir(plan)
    note = recover(plan_dir)
    if note:
        say(stderr_console(), _("Aviso: {aviso}").format(aviso=note), "yellow")
    return plan_dir
