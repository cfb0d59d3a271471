"""Progress at a date, exactly as the contract defines it; a pure function of the files.

- a hito is done at D when ``cumplido`` is true and ``fecha_cumplimiento`` <= D;
- ``avance`` = sum of the weights of hitos done at D; activities never count;
- ``esperado`` = sum of the weights of hitos whose ``termino`` <= D;
- the plan's numbers are the plain mean over its commitments whose progress can be
  computed (``core.computable``); the others are listed apart, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from hojaderuta.core.computable import goals_of, institutions_of, text_of
from hojaderuta.core.dates import parse_date
from hojaderuta.core.findings import Finding
from hojaderuta.core.model import Compromiso, Hito, Plan
from hojaderuta.text.i18n import _, ngettext, npgettext, pgettext

_TOLERANCE = 0.01 + 1e-9  # the tolerance the weights' sum is validated with


class Estado(StrEnum):
    CUMPLIDO = "cumplido"
    EN_TIEMPO = "en_tiempo"
    CON_REZAGO = "con_rezago"
    NO_INICIADO = "no_iniciado"
    SIN_CALCULAR = "sin_calcular"  # its file does not say enough to compute progress

    @property
    def palabra(self) -> str:
        """The state in running text ("en tiempo"), where the value has underscores.
        Only the words are translated: the value (the code JSON keeps) never is."""
        return _PALABRAS[self]()

    def cuenta(self, n: int) -> str:
        """How many commitments are in it: «1 cumplido», «2 cumplidos», «2 en tiempo»."""
        return _CUENTAS[self](n).format(n=n)


# Called where shown, so the language can be chosen after import ("estado": a
# commitment's state, not a hito's «cumplido» nor the YAML key's name).
_PALABRAS: dict[Estado, Callable[[], str]] = {
    Estado.CUMPLIDO: lambda: pgettext("estado", "cumplido"),
    Estado.EN_TIEMPO: lambda: pgettext("estado", "en tiempo"),
    Estado.CON_REZAGO: lambda: pgettext("estado", "con rezago"),
    Estado.NO_INICIADO: lambda: pgettext("estado", "no iniciado"),
    Estado.SIN_CALCULAR: lambda: pgettext("estado", "sin calcular"),
}


# «en tiempo», «con rezago» and «sin calcular» do not change in the plural.
_CUENTAS: dict[Estado, Callable[[int], str]] = {
    Estado.CUMPLIDO: lambda n: npgettext("estado", "{n} cumplido", "{n} cumplidos", n),
    Estado.EN_TIEMPO: lambda n: npgettext("estado", "{n} en tiempo", "{n} en tiempo", n),
    Estado.CON_REZAGO: lambda n: npgettext("estado", "{n} con rezago", "{n} con rezago", n),
    Estado.NO_INICIADO: lambda n: npgettext("estado", "{n} no iniciado", "{n} no iniciados", n),
    Estado.SIN_CALCULAR: lambda n: npgettext("estado", "{n} sin calcular", "{n} sin calcular", n),
}


@dataclass(frozen=True)
class HitoAvance:
    indice: int  # 1-based, in file order
    nombre: str
    ponderacion: float
    inicio: date
    termino: date
    cumplido: bool  # done at the evaluation date
    fecha_cumplimiento: date | None  # only when done at the evaluation date
    vencido: bool  # termino before the evaluation date and not done
    evidencias: int
    verificado_por: str | None
    verificado_fecha: date | None
    # Days between termino and fecha_cumplimiento when it was done late (None otherwise).
    retraso: int | None = None
    institucion: str = ""  # of the person responsible for it ("" when the file lacks it)
    notas: str = ""
    enlaces: tuple[str, ...] = ()  # its evidence, as written

    @property
    def situacion(self) -> str:
        """The hito in words: «cumplido con retraso (4 días)», «vencido», «pendiente»."""
        if self.cumplido and self.retraso:
            n = self.retraso
            return ngettext(
                "cumplido con retraso ({n} día)", "cumplido con retraso ({n} días)", n
            ).format(n=n)
        if self.cumplido:
            return pgettext("hito", "cumplido")
        return pgettext("hito", "vencido") if self.vencido else pgettext("hito", "pendiente")


def dias(n: int) -> str:
    """«1 día», «4 días»."""
    return ngettext("{n} día", "{n} días", n).format(n=n)


@dataclass(frozen=True)
class CompromisoAvance:
    numero: int
    nombre: str
    archivo: str
    avance: float
    esperado: float
    estado: Estado
    responsables: list[str]  # distinct institutions, in file order
    hitos: list[HitoAvance]
    ods: list[int]
    eje: str
    # Findings of its file: they do not change its numbers, but people should see them.
    observaciones: list[Finding] = field(default_factory=list)

    @property
    def vencidos(self) -> list[HitoAvance]:
        return [h for h in self.hitos if h.vencido]

    @property
    def rezago(self) -> float:
        """Points behind the expected progress (0 when on time or ahead)."""
        return max(self.esperado - self.avance, 0.0)

    @property
    def con_retraso(self) -> list[HitoAvance]:
        """Hitos done, but after their termino."""
        return [h for h in self.hitos if h.retraso]


@dataclass(frozen=True)
class SinCalcular:
    """A commitment whose progress cannot be computed: shown everywhere, not averaged."""

    numero: int | None  # when its file says one
    nombre: str | None
    archivo: str
    motivo: str  # why progress cannot be computed, in Spanish
    hallazgos: list[Finding]  # its file's findings, first first

    estado = Estado.SIN_CALCULAR

    @property
    def titulo(self) -> str:
        """«Compromiso 4. Nombre» or, with nothing readable, the file's name."""
        if self.numero is None:
            return f"{self.nombre or _('Compromiso sin número')} ({self.archivo})"
        return _("Compromiso {numero}. {nombre}").format(
            numero=self.numero, nombre=self.nombre or _("(sin nombre)")
        )


