"""Babel extraction method for the JSON Schemas' texts (``babel.cfg`` names it).

A schema's ``title``, ``description`` and ``enumDescriptions`` are what people read
about a field: in messages («Ponderación del hito (%)»), on the site's data page and in
spreadsheet help. The schemas stay in Spanish (they are the contract, and editors show
them); their texts reach the catalog through this method and are translated where they
are shown, with ``schema_words``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from hojaderuta.text.i18n import _

TEXT_KEYS = ("title", "description")


def schema_words(text: object) -> str:
    """A schema text in the run's language (empty stays empty)."""
    return _(text) if isinstance(text, str) and text else ""


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str) and value:
                yield value
            elif key == "enumDescriptions" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str) and v)
            elif key not in ("examples", "default", "const", "enum", "pattern"):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def extract_schema(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor signature: (line, function, message, comments) per text."""
    import json  # only when Babel extracts: hdr's runs never need it here

    raw = fileobj.read().decode("utf-8")
    lines = raw.splitlines()
    for text in dict.fromkeys(_texts(json.loads(raw))):
        needle = json.dumps(text, ensure_ascii=False)
        line = next((i for i, row in enumerate(lines, 1) if needle in row), 0)
        yield line, None, text, ["esquema"]
