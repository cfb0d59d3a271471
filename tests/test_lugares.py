"""Places named as people read them, never as 0-based pointers."""

from __future__ import annotations

from hojaderuta.text.places import human_place, place_of_pointer, pointer_parts


def test_hito_and_field() -> None:
    assert human_place(("hitos", 1, "termino")) == "hito 2 · término"


def test_activity_inside_hito() -> None:
    assert human_place(("hitos", 0, "actividades", 2, "cumplida")) == (
        "hito 1 · actividad 3 · cumplida"
    )


def test_ods_named_by_its_number_when_the_data_is_known() -> None:
    data = {"agenda_2030": [{"ods": 16, "metas": ["16.6", "16.7"]}]}
    assert place_of_pointer("/agenda_2030/0/metas/1", data) == "Agenda 2030 · ODS 16 · meta 2"
    assert place_of_pointer("/agenda_2030/0/metas/1") == "Agenda 2030 · objetivo 1 · meta 2"


def test_pointer_round_trip_and_whole_file() -> None:
    assert pointer_parts("/hitos/1/a~1b") == ("hitos", 1, "a/b")
    assert place_of_pointer("") == ""


def test_every_key_of_the_format_has_a_name_people_read() -> None:
    """A place is named in words in every language («hito 1 · responsable · nombre»,
    «milestone 1 · responsible party · name»), never with a bare key."""
    import json

    from hojaderuta.resources import schema_path
    from hojaderuta.text.places import KEY_NAMES

    def properties(node: object) -> set[str]:
        if isinstance(node, dict):
            own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
            return own.union(*(properties(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(properties(v) for v in node))
        return set()

    keys = properties(json.loads(schema_path("plan").read_text(encoding="utf-8")))
    keys |= properties(json.loads(schema_path("compromiso").read_text(encoding="utf-8")))
    assert keys - set(KEY_NAMES) == set()
