"""The translation catalogs: extracted from the code, complete in every language hdr
ships (English today), compiled.

docs/traducir.md has the commands these tests ask for when they fail.
"""

from __future__ import annotations

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from hojaderuta.text.i18n import SHIPPED, SOURCE

from .conftest import ROOT, require_tool

LOCALE = ROOT / "src" / "hojaderuta" / "locale"
POT = LOCALE / "messages.pot"
# Every shipped language but the source: a new one is checked as soon as it is added.
TRANSLATED = [code for code in SHIPPED if code != SOURCE]
# {n} of str.format, %(num)s of Jinja's newstyle gettext.
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%\([a-z_]+\)[sd]")


def _po(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / "messages.po"


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _ids(message: Message) -> tuple[str, ...]:
    """(msgid,) or (singular, plural)."""
    ident = message.id
    return tuple(ident) if isinstance(ident, tuple | list) else (str(ident),)


def _strings(message: Message) -> tuple[str, ...]:
    """(msgstr,) or one per plural form; "" when missing."""
    text = message.string
    return tuple(t or "" for t in text) if isinstance(text, tuple | list) else (text or "",)


def _key(message: Message) -> tuple[str | None, tuple[str, ...]]:
    return (message.context, _ids(message))


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def test_pot_has_every_text_of_the_code(tmp_path: Path) -> None:
    pybabel = require_tool("pybabel")
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg", "-k", "plural:2,3", "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = {_key(m) for m in _messages(_read(fresh))}
    committed = {_key(m) for m in _messages(_read(POT))}
    assert extracted - committed == set(), "faltan en messages.pot: ver docs/traducir.md"
    assert committed - extracted == set(), "sobran en messages.pot: ver docs/traducir.md"


def test_every_shipped_language_is_listed() -> None:
    assert TRANSLATED == ["en"]
    assert sorted(p.name for p in LOCALE.iterdir() if p.is_dir()) == sorted(TRANSLATED)


@pytest.mark.parametrize("code", TRANSLATED)
def test_translation_is_complete_and_not_fuzzy(code: str) -> None:
    po = _read(_po(code), code)
    template = {_key(m) for m in _messages(_read(POT))}
    translated = {_key(m) for m in _messages(po)}
    assert template - translated == set(), f"«{code}» no tiene estos textos (pybabel update)"
    fuzzy = [m.id for m in _messages(po) if m.fuzzy]
    assert fuzzy == [], "traducciones marcadas fuzzy: revíselas y quite la marca"
    empty = [m.id for m in _messages(po) if not all(_strings(m))]
    assert empty == [], f"textos sin traducir en «{code}»"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code: str) -> None:
    """A translation that loses or renames ``{n}`` would crash or mislead at run time."""
    wrong = []
    for m in _messages(_read(_po(code), code)):
        sources = _ids(m)
        wanted = set(_placeholders(sources[-1])) | set(_placeholders(sources[0]))
        for target in _strings(m):
            # A singular may leave out the count ("one error"), never add or rename.
            got = set(_placeholders(target))
            if not got <= wanted or (len(sources) == 1 and got != wanted):
                wrong.append((m.id, target))
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalog_is_the_po(code: str) -> None:
    with _po(code).with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale: list[tuple[str, ...]] = []
    for m in _messages(_read(_po(code), code)):
        ids, strings = _ids(m), _strings(m)
        if len(ids) == 2:
            for n, expected in ((1, strings[0]), (2, strings[1])):
                if m.context:
                    got = compiled.npgettext(m.context, ids[0], ids[1], n)
                else:
                    got = compiled.ngettext(ids[0], ids[1], n)
                if got != expected:
                    stale.append(ids)
        else:
            got = compiled.pgettext(m.context, ids[0]) if m.context else compiled.gettext(ids[0])
            if got != strings[0]:
                stale.append(ids)
    assert stale == [], "messages.mo no corresponde a messages.po: pybabel compile"


def test_spanish_needs_no_catalog() -> None:
    """Spanish is the source: no catalog, the marked text comes out as written."""
    from hojaderuta.text.i18n import _, language, ngettext, set_language

    set_language("es")
    assert language() == "es"
    assert _("Cualquier texto") == "Cualquier texto"
    assert ngettext("{n} error", "{n} errores", 1) == "{n} error"
    assert ngettext("{n} error", "{n} errores", 0) == "{n} errores"
    assert not list(LOCALE.glob("es/**/*.mo"))


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [
        (None, {}, "es"),
        ("en", {"LANG": "es_MX.UTF-8"}, "en"),
        ("es", {"HDR_IDIOMA": "en"}, "es"),
        (None, {"HDR_IDIOMA": "en", "LANG": "es_MX.UTF-8"}, "en"),
        (None, {"HDR_IDIOMA": "fr"}, "es"),
        # The region stays with the language: it decides how figures are written.
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "es_MX.UTF-8"}, "en_GB"),
        (None, {"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "es"),  # LC_ALL decides
        (None, {"LC_MESSAGES": "en_US", "LANG": "es_ES"}, "en_US"),
        (None, {"HDR_IDIOMA": "es-CO"}, "es_CO"),
        (None, {"HDR_IDIOMA": "es_<x>"}, "es"),
        (None, {"LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LANG": "en"}, "en"),
        ("xx", {}, "es"),
    ],
)
def test_language_resolution(option: str | None, env: dict[str, str], expected: str) -> None:
    from hojaderuta.text.i18n import resolve

    assert resolve(option, env) == expected


def test_workbook_help_follows_the_language_of_the_moment() -> None:
    """The whole-roadmap workbook's column help comes from the schema: translated when
    shown, never frozen in the language the module was imported in."""
    from hojaderuta.sheets.fullspec import FULL_SHEETS
    from hojaderuta.sheets.spec import help_of
    from hojaderuta.text.i18n import speaking

    cumplido = next(c for c in FULL_SHEETS["Hitos"] if c.name == "cumplido")
    supuestos = next(c for c in FULL_SHEETS["Compromisos"] if c.name == "supuestos")
    assert help_of(cumplido).startswith("¿Se cumplió el hito?: Campo de reporte")
    with speaking("en"):
        assert help_of(cumplido).startswith("Was the milestone completed?: Reporting field")
        assert help_of(supuestos).endswith("One item per line in the cell (Alt+Enter in Excel).")
    assert help_of(supuestos).endswith("Un elemento por renglón en la celda (Alt+Intro en Excel).")
