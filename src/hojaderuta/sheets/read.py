"""Reading a workbook, or its CSV files, back for ``hdr importar``.

Two steps kept apart: ``read_book`` turns the file into tables of raw cells (what
Excel, LibreOffice or a CSV gives: numbers, dates, datetimes, text), and the ``as_*``
functions turn one cell into the format's value or raise ``CellError`` with the
message for that row and column. openpyxl is imported only to read an .xlsx file, in
read-only mode: rows stream one at a time (a workbook with 400,000 rows must not take
gigabytes), so a ``Book`` is open until it is closed (``with read_book(...) as book``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from hojaderuta.core.dates import parse_date
from hojaderuta.errors import EnvironmentProblem, HdrError, UsageError
from hojaderuta.sheets.spec import CSV_NAMES, SHEETS, Column, Kind, quoted, text_of
from hojaderuta.text.csvcell import csv_text_back
from hojaderuta.text.folding import fold
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible

BASE_SHEET, BASE_CSV = "_hdr", "_hdr.csv"  # what the export recorded (see ``base``)


@dataclass
class Table:
    sheet: str  # Compromisos, Hitos or Actividades
    label: str  # how the user names it: the sheet's own name, or the CSV file's
    header: list[str]  # normalized column names, by position
    rows: Iterable[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)


@dataclass
class Book:
    tables: list[Table]
    plan_id: str | None  # the plan the workbook was exported from, when it says
    # The rows of the hidden «_hdr» sheet (or _hdr.csv) and how to name it; None: an
    # export older than the three-way import, or a CSV without it.
    base_rows: list[list[Any]] | None = None
    base_label: str = BASE_SHEET
    hojas: list[str] = field(default_factory=list)  # every sheet's name, as written
    close: Callable[[], None] = field(default=lambda: None, repr=False)

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class CellError(Exception):
    """A cell that is not what its column needs; the message names the value."""


def read_book(path: Path, layout: Mapping[str, list[Column]] = SHEETS) -> Book:
    """A workbook (.xlsx), a folder with the CSV files, or one CSV file; close it after.

    ``layout`` names the sheets to read (the progress workbook's by default)."""
    if not path.exists():
        raise UsageError(_("No existe «{ruta}».").format(ruta=path))
    if path.is_dir():
        return _read_folder(path)
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        beside = _base_csv(path.parent)
        return Book([_read_csv(path, None)], None, beside, BASE_CSV)
    if suffix in (".xls", ".ods", ".numbers"):
        raise UsageError(
            _(
                "«{archivo}» no es un libro .xlsx: ábralo y guárdelo como «Libro de Excel "
                "(.xlsx)», o como CSV."
            ).format(archivo=path.name)
        )
    return _read_xlsx(path, layout)


def _header(value: Any) -> str:
    return fold(text_of(value)).replace(" ", "_")


def _unreadable(path: Path, err: Exception) -> EnvironmentProblem:
    # A damaged or foreign file can fail anywhere inside openpyxl (zip, XML, styles),
    # also halfway through its rows: whatever the cause, it is a file that cannot be
    # read, never a defect of hdr.
    return EnvironmentProblem(
        _(
            "«{archivo}» no es un libro de Excel (.xlsx) que se pueda leer ({error}): puede "
            "estar dañado o incompleto. Expórtelo de nuevo con «hdr exportar» o vuelva a "
            "descargarlo."
        ).format(archivo=visible(path.name), error=err.__class__.__name__)
    )


def _read_xlsx(path: Path, layout: Mapping[str, list[Column]]) -> Book:
    try:
        book = _open_xlsx(path, layout)
    except HdrError:
        raise
    except Exception as err:
        raise _unreadable(path, err) from err
    if not book.tables:
        book.close()
        raise UsageError(
            _(
                "«{archivo}» no tiene las hojas Compromisos, Hitos ni Actividades: use un libro "
                "escrito por «hdr exportar»."
            ).format(archivo=visible(path.name))
        )
    return book


def _open_xlsx(path: Path, layout: Mapping[str, list[Column]]) -> Book:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {name.strip().casefold(): name for name in wb.sheetnames}
        tables = []
        for sheet in layout:
            real = names.get(sheet.casefold())
            if real is not None:
                rows = _guarded(path, wb[real].iter_rows(values_only=True))
                first = next(rows, None)
                header = [_header(v) for v in first] if first else []
                tables.append(Table(sheet, real, header, _numbered(rows)))
        base = None
        if BASE_SHEET in wb.sheetnames:  # small: read at once, before the rows need it
            base = [list(r) for r in _guarded(path, wb[BASE_SHEET].iter_rows(values_only=True))]
        plan_id = wb.properties.identifier
    except BaseException:
        wb.close()
        raise
    return Book(tables, plan_id or None, base, BASE_SHEET, list(wb.sheetnames), wb.close)


def _guarded(path: Path, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows, with a failure of the file while streaming them said as one."""
    try:
        yield from rows
    except HdrError:
        raise
    except Exception as err:
        raise _unreadable(path, err) from err


def _numbered(rows: Iterator[Any]) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(rows, 2):
        yield number, list(row)


def _read_folder(folder: Path) -> Book:
    files = {p.name.casefold(): p for p in folder.iterdir() if p.is_file()}
    tables = [_read_csv(files[name], sheet) for sheet, name in CSV_NAMES.items() if name in files]
    if not tables:
        raise UsageError(
            _(
                "La carpeta «{carpeta}» no tiene {archivos}: use la carpeta que escribió «hdr "
                "exportar --formato csv»."
            ).format(carpeta=folder, archivos=", ".join(CSV_NAMES.values()))
        )
    return Book(tables, None, _base_csv(folder), BASE_CSV)


def _base_csv(folder: Path) -> list[list[Any]] | None:
    path = folder / BASE_CSV
    if not path.is_file():
        return None
    table = _read_csv(path, BASE_SHEET)
    return [list(table.header), *(list(r) for _, r in table.rows)]


def _read_csv(path: Path, sheet: str | None) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(
            _(
                "«{archivo}» no está en UTF-8: en Excel, guárdelo como «CSV UTF-8 (delimitado "
                "por comas)»."
            ).format(archivo=path.name)
        ) from err
    first = text.split("\n", 1)[0]
    # Spanish-locale Excel writes «;»; the headers themselves have neither separator.
    delimiter = max(",;\t", key=first.count)
    rows = _csv_rows(path, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    head = next(rows, None)
    header = [_header(v) for v in head] if head else []
    if sheet is None:
        sheet = _guess_sheet(path, set(header))
    return Table(sheet, path.name, header, _numbered(rows))


def _csv_rows(path: Path, reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows one at a time (a list of them all would be many times the file's size),
    each cell as the user wrote it: without the «'» hdr exportar puts before a text a
    spreadsheet would run as a formula (``csv_text_back``)."""
    try:
        for row in reader:
            yield [csv_text_back(cell) for cell in row]
    except csv.Error as err:
        text = _("«{archivo}» no es un CSV válido: {error}.")
        raise UsageError(text.format(archivo=path.name, error=err)) from err


def _guess_sheet(path: Path, header: set[str]) -> str:
    for sheet, name in CSV_NAMES.items():
        if path.name.casefold().endswith(name):
            return sheet
    if {"compromiso", "hito", "indice"} <= header:
        return "Actividades"
    if {"compromiso", "hito"} <= header:
        return "Hitos"
    if "numero" in header:
        return "Compromisos"
    raise UsageError(
        _(
            "No se reconoce «{archivo}»: le faltan las columnas que identifican las filas "
            "(compromiso, hito, indice o numero)."
        ).format(archivo=path.name)
    )


# --- Cells -------------------------------------------------------------------------------

TRUE_WORDS = {"true", "verdadero", "si", "1"}
FALSE_WORDS = {"false", "falso", "no", "0"}
_DATE_TEXT = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?")
# Several links: one per line, or «;» beside a space (a «;» inside a link stays).
_LINK_SPLIT = re.compile(r"\n|;(?=\s)|(?<=\s);")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _quoted(value: Any) -> str:
    return quoted(value, 61)


def as_text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("{valor} no es un texto.").format(valor=_quoted(value)))
    text = text_of(value.date() if isinstance(value, datetime) else value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def as_int(value: Any) -> int | None:
    if blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\d+(?:\.0+)?", value.strip(), re.ASCII):
        return int(float(value))
    raise CellError(_("{valor} no es un número entero.").format(valor=_quoted(value)))


def as_number(value: Any) -> float | None:
    if blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            pass
    raise CellError(_("{valor} no es un número.").format(valor=_quoted(value)))


def as_bool(value: Any) -> bool | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = fold(text_of(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        _("{valor} no es true ni false (también valen sí/no).").format(valor=_quoted(value))
    )


def as_date(value: Any) -> date | None:
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        found = _DATE_TEXT.fullmatch(value.strip())
        parsed = parse_date(found.group(1)) if found else None
        if parsed is not None:
            return parsed
    raise CellError(
        _("{valor} no es una fecha: escriba AAAA-MM-DD, por ejemplo 2026-11-15.").format(
            valor=_quoted(value)
        )
    )


def as_list(value: Any) -> list[str]:
    text = as_text(value)
    if text is None:
        return []
    return [part.strip() for part in _LINK_SPLIT.split(text) if part.strip()]


def convert(column: Column, value: Any) -> Any:
    """One cell as the format's value for its column (``CellError`` when it is not one)."""
    how = {
        Kind.INTEGER: as_int,
        Kind.NUMBER: as_number,
        Kind.TEXT: as_text,
        Kind.DATE: as_date,
        Kind.BOOL: lambda v: as_bool(v) or False,  # empty: the format's default
        Kind.LIST: as_list,
    }[column.kind]
    return how(value)
