"""The contract's JSON documents of progress (``hdr avance --formato json``, plan.json)."""

from __future__ import annotations

from hojaderuta.core.findings import Finding
from hojaderuta.progress.calc import CompromisoAvance, Grupo, HitoAvance, PlanAvance, SinCalcular
from hojaderuta.progress.upcoming import Proximos, Vencimiento
from hojaderuta.text.numbers import r2
from hojaderuta.text.places import place_of_pointer

# 2 adds the commitments left out of the average, observations and late hitos.
FORMATO_AVANCE = 2


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
        "dias_de_retraso": h.retraso,
    }


def finding_json(f: Finding, data: object = None) -> dict[str, object]:
    """A finding as ``hdr validar`` writes it, plus where it is in people's words."""
    out = f.as_json()
    out.setdefault("lugar", place_of_pointer(f.ruta, data))
    return out


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
        "hitos_con_retraso": len(c.con_retraso),
        "motivo": None,
        "observaciones": [finding_json(f) for f in c.observaciones],
    }


def sin_calcular_json(c: SinCalcular) -> dict[str, object]:
    """The same keys as a counted commitment: the numbers are null, ``motivo`` says why."""
    return {
        "numero": c.numero,
        "nombre": c.nombre,
        "archivo": c.archivo,
        "avance": None,
        "esperado": None,
        "estado": str(c.estado),
        "responsables": [],
        "hitos": [],
        "hitos_con_retraso": 0,
        "motivo": c.motivo,
        "observaciones": [finding_json(f) for f in c.hallazgos],
    }


def _plan_header(plan: PlanAvance) -> dict[str, object]:
    avance, esperado = plan.avance, plan.esperado
    return {
        "id": plan.id,
        "nombre": plan.nombre,
        "al": plan.al.isoformat(),
        "avance": None if avance is None else r2(avance),
        "esperado": None if esperado is None else r2(esperado),
        "compromisos": len(plan.compromisos),  # the ones in the average
        "sin_calcular": len(plan.sin_calcular),
        "total_compromisos": plan.total,
    }


def plan_json(plan: PlanAvance, only: list[CompromisoAvance] | None = None) -> dict[str, object]:
    """The contract's ``hdr avance --formato json`` document: every commitment, the
    counted ones first; it is a whole document even when none can be counted."""
    counted = plan.compromisos if only is None else only
    left = plan.sin_calcular if only is None else []
    return {
        "formato": FORMATO_AVANCE,
        "plan": _plan_header(plan),
        "compromisos": [compromiso_json(c) for c in counted] + [sin_calcular_json(c) for c in left],
    }


def groups_json(plan: PlanAvance, por: str, groups: list[Grupo]) -> dict[str, object]:
    """``hdr avance --por X --formato json``: the plan header and one entry per group."""
    return {
        "formato": FORMATO_AVANCE,
        "plan": _plan_header(plan),
        "por": por,
        "grupos": [
            {
                "grupo": g.grupo,
                "compromisos": [c.numero for c in g.compromisos],
                "avance": r2(g.avance),
                "esperado": r2(g.esperado),
            }
            for g in groups
        ],
        "sin_calcular": [sin_calcular_json(c) for c in plan.sin_calcular],
    }


def _vencimiento_json(v: Vencimiento) -> dict[str, object]:
    return {
        "compromiso": v.compromiso.numero,
        "compromiso_nombre": v.compromiso.nombre,
        "hito": v.hito.indice,
        "nombre": v.hito.nombre,
        "institucion": v.hito.institucion or None,
        "termino": v.hito.termino.isoformat(),
        "dias": v.dias,
        "vencido": v.vencido,
    }


def proximos_json(plan: PlanAvance, found: Proximos) -> dict[str, object]:
    """``hdr avance --proximos N --formato json``: overdue hitos, then those due within
    N days (``dias`` counts from the evaluation date; negative when overdue)."""
    return {
        "formato": FORMATO_AVANCE,
        "plan": _plan_header(plan),
        "dias": found.dias,
        "vencidos": [_vencimiento_json(v) for v in found.vencidos],
        "proximos": [_vencimiento_json(v) for v in found.proximos],
    }
