"""``hdr importar``: apply a filled-in workbook (or its CSV files) to the commitment
files, all or nothing.

Every row is checked first (a known commitment, hito and activity; real dates and
booleans; evidence for a hito marked done). Only the cells the workbook changed since
its export count (``sheets.base``): a cell left as exported never overwrites a newer
report in the file, and a cell both changed is a conflict. A cell equal in meaning to
the file changes nothing, so an unchanged export imports without touching a byte. The
changed files are built with the round-trip edit of ``hdr marcar``
(``authoring.pipeline``: only the changed lines differ) and the whole plan is
validated with them in place; only when there is no problem at all is anything
written.
"""

from __future__ import annotations

import difflib
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from hojaderuta.authoring import yamledit as rt
from hojaderuta.authoring.editing import ACTIVIDAD_ORDER, HITO_ORDER, VERIFICADO_ORDER
from hojaderuta.authoring.pipeline import round_trip
from hojaderuta.checks import PLAN_HAS_ERRORS, validate_plan
from hojaderuta.core.findings import Finding
from hojaderuta.core.validation import PlanCheck
from hojaderuta.errors import UsageError
from hojaderuta.journal import write_files
from hojaderuta.locking import plan_lock
from hojaderuta.sheets.base import read_base
from hojaderuta.sheets.fullspec import MARK_SHEET
from hojaderuta.sheets.problems import Problema
from hojaderuta.sheets.read import Book, read_book
from hojaderuta.sheets.rows import Changes, Remove, Rows
from hojaderuta.sheets.spec import SHEETS, text_of
from hojaderuta.text.i18n import _


@dataclass
class ArchivoCambiado:
    archivo: str  # relative to the plan
    path: Path
    antes: bytes
    despues: bytes
    cambios: list[str] = field(default_factory=list)  # one line per changed row

    def diff(self) -> str:
        before = self.antes.decode("utf-8").splitlines(keepends=True)
        after = self.despues.decode("utf-8").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, f"a/{self.archivo}", f"b/{self.archivo}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class Importacion:
    origen: Path
    todo: bool
    simulado: bool
    filas: int = 0
    problemas: list[Problema] = field(default_factory=list)
    avisos: list[Problema] = field(default_factory=list)
    archivos: list[ArchivoCambiado] = field(default_factory=list)
    escrito: bool = False
    problemas_omitidos: int = 0  # only counted, beyond the ones kept (rows.MAX_REPORTED)
    avisos_omitidos: int = 0
    con_base: bool = True  # the workbook says what it was at export (three-way import)
    nuevos: bool = False  # --nuevos: new commitment files (``sheets.migrate``)
    borrador: bool = False  # --borrador: required values left empty became COMPLETAR

    @property
    def conflictos(self) -> int:
        return sum(1 for p in self.problemas if p.conflicto)


def importar(
    plan_dir: Path, origen: Path, *, hoy: date, todo: bool = False, simular: bool = False
) -> Importacion:
    """Check every row of ``origen`` against the plan and, when all is well, apply it."""
    # The plan's lock from reading the files to writing them: another hdr that writes
    # meanwhile waits, and this import is not built upon stale bytes.
    with read_book(origen) as book, nullcontext() if simular else plan_lock(plan_dir):
        return _import_locked(plan_dir, book, origen, hoy=hoy, todo=todo, simular=simular)


def _import_locked(
    plan_dir: Path, book: Book, origen: Path, *, hoy: date, todo: bool, simular: bool
) -> Importacion:
    check = validate_plan(plan_dir, al=hoy)
    if check.plan is None:
        raise UsageError(_(PLAN_HAS_ERRORS))
    if MARK_SHEET in book.hojas:
        raise UsageError(
            _(
                "«{archivo}» es la hoja de ruta completa («hdr exportar --plantilla» o "
                "«--completo»): se importa con --nuevos, que crea los compromisos que describe."
            ).format(archivo=origen.name)
        )
    if book.plan_id and book.plan_id != check.plan["id"]:
        raise UsageError(
            _(
                "«{archivo}» se exportó del plan «{otro}», y este plan es «{plan}»: ¿es el "
                "libro correcto?"
            ).format(archivo=origen.name, otro=book.plan_id, plan=check.plan["id"])
        )
    rows = _read_rows(book, check, todo)
    files = _changed_files(rows)
    if files:
        _validate(rows, check, plan_dir, hoy, files)
    order = {t.label: i for i, t in enumerate(book.tables)}

    def where(p: Problema) -> tuple[int, int]:  # the workbook's order; file lines last
        return (order.get(p.hoja, len(order)) if p.hoja else len(order), p.fila or 0)

    problems, warnings = sorted(rows.problemas, key=where), sorted(rows.avisos, key=where)
    result = Importacion(origen, todo, simular, rows.filas, problems, warnings, files)
    result.problemas_omitidos, result.avisos_omitidos = (
        rows.problemas_omitidos,
        rows.avisos_omitidos,
    )
    result.con_base = rows.base is not None
    if result.problemas or simular or not files:
        return result
    # All or nothing, even when hdr is killed halfway: the journal finishes or undoes it.
    # A file someone saved since it was read is a WriteConflictError, nothing written.
    write_files(plan_dir, [(f.path, f.antes, f.despues) for f in files])
    result.escrito = True
    return result


