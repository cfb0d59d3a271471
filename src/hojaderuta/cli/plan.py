"""Commands of hdr about the plan's state: ``validar`` and ``avance``."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hojaderuta.cli.app import (
    AlOpt,
    Outcome,
    PlanArg,
    command,
    console,
    finish,
    parse_date_option,
    report_excluded,
    stderr_console,
    today,
    write_json,
)
from hojaderuta.errors import PlanNotFoundError, UsageError


class FormatoValidar(StrEnum):
    texto = "texto"
    json = "json"
    github = "github"
    junit = "junit"


def _explain(code: str) -> Outcome:
    from hojaderuta.core.ruledocs import sections

    docs = sections()
    if code not in docs:
        import difflib

        close = difflib.get_close_matches(code, list(docs), n=1)
        hint = f" ¿Quiso decir «{close[0]}»?" if close else ""
        raise UsageError(
            f"No hay ningún código «{code}».{hint} Códigos: {', '.join(sorted(docs))}."
        )
    out = console()
    if out.is_terminal:
        from rich.markdown import Markdown

        out.print(Markdown(docs[code]))
    else:
        sys.stdout.write(docs[code])
    return Outcome.OK


@command()
def validar(
    plan: PlanArg = Path(),
    formato: Annotated[
        FormatoValidar | None,
        typer.Option(
            "--formato",
            "-f",
            help="texto (para personas), json, github (anotaciones de GitHub Actions; se usa "
            "solo cuando GITHUB_ACTIONS=true) o junit (GitLab y otros CI).",
            show_default=False,
        ),
    ] = None,
    al: AlOpt = None,
    estricto: Annotated[
        bool, typer.Option("--estricto", help="Las advertencias también hacen fallar (código 1).")
    ] = False,
    linea_base: Annotated[
        str | None,
        typer.Option(
            "--linea-base",
            metavar="REF",
            help="Referencia git (etiqueta o commit) de la hoja de ruta acordada; por omisión, "
            "«linea_base» de plan.yaml.",
            show_default=False,
        ),
    ] = None,
    explicar: Annotated[
        str | None,
        typer.Option(
            "--explicar",
            metavar="CODIGO",
            help="Explica un código de hallazgo con un ejemplo y su corrección, y termina.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Revisa el plan: esquema y reglas, con archivo, línea y cómo corregir cada problema.

    Sale con 0 si no hay errores (las advertencias no cuentan salvo con --estricto),
    1 si hay errores y 2 si el uso es incorrecto o no hay plan.
    """
    if explicar is not None:
        finish(_explain(explicar))
    fecha = parse_date_option(al, "--al") or today()
    chosen = formato or (
        FormatoValidar.github
        if os.environ.get("GITHUB_ACTIONS") == "true"
        else FormatoValidar.texto
    )
    from hojaderuta.core.discovery import find_plan_dir

    try:
        plan_dir = find_plan_dir(plan)
    except PlanNotFoundError as err:
        if chosen is FormatoValidar.json:
            write_json(
                {
                    "formato": 1,
                    "plan": None,
                    "archivos": 0,
                    "errores": 1,
                    "advertencias": 0,
                    "hallazgos": [err.finding.as_json()],
                }
            )
            finish(Outcome.USAGE)
        raise

    from hojaderuta.checks import validate_plan
    from hojaderuta.cli.reporters import findings as report

    check = validate_plan(plan_dir, al=fecha, linea_base=linea_base)
    if chosen is FormatoValidar.json:
        report.write_json(check, sys.stdout)
    elif chosen is FormatoValidar.junit:
        report.write_junit(check, sys.stdout, strict=estricto)
    elif chosen is FormatoValidar.github:
        report.write_github(check, sys.stdout)
        # GitHub shows only the first annotations; the full report follows in the log.
        report.write_text(check, console(), fecha.isoformat(), strict=estricto)
    else:
        report.write_text(check, console(), fecha.isoformat(), strict=estricto)
    failed = check.errores > 0 or (estricto and check.advertencias > 0)
    finish(Outcome.FINDINGS if failed else Outcome.OK)


