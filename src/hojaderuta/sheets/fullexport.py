"""``hdr exportar --plantilla`` and ``--completo``: the whole roadmap as a workbook.

The layout is ``fullspec``'s: one sheet per list of objects, one column per key of the
format. ``--plantilla`` writes it empty, for a secretariat to copy its Word or Excel
roadmaps into; ``--completo`` fills it with every field of the plan's commitments, so
that ``hdr importar --nuevos`` can bring the same data back (or into another plan).
Unlike the progress workbook nothing is locked: the whole sheet is to be written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hojaderuta import __version__
from hojaderuta.checks import PLAN_HAS_ERRORS, validate_plan
from hojaderuta.core.dates import parse_date
from hojaderuta.core.discovery import PLAN_FILE
from hojaderuta.core.loading import load_file
from hojaderuta.errors import UsageError
from hojaderuta.sheets.export import Exportacion, refuse_overwrite, save
from hojaderuta.sheets.fullspec import FULL_SHEETS, ROLES
from hojaderuta.sheets.spec import Column, Kind, Role, Sheet, bool_text, column_help, help_of
from hojaderuta.sheets.workbook import (
    DATE_FORMAT,
    HEADER_LOCKED,
    HEADER_OPEN,
    MAX_CELL,
    book_bytes,
    new_book,
)
from hojaderuta.text.i18n import _

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from hojaderuta.core.findings import Finding
    from hojaderuta.core.validation import PlanCheck

INSTRUCTIONS = "Instrucciones"


def plan_names(plan_dir: Path) -> tuple[str, str]:
    """The plan's id and name, read loosely: a plan.yaml still being filled is enough."""
    doc = load_file(plan_dir / PLAN_FILE, PLAN_FILE)
    data = doc.data if doc.loaded and isinstance(doc.data, dict) else {}
    plan_id, nombre = data.get("id"), data.get("nombre")
    return (
        plan_id if isinstance(plan_id, str) else plan_dir.resolve().name,
        nombre if isinstance(nombre, str) else _("plan de acción"),
    )


def exportar_hoja_de_ruta(
    plan_dir: Path, *, completo: bool, hoy: date, salida: Path | None, forzar: bool
) -> Exportacion:
    """Write the whole-roadmap workbook: empty (``--plantilla``) or filled (``--completo``)."""
    plan_id, plan_nombre = plan_names(plan_dir)
    check = None
    fuera: dict[str, Finding] = {}
    if completo:
        check = validate_plan(plan_dir, al=hoy)
        if check.plan is None:
            raise UsageError(_(PLAN_HAS_ERRORS))
        schema_ok = {c.archivo for c in check.compromisos}
        fuera = {
            archivo: finding
            for archivo, finding in check.exclusions().items()
            if archivo not in schema_ok and archivo != PLAN_FILE
        }
    sheets = full_sheets(check)
    stem = "hoja-de-ruta" if completo else "plantilla"
    target = salida or Path(f"{stem}-{plan_id}.xlsx")
    if target.suffix.casefold() != ".xlsx":
        raise UsageError(
            _("«{archivo}» debe terminar en .xlsx (un libro de Excel).").format(archivo=target)
        )
    refuse_overwrite([target], forzar)
    save(target, full_xlsx_bytes(sheets, plan_id, plan_nombre, completo))
    modo = "completo" if completo else "plantilla"
    return Exportacion(plan_id, hoy, sheets, [target], fuera, modo=modo)


# --- Rows --------------------------------------------------------------------------------


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _cell(column: Column, value: Any, where: str) -> Any:
    """A value of the file as the cell shows it; empty (None) when the key is absent."""
    if value is None:
        return None
    if column.kind is Kind.BOOL:
        return bool_text(value)
    if column.kind is Kind.DATE:
        return parse_date(value) or str(value)
    if column.kind is Kind.LIST:
        items = [str(v) for v in value]
        if any("\n" in item for item in items):
            raise UsageError(
                _(
                    "{archivo}, «{columna}»: un elemento de la lista tiene saltos de línea, y en "
                    "la hoja cada renglón es un elemento; júntelo en un renglón en el archivo."
                ).format(archivo=where, columna=column.name)
            )
        return "\n".join(items) or None
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise UsageError(
            _(
                "{archivo}, «{columna}»: el texto tiene más de {maximo} caracteres, el máximo "
                "de una celda de Excel."
            ).format(archivo=where, columna=column.name, maximo=MAX_CELL)
        )
    return value


def _row(
    columns: list[Column], ids: dict[str, Any], data: Mapping[str, Any], where: str
) -> dict[str, Any]:
    row = dict(ids)
    for column in columns:
        if column.role is not Role.ID:
            row[column.name] = _cell(column, _get(data, column.name), where)
    return row


