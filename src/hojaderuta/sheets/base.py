"""What a workbook said when ``hdr exportar`` wrote it: the base of a three-way import.

Two liaisons can get workbooks of the same commitment; the second one to come back
must not undo the first one's report with the old values it never touched. So the
export records, out of sight (a very hidden sheet «_hdr», or ``_hdr.csv`` beside the
CSV files), the content hash of each commitment file and the value it wrote in each
cell ``hdr importar`` may apply. The import then applies only the cells the workbook
changed, and a cell that the file changed too is a conflict, not a silent overwrite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hojaderuta.errors import UsageError
from hojaderuta.sheets.read import CellError, as_int, as_text, blank, convert
from hojaderuta.sheets.spec import SHEETS, Column, Kind, Role, Sheet
from hojaderuta.text.i18n import _

VERSION = 1
# One row per fact: «version», «archivo» (numero, file, sha256) or «celda» (a cell's value).
COLUMNS = [
    Column(name, kind, Role.INFO, 12, "")
    for name, kind in (
        ("tipo", Kind.TEXT),
        ("hoja", Kind.TEXT),
        ("compromiso", Kind.INTEGER),
        ("hito", Kind.INTEGER),
        ("indice", Kind.INTEGER),
        ("columna", Kind.TEXT),
        ("valor", Kind.TEXT),
    )
]
HEADER = [c.name for c in COLUMNS]


def tracked(sheet: str) -> list[Column]:
    """The columns whose cells ``hdr importar`` may apply (the reporting ones, and the
    agreed ones with a key, for ``--todo``): the ones the base needs."""
    return [c for c in SHEETS[sheet] if c.role is Role.REPORT or c.key is not None]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hashes(plan_dir: Path, compromisos: Sheet) -> list[tuple[int, str, str]]:
    """(numero, file, sha256 of its bytes) of each commitment in the workbook."""
    return [
        (row["numero"], row["archivo"], digest((plan_dir / row["archivo"]).read_bytes()))
        for row in compromisos.rows
    ]


def base_rows(sheets: list[Sheet], hashes: list[tuple[int, str, str]]) -> Iterator[dict[str, Any]]:
    """The facts of the base, as rows of ``COLUMNS``; cell values as the export wrote them."""
    yield {"tipo": "version", "valor": str(VERSION)}
    for numero, archivo, sha in hashes:
        yield {"tipo": "archivo", "compromiso": numero, "columna": archivo, "valor": sha}
    for sheet in sheets:
        if sheet.name not in ("Hitos", "Actividades"):
            continue
        for row in sheet.rows:
            for column in tracked(sheet.name):
                yield {
                    "tipo": "celda",
                    "hoja": sheet.name,
                    "compromiso": row["compromiso"],
                    "hito": row["hito"],
                    "indice": row.get("indice"),
                    "columna": column.name,
                    "valor": row.get(column.name),
                }


NO_BASE: Any = object()  # a cell the export did not record
Key = tuple[str, tuple[int, ...], str]  # (sheet, (compromiso, hito[, indice]), column)


@dataclass
class Base:
    """The base read back: what each file and each tracked cell was at the export."""

    hashes: dict[str, str] = field(default_factory=dict)  # file -> sha256
    numeros: dict[int, str] = field(default_factory=dict)  # numero -> file
    cells: dict[Key, Any] = field(default_factory=dict)  # raw value, as a cell gives it

    def value(self, sheet: str, key: tuple[int, ...], column: Column) -> Any:
        """The cell as exported, as ``read.convert`` gives a cell; else ``NO_BASE``."""
        raw = self.cells.get((sheet, key, column.name), NO_BASE)
        if raw is NO_BASE:
            return NO_BASE
        try:
            return convert(column, raw)
        except CellError:
            return NO_BASE


def read_base(rows: Iterable[Sequence[Any]], label: str) -> Base:
    """The base from the rows of the hidden sheet (or ``_hdr.csv``), header first."""
    it = iter(rows)
    header = [as_text(v) for v in next(it, ())]
    if header[: len(HEADER)] != HEADER:
        raise _damaged(label)
    base, version = Base(), None
    for cells in it:
        if all(blank(v) for v in cells):
            continue
        row = dict(zip(HEADER, [*cells, *[None] * len(HEADER)], strict=False))
        try:
            kind = as_text(row["tipo"])
            if kind == "version":
                version = as_int(row["valor"])
            elif kind == "archivo":
                archivo, numero = as_text(row["columna"]) or "", as_int(row["compromiso"])
                base.hashes[archivo] = as_text(row["valor"]) or ""
                if numero is not None:
                    base.numeros[numero] = archivo
            elif kind == "celda":
                ids = [as_int(row[n]) for n in ("compromiso", "hito", "indice")]
                key = tuple(i for i in ids if i is not None)
                base.cells[(as_text(row["hoja"]) or "", key, as_text(row["columna"]) or "")] = row[
                    "valor"
                ]
        except CellError as err:
            raise _damaged(label) from err
    if version != VERSION:
        raise _damaged(label)
    return base


def _damaged(label: str) -> UsageError:
    return UsageError(
        _(
            "«{hoja}» (lo que hdr anotó al exportar, para no borrar avances ajenos) está dañado "
            "o es de otra versión de hdr: exporte el libro de nuevo."
        ).format(hoja=label)
    )
