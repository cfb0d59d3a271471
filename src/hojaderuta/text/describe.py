"""The plan's history in plain words: events, field values and provenance.

Shared by the terminal (``hdr historial``, ``hdr cambios``, ``hdr avance``) and the
site. The text stays raw: the terminal passes it through ``visible``, the site
escapes it as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from hojaderuta.text.dates import long_date
from hojaderuta.text.i18n import _

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


def _as_is(text: str) -> str:
    return text


def describe_event(e: Evento, own: Callable[[str], str] = _as_is) -> str:
    """One event in plain words, without its commit (the timeline groups by commit).

    A reopened hito shows the note its commit gave: «Compromiso 3, hito 2: se reabrió
    (dejó de estar cumplido). Nota: «Falta la firma».». ``own`` receives each piece of
    the plan's own text (values, notes, names), so a page in another language can mark
    it with the plan's language."""
    n, hito, detalle = e.compromiso, e.hito, e.detalle or {}
    if e.tipo == "compromiso-nuevo":
        return _("Compromiso {n}: se agregó ({archivo}).").format(n=n, archivo=e.archivo)
    if e.tipo == "compromiso-eliminado":
        return _("Compromiso {n}: se eliminó ({archivo}).").format(n=n, archivo=e.archivo)
    if e.tipo == "hito-cumplido":
        return _("Compromiso {n}, hito {hito}: se marcó cumplido.").format(n=n, hito=hito)
    if e.tipo == "hito-reabierto":
        nota = detalle.get("nota")
        if isinstance(nota, str):
            return _(
                "Compromiso {n}, hito {hito}: se reabrió (dejó de estar cumplido). Nota: {nota}."
            ).format(n=n, hito=hito, nota=own(value_text(nota, "", NOTE_LIMIT)))
        return _("Compromiso {n}, hito {hito}: se reabrió (dejó de estar cumplido).").format(
            n=n, hito=hito
        )
    if e.tipo == "hito-verificado":
        por, fecha = detalle.get("por"), detalle.get("fecha")
        if fecha:
            return _("Compromiso {n}, hito {hito}: verificado por {por} el {fecha}.").format(
                n=n, hito=hito, por=own(str(por)), fecha=day_text(fecha)
            )
        return _("Compromiso {n}, hito {hito}: verificado por {por}.").format(
            n=n, hito=hito, por=own(str(por))
        )
    if e.tipo == "cambio":
        return _("Compromiso {n}: cambió {campo}: {antes} → {despues}.").format(
            n=n,
            campo=e.campo,
            antes=own(value_text(e.antes, _("(no existía)"))),
            despues=own(value_text(e.despues, _("(se quitó)"))),
        )
    if e.tipo == "modificacion-registrada":
        parts = [str(detalle[k]) for k in ("fecha", "descripcion") if detalle.get(k)]
        text = shorten(" ".join(" — ".join(parts).split()), 90)
        return _("Compromiso {n}: modificación registrada: {texto}.").format(n=n, texto=own(text))
    return _("Compromiso {n}: {tipo}.").format(n=n, tipo=e.tipo)  # pragma: no cover


def provenance_text(p: Provenance) -> str:
    """«marcado cumplido en git por … el 2 de marzo de 2020 (commit abc1234); verificación
    de … registrada por … el … (commit …)»."""
    if p.verificado_commit and p.verificado_fecha:
        return _(
            "marcado cumplido en git por {autor} el {fecha} (commit {commit}); verificación "
            "de {por} registrada por {verificador} el {fecha_verificacion} "
            "(commit {commit_verificacion})"
        ).format(
            autor=p.autor,
            fecha=day_text(p.fecha[:10]),
            commit=p.commit[:7],
            por=p.verificado_por,
            verificador=p.verificado_autor,
            fecha_verificacion=day_text(p.verificado_fecha[:10]),
            commit_verificacion=p.verificado_commit[:7],
        )
    return _("marcado cumplido en git por {autor} el {fecha} (commit {commit})").format(
        autor=p.autor, fecha=day_text(p.fecha[:10]), commit=p.commit[:7]
    )
