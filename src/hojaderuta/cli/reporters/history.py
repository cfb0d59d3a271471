"""Renderers for ``hdr historial`` and ``hdr cambios``: texto (rich) and csv.

JSON comes from the library (``History.as_json``, ``Cambios.as_json``). Every CSV starts
with a UTF-8 BOM (``text.csvcell.BOM``), so a spreadsheet reads its accents right.

Authors and subjects come from git, names and values from the plan's files: on a terminal
they go through ``visible`` (a commit subject can hold an ESC as easily as a YAML value);
``describe_event`` and ``value_text`` (in ``text.describe``) stay raw, as the site
escapes them its own way.
"""

from __future__ import annotations

import csv
import json
import textwrap
from collections import defaultdict
from typing import TYPE_CHECKING, Any, TextIO

from hojaderuta.text.csvcell import BOM, csv_row, fixed
from hojaderuta.text.describe import day_text, describe_event, shorten, value_text
from hojaderuta.text.i18n import _, ngettext, pgettext
from hojaderuta.text.numbers import percent, plural
from hojaderuta.text.safetext import visible, visible_line

if TYPE_CHECKING:
    from rich.console import Console

    from hojaderuta.git.changes import Cambios
    from hojaderuta.git.history import Evento, History

EVENT_COLUMNS = [
    "fecha",
    "commit",
    "autor",
    "mensaje",
    "tipo",
    "compromiso",
    "hito",
    "campo",
    "antes",
    "despues",
    "nota",
]
SERIE_COLUMNS = ["fecha", "commit", "avance", "compromisos"]


def _wrap(text: str, width: int) -> list[str]:
    # File names and JSON pointers are not broken at their hyphens.
    return textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)


def _day_time(fecha: str) -> str:
    return fecha[:16].replace("T", " ") + " " + fecha[19:]


def write_text(history: History, console: Console) -> None:
    """The timeline: one block per commit (oldest first), its events and the plan's avance."""
    from rich.text import Text

    by_commit: dict[str, list[Evento]] = defaultdict(list)
    for e in history.eventos:
        by_commit[e.commit.sha].append(e)
    console.print(Text(_headline(history), style="bold"))
    if not history.completo:
        console.print(
            Text(
                _("Historia incompleta (clon superficial): faltan los commits más antiguos."),
                style="bold yellow",
            )
        )
    width = max(30, console.width - 4)
    for punto in history.serie:
        c = punto.commit
        console.print()
        head = Text(f"{_day_time(c.fecha)}  ", style="bold")
        head.append(c.corto, style="cyan")
        head.append(f"  {visible_line(c.autor)}")
        console.print(head, soft_wrap=True)  # one line per commit, however narrow
        if c.mensaje:
            console.print(Text(f"  {shorten(visible_line(c.mensaje), width)}", style="italic"))
        for e in by_commit.get(c.sha, []):
            for i, row in enumerate(_wrap(visible(describe_event(e)), width)):
                console.print(Text(("  • " if i == 0 else "    ") + row))
        n = punto.compromisos
        said = _("Avance del plan: {avance}").format(avance=percent(punto.avance))
        counted = f" ({plural(n, 'compromiso', 'compromisos')})" if n else ""
        console.print(Text(f"  {said}{counted}", style="dim"))
    if not history.serie:
        console.print()
        console.print(_("Ningún commit toca todavía los archivos del plan."))


def _headline(history: History) -> str:
    """«Historial «Plan»: 3 commits que tocan el plan, 5 eventos.»"""
    commits = len(history.serie)
    eventos = plural(len(history.eventos), "evento", "eventos")
    if history.plan:
        text = ngettext(
            "Historial {plan}: {n} commit que toca el plan, {eventos}.",
            "Historial {plan}: {n} commits que tocan el plan, {eventos}.",
            commits,
        )
        return text.format(plan=f"«{visible_line(history.plan)}»", n=commits, eventos=eventos)
    text = ngettext(
        "Historial del plan: {n} commit que toca el plan, {eventos}.",
        "Historial del plan: {n} commits que tocan el plan, {eventos}.",
        commits,
    )
    return text.format(n=commits, eventos=eventos)


