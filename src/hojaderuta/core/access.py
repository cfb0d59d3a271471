"""Reading a commitment whose shape may be wrong: what rules iterate over, safely.

Rules also run on files that fail the schema (see ``prune``): a list may be missing or
hold None where the schema refused an item. These give only the well-formed parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from hojaderuta.core.model import Compromiso, Persona

Parts = tuple[str | int, ...]


def items(value: Any) -> Iterator[tuple[int, Any]]:
    """The mappings of a list with their indexes; nothing for anything else."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def hitos(data: Compromiso) -> Iterator[tuple[int, Any]]:
    return items(data.get("hitos"))


def personas(data: Compromiso) -> Iterator[tuple[Parts, Persona]]:
    """Every persona once: one repeated through a YAML alias is the same written value."""
    seen: set[int] = set()
    places: list[tuple[Parts, Any]] = [
        (("responsables", i), p) for i, p in items(data.get("responsables"))
    ]
    places += [(("corresponsables", i), p) for i, p in items(data.get("corresponsables"))]
    places += [(("hitos", i, "responsable"), h.get("responsable")) for i, h in hitos(data)]
    for parts, persona in places:
        if isinstance(persona, dict) and id(persona) not in seen:
            seen.add(id(persona))
            yield parts, cast(Persona, persona)


def person_name(persona: Persona) -> str | None:
    """The person's name, when written: messages name them by it (or as «la persona»)."""
    nombre = persona.get("nombre")
    return nombre if isinstance(nombre, str) else None
