"""Reporters turn results (data) into text for people and machines. Only they print."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    full = path.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return full.as_posix()


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»."""
    return f"{n} {one if n == 1 else many}"
