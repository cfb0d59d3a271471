"""Messages of ``hdr exportar`` and ``hdr importar``.

File names, cell values and the messages that quote them are user text: they reach the
terminal through ``visible``, so a cell cannot recolour it or forge a line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.text import Text

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
        err.print(
            Text(
                f"Aviso: {visible(archivo)} está en la hoja Compromisos solo como consulta, "
                f"sin sus hitos, por sus errores ([{f.codigo}] {visible(f.mensaje)}); "
                "corríjalo con «hdr validar».",
                style="yellow",
            )
        )
    for archivo in result.sin_cifras:
        err.print(
            Text(
                f"Aviso: {visible(archivo)} tiene errores (vea «hdr validar»): sus filas "
                "están en el libro, sin avance calculado.",
                style="yellow",
            )
        )
    counts = ", ".join(
        [
            plural(result.count("Compromisos"), "compromiso", "compromisos"),
            plural(result.count("Hitos"), "hito", "hitos"),
            plural(result.count("Actividades"), "actividad", "actividades"),
        ]
    )
    if result.modo != "avance":
        _write_whole(result, out, shown, counts)
        return
    if len(result.archivos) == 1:
        out.print(Text(f"✔ Libro escrito: {shown(result.archivos[0])} ({counts})."))
    else:
        out.print(Text(f"✔ Archivos CSV escritos ({counts}):"))
        for path in result.archivos:
            out.print(Text(f"  {shown(path)}"))
    out.print(
        Text(
            "Se llenan las columnas de encabezado amarillo (o las de avance en los CSV); "
            "después, «hdr importar ARCHIVO» revisa cada fila y aplica los cambios."
        )
    )


def _write_whole(
    result: Exportacion, out: Console, shown: Callable[[Path], str], counts: str
) -> None:
    """``--plantilla`` / ``--completo``: the whole-roadmap workbook."""
    target = shown(result.archivos[0])
    if result.modo == "plantilla":
        out.print(Text(f"✔ Plantilla escrita: {target}."))
        out.print(
            Text(
                "Copie en ella las hojas de ruta (una columna por campo del Anexo 1; vea la "
                "hoja Instrucciones) y cree los compromisos con «hdr importar ARCHIVO --nuevos»."
            )
        )
        return
    out.print(Text(f"✔ Hoja de ruta completa escrita: {target} ({counts})."))
    out.print(Text("Se importa en un plan con «hdr importar ARCHIVO --nuevos»."))


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
    if result.todo:
        err.print(
            Text(
                "ATENCIÓN: --todo aplica también las columnas de la hoja de ruta ACORDADA "
                "(nombre, ponderación, fechas, descripción…). La hoja de ruta no se modifica "
                "unilateralmente: registre cada cambio en «modificaciones» del compromiso, con "
                "la fecha y el acuerdo que lo respalda; sin esa entrada «hdr validar» señala "
                "«cambio-sin-acuerdo» cuando el plan tiene línea base.",
                style="bold red",
            )
        )
    name = visible(result.origen.name)
    if not result.con_base:
        err.print(
            Text(
                f"Aviso: «{name}» no dice qué tenía al exportarse (lo escribió una versión "
                "anterior de hdr, o faltan _hdr.csv junto a los CSV): no se puede saber si "
                "alguien cambió los archivos después, y cada celda distinta del archivo se "
                "aplica, aunque borre un avance más reciente. Para evitarlo, exporte de nuevo.",
                style="yellow",
            )
        )
    for p in result.avisos:
        err.print(Text(f"Aviso: {_where(p)}", style="yellow"))
    if result.avisos_omitidos:
        more = plural(result.avisos_omitidos, "aviso más", "avisos más")
        err.print(Text(f"Aviso: … y {more} (se muestran los primeros).", style="yellow"))
    if result.problemas:
        _write_problems(result, err, name)
        return
    rows = plural(result.filas, "fila revisada", "filas revisadas")
    if result.nuevos:
        _write_created(result, out, diff, rows)
        return
    if not result.archivos:
        out.print(Text(f"Sin cambios: «{name}» coincide con los archivos del plan ({rows})."))
        return
    files = plural(len(result.archivos), "archivo", "archivos")
    many = len(result.archivos) > 1
    if result.simulado:
        for f in result.archivos:
            diff.write(_visible_diff(f.diff()))
        diff.flush()
        verb = "cambiarían" if many else "cambiaría"
        out.print(Text(f"Simulación: se {verb} {files} ({rows}); no se escribió nada."))
        return
    out.print(
        Text(f"✔ Se {'actualizaron' if many else 'actualizó'} {files} con «{name}» ({rows}):")
    )
    for f in result.archivos:
        out.print(Text(f"  {visible(f.archivo)}"))
        for line in f.cambios:
            out.print(Text(f"    {visible(line)}"))
    out.print(Text("Revise con «git diff» y guarde con «git commit»."))


def _write_created(result: Importacion, out: Console, diff: TextIO, rows: str) -> None:
    """``--nuevos``: the files created (or, with --simular, their text)."""
    files = plural(len(result.archivos), "compromiso nuevo", "compromisos nuevos")
    if result.simulado:
        for f in result.archivos:
            diff.write(_visible_diff(f.diff()))
        diff.flush()
        out.print(Text(f"Simulación: se crearían {files} ({rows}); no se escribió nada."))
        return
    out.print(Text(f"✔ Se crearon {files} con «{visible(result.origen.name)}» ({rows}):"))
    for f in result.archivos:
        out.print(Text(f"  {visible(f.archivo)}"))
        for line in f.cambios:
            out.print(Text(f"    {visible(line)}"))
    if result.borrador:
        out.print(
            Text(
                "Los valores obligatorios que faltaban dicen COMPLETAR: «hdr validar» los "
                "señala (plantilla-sin-llenar) para completarlos."
            )
        )
    out.print(Text("Revise con «hdr validar» y guarde con «git add» y «git commit»."))


def _write_problems(result: Importacion, err: Console, name: str) -> None:
    """Nothing was written: every problem kept (the rest counted), conflicts explained."""
    total = len(result.problemas) + result.problemas_omitidos
    err.print(
        Text(
            f"✘ {plural(total, 'problema', 'problemas')} en «{name}»; no se cambió ningún archivo:",
            style="bold red",
        )
    )
    for p in result.problemas:
        err.print(Text(f"  {_where(p)}"))
    if result.problemas_omitidos:
        more = plural(result.problemas_omitidos, "problema más", "problemas más")
        err.print(Text(f"  … y {more} (se muestran los primeros)."))
    if result.conflictos:
        err.print(
            Text(
                "Un conflicto es una celda que el libro cambió y que alguien más cambió "
                "en el archivo después de exportarlo: decida cuál queda."
            )
        )
