"""The loader: YAML 1.2 scalars, duplicates, limits, encodings and positions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hojaderuta.core.loading import Limits, load_file, load_text

P = Path("x.yaml")


def codes(text: str | bytes) -> list[tuple[str, int, int]]:
    doc = load_text(text.encode("utf-8") if isinstance(text, str) else text, P, "x.yaml")
    return [(i.codigo, i.linea, i.columna) for i in doc.issues]


def data(text: str) -> object:
    doc = load_text(text.encode("utf-8"), P, "x.yaml")
    assert doc.issues == []
    return doc.data


def test_yaml_12_scalars() -> None:
    assert data("a: si\nb: no\nc: yes\nd: on\ne: true\nf: False\n") == {
        "a": "si",
        "b": "no",
        "c": "yes",
        "d": "on",
        "e": True,
        "f": False,
    }


def test_dates_stay_strings_and_numbers_are_numbers() -> None:
    assert data("a: 2020-01-02\nb: 35\nc: 33.5\nd: '16.10'\ne: 16.10\nf: ~\ng:\n") == {
        "a": "2020-01-02",
        "b": 35,
        "c": 33.5,
        "d": "16.10",
        "e": 16.1,
        "f": None,
        "g": None,
    }


def test_bom_is_tolerated() -> None:
    assert data("\ufeffa: 1\n") == {"a": 1}


def test_anchors_and_aliases_allowed() -> None:
    loaded = data("a: &p {nombre: Ana}\nb: *p\n")
    assert loaded == {"a": {"nombre": "Ana"}, "b": {"nombre": "Ana"}}


def test_duplicate_key_reported_at_second_key() -> None:
    assert codes("a: 1\nb:\n  c: 1\n  c: 2\n") == [("yaml-clave-duplicada", 4, 3)]


def test_syntax_error_position() -> None:
    assert codes("a: 1\nb: c: d\n") == [("yaml-sintaxis", 2, 5)]


def test_tab_indentation_message_is_spanish() -> None:
    doc = load_text(b"a:\n\tb: 1\n", P, "x.yaml")
    (issue,) = doc.issues
    assert issue.codigo == "yaml-sintaxis"
    assert "tabulador" in issue.mensaje


@pytest.mark.parametrize(
    "text",
    ["a: !!python/object:os.system x\n", "a: !!binary aGVsbG8=\n", "a: !mio x\n", "a: !!set {b}\n"],
)
def test_tags_beyond_plain_data_are_unsafe(text: str) -> None:
    assert [c for c, _, _ in codes(text)] == ["yaml-inseguro"]


def test_alias_bomb() -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert [c for c, _, _ in codes("\n".join(lines))] == ["yaml-inseguro"]


def test_recursive_alias() -> None:
    assert [c for c, _, _ in codes("a: &a [*a]\n")] == ["yaml-inseguro"]


def test_deep_nesting_flow_does_not_crash() -> None:
    # 200,000 levels would overflow libyaml's recursive composer: we must stop first.
    assert codes("[" * 200_000) == [("yaml-inseguro", 1, 65)]


def test_deep_nesting_block() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(80)) + " " * 80 + "fin\n"
    assert [c for c, _, _ in codes(text)] == ["yaml-inseguro"]


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "grande.yaml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    doc = load_file(path, "grande.yaml", Limits(max_bytes=1000))
    assert [i.codigo for i in doc.issues] == ["yaml-inseguro"]


@pytest.mark.parametrize(("size", "limit", "too_big"), [(2003, 1000, True), (2003, 5000, False)])
def test_a_file_that_grows_after_its_size_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, limit: int, too_big: bool
) -> None:
    """hdr reads one byte past the size fstat gave; a file that grew meanwhile is read on,
    to one byte past the limit, so it is still judged whole (or too big)."""
    path = tmp_path / "crece.yaml"
    path.write_text("a: " + "x" * (size - 4) + "\n", encoding="utf-8")
    real = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = real(fd)
        return os.stat_result((*info[:6], 10, *info[7:]))  # st_size as when it was 10 bytes

    monkeypatch.setattr(os, "fstat", smaller)
    doc = load_file(path, "crece.yaml", Limits(max_bytes=limit))
    if too_big:
        assert [i.codigo for i in doc.issues] == ["yaml-inseguro"]
    else:
        assert doc.loaded and doc.data == {"a": "x" * (size - 4)}


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ("a: café\n".encode("latin-1"), (1, 7)),
        (b"a: 1\n\x00\x01", (2, 1)),
        ("a: 1\n".encode("utf-16"), (1, 1)),
    ],
)
def test_unreadable_files(raw: bytes, where: tuple[int, int]) -> None:
    assert codes(raw) == [("archivo-ilegible", *where)]


def test_missing_file(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "nada.yaml", "nada.yaml")
    assert [i.codigo for i in doc.issues] == ["archivo-ilegible"]


def test_empty_and_multi_document() -> None:
    assert codes("") == []
    assert [c for c, _, _ in codes("a: 1\n---\nb: 2\n")] == ["yaml-sintaxis"]


def test_locate_values_keys_and_missing() -> None:
    doc = load_text(b"a:\n  b: 1\n  c: [1, {d: 2}]\n", P, "x.yaml")
    assert doc.locate(("a", "c", 1, "d")) == (3, 14)
    assert doc.locate(("a", "c", 1, "d"), at_key=True) == (3, 11)
    assert doc.locate(("a", "zz")) == (2, 3)  # falls back to the mapping that lacks it
    doc.release()
    assert doc.locate(("a", "b")) == (2, 6)  # rebuilt from the text after release


def test_libyaml_is_used() -> None:
    """The C parser is what makes validation fast; never fall back silently."""
    import yaml

    from hojaderuta.core.yaml_parser import NodeLoader as _NodeLoader

    if not yaml.__with_libyaml__:
        pytest.fail("PyYAML sin libyaml: instale PyYAML con su extensión en C")
    assert _NodeLoader.__mro__[1].__module__ == "yaml._yaml"


# Deep nesting: hdr's own checks decide, whatever limits the installed libyaml has.
DEEP = 3000  # far past the format's limit and past libyaml's own (1000 in newer versions)
MAX = Limits().max_depth


@pytest.mark.parametrize(
    "text",
    [
        "a: '" + "[" * DEEP + "'\n",
        'a: "\\"' + "{" * DEEP + '"\n',
        "a: x # " + "[" * DEEP + "\n",
        "a: |\n  " + "[" * DEEP + "\n  más texto\nb: 1\n",
        "a: texto [" + "[" * DEEP + "\n",
        'a: ["' + "[" * DEEP + "\", 'it''s " + "{" * DEEP + "']\n",
    ],
    ids=[
        "comillas-simples",
        "comillas-dobles",
        "comentario",
        "bloque-literal",
        "texto",
        "en-lista",
    ],
)
def test_brackets_inside_text_are_not_nesting(text: str) -> None:
    doc = load_text(text.encode("utf-8"), P, "x.yaml")
    assert doc.issues == []
    assert doc.loaded


def test_flow_scan_skips_quoted_brackets_and_counts_real_ones() -> None:
    from hojaderuta.core.nesting import FlowNesting as _FlowNesting

    text = 'a: [\'[[[[\', "]]\\"[[", [[[x]]]] # [[[[\n'
    # The fourth real bracket is the one past a limit of 3 (quoted ones are text).
    assert _FlowNesting(3).find(text) == text.index("[[[x") + 2
    assert _FlowNesting(4).find(text) is None


@pytest.mark.parametrize("levels", [70, DEEP])
def test_depth_position_is_where_the_limit_is_passed(levels: int) -> None:
    # 70 levels reach the builder, 3000 are stopped before libyaml builds anything: the
    # finding is the same. The root mapping is the first level, so the bracket number
    # max_depth is the first one past the limit.
    text = "a: x\nb: " + "[" * levels + "]" * levels + "\n"
    assert codes(text) == [("yaml-inseguro", 2, len("b: ") + MAX)]


def test_deep_flow_nesting_over_several_lines() -> None:
    text = "a:\n  - " + "\n    ".join(["[x,"] * DEEP) + "\n"
    # Root mapping and block sequence are two levels: bracket max_depth - 1 passes the limit.
    assert codes(text) == [("yaml-inseguro", 2 + MAX - 2, 5)]


def test_single_pair_mappings_in_flow_sequences_count_as_levels() -> None:
    # [a: [a: ...]] alternates sequences and single-pair mappings: two levels a bracket.
    text = "[a: " * 700 + "b" + "]" * 700
    level = MAX + 1  # the first level past the limit, a sequence (odd levels are)
    assert codes(text) == [("yaml-inseguro", 1, 1 + (level - 1) // 2 * len("[a: "))]


@pytest.mark.parametrize(
    "text",
    [
        "- " * 1500 + "x\n",
        "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "fin\n",
    ],
    ids=["guiones", "sangria"],
)
def test_deep_block_nesting_past_libyaml_limit(text: str) -> None:
    ((codigo, line, _),) = codes(text)
    assert codigo == "yaml-inseguro"
    assert line == (1 if text.startswith("-") else MAX + 1)


def test_libyaml_nesting_error_is_unsafe_not_syntax(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml
    from yaml.error import Mark

    from hojaderuta.core import loading

    mark = Mark("<unicode string>", 0, 6, 1002, "", 0)
    error = yaml.scanner.ScannerError(
        "while increasing flow level", mark, "exceeded maximum nesting depth", mark
    )

    def refuse(text: str) -> None:
        raise error

    monkeypatch.setattr(loading, "_compose", refuse)
    assert codes("a: 1\n") == [("yaml-inseguro", 7, 1003)]


def test_deep_nesting_unsafe_even_without_the_precheck(monkeypatch: pytest.MonkeyPatch) -> None:
    # If the own scan ever let something through, libyaml's error (newer versions) or the
    # builder (older ones) still give yaml-inseguro, never yaml-sintaxis.
    from hojaderuta.core import loading

    monkeypatch.setattr(loading, "_depth_exceeded", lambda text, limits: None)
    ((codigo, line, _),) = codes("a: " + "[" * 1500 + "]" * 1500 + "\n")
    assert (codigo, line) == ("yaml-inseguro", 1)
