"""Messages of ``hdr exportar`` and ``hdr importar``.

File names, cell values and the messages that quote them are user text: they reach the
terminal through ``visible``, so a cell cannot recolour it or forge a line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.text import Text

from hojaderuta.text.i18n import _, ngettext
from hojaderuta.text.numbers import plural
from hojaderuta.text.safetext import visible

if TYPE_CHECKING:
    from rich.console import Console

    from hojaderuta.sheets.apply import Importacion
    from hojaderuta.sheets.export import Exportacion
    from hojaderuta.sheets.problems import Problema


def write_export(
    result: Exportacion, out: Console, err: Console, shown: Callable[[Path], str]
) -> None:
    for archivo, f in result.fuera.items():
        message = _(
            "Aviso: {archivo} está en la hoja Compromisos solo como consulta, sin sus hitos, "
            "por sus errores ([{codigo}] {mensaje}); corríjalo con «hdr validar»."
        )
        shown_f = message.format(
            archivo=visible(archivo), codigo=f.codigo, mensaje=visible(f.mensaje)
        )
        err.print(Text(shown_f, style="yellow"))
    for archivo in result.sin_cifras:
        message = _(
            "Aviso: {archivo} tiene errores (vea «hdr validar»): sus filas están en el libro, "
            "sin avance calculado."
        )
        err.print(Text(message.format(archivo=visible(archivo)), style="yellow"))
    hitos, actividades = result.count("Hitos"), result.count("Actividades")  # sheet names
    counts = ", ".join(
        [
            plural(result.count("Compromisos"), "compromiso", "compromisos"),
            ngettext("{n} hito", "{n} hitos", hitos).format(n=hitos),
            ngettext("{n} actividad", "{n} actividades", actividades).format(n=actividades),
        ]
    )
    if result.modo != "avance":
        _write_whole(result, out, shown, counts)
        return
    if len(result.archivos) == 1:
        written = _("Libro escrito: {ruta} ({cuantos}).")
        out.print(Text("✔ " + written.format(ruta=shown(result.archivos[0]), cuantos=counts)))
    else:
        out.print(Text("✔ " + _("Archivos CSV escritos ({cuantos}):").format(cuantos=counts)))
        for path in result.archivos:
            out.print(Text(f"  {shown(path)}"))
    out.print(
        Text(
            _(
                "Se llenan las columnas de encabezado amarillo (o las de avance en los CSV); "
                "después, «hdr importar ARCHIVO» revisa cada fila y aplica los cambios."
            )
        )
    )


def _write_whole(
    result: Exportacion, out: Console, shown: Callable[[Path], str], counts: str
) -> None:
    """``--plantilla`` / ``--completo``: the whole-roadmap workbook."""
    target = shown(result.archivos[0])
    if result.modo == "plantilla":
        out.print(Text("✔ " + _("Plantilla escrita: {ruta}.").format(ruta=target)))
        out.print(
            Text(
                _(
                    "Copie en ella las hojas de ruta (una columna por campo del Anexo 1; vea la "
                    "hoja Instrucciones) y cree los compromisos con "
                    "«hdr importar ARCHIVO --nuevos»."
                )
            )
        )
        return
    whole = _("Hoja de ruta completa escrita: {ruta} ({cuantos}).")
    out.print(Text("✔ " + whole.format(ruta=target, cuantos=counts)))
    out.print(Text(_("Se importa en un plan con «hdr importar ARCHIVO --nuevos».")))


def _where(p: Problema) -> str:
    return visible(f"{p.lugar}: {p.mensaje}" if p.lugar else p.mensaje)


def _visible_diff(text: str) -> str:
    """A unified diff for the terminal: what is inside each line made visible, the line
    breaks kept (a CR before the LF too: a file with CRLF endings shows no ``\\r``)."""
    lines = []
    for line in text.split("\n"):
        body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        lines.append(visible(body) + cr)
    return "\n".join(lines)


def write_import(result: Importacion, out: Console, err: Console, diff: TextIO) -> None:
    """The warnings, then the problems (nothing written), the diff, or what changed."""
    name = visible(result.origen.name)
    _write_import_warnings(result, err, name)
    if result.problemas:
        _write_problems(result, err, name)
        return
    rows = plural(result.filas, "fila revisada", "filas revisadas")
    if result.nuevos:
        _write_created(result, out, diff, rows)
        return
    if not result.archivos:
        same = _("Sin cambios: {libro} coincide con los archivos del plan ({filas}).")
        out.print(Text(same.format(libro=f"«{name}»", filas=rows)))
        return
    n = len(result.archivos)
    if result.simulado:
        for f in result.archivos:
            diff.write(_visible_diff(f.diff()))
        diff.flush()
        would = ngettext(
            "Simulación: se cambiaría {n} archivo ({filas}); no se escribió nada.",
            "Simulación: se cambiarían {n} archivos ({filas}); no se escribió nada.",
            n,
        )
        out.print(Text(would.format(n=n, filas=rows)))
        return
    done = ngettext(
        "Se actualizó {n} archivo con {libro} ({filas}):",
        "Se actualizaron {n} archivos con {libro} ({filas}):",
        n,
    )
    out.print(Text("✔ " + done.format(n=n, libro=f"«{name}»", filas=rows)))
    for f in result.archivos:
        out.print(Text(f"  {visible(f.archivo)}"))
        for line in f.cambios:
            out.print(Text(f"    {visible(line)}"))
    out.print(Text(_("Revise con «git diff» y guarde con «git commit».")))


def _write_import_warnings(result: Importacion, err: Console, name: str) -> None:
    """What to know before the result: --todo's reach, a workbook without its baseline,
    and the warnings about single cells."""
    if result.todo:
        err.print(
            Text(
                _(
                    "ATENCIÓN: --todo aplica también las columnas de la hoja de ruta ACORDADA "
                    "(nombre, ponderación, fechas, descripción…). La hoja de ruta no se modifica "
                    "unilateralmente: registre cada cambio en «modificaciones» del compromiso, "
                    "con la fecha y el acuerdo que lo respalda; sin esa entrada «hdr validar» "
                    "señala «cambio-sin-acuerdo» cuando el plan tiene línea base."
                ),
                style="bold red",
            )
        )
    if not result.con_base:
        err.print(
            Text(
                _(
                    "Aviso: {libro} no dice qué tenía al exportarse (lo escribió una versión "
                    "anterior de hdr, o faltan _hdr.csv junto a los CSV): no se puede saber si "
                    "alguien cambió los archivos después, y cada celda distinta del archivo se "
                    "aplica, aunque borre un avance más reciente. Para evitarlo, exporte de nuevo."
                ).format(libro=f"«{name}»"),
                style="yellow",
            )
        )
    for p in result.avisos:
        err.print(Text(_("Aviso: {aviso}").format(aviso=_where(p)), style="yellow"))
    if result.avisos_omitidos:
        more = plural(result.avisos_omitidos, "aviso más", "avisos más")
        omitted = _("Aviso: … y {mas} (se muestran los primeros).").format(mas=more)
        err.print(Text(omitted, style="yellow"))


def _write_created(result: Importacion, out: Console, diff: TextIO, rows: str) -> None:
    """``--nuevos``: the files created (or, with --simular, their text)."""
    files = plural(len(result.archivos), "compromiso nuevo", "compromisos nuevos")
    if result.simulado:
        for f in result.archivos:
            diff.write(_visible_diff(f.diff()))
        diff.flush()
        would = _("Simulación: se crearían {compromisos} ({filas}); no se escribió nada.")
        out.print(Text(would.format(compromisos=files, filas=rows)))
        return
    made = _("Se crearon {compromisos} con {libro} ({filas}):")
    libro = f"«{visible(result.origen.name)}»"
    out.print(Text("✔ " + made.format(compromisos=files, libro=libro, filas=rows)))
    for f in result.archivos:
        out.print(Text(f"  {visible(f.archivo)}"))
        for line in f.cambios:
            out.print(Text(f"    {visible(line)}"))
    if result.borrador:
        out.print(
            Text(
                _(
                    "Los valores obligatorios que faltaban dicen COMPLETAR: «hdr validar» los "
                    "señala (plantilla-sin-llenar) para completarlos."
                )
            )
        )
    out.print(Text(_("Revise con «hdr validar» y guarde con «git add» y «git commit».")))


def _write_problems(result: Importacion, err: Console, name: str) -> None:
    """Nothing was written: every problem kept (the rest counted), conflicts explained."""
    total = len(result.problemas) + result.problemas_omitidos
    err.print(
        Text(
            "✘ "
            + _("{problemas} en {libro}; no se cambió ningún archivo:").format(
                problemas=plural(total, "problema", "problemas"), libro=f"«{name}»"
            ),
            style="bold red",
        )
    )
    for p in result.problemas:
        err.print(Text(f"  {_where(p)}"))
    if result.problemas_omitidos:
        more = plural(result.problemas_omitidos, "problema más", "problemas más")
        err.print(Text("  " + _("… y {mas} (se muestran los primeros).").format(mas=more)))
    if result.conflictos:
        err.print(
            Text(
                _(
                    "Un conflicto es una celda que el libro cambió y que alguien más cambió "
                    "en el archivo después de exportarlo: decida cuál queda."
                )
            )
        )
