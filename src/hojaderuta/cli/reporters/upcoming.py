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
from hojaderuta.text.i18n import N_, _, ngettext
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
        return _("ese mismo día")
    if dias == 1:
        return _("ese día o el siguiente")
    return ngettext("en los próximos {n} día", "en los próximos {n} días", dias).format(n=dias)


def headline(plan: PlanAvance, found: Proximos) -> str:
    """«Al 21 de noviembre de 2026: 1 hito vencido; 2 vencen en los próximos 30 días.»"""
    fecha = long_date(plan.al)
    window = ventana(found.dias)
    if not found:
        return _("Al {fecha} no hay hitos vencidos ni que venzan {ventana}.").format(
            fecha=fecha, ventana=window
        )
    late = len(found.vencidos)
    overdue = plural(late, "hito vencido", "hitos vencidos") if late else _("ningún hito vencido")
    soon = len(found.proximos)
    if soon:
        due = ngettext("{n} vence {ventana}", "{n} vencen {ventana}", soon)
    else:
        due = _("ninguno vence {ventana}")
    return _("Al {fecha}: {vencidos}; {por_vencer}.").format(
        fecha=fecha, vencidos=overdue, por_vencer=due.format(n=soon, ventana=window)
    )


def section_titles(found: Proximos) -> tuple[str, str]:
    """«Vencidos (1)», «Por vencer en los próximos 30 días (2)»."""
    return (
        _("Vencidos ({n})").format(n=len(found.vencidos)),
        _("Por vencer {ventana} ({n})").format(ventana=ventana(found.dias), n=len(found.proximos)),
    )


def left_out_note(plan: PlanAvance) -> str:
    """What the list cannot include: hitos of commitments whose progress is not computed."""
    if not plan.sin_calcular:
        return ""
    n = len(plan.sin_calcular)
    which = plural(n, "compromiso sin calcular", "compromisos sin calcular")
    return _("No incluye los hitos de {cuales} (detalles con «hdr validar»).").format(cuales=which)


def compromiso_title(v: Vencimiento) -> str:
    return _("Compromiso {n} · {nombre}").format(n=v.compromiso.numero, nombre=v.compromiso.nombre)


def hito_title(v: Vencimiento) -> str:
    return _("hito {n} · {nombre}").format(n=v.hito.indice, nombre=v.hito.nombre)


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
        console.print(Text("  " + _("Ninguno."), style="dim"))
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
    institucion = visible_line(v.hito.institucion) or f"({_(SIN_INSTITUCION)})"
    responsible = _("Responsable: {institucion}").format(institucion=institucion)
    for row in _lines(responsible, console, "    "):
        console.print(Text(row))
    end = _("Término: {fecha}").format(fecha=v.hito.termino.isoformat())
    when = Text(f"    {end} · ")
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

# The table's titles, translated where written.
_MD_TITLES = (
    N_("N.º"),
    N_("Compromiso"),
    N_("Hito"),
    N_("Institución"),
    N_("Término"),
    N_("Situación"),
)
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
                out.write(_("Ninguno.") + "\n")
                continue
            out.write("| " + " | ".join(_(t) for t in _MD_TITLES) + " |\n" + _MD_ALIGN)
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
