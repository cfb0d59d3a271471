"""Commands of hdr: ``reporte`` and ``publicar`` (they register on ``cli_base.app``)."""

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import AlOpt, PlanArg, open_plan, parse_date_option, today
from hojaderuta.cli.output import report_excluded, say, stderr_console
from hojaderuta.cli.reporters import shown_path
from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.numbers import plural

PlantillasOpt = Annotated[
    Path | None,
    typer.Option(
        "--plantillas",
        metavar=N_("CARPETA"),
        help=N_("Carpeta con plantillas propias; reemplazan por nombre a las incluidas."),
        show_default=False,
    ),
]
SinContactosOpt = Annotated[
    bool,
    typer.Option(
        "--sin-contactos",
        help=N_("No publica correos ni teléfonos (como «publicar_contactos: false» en plan.yaml)."),
    ),
]


def _view(plan: Path, fecha: date | None, sin_contactos: bool) -> tuple[Any, Any, bool]:
    from hojaderuta.checks import check_for_progress
    from hojaderuta.publish.viewmodel import build_view

    run = check_for_progress(open_plan(plan), al=fecha, hoy=today())
    excluded = report_excluded(run.check)
    contactos = False if sin_contactos else None
    view = build_view(run.check, run.al, contactos=contactos, hoy=today(), avance=run.avance)
    return run.check, view, excluded


@command(
    help=N_(
        """Publica el tablero público de seguimiento: un sitio estático con datos abiertos.

El sitio funciona desde cualquier servidor estático o abierto directamente desde el
disco, sin cargar nada de otros sitios. Incluye una página por compromiso y por
institución, y los datos en JSON, CSV y Frictionless Data Package."""
    )
)
def publicar(
    plan: PlanArg = Path(),
    salida: Annotated[
        Path,
        typer.Option(
            "--salida", "-o", metavar=N_("CARPETA"), help=N_("Carpeta donde se escribe el sitio.")
        ),
    ] = Path("sitio"),
    al: AlOpt = None,
    plantillas: PlantillasOpt = None,
    sin_contactos: SinContactosOpt = False,
    forzar: Annotated[
        bool,
        typer.Option(
            "--forzar",
            help=N_(
                "Publica en una carpeta que no es un sitio de hdr y reemplaza los archivos "
                "que el sitio nuevo reescribe; los demás se conservan. Nunca en el plan ni en git."
            ),
        ),
    ] = False,
    cortes: Annotated[
        str | None,
        typer.Option(
            "--cortes",
            metavar=N_("PATRON"),
            help=N_("Agrega el avance en cada etiqueta de git que coincida, p. ej. 'avance-*'."),
            show_default=False,
        ),
    ] = None,
) -> None:
    from hojaderuta.publish.site import build_site
    from hojaderuta.publish.sitehistory import build_history_view

    check, view, excluded = _view(plan, parse_date_option(al, "--al"), sin_contactos)
    err = stderr_console()
    historia = build_history_view(check.plan_dir, view, cortes=cortes, hoy=today())
    if historia is not None and not historia.completo:
        say(
            err,
            _(
                "Aviso: el repositorio es un clon superficial y el historial publicado está "
                "incompleto. Para publicarlo completo: git fetch --unshallow"
            ),
            "bold yellow",
        )
    total = len(view.compromisos)
    if total > 50 and err.is_terminal:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task(_("Publicando páginas"), total=total)
            result = build_site(
                view,
                check.plan_dir,
                salida,
                plantillas=plantillas,
                forzar=forzar,
                historia=historia,
                on_page=lambda done, all_: bar.update(task, completed=done, total=all_),
            )
    else:
        result = build_site(
            view, check.plan_dir, salida, plantillas=plantillas, forzar=forzar, historia=historia
        )
    published = _("Sitio publicado en {carpeta}: {paginas}, {compromisos}. Ábralo con {inicio}")
    say(
        err,
        published.format(
            carpeta=result.salida,
            paginas=plural(result.paginas, "página", "páginas"),
            compromisos=_counted(view),
            inicio=result.salida / "index.html",
        ),
    )
    if result.conservados:
        _say_kept(err, result.conservados)
    finish(Outcome.FINDINGS if excluded else Outcome.OK)


class FormatoReporte(StrEnum):
    md = "md"
    html = "html"


@command(
    help=N_(
        """Reporte del plan o ficha de un compromiso (según el Anexo 1), o reporte de una
institución; en Markdown o HTML."""
    )
)
def reporte(
    plan: PlanArg = Path(),
    formato: Annotated[
        FormatoReporte,
        typer.Option(
            "--formato", "-f", help=N_("md (Markdown de GitHub) o html (listo para imprimir).")
        ),
    ] = FormatoReporte.md,
    compromiso: Annotated[
        int | None,
        typer.Option(
            "--compromiso",
            "-c",
            metavar=N_("N"),
            help=N_("Solo la ficha de este compromiso (por omisión, el reporte de todo el plan)."),
            show_default=False,
        ),
    ] = None,
    institucion: Annotated[
        str | None,
        typer.Option(
            "--institucion",
            "-i",
            metavar=N_("TEXTO"),
            help=N_(
                "Solo el reporte de la institución cuyo nombre es o contiene TEXTO (sin "
                "importar acentos ni mayúsculas): sus compromisos, los hitos a su cargo en otros "
                "y sus próximos vencimientos."
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
            help=N_("Archivo donde escribir el reporte (por omisión, la salida estándar)."),
            show_default=False,
        ),
    ] = None,
    al: AlOpt = None,
    plantillas: PlantillasOpt = None,
    sin_contactos: SinContactosOpt = False,
) -> None:
    from hojaderuta.publish import reports

    if compromiso is not None and institucion is not None:
        raise UsageError(
            _(
                "--compromiso y --institucion no se combinan: use uno para la ficha de un "
                "compromiso o el otro para el reporte de una institución."
            )
        )
    _check, view, excluded = _view(plan, parse_date_option(al, "--al"), sin_contactos)
    if institucion is not None:
        text = reports.render_institution_report(
            view, formato.value, institucion, plantillas=plantillas
        )
    else:
        text = reports.render_report(
            view, formato.value, compromiso=compromiso, plantillas=plantillas
        )
    if salida is None:
        sys.stdout.write(text)
    else:
        from hojaderuta.writing import write_atomic

        write_atomic(salida, text)
        say(stderr_console(), _("Reporte escrito en {ruta}.").format(ruta=shown_path(salida)))
    finish(Outcome.FINDINGS if excluded else Outcome.OK)


def _counted(view: Any) -> str:  # a publish.viewmodel.SitioVista
    """«13 compromisos», or «12 de 13 compromisos en el promedio (1 sin calcular)»."""
    total = len(view.compromisos) + len(view.sin_calcular)
    if not view.sin_calcular:
        return plural(total, "compromiso", "compromisos")
    return _("{contados} de {total} en el promedio ({sin_calcular} sin calcular)").format(
        contados=len(view.compromisos),
        total=plural(total, "compromiso", "compromisos"),
        sin_calcular=len(view.sin_calcular),
    )


def _say_kept(err: Any, conservados: list[str]) -> None:
    """The files of the output folder that hdr did not write (the first five named)."""
    shown = ", ".join(conservados[:5])  # say() makes controls visible
    if len(conservados) > 5:
        message = _("Se conservaron los archivos que hdr no produjo: {archivos} y {n} más.")
    else:
        message = _("Se conservaron los archivos que hdr no produjo: {archivos}.")
    say(err, message.format(archivos=shown, n=len(conservados) - 5))