def _read_rows(book: Book, check: PlanCheck, todo: bool) -> Rows:
    """Every row of every table, streamed, against the plan and the export's base."""
    rows = Rows.of(check, todo)
    if book.base_rows is not None:
        rows.base = read_base(book.base_rows, book.base_label)
    for table in book.tables:
        rows.read(table)
    return rows


# --- Files -------------------------------------------------------------------------------


def _changed_files(run: Rows) -> list[ArchivoCambiado]:
    """The files the rows change, edited in memory; a file that cannot be is a problem."""
    files = []
    for archivo, target in run.targets.items():
        path = target.doc.document.path
        raw = path.read_bytes()
        _outcome, new = round_trip(
            raw, path, archivo, partial(_apply_changes, changes=target.changes)
        )
        if new is None:
            run.problemas.append(
                Problema(
                    _(
                        "No se pudo hacer el cambio sin alterar otras líneas del archivo; "
                        "hágalo a mano (vea docs/guia-enlaces.md)."
                    ),
                    archivo=archivo,
                )
            )
        elif new != raw:
            files.append(ArchivoCambiado(archivo, path, raw, new, target.lines))
    return sorted(files, key=lambda f: f.archivo)


def _apply_changes(data: Any, changes: Changes) -> None:
    for (hito, actividad), edits in changes.items():
        item, order = data["hitos"][hito], HITO_ORDER
        if actividad is not None:
            item, order = item["actividades"][actividad], ACTIVIDAD_ORDER
        for key, value in edits.items():
            _set_value(item, key, value, order)


def _set_value(item: Any, key: str, value: Any, order: list[str]) -> None:
    """One cell's change to the loaded data, keeping what is unchanged as it was written."""
    if isinstance(value, Remove):
        rt.remove_key(item, key)
    elif key == "verificado":
        por, fecha = value
        current = item.get("verificado")
        if not isinstance(current, dict):
            rt.set_key(item, key, rt.new_map([("por", por), ("fecha", fecha)]), order)
            return
        for name, new in (("por", por), ("fecha", fecha)):
            if text_of(current.get(name)) != text_of(new):  # an unchanged value keeps its quotes
                rt.set_key(current, name, new, VERIFICADO_ORDER)
    elif key == "evidencia":
        current = item.get(key)
        if isinstance(current, list) and len(value) >= len(current):
            for i, link in enumerate(value[: len(current)]):
                if current[i] != link:
                    current[i] = link
            for link in value[len(current) :]:
                rt.append_item(current, link)
        else:  # fewer links: a new list where the old one was (its trailing comments move)
            rt.remove_key(item, key)
            rt.set_key(item, key, rt.new_seq(value), order)
    elif isinstance(value, str):
        rt.set_key(item, key, rt.text_value(value), order)
    elif isinstance(value, float) and value.is_integer():
        rt.set_key(item, key, int(value), order)
    else:
        rt.set_key(item, key, value, order)


def _validate(
    run: Rows, check: PlanCheck, plan_dir: Path, hoy: date, files: list[ArchivoCambiado]
) -> None:
    """Check the whole plan with the new files in place; point each finding at its row."""
    overrides = {f.archivo: f.despues for f in files}
    after = validate_plan(plan_dir, al=hoy, overrides=overrides)
    before = {(f.archivo, f.codigo, f.ruta) for f in check.findings}
    for f in after.findings:
        if f.archivo not in overrides:
            continue
        known = (f.archivo, f.codigo, f.ruta) in before
        text = f"{f.mensaje} [{f.codigo}]"
        if f.es_error:
            if known:
                text = _(
                    "{mensaje} [{codigo}] (ya estaba en el archivo antes de importar: "
                    "corríjalo primero; vea «hdr validar»)"
                ).format(mensaje=f.mensaje, codigo=f.codigo)
            run.problemas.append(_place(run, f, text))
        elif not known:
            place = _place(run, f, text)
            if place.hoja is not None:
                run.avisos.append(place)


def _place(run: Rows, f: Finding, text: str) -> Problema:
    """The row and column a finding is about, when the workbook has that row."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in f.ruta.split("/")[1:]]
    numero = run.targets[f.archivo].doc.data["numero"]
    if len(parts) >= 2 and parts[0] == "hitos" and parts[1].isdigit():
        hito = int(parts[1]) + 1
        if len(parts) >= 4 and parts[2] == "actividades" and parts[3].isdigit():
            sheet, rest = "Actividades", parts[4:]
            found = run.rows_at.get((sheet, numero, hito, int(parts[3]) + 1))
        else:
            sheet, rest = "Hitos", parts[2:]
            found = run.rows_at.get((sheet, numero, hito, None))
            if rest[:1] == ["verificado"]:
                rest = ["verificado_" + (rest[1] if len(rest) > 1 else "por")]
        if found is not None:
            names = {c.name for c in SHEETS[sheet]}
            column = rest[0] if rest and rest[0] in names else None
            return Problema(text, found[0], found[1], column)
    return Problema(text, archivo=f.archivo, linea=f.linea)
