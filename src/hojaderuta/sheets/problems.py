"""What is wrong with a workbook, where: the problems and warnings ``importar`` reports."""

from __future__ import annotations

from dataclasses import dataclass

from hojaderuta.text.i18n import _

# Problems and warnings kept to show; beyond, only counted (a workbook of 400,000 wrong
# rows must not become 400,000 messages in memory and on the terminal).
MAX_REPORTED = 200


def keep(items: list[Problema], item: Problema) -> bool:
    """Add ``item`` while fewer than MAX_REPORTED are kept (the rest are only counted)."""
    if len(items) >= MAX_REPORTED:
        return False
    items.append(item)
    return True


@dataclass(frozen=True)
class Problema:
    """One thing wrong: where in the workbook (or, failing that, in a file) and what."""

    mensaje: str
    hoja: str | None = None
    fila: int | None = None
    columna: str | None = None
    archivo: str | None = None
    linea: int | None = None
    conflicto: bool = False  # the workbook and the file both changed the cell

    @property
    def lugar(self) -> str:
        if self.hoja is not None:
            parts = [self.hoja] + ([_("fila {n}").format(n=self.fila)] if self.fila else [])
            if self.columna:
                parts.append(_("columna «{columna}»").format(columna=self.columna))
            return ", ".join(parts)
        if self.archivo is not None:
            return f"{self.archivo}:{self.linea}" if self.linea else self.archivo
        return ""
