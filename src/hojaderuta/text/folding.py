"""Text folded for matching and for names: without accents, case or extra spacing."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """«Secretaría de Función Pública» -> «Secretaria de Funcion Publica» (ASCII only)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, to compare names people type."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def slugify(text: str, limit: int = 80, default: str = "institucion") -> str:
    """A file-name-safe slug: lowercase ASCII words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    return slug[:limit].rstrip("-") or default
