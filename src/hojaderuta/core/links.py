"""What a link-like value is: a web address, a path inside the repository, or neither."""

from __future__ import annotations

import re
from enum import Enum

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SPACE = re.compile(r"\s")
_AUTHORITY_END = re.compile(r"[/?#]")


class Link(Enum):
    WEB = "web"  # http(s)://host/...
    RELATIVE = "relativa"  # a path relative to the plan or the repository
    INVALID = "invalida"


def _has_host(authority: str) -> bool:
    """An authority (``user@host:port``) names a host: ``https://@`` and ``https://[::1``
    do not; an IPv6 literal's brackets must close, and a port is digits."""
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        literal, closed, rest = hostport[1:].partition("]")
        if not closed or not literal or "[" in literal:
            return False
        if rest and not rest.startswith(":"):
            return False
        port = rest[1:]
    else:
        host, _, port = hostport.partition(":")
        if not host or "[" in host or "]" in host:
            return False
    return not port or port.isdigit()  # "host:" is allowed: an empty port


def classify(value: str) -> Link:
    text = value.strip()
    if _SCHEME.match(text):
        lower = text.lower()
        if not lower.startswith(("http://", "https://")):
            return Link.INVALID  # javascript:, file:, data:, mailto:, C:\ ...
        if _SPACE.search(text):
            return Link.INVALID
        rest = text[text.index("//") + 2 :]
        authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
        return Link.WEB if _has_host(authority) else Link.INVALID
    if not text or text.startswith(("/", "\\", "~")) or "\\" in text:
        return Link.INVALID
    return Link.RELATIVE


def looks_dangerous(value: str) -> bool:
    """For fields that may hold plain text: a single word with a non-web scheme."""
    text = value.strip()
    return not _SPACE.search(text) and bool(_SCHEME.match(text)) and classify(text) is Link.INVALID
