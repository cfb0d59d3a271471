"""Safe, fast YAML loading that keeps positions for findings.

libyaml (through PyYAML's ``CParser``) builds the node tree; we build the
Python values ourselves from it, which lets one pass enforce what the format
asks: YAML 1.2 scalars (``si``/``no`` are text), dates kept as strings,
duplicate keys found, plain-data tags only, and limits on size, depth and alias
expansion. The node tree gives the line and column of any value, so findings
point at the exact place.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from hojaderuta.core.building import (
    DEFAULT_LIMITS,
    TAG_BOOL,
    TAG_FLOAT,
    TAG_INT,
    TAG_MAP,
    TAG_NULL,
    TAG_SEQ,
    TAG_STR,
    Builder,
    Limits,
    LoadIssue,
    Unsafe,
    node_position,
)


class _Resolver12(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, no timestamps."""


_Resolver12.add_implicit_resolver(
    TAG_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver12.add_implicit_resolver(
    TAG_INT,
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver12.add_implicit_resolver(
    TAG_FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver12.add_implicit_resolver(
    TAG_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


# Limits and LoadIssue live with the builder; callers keep importing them from here.
__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "Limits",
    "LoadIssue",
    "bulk_loading",
    "load_file",
    "load_text",
]

# CParser lives in yaml.cyaml; ``yaml`` itself does not export it.
_CParser: Any
try:
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PyParser(Reader, Scanner, Parser, Composer):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    _CParser = _PyParser


_IMPLICIT = _Resolver12.yaml_implicit_resolvers


class _NodeLoader(_CParser, _Resolver12):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        _Resolver12.__init__(self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # Called by libyaml's composer for every node: BaseResolver.resolve, minus the
        # path-resolver machinery this format never uses.
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return TAG_STR
        return TAG_SEQ if kind is SequenceNode else TAG_MAP


@dataclass
class Document:
    """One YAML file: its text, its data (None when it could not be loaded), its issues."""

    path: Path
    archivo: str
    text: str = ""
    data: Any = None
    loaded: bool = False
    issues: list[LoadIssue] = field(default_factory=list)
    _root: Node | None = None

    def locate(self, parts: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``parts`` (or its key).

        Falls back to the deepest existing ancestor, so a missing key points at
        the mapping that lacks it.
        """
        if self._root is None:
            if not self.loaded:
                return (1, 1)
            self._root = _compose(self.text)
        node = self._root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if isinstance(node, MappingNode):
                found = None
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == str(part):
                        found = (k, v)  # the last duplicate wins, as in the data
                if found is None:
                    break
                key_node, node = found
                mark = key_node.start_mark if (last and at_key) else node.start_mark
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)

    def release(self) -> None:
        """Drop the node tree; ``locate`` rebuilds it from the text if asked again."""
        self._root = None


@contextmanager
def bulk_loading() -> Iterator[None]:
    """Pause the cycle collector while many files are parsed.

    Parsing builds hundreds of thousands of acyclic objects (freed by reference
    counting); the collector would rescan them again and again for nothing
    (a fifth of a cold history run, measured).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compose(text: str) -> Node | None:
    loader = _NodeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


# libyaml's English messages, in plain Spanish with a hint where one helps.
_YAML_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "Hay dos puntos («:») donde no se esperaban. Si un texto contiene «: », "
        "escríbalo entre comillas; si es una clave nueva, revise su sangría.",
    ),
    (
        "could not find expected ':'",
        "Falta «:» después de una clave, o un texto de varias líneas no está sangrado "
        "bajo su clave.",
    ),
    (
        "did not find expected key",
        "La sangría no es coherente: una clave está más o menos adentro que sus "
        "vecinas, o un elemento de lista («- ») está mal alineado.",
    ),
    (
        "did not find expected '-' indicator",
        "Un elemento de lista no empieza con «- » a la misma sangría que los demás.",
    ),
    (
        "found character '\\t'",
        "Hay un tabulador donde YAML exige espacios: sangre solo con espacios.",
    ),
    (
        "that cannot start any token",
        "Hay un carácter que no puede empezar un valor (¿un tabulador? YAML solo admite "
        "espacios para sangrar; o un texto que empieza con «@» o «`»: póngalo entre comillas).",
    ),
    ("found undefined alias", "Se usa un alias (*nombre) que no se definió antes con &nombre."),
    (
        "found unexpected end of stream",
        "El archivo termina antes de cerrar unas comillas, un corchete o una llave.",
    ),
    (
        "found unknown escape character",
        "Un texto entre comillas dobles tiene una barra invertida («\\») no válida; "
        "use comillas simples o duplique la barra.",
    ),
    (
        "but found another document",
        "El archivo tiene más de un documento (separado por «---»); deje uno solo.",
    ),
    (
        "found duplicate anchor",
        "Un ancla (&nombre) se define dos veces; use nombres distintos.",
    ),
    (
        "control characters are not allowed",
        "El archivo contiene caracteres de control invisibles; bórrelos.",
    ),
    ("found a tab character", "Hay un tabulador donde YAML exige espacios; use espacios."),
)


def _yaml_message(err: yaml.YAMLError) -> str:
    text = str(err)
    for needle, spanish in _YAML_MESSAGES:
        if needle in text:
            return spanish
    problem = getattr(err, "problem", None) or (text.splitlines() or ["?"])[0]
    return f"El archivo no es YAML válido ({problem})."


def _mark_of(err: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return (mark.line + 1, mark.column + 1)
    return (1, 1)


def _decode(raw: bytes) -> tuple[str | None, LoadIssue | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, LoadIssue(
            "archivo-ilegible",
            "El archivo está guardado en UTF-16; guárdelo como UTF-8.",
            1,
            1,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, LoadIssue(
            "archivo-ilegible",
            "El archivo parece binario (contiene bytes nulos), no un texto YAML.",
            line,
            1,
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, LoadIssue(
            "archivo-ilegible",
            "El archivo no está en UTF-8 (¿se guardó como Latin-1 o Windows-1252?). "
            "Ábralo en su editor y guárdelo con la codificación UTF-8.",
            line,
            col,
        )


# Nesting libyaml copes with on every version: newer ones refuse 1,000 levels themselves
# ("exceeded maximum nesting depth", raised while the scanner looks ahead), older ones have
# no limit and their recursive composer overflowed the C stack past ~10,000 here. Under
# this bound libyaml is left alone and the builder enforces ``max_depth`` on the node tree.
_NATIVE_SAFE_DEPTH = 900
# Line breaks as libyaml counts them (NEL and the Unicode separators too).
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# Indentation and block indicators (``- ``, ``? ``, ``: ``) at the start of a line: every
# block collection starts within or right after such a run.
_BLOCK_PREFIX = re.compile(r"\n[ \t?:-]+")
_RARE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# In block context plain text ends at ": " (it was a key) or at " #" (a comment).
_PLAIN_STOP = re.compile(r":(?=[ \t]|$)|[ \t]#")
# In flow context only these characters can end plain text.
_FLOW_STOP = re.compile(r"[ \t\[\]{},:#]")
# The end of an anchor, tag or alias.
_TOKEN_END = re.compile(r"[ \t,\[\]{}]")
_DOUBLE_QUOTED_STOP = re.compile(r'\\.|"')
_SEPARATORS = ("", " ", "\t")
_FLOW_SEPARATORS = ("", " ", "\t", ",", "[", "]", "{", "}")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with the offset where it starts, split where libyaml splits lines."""
    start = 0
    for brk in _BREAK.finditer(text):
        yield start, text[start : brk.start()]
        start = brk.end()
    yield start, text[start:]


def _block_width(text: str) -> int:
    """The longest run of indentation and block indicators starting a line."""
    if any(brk in text for brk in _RARE_BREAKS):  # splitlines knows them all, but is slower
        return max((len(s) - len(s.lstrip(" \t?:-")) for s in text.splitlines()), default=0)
    return max(map(len, _BLOCK_PREFIX.findall("\n" + text)), default=1) - 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _FlowNesting:
    """hdr's own linear scan of flow nesting: ``[`` and ``{`` outside quoted text,
    comments, block scalars (``|``, ``>``) and plain text.

    libyaml may refuse deep flow nesting with its own error at its own limit before it
    hands over a single event (its scanner looks ahead along the line); this scan finds
    where the format's limit is passed whatever libyaml does. It follows YAML's tokens
    only as far as brackets need.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.stack: list[str] = []  # open flow collections: [, { or p (a pair)
        self.quote = ""  # the open quote while inside quoted text
        self.plain = False  # inside plain text in flow context, where quotes are text
        self.start = True  # block context: a node may begin here
        self.key = 0  # block context: column where the last node began
        self.parent = -1  # block context: column of the node that owns what follows
        self.literal: int | None = None  # inside a block scalar: its parent's column
        self.hit = -1  # column of the bracket that passed the limit

    def find(self, text: str) -> int | None:
        """Offset in ``text`` of the first bracket past the limit, or None."""
        for offset, line in _lines(text):
            self._line(line)
            if self.hit >= 0:
                return offset + self.hit
        return None

    def _line(self, s: str) -> None:
        if self.literal is not None:
            if not s.strip(" \t") or _indent(s) > self.literal:
                return  # still the block scalar's text
            self.literal = None
        i = 0
        if not self.stack and not self.quote:
            if s.startswith("%"):
                return  # a directive
            self.start = True
            self.parent = _indent(s) - 1
            if s[:3] in ("---", "...") and s[3:4] in _SEPARATORS:
                i = 3
        while i < len(s) and self.hit < 0 and self.literal is None:
            if self.quote:
                i = self._quoted(s, i)
            elif self.stack:
                i = self._flow(s, i)
            else:
                i = self._block(s, i)

    def _quoted(self, s: str, i: int) -> int:
        """Skip quoted text, which may go on over several lines."""
        while True:
            if self.quote == "'":
                end = s.find("'", i)
                if end >= 0 and s.startswith("''", end):
                    i = end + 2  # a quote written twice is text
                    continue
            else:
                stop = _DOUBLE_QUOTED_STOP.search(s, i)
                if stop is not None and stop.group() != '"':
                    i = stop.end()  # an escape such as \" or \\
                    continue
                end = -1 if stop is None else stop.start()
            if end < 0:
                return len(s)
            self.quote = ""
            self.plain = self.start = False
            return end + 1

    def _open(self, kind: str, i: int) -> int:
        self.stack.append(kind)
        self.plain = False
        if len(self.stack) > self.limit:
            self.hit = i
        return i + 1

    def _block(self, s: str, i: int) -> int:
        """Block context: go on to where flow text, quoted text or a block scalar begins."""
        while i < len(s):
            c = s[i]
            if c in " \t":
                i += 1
                continue
            if c == "#":
                return len(s)  # a comment
            if self.start:
                if c in "-?:" and s[i + 1 : i + 2] in _SEPARATORS:
                    self.parent = i  # what follows belongs to this entry, key or value
                    i += 1
                    continue
                if c in "&!*":  # an anchor, tag or alias: a node may still follow
                    end = _TOKEN_END.search(s, i)
                    i = len(s) if end is None else end.start()
                    continue
                if c in "|>":
                    self.literal = self.parent
                    return len(s)
                self.key, self.start = i, False
                if c in "[{":
                    return self._open(c, i)
                if c in "'\"":
                    self.quote = c
                    return i + 1
            stop = _PLAIN_STOP.search(s, i)
            if stop is None or stop.group() != ":":
                return len(s)  # plain text to the end of the line or up to a comment
            self.parent, self.start = self.key, True
            i = stop.end()
        return i

    def _flow(self, s: str, i: int) -> int:
        """Flow context: count collections; skip quoted text, plain text and comments."""
        while i < len(s) and self.stack and self.hit < 0:
            c = s[i]
            if c in " \t":
                i += 1
            elif c in "[{":
                i = self._open(c, i)
            elif c in "]},":
                if self.stack[-1] == "p":
                    self.stack.pop()  # the entry's single-pair mapping ends with it
                if c != ",":
                    self.stack.pop()
                self.plain = self.start = False
                i += 1
            elif c == "#" and (i == 0 or s[i - 1] in " \t"):
                return len(s)  # a comment
            elif (not self.plain and c in "?:") or (
                c == ":" and s[i + 1 : i + 2] in _FLOW_SEPARATORS
            ):
                if self.stack[-1] == "[":
                    # ``[a: b]`` holds a single-pair mapping: one more level, no bracket.
                    self._open("p", i)
                self.plain = False
                i += 1
            elif self.plain or c not in "'\"&!*":
                self.plain = True  # plain text: on to the next character that may end it
                stop = _FLOW_STOP.search(s, i + 1)
                i = len(s) if stop is None else stop.start()
            elif c in "'\"":
                self.quote = c
                return i + 1
            else:  # an anchor, tag or alias
                end = _TOKEN_END.search(s, i)
                i = len(s) if end is None else end.start()
        return i


def _events_too_deep(text: str, limits: Limits, partial: bool = False) -> tuple[int, int] | None:
    """Where libyaml's events first nest past the limit (None if never).

    ``partial`` text was cut short on purpose, so its syntax errors mean nothing.
    """
    loader = _NodeLoader(text)
    try:
        depth = 0
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        if partial:
            return None
        raise
    finally:
        loader.dispose()


def _depth_exceeded(text: str, limits: Limits) -> tuple[int, int] | None:
    """Where nesting first passes the limit, or None.

    Checked here, before libyaml builds anything, so the finding does not depend on
    libyaml's own limits (or lack of them). The cheap test is a sound bound: flow
    nesting needs brackets, and block nesting needs the indentation (or a run of
    ``- `` indicators) to grow at least every second level.
    """
    width = _block_width(text)
    flow_bound = 2 * text.count("[") + text.count("{")  # ``[a: b]`` adds a level
    if 2 * width + 2 + flow_bound <= _NATIVE_SAFE_DEPTH:
        return None  # the builder enforces the real limit on the node tree
    offset = _FlowNesting(limits.max_depth).find(text)
    if offset is not None:
        # libyaml sees the text only up to that bracket (far below its own limit); its
        # events add the block levels around, so the finding points where the total
        # depth passes the limit, as the builder would.
        cut = _events_too_deep(text[: offset + 1], limits, partial=True)
        if cut is not None:
            return cut
    # Block nesting (or a text this scan misread): libyaml's events, which arrive
    # promptly in block context; its own nesting error is mapped by the caller.
    return _events_too_deep(text, limits)


def _too_deep(limits: Limits, line: int, column: int) -> LoadIssue:
    return LoadIssue(
        "yaml-inseguro",
        f"El archivo anida más de {limits.max_depth} niveles; "
        "una hoja de ruta no necesita tanta profundidad.",
        line,
        column,
    )


def _is_nesting_error(err: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit (newer versions): unsafe, not a typo."""
    return "nesting depth" in str(err).lower()


def load_text(raw: bytes, path: Path, archivo: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load one YAML file's bytes. Never raises for bad content: issues say what is wrong."""
    doc = Document(path=path, archivo=archivo)
    if len(raw) > limits.max_bytes:
        doc.issues.append(_too_big(len(raw), limits))
        return doc
    text, issue = _decode(raw)
    if issue is not None or text is None:
        doc.issues.append(issue or LoadIssue("archivo-ilegible", "Archivo ilegible.", 1, 1))
        return doc
    doc.text = text
    try:
        deep = _depth_exceeded(text, limits)
        if deep is not None:
            doc.issues.append(_too_deep(limits, *deep))
            return doc
        root = _compose(text)
    except yaml.YAMLError as err:
        if _is_nesting_error(err):  # libyaml's own limit, whatever its version
            doc.issues.append(_too_deep(limits, *_mark_of(err)))
        else:
            doc.issues.append(LoadIssue("yaml-sintaxis", _yaml_message(err), *_mark_of(err)))
        return doc
    except RecursionError:  # pragma: no cover - only the pure-Python fallback recurses
        doc.issues.append(LoadIssue("yaml-inseguro", "El archivo anida demasiados niveles.", 1, 1))
        return doc
    builder = Builder(limits)
    try:
        data = None if root is None else builder.build(root, 0)
    except Unsafe as err:
        line, column = node_position(err.node)
        doc.issues.append(LoadIssue(err.codigo, err.mensaje, line, column))
        return doc
    if builder.duplicates and root is not None:
        doc.issues.extend(builder.duplicate_issues(root))
    doc.data = data
    doc.loaded = True
    doc._root = root
    return doc


def _too_big(size: int, limits: Limits) -> LoadIssue:
    return LoadIssue(
        "yaml-inseguro",
        f"El archivo pesa {size:,} bytes; el límite es {limits.max_bytes:,}. "
        "Una hoja de ruta no necesita tanto: divida o revise el archivo.",
        1,
        1,
    )


def load_file(path: Path, archivo: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:  # don't even read it
            doc = Document(path=path, archivo=archivo)
            doc.issues.append(_too_big(size, limits))
            return doc
        raw = path.read_bytes()
    except OSError as err:
        doc = Document(path=path, archivo=archivo)
        doc.issues.append(
            LoadIssue("archivo-ilegible", f"No se pudo leer el archivo: {err.strerror}.", 1, 1)
        )
        return doc
    return load_text(raw, path, archivo, limits)
