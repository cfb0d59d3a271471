"""Checking the rows of a workbook for ``hdr importar``: each row must name a known
commitment, hito and activity, and each cell must hold what its column needs. What
differs in meaning from the files becomes a change; what is wrong becomes a
``Problema`` with its sheet, row and column.

With the base of the export (``sheets.base``) the comparison has three sides: a cell
the workbook left as exported changes nothing, even when the file has a newer value
(someone else's report); a cell the workbook changed is applied when the file still
says what was exported, and is a conflict when the file changed it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hojaderuta.core.dates import parse_date
from hojaderuta.core.validation import CompromisoDoc, PlanCheck
from hojaderuta.sheets import read, wording
from hojaderuta.sheets.base import NO_BASE, Base, digest
from hojaderuta.sheets.problems import Problema, keep
from hojaderuta.sheets.read import CellError, Table, blank
from hojaderuta.sheets.spec import SHEETS, Column, Kind, Role, text_of
from hojaderuta.text.i18n import _


class Remove:
    """A change that deletes the key: the cell was emptied."""


REMOVE = Remove()
# Agreed keys the schema requires: --todo cannot empty them.
_REQUIRED = {"nombre", "ponderacion", "descripcion", "indicador", "medio_verificacion"}
_REQUIRED |= {"inicio", "termino", "actividad"}
_VERIFIED = {"verificado_por": "por", "verificado_fecha": "fecha"}
# (hito, activity or None), 0-based -> key -> new value (or REMOVE)
Changes = dict[tuple[int, int | None], dict[str, Any]]


@dataclass
class Target:
    """One commitment file to change."""

    doc: CompromisoDoc
    changes: Changes = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # one line per changed row, for people


@dataclass
class Rows:
    """What the rows of a workbook say: the changes per file, and what is wrong."""

    todo: bool  # apply the agreed columns too
    by_numero: dict[int, list[CompromisoDoc]]
    filas: int = 0
    problemas: list[Problema] = field(default_factory=list)
    avisos: list[Problema] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)  # by file, relative to the plan
    # (sheet, numero, hito, activity or None) -> (label, row): to point findings at rows
    rows_at: dict[tuple[str, int, int | None, int | None], tuple[str, int]] = field(
        default_factory=dict
    )
    base: Base | None = None  # what the workbook said when exported; None: unknown
    # Readable commitment files that fail the schema: exportar lists them in Compromisos
    # for information only; nothing in the workbook can be applied to them.
    sin_reporte: frozenset[str] = frozenset()
    problemas_omitidos: int = 0  # beyond MAX_REPORTED: only counted
    avisos_omitidos: int = 0
    _changed: dict[str, bool] = field(default_factory=dict)  # file -> changed since export

    @classmethod
    def of(cls, check: PlanCheck, todo: bool) -> Rows:
        by_numero: dict[int, list[CompromisoDoc]] = defaultdict(list)
        for c in check.compromisos:
            by_numero[c.data["numero"]].append(c)
        valid = {c.archivo for c in check.compromisos}
        return cls(todo, dict(by_numero), sin_reporte=frozenset(set(check.datos) - valid))

    def read(self, table: Table) -> None:
        _read_table(self, table)

    def problem(
        self, label: str, row: int | None, column: str | None, text: str, conflict: bool = False
    ) -> None:
        if not keep(self.problemas, Problema(text, label, row, column, conflicto=conflict)):
            self.problemas_omitidos += 1

    def warn(self, label: str, row: int | None, column: str | None, text: str) -> None:
        if not keep(self.avisos, Problema(text, label, row, column)):
            self.avisos_omitidos += 1

    def changed_since_export(self, doc: CompromisoDoc) -> bool:
        """Whether the file's bytes differ from the ones exported (unknown: changed)."""
        if doc.archivo not in self._changed:
            was = self.base.hashes.get(doc.archivo) if self.base else None
            now = digest(doc.document.path.read_bytes())
            self._changed[doc.archivo] = was != now
        return self._changed[doc.archivo]


# --- Rows --------------------------------------------------------------------------------


