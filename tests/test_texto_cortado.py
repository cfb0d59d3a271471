"""The quick test before looking for prose cut by a comment (``core.comments.may_be_cut``)
never skips a file where the walk over its nodes would find one."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from hojaderuta.core.comments import cut_by_comment, may_be_cut, text_lines

_word = st.sampled_from(["Oficio", "núm.", "#25", "#", "a#b", "ñ", "\u00a0", "x\u2028y", "ok"])
_blanks = st.sampled_from(["", " ", "  ", "\t", " \t "])
_value = st.lists(st.tuples(_word, _blanks), max_size=4).map(
    lambda parts: "".join(w + b for w, b in parts)
)
_key = st.sampled_from(["nombre", "notas", "verificacion", "numero", "otro"])
_line = st.tuples(st.sampled_from(["", "  ", "- "]), _key, _blanks, _value, _blanks).map(
    lambda p: f"{p[0]}{p[1]}:{p[2] or ' '}{p[3]}{p[4]}"
)
_comment = st.tuples(_blanks, st.just("# "), _value).map("".join)
_text = st.lists(_line | _comment, min_size=1, max_size=6).map("\n".join)


def _hits(text: str) -> list[object]:
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return []  # not YAML: the check never runs on it
    return list(cut_by_comment(root, text_lines(text)))


@given(_text)
def test_a_file_it_skips_has_nothing_cut(text: str) -> None:
    if not may_be_cut(text):
        assert _hits(text) == []


def test_it_skips_comments_on_their_own_lines_only() -> None:
    own_lines = "# Hoja de ruta\nnombre: Portal\nhitos:\n  # Acción clave 1\n  - notas: bien\n"
    assert not may_be_cut(own_lines)
    cut = "notas: Reporte publicado Oficio #25\n"
    assert may_be_cut(cut)
    assert len(_hits(cut)) == 1
    # A no-break space is text in YAML, not a blank: the value ends with it.
    assert may_be_cut("notas: Oficio\u00a0 #25\n")
