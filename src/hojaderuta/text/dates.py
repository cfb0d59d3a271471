"""Dates in words, for reports and the site, written by Babel for the run's locale
(text/i18n.py's ``format_locale``): «28 de abril de 2020», «April 28, 2020»."""

from __future__ import annotations

from datetime import date

from hojaderuta.text.i18n import format_locale
from hojaderuta.text.numbers import babel_locale


def long_date(value: date | str | None) -> str:
    """2020-04-28 -> «28 de abril de 2020» (English: «April 28, 2020»)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    from babel.dates import format_date

    return format_date(value, "long", locale=babel_locale(format_locale()))


def short_month(value: date) -> str:
    """2020-04-28 -> «abr 2020» (a calendar's axis label: the month abbreviated)."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", value, locale=babel_locale(format_locale()))
