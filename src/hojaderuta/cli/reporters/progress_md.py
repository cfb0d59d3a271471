"""``hdr avance --formato markdown``: GFM tables, every commitment, user text escaped."""

from __future__ import annotations

from typing import TextIO

from hojaderuta.cli.reporters.progress import (
    GROUP_TITLES,
    con_rezago,
    notes,
    numeros,
    summary_line,
)
from hojaderuta.cli.reporters.progress_detail import notas_lines
from hojaderuta.progress import CompromisoAvance, Grupo, HitoAvance, PlanAvance, SinCalcular
from hojaderuta.text.i18n import _
from hojaderuta.text.markdown import markdown_cell, markdown_link, markdown_text
from hojaderuta.text.numbers import percent
from hojaderuta.text.safetext import visible_line


def _md(value: str) -> str:
    """User text in Markdown (often printed as is): one cell, controls visible."""
    return markdown_cell(visible_line(value))


def _md_table(header: list[str], rows: list[list[str]], align: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    for row in rows:
        lines.append("| " + " | ".join(_md(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _left_out_rows(plan: PlanAvance) -> list[list[str]]:
    return [
        [
            str(c.numero) if c.numero is not None else "—",
            c.nombre or c.archivo,
            "—",
            "—",
            f"{c.estado.palabra}: {c.motivo}",
            "—",
        ]
        for c in plan.sin_calcular
    ]


def write_markdown(plan: PlanAvance, out: TextIO) -> None:
    out.write(f"**{_md(plan.nombre)}**\n\n{_md(summary_line(plan))}\n\n")
    rows = [
        [
            str(c.numero),
            c.nombre,
            percent(c.avance),
            percent(c.esperado),
            " · ".join([c.estado.palabra, *notes(c)[1 if c.vencidos else 0 :]]),
            str(len(c.vencidos)),
        ]
        for c in plan.compromisos
    ]
    out.write(
        _md_table(
            [
                _("N.º"),
                _("Compromiso"),
                _("Avance"),
                _("Esperado"),
                _("Estado"),
                _("Hitos vencidos"),
            ],
            rows + _left_out_rows(plan),
            ["---:", "---", "---:", "---:", "---", "---:"],
        )
    )


def write_markdown_sin_calcular(c: SinCalcular, out: TextIO) -> None:
    why = _("Sin calcular: {motivo}.").format(motivo=_md(c.motivo))
    out.write(f"**{_md(c.titulo)}**\n\n{why}\n\n")
    for f in c.hallazgos:
        out.write(f"- `{_md(f.archivo)}:{f.linea}` {_md(f.mensaje)}\n")


def write_markdown_compromiso(plan: PlanAvance, c: CompromisoAvance, out: TextIO) -> None:
    title = _("Compromiso {n}. {nombre}").format(n=c.numero, nombre=_md(c.nombre))
    figures = _("Al {fecha}: avance {avance}, esperado {esperado}, {estado}.").format(
        fecha=plan.al.isoformat(),
        avance=percent(c.avance),
        esperado=percent(c.esperado),
        estado=c.estado.palabra,
    )
    out.write(f"**{title}**\n\n{figures}\n\n")
    rows = [
        [
            str(h.indice),
            h.nombre,
            percent(h.ponderacion),
            h.inicio.isoformat(),
            h.termino.isoformat(),
            f"{h.situacion}, {h.fecha_cumplimiento.isoformat()}"
            if h.fecha_cumplimiento
            else _("no"),
            str(h.evidencias),
            h.verificado_por or "—",
            _("sí") if h.vencido else _("no"),
        ]
        for h in c.hitos
    ]
    out.write(
        _md_table(
            [
                "#",
                _("Hito"),
                _("Peso"),
                _("Inicio"),
                _("Término"),
                _("Cumplido"),
                _("Evidencias"),
                _("Verificó"),
                _("Vencido"),
            ],
            rows,
            ["---:", "---", "---:", "---", "---", "---", "---:", "---", "---"],
        )
    )
    _write_notas_y_enlaces(c.hitos, out)
    if c.observaciones:
        said = _("Observaciones ({n}; cuenta en el promedio):").format(n=len(c.observaciones))
        out.write(f"\n{said}\n\n")
        for f in c.observaciones:
            out.write(f"- `{_md(f.archivo)}:{f.linea}` {_md(f.mensaje)}\n")


def _write_notas_y_enlaces(hitos: list[HitoAvance], out: TextIO) -> None:
    """Below the table, for each hito that has them: its notes and its evidence, a web
    address as an autolink (``markdown_link``), anything else as inert text."""
    said = [h for h in hitos if h.notas.strip() or h.enlaces]
    if not said:
        return
    out.write("\n" + _("Notas y evidencias de los hitos:") + "\n\n")
    for h in said:
        out.write("- **" + _("Hito {n}.").format(n=h.indice) + f"** {_md(h.nombre)}\n")
        if lines := notas_lines(h.notas):
            notas = " ".join(markdown_text(line) for line in lines)
            out.write("  - " + _("Notas:") + f" {notas}\n")
        if h.enlaces:
            label = _("Evidencia:") if len(h.enlaces) == 1 else _("Evidencias:")
            links = ", ".join(markdown_link(visible_line(e)) for e in h.enlaces)
            out.write(f"  - {label} {links}\n")


def write_markdown_groups(plan: PlanAvance, por: str, groups: list[Grupo], out: TextIO) -> None:
    """«Compromisos» counts them; «Cuáles» says which."""
    out.write(f"**{_md(plan.nombre)}**\n\n{_md(summary_line(plan))}\n\n")
    rows = [
        [
            g.nombre,
            str(len(g.compromisos)),
            numeros(g),
            percent(g.avance),
            percent(g.esperado),
            str(con_rezago(g)),
        ]
        for g in groups
    ]
    out.write(
        _md_table(
            [
                _(GROUP_TITLES[por]),
                _("Compromisos"),
                _("Cuáles"),
                _("Avance medio"),
                _("Esperado medio"),
                _("Con rezago"),
            ],
            rows,
            ["---", "---:", "---", "---:", "---:", "---:"],
        )
    )
