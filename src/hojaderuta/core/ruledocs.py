"""The rule catalogue (docs/reglas.md), one section per finding code."""

from __future__ import annotations

import re

from hojaderuta.resources import rules_doc

_HEADING = re.compile(r"^## `([a-z0-9-]+)`\s*$", re.MULTILINE)


def sections() -> dict[str, str]:
    """Code -> its Markdown section (heading included)."""
    text = rules_doc().read_text(encoding="utf-8")
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
