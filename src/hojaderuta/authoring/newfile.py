"""A new commitment file written from data (``hdr importar --nuevos``), not from a template.

The data comes in the schema's key order; ruamel writes it in the style of the
examples (two-space indents, «  - » items, literal blocks for texts with line breaks)
and quotes whatever YAML 1.2 would read as something other than text (``"16.10"``,
``"5550042481"``). Dates are ``date`` objects, written plain (``2026-01-15``), which the
loader reads back as the text it keeps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hojaderuta.authoring import yamledit as rt

_FIRST_KEYS = ("numero", "nombre")  # the header lines; every other top-level key gets air


def _node(value: Any, literal: bool) -> Any:
    if isinstance(value, dict):
        return rt.new_map([(k, _node(v, literal)) for k, v in value.items()])
    if isinstance(value, list):
        return rt.new_seq([_node(v, literal) for v in value])
    if isinstance(value, str):
        return rt.text_value(value) if literal else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def commitment_text(
    data: dict[str, Any], *, schema: str, comment: list[str], literal: bool = True
) -> bytes:
    """The YAML file of one commitment: modeline, comment lines, then ``data``.

    ``literal`` False writes texts with line breaks quoted instead of as blocks (the
    fallback when a block would not read back the same)."""
    yaml = rt.make_yaml(rt.DEFAULT_INDENT)
    body = rt.dump(yaml, _node(data, literal))
    lines: list[str] = []
    for line in body.splitlines():
        top = line[:1] not in ("", " ", "-", "#") and ":" in line
        if top and lines and not line.startswith(_FIRST_KEYS):
            lines.append("")
        lines.append(line)
    head = [f"# yaml-language-server: $schema={schema}", *(f"# {c}" for c in comment)]
    return ("\n".join(head + lines) + "\n").encode("utf-8")


def plain_dates(value: Any) -> Any:
    """``value`` with its ``date`` objects as the text the loader keeps (AAAA-MM-DD)."""
    if isinstance(value, dict):
        return {k: plain_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_dates(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