class FormatoAvance(StrEnum):
    texto = "texto"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Por(StrEnum):
    institucion = "institucion"
    ods = "ods"
    eje = "eje"


@command()
def avance(
    plan: PlanArg = Path(),
    al: AlOpt = None,
    formato: Annotated[
        FormatoAvance,
        typer.Option("--formato", "-f", help="texto, json, csv o markdown (tabla GFM)."),
    ] = FormatoAvance.texto,
    compromiso: Annotated[
        int | None,
        typer.Option(
            "--compromiso",
            "-c",
            metavar="N",
            help="Detalle de un compromiso: sus hitos, pesos, fechas, evidencias y verificación.",
            show_default=False,
        ),
    ] = None,
    por: Annotated[
        Por | None,
        typer.Option(
            "--por",
            help="Agrupa por institución responsable, ODS o eje del plan de desarrollo.",
            show_default=False,
        ),
    ] = None,
    en: Annotated[
        str | None,
        typer.Option(
            "--en",
            metavar="REF",
            help="Calcula con los archivos tal como estaban en una referencia git (etiqueta, "
            "rama o commit); sin --al, a la fecha de ese commit.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Avance, avance esperado y rezago de cada compromiso y del plan a una fecha.

    Un hito cuenta cuando está cumplido con fecha de cumplimiento hasta la fecha de
    evaluación; el avance es la suma de las ponderaciones de esos hitos, y el esperado la
    de los hitos cuyo término ya pasó. Las actividades no cuentan.
    """
    if compromiso is not None and por is not None:
        raise UsageError("Use --compromiso o --por, no ambos a la vez.")
    from hojaderuta.checks import check_for_progress
    from hojaderuta.cli.reporters import progress as view
    from hojaderuta.core.discovery import find_plan_dir
    from hojaderuta.progress import agrupar, groups_json, plan_json

    plan_dir = find_plan_dir(plan)
    run = check_for_progress(plan_dir, al=parse_date_option(al, "--al"), hoy=today(), en=en)
    outcome = Outcome.FINDINGS if report_excluded(run.check) else Outcome.OK
    result = run.avance
    if not result.compromisos:
        stderr_console().print(
            "El plan no tiene compromisos válidos todavía: agregue archivos en compromisos/ "
            "(por ejemplo con «hdr nuevo»)."
        )
        finish(outcome)
    out = sys.stdout
    if compromiso is not None:
        chosen = [c for c in result.compromisos if c.numero == compromiso]
        if not chosen:
            numbers = ", ".join(str(c.numero) for c in result.compromisos)
            raise UsageError(
                f"No hay un compromiso {compromiso} válido en el plan (hay: {numbers})."
            )
        one = chosen[0]
        if formato is FormatoAvance.json:
            write_json(plan_json(result, only=[one]))
        elif formato is FormatoAvance.csv:
            view.write_csv_compromiso(one, out)
        elif formato is FormatoAvance.markdown:
            view.write_markdown_compromiso(result, one, out)
        else:
            from hojaderuta.cli.reporters.history import provenance_text
            from hojaderuta.git.provenance import try_provenance

            # Who reported each hito, from git; nothing (and no error) outside a repository.
            known = try_provenance(plan_dir) if en is None else None
            lines = {
                h: provenance_text(p) for (n, h), p in (known or {}).items() if n == compromiso
            }
            view.write_text_compromiso(result, one, console(), procedencia=lines)
    elif por is not None:
        groups = agrupar(result, por.value)
        if formato is FormatoAvance.json:
            write_json(groups_json(result, por.value, groups))
        elif formato is FormatoAvance.csv:
            view.write_csv_groups(por.value, groups, out)
        elif formato is FormatoAvance.markdown:
            view.write_markdown_groups(result, por.value, groups, out)
        else:
            view.write_text_groups(result, por.value, groups, console())
    elif formato is FormatoAvance.json:
        write_json(plan_json(result))
    elif formato is FormatoAvance.csv:
        view.write_csv(result, out)
    elif formato is FormatoAvance.markdown:
        view.write_markdown(result, out)
    else:
        view.write_text(result, console())
    finish(outcome)
