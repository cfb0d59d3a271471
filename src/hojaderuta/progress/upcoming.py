"""What falls due next: hitos due within some days of the evaluation date, and overdue ones.

The same list feeds ``hdr avance --proximos``, the site's index and institution pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from hojaderuta.progress.calc import CompromisoAvance, HitoAvance, PlanAvance
from hojaderuta.text.i18n import _, ngettext

DIAS_PROXIMOS = 30  # what the site lists; ``hdr avance --proximos`` takes any number


@dataclass(frozen=True)
class Vencimiento:
    compromiso: CompromisoAvance
    hito: HitoAvance
    dias: int  # from the evaluation date to its termino: negative when overdue

    @property
    def vencido(self) -> bool:
        return self.hito.vencido

    @property
    def situacion(self) -> str:
        """«venció hace 12 días», «vence hoy», «vence mañana», «vence en 5 días»."""
        n = abs(self.dias)
        if self.dias < 0:
            return ngettext("venció hace {n} día", "venció hace {n} días", n).format(n=n)
        if self.dias == 0:
            return _("vence hoy")
        if self.dias == 1:
            return _("vence mañana")
        return ngettext("vence en {n} día", "vence en {n} días", n).format(n=n)


@dataclass(frozen=True)
class Proximos:
    dias: int
    vencidos: list[Vencimiento]  # oldest first
    proximos: list[Vencimiento]  # soonest first

    def __bool__(self) -> bool:
        return bool(self.vencidos or self.proximos)


def proximos(
    plan: PlanAvance,
    dias: int = DIAS_PROXIMOS,
    hitos: Iterable[tuple[CompromisoAvance, HitoAvance]] | None = None,
) -> Proximos:
    """Hitos not done at the evaluation date that are overdue or due within ``dias`` days.

    ``hitos``: the pairs to consider (an institution's); by default every hito of every
    commitment in the average.
    """
    pairs = hitos if hitos is not None else ((c, h) for c in plan.compromisos for h in c.hitos)
    # A window past year 9999 ends there (``--al 9999-12-30 --proximos 30``).
    limit = plan.al + timedelta(days=min(dias, (date.max - plan.al).days))
    late, soon = [], []
    for c, h in pairs:
        if h.cumplido:
            continue
        item = Vencimiento(c, h, (h.termino - plan.al).days)
        if h.vencido:
            late.append(item)
        elif h.termino <= limit:
            soon.append(item)

    def order(v: Vencimiento) -> tuple[object, ...]:
        return (v.hito.termino, v.compromiso.numero, v.hito.indice)

    return Proximos(dias, sorted(late, key=order), sorted(soon, key=order))