@dataclass(frozen=True)
class PlanAvance:
    id: str
    nombre: str
    al: date
    compromisos: list[CompromisoAvance]  # the ones in the average
    sin_calcular: list[SinCalcular] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.compromisos) + len(self.sin_calcular)

    @property
    def avance(self) -> float | None:
        return mean(c.avance for c in self.compromisos)

    @property
    def esperado(self) -> float | None:
        return mean(c.esperado for c in self.compromisos)

    def por_estado(self) -> dict[Estado, int]:
        counts = dict.fromkeys(Estado, 0)
        for c in self.compromisos:
            counts[c.estado] += 1
        counts[Estado.SIN_CALCULAR] = len(self.sin_calcular)
        return counts


@dataclass(frozen=True)
class Grupo:
    nombre: str  # as shown, in the language in use («ODS 16», «SDG 16»)
    compromisos: list[CompromisoAvance]
    clave: str = ""  # the JSON's «grupo» when it differs from the name: never translated

    @property
    def grupo(self) -> str:
        """The group as the JSON contract names it («ODS 16» in every language)."""
        return self.clave or self.nombre

    @property
    def avance(self) -> float:
        return mean(c.avance for c in self.compromisos) or 0.0

    @property
    def esperado(self) -> float:
        return mean(c.esperado for c in self.compromisos) or 0.0


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def estado(avance: float, esperado: float) -> Estado:
    if abs(avance - 100) <= _TOLERANCE:
        return Estado.CUMPLIDO
    if abs(avance) <= _TOLERANCE and abs(esperado) <= _TOLERANCE:
        return Estado.NO_INICIADO
    if avance < esperado - _TOLERANCE:
        return Estado.CON_REZAGO
    return Estado.EN_TIEMPO


def _must_date(value: Any) -> date:
    parsed = parse_date(value)
    if parsed is None:  # schema-valid data always has real dates
        raise ValueError(_("fecha no válida: {valor}").format(valor=repr(value)))
    return parsed


def hito_avance(index: int, hito: Hito | Mapping[str, Any], al: date) -> HitoAvance:
    done_on = parse_date(hito.get("fecha_cumplimiento"))
    done = hito.get("cumplido") is True and done_on is not None and done_on <= al
    termino = _must_date(hito["termino"])
    check = hito.get("verificado")
    check = check if isinstance(check, Mapping) else None
    checked_on = parse_date(check.get("fecha")) if check else None
    counts_check = done and checked_on is not None and checked_on <= al
    late = (done_on - termino).days if done and done_on is not None else 0
    evidence = hito.get("evidencia")
    links = tuple(e for e in evidence if isinstance(e, str)) if isinstance(evidence, list) else ()
    owner = hito.get("responsable")
    owner = owner if isinstance(owner, Mapping) else {}
    return HitoAvance(
        indice=index + 1,
        nombre=text_of(hito.get("nombre")) or _("Hito {n}").format(n=index + 1),
        ponderacion=hito["ponderacion"],
        inicio=_must_date(hito["inicio"]),
        termino=termino,
        cumplido=done,
        fecha_cumplimiento=done_on if done else None,
        vencido=termino < al and not done,
        evidencias=len(evidence) if isinstance(evidence, list) else 0,
        verificado_por=text_of(check.get("por")) or None if check and counts_check else None,
        verificado_fecha=checked_on if counts_check else None,
        retraso=late if late > 0 else None,
        institucion=text_of(owner.get("institucion")).strip(),
        notas=text_of(hito.get("notas")).strip(),
        enlaces=links,
    )


