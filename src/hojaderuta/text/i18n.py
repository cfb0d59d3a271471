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

A language may name a region too (``es_CO``, ``en-GB``): the catalog is the language's,
and numbers and dates are written as that region writes them (text/numbers.py,
text/dates.py). Without one, Spanish writes them as Latin America does (CLDR ``es_419``:
«82.5%», «1,234»): hdr's plans so far are Latin American.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "messages"  # Babel's default domain: messages.pot, messages.po, messages.mo
SOURCE = "es"
SHIPPED = ("es", "en")  # the languages the package carries a complete catalog for
# Each language by its own name (a language switch shows them so, never translated).
NATIVE_NAMES = {"es": "Español", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# A folder of catalogs tried before the package's: a translator's new language, or a test.
EXTRA_ENV = "HDR_CATALOGOS"

# The region a language is written in when none is named (CLDR locale names).
DEFAULT_FORMATS = {"es": "es_419"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE
_region: str | None = None


class UnknownLanguage(LookupError):
    """No catalog for the language asked for."""


def _tag(value: str) -> tuple[str, str | None]:
    """«en_US.UTF-8» -> («en», «US»); «es-419» -> («es», «419»); «C» -> («c», None)."""
    parts = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_")
    region = parts[1].upper() if len(parts) > 1 and parts[1].isalnum() else None
    return parts[0].lower(), region


def _code(value: str) -> str:
    """«en_US.UTF-8» -> «en»; «es-MX» -> «es»; «C» -> «c»."""
    return _tag(value)[0]


def _with_region(value: str) -> str:
    """«es_CO.UTF-8» -> «es_CO»; «en» -> «en» (what set_language takes)."""
    code, region = _tag(value)
    return f"{code}_{region}" if region else code


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
            return _with_region(value)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return _with_region(value) if has_catalog(_code(value)) else SOURCE
    return SOURCE


def set_language(value: str) -> None:
    """Use the catalog of ``value``'s language from now on (Spanish: none), and its
    region's way of writing numbers and dates (``es_CO``)."""
    global _translations, _language, _region
    code, region = _tag(value)
    if code == SOURCE:
        _translations, _language, _region = _gettext.NullTranslations(), SOURCE, region
        return
    for folder in _folders():
        path = folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as fh:
                _translations, _language, _region = _gettext.GNUTranslations(fh), code, region
            return
    raise UnknownLanguage(code)


def language() -> str:
    return _language


def format_locale() -> str:
    """The CLDR locale numbers and dates are written in: the language with the region
    the run named, else the language's usual one (``es_419``); Babel checks it exists."""
    if _region:
        return f"{_language}_{_region}"
    return DEFAULT_FORMATS.get(_language, _language)


def other_language(tag: str | None) -> str | None:
    """``tag`` (a BCP 47 tag, «es-MX») when its language is not the one in use: the plan's
    text on a page in another language is marked with it. None when they match, whatever
    the region (a plan in «es-MX» on a Spanish page needs no mark)."""
    return tag if tag and _code(tag) != _language else None


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Use ``code``'s catalog inside the block (a site built in several languages); the
    run's region stays when the language is the run's own."""
    previous = f"{_language}_{_region}" if _region else _language
    set_language(previous if code == _language else code)
    try:
        yield
    finally:
        set_language(previous)


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