def _cell(value: Any) -> object:
    """A value before or after a change: text and numbers as they are, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value  # a number stays a number in CSV (``csv_row`` neutralises only text)
    return json.dumps(value, ensure_ascii=False)


def write_csv(history: History, out: TextIO) -> None:
    """One row per event (``antes``/``despues``: text as is, other values as JSON;
    ``nota``: the note given when a hito was reopened)."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for e in history.eventos:
        c = e.commit
        cambio = e.tipo == "cambio"
        writer.writerow(
            csv_row(
                [
                    c.fecha,
                    c.sha,
                    c.autor,
                    c.mensaje,
                    e.tipo,
                    e.compromiso,
                    "" if e.hito is None else e.hito,
                    e.campo or "",
                    _cell(e.antes) if cambio else "",
                    _cell(e.despues) if cambio else "",
                    e.nota or "",
                ]
            )
        )


def write_csv_serie(history: History, out: TextIO) -> None:
    """One row per commit that touched the plan: its date, sha and the plan's avance."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SERIE_COLUMNS)
    for p in history.serie:
        avance = "" if p.avance is None else fixed(round(p.avance, 2))
        writer.writerow(csv_row([p.commit.fecha, p.commit.sha, avance, p.compromisos]))


def write_text_serie(history: History, console: Console) -> None:
    from rich.text import Text

    for p in history.serie:
        c = p.commit
        subject = visible_line(c.mensaje)
        console.print(Text(f"{c.fecha[:10]}  {c.corto}  {percent(p.avance):>8}  {subject}"))


# --- hdr cambios ------------------------------------------------------------------------


def write_text_cambios(result: Cambios, console: Console) -> None:
    from rich.text import Text

    c = result.commit
    head = _("Cambios a la hoja de ruta acordada desde {ref} (commit {sha}, del {fecha}).")
    desde = f"«{visible(result.desde)}»"
    fecha = day_text(c.fecha[:10])
    console.print(Text(head.format(ref=desde, sha=c.corto, fecha=fecha), style="bold"))
    if not result.compromisos:
        console.print(_("Ningún campo acordado cambió desde la línea base."))
    width = max(30, console.width - 6)
    for item in result.compromisos:
        console.print()
        where = f" ({visible(item.archivo)})" if item.archivo else ""
        name = visible_line(item.nombre)
        heading = _("Compromiso {n}. {nombre}{archivo}:").format(
            n=item.numero, nombre=name, archivo=where
        )
        title = Text(heading + " ", style="bold")
        title.append(_ESTADOS[item.estado]())
        if item.justificado:
            title.append(" · " + _("con acuerdo registrado"), style="green")
        else:
            title.append(" · " + _("SIN ACUERDO REGISTRADO"), style="bold red")
        console.print(title)
        for change in item.cambios:
            antes = value_text(change.antes, _("(no existía)"))
            despues = value_text(change.despues, _("(se quitó)"))
            line = f"{change.lugar()}: {antes} → {despues}"
            for i, row in enumerate(_wrap(visible(line), width)):
                console.print(Text(("  • " if i == 0 else "    ") + row))
        if item.modificaciones:
            console.print(Text("  " + _("Modificaciones registradas desde la línea base:")))
            for m in item.modificaciones:
                parts = [str(m.get(k)) for k in ("fecha", "descripcion", "acuerdo") if m.get(k)]
                for i, row in enumerate(_wrap(visible_line(" — ".join(parts)), width)):
                    console.print(Text(("  ✓ " if i == 0 else "    ") + row))
        else:
            _write_unsupported(item.estado == "eliminado", console)
    if result.compromisos:
        console.print()
        con = plural(len(result.compromisos), "compromiso", "compromisos")
        summary = _("{compromisos} con cambios; {n} sin acuerdo registrado.")
        console.print(summary.format(compromisos=con, n=result.sin_acuerdo))


def _write_unsupported(eliminado: bool, console: Console) -> None:
    """What a change without recorded modifications lacks."""
    from rich.text import Text

    if eliminado:
        said = _(
            "El archivo ya no existe: deje constancia del acuerdo que lo eliminó "
            "(por ejemplo, en la minuta o en el plan publicado)."
        )
        console.print(Text("  " + said))
        return
    said = _(
        "Falta una entrada en «modificaciones» (fecha, descripción y acuerdo) "
        "que respalde el cambio."
    )
    console.print(Text("  " + said, style="red"))


# A commitment's state against the baseline, as shown (the key is the JSON's value).
_ESTADOS = {
    "nuevo": lambda: pgettext("cambio", "nuevo"),
    "modificado": lambda: pgettext("cambio", "modificado"),
    "eliminado": lambda: pgettext("cambio", "eliminado"),
}
