"""Comment-preserving YAML edits with ruamel.yaml, byte-for-byte outside the changed lines.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, anchors and
block scalars. Two things it does not do on its own, done here:

- it emits with one global indentation, so the file's own is detected first;
- it attaches the blank lines and comments that follow a value to that value,
  so a key appended to a mapping would land *after* the comment that
  introduces the next item. The helpers move that trailing part along.

Whatever ruamel would still re-format (an odd spacing it normalizes) is kept
as it was by ``splice``: only the lines the edit changed are taken from the
new dump. This module imports ruamel.yaml: the CLI imports its users lazily.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import _

BOM = "\ufeff"
# Wide enough that ruamel never re-wraps a long line (roadmap texts have long ones).
WIDTH = 4096
DEFAULT_INDENT = (2, 4, 2)  # mapping, sequence, offset: the examples' «  - nombre:» style
_KEY_ONLY = re.compile(r"^( *)(?![-#\s])[^#]*?:\s*(?:#.*)?$")
_DASH = re.compile(r"^( *)-( +)\S")
_INDENTED = re.compile(r"^( *)\S")


@dataclass
class Source:
    """A YAML file's text as ruamel sees it, and how to put it back into bytes."""

    text: str  # LF line ends, no BOM, ends with a line break
    crlf: bool
    bom: bool
    final_newline: bool = True

    @classmethod
    def decode(cls, raw: bytes) -> Source:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise UsageError(_("El archivo no está en UTF-8; no se puede editar.")) from err
        bom = text.startswith(BOM)
        text = text.removeprefix(BOM)
        # Only a file that uses CRLF throughout is converted back; a mixed one stays LF
        # in the lines the edit touches.
        crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        if crlf:
            text = text.replace("\r\n", "\n")
        final = text.endswith("\n") or not text
        return cls(text if final else text + "\n", crlf, bom, final)

    def encode(self, text: str) -> bytes:
        if not self.final_newline:
            text = text.removesuffix("\n")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


def detect_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel's ``YAML.indent`` takes them, read from the text."""
    mapping = sequence = offset = None
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    for here, below in itertools.pairwise(lines):
        key = _KEY_ONLY.match(here)
        if key is None:
            continue
        base = len(key.group(1))
        dash = _DASH.match(below)
        if dash is not None:
            if sequence is None and len(dash.group(1)) >= base:
                offset = len(dash.group(1)) - base
                sequence = offset + 1 + len(dash.group(2))
        else:
            deeper = _INDENTED.match(below)
            if mapping is None and deeper is not None and len(deeper.group(1)) > base:
                mapping = len(deeper.group(1)) - base
        if mapping is not None and sequence is not None:
            break
    if sequence is None or offset is None:
        sequence, offset = DEFAULT_INDENT[1], DEFAULT_INDENT[2]
    return (mapping or DEFAULT_INDENT[0], sequence, offset)


