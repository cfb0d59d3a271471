"""``hdr reporte``: the plan report, one commitment's ficha or one institution's report,
in Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
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
    timeline,
)
from hojaderuta.text.numbers import gap_words, plural, points
from hojaderuta.text.safetext import visible_line

# A state's word agreeing with a count: «1 cumplido», «0 cumplidos», «3 no iniciados».
_ESTADO_PLURAL = {Estado.CUMPLIDO: "cumplidos", Estado.NO_INICIADO: "no iniciados"}


def state_word(estado: Estado, n: int) -> str:
    """The state's word for ``n`` commitments: «cumplido» for one, «cumplidos» for more."""
    return estado.palabra if n == 1 else _ESTADO_PLURAL.get(estado, estado.palabra)


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
            numbers = ", ".join(str(n) for n in every) or "ninguno"
            raise UsageError(f"No hay un compromiso {compromiso} en el plan (hay: {numbers}).")
    context: dict[str, Any] = {
        **_common(view, plantillas),
        "avance": view.avance,
        "estados": [(code, state_word(Estado(code), n), n) for code, _, n in view.estados],
        "fichas": _fichas(view, chosen),
        "contactos": view.contactos,
        "ods_nombres": ODS_NOMBRES,
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
            f"Las instituciones del plan son: {names}."
            if every
            else ("El plan no tiene instituciones con compromisos que se puedan calcular.")
        )
        raise UsageError(f"Ninguna institución del plan coincide con «{wanted}». {listed}")
    names = "; ".join(visible_line(i.nombre) for i in found)
    raise UsageError(
        f"«{wanted}» coincide con {len(found)} instituciones: {names}. Escriba una parte del "
        "nombre que sea solo de una, o el nombre completo."
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
