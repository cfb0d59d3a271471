"""Numbers in text: percentages, differences of percentages and counted nouns.

Written by Babel for the run's locale (text/i18n.py's ``format_locale``): one percent
format everywhere, the terminal's, the reports' and the site's («82.5%» in Latin American
Spanish and English, «82,5 %» in Spain). Figures are first rounded as the contract
reports them (two decimals) and then shown without trailing zeros.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from hojaderuta.text.i18n import DEFAULT_FORMATS, _, format_locale, ngettext


def r2(value: float) -> float:
    """A figure as the contract reports it: rounded to two decimals."""
    return round(float(value), 2)


def _exact(value: float) -> Decimal:
    """82.499999 -> Decimal('82.5'): the figure's shortest decimal, no binary noise."""
    return Decimal(repr(r2(value)))


@cache
def babel_locale(name: str) -> Any:
    """Babel's locale for ``name`` (``es_CO``); the language's usual one when Babel knows
    no such region. Imported here, not at start: only commands that write figures or
    dates pay for it."""
    from babel import Locale, localedata

    if not localedata.exists(name):
        language = name.split("_", 1)[0]
        name = DEFAULT_FORMATS.get(language, language)
    return Locale.parse(name if localedata.exists(name) else DEFAULT_FORMATS["es"])


# A site writes the same few figures thousands of times (0%, 25%, 100%…) and Babel takes
# tens of microseconds for each: remembered by (figure, locale).
_MEMORY = 4096


def percent(value: float | None) -> str:
    """«82.5%», «100%», «—» (unknown), as the locale writes a percentage."""
    if value is None:
        return "—"
    return _percent(r2(value), format_locale())


@lru_cache(maxsize=_MEMORY)
def _percent(value: float, locale: str) -> str:
    from babel.numbers import format_percent

    fraction = (_exact(value) / 100).normalize()
    return format_percent(fraction, locale=babel_locale(locale), decimal_quantization=False)


def decimal(value: float) -> str:
    """«16.7», «1,234» (Spain: «16,7», «1.234»): a figure as the locale writes it."""
    return _decimal(r2(value), format_locale())


@lru_cache(maxsize=_MEMORY)
def _decimal(value: float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(
        _exact(value).normalize(), locale=babel_locale(locale), decimal_quantization=False
    )


def count(n: int) -> str:
    """«3», «1,234»: a whole number of things. Below a thousand every language hdr
    carries writes the plain digits, so Babel is only loaded for bigger counts."""
    return str(n) if -1000 < n < 1000 else decimal(n)


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»: the noun from the catalog's plural forms. Call it with
    literal words: Babel extracts them (keyword ``plural:2,3``, see babel.cfg's notes)."""
    return f"{count(n)} {ngettext(one, many, n)}"


def _points_figure(value: float) -> tuple[str, int]:
    """The figure of a difference of percentages («16.7», «1») and the count its noun
    agrees with (1 only for exactly one point)."""
    figure = abs(r2(value))
    return decimal(figure), 1 if figure == 1 else 2


def points(value: float) -> str:
    """«16.7 puntos», «1 punto», «0.5 puntos»: a difference of percentages."""
    text, agrees = _points_figure(value)
    return ngettext("{n} punto", "{n} puntos", agrees).format(n=text)


def gap_words(avance: float | None, esperado: float | None) -> str:
    """The gap between progress and expected progress, in words:
    «16.7 puntos por debajo de lo esperado», «en lo esperado»."""
    if avance is None or esperado is None:
        return _("sin cifras que comparar")
    gap = r2(avance) - r2(esperado)
    if abs(gap) < 0.005:
        return _("justo en lo esperado")
    text, agrees = _points_figure(gap)
    if gap < 0:
        return ngettext(
            "{n} punto por debajo de lo esperado", "{n} puntos por debajo de lo esperado", agrees
        ).format(n=text)
    return ngettext(
        "{n} punto por encima de lo esperado", "{n} puntos por encima de lo esperado", agrees
    ).format(n=text)
