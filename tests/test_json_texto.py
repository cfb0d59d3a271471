"""``text.jsontext.json_text``: byte for byte what ``json.dumps(plain_data(v),
ensure_ascii=False, indent=n)`` writes, for any JSON-like value, including text with
bytes that were not UTF-8, keys that are not text, NaN and the infinities."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hojaderuta.text.jsontext import json_text
from hojaderuta.text.safetext import plain_data


class _Estado(StrEnum):
    CUMPLIDO = "cumplido"


class _Nivel(IntEnum):
    ALTO = 3


def _reference(value: Any, indent: int = 2) -> str:
    return json.dumps(plain_data(value), ensure_ascii=False, indent=indent)


_text = st.text() | st.sampled_from(["", "\udcff", "a\ud800b", "\x1b[31m", '"\\', "ñ\u2028"])
_scalar = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | _text
    | st.just(_Estado.CUMPLIDO)
    | st.just(_Nivel.ALTO)
)
_key = _text | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_value = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_key, inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_value, st.sampled_from([0, 1, 2, 4]))
def test_same_text_as_json_dumps(value: Any, indent: int) -> None:
    assert json_text(value, indent) == _reference(value, indent)


def test_bytes_that_were_not_utf8_are_shown_escaped_everywhere() -> None:
    value = {"archivo\udcff": ["compromisos/\udce9.yaml", {"nombre": "bien"}]}
    text = json_text(value)
    assert text == _reference(value)
    assert "\\\\xff" in text and "\\\\xe9" in text  # the escape, as a JSON string holds it
    text.encode("utf-8")  # and it can be written


def test_the_avance_payload_of_a_plan() -> None:
    # The shape the CLI writes: nested dicts and lists, an enum, numbers, nulls, empty ones.
    payload = {
        "formato": 2,
        "plan": {"id": "p", "avance": 52.95, "esperado": 100.0, "sin_calcular": 0},
        "compromisos": [
            {"numero": 1, "estado": _Estado.CUMPLIDO, "responsables": [], "hitos": [{}]},
            {"numero": 2, "motivo": None, "observaciones": [{"mensaje": "«sin fecha»"}]},
        ],
    }
    assert json_text(payload) == _reference(payload)
    assert json.loads(json_text(payload))["compromisos"][0]["hitos"] == [{}]


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    from datetime import date

    for value in ({"al": date(2026, 1, 1)}, [object()], {"a": {1, 2}}):
        with pytest.raises(TypeError) as ours:
            json_text(value)
        with pytest.raises(TypeError) as theirs:
            _reference(value)
        assert str(ours.value) == str(theirs.value)
