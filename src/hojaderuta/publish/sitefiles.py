"""Where the site's files go: each language's pages under its folder, shared files at
the root, and the same page in the other languages (the language switch)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hojaderuta.text.i18n import NATIVE_NAMES

# The site's languages as (code, folder prefix): the first at the root.
Languages = list[tuple[str, str]]


class SiteWriter:
    """Writes under ``root``; a language other than the first writes its pages under
    ``prefix`` («en/»), while shared files (data, evidence) always go to the root."""

    def __init__(self, root: Path, prefix: str = "") -> None:
        self.root = root
        self.prefix = prefix
        self.count = 0
        self.pages: list[str] = []  # HTML pages, for the sitemap (prefix included)

    def text(self, relative: str, content: str) -> None:
        path = self.root / self.prefix / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self.count += 1
        if relative.endswith(".html"):
            self.pages.append(self.prefix + relative)

    def copy(self, relative: str, source: Path) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.count += 1


def language_switch(name: str, base: dict[str, Any]) -> list[dict[str, Any]]:
    """The same page in every language of the site (none when it has one)."""
    languages: Languages = base["idiomas"]
    if len(languages) < 2:
        return []
    shared_root = "../" * name.count("/") + base["comun"]
    return [
        {
            "codigo": code,
            "nombre": NATIVE_NAMES.get(code, code),
            "href": shared_root + folder + name,
            "actual": code == base["idioma"],
        }
        for code, folder in languages
    ]
