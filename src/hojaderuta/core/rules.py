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
from datetime import date
from typing import TypeVar

from hojaderuta.core.access import hitos, items, person_name, personas
from hojaderuta.core.dates import parse_date
from hojaderuta.core.emails import email_problem
from hojaderuta.core.findings import Codigo
from hojaderuta.core.model import Compromiso, Periodo, Plan
from hojaderuta.core.ods import METAS, wrong_target
from hojaderuta.core.rulebase import Hit, Parts, RuleContext
from hojaderuta.core.rules_hitos import (
    cumplido_sin_evidencia,
    enlaces,
    fechas_de_cumplimiento,
    hito_vencido,
    verificado_sin_cumplido,
)
from hojaderuta.core.siterules import site_hits
from hojaderuta.text.i18n import _

__all__ = ["COMPROMISO_RULES", "PLAN_RULES", "Hit", "Parts", "Rule", "RuleContext"]

# A rule reads one kind of file: a commitment or plan.yaml.
_D = TypeVar("_D", Compromiso, Plan)


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


def _periodo_dates(periodo: Periodo | None) -> tuple[date, date] | None:
    if not isinstance(periodo, dict):
        return None
    start, end = parse_date(periodo.get("inicio")), parse_date(periodo.get("fin"))
    return (start, end) if start and end else None


# --- compromiso rules -----------------------------------------------------------


@compromiso_rule
def ponderacion_suma(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    listed = data.get("hitos")
    weights = [h.get("ponderacion") for __, h in hitos(data)]
    if not isinstance(listed, list) or not weights or len(weights) != len(listed):
        return  # no hitos, or one the schema refused: the sum would mislead
    if not all(isinstance(w, int | float) and not isinstance(w, bool) for w in weights):
        return
    total = sum(weights)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        detail = ", ".join(
            _("hito {n}: {peso}").format(n=i + 1, peso=fmt_num(w)) for i, w in enumerate(weights)
        )
        yield Hit(
            Codigo.PONDERACION_SUMA,
            ("hitos",),
            _(
                "Las ponderaciones de los hitos suman {total}, deben sumar 100. "
                "({detalle}). Ajústelas para que sumen 100."
            ).format(total=fmt_num(total), detalle=detail),
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
                _(
                    "El periodo del compromiso empieza ({inicio}) después de terminar ({fin}). "
                    "Revise las fechas de inicio y fin."
                ).format(inicio=start, fin=end),
            )
    for i, hito in hitos(data):
        start, end = parse_date(hito.get("inicio")), parse_date(hito.get("termino"))
        if start and end and start > end:
            yield Hit(
                Codigo.FECHAS_ORDEN,
                ("hitos", i, "inicio"),
                _(
                    "El hito {n} empieza ({inicio}) después de su fecha de "
                    "término ({fin}). Revise ambas fechas."
                ).format(n=i + 1, inicio=start, fin=end),
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
                _("El compromiso empieza ({inicio}) antes que el plan ({inicio_plan}).").format(
                    inicio=period[0], inicio_plan=plan_start
                ),
            )
        if period[1] > plan_end:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("periodo", "fin"),
                _("El compromiso termina ({fin}) después que el plan ({fin_plan}).").format(
                    fin=period[1], fin_plan=plan_end
                ),
            )
    if period is None:
        return
    early, late = (
        (
            _(
                "El hito {n} empieza ({inicio}) antes del periodo del compromiso "
                "({desde} a {hasta})."
            ),
            _(
                "El hito {n} termina ({fin}) después del periodo del compromiso "
                "({desde} a {hasta})."
            ),
        )
        if own
        else (
            _("El hito {n} empieza ({inicio}) antes del periodo del plan ({desde} a {hasta})."),
            _("El hito {n} termina ({fin}) después del periodo del plan ({desde} a {hasta})."),
        )
    )
    for i, hito in hitos(data):
        start, end = parse_date(hito.get("inicio")), parse_date(hito.get("termino"))
        if start and start < period[0]:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("hitos", i, "inicio"),
                early.format(n=i + 1, inicio=start, desde=period[0], hasta=period[1]),
            )
        if end and end > period[1]:
            yield Hit(
                Codigo.FECHAS_FUERA_DE_PERIODO,
                ("hitos", i, "termino"),
                late.format(n=i + 1, fin=end, desde=period[0], hasta=period[1]),
            )


@compromiso_rule
def correo_invalido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for parts, persona in personas(data):
        correo = persona.get("correo")
        problem = email_problem(correo) if isinstance(correo, str) else None
        if problem:
            nombre = person_name(persona)
            text = (
                _(
                    "El correo «{correo}» de {nombre} no es válido: "
                    "{problema}. Escríbalo como nombre@dominio.org."
                )
                if nombre is not None
                else _(
                    "El correo «{correo}» de la persona no es válido: "
                    "{problema}. Escríbalo como nombre@dominio.org."
                )
            )
            yield Hit(
                Codigo.CORREO_INVALIDO,
                (*parts, "correo"),
                text.format(correo=correo, nombre=nombre, problema=problem),
            )


@compromiso_rule
def telefono_sospechoso(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for parts, persona in personas(data):
        phone = persona.get("telefono")
        if isinstance(phone, str) and sum(ch.isdigit() for ch in phone) < 7:
            nombre = person_name(persona)
            text = (
                _(
                    "El teléfono «{telefono}» de {nombre} tiene menos de 7 dígitos; "
                    "revise que esté completo (con lada o extensión si aplica)."
                )
                if nombre is not None
                else _(
                    "El teléfono «{telefono}» de la persona tiene menos de 7 dígitos; "
                    "revise que esté completo (con lada o extensión si aplica)."
                )
            )
            yield Hit(
                Codigo.TELEFONO_SOSPECHOSO,
                (*parts, "telefono"),
                text.format(telefono=phone, nombre=nombre),
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
                _(
                    "La alineación con el ODS {ods} no nombra ninguna meta. Agregue las "
                    "metas de ese ODS con las que se alinea el compromiso "
                    '(por ejemplo ["{ods}.1"]).'
                ).format(ods=item["ods"]),
            )


# The rules about each hito's completion and the file's links, after these (in order:
# of two hits at one place, the first is told).
COMPROMISO_RULES += [
    cumplido_sin_evidencia,
    fechas_de_cumplimiento,
    verificado_sin_cumplido,
    hito_vencido,
    enlaces,
]


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
            _("El periodo del plan empieza ({inicio}) después de terminar ({fin}).").format(
                inicio=start, fin=end
            ),
        )


@plan_rule
def plan_sitio(data: Plan, ctx: RuleContext) -> Iterator[Hit]:
    """``sitio`` (its address, logo and colour) and ``licencia_datos``: ``core.siterules``."""
    for codigo, parts, mensaje in site_hits(data, ctx.plan_dir, ctx.repo_root, ctx.tracked):
        yield Hit(codigo, parts, mensaje)


def plan_period(data: Plan | None) -> tuple[date, date] | None:
    return _periodo_dates(data.get("periodo")) if isinstance(data, dict) else None
