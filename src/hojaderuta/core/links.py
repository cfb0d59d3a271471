"""What a link-like value is: a web address, a path inside the repository, or neither."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SPACE = re.compile(r"\s")


class Link(Enum):
    WEB = "web"  # http(s)://host/...
    RELATIVE = "relativa"  # a path relative to the plan or the repository
    INVALID = "invalida"


def classify(value: str) -> Link:
    text = value.strip()
    if text.startswith("https://") and not _SPACE.search(text):
        # The common case, without urlsplit: a host must follow the scheme.
        host = text[8:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return Link.WEB if host else Link.INVALID
    if _SCHEME.match(text):
        if not text.lower().startswith(("http://", "https://")):
            return Link.INVALID  # javascript:, file:, data:, mailto:, C:\ ...
        if _SPACE.search(text):
            return Link.INVALID
        try:
            parts = urlsplit(text)
        except ValueError:
            return Link.INVALID
        return Link.WEB if parts.netloc else Link.INVALID
    if not text or text.startswith(("/", "\\", "~")) or "\\" in text:
        return Link.INVALID
    return Link.RELATIVE


def looks_dangerous(value: str) -> bool:
    """For fields that may hold plain text: a single word with a non-web scheme."""
    text = value.strip()
    return not _SPACE.search(text) and bool(_SCHEME.match(text)) and classify(text) is Link.INVALID


def find_relative(value: str, bases: list[Path], fence: Path) -> Path | None:
    """The existing file a relative evidence path names, looked up in ``bases``.

    Paths that leave ``fence`` (the repository, or the plan when there is none)
    never count as found.
    """
    clean = value.strip().split("#", 1)[0].split("?", 1)[0]
    if not clean or "\0" in clean:
        return None
    fence = fence.resolve()
    for base in bases:
        try:
            candidate = (base / clean).resolve()
            # Evidence is a file: a folder (or the plan itself, for "#x") proves nothing.
            if candidate.is_relative_to(fence) and candidate.is_file():
                return candidate
        except (OSError, ValueError):  # names too long for the file system, and the like
            continue
    return None
