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

from hojaderuta.building import (
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


# Nesting the C composer handles without risk (it overflowed past ~10,000 here).
_C_SAFE_DEPTH = 2000


def _depth_exceeded(text: str, limits: Limits) -> tuple[int, int] | None:
    """Where nesting first passes the limit, or None.

    libyaml's composer recurses in C and can overflow the stack on absurd
    nesting, so suspicious texts are scanned as events first. The cheap test
    is a sound bound: flow nesting needs brackets, and block nesting needs the
    indentation to grow at least every second level.
    """
    longest = max(map(len, text.splitlines()), default=0)
    if 2 * longest + text.count("[") + text.count("{") + 2 <= _C_SAFE_DEPTH:
        return None  # the builder enforces the real limit on the node tree
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
    finally:
        loader.dispose()


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
            doc.issues.append(
                LoadIssue(
                    "yaml-inseguro",
                    f"El archivo anida más de {limits.max_depth} niveles; "
                    "una hoja de ruta no necesita tanta profundidad.",
                    *deep,
                )
            )
            return doc
        root = _compose(text)
    except yaml.YAMLError as err:
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
