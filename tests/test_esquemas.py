"""The JSON Schemas: valid draft-07, documented in Spanish, strict, and used as shipped."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from hojaderuta.core.compiled import FORMATS, generated_source, shipped
from hojaderuta.core.compiled import KINDS as COMPILED_KINDS
from hojaderuta.core.loading import load_file
from hojaderuta.resources import load_schema, schema_path

from .conftest import ROOT, require_tool

KINDS = ("plan", "compromiso")


def test_metaschema_with_check_jsonschema() -> None:
    tool = require_tool("check-jsonschema")
    done = subprocess.run(
        [tool, "--check-metaschema", *(str(schema_path(k)) for k in KINDS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("kind", KINDS)
def test_draft07_and_strict(kind: str) -> None:
    schema = load_schema(kind)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    objects = list(_objects(schema))
    assert objects
    for where, obj in objects:
        assert obj.get("additionalProperties") is False, where


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_documented(kind: str) -> None:
    schema = load_schema(kind)
    for where, obj in _objects(schema):
        for name, prop in obj.get("properties", {}).items():
            assert prop.get("title"), f"{where}/{name} sin title"
            assert prop.get("description"), f"{where}/{name} sin description"
        for name, prop in obj.get("properties", {}).items():
            if "enum" in prop:
                assert len(prop["enumDescriptions"]) == len(prop["enum"]), f"{where}/{name}"


def test_anexo1_labels() -> None:
    props = load_schema("compromiso")["properties"]
    assert props["objetivo_corto_plazo"]["title"] == "¿Cuál es el compromiso?"
    assert props["responsables"]["title"] == "Institución(es) responsable(s) de la implementación"
    assert props["supuestos"]["title"].startswith("Supuestos")


def test_examples_validate_against_their_property() -> None:
    from jsonschema import Draft7Validator

    for kind in KINDS:
        schema = load_schema(kind)
        for where, obj in _objects(schema):
            for name, prop in obj.get("properties", {}).items():
                sub = {**prop, "definitions": schema.get("definitions", {})}
                for example in prop.get("examples", []):
                    errors = list(Draft7Validator(sub).iter_errors(example))
                    assert not errors, f"{where}/{name}: {example!r}"


def test_schemas_at_top_level_are_the_ones_used() -> None:
    for kind in KINDS:
        top = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert top == load_schema(kind)


# The validators shipped in the package (core/_validadores.py) are the schemas' own.


def test_shipped_validators_are_generated_from_these_schemas() -> None:
    """Regenerate after changing a schema: HDR_ACTUALIZAR_GOLDEN=1 pytest tests/test_esquemas.py"""
    path = ROOT / "src" / "hojaderuta" / "core" / "_validadores.py"
    fresh = generated_source()
    if os.environ.get("HDR_ACTUALIZAR_GOLDEN") == "1":
        path.write_text(fresh, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == fresh, (
        "core/_validadores.py no corresponde a los esquemas: "
        "HDR_ACTUALIZAR_GOLDEN=1 pytest tests/test_esquemas.py"
    )
    for kind in COMPILED_KINDS:
        assert shipped(kind) is not None, kind


def _documents(kind: str) -> Iterator[Any]:
    folders = [ROOT / "ejemplos", ROOT / "tests" / "casos"]
    name = "plan.yaml" if kind == "plan" else "compromisos/*.yaml"
    for folder in folders:
        for path in sorted(folder.glob(f"*/{name}")):
            doc = load_file(path, path.name)  # hdr's YAML 1.2: dates stay text
            if doc.data is not None:
                yield doc.data


@pytest.mark.parametrize("kind", COMPILED_KINDS)
def test_shipped_and_runtime_validators_agree(kind: str) -> None:
    """The shipped code and fastjsonschema compiling now judge every example alike."""
    import fastjsonschema

    runtime = fastjsonschema.compile(load_schema(kind), formats=FORMATS, use_default=False)
    fast = shipped(kind)
    assert fast is not None
    verdicts = []
    for data in _documents(kind):
        try:
            runtime(data)
            expected = True
        except fastjsonschema.JsonSchemaException:
            expected = False
        try:
            fast(data)
            got = True
        except ValueError:
            got = False
        verdicts.append(expected)
        assert got == expected, data
    assert True in verdicts and False in verdicts  # both kinds of file were judged


def test_an_edited_schema_is_compiled_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema that is not the one the shipped code came from is never judged by it."""
    from hojaderuta.core import compiled

    monkeypatch.setattr(compiled, "schema_digest", lambda kind: "otro")
    assert compiled.shipped("plan") is None
