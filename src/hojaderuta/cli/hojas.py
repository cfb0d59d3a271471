"""Commands of hdr: ``exportar`` and ``importar``, spreadsheets that go to the institutions
and come back (they register themselves on ``cli_base.app``).
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import AlOpt, PlanArg, PlanOpt, open_plan, parse_date_option, today
from hojaderuta.cli.output import console, stderr_console
from hojaderuta.cli.reporters import shown_path
from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import N_, _


class FormatoHojas(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


@command(
    help=N_(
        """Escribe una hoja de cálculo para que cada institución reporte su avance.

Una fila por compromiso, hito y actividad, con sus números para reconocerla.
Las columnas de la hoja de ruta acordada van en gris y protegidas (sin
contraseña); las de avance (encabezado amarillo: cumplido, fecha_cumplimiento,
evidencia, verificado_por, verificado_fecha, notas y cumplida) son las que se
llenan. El libro lleno se aplica con «hdr importar».

Con --plantilla (en blanco) o --completo (lleno) escribe en cambio la hoja
de ruta entera, una columna por campo del Anexo 1, para migrar un plan desde
Word o Excel con «hdr importar --nuevos» (vea docs/migrar.md)."""
    )
)
def exportar(
    plan: PlanArg = Path(),
    formato: Annotated[
        FormatoHojas,
        typer.Option(
            "--formato",
            "-f",
            help=N_(
                "xlsx (un libro de Excel con las hojas Compromisos, Hitos y Actividades) o "
                "csv (un archivo por hoja, en una carpeta)."
            ),
        ),
    ] = FormatoHojas.xlsx,
    institucion: Annotated[
        str | None,
        typer.Option(
            "--institucion",
            metavar=N_("TEXTO"),
            help=N_(
                "Solo lo de una institución: los compromisos de los que es responsable y los "
                "hitos a su cargo. Basta parte del nombre; no distingue mayúsculas ni acentos."
            ),
            show_default=False,
        ),
    ] = None,
    salida: Annotated[
        Path | None,
        typer.Option(
            "--salida",
            "-o",
            metavar=N_("ARCHIVO"),
            help=N_(
                "El libro .xlsx (o, con csv, la carpeta) a escribir; por omisión, "
                "avance-<plan>[-<institución>] en la carpeta actual."
            ),
            show_default=False,
        ),
    ] = None,
    al: AlOpt = None,
    forzar: Annotated[
        bool,
        typer.Option(
            "--forzar",
            help=N_("Reemplaza el libro o los CSV si ya existen (pueden tener avances)."),
        ),
    ] = False,
    plantilla: Annotated[
        bool,
        typer.Option(
            "--plantilla",
            help=N_(
                "Un libro en blanco con todos los campos del Anexo 1 (hojas Compromisos, "
                "Personas, Hitos, Actividades, Agenda 2030 y Modificaciones, e instrucciones) "
                "para migrar hojas de ruta de Word o Excel; se importa con «hdr importar --nuevos»."
            ),
        ),
    ] = False,
    completo: Annotated[
        bool,
        typer.Option(
            "--completo",
            help=N_(
                "Como --plantilla, pero lleno con todos los campos de los compromisos del plan."
            ),
        ),
    ] = False,
) -> None:
    from hojaderuta.cli.reporters.sheets import write_export
    from hojaderuta.sheets.export import exportar as run

    hoy = today()
    if plantilla or completo:
        _whole_roadmap(plan, plantilla, completo, formato, institucion, salida, forzar)
        return
    result = run(
        open_plan(plan),
        formato=formato.value,
        al=parse_date_option(al, "--al") or hoy,
        hoy=hoy,
        institucion=institucion,
        salida=salida,
        forzar=forzar,
    )
    write_export(result, console(), stderr_console(), shown_path)
    finish(Outcome.OK)


def _whole_roadmap(
    plan: Path,
    plantilla: bool,
    completo: bool,
    formato: FormatoHojas,
    institucion: str | None,
    salida: Path | None,
    forzar: bool,
) -> None:
    """``hdr exportar --plantilla`` / ``--completo``: the whole-roadmap workbook."""
    from hojaderuta.cli.reporters.sheets import write_export
    from hojaderuta.sheets.fullexport import exportar_hoja_de_ruta

    if plantilla and completo:
        raise UsageError(_("Use --plantilla (en blanco) o --completo (lleno), no ambas."))
    if formato is not FormatoHojas.xlsx or institucion is not None:
        raise UsageError(
            _(
                "--plantilla y --completo escriben un libro .xlsx con todo el plan: no se "
                "combinan con --formato csv ni con --institucion."
            )
        )
    result = exportar_hoja_de_ruta(
        open_plan(plan), completo=completo, hoy=today(), salida=salida, forzar=forzar
    )
    write_export(result, console(), stderr_console(), shown_path)
    finish(Outcome.OK)


@command(
    help=N_(
        """Aplica a los archivos del plan lo que se llenó en la hoja de cálculo: todo o nada.

