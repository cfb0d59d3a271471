"""From libyaml's node tree to plain Python data, in one pass that enforces the format:
YAML 1.2 scalars, plain-data tags only, duplicate keys found, limits on depth and on
alias expansion (alias bombs), no control characters smuggled in through escapes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hojaderuta.core.findings import Codigo, pointer
from hojaderuta.text.i18n import _

TAG_STR = "tag:yaml.org,2002:str"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_MAP = "tag:yaml.org,2002:map"
TAG_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Limits:
    """hdr's own limits, enforced whatever limits the installed libyaml has (or lacks):
    the size before parsing, the depth before libyaml builds a tree
    (``nesting.depth_exceeded``) and again while building, the values while building.
    """

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_values: int = 100_000  # values after expanding aliases (alias bombs)


DEFAULT_LIMITS = Limits()
_MAX_NUMBER_CHARS = 100
# C0/C1 controls except tab and line breaks, and lone surrogates (not encodable as UTF-8).
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass
class LoadIssue:
    codigo: Codigo
    mensaje: str
    linea: int
    columna: int
    ruta: str = ""


class Unsafe(Exception):
    def __init__(self, mensaje: str, node: Node, codigo: Codigo = Codigo.YAML_INSEGURO) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.node = node
        self.codigo = codigo


class Builder:
    """Turns a node tree into plain Python data, enforcing the format's limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.count = 0
        self.memo: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.duplicates: list[tuple[ScalarNode, MappingNode]] = []

    def build(self, node: Node, depth: int) -> Any:
        if type(node) is ScalarNode:
            self.count += 1
            return self._scalar(node)
        nid = id(node)
        cached = self.memo.get(nid)
        if cached is not None:
            # An alias: the same node again. Count its whole expansion so alias
            # bombs stop here, but share the value instead of copying it.
            self.count += cached[1]
            if self.count > self.limits.max_values:
                raise self._too_many(node)
            return cached[0]
        if nid in self.active:
            raise Unsafe(
                _("Un alias se contiene a sí mismo (alias recursivo); no se admite."), node
            )
        if depth >= self.limits.max_depth:
            raise Unsafe(
                _(
                    "El archivo anida más de {maximo} niveles; "
                    "una hoja de ruta no necesita tanta profundidad."
                ).format(maximo=self.limits.max_depth),
                node,
            )
        start = self.count
        self.count += 1
        self.active.add(nid)
        value: Any
        if type(node) is SequenceNode:
            value = self._sequence(node, depth)
        elif type(node) is MappingNode:
            value = self._mapping(node, depth)
        else:  # pragma: no cover - the composer makes only these three kinds
            raise self._bad_tag(node)
        if self.count > self.limits.max_values:
            raise self._too_many(node)
        self.active.discard(nid)
        self.memo[nid] = (value, self.count - start)
        return value

    def _sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        if node.tag != TAG_SEQ:
            raise self._bad_tag(node)
        value: list[Any] = []
        # Plain (not double-quoted) text is by far the most common value: take it inline.
        for item in node.value:
            if type(item) is ScalarNode and item.tag == TAG_STR and item.style != '"':
                self.count += 1
                value.append(item.value)
            else:
                value.append(self.build(item, depth + 1))
        return value

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != TAG_MAP:
            raise self._bad_tag(node)
        value: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise Unsafe(
                    _(
                        "Una clave no puede ser una lista ni un mapeo; use un texto simple "
                        "como clave."
                    ),
                    key_node,
                    codigo=Codigo.YAML_SINTAXIS,
                )
            # Keys are text in this format; a key like `1:` keeps its source text.
            key = key_node.value
            if key in value:
                self.duplicates.append((key_node, node))
            if (
                type(value_node) is ScalarNode
                and value_node.tag == TAG_STR
                and value_node.style != '"'
            ):
                self.count += 1
                value[key] = value_node.value
            else:
                value[key] = self.build(value_node, depth + 1)
        return value

    def duplicate_issues(self, root: Node) -> list[LoadIssue]:
        """Findings for repeated keys (rare: the path is searched only then)."""
        out = []
        for key_node, mapping in self.duplicates:
            key = key_node.value
            first = next(k for k, _v in mapping.value if k.value == key)
            path = _path_to(root, mapping) or ()
            line, column = node_position(key_node)
            out.append(
                LoadIssue(
                    Codigo.YAML_CLAVE_DUPLICADA,
                    _(
                        "La clave «{clave}» aparece dos veces en el mismo bloque "
                        "(la otra está en la línea {linea}). YAML conservaría "
                        "solo la última sin avisar: deje una sola."
                    ).format(clave=key, linea=first.start_mark.line + 1),
                    line,
                    column,
                    pointer((*path, key)),
                )
            )
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        tag, raw = node.tag, node.value
        if tag in (TAG_INT, TAG_FLOAT) and len(raw) > _MAX_NUMBER_CHARS:
            # Converting thousands of digits is slow (and Python refuses past 4,300).
            raise Unsafe(
                _(
                    "Un número tiene {n} caracteres; ningún dato de una hoja de ruta "
                    "necesita tantos. Revise el valor."
                ).format(n=len(raw)),
                node,
            )
        try:
            if tag == TAG_STR:
                # Only double-quoted escapes (\x01, \e, \ud800) can smuggle these in:
                # the reader already refuses them as raw characters.
                if node.style == '"' and _UNSAFE_CHARS.search(raw):
                    raise Unsafe(
                        _(
                            "El texto contiene un carácter de control o inválido (escrito con "
                            "«\\» entre comillas dobles); quítelo."
                        ),
                        node,
                        codigo=Codigo.YAML_SINTAXIS,
                    )
                return raw
            if tag == TAG_INT:
                if raw.startswith("0o"):
                    return int(raw[2:], 8)
                if raw.startswith("0x"):
                    return int(raw[2:], 16)
                return int(raw)
            if tag == TAG_FLOAT:
                low = raw.lower()
                if low.endswith(".inf"):
                    raise ValueError(raw)
                value = float("nan") if low == ".nan" else float(raw)
                if not math.isfinite(value):
                    raise ValueError(raw)
                return value
            if tag == TAG_BOOL:
                if raw in ("true", "True", "TRUE"):
                    return True
                if raw in ("false", "False", "FALSE"):
                    return False
                raise ValueError(raw)
            if tag == TAG_NULL:
                if raw in ("", "~", "null", "Null", "NULL"):
                    return None
                raise ValueError(raw)
        except ValueError:
            raise _not_its_tag(node) from None
        raise self._bad_tag(node)

    def _bad_tag(self, node: Node) -> Unsafe:
        return Unsafe(
            _(
                "La etiqueta «{etiqueta}» no se admite: una hoja de ruta solo contiene "
                "datos simples (texto, números, true/false, listas y mapeos). Quite la etiqueta."
            ).format(etiqueta=node.tag),
            node,
        )

    def _too_many(self, node: Node) -> Unsafe:
        return Unsafe(
            _(
                "Los alias (*nombre) del archivo se expanden a más de {maximo} "
                "valores; parece una «bomba de alias». Reduzca el uso de alias."
            ).format(maximo=self.limits.max_values),
            node,
        )


def _not_its_tag(node: ScalarNode) -> Unsafe:
    """A value its tag cannot read: ``!!float abc``, ``.inf``, ``!!bool quizá``."""
    if node.tag == TAG_FLOAT:
        message = _("«{valor}» no es un número finito; escriba una cifra (por ejemplo 35 o 12.5).")
    else:
        message = _("El valor «{valor}» no corresponde a su etiqueta {etiqueta}.")
    return Unsafe(
        message.format(valor=node.value, etiqueta=node.tag), node, codigo=Codigo.YAML_SINTAXIS
    )


def _path_to(root: Node, target: Node) -> tuple[str | int, ...] | None:
    """The data path of ``target`` in the tree (first occurrence), for reporting."""
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    visited: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend((v, (*path, k.value)) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
    return None


def node_position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
