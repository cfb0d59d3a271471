"""``hdr avance --proximos DÍAS``: overdue hitos and the ones due next, in text, CSV and
Markdown (the JSON document is ``progress.proximos_json``).

Each hito is named as people read it: its commitment («Compromiso 3 · Nombre»), the hito
(«hito 2 · Nombre»), the institution of its responsible person (or that the file does not
say), its end date and its situation in words («venció hace 12 días»). Overdue hitos come
first, oldest first; then the ones due within DÍAS days of the evaluation date.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, TextIO

from hojaderuta.cli.reporters.progress import SIN_INSTITUCION, csv_writer
from hojaderuta.progress import PlanAvance, Proximos, Vencimiento
from hojaderuta.text.csvcell import csv_row
from hojaderuta.text.dates import long_date
from hojaderuta.text.markdown import markdown_cell
from hojaderuta.text.numbers import plural
from hojaderuta.text.safetext import visible_line

if TYPE_CHECKING:
    from rich.console import Console

CSV_COLUMNS = [
    "compromiso",
    "compromiso_nombre",
    "hito",
    "nombre",
    "institucion",
    "termino",
    "dias",
    "vencido",
    "situacion",
]


def ventana(dias: int) -> str:
    """How far ahead the list looks, after «vence(n)»: «en los próximos 30 días»."""
    if dias == 0:
        return "ese mismo día"
    if dias == 1:
        return "ese día o el siguiente"
    return f"en los próximos {dias} días"


def headline(plan: PlanAvance, found: Proximos) -> str:
    """«Al 21 de noviembre de 2026: 1 hito vencido; 2 vencen en los próximos 30 días.»"""
    when = f"Al {long_date(plan.al)}"
    window = ventana(found.dias)
    if not found:
        return f"{when} no hay hitos vencidos ni que venzan {window}."
    late = len(found.vencidos)
    overdue = plural(late, "hito vencido", "hitos vencidos") if late else "ningún hito vencido"
    soon = len(found.proximos)
    due = f"{soon} {'vence' if soon == 1 else 'vencen'}" if soon else "ninguno vence"
    return f"{when}: {overdue}; {due} {window}."


def section_titles(found: Proximos) -> tuple[str, str]:
    """«Vencidos (1)», «Por vencer en los próximos 30 días (2)»."""
    return (
        f"Vencidos ({len(found.vencidos)})",
        f"Por vencer {ventana(found.dias)} ({len(found.proximos)})",
    )


def left_out_note(plan: PlanAvance) -> str:
    """What the list cannot include: hitos of commitments whose progress is not computed."""
    if not plan.sin_calcular:
        return ""
    n = len(plan.sin_calcular)
    which = plural(n, "compromiso sin calcular", "compromisos sin calcular")
    return f"No incluye los hitos de {which} (detalles con «hdr validar»)."


def compromiso_title(v: Vencimiento) -> str:
    return f"Compromiso {v.compromiso.numero} · {v.compromiso.nombre}"


def hito_title(v: Vencimiento) -> str:
    return f"hito {v.hito.indice} · {v.hito.nombre}"


# --- texto ---------------------------------------------------------------------------


def write_text(plan: PlanAvance, found: Proximos, console: Console) -> None:
    from rich.text import Text

    console.print(Text(visible_line(plan.nombre), style="bold"))
    console.print(Text(headline(plan, found)))
    if found:
        late, soon = section_titles(found)
        _write_section(late, found.vencidos, "bold red", console)
        _write_section(soon, found.proximos, "bold", console)
    if note := left_out_note(plan):
        console.print()
        console.print(Text(note, style="dim"))


def _write_section(title: str, items: list[Vencimiento], style: str, console: Console) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(title, style=style))
    if not items:
        console.print(Text("  Ninguno.", style="dim"))
    for i, v in enumerate(items):
        if i:
            console.print()
        _write_item(v, console)


def _lines(text: str, console: Console, indent: str) -> list[str]:
    width = max(20, console.width - len(indent))
    rows = textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)
    return [indent + row for row in rows]


def _write_item(v: Vencimiento, console: Console) -> None:
    from rich.text import Text

    for row in _lines(visible_line(compromiso_title(v)), console, "  "):
        console.print(Text(row, style="bold"))
    for row in _lines(visible_line(hito_title(v)), console, "    "):
        console.print(Text(row))
    institucion = visible_line(v.hito.institucion) or f"({SIN_INSTITUCION})"
    for row in _lines(f"Responsable: {institucion}", console, "    "):
        console.print(Text(row))
    when = Text(f"    Término: {v.hito.termino.isoformat()} · ")
    when.append(v.situacion, style="bold red" if v.vencido else "bold")
    console.print(when)


# --- csv -----------------------------------------------------------------------------


def write_csv(found: Proximos, out: TextIO) -> None:
    """One row per hito, overdue first; ``vencido`` says which (``true``/``false``)."""
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for v in [*found.vencidos, *found.proximos]:
        writer.writerow(
            csv_row(
                [
                    v.compromiso.numero,
                    v.compromiso.nombre,
                    v.hito.indice,
                    v.hito.nombre,
                    v.hito.institucion,
                    v.hito.termino.isoformat(),
                    v.dias,
                    "true" if v.vencido else "false",
                    v.situacion,
                ]
            )
        )


# --- markdown ------------------------------------------------------------------------

_MD_HEADER = "| N.º | Compromiso | Hito | Institución | Término | Situación |\n"
_MD_ALIGN = "| ---: | --- | --- | --- | --- | --- |\n"


def _md(value: str) -> str:
    return markdown_cell(visible_line(value))


def write_markdown(plan: PlanAvance, found: Proximos, out: TextIO) -> None:
    out.write(f"**{_md(plan.nombre)}**\n\n{_md(headline(plan, found))}\n")
    if found:
        late, soon = section_titles(found)
        for title, items in ((late, found.vencidos), (soon, found.proximos)):
            out.write(f"\n**{title}**\n\n")
            if not items:
                out.write("Ninguno.\n")
                continue
            out.write(_MD_HEADER + _MD_ALIGN)
            for v in items:
                cells = [
                    str(v.compromiso.numero),
                    _md(v.compromiso.nombre),
                    _md(hito_title(v)),
                    _md(v.hito.institucion) or "—",
                    v.hito.termino.isoformat(),
                    v.situacion,
                ]
                out.write("| " + " | ".join(cells) + " |\n")
    if note := left_out_note(plan):
        out.write(f"\n{_md(note)}\n")
