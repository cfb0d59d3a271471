"""JSON Schema stage: a compiled fast check, and plain-Spanish findings when it fails.

Most files are valid, so they only pay for fastjsonschema's compiled check.
A file that fails is validated again with jsonschema, whose errors carry the
keyword and path needed to explain each problem (see ``schema_messages``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hojaderuta.core.compiled import FORMATS, shipped
from hojaderuta.core.dates import is_date
from hojaderuta.core.findings import Codigo, Finding, make_finding, pointer
from hojaderuta.core.loading import Document
from hojaderuta.core.schema_messages import explain
from hojaderuta.resources import load_schema
from hojaderuta.text.i18n import _

Parts = tuple[str | int, ...]


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    """The shipped generated validator (``core.compiled``), or one compiled now when the
    schema file is not the one it was generated from."""
    found = shipped(kind)
    if found is not None:
        return found
    import fastjsonschema

    validate: Callable[[Any], Any] = fastjsonschema.compile(
        load_schema(kind), formats=FORMATS, use_default=False
    )
    return validate


def is_valid(kind: str, data: Any) -> bool:
    # Both validators raise a ValueError (fastjsonschema's, or the shipped code's own).
    try:
        _fast_validator(kind)(data)
    except ValueError:
        return False
    return True


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """JSON Schema patterns are ECMA 262: ``$`` ends the text, unlike Python's ``re``
    (which also matches before a final newline). fastjsonschema already does this."""
    from jsonschema import ValidationError

    if not isinstance(instance, str):
        return
    python = (
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    )
    if re.search(python, instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _full_validator(kind: str) -> Any:
    from jsonschema import Draft7Validator, FormatChecker, validators

    checker = FormatChecker(formats=())
    checker.checks("date")(is_date)
    strict = validators.extend(Draft7Validator, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]
    return strict(load_schema(kind), format_checker=checker)


@dataclass
class SchemaCheck:
    """The schema's findings for one file, and the values rules must not read."""

    findings: list[Finding] = field(default_factory=list)
    bad: list[Parts] = field(default_factory=list)  # values that break the schema themselves


def check_document(kind: str, doc: Document, skip: frozenset[str] = frozenset()) -> SchemaCheck:
    """Schema findings for a loaded document (none when it is valid).

    ``skip``: JSON pointers already reported (unfilled placeholders): a value still
    saying COMPLETAR is one finding, not also a wrong type or format. A node reached
    through aliases at several paths is reported once, at its place in the text.
    """
    result = SchemaCheck()
    if is_valid(kind, doc.data):
        return result
    seen: set[tuple[int, int, bool, str]] = set()
    for problem in explain(kind, load_schema(kind), _full_validator(kind), doc.data):
        parts = problem.parts
        if problem.bad:
            result.bad.append(parts)
        ruta = pointer(parts)
        if ruta in skip:
            continue
        linea, columna = doc.locate(parts, at_key=problem.at_key)
        key = (linea, columna, problem.at_key, problem.what)
        if key in seen:
            continue
        seen.add(key)
        result.findings.append(
            make_finding(Codigo.ESQUEMA, doc.archivo, linea, columna, ruta, problem.mensaje)
        )
    if not result.findings and not skip:
        # The two validators disagree: never let the file pass as valid.
        result.findings.append(
            make_finding(
                Codigo.ESQUEMA,
                doc.archivo,
                1,
                1,
                "",
                _(
                    "El archivo no cumple el esquema del formato, pero no se pudo precisar dónde. "
                    "Revise los valores con comillas, saltos de línea o caracteres invisibles."
                ),
            )
        )
    return result
