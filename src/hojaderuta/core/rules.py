"""The rules of ``hdr validar`` beyond the schema, one small named function each.

Rules run on every file, also one that fails the schema: they see its data minus
the values the schema refused (``prune``), so a present value has its type, but any
key may be missing and a dropped list item is None. Each rule reads only what is well
formed and stays quiet about the rest (the schema has already spoken). They return
``Hit`` values (code, where, message) and never touch files' positions or
severities: ``validation`` turns hits into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from hojaderuta.core.access import hitos, items, personas, who
from hojaderuta.core.dates import parse_date
from hojaderuta.core.emails import email_problem
from hojaderuta.core.evidence import PROBLEMS, locate_evidence
from hojaderuta.core.findings import Codigo
from hojaderuta.core.links import Link, classify, looks_dangerous
from hojaderuta.core.model import Compromiso, Periodo, Plan
from hojaderuta.core.ods import METAS, wrong_target
from hojaderuta.core.siterules import site_hits

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


def hito_name(i: int) -> str:
    return f"el hito {i + 1}"


def _periodo_dates(periodo: Periodo | None) -> tuple[date, date] | None:
    if not isinstance(periodo, dict):
        return None
    start, end = parse_date(periodo.get("inicio")), parse_date(periodo.get("fin"))
    return (start, end) if start and end else None


# --- compromiso rules -----------------------------------------------------------


@compromiso_rule
def ponderacion_suma(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    listed = data.get("hitos")
    weights = [h.get("ponderacion") for _, h in hitos(data)]
    if not isinstance(listed, list) or not weights or len(weights) != len(listed):
        return  # no hitos, or one the schema refused: the sum would mislead
    if not all(isinstance(w, int | float) and not isinstance(w, bool) for w in weights):
        return
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
    periodo = data.get("periodo")
    if isinstance(periodo, dict):
        start, end = parse_date(periodo.get("inicio")), parse_date(periodo.get("fin"))
        if start and end and start > end:
            yield Hit(
                Codigo.FECHAS_ORDEN,
                ("periodo", "inicio"),
                f"El periodo del compromiso empieza ({start}) después de terminar ({end}). "
                "Revise las fechas de inicio y fin.",
            )
    for i, hito in hitos(data):
        start, end = parse_date(hito.get("inicio")), parse_date(hito.get("termino"))
        if start and end and start > end:
            yield Hit(
                Codigo.FECHAS_ORDEN,
                ("hitos", i, "inicio"),
                f"{hito_name(i).capitalize()} empieza ({start}) después de su fecha de "
                f"término ({end}). Revise ambas fechas.",
            )


def commitment_period(data: Compromiso, ctx: RuleContext) -> tuple[date, date] | None:
    if "periodo" in data:
        return _periodo_dates(data.get("periodo"))
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
    for i, hito in hitos(data):
        start, end = parse_date(hito.get("inicio")), parse_date(hito.get("termino"))
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
        correo = persona.get("correo")
        problem = email_problem(correo) if isinstance(correo, str) else None
        if problem:
            yield Hit(
                Codigo.CORREO_INVALIDO,
                (*parts, "correo"),
                f"El correo «{correo}» de {who(persona)} no es válido: "
                f"{problem}. Escríbalo como nombre@dominio.org.",
            )


@compromiso_rule
def telefono_sospechoso(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for parts, persona in personas(data):
        phone = persona.get("telefono")
        if isinstance(phone, str) and sum(ch.isdigit() for ch in phone) < 7:
            yield Hit(
                Codigo.TELEFONO_SOSPECHOSO,
                (*parts, "telefono"),
                f"El teléfono «{phone}» de {who(persona)} tiene menos de 7 dígitos; "
                "revise que esté completo (con lada o extensión si aplica).",
            )


@compromiso_rule
def ods_meta_invalida(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, item in items(data.get("agenda_2030")):
        goal, metas = item.get("ods"), item.get("metas")
        if not isinstance(goal, int) or goal not in METAS or not isinstance(metas, list):
            continue
        for j, meta in enumerate(metas):
            text = wrong_target(goal, meta) if isinstance(meta, str) else None
            if text is not None:
                yield Hit(Codigo.ODS_META_INVALIDA, ("agenda_2030", i, "metas", j), text)


@compromiso_rule
def ods_sin_metas(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    # Anexo 1's Agenda 2030 box is free text: plans often name a goal and no targets.
    for i, item in items(data.get("agenda_2030")):
        if item.get("metas") == [] and isinstance(item.get("ods"), int):
            yield Hit(
                Codigo.ODS_SIN_METAS,
                ("agenda_2030", i, "metas"),
                f"La alineación con el ODS {item['ods']} no nombra ninguna meta. Agregue las "
                "metas de ese ODS con las que se alinea el compromiso "
                f'(por ejemplo ["{item["ods"]}.1"]).',
            )


@compromiso_rule
def cumplido_sin_evidencia(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
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
    for i, hito in hitos(data):
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
        start = parse_date(hito.get("inicio"))
        if start and done < start:
            yield Hit(
                Codigo.CUMPLIMIENTO_FUERA_DE_HITO,
                parts,
                f"{hito_name(i).capitalize()} se reporta cumplido el {done}, antes de su fecha "
                f"de inicio ({start}). Revise la fecha o registre el cambio de calendario.",
            )


@compromiso_rule
def verificado_sin_cumplido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        check = hito.get("verificado")
        if not isinstance(check, dict):
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
        checked, done = parse_date(check.get("fecha")), parse_date(hito.get("fecha_cumplimiento"))
        if checked and done and checked < done:
            yield Hit(
                Codigo.VERIFICADO_SIN_CUMPLIDO,
                ("hitos", i, "verificado", "fecha"),
                f"La verificación del hito {i + 1} ({checked}) es anterior a su fecha de "
                f"cumplimiento ({done}).",
            )


@compromiso_rule
def hito_vencido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        end = parse_date(hito.get("termino"))
        if end and end < ctx.al and hito.get("cumplido") is not True:
            nombre = hito.get("nombre")
            named = f" («{nombre}»)" if isinstance(nombre, str) else ""
            yield Hit(
                Codigo.HITO_VENCIDO,
                ("hitos", i, "termino"),
                f"{hito_name(i).capitalize()}{named} debía terminar el {end} y "
                f"no está cumplido al {ctx.al}.",
            )


def _bad_link(value: str, what: str) -> str:
    return (
        f"{what} «{value}» no es un enlace admitido: use una dirección que empiece con "
        "https:// (o http://) o una ruta relativa a un archivo del repositorio."
    )


@compromiso_rule
def enlaces(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        evidencia = hito.get("evidencia")
        for j, item in enumerate(evidencia if isinstance(evidencia, list) else ()):
            if not isinstance(item, str):
                continue
            parts = ("hitos", i, "evidencia", j)
            kind = classify(item)
            if kind is Link.INVALID:
                yield Hit(Codigo.URL_INVALIDA, parts, _bad_link(item, "La evidencia"))
            elif kind is Link.RELATIVE:
                found = locate_evidence(item, ctx.plan_dir, ctx.repo_root, ctx.tracked)
                if found.problem is not None:
                    codigo, why = PROBLEMS[found.problem]
                    yield Hit(codigo, parts, f"La evidencia «{item}» del hito {i + 1} {why}")
    for i, change in items(data.get("modificaciones")):
        if isinstance(change.get("acuerdo"), str) and looks_dangerous(change["acuerdo"]):
            yield Hit(
                Codigo.URL_INVALIDA,
                ("modificaciones", i, "acuerdo"),
                _bad_link(change["acuerdo"], "El acuerdo"),
            )
    irm = data.get("irm")
    report = irm.get("informe") if isinstance(irm, dict) else None
    if isinstance(report, str) and classify(report) is not Link.WEB:
        yield Hit(
            Codigo.URL_INVALIDA,
            ("irm", "informe"),
            f"El informe del IRM «{report}» debe ser una dirección que empiece con https://.",
        )


# --- plan.yaml rules ------------------------------------------------------------


@plan_rule
def plan_fechas(data: Plan, ctx: RuleContext) -> Iterator[Hit]:
    periodo = data.get("periodo")
    if not isinstance(periodo, dict):
        return
    start, end = parse_date(periodo.get("inicio")), parse_date(periodo.get("fin"))
    if start and end and start > end:
        yield Hit(
            Codigo.FECHAS_ORDEN,
            ("periodo", "inicio"),
            f"El periodo del plan empieza ({start}) después de terminar ({end}).",
        )


@plan_rule
def plan_sitio(data: Plan, ctx: RuleContext) -> Iterator[Hit]:
    """``sitio`` (its address, logo and colour) and ``licencia_datos``: ``core.siterules``."""
    for codigo, parts, mensaje in site_hits(data, ctx.plan_dir, ctx.repo_root, ctx.tracked):
        yield Hit(codigo, parts, mensaje)


def plan_period(data: Plan | None) -> tuple[date, date] | None:
    return _periodo_dates(data.get("periodo")) if isinstance(data, dict) else None
