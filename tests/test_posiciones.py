"""Packed positions (``core.positions``): the same answers as the dict they pack, for any
key a YAML file can hold, before and after the lookups switch to a dict."""

from __future__ import annotations

import marshal
import pickle

from hypothesis import given
from hypothesis import strategies as st

from hojaderuta.core.positions import Positions

# What ``Document.positions`` writes: "/" + each key with "~" -> "~0" and "/" -> "~1".
_key = st.text(max_size=8).map(lambda k: k.replace("~", "~0").replace("/", "~1"))
_pointer = st.lists(_key, max_size=4).map(lambda keys: "".join("/" + k for k in keys))
_at = st.tuples(*[st.integers(1, 2**31)] * 4)


@given(st.dictionaries(_pointer, _at, max_size=80), st.lists(_pointer, max_size=60))
def test_same_answers_as_the_dict(positions: dict[str, tuple[int, ...]], others: list[str]) -> None:
    packed = Positions.pack(positions)  # type: ignore[arg-type]
    back = Positions(*marshal.loads(marshal.dumps(packed.packed())))  # as the cache keeps it
    assert len(back) == len(positions)
    # More lookups than the searches before the dict: both ways of answering are asked.
    for pointer in [*positions, *others, *positions]:
        assert back.get(pointer) == positions.get(pointer), pointer


def test_keys_with_newlines_and_the_escape_itself() -> None:
    positions = {
        "": (1, 1, 1, 1),
        "/a\nb": (2, 3, 2, 1),
        "/a~0nb": (4, 5, 4, 1),  # the key «a~nb»: "~" is written "~0", so never "~n"
        "/a": (6, 1, 6, 1),
        "/a/~0n": (7, 1, 7, 1),
    }
    packed = Positions.pack(positions)
    for pointer, at in positions.items():
        assert packed.get(pointer) == at
    assert packed.get("/a\n") is None
    assert packed.get("/b") is None


def test_empty_and_pickled() -> None:
    empty = Positions.pack({})
    assert len(empty) == 0
    assert empty.get("") is None
    assert empty.get("/x") is None
    packed = Positions.pack({"": (1, 1, 1, 1), "/x": (2, 4, 2, 1)})
    for _ in range(40):  # past the searches: the dict is built, and never pickled
        packed.get("/x")
    back = pickle.loads(pickle.dumps(packed))
    assert back.get("/x") == (2, 4, 2, 1)
    assert back.packed() == packed.packed()