def make_yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def load(yaml: YAML, text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return yaml.load(text)
    except YAMLError as err:
        raise UsageError(
            _(
                "No se pudo leer el archivo para editarlo ({error}); revíselo con «hdr validar»."
            ).format(error=err.__class__.__name__)
        ) from err


def best_yaml(text: str) -> tuple[YAML, Any, str]:
    """The settings that reproduce ``text`` best, the data loaded with them, and their dump."""
    detected = detect_indent(text)
    candidates = [detected, DEFAULT_INDENT, (2, 2, 0), (4, 4, 2), (4, 6, 4)]
    best: tuple[int, YAML, Any, str] | None = None
    original = _lines(text)
    for indent in dict.fromkeys(candidates):  # ordered, without repeats
        yaml = make_yaml(indent)
        data = load(yaml, text)
        again = dump(yaml, data)  # dumping leaves the data as it was: it is reused
        if again == text:
            return yaml, data, again
        matcher = SequenceMatcher(None, original, _lines(again), autojunk=False)
        same = sum(block.size for block in matcher.get_matching_blocks())
        if best is None or same > best[0]:
            best = (same, yaml, data, again)
    assert best is not None
    return best[1], best[2], best[3]


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def splice(original: str, before: str, after: str) -> str | None:
    """Apply the change ``before`` → ``after`` (two ruamel dumps) to the original text.

    A three-way merge by lines: the result is the original with only the changed
    lines replaced, even where ruamel's dump differs from the file in unrelated
    places. None when a changed line falls where the dump and the file disagree.
    """
    if original == before:
        return after
    orig, base, new = _lines(original), _lines(before), _lines(after)
    to_orig: dict[int, int] = {}
    for tag, i1, i2, j1, _j2 in SequenceMatcher(None, base, orig, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                to_orig[i1 + k] = j1 + k
    out = list(orig)
    edits = SequenceMatcher(None, base, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(edits):
        if tag == "equal":
            continue
        if i1 < i2:
            mapped = [to_orig.get(k) for k in range(i1, i2)]
            first = mapped[0]
            if first is None or mapped != list(range(first, first + len(mapped))):
                return None
            start, end = first, first + len(mapped)
        else:
            # An insertion goes between its neighbours; beside a line the dump
            # re-formatted, the other neighbour decides (the caller re-checks the data).
            prev = to_orig.get(i1 - 1) if i1 > 0 else -1
            nxt = to_orig.get(i1) if i1 < len(base) else len(orig)
            if prev is not None and nxt is not None and nxt != prev + 1:
                return None
            if nxt is None:
                if prev is None:
                    return None
                nxt = prev + 1
            start = end = nxt
        out[start:end] = new[j1:j2]
    return "".join(out)


# --- Trailing comments ---------------------------------------------------------------


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment after the last value of ``node``: (container, key, slot)."""
    if isinstance(node, CommentedMap) and len(node):
        key: Any = list(node.keys())[-1]
        slot = 2
    elif isinstance(node, CommentedSeq) and len(node):
        key, slot = len(node) - 1, 0
    else:
        return None
    value = node[key]
    deeper = None if _shared(value) else _last_slot(value)
    return deeper or (node, key, slot)


def _shared(node: Any) -> bool:
    """An anchored node is shared with its aliases: comments inside it are never moved."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return False
    anchor = node.yaml_anchor()
    return anchor is not None and anchor.value is not None


def _value_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    value = container[key]
    deeper = None if _shared(value) else _last_slot(value)
    return deeper or (container, key, 2 if isinstance(container, CommentedMap) else 0)


def _take_tail(container: Any, key: Any) -> str:
    """Detach the blank lines and comments after the value at ``key`` (not its EOL comment)."""
    holder, where, slot = _value_slot(container, key)
    entry = holder.ca.items.get(where)
    if not entry or entry[slot] is None:
        return ""
    token = entry[slot]
    value: str = token.value
    cut = value.find("\n")
    if cut < 0:
        return ""
    head, tail = value[: cut + 1], value[cut + 1 :]
    if head.strip():
        token.value = head
    else:
        entry[slot] = None
    return tail


def _put_tail(container: Any, key: Any, tail: str) -> None:
    if not tail:
        return
    holder, where, slot = _value_slot(container, key)
    entry = holder.ca.items.setdefault(where, [None, None, None, None])
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + tail, CommentMark(0), None)
    else:
        token.value = (
            token.value + tail if token.value.endswith("\n") else token.value + "\n" + tail
        )


def detach_tail(container: Any, key: Any) -> str:
    """The blank lines and comments after ``container[key]``, taken off (to move them)."""
    return _take_tail(container, key)


def attach_tail(container: Any, key: Any, tail: str) -> None:
    """Put ``tail`` (from :func:`detach_tail`) after ``container[key]``."""
    _put_tail(container, key, tail)


def insert_key(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Insert ``key`` after the last present key that precedes it in ``order``."""
    rank = order.index(key)
    keys = list(mapping.keys())
    pos = len(keys)
    for i, existing in enumerate(keys):
        if existing in order and order.index(existing) < rank:
            pos = i + 1
    tail = _take_tail(mapping, keys[pos - 1]) if pos > 0 else ""
    mapping.insert(pos, key, value)
    _put_tail(mapping, key, tail)


def set_key(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    if key in mapping:
        mapping[key] = value  # keeps the key's place and its end-of-line comment
    else:
        insert_key(mapping, key, value, order)


def remove_key(mapping: Any, key: str) -> None:
    if key not in mapping:
        return
    keys = list(mapping.keys())
    tail = _take_tail(mapping, key)
    pos = keys.index(key)
    del mapping[key]
    if pos > 0:
        _put_tail(mapping, keys[pos - 1], tail)


def append_item(seq: Any, value: Any) -> None:
    tail = _take_tail(seq, len(seq) - 1) if len(seq) else ""
    seq.append(value)
    _put_tail(seq, len(seq) - 1, tail)


def new_seq(items: list[Any]) -> Any:
    return CommentedSeq(items)


def new_map(pairs: list[tuple[str, Any]]) -> Any:
    return CommentedMap(pairs)


def text_value(text: str) -> Any:
    """A string that dumps as a literal block when it has line breaks (notes often do)."""
    if "\n" in text:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(text)
    return text
