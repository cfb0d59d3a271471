"""Progress by institution: the commitments it leads and the hitos it answers for.

An institution leads a commitment when one of the commitment's responsible people
belongs to it; it answers for a hito when the hito's responsible person does, in its
own commitments or in others'. The site's institution pages, their comparison table
and ``hdr reporte --institucion`` all read these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hojaderuta.progress.calc import CompromisoAvance, Estado, HitoAvance, PlanAvance, estado, mean
from hojaderuta.text.folding import fold, slugify


@dataclass
class InstitucionAvance:
    nombre: str
    compromisos: list[CompromisoAvance] = field(default_factory=list)  # it leads
    hitos: list[tuple[CompromisoAvance, HitoAvance]] = field(default_factory=list)

    @property
    def avance(self) -> float | None:
        """The mean progress of the commitments it leads (None when it leads none)."""
        return mean(c.avance for c in self.compromisos)

    @property
    def esperado(self) -> float | None:
        return mean(c.esperado for c in self.compromisos)

    @property
    def rezago(self) -> float | None:
        """Points behind the expected progress (0 when on time or ahead)."""
        if self.avance is None or self.esperado is None:
            return None
        return max(self.esperado - self.avance, 0.0)

    @property
    def estado(self) -> Estado | None:
        if self.avance is None or self.esperado is None:
            return None
        return estado(self.avance, self.esperado)

    @property
    def vencidos(self) -> int:
        """Overdue hitos it answers for."""
        return sum(1 for _, h in self.hitos if h.vencido)

    @property
    def cumplidos(self) -> int:
        return sum(1 for _, h in self.hitos if h.cumplido)

    @property
    def ajenos(self) -> list[tuple[CompromisoAvance, HitoAvance]]:
        """The hitos it answers for in commitments it does not lead."""
        return [(c, h) for c, h in self.hitos if self.nombre not in c.responsables]


def por_institucion(plan: PlanAvance) -> list[InstitucionAvance]:
    """Every institution that leads a commitment or answers for a hito, by name."""
    found: dict[str, InstitucionAvance] = {}

    def of(name: str) -> InstitucionAvance:
        return found.setdefault(name, InstitucionAvance(name))

    for c in plan.compromisos:
        for name in c.responsables:
            of(name).compromisos.append(c)
        for h in c.hitos:
            if h.institucion.strip():  # a file with findings may leave it empty
                of(h.institucion).hitos.append((c, h))
    return sorted(found.values(), key=lambda i: (slugify(i.nombre), i.nombre))


def buscar_institucion(
    instituciones: list[InstitucionAvance], texto: str
) -> list[InstitucionAvance]:
    """The institutions ``texto`` names: the one whose name it is (accents and case
    aside), else every one whose name contains it."""
    wanted = fold(texto)
    if not wanted:
        return []
    exact = [i for i in instituciones if fold(i.nombre) == wanted]
    return exact or [i for i in instituciones if wanted in fold(i.nombre)]
