"""Text from files and names made safe to show on a terminal or in a CI log.

A file name or a YAML value can carry control characters: an ESC that recolours
the terminal, a newline that starts a forged ``::error`` line in a GitHub log, a
bidi override that reorders what a reviewer reads. ``visible`` turns each into
a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), and the bytes of a name that
is not UTF-8 (surrogate escapes) into ``\\xff``, so the text can always be
written and never forges output. Letters, accents, emoji and spaces are kept.
It also writes the second character of ``::`` and ``##[`` as an escape (``:\\x3a``,
``#\\x23[``): a CI log reads them as commands (GitHub's ``##[error]`` even in
the middle of a line), and wrapping can put any word at the start of a line.
``visible_line`` does the same for text laid out on one line (a name in a table), where
a line break in a multi-line YAML value reads best as a space. ``plain`` keeps text as is
for machine-readable files (CSV, JSON), unless it could not be written as UTF-8 at all.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls with DEL, line/paragraph separators, bidi controls, surrogates, and
# the two noncharacters XML 1.0 forbids (a JUnit report must stay well-formed); then the
# second character of what CI logs take for commands: ``::`` and ``##[`` (``##vso[``).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
    r"|(?<=:):|(?<=#)#(?=\[|vso\[)"
)
# Line breaks and tabs, with the spaces around them: one space on a single line.
_BREAKS = re.compile(" *(?:\r\n|[\r\n\t])[ \r\n\t]*")
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape; unchanged if it has none."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def visible_line(text: str) -> str:
    """``text`` for one line: line breaks and tabs become a space, other controls escapes."""
    return visible(_BREAKS.sub(" ", text).strip(" "))


def plain(text: str) -> str:
    """``text`` as is for a CSV or JSON file, unless it holds bytes that were not UTF-8
    (then visible: writing it would fail)."""
    return visible(text) if has_surrogates(text) else text


def has_surrogates(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (it cannot be written as UTF-8)."""
    return _SURROGATES.search(text) is not None


def plain_data(value: Any) -> Any:
    """``plain`` through a JSON-like structure (dict keys too): ready for ``json.dumps``."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {plain(str(k)): plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    return value
