"""The workbook ``hdr exportar`` writes: one protected sheet per table, and instructions.

Agreed and context columns are grey and locked (sheet protection without a
password: it prevents accidents, not access); the reporting columns have yellow
headers, unlocked cells, and data validation where it helps (true/false lists, date
cells). openpyxl is imported inside the functions that write: ``hdr --help`` stays fast.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from hojaderuta import __version__
from hojaderuta.errors import UsageError
from hojaderuta.sheets.spec import (
    FALSE,
    SHEETS,
    TRUE,
    Column,
    Kind,
    Role,
    Sheet,
    column_help,
    help_of,
)
from hojaderuta.text.i18n import _

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

INSTRUCTIONS = "Instrucciones"
MAX_CELL = 32_767  # characters in one Excel cell
DATE_FORMAT = "yyyy-mm-dd"
GREY = "E7E6E6"  # agreed and context cells: locked
HEADER_LOCKED = "BFBFBF"
HEADER_OPEN = "FFE699"  # reporting columns: the ones to fill
LINE_HEIGHT, MAX_LINES = 15, 12  # points per line; taller rows are left to the reader
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


def _instructions(plan_id: str, plan_nombre: str, al: date, institucion: str | None) -> list[str]:
    exported = _("Exportado con hdr {version}; avance calculado al {fecha}.").format(
        version=__version__, fecha=al.isoformat()
    )
    if institucion:
        only = _("Solo la institución: {institucion}.").format(institucion=institucion)
        exported += " " + only
    lines = [
        _("Avance del plan «{nombre}» ({id})").format(nombre=plan_nombre, id=plan_id),
        exported,
        "",
        _("Cómo llenarlo:"),
        _(
            "• Llene solo las columnas de encabezado amarillo de las hojas Hitos y Actividades. "
            "Las grises son la hoja de ruta acordada y están protegidas (sin contraseña): no "
            "las cambie; un cambio a lo acordado necesita un acuerdo registrado en "
            "«modificaciones»."
        ),
        _(
            "• No agregue, borre ni reordene filas: cada fila se reconoce por sus números "
            "(compromiso, hito, indice)."
        ),
        _("• cumplido y cumplida: true o false (también se aceptan sí/no y verdadero/falso)."),
        _("• Fechas: AAAA-MM-DD, por ejemplo 2026-11-15."),
        _(
            "• evidencia: un enlace https://… o la ruta de un archivo del repositorio por "
            "renglón (Alt+Intro en Excel, Ctrl+Intro en LibreOffice), o varios separados por "
            "« ; ». Un hito cumplido necesita fecha_cumplimiento y al menos una evidencia."
        ),
        _(
            "• verificado_por y verificado_fecha van juntos: los llena la organización "
            "corresponsable que revisó la evidencia."
        ),
        _(
            "• Devuelva el archivo a la secretaría técnica; se aplica con «hdr importar», que "
            "revisa cada fila y no cambia nada si encuentra un problema."
        ),
        "",
    ]
    return lines + column_help(SHEETS)


def xlsx_bytes(
    sheets: list[Sheet],
    plan_id: str,
    plan_nombre: str,
    al: date,
    institucion: str | None,
    base: Sheet | None = None,
) -> bytes:
    """The workbook of ``sheets`` and its Instrucciones sheet, as the bytes of an .xlsx file;
    with ``base``, also the very hidden sheet of what it said (see ``sheets.base``)."""
    book = new_book(sheets, _write_sheet, _instructions(plan_id, plan_nombre, al, institucion))
    book[INSTRUCTIONS].protection.sheet = True
    if base is not None:
        _write_base(book.create_sheet(base.name), base)
    book.active = 1  # Hitos: where the work is
    for ws in book.worksheets:
        ws.sheet_view.tabSelected = ws.title == "Hitos"
    return book_bytes(book, plan_id, _("Avance: {nombre}").format(nombre=plan_nombre))


def new_book(
    sheets: list[Sheet], write: Callable[[Worksheet, Sheet], None], instructions: list[str]
) -> Workbook:
    """A workbook with ``sheets`` (each drawn by ``write``) and an Instrucciones sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in sheets:
        write(book.create_sheet(sheet.name), sheet)
    notes = book.create_sheet(INSTRUCTIONS)
    notes.column_dimensions["A"].width = 115
    for line in instructions:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    for (cell,) in notes.iter_rows(min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


def book_bytes(book: Workbook, plan_id: str, title: str) -> bytes:
    """The .xlsx bytes; the plan id goes in the properties (importar checks the plan)."""
    props = book.properties
    props.identifier = plan_id
    props.title = title
    props.creator = f"hdr {__version__}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _serial(day: date) -> int:
    """The day as Excel counts (its 1900 leap-year bug makes day 0 1899-12-30)."""
    return (day - date(1899, 12, 30)).days


def _lines(value: Any, column: Column) -> int:
    """About how many lines a wrapped cell needs (a width unit holds about one character)."""
    if column.kind not in (Kind.TEXT, Kind.LIST) or not isinstance(value, str):
        return 1
    per_line = max(1, int(column.width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def _cell_value(value: Any, column: Column) -> Any:
    if isinstance(value, str) and len(value) > MAX_CELL:
        if column.role is Role.REPORT:
            raise UsageError(
                _(
                    "Un valor de «{columna}» tiene más de {maximo} caracteres, el máximo de una "
                    "celda de Excel; acórtelo en el archivo o exporte con --formato csv."
                ).format(columna=column.name, maximo=MAX_CELL)
            )
        return value[: MAX_CELL - 1] + "…"
    return value


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([c.name for c in sheet.columns])
    for row in sheet.rows:
        ws.append([_cell_value(row.get(c.name), c) for c in sheet.columns])
    last = len(sheet.rows) + 1
    for i, column in enumerate(sheet.columns, 1):
        _style_column(ws, i, column, last)
        if column.role is Role.REPORT and last >= 2:
            _validate_column(ws, get_column_letter(i), column, last)
    for number, row in enumerate(sheet.rows, 2):
        lines = max((_lines(row.get(c.name), c) for c in sheet.columns), default=1)
        if lines > 1:  # openpyxl cannot autofit, and LibreOffice does not on opening
            ws.row_dimensions[number].height = LINE_HEIGHT * min(lines, MAX_LINES)
    ids = sum(1 for c in sheet.columns if c.role is Role.ID)
    ws.freeze_panes = f"{get_column_letter(ids + 1)}2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{last}"
    # Protected without a password: nobody is locked out, the agreed cells are not
    # overwritten by accident; widths, heights and filters stay usable.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"


def _write_base(ws: Worksheet, base: Sheet) -> None:
    """Out of sight and locked: only hdr reads it. Values exactly as the visible cells."""
    spec = {c.name: c for sheet in SHEETS.values() for c in sheet}
    ws.append([c.name for c in base.columns])
    for row in base.rows:
        column, value = spec.get(row.get("columna") or ""), row.get("valor")
        if column is not None and row.get("tipo") == "celda":
            value = _cell_value(value, column)
        ws.append([*(row.get(c.name) for c in base.columns[:-1]), value])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # text that starts with «=» is text, not a formula
                cell.data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _style_column(ws: Worksheet, i: int, column: Column, last: int) -> None:
    """Width, header colour and comment; grey locked cells, or open ones to fill."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    grey = PatternFill("solid", fgColor=GREY)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    ws.column_dimensions[get_column_letter(i)].width = column.width
    head = ws.cell(1, i)
    open_ = column.role is Role.REPORT
    head.font = Font(bold=True)
    head.fill = PatternFill("solid", fgColor=HEADER_OPEN if open_ else HEADER_LOCKED)
    head.comment = Comment(help_of(column), f"hdr {__version__}", height=90, width=260)
    for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=i, max_col=i):
        if cell.data_type == "f":  # text that starts with «=» is text, not a formula
            cell.data_type = "s"
        cell.alignment = wrap if column.kind in (Kind.TEXT, Kind.LIST) else top
        if column.kind is Kind.DATE:
            cell.number_format = DATE_FORMAT
        if open_:
            cell.protection = Protection(locked=False)
        else:
            cell.fill = grey


def _validate_column(ws: Worksheet, letter: str, column: Column, last: int) -> None:
    """Data validation for a reporting column where it helps: true/false lists, dates."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.kind is Kind.BOOL:
        rule = DataValidation(type="list", formula1=f'"{TRUE},{FALSE}"', allow_blank=True)
        rule.error = _("Escriba true o false.")
    elif column.kind is Kind.DATE:
        rule = DataValidation(
            type="date",
            operator="between",
            formula1=str(_serial(EARLIEST)),
            formula2=str(_serial(LATEST)),
            allow_blank=True,
        )
        rule.error = _("Escriba una fecha AAAA-MM-DD, por ejemplo 2026-11-15.")
    else:
        return
    rule.errorTitle = _("Valor no válido")
    rule.showErrorMessage = True
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{last}")
