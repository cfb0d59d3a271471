"""Whether a commitment's progress can be computed, whatever else its file gets wrong.

A file may fail the schema (no responsables, an empty list of ODS targets, a
``COMPLETAR`` left in a text) and still say everything progress needs: a number, its
hitos with weights summing to 100, their dates and which are done. Such a commitment
counts in the plan's average and carries its findings as observations; only one whose
numbers cannot be computed is left out of the average (and still shown everywhere).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hojaderuta.core.dates import parse_date
from hojaderuta.core.discovery import PLAN_FILE
from hojaderuta.core.findings import Codigo, Finding
from hojaderuta.text.i18n import _
from hojaderuta.text.places import human_place

# ±0.01 as the contract says, plus room for binary floating point (33.33 * 3).
_TOLERANCE = 0.01 + 1e-9


def _hito_problem(index: int, hito: object) -> str | None:
    n = index + 1
    if not isinstance(hito, Mapping):
        return _("el hito {n} no es una lista de campos").format(n=n)
    weight = hito.get("ponderacion")
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
        return _("falta una ponderación válida en hito {n}").format(n=n)
    for key in ("inicio", "termino"):
        if parse_date(hito.get(key)) is None:
            where = human_place(("hitos", index, key))
            return _("falta una fecha válida en {lugar}").format(lugar=where)
    done = hito.get("cumplido", False)
    if not isinstance(done, bool):
        where = human_place(("hitos", index, "cumplido"))
        return _("{lugar} debe ser true o false").format(lugar=where)
    if done and parse_date(hito.get("fecha_cumplimiento")) is None:
        return _("el hito {n} está cumplido sin una fecha de cumplimiento válida").format(n=n)
    return None


def progress_problem(data: Any) -> str | None:
    """Why progress cannot be computed from ``data`` (a loaded file), or None when it can.

    The reason is a phrase in the run's language («las ponderaciones de los hitos suman
    90, no 100»).
    """
    if not isinstance(data, Mapping):
        return _("el archivo no contiene los campos de un compromiso")
    numero = data.get("numero")
    if not isinstance(numero, int) or isinstance(numero, bool) or numero < 1:
        return _("no tiene un número de compromiso válido")
    hitos = data.get("hitos")
    if not isinstance(hitos, Sequence) or isinstance(hitos, str) or not hitos:
        return _("no tiene hitos")
    for index, hito in enumerate(hitos):
        problem = _hito_problem(index, hito)
        if problem is not None:
            return problem
    total = sum(float(h["ponderacion"]) for h in hitos)
    if abs(total - 100) > _TOLERANCE:
        shown = f"{round(total, 2):g}"
        return _("las ponderaciones de los hitos suman {total}, no 100").format(total=shown)
    return None


def commitment_problems(datos: Mapping[str, Any], findings: Sequence[Finding]) -> dict[str, str]:
    """Commitment files whose progress cannot be computed, each with the reason.

    ``datos``: what each commitment file YAML could read held; a file only findings name
    (unreadable, a folder, bad YAML) has no entry. A number used by two files is
    ambiguous: neither is counted.
    """
    duplicated = {f.archivo for f in findings if f.codigo is Codigo.NUMERO_DUPLICADO}
    files = set(datos) | {f.archivo for f in findings if f.archivo != PLAN_FILE}
    out: dict[str, str] = {}
    for archivo in sorted(files):
        if archivo not in datos:
            out[archivo] = _("el archivo no se pudo leer")
            continue
        data = datos[archivo]
        if (problem := progress_problem(data)) is not None:
            out[archivo] = problem
        elif archivo in duplicated:
            out[archivo] = _("su número {numero} también lo usa otro archivo").format(
                numero=data["numero"]
            )
    return out


# Lenient readers: fields progress does not need, from a file that may have findings.


def text_of(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def institutions_of(data: Mapping[str, Any], key: str = "responsables") -> list[str]:
    """Distinct institutions of the people under ``key`` that name one, in file order."""
    out: list[str] = []
    people = data.get(key)
    for persona in people if isinstance(people, list) else []:
        name = persona.get("institucion") if isinstance(persona, Mapping) else None
        if isinstance(name, str) and name.strip() and name not in out:
            out.append(name)
    return out


def goals_of(data: Mapping[str, Any]) -> list[int]:
    """The SDGs (1 to 17) its Agenda 2030 alignment names."""
    items = data.get("agenda_2030")
    entries = items if isinstance(items, list) else []
    goals = [i.get("ods") for i in entries if isinstance(i, Mapping)]
    return sorted(
        {g for g in goals if isinstance(g, int) and not isinstance(g, bool) and 0 < g < 18}
    )
