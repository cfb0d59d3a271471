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
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hojaderuta.core.building import (
    DEFAULT_LIMITS,
    Builder,
    Limits,
    LoadIssue,
    Unsafe,
    node_position,
)
from hojaderuta.core.findings import Codigo
from hojaderuta.core.nesting import depth_exceeded
from hojaderuta.core.positions import Positions
from hojaderuta.core.yaml_messages import is_nesting_error, mark_of, yaml_message
from hojaderuta.core.yaml_parser import compose
from hojaderuta.text.i18n import _

# Past this many values (aliases expanding a small file), positions are not cached.
_MAX_POSITIONS = 50_000

# Module-level seams, so tests can stand in for libyaml's parser or the depth pre-check.
_compose = compose
_depth_exceeded = depth_exceeded

# Limits and LoadIssue live with the builder; callers keep importing them from here.
__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "Limits",
    "LoadIssue",
    "bulk_loading",
    "load_file",
    "load_text",
    "read_file",
]


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
    # Mapping node id -> its keys (see ``locate``); only valid while ``_root`` is kept.
    _indexes: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict)
    # JSON pointer -> (line, column, key line, key column), 1-based: a document from the
    # cache (``core.doccache``) has these instead of its text.
    known_positions: Positions | None = None

    def locate(self, parts: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``parts`` (or its key).

        Falls back to the deepest existing ancestor, so a missing key points at
        the mapping that lacks it. Each mapping's keys are indexed the first time a
        lookup passes through it: a file with 45,000 unknown keys (45,000 findings)
        costs one pass over them, not one per finding.
        """
        if self._root is None and self.known_positions is not None:
            return _locate_cached(self.known_positions, parts, at_key)
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
                index = self._indexes.get(id(node))
                if index is None:
                    index = self._indexes[id(node)] = _mapping_index(node)
                found = index.get(str(part))
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

    def tree(self) -> Node | None:
        """libyaml's node tree of the text (None when not loaded or empty)."""
        if self._root is None and self.loaded:
            self._root = _compose(self.text)
        return self._root

    def positions(self) -> Positions | None:
        """Where every value (and key) is, by JSON pointer, as ``locate`` finds it (a value
        reached through an alias is where its anchor is). None when there is no tree, or
        when an alias-heavy file would need more entries than ``_MAX_POSITIONS``."""
        if self.known_positions is not None:
            return self.known_positions
        root = self.tree()
        if root is None:  # an empty file: everything is at 1, 1
            return Positions.pack({}) if self.loaded else None
        out: dict[str, tuple[int, int, int, int]] = {}
        stack: list[tuple[str, Node, tuple[int, int]]] = [("", root, node_position(root))]
        while stack:
            path, node, key_at = stack.pop()
            out[path] = (*node_position(node), *key_at)
            if len(out) > _MAX_POSITIONS:
                return None
            if isinstance(node, MappingNode):
                for name, (k, v) in _mapping_index(node).items():  # the last duplicate wins
                    key = name.replace("~", "~0").replace("/", "~1")
                    stack.append((f"{path}/{key}", v, node_position(k)))
            elif isinstance(node, SequenceNode):
                stack += [(f"{path}/{i}", v, node_position(v)) for i, v in enumerate(node.value)]
        return Positions.pack(out)

    def release(self) -> None:
        """Drop the node tree; ``locate`` rebuilds it from the text if asked again."""
        self._root = None
        self._indexes = {}


def _locate_cached(
    positions: Positions, parts: tuple[str | int, ...], at_key: bool
) -> tuple[int, int]:
    """``locate`` from cached positions: the deepest part of the path that exists."""
    names = [str(p).replace("~", "~0").replace("/", "~1") for p in parts]
    for n in range(len(names), -1, -1):
        found = positions.get("".join("/" + name for name in names[:n]))
        if found is not None:
            return found[2:] if (at_key and n == len(names) and n) else found[:2]
    return (1, 1)


def _mapping_index(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    """A mapping's scalar keys -> (key node, value node); the last duplicate wins, as in
    the data."""
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


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
            # What was built stays until the command ends and holds no cycles: frozen, the
            # collector never scans it again (else the first collection after this
            # scans it all, a tenth of a second for a large plan, measured).
            gc.freeze()
            gc.enable()


def _decode(raw: bytes) -> tuple[str | None, LoadIssue | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, LoadIssue(
            Codigo.ARCHIVO_ILEGIBLE,
            _("El archivo está guardado en UTF-16; guárdelo como UTF-8."),
            1,
            1,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, LoadIssue(
            Codigo.ARCHIVO_ILEGIBLE,
            _("El archivo parece binario (contiene bytes nulos), no un texto YAML."),
            line,
            1,
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, LoadIssue(
            Codigo.ARCHIVO_ILEGIBLE,
            _(
                "El archivo no está en UTF-8 (¿se guardó como Latin-1 o Windows-1252?). "
                "Ábralo en su editor y guárdelo con la codificación UTF-8."
            ),
            line,
            col,
        )


def _too_deep(limits: Limits, line: int, column: int) -> LoadIssue:
    return LoadIssue(
        Codigo.YAML_INSEGURO,
        _(
            "El archivo anida más de {maximo} niveles; "
            "una hoja de ruta no necesita tanta profundidad."
        ).format(maximo=limits.max_depth),
        line,
        column,
    )


def load_text(raw: bytes, path: Path, archivo: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load one YAML file's bytes. Never raises for bad content: issues say what is wrong."""
    doc = Document(path=path, archivo=archivo)
    if len(raw) > limits.max_bytes:
        doc.issues.append(_too_big(len(raw), limits))
        return doc
    text, issue = _decode(raw)
    if issue is not None or text is None:
        doc.issues.append(issue or LoadIssue(Codigo.ARCHIVO_ILEGIBLE, _("Archivo ilegible."), 1, 1))
        return doc
    doc.text = text
    try:
        deep = _depth_exceeded(text, limits)
        if deep is not None:
            doc.issues.append(_too_deep(limits, *deep))
            return doc
        root = _compose(text)
    except yaml.YAMLError as err:
        if is_nesting_error(err):  # libyaml's own limit, whatever its version
            doc.issues.append(_too_deep(limits, *mark_of(err)))
        else:
            doc.issues.append(LoadIssue(Codigo.YAML_SINTAXIS, yaml_message(err), *mark_of(err)))
        return doc
    except RecursionError:  # pragma: no cover - only the pure-Python fallback recurses
        doc.issues.append(
            LoadIssue(Codigo.YAML_INSEGURO, _("El archivo anida demasiados niveles."), 1, 1)
        )
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
        Codigo.YAML_INSEGURO,
        _(
            "El archivo pesa {tamano} bytes; el límite es {limite}. "
            "Una hoja de ruta no necesita tanto: divida o revise el archivo."
        ).format(tamano=f"{size:,}", limite=f"{limits.max_bytes:,}"),
        1,
        1,
    )


def _read_regular(path: Path, limits: Limits) -> bytes | LoadIssue:
    """The bytes of ``path`` if it is a regular file within the size limit.

    Opened without blocking and checked on the open descriptor: a FIFO or a device
    put in a file's place would otherwise hang the read or never end it.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            return LoadIssue(
                Codigo.ARCHIVO_ILEGIBLE,
                _("No es un archivo común (es una carpeta, una tubería o un dispositivo)."),
                1,
                1,
            )
        if info.st_size > limits.max_bytes:  # don't even read it
            return _too_big(info.st_size, limits)
        # One byte past its size: asking for the limit would allocate it for every file.
        wanted = info.st_size + 1
        raw = fh.read(wanted)
        if len(raw) == wanted:  # it grew since fstat: read on, one byte past the limit
            raw += fh.read(max(0, limits.max_bytes + 1 - len(raw)))
        return raw


def read_file(path: Path, archivo: str, limits: Limits = DEFAULT_LIMITS) -> bytes | Document:
    """The file's bytes, or a Document saying why they cannot be read."""
    try:
        raw = _read_regular(path, limits)
    except OSError as err:
        doc = Document(path=path, archivo=archivo)
        reason = err.strerror or str(err)
        doc.issues.append(
            LoadIssue(
                Codigo.ARCHIVO_ILEGIBLE,
                _("No se pudo leer el archivo: {motivo}.").format(motivo=reason),
                1,
                1,
            )
        )
        return doc
    if isinstance(raw, LoadIssue):
        doc = Document(path=path, archivo=archivo)
        doc.issues.append(raw)
        return doc
    return raw


def load_file(path: Path, archivo: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    raw = read_file(path, archivo, limits)
    return raw if isinstance(raw, Document) else load_text(raw, path, archivo, limits)
