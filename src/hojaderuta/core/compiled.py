"""fastjsonschema's validators for the bundled schemas, generated once and shipped.

Generating a validator costs more than checking a whole everyday plan, so the code
fastjsonschema writes for ``plan`` and ``compromiso`` lives in ``core/_validadores.py``
(regenerated with ``HDR_ACTUALIZAR_GOLDEN=1 pytest tests/test_esquemas.py``). It is used
only while the schema file is byte for byte the one it was generated from (its SHA-256
is recorded beside it); otherwise ``core.schema`` compiles at run time, as before.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from typing import Any

from hojaderuta.core.dates import is_date
from hojaderuta.resources import schema_path

KINDS = ("plan", "compromiso")
FORMATS = {"date": is_date}  # given again at each call: the code only names them
MODULE = "_validadores.py"

# The generated code raises fastjsonschema's exception; defining it here spares every run
# the import of fastjsonschema's code generators (is_valid only asks whether it raised).
_EXCEPTIONS = '''
class JsonSchemaValueException(ValueError):
    """A value that breaks the schema (same fields as fastjsonschema's)."""

    def __init__(self, message, value=None, name=None, definition=None, rule=None):
        super().__init__(message)
        self.message, self.value, self.name = message, value, name
        self.definition, self.rule = definition, rule


JsonSchemaValuesException = JsonSchemaValueException
'''
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"


def schema_digest(kind: str) -> str:
    return hashlib.sha256(schema_path(kind).read_bytes()).hexdigest()


def generated_source() -> str:
    """The whole text of ``_validadores.py`` for the bundled schemas as they are now."""
    import fastjsonschema

    parts = [
        '"""Generado por hojaderuta.core.compiled de schemas/*.schema.json: no se edita.\n\n'
        "Se vuelve a generar con HDR_ACTUALIZAR_GOLDEN=1 pytest tests/test_esquemas.py.\n"
        '"""\n',
        _EXCEPTIONS,
        f"\nDIGESTS = {json.dumps({k: schema_digest(k) for k in KINDS}, indent=4)}\n",
    ]
    for kind in KINDS:
        schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
        code = fastjsonschema.compile_to_code(schema, formats=FORMATS, use_default=False)
        if _IMPORT not in code:  # fastjsonschema changed its output: say so, never guess
            raise RuntimeError("fastjsonschema ya no genera la importación esperada")
        code = code.replace(_IMPORT, "").replace("def validate(", f"def validate_{kind}(")
        # Each schema's helpers get their own names (both define validate___definitions_*).
        code = code.replace("validate___", f"validate_{kind}___").replace(
            "REGEX_PATTERNS", f"REGEX_PATTERNS_{kind.upper()}"
        )
        parts.append(f"\n# --- {kind} ---\n{code}")
    return "".join(parts)


def shipped(kind: str) -> Callable[[Any], Any] | None:
    """The shipped validator for ``kind`` when it matches the schema file, else None."""
    module = importlib.import_module("hojaderuta.core._validadores")
    if getattr(module, "DIGESTS", {}).get(kind) != schema_digest(kind):
        return None
    validate: Callable[..., Any] = getattr(module, f"validate_{kind}")
    return lambda data: validate(data, FORMATS)
