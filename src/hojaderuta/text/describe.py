"""The plan's history in plain Spanish: events, field values and provenance.

Shared by the terminal (``hdr historial``, ``hdr cambios``, ``hdr avance``) and the
site. The text stays raw: the terminal passes it through ``visible``, the site
escapes it as HTML.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from hojaderuta.text.dates import long_date

if TYPE_CHECKING:
    from hojaderuta.git.history import Evento
    from hojaderuta.git.provenance import Provenance


NOTE_LIMIT = 280  # a reopening's note in a timeline line (the JSON and CSV keep it whole)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with «…»."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day_text(value: Any) -> str:
    """A date in words («5 de marzo de 2020»); anything that is not one, as written."""
    try:
        return long_date(value) if isinstance(value, str | date) else str(value)
    except ValueError:
        return str(value)


def value_text(value: Any, absent: str, limit: int = 70) -> str:
    """A field value in one line: «text», a number, or compact JSON for lists and maps."""
    if value is None:
        return absent
    if isinstance(value, str):
        return f"«{shorten(' '.join(value.split()), limit)}»"
    if isinstance(value, bool):
        return "true" if value else "false"
    return shorten(json.dumps(value, ensure_ascii=False), limit)


def describe_event(e: Evento) -> str:
    """One event in plain Spanish, without its commit (the timeline groups by commit).

    A reopened hito shows the note its commit gave: «Compromiso 3, hito 2: se reabrió
    (dejó de estar cumplido). Nota: «Falta la firma».»."""
    who = f"Compromiso {e.compromiso}"
    hito = f"{who}, hito {e.hito}"
    if e.tipo == "compromiso-nuevo":
        return f"{who}: se agregó ({e.archivo})."
    if e.tipo == "compromiso-eliminado":
        return f"{who}: se eliminó ({e.archivo})."
    if e.tipo == "hito-cumplido":
        return f"{hito}: se marcó cumplido."
    if e.tipo == "hito-reabierto":
        nota = (e.detalle or {}).get("nota")
        why = f" Nota: {value_text(nota, '', NOTE_LIMIT)}." if isinstance(nota, str) else ""
        return f"{hito}: se reabrió (dejó de estar cumplido).{why}"
    if e.tipo == "hito-verificado":
        por = (e.detalle or {}).get("por")
        fecha = (e.detalle or {}).get("fecha")
        when = f" el {day_text(fecha)}" if fecha else ""
        return f"{hito}: verificado por {por}{when}."
    if e.tipo == "cambio":
        antes = value_text(e.antes, "(no existía)")
        despues = value_text(e.despues, "(se quitó)")
        return f"{who}: cambió {e.campo}: {antes} → {despues}."
    if e.tipo == "modificacion-registrada":
        m = e.detalle or {}
        parts = [str(m[k]) for k in ("fecha", "descripcion") if m.get(k)]
        text = shorten(" ".join(" — ".join(parts).split()), 90)
        return f"{who}: modificación registrada: {text}."
    return f"{who}: {e.tipo}."  # pragma: no cover - every type is handled above


def provenance_text(p: Provenance) -> str:
    """«marcado cumplido en git por … el 2 de marzo de 2020 (commit abc1234); verificación
    de … registrada por … el … (commit …)»."""
    text = (
        f"marcado cumplido en git por {p.autor} el {day_text(p.fecha[:10])} (commit {p.commit[:7]})"
    )
    if p.verificado_commit and p.verificado_fecha:
        text += (
            f"; verificación de {p.verificado_por} registrada por {p.verificado_autor} "
            f"el {day_text(p.verificado_fecha[:10])} (commit {p.verificado_commit[:7]})"
        )
    return text
