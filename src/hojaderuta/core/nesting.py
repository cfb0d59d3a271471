"""Nesting depth, checked before libyaml builds anything.

libyaml's own nesting limits differ between versions (newer ones refuse 1,000
levels, older ones overflowed the C stack): a cheap bound, a linear scan of flow
brackets and, when needed, libyaml's events decide where the format's
``max_depth`` is first passed, the same on every version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from hojaderuta.core.building import Limits
from hojaderuta.core.yaml_parser import NodeLoader

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


class FlowNesting:
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
    loader = NodeLoader(text)
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


def depth_exceeded(text: str, limits: Limits) -> tuple[int, int] | None:
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
    offset = FlowNesting(limits.max_depth).find(text)
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
