"""Shared nodes of a YAML file (anchors, aliases, «<<» merges), so an edit stays in its place.

ruamel loads «*alias» as the very object of its «&anchor»: editing it through one place
would edit every place (``marcar 4 2 --actividad 1`` also marking hito 1). Edits first
take the node as their own (``owned``), and ``shared_snapshot`` lets the pipeline refuse
an edit that still changed a shared node. This module imports ruamel.yaml.
"""

from __future__ import annotations

import copy
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hojaderuta.authoring import yamledit as rt
from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import _


def _children(node: Any) -> list[Any]:
    if isinstance(node, CommentedMap):
        bases = [m[1] if isinstance(m, tuple) else m for m in node.merge]
        return [v for _, v in node.non_merged_items()] + bases
    if isinstance(node, CommentedSeq):
        return list(node)
    return []


def _uses(root: Any) -> dict[int, int]:
    """How many places refer to each mapping or sequence (by identity) in the document."""
    counts: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in _children(node):
            if isinstance(child, CommentedMap | CommentedSeq):
                counts[id(child)] = counts.get(id(child), 0) + 1
                if counts[id(child)] == 1:
                    stack.append(child)
    return counts


def owned(root: Any, container: Any, key: Any, what: str) -> Any:
    """``container[key]``, first replaced by a copy of its own when other places share it.

    The copy is written out in full where the alias was; nodes inside it that carry a
    name of their own (``*lucia``) stay aliases. The original keeps its ``&anchor`` line.
    """
    value = container[key]
    if not isinstance(value, CommentedMap | CommentedSeq):
        return value
    merged = isinstance(container, CommentedMap) and key not in dict(container.non_merged_items())
    if not merged and _uses(root).get(id(value), 0) <= 1:
        return value
    fresh = _copy(value, what)
    # Blank lines and comments around the original belong to its place; those after the
    # alias stay after the copy.
    fresh.ca.comment = None
    if len(fresh):
        rt.detach_tail(fresh, list(fresh.keys())[-1] if isinstance(fresh, dict) else len(fresh) - 1)
    tail = rt.detach_tail(container, key)
    entry = container.ca.items.get(key)
    if entry is not None and len(entry) > 3:
        entry[3] = None  # ruamel repeats the «&name  # comment» line's comment here
    if _named(value):
        value.yaml_set_anchor(value.anchor.value, always_dump=True)  # «&name» stays put
    container[key] = fresh
    rt.attach_tail(container, key, tail)
    return fresh


def _named(node: Any) -> bool:
    anchor = node.yaml_anchor()
    return anchor is not None and anchor.value is not None


def _copy(node: Any, what: str) -> Any:
    if isinstance(node, CommentedMap) and node.merge:
        raise UsageError(
            _(
                "{que} se comparte con otros lugares del archivo; hdr no lo cambia para no "
                "cambiar también los otros lugares que lo usan. Escriba ese bloque completo en "
                "su lugar (sin «*» ni «<<») y repita el comando."
            ).format(que=what)
        )
    fresh: Any
    if isinstance(node, CommentedMap):
        fresh = CommentedMap()
        for k, v in node.non_merged_items():
            fresh[k] = v if _keep(v) else _copy(v, what)
    else:
        fresh = CommentedSeq(v if _keep(v) else _copy(v, what) for v in node)
    fresh._yaml_comment = copy.deepcopy(node.ca)  # its own comments, moved independently
    if node.fa.flow_style():
        fresh.fa.set_flow_style()
    return fresh


def _keep(value: Any) -> bool:
    """Scalars, and blocks with a «&name» of their own, stay as they are (or as «*name»)."""
    return not isinstance(value, CommentedMap | CommentedSeq) or _named(value)


def shared_snapshot(root: Any) -> list[tuple[Any, Any]]:
    """Every shared mapping or sequence with a plain copy of its contents, to compare later."""
    uses = _uses(root)
    nodes: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in _children(node):
            if isinstance(child, CommentedMap | CommentedSeq) and id(child) not in nodes:
                nodes[id(child)] = child
                stack.append(child)
    shared = [n for i, n in nodes.items() if uses.get(i, 0) > 1]
    return [(n, plain(n)) for n in shared]


def plain(node: Any) -> Any:
    """The contents of a loaded node as plain dicts and lists (for comparing)."""
    if isinstance(node, CommentedMap):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [plain(v) for v in node]
    return node
