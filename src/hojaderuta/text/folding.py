"""Text folded for matching and for names: without accents, case or extra spacing."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """«Secretaría de Función Pública» -> «Secretaria de Funcion Publica» (ASCII only)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class _WithoutMarks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks, filled as characters appear
    (the whole of Unicode would take a second to scan)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()
# The marks of Latin accents (U+0300 to U+036F), removed in one regex pass: after it,
# Spanish text is ASCII and the slower table is not needed.
_ACCENTS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]"
)


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, to compare names people type."""
    plain = unicodedata.normalize("NFKD", text)
    if not plain.isascii():  # ASCII has no combining marks
        plain = _ACCENTS.sub("", plain)
        if not plain.isascii():
            plain = plain.translate(_WITHOUT_MARKS)
    return " ".join(plain.casefold().split())


def slugify(text: str, limit: int = 80, default: str = "institucion") -> str:
    """A file-name-safe slug: lowercase ASCII words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    return slug[:limit].rstrip("-") or default
