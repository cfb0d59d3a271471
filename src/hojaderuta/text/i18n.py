"""Translation of every text a person reads: gettext catalogs, Spanish as the source.

Texts are written in Spanish in the code and marked with ``_()`` (or ``ngettext`` for
counted nouns, ``pgettext`` where one Spanish word means two things). Spanish needs no
catalog: the marked text is the output, byte for byte. Other languages load
``locale/<código>/LC_MESSAGES/messages.mo`` from the package (catalogs are managed with
Babel; see docs/traducir.md).

Texts built when a module is imported (help for options, tables of names) are marked
with ``N_()`` and translated where they are shown, so the language can be chosen after
every module is loaded.

The standard library's ``gettext`` is all this needs at run time; it is already loaded
by the CLI framework, so choosing a language costs nothing at start.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "messages"  # Babel's default domain: messages.pot, messages.po, messages.mo
SOURCE = "es"
SHIPPED = ("es", "en")  # the languages the package carries a complete catalog for
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# A folder of catalogs tried before the package's: a translator's new language, or a test.
EXTRA_ENV = "HDR_CATALOGOS"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE


class UnknownLanguage(LookupError):
    """No catalog for the language asked for."""


def _code(value: str) -> str:
    """«en_US.UTF-8» -> «en»; «es-MX» -> «es»; «C» -> «c»."""
    return value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()


def _folders() -> list[Path]:
    extra = os.environ.get(EXTRA_ENV, "")
    return [Path(extra), LOCALE_DIR] if extra else [LOCALE_DIR]


def has_catalog(code: str) -> bool:
    return code == SOURCE or any(
        (folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file() for folder in _folders()
    )


def resolve(option: str | None, environ: Mapping[str, str]) -> str:
    """The language of a run: ``--idioma``, then HDR_IDIOMA, then the first of LC_ALL,
    LC_MESSAGES and LANG that is set (as gettext reads them); Spanish when none of them
    names a language hdr has."""
    for value in (option, environ.get("HDR_IDIOMA")):
        if value and has_catalog(_code(value)):
            return _code(value)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = _code(value)
            return code if has_catalog(code) else SOURCE
    return SOURCE


def set_language(code: str) -> None:
    """Use ``code``'s catalog from now on (Spanish: none)."""
    global _translations, _language
    if code == SOURCE:
        _translations, _language = _gettext.NullTranslations(), SOURCE
        return
    for folder in _folders():
        path = folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as fh:
                _translations, _language = _gettext.GNUTranslations(fh), code
            return
    raise UnknownLanguage(code)


def language() -> str:
    return _language


def translations() -> _gettext.NullTranslations:
    """The catalog in use (for Jinja's i18n extension)."""
    return _translations


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for the catalog without translating it yet (it is translated where shown)."""
    return message
