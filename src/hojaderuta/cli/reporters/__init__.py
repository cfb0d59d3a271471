"""Reporters turn results (data) into text for people and machines. Only they print.

Whatever comes from the user's files or names (a file name, a YAML value, a git author)
reaches a terminal or a CI log only through ``hojaderuta.text.safetext``: a control character
in it could recolour the terminal or forge a line of output.
"""

from __future__ import annotations

from pathlib import Path

from hojaderuta.text.safetext import visible


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible,
    with its control characters visible (it is printed, never opened)."""
    # The folder is resolved, the name is not: a linked file shows as itself, never as
    # where its link leads (a commitment linked to /etc/passwd is not named /etc/passwd).
    full = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
    try:
        return visible(full.relative_to(Path.cwd().resolve()).as_posix() or ".")
    except ValueError:
        return visible(full.as_posix())
