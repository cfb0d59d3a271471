"""jsonschema's errors, explained in plain Spanish, one keyword at a time.

The schema's ``title`` of each property is its Anexo 1 label, so messages name
the box of the template a person knows, not only the YAML key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from hojaderuta.core.dates import looks_like_date
from hojaderuta.text.folding import ascii_fold

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    parts: Parts
    mensaje: str
    at_key: bool = False
    # What is wrong, beyond where: one node reached through aliases at several paths
    # is one problem («required:nombre», «type»...), reported once.
    what: str = ""
    # The value itself breaks the schema (a wrong type, format, pattern...): rules must
    # not read it. Missing or unknown keys and a list's length leave the value usable.
    bad: bool = False


# Keywords whose error means the value at the error's path is itself wrong.
BAD_VALUE = frozenset(
    {
        "type",
        "format",
        "pattern",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "anyOf",
        "oneOf",
        "not",
    }
)


_TYPE_NAMES = {
    "string": "un texto",
    "integer": "un número entero",
    "number": "un número",
    "boolean": "true o false",
    "array": "una lista (cada elemento en su línea, empezando con «- »)",
    "object": "un bloque de claves («clave: valor»)",
    "null": "vacío",
}

_YES_NO = {"si", "sí", "no", "yes", "on", "off", "y", "n", "verdadero", "falso", "cierto"}

# How to name an element of each list in a sentence (1-based for people).
_ITEM_NAMES = {
    "hitos": "el hito {n}",
    "actividades": "la actividad {n}",
    "responsables": "la persona responsable {n}",
    "corresponsables": "la persona corresponsable {n}",
    "agenda_2030": "la alineación con la Agenda 2030 n.º {n}",
    "modificaciones": "la modificación {n}",
    "supuestos": "el supuesto {n}",
    "evidencia": "la evidencia {n}",
    "metas": "la meta {n}",
    "valores": "el valor {n}",
}


def place(parts: Parts, kind: str) -> str:
    """A Spanish noun phrase for where a value sits: «el hito 2», «la actividad 1 del hito 3»."""
    phrases: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int):
            phrases.append(_ITEM_NAMES.get(part, f"«{part}» n.º {{n}}").format(n=nxt + 1))
            i += 2
            continue
        phrases.append(f"«{part}»")
        i += 1
    if not phrases:
        return "el plan" if kind == "plan" else "el compromiso"
    return de_joined(list(reversed(phrases)))


def de_joined(phrases: list[str]) -> str:
    """«la actividad 1» + «el hito 2» -> «la actividad 1 del hito 2» (Spanish contraction)."""
    out = phrases[0]
    for phrase in phrases[1:]:
        out += " del " + phrase[3:] if phrase.startswith("el ") else " de " + phrase
    return out


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 10:
        ref = schema["$ref"]
        target: Any = root
        for piece in ref.lstrip("#/").split("/"):
            target = target[piece]
        schema = target
        seen += 1
    return schema


def _property_schema(root: dict[str, Any], parts: Parts) -> dict[str, Any] | None:
    """The schema entry (unresolved, so it keeps its title) that describes ``parts``."""
    entry: dict[str, Any] | None = root
    for part in parts:
        if entry is None:
            return None
        current = _resolve(root, entry)
        if isinstance(part, int):
            entry = current.get("items")
        else:
            entry = current.get("properties", {}).get(part)
    return entry


def label(root: dict[str, Any], parts: Parts) -> str:
    """«Anexo 1 label» (clave) for the value at ``parts``."""
    key = next((p for p in reversed(parts) if isinstance(p, str)), "")
    entry = _property_schema(root, parts)
    title = None
    if entry is not None:
        title = entry.get("title") or _resolve(root, entry).get("title")
    if parts and isinstance(parts[-1], int):
        # An item: name the list by its own title, not the items' generic one.
        owner = _property_schema(root, parts[:-1]) or {}
        list_title = owner.get("title") or _resolve(root, owner).get("title") or key
        return f"el elemento {parts[-1] + 1} de «{list_title}»"
    if title and key:
        return f"«{title}» (clave {key})"
    return f"«{key}»" if key else "el archivo"


def _normalize(key: str) -> str:
    plain = ascii_fold(key)
    return plain.lower().replace("-", "_").replace(" ", "_").strip("_")


def suggest(word: str, options: list[str]) -> str | None:
    norm = _normalize(word)
    for option in options:
        if norm == option:
            return option
    close = difflib.get_close_matches(norm, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _shown(value: Any) -> str:
    if value is None:
        return "vacío"
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"«{text}»"


def _wanted(root: dict[str, Any], parts: Parts, names: list[str]) -> tuple[str, str | None]:
    """What the value should be, in words, and the property's first text example. A text
    or a block (``sitio``) is named with an example and the block's keys: both ways."""
    entry = _property_schema(root, parts) or {}
    resolved = _resolve(root, entry)
    examples = entry.get("examples") or resolved.get("examples") or []
    example = next((e for e in examples if isinstance(e, str)), None)
    keys = list(resolved.get("properties", {}))
    if "string" in names and "object" in names and keys:
        text = f"un texto (por ejemplo {example})" if example else "un texto"
        listed = ", ".join(keys[:-1]) + f" o {keys[-1]}" if len(keys) > 1 else keys[0]
        return f"{text} o un bloque con las claves {listed}", example
    return " o ".join(_TYPE_NAMES.get(n, n) for n in names), example