def _rows_of(
    numero: int, data: Mapping[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(sheet, row) for every row one commitment fills, in the file's order."""
    cols = FULL_SHEETS
    yield "Compromisos", _row(cols["Compromisos"], {"numero": numero}, data, where)
    for papel in ROLES:
        for person in data.get(papel) or []:
            ids = {"compromiso": numero, "papel": papel}
            yield "Personas", _row(cols["Personas"], ids, person, where)
    for i, hito in enumerate(data.get("hitos") or [], 1):
        yield "Hitos", _row(cols["Hitos"], {"compromiso": numero, "hito": i}, hito, where)
        for k, act in enumerate(hito.get("actividades") or [], 1):
            ids = {"compromiso": numero, "hito": i, "indice": k}
            yield "Actividades", _row(cols["Actividades"], ids, act, where)
    for sheet, key in (("Agenda 2030", "agenda_2030"), ("Modificaciones", "modificaciones")):
        for item in data.get(key) or []:
            yield sheet, _row(cols[sheet], {"compromiso": numero}, item, where)


def full_sheets(check: PlanCheck | None) -> list[Sheet]:
    """The whole-roadmap sheets: empty without a plan check, else every valid commitment."""
    sheets = {name: Sheet(name, columns) for name, columns in FULL_SHEETS.items()}
    if check is not None:
        for c in sorted(check.compromisos, key=lambda c: (c.data["numero"], c.archivo)):
            for sheet, row in _rows_of(c.data["numero"], c.data, c.archivo):
                sheets[sheet].rows.append(row)
    return list(sheets.values())


# --- Workbook ----------------------------------------------------------------------------


def _instructions(plan_id: str, plan_nombre: str, filled: bool) -> list[str]:
    if filled:
        title = _("La hoja de ruta completa del plan «{nombre}» ({id})")
    else:
        title = _("Plantilla para migrar las hojas de ruta del plan «{nombre}» ({id})")
    lines = [
        title.format(nombre=plan_nombre, id=plan_id),
        _(
            "Escrito con hdr {version}. Cada columna es un campo del Anexo 1 (su nombre es la "
            "clave del formato); se importa con «hdr importar LIBRO --nuevos»."
        ).format(version=__version__),
        "",
        _("Cómo llenarlo:"),
        _(
            "• Una fila por compromiso en Compromisos; en las demás hojas, cada fila dice a qué "
            "compromiso pertenece (columna compromiso)."
        ),
        _("• Personas: una fila por persona, con papel responsables o corresponsables."),
        _(
            "• Hitos: una fila por hito, numerados 1, 2, 3… en cada compromiso; sus "
            "ponderaciones suman 100. Actividades: una fila por actividad, con el número de su "
            "hito."
        ),
        _("• Agenda 2030: una fila por ODS, con sus metas, una por renglón (16.10, 11.a)."),
        _(
            "• Listas (supuestos, valores, metas, evidencia): un elemento por renglón en la "
            "celda (Alt+Intro en Excel, Ctrl+Intro en LibreOffice)."
        ),
        _("• Fechas: AAAA-MM-DD. Sí/no: true o false. Una celda vacía es un campo sin valor."),
        _("• Encabezado amarillo: campos de reporte de avance (se pueden dejar vacíos)."),
        _(
            "• «hdr importar LIBRO --nuevos» revisa todo y no escribe nada si hay un problema; "
            "con --borrador escribe «COMPLETAR» donde falta un valor obligatorio."
        ),
        "",
    ]
    return lines + column_help(FULL_SHEETS)


def full_xlsx_bytes(sheets: list[Sheet], plan_id: str, plan_nombre: str, filled: bool) -> bytes:
    """The whole-roadmap workbook as the bytes of an .xlsx file."""
    book = new_book(sheets, _write_sheet, _instructions(plan_id, plan_nombre, filled))
    return book_bytes(book, plan_id, _("Hoja de ruta: {nombre}").format(nombre=plan_nombre))


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append([c.name for c in sheet.columns])
    for row in sheet.rows:
        ws.append([row.get(c.name) for c in sheet.columns])
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for i, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
        head = ws.cell(1, i)
        head.font = Font(bold=True)
        color = HEADER_OPEN if column.role is Role.REPORT else HEADER_LOCKED
        head.fill = PatternFill("solid", fgColor=color)
        head.comment = Comment(help_of(column)[:2000], f"hdr {__version__}", height=120, width=300)
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if cell.data_type == "f":  # text that starts with «=» is text, not a formula
                cell.data_type = "s"
            cell.alignment = wrap if column.kind in (Kind.TEXT, Kind.LIST) else top
            if column.kind is Kind.DATE:
                cell.number_format = DATE_FORMAT
    ids = sum(1 for c in sheet.columns if c.role is Role.ID)
    ws.freeze_panes = f"{get_column_letter(ids + 1)}2"
