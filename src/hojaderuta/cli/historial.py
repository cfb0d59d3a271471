"""Commands of hdr: historial and cambios (they register themselves on ``cli_base.app``)."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import PlanArg, open_plan
from hojaderuta.cli.output import console, say, stderr_console, write_json
from hojaderuta.text.i18n import N_, _


class FormatoHistorial(StrEnum):
    texto = "texto"
    json = "json"
    csv = "csv"


class FormatoCambios(StrEnum):
    texto = "texto"
    json = "json"


@command(
    help=N_(
        """Qué pasó con el plan según git: eventos por commit y serie de avance.

Recorre la historia de la rama actual (primer padre de HEAD):
compromisos nuevos y eliminados, hitos cumplidos, reabiertos (con la
nota que se dio al reabrirlos) y verificados, cambios a campos acordados
y modificaciones registradas, cada uno con su commit, autor y fecha. El
CSV lleva la marca BOM para que las hojas de cálculo lean bien los
acentos. Necesita git."""
    )
)
def historial(
    plan: PlanArg = Path(),
    formato: Annotated[
        FormatoHistorial,
        typer.Option(
            "--formato",
            "-f",
            help=N_("texto (línea de tiempo), json (eventos y serie) o csv (un evento por fila)."),
        ),
    ] = FormatoHistorial.texto,
    serie: Annotated[
        bool,
        typer.Option(
            "--serie",
            help=N_(
                "En texto y csv, muestra solo la serie de avance del plan (un renglón por "
                "commit) en vez de los eventos. El json siempre trae ambos."
            ),
        ),
    ] = False,
    sin_cache: Annotated[
        bool,
        typer.Option(
            "--sin-cache",
            help=N_(
                "Lee y analiza de nuevo cada versión de los archivos, sin usar ni llenar la "
                "caché de .git/hdr-cache/."
            ),
        ),
    ] = False,
) -> None:
    from hojaderuta.cli.reporters import history as view
    from hojaderuta.git.history import read_history

    result = read_history(open_plan(plan), cache=not sin_cache)
    if not result.completo:
        from hojaderuta.git.repo import UNSHALLOW_HINT

        say(
            stderr_console(),
            _(
                "Aviso: este repositorio es un clon superficial (shallow) y la historia está "
                "cortada; el historial muestra solo lo que hay. Para verlo completo, {como}."
            ).format(como=_(UNSHALLOW_HINT)),
            "yellow",
        )
    if formato is FormatoHistorial.json:
        write_json(result.as_json())
    elif formato is FormatoHistorial.csv:
        if serie:
            view.write_csv_serie(result, sys.stdout)
        else:
            view.write_csv(result, sys.stdout)
    elif serie:
        view.write_text_serie(result, console())
    else:
        view.write_text(result, console())
    finish(Outcome.OK)


@command(
    help=N_(
        """Qué cambió de la hoja de ruta acordada, y con qué acuerdo.

Compara cada compromiso (por su número) con el de la línea base: cada
campo acordado que cambió (puntero JSON, valor anterior y nuevo), junto
a las entradas de «modificaciones» que lo respaldan, y los compromisos
nuevos y eliminados. Para que CI falle ante un cambio sin acuerdo, use
«hdr validar» (regla cambio-sin-acuerdo)."""
    )
)
def cambios(
    plan: PlanArg = Path(),
    desde: Annotated[
        str | None,
        typer.Option(
            "--desde",
            metavar=N_("REF"),
            help=N_(
                "Referencia git (etiqueta, rama o commit) de la hoja de ruta acordada; por "
                "omisión, «linea_base» de plan.yaml."
            ),
            show_default=False,
        ),
    ] = None,
    formato: Annotated[
        FormatoCambios,
        typer.Option("--formato", "-f", help=N_("texto o json.")),
    ] = FormatoCambios.texto,
) -> None:
    from hojaderuta.cli.reporters import history as view
    from hojaderuta.git.changes import cambios as compute

    result = compute(open_plan(plan), desde)
    if result.ilegibles:
        say(
            stderr_console(),
            _("No se pudieron leer (corríjalos con «hdr validar»): {archivos}").format(
                archivos=", ".join(result.ilegibles)
            ),
            "yellow",
        )
    if formato is FormatoCambios.json:
        write_json(result.as_json())
    else:
        view.write_text_cambios(result, console())
    finish(Outcome.OK)
