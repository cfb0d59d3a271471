"""Renderers for ``hdr avance``: texto (rich), csv, markdown; json comes from ``progress``.

Names come from the plan's files (and provenance from git): on a terminal and in Markdown
they are shown with ``visible_line``; CSV keeps them as they are, except that a text a
spreadsheet would run as a formula gets a leading ``'`` (``text.csvcell``), and starts
with a BOM so that Excel reads its accents right. One commitment's detail is in
``progress_detail``, what falls due next in ``upcoming``, Markdown in ``progress_md``.
"""

from __future__ import annotations

import csv
import textwrap
from typing import TYPE_CHECKING, TextIO

from hojaderuta.core.findings import Finding
from hojaderuta.progress import (
    CompromisoAvance,
    Estado,
    Grupo,
    PlanAvance,
    SinCalcular,
    r2,
)
from hojaderuta.text.csvcell import BOM, csv_row, fixed
from hojaderuta.text.describe import shorten
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.numbers import percent, plural
from hojaderuta.text.safetext import visible_line

if TYPE_CHECKING:
    from _csv import Writer

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

STYLES = {
    Estado.CUMPLIDO: "bold green",
    Estado.EN_TIEMPO: "cyan",
    Estado.CON_REZAGO: "bold red",
    Estado.NO_INICIADO: "dim",
    Estado.SIN_CALCULAR: "bold yellow",
}
BAR_WIDTH = 20
# A missing institution, as it is shown: a fact the file does not give, never a blank.
# Marked here, translated where shown: _(SIN_INSTITUCION).
SIN_INSTITUCION = N_("sin institución registrada")


