"""libyaml's parser with YAML 1.2 scalar resolution: the node tree hdr builds values from.

PyYAML's own resolver is YAML 1.1 (``si``/``no`` booleans, timestamps); this one
knows only what the format allows, and skips the path machinery nobody uses.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from hojaderuta.core.building import (
    TAG_BOOL,
    TAG_FLOAT,
    TAG_INT,
    TAG_MAP,
    TAG_NULL,
    TAG_SEQ,
    TAG_STR,
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


class NodeLoader(_CParser, _Resolver12):  # type: ignore[misc]
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


def compose(text: str) -> Node | None:
    """The node tree of ``text`` (None for an empty document); raises ``yaml.YAMLError``."""
    loader = NodeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()
