"""How ``hdr importar`` quotes cell values in its messages, and its longer messages."""

from __future__ import annotations

from typing import Any

from hojaderuta.sheets.spec import Column, Kind, quoted, text_of
from hojaderuta.text.i18n import _, ngettext


def conflict(column: Column, base: Any, mine: Any, theirs: Any) -> str:
    """A cell the workbook and the file both changed since the export: the three values."""
    return _(
        "conflicto: al exportar decía {antes}; el libro dice {libro} y el archivo, que "
        "alguien cambió después, dice {archivo}. Deje en la celda lo que dice el archivo, o "
        "exporte de nuevo y llene el libro nuevo."
    ).format(antes=shown(column, base), libro=shown(column, mine), archivo=shown(column, theirs))


def shown(column: Column, value: Any) -> str:
    if column.kind is Kind.LIST and value:
        return short(" ; ".join(value))
    return short(value)


def short(value: Any) -> str:
    """An agreed value in one line for a warning; an empty one says so."""
    text = " ".join(text_of(value).split())
    return quoted(text, 48) if text else _("vacío")


def describe(name: str, value: Any) -> str:
    if value is None or value == []:
        return _("{columna} (se quita)").format(columna=name)
    if isinstance(value, list):
        return f"{name} ({len(value)})"
    shown = text_of(value)
    return name if len(shown) > 40 or "\n" in shown else f"{name}: {shown}"


def no_item(numero: int, hito: int | None, count: int, index: int) -> str:
    """A row about a hito (``hito`` None) or an activity of ``hito`` that the file lacks."""
    if hito is None:
        text = ngettext(
            "el compromiso {numero} tiene {n} hito; no hay hito {indice}. Las filas no agregan "
            "ni quitan hitos: eso se hace en el archivo del compromiso.",
            "el compromiso {numero} tiene {n} hitos; no hay hito {indice}. Las filas no "
            "agregan ni quitan hitos: eso se hace en el archivo del compromiso.",
            count,
        )
    else:
        text = ngettext(
            "el hito {hito} del compromiso {numero} tiene {n} actividad; no hay actividad "
            "{indice}. Las filas no agregan ni quitan actividades: eso se hace en el archivo "
            "del compromiso.",
            "el hito {hito} del compromiso {numero} tiene {n} actividades; no hay actividad "
            "{indice}. Las filas no agregan ni quitan actividades: eso se hace en el archivo "
            "del compromiso.",
            count,
        )
    return text.format(numero=numero, hito=hito, n=count, indice=index)


def not_applied(keyed: bool) -> str:
    """A changed agreed cell applied only with --todo (``keyed``) or only in the file."""
    if keyed:
        return _(
            "cambió ({antes} → {ahora}), pero es de la hoja de ruta acordada: no se aplicó "
            "(use --todo para aplicarlo)."
        )
    return _(
        "cambió ({antes} → {ahora}), pero es de la hoja de ruta acordada: no se aplicó "
        "(cámbielo en el archivo)."
    )


def verified_pair(empty: str) -> str:
    """verificado_por and verificado_fecha go together: the ``empty`` one is missing."""
    if empty == "verificado_por":
        return _(
            "verificado_por y verificado_fecha van juntos: falta el nombre de quien revisó la "
            "evidencia."
        )
    return _(
        "verificado_por y verificado_fecha van juntos: falta la fecha de la revisión (AAAA-MM-DD)."
    )
