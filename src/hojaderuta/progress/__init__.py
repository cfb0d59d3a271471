"""Progress at a date, exactly as the contract defines it; a pure function of the files.

- a hito is done at D when ``cumplido`` is true and ``fecha_cumplimiento`` <= D;
- ``avance`` = sum of the weights of hitos done at D; activities never count;
- ``esperado`` = sum of the weights of hitos whose ``termino`` <= D;
- the plan's numbers are the plain mean over its commitments whose progress can be
  computed (``core.computable``); the others are listed apart, never dropped.

``calc`` computes; ``contract`` writes the JSON documents; ``upcoming`` lists what falls
due next; ``institutions`` groups by who answers for what.
"""

from __future__ import annotations

from hojaderuta.progress.calc import (
    CompromisoAvance,
    Estado,
    Grupo,
    HitoAvance,
    PlanAvance,
    SinCalcular,
    agrupar,
    compromiso_avance,
    dias,
    estado,
    hito_avance,
    mean,
    plan_avance,
    sin_calcular,
)
from hojaderuta.progress.contract import (
    FORMATO_AVANCE,
    compromiso_json,
    finding_json,
    groups_json,
    hito_json,
    plan_json,
    proximos_json,
    sin_calcular_json,
)
from hojaderuta.progress.institutions import InstitucionAvance, buscar_institucion, por_institucion
from hojaderuta.progress.upcoming import DIAS_PROXIMOS, Proximos, Vencimiento, proximos
from hojaderuta.text.numbers import r2 as r2  # re-exported for progress's callers

__all__ = [
    "DIAS_PROXIMOS",
    "FORMATO_AVANCE",
    "CompromisoAvance",
    "Estado",
    "Grupo",
    "HitoAvance",
    "InstitucionAvance",
    "PlanAvance",
    "Proximos",
    "SinCalcular",
    "Vencimiento",
    "agrupar",
    "buscar_institucion",
    "compromiso_avance",
    "compromiso_json",
    "dias",
    "estado",
    "finding_json",
    "groups_json",
    "hito_avance",
    "hito_json",
    "mean",
    "plan_avance",
    "plan_json",
    "por_institucion",
    "proximos",
    "proximos_json",
    "sin_calcular",
    "sin_calcular_json",
]