def _read_table(run: Rows, table: Table) -> None:
    columns = {c.name: c for c in SHEETS[table.sheet]}
    at: dict[str, int] = {}
    for pos, name in enumerate(table.header):
        if not name:
            continue
        if name in at:
            run.problem(table.label, 1, name, _("la columna está repetida."))
        elif name not in columns:
            run.warn(table.label, 1, name, _("no es una columna de hdr; se ignora."))
        else:
            at[name] = pos
    ids = [c.name for c in columns.values() if c.role is Role.ID]
    missing = [n for n in ids if n not in at]
    if missing:
        names = ", ".join(f"«{n}»" for n in missing)
        run.problem(
            table.label,
            1,
            None,
            _("faltan las columnas {columnas}, que dicen qué fila es cuál.").format(columnas=names),
        )
        return
    seen: dict[tuple[int, ...], int] = {}
    for number, cells in table.rows:
        if all(blank(v) for v in cells):
            continue
        run.filas += 1
        row = {name: cells[pos] if pos < len(cells) else None for name, pos in at.items()}
        archivo = text_of(row.get("archivo")).strip()  # never raises: it only selects
        if table.sheet == "Compromisos" and archivo in run.sin_reporte:
            run.warn(
                table.label, number, None,
                _(
                    "{archivo} tiene errores (vea «hdr validar»): esta fila es solo "
                    "informativa y no se aplica nada de ella."
                ).format(archivo=archivo),
            )  # fmt: skip
            continue
        key = _row_key(run, table.label, number, ids, row)
        if key is None:
            continue
        if key in seen:
            shown = ", ".join(f"{n} {v}" for n, v in zip(ids, key, strict=True))
            again = _("repite la fila {fila} ({ids}).").format(fila=seen[key], ids=shown)
            run.problem(table.label, number, None, again)
            continue
        seen[key] = number
        _read_row(run, table, number, key, row, columns)


def _row_key(
    run: Rows, label: str, number: int, ids: list[str], row: dict[str, Any]
) -> tuple[int, ...] | None:
    key: list[int] = []
    for name in ids:
        try:
            value = read.as_int(row[name])
        except CellError as err:
            run.problem(label, number, name, str(err))
            return None
        if value is None:
            run.problem(label, number, name, _("está vacía: sin ella no se sabe qué fila es."))
            return None
        key.append(value)
    doc = _commitment(run, label, number, ids[0], key[0])
    if doc is None:
        return None
    items, parent = doc.data["hitos"], None
    for name, index in zip(ids[1:], key[1:], strict=True):
        if not 1 <= index <= len(items):
            run.problem(label, number, name, wording.no_item(key[0], parent, len(items), index))
            return None
        parent = index
        items = items[index - 1].get("actividades") or []
    return tuple(key)


def _commitment(run: Rows, label: str, number: int, column: str, numero: int) -> Any:
    found = run.by_numero.get(numero, [])
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(c.archivo for c in found)
        text = _("varios archivos usan el número {numero} ({archivos}).")
        run.problem(label, number, column, text.format(numero=numero, archivos=names))
    else:
        have = ", ".join(str(n) for n in sorted(run.by_numero)) or _("ninguno")
        run.problem(
            label, number, column,
            _(
                "no hay un compromiso con número {numero} (hay: {hay}); si existe, revise su "
                "archivo con «hdr validar»."
            ).format(numero=numero, hay=have),
        )  # fmt: skip
    return None


def _current(column: Column, value: Any) -> Any:
    """The file's value in the form ``read.convert`` gives a cell."""
    if column.kind is Kind.BOOL:
        return value is True
    if column.kind is Kind.LIST:
        return list(value or [])
    if value is None:
        return None
    return read.convert(column, value)


def _same(column: Column, old: Any, new: Any) -> bool:
    if column.kind is Kind.NUMBER and old is not None and new is not None:
        return bool(abs(old - new) < 1e-9)
    return bool(old == new)


def _row_item(
    run: Rows, table: Table, number: int, key: tuple[int, ...]
) -> tuple[CompromisoDoc, Mapping[str, Any]]:
    """The commitment and the commitment, hito or activity a row is about (and where it is)."""
    doc = run.by_numero[key[0]][0]
    item: Mapping[str, Any] = doc.data
    if len(key) > 1:
        item = doc.data["hitos"][key[1] - 1]
        run.rows_at[(table.sheet, key[0], key[1], key[2] if len(key) > 2 else None)] = (
            table.label,
            number,
        )
    if len(key) > 2:
        item = (item.get("actividades") or [])[key[2] - 1]
    return doc, item


