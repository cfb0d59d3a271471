"""What the site shows from git: progress over time, the event log, who reported each
hito, reporting rounds, and the agreed roadmap against the current one.

Everything here is optional: outside a git repository the site simply has no
history page, and every other page is the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from hojaderuta.checks.progress import check_for_progress
from hojaderuta.core.discovery import find_repo_root
from hojaderuta.errors import GitError
from hojaderuta.git.changes import cambios
from hojaderuta.git.history import History, read_history
from hojaderuta.git.provenance import provenance
from hojaderuta.git.snapshots import cortes as find_rounds
from hojaderuta.publish.milestones import month_ticks
from hojaderuta.publish.rendering import content_html
from hojaderuta.publish.viewmodel import SitioVista
from hojaderuta.text.dates import short_month
from hojaderuta.text.describe import describe_event, provenance_text, value_text
from hojaderuta.text.i18n import _, other_language
from hojaderuta.text.numbers import percent

# The feed carries the latest events only: readers want news, the page keeps it all.
FEED_EVENTS = 100


@dataclass
class EventoVista:
    fecha: str  # ISO 8601 with offset
    dia: str  # YYYY-MM-DD
    autor: str
    commit: str
    corto: str
    mensaje: str
    compromiso: int
    hito: int | None
    texto: str
    clave: str  # stable across publications: the feed entry's id
    # On a page in another language than the plan's: the text as HTML, the plan's own
    # words marked with its language (screen readers); None when nothing needs marking.
    texto_html: Any = None


def author_name(autor: str) -> str:
    """«Ana Pérez <ana@example.org>» -> «Ana Pérez»: the site names people, not inboxes."""
    return autor.split("<", 1)[0].strip() or autor


@dataclass
class CambioVista:
    campo: str  # the JSON pointer
    lugar: str  # the same place as people read it («hito 2 · término»)
    antes: str
    despues: str


@dataclass
class LineaBaseVista:
    ref: str
    estado: str  # nuevo | modificado
    cambios: list[CambioVista]
    modificaciones: list[dict[str, Any]]
    justificado: bool


@dataclass
class HistorialVista:
    completo: bool
    puntos: list[dict[str, Any]]  # dia, corto, avance, esperado
    eventos: list[EventoVista]  # newest first
    procedencia: dict[tuple[int, int], str]
    grafica: dict[str, Any]
    cortes: list[dict[str, Any]] = field(default_factory=list)
    linea_base: dict[int, LineaBaseVista] = field(default_factory=dict)

    def eventos_de(self, numero: int) -> list[EventoVista]:
        return [e for e in self.eventos if e.compromiso == numero]


def _chart(puntos: list[dict[str, Any]]) -> dict[str, Any]:
    """Coordinates of the progress-over-time chart (the template draws the SVG)."""
    width, height, left, top, bottom = 720.0, 260.0, 44.0, 12.0, 28.0
    plot_w, plot_h = width - left - 8, height - top - bottom
    if not puntos:
        return {
            "ancho": width,
            "alto": height,
            "avance": "",
            "esperado": "",
            "marcas": [],
            "marcas_x": [],
        }
    first = date.fromisoformat(puntos[0]["dia"])
    span = max((date.fromisoformat(puntos[-1]["dia"]) - first).days, 1)

    def xy(p: dict[str, Any], key: str) -> str:
        x = left + (date.fromisoformat(p["dia"]) - first).days / span * plot_w
        y = top + plot_h - (p[key] or 0) / 100 * plot_h
        return f"{x:.1f},{y:.1f}"

    ticks = [
        {"y": round(top + plot_h - v / 100 * plot_h, 1), "texto": percent(v)}
        for v in (0, 25, 50, 75, 100)
    ]
    last = date.fromisoformat(puntos[-1]["dia"])
    # Months (or quarters, half years, years) along the time axis, as the calendar does.
    months = [
        {"x": round(left + (m - first).days / span * plot_w, 1), "texto": short_month(m)}
        for m in month_ticks(first, last)
    ]
    return {
        "ancho": width,
        "alto": height,
        "izquierda": left,
        "abajo": top + plot_h,
        "avance": " ".join(xy(p, "avance") for p in puntos),
        # Few points: mark each one, or a single report would draw nothing.
        "puntos": [xy(p, "avance").split(",") for p in puntos] if len(puntos) <= 60 else [],
        "esperado": " ".join(xy(p, "esperado") for p in puntos),
        "marcas": ticks,
        "marcas_x": months,
        "desde": puntos[0]["dia"],
        "hasta": puntos[-1]["dia"],
    }


def _expected_curve(view: SitioVista) -> Callable[[date], float | None]:
    """The plan's expected progress at any date, by the roadmap agreed now.

    The same number as ``plan_avance(...).esperado`` (the mean over commitments of the
    weights due by then), computed once as a step curve instead of once per commit.
    """
    count = len(view.compromisos)
    if count == 0:
        return lambda day: None
    steps = sorted(
        (h.termino, h.ponderacion / count) for c in view.compromisos for h in c.avance.hitos
    )
    days = [day for day, _weight in steps]
    totals = list(accumulate(weight for _day, weight in steps))

    def at(day: date) -> float:
        due = bisect_right(days, day)
        return totals[due - 1] if due else 0.0

    return at


def _points(history: History, view: SitioVista) -> list[dict[str, Any]]:
    expected_at = _expected_curve(view)
    puntos = []
    for p in history.serie:
        # The roadmap agreed now says what was due at each past date.
        expected = expected_at(p.commit.dia)
        puntos.append(
            {
                "dia": p.commit.dia.isoformat(),
                "corto": p.commit.corto,
                "commit": p.commit.sha,
                "avance": None if p.avance is None else round(p.avance, 2),
                "esperado": None if expected is None else round(expected, 2),
            }
        )
    return puntos


# Around the plan's own text while an event is described, then turned into marks. Never
# in a value (they are taken out of it first), so a value cannot open or close a mark.
_OWN_START, _OWN_END = "\x02", "\x03"


def _own(text: str) -> str:
    return _OWN_START + text.replace(_OWN_START, "").replace(_OWN_END, "") + _OWN_END


def _marked_html(text: str, lang: str) -> Any:
    """``text`` escaped, its plan's pieces inside ``<span lang="…">``: between the marks,
    ``text`` alternates hdr's words and the plan's."""
    pieces = re.split(f"[{_OWN_START}{_OWN_END}]", text)
    return Markup("").join(
        content_html(piece, lang) if i % 2 else escape(piece) for i, piece in enumerate(pieces)
    )


def _events(history: History, mark_as: str | None = None) -> list[EventoVista]:
    """The event log, newest first; with ``mark_as``, each also as HTML with the plan's
    text marked with that language."""
    return [
        EventoVista(
            fecha=e.fecha,
            dia=e.commit.dia.isoformat(),
            autor=author_name(e.autor),
            commit=e.commit.sha,
            corto=e.commit.corto,
            mensaje=e.commit.mensaje,
            compromiso=e.compromiso,
            hito=e.hito,
            texto=describe_event(e),
            clave=f"{e.commit.sha}:{e.tipo}:{e.compromiso}:{e.hito or ''}:{e.campo or ''}",
            texto_html=_marked_html(describe_event(e, _own), mark_as) if mark_as else None,
        )
        for e in reversed(history.eventos)
    ]


def _provenance(history: History) -> dict[tuple[int, int], str]:
    """Who reported each hito, by (compromiso, hito); people by name, not inbox."""
    return {
        key: provenance_text(
            replace(
                p,
                autor=author_name(p.autor),
                verificado_autor=p.verificado_autor and author_name(p.verificado_autor),
            )
        )
        for key, p in provenance(history).items()
    }


def build_history_view(
    plan_dir: Path,
    view: SitioVista,
    *,
    cortes: str | None = None,
    hoy: date | None = None,
) -> HistorialVista | None:
    """The history part of the site, or None when the plan is not in a git repository."""
    if find_repo_root(plan_dir) is None:
        if cortes:
            raise GitError(_("--cortes necesita que el plan esté en un repositorio git."))
        return None
    history = read_history(plan_dir)
    puntos = _points(history, view)
    result = HistorialVista(
        completo=history.completo,
        puntos=puntos,
        eventos=_events(history, other_language(view.ajustes.idioma_contenido)),
        procedencia=_provenance(history),
        grafica=_chart(puntos),
    )
    if cortes:
        result.cortes = _rounds(plan_dir, cortes, hoy or date.today())
    ref = view.plan.get("linea_base")
    if ref:
        result.linea_base = _baseline(plan_dir, ref)
    return result


def _rounds(plan_dir: Path, pattern: str, hoy: date) -> list[dict[str, Any]]:
    rows = []
    for corte in find_rounds(plan_dir, pattern):
        progress = check_for_progress(
            plan_dir, al=corte.commit.dia, hoy=hoy, en=corte.etiqueta
        ).avance
        rows.append(
            {
                "etiqueta": corte.etiqueta,
                "dia": corte.commit.dia.isoformat(),
                "corto": corte.commit.corto,
                "avance": progress.avance,
                "esperado": progress.esperado,
                "compromisos": len(progress.compromisos),
            }
        )
    return rows


def _value(value: Any) -> str:
    # The page has room for longer values than a terminal line.
    return value_text(value, "—", limit=160)


def _baseline(plan_dir: Path, ref: str) -> dict[int, LineaBaseVista]:
    try:
        found = cambios(plan_dir, ref)
    except GitError:
        return {}  # hdr validar reports a missing baseline; the site just omits it
    out = {}
    for c in found.compromisos:
        if c.estado == "eliminado":
            continue
        out[c.numero] = LineaBaseVista(
            ref=ref,
            estado=c.estado,
            cambios=[
                CambioVista(ch.campo, ch.lugar(), _value(ch.antes), _value(ch.despues))
                for ch in c.cambios
            ],
            modificaciones=c.modificaciones,
            justificado=c.justificado,
        )
    return out
