"""Text from files and names made safe to show on a terminal or in a CI log.

A file name or a YAML value can carry control characters: an ESC that recolours
the terminal, a newline that starts a forged ``::error`` line in a GitHub log, a
bidi override that reorders what a reviewer reads. ``visible`` turns each into
a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), and the bytes of a name that
is not UTF-8 (surrogate escapes) into ``\\xff``, so the text can always be
written and never forges output. Letters, accents, emoji and spaces are kept.
"""

from __future__ import annotations

import re

# C0 and C1 controls with DEL, line/paragraph separators, bidi controls, surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
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


def has_surrogates(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (it cannot be written as UTF-8)."""
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)
