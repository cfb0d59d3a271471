"""Progress at a date, exactly as the contract defines it; a pure function of the files.

- a hito is done at D when ``cumplido`` is true and ``fecha_cumplimiento`` <= D;
- ``avance`` = sum of the weights of hitos done at D; activities never count;
- ``esperado`` = sum of the weights of hitos whose ``termino`` <= D;
- the plan's numbers are the plain mean over its commitments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast

from hojaderuta.core.dates import parse_date
from hojaderuta.core.model import Compromiso, Hito, Plan
from hojaderuta.text.numbers import r2 as r2  # re-exported for progress's callers

_TOLERANCE = 0.01 + 1e-9  # the tolerance the weights' sum is validated with


class Estado(StrEnum):
    CUMPLIDO = "cumplido"
    EN_TIEMPO = "en_tiempo"
    CON_REZAGO = "con_rezago"
    NO_INICIADO = "no_iniciado"

    @property
    def palabra(self) -> str:
        """The state in running text ("en tiempo"), where the value has underscores."""
        return _PALABRAS[self]


_PALABRAS: dict[Estado, str] = {
    Estado.CUMPLIDO: "cumplido",
    Estado.EN_TIEMPO: "en tiempo",
    Estado.CON_REZAGO: "con rezago",
    Estado.NO_INICIADO: "no iniciado",
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

    @property
    def vencidos(self) -> list[HitoAvance]:
        return [h for h in self.hitos if h.vencido]


@dataclass(frozen=True)
class PlanAvance:
    id: str
    nombre: str
    al: date
    compromisos: list[CompromisoAvance]

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
        return counts


@dataclass(frozen=True)
class Grupo:
    nombre: str
    compromisos: list[CompromisoAvance]

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
        raise ValueError(f"fecha no válida: {value!r}")
    return parsed


def hito_avance(index: int, hito: Hito, al: date) -> HitoAvance:
    done_on = parse_date(hito.get("fecha_cumplimiento"))
    done = hito.get("cumplido") is True and done_on is not None and done_on <= al
    termino = _must_date(hito["termino"])
    check = hito.get("verificado")
    checked_on = parse_date(check.get("fecha")) if check else None
    counts_check = done and checked_on is not None and checked_on <= al
    return HitoAvance(
        indice=index + 1,
        nombre=hito["nombre"],
        ponderacion=hito["ponderacion"],
        inicio=_must_date(hito["inicio"]),
        termino=termino,
        cumplido=done,
        fecha_cumplimiento=done_on if done else None,
        vencido=termino < al and not done,
        evidencias=len(hito.get("evidencia") or ()),
        verificado_por=check.get("por") if check and counts_check else None,
        verificado_fecha=checked_on if counts_check else None,
    )


def compromiso_avance(archivo: str, data: Compromiso, al: date) -> CompromisoAvance:
    hitos = [hito_avance(i, h, al) for i, h in enumerate(data["hitos"])]
    avance = sum(h.ponderacion for h in hitos if h.cumplido)
    esperado = sum(h.ponderacion for h in hitos if h.termino <= al)
    institutions: list[str] = []
    for persona in data["responsables"]:
        if persona["institucion"] not in institutions:
            institutions.append(persona["institucion"])
    return CompromisoAvance(
        numero=data["numero"],
        nombre=data["nombre"],
        archivo=archivo,
        avance=float(avance),
        esperado=float(esperado),
        estado=estado(avance, esperado),
        responsables=institutions,
        hitos=hitos,
        ods=sorted({item["ods"] for item in data["agenda_2030"]}),
        eje=data["eje_pnd"],
    )


def plan_avance(
    plan: Plan | Mapping[str, Any],
    compromisos: Iterable[tuple[str, Compromiso | Mapping[str, Any]]],
    al: date,
) -> PlanAvance:
    """Progress of a plan at ``al`` from schema- and rule-valid commitment data.

    Callers may hold the data as plain mappings (views, fixtures): the schema already
    vouched for its shape, so it is read as the model here.
    """
    items = sorted(
        (compromiso_avance(archivo, cast(Compromiso, data), al) for archivo, data in compromisos),
        key=lambda c: (c.numero, c.archivo),
    )
    return PlanAvance(id=plan["id"], nombre=plan["nombre"], al=al, compromisos=items)


_GROUP_KEYS: dict[str, Callable[[CompromisoAvance], list[str]]] = {
    "institucion": lambda c: c.responsables,
    "ods": lambda c: [f"ODS {n}" for n in c.ods],
    "eje": lambda c: [c.eje],
}


def agrupar(plan: PlanAvance, por: str) -> list[Grupo]:
    """Commitments grouped by institution, SDG or plan axis (one may be in several groups)."""
    keys = _GROUP_KEYS[por]
    groups: dict[str, list[CompromisoAvance]] = defaultdict(list)
    for c in plan.compromisos:
        for key in keys(c):
            groups[key].append(c)
    order = sorted(groups, key=lambda k: int(k.split()[1])) if por == "ods" else sorted(groups)
    return [Grupo(name, groups[name]) for name in order]


def hito_json(h: HitoAvance) -> dict[str, object]:
    return {
        "indice": h.indice,
        "nombre": h.nombre,
        "ponderacion": h.ponderacion if isinstance(h.ponderacion, int) else r2(h.ponderacion),
        "inicio": h.inicio.isoformat(),
        "termino": h.termino.isoformat(),
        "cumplido": h.cumplido,
        "fecha_cumplimiento": h.fecha_cumplimiento.isoformat() if h.fecha_cumplimiento else None,
        "vencido": h.vencido,
    }


def compromiso_json(c: CompromisoAvance) -> dict[str, object]:
    return {
        "numero": c.numero,
        "nombre": c.nombre,
        "archivo": c.archivo,
        "avance": r2(c.avance),
        "esperado": r2(c.esperado),
        "estado": str(c.estado),
        "responsables": c.responsables,
        "hitos": [hito_json(h) for h in c.hitos],
    }


def _plan_header(plan: PlanAvance) -> dict[str, object]:
    avance, esperado = plan.avance, plan.esperado
    return {
        "id": plan.id,
        "nombre": plan.nombre,
        "al": plan.al.isoformat(),
        "avance": None if avance is None else r2(avance),
        "esperado": None if esperado is None else r2(esperado),
        "compromisos": len(plan.compromisos),
    }


def plan_json(plan: PlanAvance, only: list[CompromisoAvance] | None = None) -> dict[str, object]:
    """The contract's ``hdr avance --formato json`` document."""
    return {
        "formato": 1,
        "plan": _plan_header(plan),
        "compromisos": [compromiso_json(c) for c in (plan.compromisos if only is None else only)],
    }


def groups_json(plan: PlanAvance, por: str, groups: list[Grupo]) -> dict[str, object]:
    """``hdr avance --por X --formato json``: the plan header and one entry per group."""
    return {
        "formato": 1,
        "plan": _plan_header(plan),
        "por": por,
        "grupos": [
            {
                "grupo": g.nombre,
                "compromisos": [c.numero for c in g.compromisos],
                "avance": r2(g.avance),
                "esperado": r2(g.esperado),
            }
            for g in groups
        ],
    }