Primero revisa cada fila (compromiso e hito que existan, fechas, un hito
cumplido con evidencia…) y el plan completo con los cambios; si algo está
mal, dice hoja, fila y columna, no escribe nada y sale con 1. Solo cambia
las líneas necesarias (comentarios y formato quedan igual) y un libro sin
cambios no toca ningún archivo. Aplica solo las celdas que el libro cambió
desde que se exportó: lo que otra persona reportó después no se borra, y una
celda que cambiaron ambos es un conflicto (sale con 1). Sale con 2 si el
archivo no se puede leer.

Con --nuevos crea en cambio los compromisos de un libro de «hdr exportar
--plantilla» o «--completo» (vea docs/migrar.md)."""
    )
)
def importar(
    archivo: Annotated[
        Path,
        typer.Argument(
            help=N_("El libro .xlsx lleno, la carpeta con sus CSV o uno de esos CSV."),
            metavar=N_("ARCHIVO"),
            show_default=False,
        ),
    ],
    solo_avance: Annotated[
        bool,
        typer.Option(
            "--solo-avance/--todo",
            help=N_(
                "Por omisión aplica solo las columnas de avance; --todo aplica también las "
                "de la hoja de ruta acordada (nombre, ponderación, fechas, descripción…), que "
                "necesitan su entrada en «modificaciones»."
            ),
        ),
    ] = True,
    simular: Annotated[
        bool,
        typer.Option(
            "--simular",
            help=N_("Muestra los cambios como diferencias (diff) sin escribir nada."),
        ),
    ] = False,
    nuevos: Annotated[
        bool,
        typer.Option(
            "--nuevos",
            help=N_(
                "Crea los compromisos que describe un libro de «hdr exportar --plantilla» o "
                "«--completo» (la migración de un plan): todo o nada, sin sobrescribir ningún "
                "archivo ni número, y solo si los archivos nuevos pasan «hdr validar»."
            ),
        ),
    ] = False,
    borrador: Annotated[
        bool,
        typer.Option(
            "--borrador",
            help=N_(
                "Con --nuevos: escribe COMPLETAR donde falta un valor obligatorio, para "
                "migrar primero y completar después («hdr validar» señala esas casillas)."
            ),
        ),
    ] = False,
    plan: PlanOpt = Path(),
) -> None:
    from hojaderuta.cli.reporters.sheets import write_import
    from hojaderuta.sheets.apply import importar as run
    from hojaderuta.sheets.migrate import importar_nuevos

    if borrador and not nuevos:
        raise UsageError(_("--borrador va con --nuevos: hdr importar LIBRO --nuevos --borrador."))
    if nuevos and not solo_avance:
        raise UsageError(_("--todo no se combina con --nuevos: --nuevos crea compromisos enteros."))
    if nuevos:
        result = importar_nuevos(
            open_plan(plan), archivo, hoy=today(), borrador=borrador, simular=simular
        )
    else:
        result = run(open_plan(plan), archivo, hoy=today(), todo=not solo_avance, simular=simular)
    write_import(result, console(), stderr_console(), sys.stdout)
    finish(Outcome.FINDINGS if result.problemas else Outcome.OK)
