"""Commands of hdr: ``reporte`` and ``publicar`` (they register on ``cli_base.app``)."""

import sys
from dataclasses import dataclass
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


IdiomasOpt = Annotated[
    str | None,
    typer.Option(
        "--idiomas",
        metavar="es,en",
        help=N_(
            "Idiomas del sitio, separados por comas: el primero en la raíz y cada uno de los "
            "demás en su carpeta (en/). Por omisión, «idiomas» de plan.yaml o, si no lo "
            "tiene, el idioma de los mensajes."
        ),
        show_default=False,
    ),
]


def _languages(value: str | None) -> tuple[str, ...]:
    from hojaderuta.text.i18n import SHIPPED
    from hojaderuta.text.safetext import visible

    if value is None:
        return ()
    codes = tuple(dict.fromkeys(c.strip() for c in value.split(",") if c.strip()))
    wrong = [c for c in codes if c not in SHIPPED]
    if wrong or not codes:
        raise UsageError(
            _("«{valor}» no es una lista de idiomas para --idiomas; use {idiomas}.").format(
                valor=visible(value), idiomas=", ".join(SHIPPED)
            )
        )
    return codes


def _editions(
    plan: Path,
    fecha: date | None,
    sin_contactos: bool,
    cortes: str | None,
    languages: list[str],
    built: dict[str, tuple[Any, Any]],
) -> list[Any]:
    """The site in each further language: its view and history built in that language
    (the plan is checked again so that findings shown on the site speak it too, unless
    ``built`` already has that language's check and view)."""
    from hojaderuta.publish.site import Edicion
    from hojaderuta.publish.sitehistory import build_history_view
    from hojaderuta.text.i18n import speaking

    editions = []
    for code in languages:
        with speaking(code):
            if code in built:
                check, view = built[code]
            else:
                check, view, _excluded = _view(plan, fecha, sin_contactos, report=False)
            historia = build_history_view(check.plan_dir, view, cortes=cortes, hoy=today())
            editions.append(Edicion(code, view, historia))
    return editions


def _view(
    plan: Path, fecha: date | None, sin_contactos: bool, report: bool = True
) -> tuple[Any, Any, bool]:
    from hojaderuta.checks.progress import check_for_progress
    from hojaderuta.publish.viewmodel import build_view

    run = check_for_progress(open_plan(plan), al=fecha, hoy=today())
    excluded = report_excluded(run.check) if report else False
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
    idiomas: IdiomasOpt = None,
) -> None:
    options = _Options(plantillas, sin_contactos, forzar, cortes, _languages(idiomas))
    finish(_publish(plan, salida, parse_date_option(al, "--al"), options))


@dataclass(frozen=True)
class _Options:
    plantillas: Path | None
    sin_contactos: bool
    forzar: bool
    cortes: str | None
    idiomas: tuple[str, ...]


def _publish(plan: Path, salida: Path, fecha: date | None, opts: _Options) -> Outcome:
    from hojaderuta.publish.site import build_site
    from hojaderuta.publish.sitehistory import build_history_view
    from hojaderuta.text.i18n import language, speaking

    check, view, excluded = _view(plan, fecha, opts.sin_contactos)
    languages = list(opts.idiomas or view.ajustes.idiomas or (language(),))
    built = {language(): (check, view)}  # the run's language: checked once, whatever its place
    err = stderr_console()
    root_differs = languages[0] != language()  # asked before speaking the root's language
    with speaking(languages[0]):
        if root_differs:  # the view's words (states, SDG names) must be the root's
            check, view, _excluded = _view(plan, fecha, opts.sin_contactos, report=False)
        historia = build_history_view(check.plan_dir, view, cortes=opts.cortes, hoy=today())
    otras = _editions(plan, fecha, opts.sin_contactos, opts.cortes, languages[1:], built)
    if historia is not None and not historia.completo:
        say(
            err,
            _(
                "Aviso: el repositorio es un clon superficial y el historial publicado está "
                "incompleto. Para publicarlo completo: git fetch --unshallow"
            ),
            "bold yellow",
        )

    def publish(on_page: Any) -> Any:
        with speaking(languages[0]):
            return build_site(
                view,
                check.plan_dir,
                salida,
                plantillas=opts.plantillas,
                forzar=opts.forzar,
                historia=historia,
                on_page=on_page,
                otras=otras,
            )

    if len(view.compromisos) > 50 and err.is_terminal:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task(_("Publicando páginas"), total=len(view.compromisos))
            result = publish(lambda done, all_: bar.update(task, completed=done, total=all_))
    else:
        result = publish(None)
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
    return Outcome.FINDINGS if excluded else Outcome.OK


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
