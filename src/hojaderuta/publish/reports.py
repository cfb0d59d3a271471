"""``hdr reporte``: the plan report or one commitment's ficha, in Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
from hojaderuta.errors import UsageError
from hojaderuta.publish.rendering import asset, csp_hash, environment
from hojaderuta.publish.viewmodel import (
    ESTADO_ICONOS,
    CompromisoVista,
    SitioVista,
    effective_period,
    irm_link,
    timeline,
)


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
    env = environment(plantillas)
    estilo = asset("sitio/estilo.css", plantillas)
    context: dict[str, Any] = {
        "plan": view.plan,
        "al": view.al,
        "avance": view.avance,
        "estados": view.estados,
        "fichas": _fichas(view, chosen),
        "contactos": view.contactos,
        "version": __version__,
        "iconos": ESTADO_ICONOS,
        "ods_nombres": ODS_NOMBRES,
        "estilo": estilo,
        "csp": f"default-src 'none'; img-src 'self' data:; style-src {csp_hash(estilo)}",
        "raiz": "",
        "historia": None,
        "solo_ficha": compromiso is not None,
        "numero": compromiso,
        "sin_calcular": view.sin_calcular if compromiso is None else chosen_left,
    }
    name = "ficha" if compromiso is not None else "reporte"
    return str(env.get_template(f"{name}.{formato}.j2").render(**context))
