"""Where the bundled schemas, templates and rule docs are.

In a built wheel they live in ``hojaderuta/_datos`` (see pyproject's
force-include); in a source checkout or editable install, at the top of the
repository, which stays the one copy people edit.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_datos"
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent


def data_dir(name: str) -> Path:
    """Directory of bundled data: ``schemas``, ``plantillas`` or ``docs``."""
    bundled = _BUNDLED / name
    if bundled.is_dir():
        return bundled
    return _SOURCE_ROOT / name


def schema_path(kind: str) -> Path:
    return data_dir("schemas") / f"{kind}.schema.json"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for ``plan`` or ``compromiso``."""
    with schema_path(kind).open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def rules_doc() -> Path:
    return data_dir("docs") / "reglas.md"
