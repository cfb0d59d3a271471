"""The hitos' calendar of a commitment page and of the report's ficha: an SVG's
coordinates, and the commitment's own period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from hojaderuta.progress import HitoAvance
from hojaderuta.text.dates import short_month
from hojaderuta.text.i18n import _, pgettext


class _Hito(Protocol):
    @property
    def avance(self) -> HitoAvance: ...


class _Compromiso(Protocol):
    """What the calendar reads of a commitment's view (``viewmodel.CompromisoVista``)."""

    @property
    def datos(self) -> Mapping[str, Any]: ...

    @property
    def hitos(self) -> Sequence[_Hito]: ...


def effective_period(view: _Compromiso, plan: dict[str, Any]) -> dict[str, str]:
    periodo: dict[str, str] = view.datos.get("periodo") or plan["periodo"]
    return periodo


def month_ticks(start: date, end: date) -> list[date]:
    """First days of months between ``start`` and ``end`` that label the calendar's axis.

    Every month, quarter or half year by the period's length; whole years when that
    would be more than 24 labels, so a period ending in year 9999 stays readable
    (and never steps past the last representable date).
    """
    span = (end - start).days
    step = 6 if span > 540 else 3 if span > 120 else 1
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    if (last - first) // step > 24:
        step = 12 * ((last - first) // (12 * 24) + 1)
    index = first + (-first) % step  # months since year 0; a multiple of the step
    ticks = []
    while index <= last:
        day = date(index // 12, index % 12 + 1, 1)
        if day >= start:
            ticks.append(day)
        index += step
    return ticks


def timeline(view: _Compromiso, plan: dict[str, Any], al: date) -> dict[str, Any]:
    """Coordinates for the hitos' calendar (an SVG drawn by the template)."""
    periodo = effective_period(view, plan)
    start = min([date.fromisoformat(periodo["inicio"])] + [h.avance.inicio for h in view.hitos])
    end = max([date.fromisoformat(periodo["fin"])] + [h.avance.termino for h in view.hitos])
    left, width = 70.0, 640.0
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + (day - start).days / span * width, 1)

    rows = []
    for i, hv in enumerate(view.hitos):
        h = hv.avance
        # Overdue or late is said in a word beside the bar, never by colour alone.
        word = (
            pgettext("hito", "vencido")
            if h.vencido
            else pgettext("hito", "con retraso")
            if h.retraso
            else ""
        )
        ends = max(x(h.termino), x(h.fecha_cumplimiento) if h.fecha_cumplimiento else 0.0)
        inside = ends + 10 + 7 * len(word) > left + width + 10
        rows.append(
            {
                "indice": h.indice,
                "y": 20 + i * 28,
                "x": x(h.inicio),
                "ancho": max(round(x(h.termino) - x(h.inicio), 1), 2.0),
                "cumplido": h.cumplido,
                "vencido": h.vencido,
                "retraso": h.retraso,
                "x_cumplido": x(h.fecha_cumplimiento) if h.fecha_cumplimiento else None,
                "etiqueta": word,
                "x_etiqueta": round(x(h.inicio) - 4 if inside else ends + 10, 1),
                "ancla": "end" if inside else "start",
            }
        )
    return {
        "ancho": 720,
        "alto": 20 + len(rows) * 28 + 24,
        "filas": rows,
        "marcas": [{"x": x(m), "texto": short_month(m)} for m in month_ticks(start, end)],
        "x_hoy": x(al) if start <= al <= end else None,
        "etiqueta_hoy": _("al {fecha}").format(fecha=al.isoformat()),
    }
