"""The rules of ``hdr validar`` beyond the schema, one small named function each.

Rules see only schema-valid data, so they can rely on types; they return
``Hit`` values (code, where, message) and never touch files' positions or
severities: ``validation`` turns hits into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from hojaderuta.core.dates import parse_date
from hojaderuta.core.emails import email_problem
from hojaderuta.core.evidence import PROBLEMS, locate_evidence
from hojaderuta.core.findings import Codigo
from hojaderuta.core.links import Link, classify, looks_dangerous
from hojaderuta.core.model import Compromiso, Periodo, Persona, Plan
from hojaderuta.core.ods import METAS, goal_of

Parts = tuple[str | int, ...]
# A rule reads one kind of file: a commitment or plan.yaml.
_D = TypeVar("_D", Compromiso, Plan)


@dataclass(frozen=True)
class Hit:
    codigo: Codigo
    parts: Parts
    mensaje: str
    at_key: bool = False


@dataclass
class RuleContext:
    al: date  # the evaluation date: today, or --al
    plan_periodo: tuple[date, date] | None
    plan_dir: Path
    repo_root: Path | None = None  # resolved
    # Files git tracks under the plan (absolute paths); None outside git.
    tracked: frozenset[Path] | None = None


Rule = Callable[[_D, RuleContext], Iterator[Hit]]
COMPROMISO_RULES: list[Rule[Compromiso]] = []
PLAN_RULES: list[Rule[Plan]] = []


def compromiso_rule(fn: Rule[Compromiso]) -> Rule[Compromiso]:
    COMPROMISO_RULES.append(fn)
    return fn


def plan_rule(fn: Rule[Plan]) -> Rule[Plan]:
    PLAN_RULES.append(fn)
    return fn


# ±0.01 as the contract says, plus room for binary floating point (33.33 * 3).
WEIGHT_TOLERANCE = 0.01 + 1e-9


def fmt_num(value: float) -> str:
    """35.0 -> "35", 33.333 -> "33.33": numbers as a person writes them."""
    rounded = round(float(value), 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


def personas(data: Compromiso) -> Iterator[tuple[Parts, Persona]]:
    """Every persona once: one repeated through a YAML alias is the same written value."""
    seen: set[int] = set()
    places: list[tuple[Parts, Persona]] = [
        (("responsables", i), p) for i, p in enumerate(data["responsables"])
    ]
    places += [(("corresponsables", i), p) for i, p in enumerate(data["corresponsables"])]
    places += [(("hitos", i, "responsable"), h["responsable"]) for i, h in enumerate(data["hitos"])]
    for parts, persona in places:
        if id(persona) not in seen:
            seen.add(id(persona))
            yield parts, persona


def hito_name(i: int) -> str:
    return f"el hito {i + 1}"


def _periodo_dates(periodo: Periodo) -> tuple[date, date] | None:
    start, end = parse_date(periodo["inicio"]), parse_date(periodo["fin"])
    return (start, end) if start and end else None


# --- compromiso rules -----------------------------------------------------------


@compromiso_rule
def ponderacion_suma(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    weights = [h["ponderacion"] for h in data["hitos"]]
    total = sum(weights)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        detail = ", ".join(f"hito {i + 1}: {fmt_num(w)}" for i, w in enumerate(weights))
        yield Hit(
            Codigo.PONDERACION_SUMA,
            ("hitos",),
            f"Las ponderaciones de los hitos suman {fmt_num(total)}, deben sumar 100. "
            f"({detail}). Ajústelas para que sumen 100.",
            at_key=True,
        )


@compromiso_rule
def fechas_orden(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    if "periodo" in data:
        start, end = parse_date(data["periodo"]["inicio"]), parse_date(data["periodo"]["fin"])
        if start and end and start > end:
            yield Hit(
                Codigo.FECHAS_ORDEN,
                ("periodo", "inicio"),
                f"El periodo del compromiso empieza ({start}) después de terminar ({end}). "
                "Revise las fechas de inicio y fin.",
            )
    for i, hito in enumerate(data["hitos"]):
        start, end = parse_date(hito["inicio"]), parse_date(hito["termino"])
        if start and end and start > end:
            yield Hit(
                Codigo.FECHAS_ORDEN,
                ("hitos", i, "inicio"),
                f"{hito_name(i).capitalize()} empieza ({start}) después de su fecha de "
                f"término ({end}). Revise ambas fechas.",
            )


def commitment_period(data: Compromiso, ctx: RuleContext) -> tuple[date, date] | None:
    if "periodo" in data:
        return _periodo_dates(data["periodo"])
    return ctx.plan_periodo


@compromiso_rule
def fechas_fuera_de_periodo(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    own = "periodo" in data
    period = commitment_period(data, ctx)
    if own and period and ctx.plan_periodo:
        plan_start, plan_end = ctx.plan_periodo
        if period[0] < plan_start:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("periodo", "inicio"),
                f"El compromiso empieza ({period[0]}) antes que el plan ({plan_start}).",
            )
        if period[1] > plan_end:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("periodo", "fin"),
                f"El compromiso termina ({period[1]}) después que el plan ({plan_end}).",
            )
    if period is None:
        return
    whose = "del compromiso" if own else "del plan"
    for i, hito in enumerate(data["hitos"]):
        start, end = parse_date(hito["inicio"]), parse_date(hito["termino"])
        if start and start < period[0]:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("hitos", i, "inicio"),
                f"{hito_name(i).capitalize()} empieza ({start}) antes del periodo {whose} "
                f"({period[0]} a {period[1]}).",
            )
        if end and end > period[1]:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("hitos", i, "termino"),
                f"{hito_name(i).capitalize()} termina ({end}) después del periodo {whose} "
                f"({period[0]} a {period[1]}).",
            )


@compromiso_rule
def correo_invalido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for parts, persona in personas(data):
        problem = email_problem(persona["correo"])
        if problem:
            yield Hit(
                Codigo.CORREO_INVALIDO,
                (*parts, "correo"),
                f"El correo «{persona['correo']}» de {persona['nombre']} no es válido: "
                f"{problem}. Escríbalo como nombre@dominio.org.",
            )


@compromiso_rule
def telefono_sospechoso(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for parts, persona in personas(data):
        phone = persona.get("telefono")
        if phone is not None and sum(ch.isdigit() for ch in phone) < 7:
            yield Hit(
                Codigo.TELEFONO_SOSPECHOSO,
                (*parts, "telefono"),
                f"El teléfono «{phone}» de {persona['nombre']} tiene menos de 7 dígitos; "
                "revise que esté completo (con lada o extensión si aplica).",
            )


@compromiso_rule
def ods_meta_invalida(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, item in enumerate(data["agenda_2030"]):
        goal = item["ods"]
        for j, meta in enumerate(item["metas"]):
            if meta in METAS[goal]:
                continue
            other = goal_of(meta)
            if other is not None:
                text = (
                    f"La meta «{meta}» es del ODS {other}, no del ODS {goal}. Pásela a una "
                    f"alineación con «ods: {other}» o corrija el número."
                )
            else:
                numbered = sorted(m for m in METAS[goal] if m.split(".")[1].isdigit())
                letters = sorted(m for m in METAS[goal] if not m.split(".")[1].isdigit())
                last = max(numbered, key=lambda m: int(m.split(".")[1]))
                extra = f" y {', '.join(letters)}" if letters else ""
                text = (
                    f"«{meta}» no es una meta del ODS {goal}; sus metas son "
                    f"{goal}.1 a {last}{extra}."
                )
            yield Hit(Codigo.ODS_META_INVALIDA, ("agenda_2030", i, "metas", j), text)


@compromiso_rule
def cumplido_sin_evidencia(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in enumerate(data["hitos"]):
        if hito.get("cumplido") is not True:
            continue
        missing = [k for k in ("fecha_cumplimiento", "evidencia") if k not in hito]
        if missing:
            what = " y ".join(f"«{k}»" for k in missing)
            yield Hit(
                Codigo.CUMPLIDO_SIN_EVIDENCIA,
                ("hitos", i, "cumplido"),
                f"{hito_name(i).capitalize()} está marcado como cumplido pero le falta {what}. "
                "Indique la fecha en que se cumplió y al menos una evidencia (enlace o archivo).",
            )


@compromiso_rule
def fechas_de_cumplimiento(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in enumerate(data["hitos"]):
        done = parse_date(hito.get("fecha_cumplimiento"))
        if done is None:
            continue
        parts = ("hitos", i, "fecha_cumplimiento")
        if done > ctx.al:
            yield Hit(
                Codigo.FECHA_CUMPLIMIENTO_FUTURA,
                parts,
                f"La fecha de cumplimiento del hito {i + 1} ({done}) es posterior a la fecha "
                f"de evaluación ({ctx.al}). No se puede reportar como cumplido algo futuro.",
            )
        start = parse_date(hito["inicio"])
        if start and done < start:
            yield Hit(
                Codigo.CUMPLIMIENTO_FUERA_DE_HITO,
                parts,
                f"{hito_name(i).capitalize()} se reporta cumplido el {done}, antes de su fecha "
                f"de inicio ({start}). Revise la fecha o registre el cambio de calendario.",
            )


@compromiso_rule
def verificado_sin_cumplido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in enumerate(data["hitos"]):
        check = hito.get("verificado")
        if check is None:
            continue
        if hito.get("cumplido") is not True:
            yield Hit(
                Codigo.VERIFICADO_SIN_CUMPLIDO,
                ("hitos", i, "verificado"),
                f"{hito_name(i).capitalize()} tiene «verificado» pero no está cumplido. "
                "Solo se verifica un hito cumplido: marque «cumplido: true» o quite la "
                "verificación.",
                at_key=True,
            )
            continue
        checked, done = parse_date(check["fecha"]), parse_date(hito.get("fecha_cumplimiento"))
        if checked and done and checked < done:
            yield Hit(
                Codigo.VERIFICADO_SIN_CUMPLIDO,
                ("hitos", i, "verificado", "fecha"),
                f"La verificación del hito {i + 1} ({checked}) es anterior a su fecha de "
                f"cumplimiento ({done}).",
            )


@compromiso_rule
def hito_vencido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in enumerate(data["hitos"]):
        end = parse_date(hito["termino"])
        if end and end < ctx.al and hito.get("cumplido") is not True:
            yield Hit(
                Codigo.HITO_VENCIDO,
                ("hitos", i, "termino"),
                f"{hito_name(i).capitalize()} («{hito['nombre']}») debía terminar el {end} y "
                f"no está cumplido al {ctx.al}.",
            )


def _bad_link(value: str, what: str) -> str:
    return (
        f"{what} «{value}» no es un enlace admitido: use una dirección que empiece con "
        "https:// (o http://) o una ruta relativa a un archivo del repositorio."
    )


@compromiso_rule
def enlaces(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in enumerate(data["hitos"]):
        for j, item in enumerate(hito.get("evidencia", ())):
            parts = ("hitos", i, "evidencia", j)
            kind = classify(item)
            if kind is Link.INVALID:
                yield Hit(Codigo.URL_INVALIDA, parts, _bad_link(item, "La evidencia"))
            elif kind is Link.RELATIVE:
                found = locate_evidence(item, ctx.plan_dir, ctx.repo_root, ctx.tracked)
                if found.problem is not None:
                    codigo, why = PROBLEMS[found.problem]
                    yield Hit(codigo, parts, f"La evidencia «{item}» del hito {i + 1} {why}")
    for i, change in enumerate(data.get("modificaciones", ())):
        if looks_dangerous(change["acuerdo"]):
            yield Hit(
                Codigo.URL_INVALIDA,
                ("modificaciones", i, "acuerdo"),
                _bad_link(change["acuerdo"], "El acuerdo"),
            )
    irm = data.get("irm")
    report = irm.get("informe") if irm is not None else None
    if report is not None and classify(report) is not Link.WEB:
        yield Hit(
            Codigo.URL_INVALIDA,
            ("irm", "informe"),
            f"El informe del IRM «{report}» debe ser una dirección que empiece con https://.",
        )


# --- plan.yaml rules ------------------------------------------------------------


@plan_rule
def plan_fechas(data: Plan, ctx: RuleContext) -> Iterator[Hit]:
    start, end = parse_date(data["periodo"]["inicio"]), parse_date(data["periodo"]["fin"])
    if start and end and start > end:
        yield Hit(
            Codigo.FECHAS_ORDEN,
            ("periodo", "inicio"),
            f"El periodo del plan empieza ({start}) después de terminar ({end}).",
        )


@plan_rule
def plan_sitio(data: Plan, ctx: RuleContext) -> Iterator[Hit]:
    site = data.get("sitio")
    if site is not None and classify(site) is not Link.WEB:
        yield Hit(
            Codigo.URL_INVALIDA,
            ("sitio",),
            f"El sitio del plan «{site}» debe ser una dirección que empiece con https://.",
        )


def plan_period(data: Plan) -> tuple[date, date] | None:
    return _periodo_dates(data["periodo"])
