"""Messages of ``hdr marcar`` and ``hdr verificar`` about hitos and activities a file lacks.

Whole sentences for each case (a hito of a commitment, an activity of a hito), so that a
translation never has to glue words together.
"""

from __future__ import annotations

from hojaderuta.text.i18n import _, ngettext


def no_items(numero: int, hito: int | None) -> str:
    """A commitment without hitos (``hito`` None), or a hito without activities."""
    if hito is None:
        text = _("El compromiso {numero} no tiene hitos; revise el archivo con «hdr validar».")
    else:
        text = _(
            "El hito {hito} del compromiso {numero} no tiene actividades; revise el archivo "
            "con «hdr validar»."
        )
    return text.format(numero=numero, hito=hito)


def out_of_range(numero: int, hito: int | None, count: int, index: int) -> str:
    """No hito (``hito`` None) or activity ``index``: there are ``count``."""
    if hito is None:
        text = ngettext(
            "El compromiso {numero} tiene {n} hito; no hay hito {indice}. Indique un número "
            "del 1 al {n}.",
            "El compromiso {numero} tiene {n} hitos; no hay hito {indice}. Indique un número "
            "del 1 al {n}.",
            count,
        )
    else:
        text = ngettext(
            "El hito {hito} del compromiso {numero} tiene {n} actividad; no hay actividad "
            "{indice}. Indique un número del 1 al {n}.",
            "El hito {hito} del compromiso {numero} tiene {n} actividades; no hay actividad "
            "{indice}. Indique un número del 1 al {n}.",
            count,
        )
    return text.format(numero=numero, hito=hito, n=count, indice=index)
