"""Texts of the templates, translated once, when a template is compiled.

Jinja's i18n extension calls gettext every time a template runs ``_("Término")``: a site
of 2,000 commitments made 600,000 such calls, a fifth of ``hdr publicar``. In one
language a literal always has the same translation, so this extension writes it into
the template instead, doing exactly what Jinja's newstyle gettext does with it: the
translation, safe in an HTML template, formatted with ``%`` and the call's values
(``_("Hito %(n)s", n=…)`` becomes ``("Milestone %(n)s"|safe) % {"n": …}``, which
escapes the values as Jinja's does; with no values, the result itself, ``%%`` read as
``%``). Anything else (``ngettext``, positional values, ``**values``) is left to Jinja.

In HTML, a translation whose only placeholders are ``%(name)s`` (nearly all) is split
when compiled, ``("Milestone ", "n", "")|_rellenar({"n": …})``, and filled by a join:
the same text as Markup's ``%``, which costs a helper object and Python's formatting
per value, some 50 times a commitment page.

Each Jinja environment speaks one language (``rendering.environment`` builds one per
language, with the catalog in use then), so a compiled template never crosses languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from hojaderuta.publish.rendering import GETTEXT_ATTRIBUTE

# The filter that fills a split text with its values (the extension's own, never a
# template's: hence the underscore).
FILL_FILTER = "_rellenar"

_OPENING = {"lparen", "lbracket", "lbrace"}
_CLOSING = {"rparen", "rbracket", "rbrace"}


class ConstantTranslations(Extension):
    """Replaces ``_("literal", name=value, …)`` in the token stream of every template by
    its translation, formatted as Jinja's gettext would."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.filters[FILL_FILTER] = fill

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        gettext: Callable[[str], str] | None = getattr(self.environment, GETTEXT_ATTRIBUTE, None)
        tokens = list(stream)
        if gettext is None:
            return iter(tokens)
        return iter(_Rewriter(gettext, _autoescaped(self.environment, stream.name)).run(tokens))


def _autoescaped(environment: Any, name: str | None) -> bool:
    setting = environment.autoescape
    return bool(setting(name) if callable(setting) else setting)


class _Rewriter:
    def __init__(self, gettext: Callable[[str], str], html: bool) -> None:
        self.gettext, self.html = gettext, html

    def run(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            found = self._call(tokens, i)
            if found is None:
                out.append(tokens[i])
                i += 1
            else:
                replacement, i = found
                out += replacement
        return out

    def _call(self, tokens: list[Token], i: int) -> tuple[list[Token], int] | None:
        """The tokens for ``_("literal", …)`` at ``tokens[i]`` and where it ends, or None
        when the tokens there are anything else (a method named ``_``, other arguments)."""
        if i + 3 >= len(tokens) or (i > 0 and tokens[i - 1].type == "dot"):
            return None
        name, opening, literal = tokens[i : i + 3]
        if not (name.test("name:_") and opening.type == "lparen" and literal.type == "string"):
            return None
        values = _keywords(tokens, i + 3)
        if values is None:
            return None
        pairs, end = values
        line = name.lineno
        translated = self.gettext(literal.value)
        if not pairs:
            constant = _formatted(translated, self.html)
            if constant is None:
                return None  # a text Jinja would fail on: left for Jinja to say so
            return [Token(line, "lparen", "("), *self._text(line, constant), _close(line)], end
        mapping = [Token(line, "lbrace", "{")]
        for n, (key, value) in enumerate(pairs):
            if n:
                mapping.append(Token(line, "comma", ","))
            mapping += [Token(line, "string", key), Token(line, "colon", ":"), *self.run(value)]
        mapping.append(Token(line, "rbrace", "}"))
        pieces = _pieces(translated) if self.html else None
        if pieces is not None:  # «%(name)s» only: filled by a filter, not Markup's «%»
            split = [Token(line, "lparen", "(")]
            for piece in pieces:
                split += [Token(line, "string", piece), Token(line, "comma", ",")]
            split.append(_close(line))
            filled = [Token(line, "pipe", "|"), Token(line, "name", FILL_FILTER)]
            return [*split, *filled, Token(line, "lparen", "("), *mapping, _close(line)], end
        text = [Token(line, "lparen", "("), *self._text(line, translated), _close(line)]
        return [
            Token(line, "lparen", "("),
            *text,
            Token(line, "mod", "%"),
            *mapping,
            _close(line),
        ], end

    def _text(self, line: int, text: str) -> list[Token]:
        literal = [Token(line, "string", text)]
        if self.html:  # what Jinja's gettext makes of it there: Markup, never escaped again
            literal += [Token(line, "pipe", "|"), Token(line, "name", "safe")]
        return literal


def _close(line: int) -> Token:
    return Token(line, "rparen", ")")


def _keywords(tokens: list[Token], i: int) -> tuple[list[tuple[str, list[Token]]], int] | None:
    """``, name=value, …)`` from ``tokens[i]``: the pairs and the index after ``)``."""
    pairs: list[tuple[str, list[Token]]] = []
    while i < len(tokens):
        if tokens[i].type == "rparen":
            return pairs, i + 1
        if i + 2 >= len(tokens) or tokens[i].type != "comma":
            return None
        key, assign = tokens[i + 1], tokens[i + 2]
        if key.type != "name" or assign.type != "assign" or key.value in dict(pairs):
            return None
        value, i = _expression(tokens, i + 3)
        if not value:
            return None
        pairs.append((key.value, value))
    return None


def _expression(tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """The tokens of one argument: up to the next ``,`` or ``)`` outside brackets."""
    depth = 0
    start = i
    while i < len(tokens):
        kind = tokens[i].type
        if depth == 0 and kind in ("comma", "rparen"):
            break
        if kind.endswith("_end") or kind.endswith("_begin"):
            return [], i  # the tag ended first: not a call this extension understands
        depth += kind in _OPENING
        depth -= kind in _CLOSING
        i += 1
    return tokens[start:i], i


# «%(name)s» and «%%»; any other conversion («%(n)d», «%s») is left to Markup's «%».
_SPECIFIER = re.compile(r"%(?:\((\w+)\)s|(%))|%")


def _pieces(translated: str) -> tuple[str, ...] | None:
    """A format made only of «%(name)s» and «%%», split into text and names: text at
    even places, names at odd ones (``fill`` puts the escaped values there). None for
    any other format."""
    pieces: list[str] = []
    text, start = "", 0
    for match in _SPECIFIER.finditer(translated):
        text += translated[start : match.start()]
        start = match.end()
        name, percent = match.groups()
        if percent:
            text += "%"
        elif name:
            pieces += [text, name]
            text = ""
        else:
            return None
    pieces.append(text + translated[start:])
    return tuple(pieces)


def fill(pieces: tuple[str, ...], values: dict[str, Any]) -> Any:
    """What ``Markup(format) % values`` gives for a format ``_pieces`` split: the text
    as it is, each value escaped (Markup's «%» builds a helper object per value and runs
    Python's formatting; this is a join)."""
    parts = list(pieces)
    for i in range(1, len(parts), 2):
        parts[i] = escape(values[parts[i]])
    return Markup("".join(parts))


def _formatted(translated: str, html: bool) -> str | None:
    try:  # newstyle gettext formats even with no values: «%%» becomes «%»
        return str(Markup(translated) % {} if html else translated % {})
    except (TypeError, ValueError, KeyError):
        return None