def bar(avance: float, esperado: float, width: int = BAR_WIDTH) -> str:
    """A text bar: filled up to avance, with ┃ marking where it should be (esperado)."""
    filled = round(avance / 100 * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    mark = min(width - 1, round(esperado / 100 * width))
    if esperado > 0 and round(esperado) != round(avance):
        cells[mark] = "┃"
    return "".join(cells)


def finding_text(f: Finding, indent: int) -> Text:
    """«compromisos/07.yaml:12  mensaje», dim, indented: a finding under its commitment."""
    from rich.text import Text

    return Text(" " * indent + visible_line(f"{f.archivo}:{f.linea}  {f.mensaje}"), style="dim")


def left_out(c: SinCalcular) -> str:
    """«compromiso 7 (no tiene hitos)»; by its file when it has no readable number."""
    if c.numero is None:
        return f"{c.archivo} ({c.motivo})"
    return _("compromiso {n} ({motivo})").format(n=c.numero, motivo=c.motivo)


def estado_count(e: Estado, n: int) -> str:
    """«1 cumplido», «2 cumplidos», «3 no iniciados», «2 en tiempo»."""
    return e.cuenta(n)


def summary_line(plan: PlanAvance) -> str:
    """The headline: the average and how many commitments it covers, and which not."""
    counts = plan.por_estado()
    parts = [estado_count(e, n) for e, n in counts.items() if n and e is not Estado.SIN_CALCULAR]
    head = _("Avance del plan al {fecha}: {avance} (esperado {esperado})").format(
        fecha=plan.al.isoformat(),
        avance=percent(plan.avance),
        esperado=percent(plan.esperado),
    )
    if not plan.total:
        return f"{head} · " + _("sin compromisos todavía.")
    total = plural(plan.total, "compromiso", "compromisos")
    if not plan.sin_calcular:
        return f"{head} · {total}: {', '.join(parts)}."
    if parts:
        tail = _("{contados} de {total} en el promedio ({estados}); {n} sin calcular: {cuales}.")
    else:
        tail = _("{contados} de {total} en el promedio; {n} sin calcular: {cuales}.")
    return f"{head} · " + tail.format(
        contados=len(plan.compromisos),
        total=total,
        estados=", ".join(parts),
        n=len(plan.sin_calcular),
        cuales="; ".join(left_out(c) for c in plan.sin_calcular),
    )


def notes(c: CompromisoAvance) -> list[str]:
    """What a row adds after the state: overdue and late hitos, observations."""
    out = []
    if c.vencidos:
        out.append(_late(c))
    if late := len(c.con_retraso):
        out.append(plural(late, "cumplido con retraso", "cumplidos con retraso"))
    if n := len(c.observaciones):
        out.append(plural(n, "observación", "observaciones"))
    return out


def _name_width(console: Console, fixed: list[int]) -> int:
    """Room left for the name column once the fixed columns and their gaps are placed."""
    gaps = 3 * len(fixed)  # padding and a separator between neighbouring columns
    return max(12, console.width - sum(fixed) - gaps)


def _table(console: Console) -> Table:
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")


# Below this width the plan view lists each commitment on two lines instead of a table.
WIDE = 100


def _late(c: CompromisoAvance) -> str:
    return plural(len(c.vencidos), "hito vencido", "hitos vencidos")


def write_text(plan: PlanAvance, console: Console) -> None:
    from rich.text import Text

    console.print(Text(visible_line(plan.nombre), style="bold"))
    console.print(summary_line(plan))
    console.print()
    if console.width < WIDE:
        for c in plan.compromisos:
            title = textwrap.fill(
                f"{c.numero:>3}  {visible_line(c.nombre)}",
                width=console.width,
                subsequent_indent=" " * 5,
            )
            console.print(Text(title, style="bold"))
            figures = "     " + _("{barra}  {avance} (esperado {esperado})").format(
                barra=bar(c.avance, c.esperado),
                avance=percent(c.avance),
                esperado=percent(c.esperado),
            )
            state = Text(c.estado.palabra, style=STYLES[c.estado])
            for note in notes(c):
                state.append(f" · {note}")
            if len(figures) + 2 + len(state) <= console.width:
                console.print(Text(figures + "  ").append_text(state))
            else:  # a phone-sized terminal: the state goes on its own line
                console.print(Text(figures))
                console.print(Text("     ").append_text(state))
    else:
        fixed = [3, BAR_WIDTH, 8, 8, 11, 8]
        width = _name_width(console, fixed)
        table = _table(console)
        table.add_column(_("N.º"), justify="right", no_wrap=True, min_width=3)
        table.add_column(_("Compromiso"), no_wrap=True, max_width=width)
        table.add_column(_("Progreso"), no_wrap=True, min_width=BAR_WIDTH)
        table.add_column(_("Avance"), justify="right", no_wrap=True, min_width=8)
        table.add_column(_("Esperado"), justify="right", no_wrap=True, min_width=8)
        table.add_column(_("Estado"), no_wrap=True, min_width=11)
        table.add_column(_("Vencidos"), justify="right", no_wrap=True, min_width=8)
        for c in plan.compromisos:
            table.add_row(
                str(c.numero),
                Text(shorten(visible_line(c.nombre), width)),  # Text: never read as markup
                bar(c.avance, c.esperado),
                percent(c.avance),
                percent(c.esperado),
                Text(c.estado.palabra, style=STYLES[c.estado]),
                str(len(c.vencidos)) if c.vencidos else "—",
            )
        console.print(table)
        _write_text_notes(plan, console)
    _write_text_left_out(plan, console)
    console.print()
    legend = _("█ avance   ┃ avance esperado a la fecha")
    console.print(legend, style="dim")


def _write_text_notes(plan: PlanAvance, console: Console) -> None:
    """Below the table: late completions and observations, which have no column."""
    from rich.text import Text

    for c in plan.compromisos:
        extra = notes(c)[1 if c.vencidos else 0 :]  # overdue hitos have their column
        if extra:
            console.print(Text(f"  {c.numero}: {', '.join(extra)}.", style="dim"))


def _write_text_left_out(plan: PlanAvance, console: Console) -> None:
    from rich.text import Text

    if not plan.sin_calcular:
        return
    console.print()
    console.print(Text(_("Sin calcular (fuera del promedio del plan):"), style="bold yellow"))
    for c in plan.sin_calcular:
        console.print(Text(f"  {visible_line(c.titulo)}", style="bold"))
        console.print(Text(f"     {c.motivo[:1].upper()}{c.motivo[1:]}."))
        for f in c.hallazgos[:3]:
            console.print(finding_text(f, 5))
        if len(c.hallazgos) > 3:
            more = _("… y {n} más (hdr validar).").format(n=len(c.hallazgos) - 3)
            console.print(Text(f"     {more}", style="dim"))


def numeros(g: Grupo) -> str:
    """«1, 3»: which commitments a group has (its «Cuáles» column)."""
    return ", ".join(str(c.numero) for c in g.compromisos)


def con_rezago(g: Grupo) -> int:
    return sum(1 for c in g.compromisos if c.estado is Estado.CON_REZAGO)


def write_text_groups(plan: PlanAvance, por: str, groups: list[Grupo], console: Console) -> None:
    """One row per group: how many commitments («Compromisos»), which ones («Cuáles»),
    their mean progress and expected progress, and how many are behind; on a narrow
    terminal, two lines per group instead of the table."""
    from rich.text import Text

    console.print(Text(visible_line(plan.nombre), style="bold"))
    console.print(summary_line(plan))
    if console.width < WIDE:
        for g in groups:
            console.print()
            console.print(Text(textwrap.fill(visible_line(g.nombre), console.width), style="bold"))
            # A percentage never splits: a space before «%» (some locales) cannot break.
            line = group_line(g).replace(" %", "\xa0%")
            for row in textwrap.wrap(line, width=max(20, console.width - 3)):
                console.print(Text("   " + row.replace("\xa0", " ")))
        return
    which = max([6, *(len(numeros(g)) for g in groups)])
    table = _table(console)
    fixed = [11, min(which, 16), 12, 14, 10]
    table.add_column(_(GROUP_TITLES[por]), max_width=_name_width(console, fixed))
    table.add_column(_("Compromisos"), justify="right", no_wrap=True, min_width=11)
    table.add_column(_("Cuáles"), min_width=6, max_width=16)
    table.add_column(_("Avance medio"), justify="right", no_wrap=True, min_width=12)
    table.add_column(_("Esperado medio"), justify="right", no_wrap=True, min_width=14)
    table.add_column(_("Con rezago"), justify="right", no_wrap=True, min_width=10)
    for g in groups:
        table.add_row(
            Text(visible_line(g.nombre)),  # Text: «[/]» in a name is not markup
            str(len(g.compromisos)),
            numeros(g),
            percent(g.avance),
            percent(g.esperado),
            str(con_rezago(g)),
        )
    console.print(table)


def group_line(g: Grupo) -> str:
    """«2 compromisos (1, 3) · avance medio 65 % · esperado medio 82.50 % · 1 con rezago»."""
    late = con_rezago(g)
    counted = plural(len(g.compromisos), "compromiso", "compromisos")
    return " · ".join(
        [
            f"{counted} ({numeros(g)})",
            _("avance medio {avance}").format(avance=percent(g.avance)),
            _("esperado medio {esperado}").format(esperado=percent(g.esperado)),
            _("{n} con rezago").format(n=late) if late else _("ninguno con rezago"),
        ]
    )


# The first column's title by grouping (marked here, translated where shown).
GROUP_TITLES = {"institucion": N_("Institución"), "ods": N_("ODS"), "eje": N_("Eje")}

CSV_COLUMNS = [
    "numero",
    "nombre",
    "archivo",
    "avance",
    "esperado",
    "estado",
    "responsables",
    "hitos",
    "hitos_cumplidos",
    "hitos_vencidos",
    "hitos_con_retraso",
    "observaciones",
    "motivo",
]


def csv_writer(out: TextIO) -> Writer:
    """A CSV writer on ``out``, which gets the BOM first (Excel then reads UTF-8)."""
    out.write(BOM)
    return csv.writer(out, lineterminator="\n")


def write_csv(plan: PlanAvance, out: TextIO) -> None:
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in plan.compromisos:
        writer.writerow(
            csv_row(
                [
                    c.numero,
                    c.nombre,
                    c.archivo,
                    fixed(r2(c.avance)),
                    fixed(r2(c.esperado)),
                    str(c.estado),
                    "; ".join(c.responsables),
                    len(c.hitos),
                    sum(1 for h in c.hitos if h.cumplido),
                    len(c.vencidos),
                    len(c.con_retraso),
                    len(c.observaciones),
                    "",
                ]
            )
        )
    for left in plan.sin_calcular:
        # Every commitment has a row: empty figures, and why.
        cells = [left.numero or "", left.nombre or "", left.archivo, "", "", str(left.estado)]
        writer.writerow(csv_row([*cells, "", "", "", "", "", len(left.hallazgos), left.motivo]))


def write_csv_compromiso(c: CompromisoAvance | None, out: TextIO) -> None:
    """One row per hito; only the header for a commitment without computable hitos."""
    writer = csv_writer(out)
    writer.writerow(
        [
            "compromiso",
            "indice",
            "nombre",
            "ponderacion",
            "inicio",
            "termino",
            "cumplido",
            "fecha_cumplimiento",
            "evidencias",
            "verificado_por",
            "verificado_fecha",
            "vencido",
            "dias_de_retraso",
        ]
    )
    for h in c.hitos if c is not None else []:
        writer.writerow(
            csv_row(
                [
                    c.numero if c is not None else "",
                    h.indice,
                    h.nombre,
                    r2(h.ponderacion),
                    h.inicio.isoformat(),
                    h.termino.isoformat(),
                    "true" if h.cumplido else "false",
                    h.fecha_cumplimiento.isoformat() if h.fecha_cumplimiento else "",
                    h.evidencias,
                    h.verificado_por or "",
                    h.verificado_fecha.isoformat() if h.verificado_fecha else "",
                    "true" if h.vencido else "false",
                    h.retraso or "",
                ]
            )
        )


def write_csv_groups(por: str, groups: list[Grupo], out: TextIO) -> None:
    """``compromisos`` counts them; ``numeros`` says which («1 3»)."""
    writer = csv_writer(out)
    writer.writerow([por, "compromisos", "numeros", "avance_medio", "esperado_medio", "con_rezago"])
    for g in groups:
        writer.writerow(
            csv_row(
                [
                    g.nombre,
                    len(g.compromisos),
                    " ".join(str(c.numero) for c in g.compromisos),
                    fixed(r2(g.avance)),
                    fixed(r2(g.esperado)),
                    con_rezago(g),
                ]
            )
        )
