"""Dates in words, for reports and the site: Spanish as written, other languages
through the catalog (month names and the patterns a date is written with)."""

from __future__ import annotations

from datetime import date

from hojaderuta.text.i18n import N_, _

# Marked here, translated where shown: the language is chosen after import.
MESES = (
    N_("enero"),
    N_("febrero"),
    N_("marzo"),
    N_("abril"),
    N_("mayo"),
    N_("junio"),
    N_("julio"),
    N_("agosto"),
    N_("septiembre"),
    N_("octubre"),
    N_("noviembre"),
    N_("diciembre"),
)

# A calendar's axis labels: the first three letters of each month in Spanish.
MESES_CORTOS = (
    N_("ene"),
    N_("feb"),
    N_("mar"),
    N_("abr"),
    N_("may"),
    N_("jun"),
    N_("jul"),
    N_("ago"),
    N_("sep"),
    N_("oct"),
    N_("nov"),
    N_("dic"),
)


def month_name(month: int) -> str:
    """1 -> «enero», in the language in use."""
    return _(MESES[month - 1])


def long_date(value: date | str | None) -> str:
    """2020-04-28 -> «28 de abril de 2020» (English: «April 28, 2020»)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return _("{dia} de {mes} de {anio}").format(
        dia=value.day, mes=month_name(value.month), anio=value.year
    )


def short_month(value: date) -> str:
    """2020-04-28 -> «abr 2020» (a calendar's axis label)."""
    return _("{mes} {anio}").format(mes=_(MESES_CORTOS[value.month - 1]), anio=value.year)
