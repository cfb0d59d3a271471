"""The loader: YAML 1.2 scalars, duplicates, limits, encodings and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hojaderuta.loading import Limits, load_file, load_text

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

    from hojaderuta.loading import _NodeLoader

    if not yaml.__with_libyaml__:
        pytest.fail("PyYAML sin libyaml: instale PyYAML con su extensión en C")
    assert _NodeLoader.__mro__[1].__module__ == "yaml._yaml"
