"""``hdr validar``: the plan checked against the format, with each finding's place and fix."""

import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import AlOpt, PlanArg, open_plan, parse_date_option, today
from hojaderuta.cli.output import console, write_json
from hojaderuta.errors import PlanNotFoundError, UsageError
from hojaderuta.text.dates import long_date
from hojaderuta.text.i18n import N_, _


class FormatoValidar(StrEnum):
    texto = "texto"
    json = "json"
    github = "github"
    junit = "junit"


def _widest_code_line(markdown: str) -> int:
    """The length of the longest line inside the fenced code blocks of ``markdown``."""
    inside, widest = False, 0
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
        elif inside:
            widest = max(widest, len(line))
    return widest


def _explain(code: str) -> Outcome:
    from hojaderuta.core.ruledocs import sections

    docs = sections()
    if code not in docs:
        import difflib

        close = difflib.get_close_matches(code, list(docs), n=1)
        message = _("No hay ningún código {codigo}.").format(codigo=f"«{code}»")
        if close:
            message += " " + _("¿Quiso decir {opciones}?").format(opciones=f"«{close[0]}»")
        message += " " + _("Códigos: {codigos}.").format(codigos=", ".join(sorted(docs)))
        raise UsageError(message)
    # Only here: «hdr --help» and «hdr validar» never load rich.markdown and markdown-it.
    from rich.markdown import Markdown

    out = console()
    if out.is_terminal:
        out.print(Markdown(docs[code]))
        return Outcome.OK
    # Redirected: the same layout without colours, rich's padding or doubled blank lines,
    # and wide enough that no line of an example wraps (a wrapped YAML line is wrong YAML).
    out.width = max(out.width, _widest_code_line(docs[code]) + 4)
    with out.capture() as captured:
        out.print(Markdown(docs[code]))
    lines = "\n".join(line.rstrip() for line in captured.get().splitlines()).strip("\n")
    sys.stdout.write(re.sub("\n{3,}", "\n\n", lines) + "\n")
    return Outcome.OK


@command(
    help=N_(
        """Revisa el plan: esquema y reglas, con archivo, línea y cómo corregir cada problema.

Sale con 0 si no hay errores (las advertencias no cuentan salvo con --estricto),
1 si hay errores y 2 si el uso es incorrecto o no hay plan."""
    )
)
def validar(
    plan: PlanArg = Path(),
    formato: Annotated[
        FormatoValidar | None,
        typer.Option(
            "--formato",
            "-f",
            help=N_(
                "texto (para personas), json, github (anotaciones de GitHub Actions; se usa "
                "solo cuando GITHUB_ACTIONS=true) o junit (GitLab y otros CI)."
            ),
            show_default=False,
        ),
    ] = None,
    al: AlOpt = None,
    estricto: Annotated[
        bool,
        typer.Option("--estricto", help=N_("Las advertencias también hacen fallar (código 1).")),
    ] = False,
    linea_base: Annotated[
        str | None,
        typer.Option(
            "--linea-base",
            metavar=N_("REF"),
            help=N_(
                "Referencia git (etiqueta o commit) de la hoja de ruta acordada; por omisión, "
                "«linea_base» de plan.yaml."
            ),
            show_default=False,
        ),
    ] = None,
    explicar: Annotated[
        str | None,
        typer.Option(
            "--explicar",
            metavar=N_("CODIGO"),
            help=N_("Explica un código de hallazgo con un ejemplo y su corrección, y termina."),
            show_default=False,
        ),
    ] = None,
) -> None:
    if explicar is not None:
        finish(_explain(explicar))
    fecha = parse_date_option(al, "--al") or today()
    chosen = formato or (
        FormatoValidar.github
        if os.environ.get("GITHUB_ACTIONS") == "true"
        else FormatoValidar.texto
    )

    try:
        plan_dir = open_plan(plan)
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
        report.write_text(check, console(), long_date(fecha), strict=estricto)
    else:
        report.write_text(check, console(), long_date(fecha), strict=estricto)
    failed = check.errores > 0 or (estricto and check.advertencias > 0)
    finish(Outcome.FINDINGS if failed else Outcome.OK)
