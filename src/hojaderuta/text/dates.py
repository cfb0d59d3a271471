"""Dates in words, for reports and the site, written by Babel for the run's locale
(text/i18n.py's ``format_locale``): «28 de abril de 2020», «April 28, 2020»."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from hojaderuta.text.i18n import format_locale
from hojaderuta.text.numbers import babel_locale


def long_date(value: date | str | None) -> str:
    """2020-04-28 -> «28 de abril de 2020» (English: «April 28, 2020»)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return _long_date(value, format_locale())


# A plan's pages repeat the same dates (periods, deadlines) thousands of times; Babel
# takes tens of microseconds for each: remembered by (date, locale).
@lru_cache(maxsize=4096)
def _long_date(value: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(value, "long", locale=babel_locale(locale))


def short_month(value: date) -> str:
    """2020-04-28 -> «abr 2020» (a calendar's axis label: the month abbreviated)."""
    return _short_month(value.year, value.month, format_locale())


@lru_cache(maxsize=1024)
def _short_month(year: int, month: int, locale: str) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", date(year, month, 1), locale=babel_locale(locale))