def _commented_out(key: str | int, example: str | None) -> str:
    """A value that starts with «#» (a colour) is a comment when written without quotes."""
    if not example or not example.startswith("#"):
        return ""
    return (
        f" Sin comillas, un valor como «{key}: {example}» queda vacío porque YAML toma lo "
        f'que sigue a # como un comentario: escríbalo entre comillas ({key}: "{example}").'
    )


def _type_message(root: dict[str, Any], parts: Parts, expected: Any, value: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    want, example = _wanted(root, parts, names) if parts else ("", None)
    where = label(root, parts) if parts else "El archivo"
    if value is None:
        if not parts:
            return (
                "El archivo está vacío: debe contener la hoja de ruta como claves y valores "
                "(vea ejemplos/ o use «hdr nuevo»)."
            )
        commented = _commented_out(parts[-1], example)
        return (
            f"{where} está vacío.{commented}"
            if commented
            else f"{where} está vacío: escriba {want}."
        )
    if not parts:
        return f"El archivo debe ser un bloque de claves («clave: valor»), no {_shown(value)}."
    message = f"{where} debe ser {want}, pero es {_kind_or_value(value)}."
    if "boolean" in names and isinstance(value, str) and value.strip().lower() in _YES_NO:
        message += " Escriba true (sí) o false (no), sin comillas."
    elif names == ["string"] and isinstance(value, float):
        message += (
            " Escríbalo entre comillas para que se lea como texto "
            '(por ejemplo "16.10": sin comillas, 16.10 se lee como el número 16.1).'
        )
    elif names == ["string"] and isinstance(value, int) and not isinstance(value, bool):
        hint = f' (por ejemplo "{example}")' if example else ""
        message += f" Escríbalo entre comillas para que se lea como texto{hint}."
    elif names[0] in ("integer", "number") and isinstance(value, str):
        message += ' Escriba solo el número, sin comillas ni símbolos (por ejemplo 35, no "35%").'
    return message


def _kind_or_value(value: Any) -> str:
    """A list or a block where a single value goes is named by its kind, not its contents."""
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, dict):
        return "un bloque de claves"
    return _shown(value)


def _format_message(root: dict[str, Any], parts: Parts, value: Any) -> str:
    if isinstance(value, str) and looks_like_date(value):
        return (
            f"{label(root, parts)}: {_shown(value)} no es una fecha que exista "
            "(revise el día y el mes)."
        )
    return (
        f"{label(root, parts)}: {_shown(value)} no es una fecha con la forma AAAA-MM-DD "
        "(por ejemplo 2020-04-30)."
    )


def _pattern_message(root: dict[str, Any], parts: Parts, pattern: str, value: Any) -> str:
    if pattern == "\\S":
        return f"{label(root, parts)} está vacío: escriba el texto."
    entry = _property_schema(root, parts) or {}
    examples = entry.get("examples") or _resolve(root, entry).get("examples") or []
    hint = f" Por ejemplo: {', '.join(str(e) for e in examples[:2])}." if examples else ""
    return f"{label(root, parts)}: {_shown(value)} no tiene la forma esperada.{hint}"


def explain(kind: str, root: dict[str, Any], validator: Any, data: Any) -> Iterator[Problem]:
    """Plain-Spanish problems for every schema error in ``data``."""
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    typos = _typos(errors)
    for error in errors:
        for problem in _explain_one(kind, root, error, typos):
            bad = error.validator in BAD_VALUE
            yield replace(problem, what=problem.what or str(error.validator), bad=bad)


