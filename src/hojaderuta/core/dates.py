"""Dates travel as ISO strings (the format keeps them so); parse them in one place."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(value: object) -> date | None:
    """A ``date`` for a real ``YYYY-MM-DD`` string, else None (2020-02-30 is None)."""
    return _parse_iso(value) if isinstance(value, str) else None


# A plan repeats its dates (periods, deadlines): 2,000 commitments parse 100,000 of them.
@lru_cache(maxsize=4096)
def _parse_iso(value: str) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)  # after the pattern: exactly YYYY-MM-DD
    except ValueError:
        return None


def is_date(value: object) -> bool:
    """Format checker for JSON Schema's ``date``: only real YYYY-MM-DD dates."""
    if not isinstance(value, str):
        return True  # format applies to strings only
    return parse_date(value) is not None


def looks_like_date(value: str) -> bool:
    return bool(_ISO_DATE.fullmatch(value))
