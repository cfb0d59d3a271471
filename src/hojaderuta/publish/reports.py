"""``hdr reporte``: the plan report, one commitment's ficha or one institution's report,
in Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.errors import UsageError
from hojaderuta.progress import (
    DIAS_PROXIMOS,
    Estado,
    InstitucionAvance,
    buscar_institucion,
    por_institucion,
    proximos,
)
from hojaderuta.publish.rendering import asset, csp_hash, environment
from hojaderuta.publish.viewmodel import (
    ESTADO_ICONOS,
    CompromisoVista,
    SitioVista,
    effective_period,
    irm_link,
    ods_names,
    timeline,
)
from hojaderuta.text.i18n import _, language, ngettext, npgettext, other_language
from hojaderuta.text.numbers import gap_words, plural, points
from hojaderuta.text.safetext import visible_line


def state_word(estado: Estado, n: int) -> str:
    """The state's word for ``n`` commitments: «cumplido» for one, «cumplidos» for more.
    Its own context: a counted word is not the state's word alone (``Estado.palabra``)."""
    if estado is Estado.CUMPLIDO:
        return npgettext("compromisos por estado", "cumplido", "cumplidos", n)
    if estado is Estado.NO_INICIADO:
        return npgettext("compromisos por estado", "no iniciado", "no iniciados", n)
    return estado.palabra  # «en tiempo», «con rezago», «sin calcular»: the same for any n


def _fichas(view: SitioVista, compromisos: list[CompromisoVista]) -> list[dict[str, Any]]:
    return [
        {
            "c": c,
            "periodo": effective_period(c, view.plan),
            "linea": timeline(c, view.plan, view.al),
            "irm_informe": irm_link(c),
        }
        for c in compromisos
    ]


def render_report(
    view: SitioVista,
    formato: str,
    *,
    compromiso: int | None = None,
    plantillas: Path | None = None,
) -> str:
    """Render ``reporte.{md,html}.j2`` (or ``ficha.*`` for one commitment)."""
    chosen = view.compromisos
    chosen_left = []
    if compromiso is not None:
        chosen = [c for c in view.compromisos if c.numero == compromiso]
        chosen_left = [c for c in view.sin_calcular if c.numero == compromiso]
        if not chosen and not chosen_left:
            every = [c.numero for c in view.compromisos]
            every += [c.numero for c in view.sin_calcular if c.numero is not None]
            numbers = ", ".join(str(n) for n in every) or _("ninguno")
            raise UsageError(
                _("No hay un compromiso {n} en el plan (hay: {numeros}).").format(
                    n=compromiso, numeros=numbers
                )
            )
    context: dict[str, Any] = {
        **_common(view, plantillas),
        "avance": view.avance,
        "estados": [(code, state_word(Estado(code), n), n) for code, _word, n in view.estados],
        "fichas": _fichas(view, chosen),
        "contactos": view.contactos,
        "ods_nombres": ods_names(),
        "raiz": "",
        "historia": None,
        "solo_ficha": compromiso is not None,
        "numero": compromiso,
        "sin_calcular": view.sin_calcular if compromiso is None else chosen_left,
    }
    name = "ficha" if compromiso is not None else "reporte"
    env = environment(plantillas)
    return str(env.get_template(f"{name}.{formato}.j2").render(**context))


def _common(view: SitioVista, plantillas: Path | None) -> dict[str, Any]:
    """What every report's template gets: the plan, the date, the style and the helpers."""
    estilo = asset("sitio/estilo.css", plantillas)
    return {
        "plan": view.plan,
        "al": view.al,
        "version": __version__,
        "idioma": language(),  # <html lang>
        "idioma_contenido": other_language(view.ajustes.idioma_contenido),
        "comun": "",  # a report is one file: shared files are where its links say
        "idiomas_sitio": [],
        "iconos": ESTADO_ICONOS,
        "estilo": estilo,
        "csp": f"default-src 'none'; img-src 'self' data:; style-src {csp_hash(estilo)}",
        "plural": plural,  # plural(n, "hito", "hitos") -> «1 hito»
        "puntos": points,  # puntos(16.7) -> «16.7 puntos»
        "brecha": gap_words,  # brecha(avance, esperado) -> «… por debajo de lo esperado»
    }


def find_institution(view: SitioVista, texto: str) -> InstitucionAvance:
    """The one institution ``texto`` names (``progress.buscar_institucion``); a usage error
    that lists the candidates when it names none or several."""
    every = por_institucion(view.avance)
    found = buscar_institucion(every, texto)
    if len(found) == 1:
        return found[0]
    wanted = visible_line(texto)
    if not found:
        names = "; ".join(visible_line(i.nombre) for i in every)
        listed = (
            _("Las instituciones del plan son: {nombres}.").format(nombres=names)
            if every
            else _("El plan no tiene instituciones con compromisos que se puedan calcular.")
        )
        raise UsageError(
            _("Ninguna institución del plan coincide con «{texto}». {lista}").format(
                texto=wanted, lista=listed
            )
        )
    names = "; ".join(visible_line(i.nombre) for i in found)
    raise UsageError(
        ngettext(
            "«{texto}» coincide con {n} institución: {nombres}. Escriba una parte del "
            "nombre que sea solo de una, o el nombre completo.",
            "«{texto}» coincide con {n} instituciones: {nombres}. Escriba una parte del "
            "nombre que sea solo de una, o el nombre completo.",
            len(found),
        ).format(texto=wanted, n=len(found), nombres=names)
    )


def render_institution_report(
    view: SitioVista, formato: str, texto: str, *, plantillas: Path | None = None
) -> str:
    """Render ``institucion.{md,html}.j2``: the commitments the institution ``texto`` names
    leads, the hitos it answers for in others' commitments and what falls due next."""
    inst = find_institution(view, texto)
    context: dict[str, Any] = {
        **_common(view, plantillas),
        "inst": inst,
        "pendientes": len(inst.hitos) - inst.cumplidos - inst.vencidos,
        "proximos": proximos(view.avance, DIAS_PROXIMOS, hitos=inst.hitos),
        "sin_calcular": view.sin_calcular,
    }
    env = environment(plantillas)
    return str(env.get_template(f"institucion.{formato}.j2").render(**context))