def _read_row(
    run: Rows,
    table: Table,
    number: int,
    key: tuple[int, ...],
    row: dict[str, Any],
    columns: dict[str, Column],
) -> None:
    doc, item = _row_item(run, table, number, key)
    verified = item.get("verificado") or {}
    changes: dict[str, Any] = {}
    bad = False
    for name, cell in row.items():
        column = columns[name]
        if column.role in (Role.ID, Role.INFO):
            continue
        # Agreed cells are only information unless --todo applies them (hitos, activities).
        applied = column.role is Role.REPORT or (
            run.todo and column.key is not None and len(key) > 1
        )
        current = verified.get(_VERIFIED[name]) if name in _VERIFIED else item.get(name)
        try:
            new = read.convert(column, cell)
        except CellError as err:
            if applied:
                run.problem(table.label, number, name, str(err))
                bad = True
            else:
                text = _("{error} No se aplica: es de lo acordado.").format(error=err)
                run.warn(table.label, number, name, text)
            continue
        old, base = (
            _current(column, current),
            run.base.value(table.sheet, key, column) if run.base else NO_BASE,
        )
        if base is not NO_BASE and _same(column, base, new):
            continue  # left as exported: a newer value in the file (another report) stays
        if _same(column, old, new):
            continue
        if (
            applied
            and base is not NO_BASE
            and run.changed_since_export(doc)
            and not _same(column, base, old)
        ):
            run.problem(table.label, number, name, wording.conflict(column, base, new, old), True)
            bad = True
            continue
        if column.role is Role.AGREED and not _agreed_change(
            run, table.label, number, column, applied, old, new
        ):
            bad = bad or applied  # applied but refused: an emptied required cell
            continue
        changes[name] = new
    if bad or not changes:
        return
    if len(key) == 2 and not _hito_consistent(run, table.label, number, item, changes):
        return
    _record(run, doc, key, changes)


def _agreed_change(
    run: Rows, label: str, number: int, column: Column, applied: bool, old: Any, new: Any
) -> bool:
    """Whether a changed agreed cell is applied (only with --todo), said as a warning."""
    was, now, name = wording.short(old), wording.short(new), column.name
    if not applied:
        text = wording.not_applied(column.key is not None)
        run.warn(label, number, name, text.format(antes=was, ahora=now))
        return False
    if new is None and name in _REQUIRED:
        run.problem(label, number, name, _("no puede quedar vacía."))
        return False
    run.warn(
        label, number, name,
        _(
            "se cambia lo acordado ({antes} → {ahora}): registre el acuerdo en «modificaciones»."
        ).format(antes=was, ahora=now),
    )  # fmt: skip
    return True


def _hito_consistent(
    run: Rows, label: str, number: int, hito: Mapping[str, Any], changes: dict[str, Any]
) -> bool:
    """What the rules would say of the row, said of the row (the cells the person typed)."""
    check = hito.get("verificado") or {}
    final = {
        "cumplido": hito.get("cumplido") is True,
        "fecha_cumplimiento": hito.get("fecha_cumplimiento"),
        "evidencia": hito.get("evidencia") or [],
        "verificado_por": check.get("por"),
        "verificado_fecha": check.get("fecha"),
    }
    final.update((k, v) for k, v in changes.items() if k in final)
    ok = True
    if final["cumplido"] and not final["evidencia"]:
        run.problem(
            label, number, "evidencia",
            _(
                "el hito está marcado como cumplido y no tiene evidencia: escriba al menos un "
                "enlace (https://…) o la ruta de un archivo del repositorio."
            ),
        )  # fmt: skip
        ok = False
    if final["cumplido"] and not final["fecha_cumplimiento"]:
        run.problem(
            label, number, "fecha_cumplimiento",
            _(
                "el hito está marcado como cumplido: escriba la fecha en que se cumplió "
                "(AAAA-MM-DD)."
            ),
        )  # fmt: skip
        ok = False
    if (final["verificado_por"] is None) != (final["verificado_fecha"] is None):
        empty = "verificado_por" if final["verificado_por"] is None else "verificado_fecha"
        text = wording.verified_pair(empty)
        run.problem(label, number, empty, text)
        ok = False
    return ok


def _record(run: Rows, doc: CompromisoDoc, key: tuple[int, ...], changes: dict[str, Any]) -> None:
    target = run.targets.setdefault(doc.archivo, Target(doc))
    place = (key[1] - 1, key[2] - 1 if len(key) > 2 else None)
    edits = target.changes.setdefault(place, {})
    check: Mapping[str, Any] = doc.data["hitos"][key[1] - 1].get("verificado") or {}
    for name, value in changes.items():  # in column order, the order people read them
        if name in _VERIFIED:
            por = changes.get("verificado_por", check.get("por"))
            fecha = changes.get("verificado_fecha", check.get("fecha"))
            edits["verificado"] = REMOVE if por is None else (por, parse_date(fecha) or fecha)
        else:
            edits[name] = REMOVE if value is None or value == [] else value
    said = ", ".join(wording.describe(n, v) for n, v in changes.items())
    if len(key) > 2:
        line = _("Compromiso {numero}, hito {hito}, actividad {actividad}: {cambios}")
    else:
        line = _("Compromiso {numero}, hito {hito}: {cambios}")
    target.lines.append(line.format(numero=key[0], hito=key[1], actividad=key[-1], cambios=said))
