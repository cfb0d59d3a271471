"""Template placeholders: values that still say COMPLETAR are boxes left to fill.

``hdr nuevo`` writes a commitment whose every box holds ``COMPLETAR: <guía>``;
``hdr validar`` names each box still unfilled with its Anexo 1 label.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MARKER = "COMPLETAR"

Parts = tuple[str | int, ...]


def find(data: Any, parts: Parts = ()) -> Iterator[tuple[Parts, str]]:
    """Every string value that starts with the placeholder marker."""
    if isinstance(data, str):
        if data.lstrip().startswith(MARKER):
            yield parts, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from find(value, (*parts, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from find(value, (*parts, i))
