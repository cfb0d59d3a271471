"""Dates in Spanish words, for reports and the site."""

from __future__ import annotations

from datetime import date

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def long_date(value: date | str | None) -> str:
    """2020-04-28 -> «28 de abril de 2020»."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} de {MESES[value.month - 1]} de {value.year}"


def short_month(value: date) -> str:
    """2020-04-28 -> «abr 2020» (a calendar's axis label)."""
    return f"{MESES[value.month - 1][:3]} {value.year}"
