"""Where each value of a cached document is, packed so that reading it costs one copy.

A document from the cache (``core.doccache``) has no text to parse again, so it keeps
the line and column of every value (and of its key) by JSON pointer. As a dict of
tuples, unmarshalling those positions took as long as the data itself (2,000 files:
0.17 s of a 0.9 s warm ``hdr validar``), for a handful of lookups per file. Packed as
one text of pointers and one block of numbers, reading them is a copy of two buffers;
a lookup searches the text, and a document asked many times builds its dict once.
"""

from __future__ import annotations

import struct

_NUMBERS = struct.Struct("<4I")  # line, column, key's line, key's column (1-based)
_SEPARATOR = "\n"
# Pointers escape "~" as "~0" (RFC 6901), so "~n" never occurs in one: it stands for a
# newline inside a key, leaving raw newlines free to separate the pointers.
_NEWLINE = "~n"
# After this many lookups in one document, a dict answers the rest (a file with
# thousands of findings must not search the text thousands of times).
_SEARCHES = 32

Position = tuple[int, int, int, int]


class Positions:
    """JSON pointer -> (line, column, key line, key column), read-only."""

    __slots__ = ("_index", "_names", "_numbers", "_searches")

    def __init__(self, names: str, numbers: bytes) -> None:
        self._names = names  # "\n" + each pointer + "\n", in the order of ``_numbers``
        self._numbers = numbers
        self._searches = 0
        self._index: dict[str, int] | None = None

    @classmethod
    def pack(cls, positions: dict[str, Position]) -> Positions:
        pointers = (p.replace(_SEPARATOR, _NEWLINE) for p in positions)
        names = _SEPARATOR + "".join(p + _SEPARATOR for p in pointers)
        flat = [n for at in positions.values() for n in at]
        return cls(names, struct.pack(f"<{len(flat)}I", *flat))

    def packed(self) -> tuple[str, bytes]:
        """Plain values for the cache (``marshal``)."""
        return self._names, self._numbers

    def __len__(self) -> int:
        return len(self._numbers) // _NUMBERS.size

    def get(self, pointer: str) -> Position | None:
        name = pointer.replace(_SEPARATOR, _NEWLINE)
        if self._index is None and self._searches < _SEARCHES:
            self._searches += 1
            at = self._names.find(_SEPARATOR + name + _SEPARATOR)
            if at < 0:
                return None
            return self._at(self._names.count(_SEPARATOR, 0, at))
        if self._index is None:
            names = self._names[1:-1].split(_SEPARATOR) if len(self) else []
            self._index = {n: i for i, n in enumerate(names)}
        found = self._index.get(name)
        return None if found is None else self._at(found)

    def _at(self, index: int) -> Position:
        line, column, key_line, key_column = _NUMBERS.unpack_from(self._numbers, index * 16)
        return (line, column, key_line, key_column)

    def __reduce__(self) -> tuple[type[Positions], tuple[str, bytes]]:
        # Workers send these back to the parent: the packed form, never the lookup dict.
        return (Positions, self.packed())