def compromiso_avance(
    archivo: str,
    data: Compromiso | Mapping[str, Any],
    al: date,
    observaciones: list[Finding] | None = None,
) -> CompromisoAvance:
    """Progress of one commitment whose progress is computable (``core.computable``).

    Fields progress does not need are read leniently: the file may have findings.
    """
    hitos = [hito_avance(i, h, al) for i, h in enumerate(data["hitos"])]
    avance = sum(h.ponderacion for h in hitos if h.cumplido)
    esperado = sum(h.ponderacion for h in hitos if h.termino <= al)
    return CompromisoAvance(
        numero=data["numero"],
        nombre=text_of(data.get("nombre")) or _("(sin nombre)"),
        archivo=archivo,
        avance=float(avance),
        esperado=float(esperado),
        estado=estado(avance, esperado),
        responsables=institutions_of(data),
        hitos=hitos,
        ods=goals_of(data),
        eje=text_of(data.get("eje_pnd")),
        observaciones=list(observaciones or []),
    )


def sin_calcular(archivo: str, data: object, motivo: str, hallazgos: list[Finding]) -> SinCalcular:
    """A commitment left out of the average, with whatever of it can be read."""
    fields = data if isinstance(data, Mapping) else {}
    numero = fields.get("numero")
    valid_number = isinstance(numero, int) and not isinstance(numero, bool) and numero > 0
    return SinCalcular(
        numero=numero if valid_number else None,
        nombre=text_of(fields.get("nombre")).strip() or None,
        archivo=archivo,
        motivo=motivo,
        hallazgos=hallazgos,
    )


def plan_avance(
    plan: Plan | Mapping[str, Any],
    compromisos: Iterable[tuple[str, Compromiso | Mapping[str, Any]]],
    al: date,
    *,
    observaciones: Mapping[str, list[Finding]] | None = None,
    fuera: Iterable[SinCalcular] = (),
) -> PlanAvance:
    """Progress of a plan at ``al`` from commitments whose progress is computable.

    ``observaciones``: each file's findings; ``fuera``: the commitments left out of the
    average (shown after the others, by number).
    """
    notes = observaciones or {}
    items = sorted(
        (compromiso_avance(a, data, al, notes.get(a)) for a, data in compromisos),
        key=lambda c: (c.numero, c.archivo),
    )
    left = sorted(fuera, key=lambda c: (c.numero is None, c.numero or 0, c.archivo))
    return PlanAvance(
        id=plan["id"], nombre=plan["nombre"], al=al, compromisos=items, sin_calcular=left
    )


def _ods_group(n: int) -> str:
    """An SDG's group name: «ODS 16»."""
    return _("ODS {n}").format(n=n)


_GROUP_KEYS: dict[str, Callable[[CompromisoAvance], list[str]]] = {
    "institucion": lambda c: c.responsables,
    "ods": lambda c: [_ods_group(n) for n in c.ods],
    "eje": lambda c: [c.eje],
}


def agrupar(plan: PlanAvance, por: str) -> list[Grupo]:
    """Commitments grouped by institution, SDG or plan axis (one may be in several groups)."""
    keys = _GROUP_KEYS[por]
    groups: dict[str, list[CompromisoAvance]] = defaultdict(list)
    for c in plan.compromisos:
        for key in keys(c):
            groups[key].append(c)
    if por == "ods":  # by number, whatever the language writes around it
        numbers = {_ods_group(n): n for c in plan.compromisos for n in c.ods}
        order = sorted(groups, key=lambda k: numbers[k])
        return [Grupo(name, groups[name], f"ODS {numbers[name]}") for name in order]
    return [Grupo(name, groups[name]) for name in sorted(groups)]
