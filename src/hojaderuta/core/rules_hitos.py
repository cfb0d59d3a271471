"""The rules about each hito's completion, its verification and the file's links.

Part of ``hojaderuta.core.rules`` (which runs them, after its own, in this order); the
same conventions hold: they read only what is well formed and return ``Hit`` values.
"""

from __future__ import annotations

from collections.abc import Iterator

from hojaderuta.core.access import hitos, items
from hojaderuta.core.dates import parse_date
from hojaderuta.core.evidence import PROBLEMS, locate_evidence
from hojaderuta.core.findings import Codigo
from hojaderuta.core.links import Link, classify, looks_dangerous
from hojaderuta.core.model import Compromiso
from hojaderuta.core.rulebase import Hit, RuleContext
from hojaderuta.text.i18n import _


def cumplido_sin_evidencia(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        if hito.get("cumplido") is not True:
            continue
        missing = [k for k in ("fecha_cumplimiento", "evidencia") if k not in hito]
        if missing:
            text = (
                _(
                    "El hito {n} está marcado como cumplido pero le falta «{clave}» y "
                    "«{otra}». Indique la fecha en que se cumplió y al menos una evidencia "
                    "(enlace o archivo)."
                )
                if len(missing) == 2
                else _(
                    "El hito {n} está marcado como cumplido pero le falta «{clave}». "
                    "Indique la fecha en que se cumplió y al menos una evidencia "
                    "(enlace o archivo)."
                )
            )
            yield Hit(
                Codigo.CUMPLIDO_SIN_EVIDENCIA,
                ("hitos", i, "cumplido"),
                text.format(n=i + 1, clave=missing[0], otra=missing[-1]),
            )


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
                _(
                    "La fecha de cumplimiento del hito {n} ({fecha}) es posterior a la fecha "
                    "de evaluación ({al}). No se puede reportar como cumplido algo futuro."
                ).format(n=i + 1, fecha=done, al=ctx.al),
            )
        start = parse_date(hito.get("inicio"))
        if start and done < start:
            yield Hit(
                Codigo.CUMPLIMIENTO_FUERA_DE_HITO,
                parts,
                _(
                    "El hito {n} se reporta cumplido el {fecha}, antes de su fecha "
                    "de inicio ({inicio}). Revise la fecha o registre el cambio de calendario."
                ).format(n=i + 1, fecha=done, inicio=start),
            )


def verificado_sin_cumplido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        check = hito.get("verificado")
        if not isinstance(check, dict):
            continue
        if hito.get("cumplido") is not True:
            yield Hit(
                Codigo.VERIFICADO_SIN_CUMPLIDO,
                ("hitos", i, "verificado"),
                _(
                    "El hito {n} tiene «verificado» pero no está cumplido. "
                    "Solo se verifica un hito cumplido: marque «cumplido: true» o quite la "
                    "verificación."
                ).format(n=i + 1),
                at_key=True,
            )
            continue
        checked, done = parse_date(check.get("fecha")), parse_date(hito.get("fecha_cumplimiento"))
        if checked and done and checked < done:
            yield Hit(
                Codigo.VERIFICADO_SIN_CUMPLIDO,
                ("hitos", i, "verificado", "fecha"),
                _(
                    "La verificación del hito {n} ({fecha}) es anterior a su fecha de "
                    "cumplimiento ({cumplimiento})."
                ).format(n=i + 1, fecha=checked, cumplimiento=done),
            )


def hito_vencido(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        end = parse_date(hito.get("termino"))
        if end and end < ctx.al and hito.get("cumplido") is not True:
            nombre = hito.get("nombre")
            text = (
                _("El hito {n} («{nombre}») debía terminar el {fin} y no está cumplido al {al}.")
                if isinstance(nombre, str)
                else _("El hito {n} debía terminar el {fin} y no está cumplido al {al}.")
            )
            yield Hit(
                Codigo.HITO_VENCIDO,
                ("hitos", i, "termino"),
                text.format(n=i + 1, nombre=nombre, fin=end, al=ctx.al),
            )


def _bad_evidence_link(value: str) -> str:
    return _(
        "La evidencia «{valor}» no es un enlace admitido: use una dirección que empiece con "
        "https:// (o http://) o una ruta relativa a un archivo del repositorio."
    ).format(valor=value)


def _bad_agreement_link(value: str) -> str:
    return _(
        "El acuerdo «{valor}» no es un enlace admitido: use una dirección que empiece con "
        "https:// (o http://) o una ruta relativa a un archivo del repositorio."
    ).format(valor=value)


def enlaces(data: Compromiso, ctx: RuleContext) -> Iterator[Hit]:
    for i, hito in hitos(data):
        evidencia = hito.get("evidencia")
        for j, item in enumerate(evidencia if isinstance(evidencia, list) else ()):
            if not isinstance(item, str):
                continue
            parts = ("hitos", i, "evidencia", j)
            kind = classify(item)
            if kind is Link.INVALID:
                yield Hit(Codigo.URL_INVALIDA, parts, _bad_evidence_link(item))
            elif kind is Link.RELATIVE:
                found = locate_evidence(item, ctx.plan_dir, ctx.repo_root, ctx.tracked)
                if found.problem is not None:
                    codigo, why = PROBLEMS[found.problem]
                    yield Hit(codigo, parts, _(why).format(valor=item, n=i + 1))
    for i, change in items(data.get("modificaciones")):
        if isinstance(change.get("acuerdo"), str) and looks_dangerous(change["acuerdo"]):
            yield Hit(
                Codigo.URL_INVALIDA,
                ("modificaciones", i, "acuerdo"),
                _bad_agreement_link(change["acuerdo"]),
            )
    irm = data.get("irm")
    report = irm.get("informe") if isinstance(irm, dict) else None
    if isinstance(report, str) and classify(report) is not Link.WEB:
        yield Hit(
            Codigo.URL_INVALIDA,
            ("irm", "informe"),
            _(
                "El informe del IRM «{valor}» debe ser una dirección que empiece con https://."
            ).format(valor=report),
        )
