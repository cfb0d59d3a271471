"""Dates travel as ISO strings (the format keeps them so); parse them in one place."""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(value: object) -> date | None:
    """A ``date`` for a real ``YYYY-MM-DD`` string, else None (2020-02-30 is None)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return None


def is_date(value: object) -> bool:
    """Format checker for JSON Schema's ``date``: only real YYYY-MM-DD dates."""
    if not isinstance(value, str):
        return True  # format applies to strings only
    return parse_date(value) is not None


def looks_like_date(value: str) -> bool:
    return bool(_ISO_DATE.fullmatch(value))