def _typos(errors: list[Any]) -> dict[Parts, set[str]]:
    """Required keys written misspelled, by mapping: ``ponderacin`` for ``ponderacion``.

    The unknown key's «¿Quiso decir…?» says it all; a second finding for the missing
    key would only make one typo look like two problems.
    """
    out: dict[Parts, set[str]] = {}
    for error in errors:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        allowed = sorted(error.schema.get("properties", {}))
        required = error.schema.get("required", [])
        unknown = [k for k in error.instance if k not in allowed][:MAX_SUGGESTIONS]
        for key in unknown:
            close = suggest(str(key), allowed)
            if close is not None and close in required and close not in error.instance:
                out.setdefault(tuple(error.absolute_path), set()).add(close)
    return out


def _missing_keys(
    kind: str, root: dict[str, Any], parts: Parts, required: list[str], value: Any, typos: set[str]
) -> Iterator[Problem]:
    for key in required:
        if isinstance(value, dict) and key not in value and key not in typos:
            field = label(root, (*parts, key))
            yield Problem(
                parts,
                f"Falta {field} en {place(parts, kind)}. Agréguela con «{key}: …».",
                what=f"required:{key}",
            )


# Suggestions for this many unknown keys per mapping: a file with thousands of them
# (generated, or pasted by mistake) gets its findings, not minutes of fuzzy matching.
MAX_SUGGESTIONS = 50


def _unknown_keys(kind: str, parts: Parts, allowed: list[str], value: Any) -> Iterator[Problem]:
    unknown = 0
    for key in value:
        if key in allowed:
            continue
        unknown += 1
        where = place(parts, kind)
        if key == "<<":
            text = (
                f"La clave de fusión «<<» no se admite (en {where}). "
                "Repita las claves o use un alias completo (*nombre) como valor."
            )
        else:
            close = suggest(str(key), allowed) if unknown <= MAX_SUGGESTIONS else None
            # Past the first ones the list of valid keys was already given: not again
            # thousands of times (it made a file of unknown keys slow to read and print).
            hint = (
                f" ¿Quiso decir «{close}»?"
                if close
                else ""
                if unknown > MAX_SUGGESTIONS
                else f" Claves válidas aquí: {', '.join(allowed)}."
            )
            text = f"La clave «{key}» no existe en {where}.{hint}"
        yield Problem((*parts, key), text, at_key=True)


def _enum_message(
    kind: str, root: dict[str, Any], parts: Parts, rule: list[Any], value: Any
) -> str:
    if kind == "plan" and parts == ("formato",):
        return (
            f"«formato» es {_shown(value)}, pero esta versión de hdr entiende el formato 1. "
            "Escriba «formato: 1»."
        )
    options = [str(o) for o in rule]
    close = suggest(str(value), options) if isinstance(value, str) else None
    hint = f" ¿Quiso decir «{close}»?" if close else ""
    return (
        f"{label(root, parts)}: {_shown(value)} no es un valor admitido. "
        f"Valores posibles: {', '.join(options)}.{hint}"
    )


def _explain_one(
    kind: str, root: dict[str, Any], error: Any, typos: dict[Parts, set[str]]
) -> Iterator[Problem]:
    parts: Parts = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    rule = error.validator_value
    if keyword == "required":
        yield from _missing_keys(kind, root, parts, rule, value, typos.get(parts, set()))
    elif keyword == "additionalProperties":
        yield from _unknown_keys(kind, parts, sorted(error.schema.get("properties", {})), value)
    elif keyword == "type":
        yield Problem(parts, _type_message(root, parts, rule, value))
    elif keyword == "enum":
        yield Problem(parts, _enum_message(kind, root, parts, rule, value))
    elif keyword == "format":
        yield Problem(parts, _format_message(root, parts, value))
    elif keyword == "pattern":
        yield Problem(parts, _pattern_message(root, parts, rule, value))
    elif keyword == "minItems":
        yield Problem(
            parts,
            f"{label(root, parts)} necesita al menos {rule} elemento(s); tiene {len(value)}.",
        )
    elif keyword == "uniqueItems":
        repeated = sorted({str(v) for v in value if value.count(v) > 1})
        yield Problem(
            parts, f"{label(root, parts)} repite valores: {', '.join(repeated)}. Deje uno de cada."
        )
    elif keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {
            "minimum": f"al menos {rule}",
            "exclusiveMinimum": f"mayor que {rule}",
            "maximum": f"como máximo {rule}",
            "exclusiveMaximum": f"menor que {rule}",
        }[keyword]
        yield Problem(parts, f"{label(root, parts)} debe ser {bound}; es {_shown(value)}.")
    else:
        yield Problem(
            parts, f"{label(root, parts)}: {_shown(value)} no es válido (regla «{keyword}»)."
        )
