"""How ``hdr importar`` quotes cell values in its messages."""

from __future__ import annotations

from typing import Any

from hojaderuta.sheets.spec import Column, Kind, quoted, text_of


def conflict(column: Column, base: Any, mine: Any, theirs: Any) -> str:
    """A cell the workbook and the file both changed since the export: the three values."""
    return (
        f"conflicto: al exportar decía {shown(column, base)}; el libro dice "
        f"{shown(column, mine)} y el archivo, que alguien cambió después, dice "
        f"{shown(column, theirs)}. Deje en la celda lo que dice el archivo, o exporte de "
        "nuevo y llene el libro nuevo."
    )


def shown(column: Column, value: Any) -> str:
    if column.kind is Kind.LIST and value:
        return short(" ; ".join(value))
    return short(value)


def short(value: Any) -> str:
    """An agreed value in one line for a warning; an empty one says so."""
    text = " ".join(text_of(value).split())
    return quoted(text, 48) if text else "vacío"


def describe(name: str, value: Any) -> str:
    if value is None or value == []:
        return f"{name} (se quita)"
    if isinstance(value, list):
        return f"{name} ({len(value)})"
    shown = text_of(value)
    return name if len(shown) > 40 or "\n" in shown else f"{name}: {shown}"
