"""Constant texts of the templates, translated once, when a template is compiled.

Jinja's i18n extension calls gettext every time a template runs ``_("Término")``: a site
of 2,000 commitments made 600,000 such calls, a fifth of ``hdr publicar``. A call with
a literal text and nothing to fill in gives the same result every time in one language,
so this extension writes that result into the template instead: exactly what Jinja's
newstyle gettext returns (the translation, safe in an HTML template, ``%%`` read as
``%``). A call with values (``_("Hito %(n)s", n=…)``) is left to Jinja.

Each Jinja environment speaks one language (``rendering.environment`` builds one per
language, with the catalog in use then), so a compiled template never crosses languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from hojaderuta.publish.rendering import GETTEXT_ATTRIBUTE


class ConstantTranslations(Extension):
    """Replaces ``_("literal")`` by ``("translation"|safe)`` (``"translation"`` outside
    HTML) in the token stream of every template."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        gettext: Callable[[str], str] | None = getattr(self.environment, GETTEXT_ATTRIBUTE, None)
        tokens = list(stream)
        if gettext is None:
            return iter(tokens)
        html = _autoescaped(self.environment, stream.name)
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            text = _constant_call(tokens, i, gettext, html)
            if text is None:
                out.append(tokens[i])
                i += 1
                continue
            line = tokens[i].lineno
            literal = [Token(line, "string", text)]
            if html:  # what Jinja's gettext returns there: Markup, never escaped again
                literal += [Token(line, "pipe", "|"), Token(line, "name", "safe")]
            out += [Token(line, "lparen", "("), *literal, Token(line, "rparen", ")")]
            i += 4
        return iter(out)


def _autoescaped(environment: Any, name: str | None) -> bool:
    setting = environment.autoescape
    return bool(setting(name) if callable(setting) else setting)


def _constant_call(
    tokens: list[Token], i: int, gettext: Callable[[str], str], html: bool
) -> str | None:
    """The translation of ``_("literal")`` starting at ``tokens[i]``, or None when the
    tokens there are anything else (a call with values, a method named ``_``)."""
    if i + 3 >= len(tokens) or (i > 0 and tokens[i - 1].type == "dot"):
        return None
    name, opening, literal, closing = tokens[i : i + 4]
    if not (
        name.type == "name"
        and name.value == "_"
        and opening.type == "lparen"
        and literal.type == "string"
        and closing.type == "rparen"
    ):
        return None
    from markupsafe import Markup

    translated = gettext(literal.value)
    try:  # newstyle gettext formats with no values: «%%» becomes «%»
        return str(Markup(translated) % {} if html else translated % {})
    except (TypeError, ValueError, KeyError):
        return None  # a text Jinja would fail on: left for Jinja to say so
