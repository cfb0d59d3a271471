"""Renderers for ``hdr validar``: texto, json, github and junit.

File names and messages (which quote YAML values) are user text: each format shows their
control characters as visible escapes (json keeps them, escaped by JSON itself), so none
can forge a workflow command, break the XML or recolour the terminal.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hojaderuta.cli.reporters import shown_path
from hojaderuta.text.i18n import _
from hojaderuta.text.jsontext import json_text
from hojaderuta.text.numbers import plural
from hojaderuta.text.safetext import visible, visible_line

if TYPE_CHECKING:
    from rich.console import Console

    from hojaderuta.core.findings import Finding
    from hojaderuta.core.validation import PlanCheck


def display_path(plan_dir: Path, archivo: str) -> str:
    """A plan's file as the user would type it (control characters visible)."""
    return shown_path(plan_dir / archivo)


def as_json(check: PlanCheck) -> dict[str, object]:
    return {
        "formato": 1,
        "plan": check.plan_id,
        "archivos": check.archivos,
        "errores": check.errores,
        "advertencias": check.advertencias,
        "hallazgos": [f.as_json() for f in check.findings],
    }


def write_json(check: PlanCheck, out: TextIO) -> None:
    # One write: json.dump would call write once per token (1.6 million for 45,000 findings).
    # Raw text, which JSON escapes, except bytes that were not UTF-8 (json_text shows them).
    out.write(json_text(as_json(check)) + "\n")


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub documents (``%``, CR and LF: a
    line break stays one inside the annotation, never a new command), and then every
    other control character visible: none is left raw in the log."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A workflow command's property (file, title): also ``:`` and ``,``, as GitHub asks."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(check: PlanCheck, out: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per finding."""
    for f in check.findings:
        level = "error" if f.es_error else "warning"
        path = _escape_property(display_path(check.plan_dir, f.archivo))
        out.write(
            f"::{level} file={path},line={f.linea},col={f.columna},"
            f"title={_escape_property(f.codigo)}::{_escape_data(f.mensaje)}\n"
        )


def _junit_line(f: Finding) -> str:
    return visible(f"{f.archivo}:{f.linea}:{f.columna} [{f.codigo}] {f.mensaje}")


def write_junit(check: PlanCheck, out: TextIO, strict: bool = False) -> None:
    """JUnit XML (GitLab and most CI systems): one test case per file, one failure per error.

    ElementTree writes any character it is given, but XML 1.0 forbids most controls (and
    surrogates): every user text goes through ``visible`` so the report stays well-formed.
    """
    from xml.etree import ElementTree as ET  # only this format needs it: not at start-up

    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in check.findings:
        by_file[f.archivo].append(f)
    files = ["plan.yaml", *(c for c in sorted(by_file) if c != "plan.yaml")]
    for c in check.compromisos:
        if c.archivo not in files:
            files.append(c.archivo)
    failing = 0
    suite = ET.Element("testsuite", name="hdr validar")
    for archivo in files:
        case = ET.SubElement(suite, "testcase", classname="hdr.validar", name=visible(archivo))
        case.set("file", display_path(check.plan_dir, archivo))
        problems = [f for f in by_file.get(archivo, []) if f.es_error or strict]
        if problems:
            failing += 1
            first = problems[0]
            failure = ET.SubElement(
                case, "failure", message=visible(first.mensaje), type=visible(first.codigo)
            )
            failure.text = "\n".join(_junit_line(f) for f in problems)
        notes = [f for f in by_file.get(archivo, []) if f not in problems]
        if notes:
            out_el = ET.SubElement(case, "system-out")
            out_el.text = "\n".join(_junit_line(f) for f in notes)
    suite.set("tests", str(len(files)))
    suite.set("failures", str(failing))
    suites = ET.Element("testsuites", name="hdr", tests=str(len(files)), failures=str(failing))
    suites.append(suite)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")


def write_text(check: PlanCheck, console: Console, al: str, strict: bool = False) -> None:
    """Summary first, then findings grouped by file; readable with or without colour.

    ``al``: the evaluation date as the summary says it («21 de noviembre de 2026»).

    Lines are wrapped by hand and printed in one call: tens of thousands of findings
    (a file of unknown keys) print in about a second, not in half a minute.
    """
    from rich.text import Text

    nombre = check.plan["nombre"] if check.plan else None
    name = visible_line(str(nombre)) if nombre else visible(str(check.plan_dir))
    header = Text()
    header.append("hdr validar", style="bold")
    header.append(f" · {name}")
    console.print(header)
    summary = _("{archivos} al {fecha}: {errores}, {advertencias}.").format(
        archivos=plural(check.archivos, "archivo revisado", "archivos revisados"),
        fecha=al,
        errores=plural(check.errores, "error", "errores"),
        advertencias=plural(check.advertencias, "advertencia", "advertencias"),
    )
    ok = check.errores == 0 and not (strict and check.advertencias)
    verdict = Text(
        "✔ " + _("Todo en orden.") + " " if ok else "✘ " + _("Hay problemas que corregir.") + " "
    )
    verdict.stylize("bold green" if ok else "bold red")
    verdict.append(summary, style="")
    console.print(verdict)
    if not check.findings:
        return
    hint = _("Para saber más de un código: hdr validar --explicar CODIGO")
    lines = [*_finding_lines(check, width=max(20, console.width - 4))]
    if len(check.findings) > SUMMARY_AFTER:
        lines += _summary_lines(check)
    lines += [[], [(hint, "dim")]]
    if not console.is_terminal:
        # A CI log or a file: no styles to draw, so skip rich's layout altogether.
        console.file.write("\n".join("".join(t for t, _ in line) for line in lines) + "\n")
        return
    from rich.text import Text

    console.print(
        Text("\n").join(Text.assemble(*line) for line in lines), soft_wrap=True, no_wrap=True
    )


Piece = tuple[str, str]  # text and its rich style

# More findings than this and the text ends with counts by code and by file: the
# first screens of a long list say little about where most of the work is.
SUMMARY_AFTER = 20


def _summary_lines(check: PlanCheck) -> list[list[Piece]]:
    by_code = Counter(f.codigo for f in check.findings)
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for f in check.findings:
        (errors if f.es_error else warnings)[f.archivo] += 1
    lines: list[list[Piece]] = [[], [(_("Resumen por código"), "bold")]]
    width = max(len(c) for c in by_code)
    for codigo, n in sorted(by_code.items(), key=lambda item: (-item[1], item[0])):
        lines.append([("  ", ""), (codigo.ljust(width), "dim"), (f"  {n}", "")])
    lines += [[], [(_("Resumen por archivo"), "bold")]]
    for archivo in sorted(set(errors) | set(warnings), key=lambda a: (a != "plan.yaml", a)):
        errs = plural(errors[archivo], "error", "errores")
        counts = f"{errs}, {plural(warnings[archivo], 'advertencia', 'advertencias')}"
        lines.append([("  ", ""), (display_path(check.plan_dir, archivo), ""), (f": {counts}", "")])
    return lines


def _finding_lines(check: PlanCheck, width: int) -> list[list[Piece]]:
    """The findings by file, as lines of styled pieces (plain text is the pieces joined)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in check.findings:
        by_file[f.archivo].append(f)
    lines: list[list[Piece]] = []
    # visible() leaves no tabs or line breaks to expand, and not breaking at hyphens keeps
    # codes and dates whole: both spare work that 45,000 findings would notice.
    wrapper = textwrap.TextWrapper(
        width=width, break_on_hyphens=False, expand_tabs=False, replace_whitespace=False
    )
    error, warning = (_("ERROR"), "bold red"), (_("ADVERTENCIA"), "bold yellow")
    place = _("línea {linea}, col. {columna}")
    for archivo, items in by_file.items():
        lines += [[], [(display_path(check.plan_dir, archivo), "bold underline")]]
        for f in items:
            label = error if f.es_error else warning
            where = place.format(linea=f.linea, columna=f.columna)
            lines.append([("  ", ""), (where, "cyan"), ("  ", ""), label, (f"  {f.codigo}", "dim")])
            # Wrapped by hand: continuation lines keep the indent and carry no padding.
            # Messages quote YAML values: their control characters are shown, not sent.
            lines += [[("    " + row, "")] for row in wrapper.wrap(visible(f.mensaje))]
    return lines
