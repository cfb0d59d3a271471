"""What the rules may read of a file that fails the schema: its data minus the bad values.

Rules run on every file, valid or not, so one round of ``hdr validar`` says everything.
Each value the schema refused (a wrong type, format or pattern) or a placeholder still
saying COMPLETAR already has its finding; rules get a copy without it, so they never
report it twice nor trip on its shape. Dropped list items become None: indexes (and so
the places findings name) stay those of the file.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

Parts = tuple[str | int, ...]


def without(data: Any, paths: Iterable[Parts]) -> Any:
    """``data`` without the values at ``paths`` (the data itself when there are none).

    None when the whole document is bad. The copy keeps values shared through YAML
    aliases shared, so a rule still sees one persona once.
    """
    wanted = sorted(set(paths), key=len)
    if not wanted:
        return data
    if wanted[0] == ():
        return None
    out = copy.deepcopy(data)
    for parts in wanted:
        _drop(out, parts)
    return out


def _drop(data: Any, parts: Parts) -> None:
    node = data
    for part in parts[:-1]:
        node = _child(node, part)
        if node is None:
            return  # an ancestor was dropped already
    last = parts[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
    elif isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = None


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None
