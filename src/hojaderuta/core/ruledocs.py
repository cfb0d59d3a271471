"""The rule catalogue, one section per finding code.

Spanish (docs/reglas.md) is the source; in English, docs/en/rules.md has the same
sections, in the same order. When the English file is not there (a wheel built
without it), the Spanish one is used.
"""

from __future__ import annotations

import re
from pathlib import Path

from hojaderuta.resources import rules_doc
from hojaderuta.text import i18n

_HEADING = re.compile(r"^## `([a-z0-9-]+)`\s*$", re.MULTILINE)
# Per language: the catalogue's path relative to docs/reglas.md's folder.
_TRANSLATED = {"en": Path("en") / "rules.md"}


def rules_path() -> Path:
    """The catalogue in the language in use, or the Spanish one if it has none."""
    spanish = rules_doc()
    relative = _TRANSLATED.get(i18n.language())
    if relative is not None:
        translated = spanish.parent / relative
        if translated.is_file():
            return translated
    return spanish


def sections() -> dict[str, str]:
    """Code -> its Markdown section (heading included)."""
    text = rules_path().read_text(encoding="utf-8")
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.start() : end]
        # A section ends at the next level-2 heading of any kind.
        other = re.search(r"^## ", body[3:], re.MULTILINE)
        if other:
            body = body[: other.start() + 3]
        found[match.group(1)] = body.rstrip() + "\n"
    return found
