"""Renderers for ``hdr avance``: texto (rich), csv, markdown; json comes from ``progress``.

Names come from the plan's files (and provenance from git): on a terminal and in Markdown
they are shown with ``visible_line``; CSV keeps them as they are, except that a text a
spreadsheet would run as a formula gets a leading ``'`` (``text.csvcell``).
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
from hojaderuta.text.csvcell import csv_row, fixed
from hojaderuta.text.describe import shorten
from hojaderuta.text.numbers import pct_terminal
from hojaderuta.text.safetext import visible_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

_STYLES = {
    Estado.CUMPLIDO: "bold green",
    Estado.EN_TIEMPO: "cyan",
    Estado.CON_REZAGO: "bold red",
    Estado.NO_INICIADO: "dim",
    Estado.SIN_CALCULAR: "bold yellow",
}
BAR_WIDTH = 20


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
    who = f"compromiso {c.numero}" if c.numero is not None else c.archivo
    return f"{who} ({c.motivo})"


def summary_line(plan: PlanAvance) -> str:
    """The headline: the average and how many commitments it covers, and which not."""
    counts = plan.por_estado()
    parts = [f"{n} {e.palabra}" for e, n in counts.items() if n and e is not Estado.SIN_CALCULAR]
    total = len(plan.compromisos)
    noun = "compromiso" if plan.total == 1 else "compromisos"
    head = (
        f"Avance del plan al {plan.al.isoformat()}: {pct_terminal(plan.avance)} "
        f"(esperado {pct_terminal(plan.esperado)}) · "
    )
    if not plan.sin_calcular:
        return f"{head}{total} {noun}: {', '.join(parts)}."
    states = f" ({', '.join(parts)})" if parts else ""
    missing = "; ".join(left_out(c) for c in plan.sin_calcular)
    return (
        f"{head}{total} de {plan.total} {noun} en el promedio{states}; "
        f"{len(plan.sin_calcular)} sin calcular: {missing}."
    )


def notes(c: CompromisoAvance) -> list[str]:
    """What a row adds after the state: overdue and late hitos, observations."""
    out = []
    if c.vencidos:
        out.append(_late(c))
    if late := len(c.con_retraso):
        out.append(f"{late} cumplido{'s' if late > 1 else ''} con retraso")
    if n := len(c.observaciones):
        out.append(f"{n} observaci{'ón' if n == 1 else 'ones'}")
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
    n = len(c.vencidos)
    return f"{n} hito vencido" if n == 1 else f"{n} hitos vencidos"


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
            figures = (
                f"     {bar(c.avance, c.esperado)}  {pct_terminal(c.avance)} "
                f"(esperado {pct_terminal(c.esperado)})"
            )
            state = Text(c.estado.palabra, style=_STYLES[c.estado])
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
        table.add_column("N.º", justify="right", no_wrap=True, min_width=3)
        table.add_column("Compromiso", no_wrap=True, max_width=width)
        table.add_column("Progreso", no_wrap=True, min_width=BAR_WIDTH)
        table.add_column("Avance", justify="right", no_wrap=True, min_width=8)
        table.add_column("Esperado", justify="right", no_wrap=True, min_width=8)
        table.add_column("Estado", no_wrap=True, min_width=11)
        table.add_column("Vencidos", justify="right", no_wrap=True, min_width=8)
        for c in plan.compromisos:
            table.add_row(
                str(c.numero),
                Text(shorten(visible_line(c.nombre), width)),  # Text: never read as markup
                bar(c.avance, c.esperado),
                pct_terminal(c.avance),
                pct_terminal(c.esperado),
                Text(c.estado.palabra, style=_STYLES[c.estado]),
                str(len(c.vencidos)) if c.vencidos else "—",
            )
        console.print(table)
        _write_text_notes(plan, console)
    _write_text_left_out(plan, console)
    console.print()
    console.print("█ avance   ┃ avance esperado a la fecha", style="dim")


def _write_text_notes(plan: PlanAvance, console: Console) -> None:
    """Below the table: late completions and observations, which have no column."""
    from rich.text import Text

    for c in plan.compromisos:
        extra = [n for n in notes(c) if not n.endswith(("vencido", "vencidos"))]
        if extra:
            console.print(Text(f"  {c.numero}: {', '.join(extra)}.", style="dim"))


def _write_text_left_out(plan: PlanAvance, console: Console) -> None:
    from rich.text import Text

    if not plan.sin_calcular:
        return
    console.print()
    console.print(Text("Sin calcular (fuera del promedio del plan):", style="bold yellow"))
    for c in plan.sin_calcular:
        console.print(Text(f"  {visible_line(c.titulo)}", style="bold"))
        console.print(Text(f"     {c.motivo[:1].upper()}{c.motivo[1:]}."))
        for f in c.hallazgos[:3]:
            console.print(finding_text(f, 5))
        if len(c.hallazgos) > 3:
            console.print(Text(f"     … y {len(c.hallazgos) - 3} más (hdr validar).", style="dim"))


def write_text_sin_calcular(c: SinCalcular, console: Console) -> None:
    from rich.text import Text

    console.print(Text(visible_line(c.titulo), style="bold"))
    console.print(Text(f"Sin calcular: {visible_line(c.motivo)}.", style=_STYLES[c.estado]))
    console.print(Text(f"Queda fuera del promedio del plan. Archivo: {visible_line(c.archivo)}."))
    for f in c.hallazgos:
        console.print(finding_text(f, 3))


def write_text_compromiso(
    plan: PlanAvance,
    c: CompromisoAvance,
    console: Console,
    procedencia: dict[int, str] | None = None,
) -> None:
    from rich.text import Text

    console.print(Text(f"Compromiso {c.numero}. {visible_line(c.nombre)}", style="bold"))
    line = Text(
        f"Al {plan.al.isoformat()}: avance {pct_terminal(c.avance)}, "
        f"esperado {pct_terminal(c.esperado)}, "
    )
    line.append(c.estado.palabra, style=_STYLES[c.estado])
    line.append(f". Responsables: {'; '.join(map(visible_line, c.responsables))}.")
    console.print(line)
    console.print(Text(bar(c.avance, c.esperado)))
    if c.observaciones:
        n = len(c.observaciones)
        console.print(Text(f"{n} observaci{'ón' if n == 1 else 'ones'} (cuenta en el promedio):"))
        for f in c.observaciones[:5]:
            console.print(finding_text(f, 3))
    for h in c.hitos:
        console.print()
        title = f"Hito {h.indice}. {visible_line(h.nombre)} ({pct_terminal(h.ponderacion)})"
        console.print(Text(title, style="bold"))
        facts = [f"del {h.inicio.isoformat()} al {h.termino.isoformat()}"]
        if h.fecha_cumplimiento:
            facts.append(f"{h.situacion} el {h.fecha_cumplimiento.isoformat()}")
        else:
            facts.append("no cumplido")
        facts.append(f"{h.evidencias} evidencia" + ("" if h.evidencias == 1 else "s"))
        if h.verificado_por and h.verificado_fecha:
            por = visible_line(h.verificado_por)
            facts.append(f"verificado por {por} el {h.verificado_fecha.isoformat()}")
        if h.vencido:
            facts.append("VENCIDO")
        # Wrapped by hand so continuation lines keep the indent and carry no padding.
        for row in textwrap.wrap(" · ".join(facts), width=max(20, console.width - 3)):
            detail = Text("   " + row)
            detail.highlight_words(["VENCIDO", "con retraso"], style="bold red")
            console.print(detail)
        if procedencia and h.indice in procedencia:
            said = visible_line(procedencia[h.indice])  # names git authors
            text = said[:1].upper() + said[1:] + "."
            for row in textwrap.wrap(text, width=max(20, console.width - 3)):
                console.print(Text("   " + row, style="dim"))
    console.print()
    console.print(
        "Las actividades guían el trabajo pero no cuentan para el avance: solo los hitos "
        "cumplidos, por su ponderación.",
        style="dim",
    )


def write_text_groups(plan: PlanAvance, por: str, groups: list[Grupo], console: Console) -> None:
    from rich.text import Text

    console.print(Text(visible_line(plan.nombre), style="bold"))
    console.print(summary_line(plan))
    table = _table(console)
    table.add_column(GROUP_TITLES[por], max_width=_name_width(console, [11, 12, 14, 10]))
    table.add_column("Compromisos", justify="right", min_width=11)
    table.add_column("Avance medio", justify="right", no_wrap=True, min_width=12)
    table.add_column("Esperado medio", justify="right", no_wrap=True, min_width=14)
    table.add_column("Con rezago", justify="right", no_wrap=True, min_width=10)
    for g in groups:
        late = sum(1 for c in g.compromisos if c.estado is Estado.CON_REZAGO)
        table.add_row(
            Text(visible_line(g.nombre)),  # Text: «[/]» in a name is not markup
            ", ".join(str(c.numero) for c in g.compromisos),
            pct_terminal(g.avance),
            pct_terminal(g.esperado),
            str(late),
        )
    console.print(table)


GROUP_TITLES = {"institucion": "Institución", "ods": "ODS", "eje": "Eje"}

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


def write_csv(plan: PlanAvance, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
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
    writer = csv.writer(out, lineterminator="\n")
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
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([por, "compromisos", "avance_medio", "esperado_medio"])
    for g in groups:
        writer.writerow(
            csv_row(
                [
                    g.nombre,
                    " ".join(str(c.numero) for c in g.compromisos),
                    fixed(r2(g.avance)),
                    fixed(r2(g.esperado)),
                ]
            )
        )
