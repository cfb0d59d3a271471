"""jsonschema's errors, explained in plain Spanish, one keyword at a time.

The schema's ``title`` of each property is its Anexo 1 label, so messages name
the box of the template a person knows, not only the YAML key (``schema_places``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from hojaderuta.core.dates import looks_like_date
from hojaderuta.core.schema_places import label, place, property_schema, resolve
from hojaderuta.text.folding import ascii_fold
from hojaderuta.text.i18n import N_, _

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


# What a value should be, by JSON type («debe ser un texto»), untranslated.
_TYPE_NAMES = {
    "string": N_("un texto"),
    "integer": N_("un número entero"),
    "number": N_("un número"),
    "boolean": N_("true o false"),
    "array": N_("una lista (cada elemento en su línea, empezando con «- »)"),
    "object": N_("un bloque de claves («clave: valor»)"),
    "null": N_("vacío"),
}

_YES_NO = {"si", "sí", "no", "yes", "on", "off", "y", "n", "verdadero", "falso", "cierto"}

# The bound a number broke, by keyword: a whole sentence each.
_BOUNDS = {
    "minimum": N_("{campo} debe ser al menos {limite}; es {valor}."),
    "exclusiveMinimum": N_("{campo} debe ser mayor que {limite}; es {valor}."),
    "maximum": N_("{campo} debe ser como máximo {limite}; es {valor}."),
    "exclusiveMaximum": N_("{campo} debe ser menor que {limite}; es {valor}."),
}


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
        return _("vacío")
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"«{text}»"


def _either(options: list[str]) -> str:
    """«a o b o c»: what a value may be, each option already in words."""
    out = options[0]
    for option in options[1:]:
        out = _("{uno} o {otro}").format(uno=out, otro=option)
    return out


def _wanted(root: dict[str, Any], parts: Parts, names: list[str]) -> tuple[str, str | None]:
    """What the value should be, in words, and the property's first text example. A text
    or a block (``sitio``) is named with an example and the block's keys: both ways."""
    entry = property_schema(root, parts) or {}
    resolved = resolve(root, entry)
    examples = entry.get("examples") or resolved.get("examples") or []
    example = next((e for e in examples if isinstance(e, str)), None)
    keys = list(resolved.get("properties", {}))
    if "string" in names and "object" in names and keys:
        listed = (
            _("{lista} o {ultima}").format(lista=", ".join(keys[:-1]), ultima=keys[-1])
            if len(keys) > 1
            else keys[0]
        )
        text = (
            _("un texto (por ejemplo {ejemplo}) o un bloque con las claves {claves}")
            if example
            else _("un texto o un bloque con las claves {claves}")
        )
        return text.format(ejemplo=example, claves=listed), example
    return _either([_(_TYPE_NAMES[n]) if n in _TYPE_NAMES else n for n in names]), example


def _empty_message(where: str, want: str, key: str | int, example: str | None) -> str:
    """An empty value; a colour-like example («#…») is a comment when written unquoted."""
    if not example or not example.startswith("#"):
        return _("{campo} está vacío: escriba {tipo}.").format(campo=where, tipo=want)
    return _(
        "{campo} está vacío. Sin comillas, un valor como «{clave}: {ejemplo}» queda vacío "
        "porque YAML toma lo que sigue a # como un comentario: escríbalo entre comillas "
        '({clave}: "{ejemplo}").'
    ).format(campo=where, clave=key, ejemplo=example)


def _type_message(root: dict[str, Any], parts: Parts, expected: Any, value: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    if not parts:
        if value is None:
            return _(
                "El archivo está vacío: debe contener la hoja de ruta como claves y valores "
                "(vea ejemplos/ o use «hdr nuevo»)."
            )
        return _("El archivo debe ser un bloque de claves («clave: valor»), no {valor}.").format(
            valor=_shown(value)
        )
    want, example = _wanted(root, parts, names)
    where = label(root, parts)
    if value is None:
        return _empty_message(where, want, parts[-1], example)
    message = _("{campo} debe ser {tipo}, pero es {valor}.").format(
        campo=where, tipo=want, valor=_kind_or_value(value)
    )
    hint = _type_hint(names, value, example)
    return f"{message} {hint}" if hint else message


def _type_hint(names: list[str], value: Any, example: str | None) -> str | None:
    """How to write the value so it has the type asked for, when there is a usual slip."""
    if "boolean" in names and isinstance(value, str) and value.strip().lower() in _YES_NO:
        return _("Escriba true (sí) o false (no), sin comillas.")
    if names == ["string"] and isinstance(value, float):
        return _(
            "Escríbalo entre comillas para que se lea como texto "
            '(por ejemplo "16.10": sin comillas, 16.10 se lee como el número 16.1).'
        )
    if names == ["string"] and isinstance(value, int) and not isinstance(value, bool):
        if example:
            return _(
                'Escríbalo entre comillas para que se lea como texto (por ejemplo "{ejemplo}").'
            ).format(ejemplo=example)
        return _("Escríbalo entre comillas para que se lea como texto.")
    if names[0] in ("integer", "number") and isinstance(value, str):
        return _('Escriba solo el número, sin comillas ni símbolos (por ejemplo 35, no "35%").')
    return None


def _kind_or_value(value: Any) -> str:
    """A list or a block where a single value goes is named by its kind, not its contents."""
    if isinstance(value, list):
        return _("una lista")
    if isinstance(value, dict):
        return _("un bloque de claves")
    return _shown(value)


def _format_message(root: dict[str, Any], parts: Parts, value: Any) -> str:
    if isinstance(value, str) and looks_like_date(value):
        message = _("{campo}: {valor} no es una fecha que exista (revise el día y el mes).")
    else:
        message = _(
            "{campo}: {valor} no es una fecha con la forma AAAA-MM-DD (por ejemplo 2020-04-30)."
        )
    return message.format(campo=label(root, parts), valor=_shown(value))


def _pattern_message(root: dict[str, Any], parts: Parts, pattern: str, value: Any) -> str:
    where = label(root, parts)
    if pattern == "\\S":
        return _("{campo} está vacío: escriba el texto.").format(campo=where)
    entry = property_schema(root, parts) or {}
    examples = entry.get("examples") or resolve(root, entry).get("examples") or []
    if not examples:
        return _("{campo}: {valor} no tiene la forma esperada.").format(
            campo=where, valor=_shown(value)
        )
    return _("{campo}: {valor} no tiene la forma esperada. Por ejemplo: {ejemplos}.").format(
        campo=where, valor=_shown(value), ejemplos=", ".join(str(e) for e in examples[:2])
    )


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
            yield Problem(
                parts,
                _("Falta {campo} en {lugar}. Agréguela con «{clave}: …».").format(
                    campo=label(root, (*parts, key)), lugar=place(parts, kind), clave=key
                ),
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
            text = _(
                "La clave de fusión «<<» no se admite (en {lugar}). "
                "Repita las claves o use un alias completo (*nombre) como valor."
            ).format(lugar=where)
        else:
            close = suggest(str(key), allowed) if unknown <= MAX_SUGGESTIONS else None
            # Past the first ones the list of valid keys was already given: not again
            # thousands of times (it made a file of unknown keys slow to read and print).
            text = (
                _("La clave «{clave}» no existe en {lugar}. ¿Quiso decir «{sugerencia}»?")
                if close
                else _("La clave «{clave}» no existe en {lugar}.")
                if unknown > MAX_SUGGESTIONS
                else _("La clave «{clave}» no existe en {lugar}. Claves válidas aquí: {claves}.")
            ).format(clave=key, lugar=where, sugerencia=close, claves=", ".join(allowed))
        yield Problem((*parts, key), text, at_key=True)


def _enum_message(
    kind: str, root: dict[str, Any], parts: Parts, rule: list[Any], value: Any
) -> str:
    if kind == "plan" and parts == ("formato",):
        return _(
            "«formato» es {valor}, pero esta versión de hdr entiende el formato 1. "
            "Escriba «formato: 1»."
        ).format(valor=_shown(value))
    options = [str(o) for o in rule]
    close = suggest(str(value), options) if isinstance(value, str) else None
    message = (
        _(
            "{campo}: {valor} no es un valor admitido. Valores posibles: {opciones}. "
            "¿Quiso decir «{sugerencia}»?"
        )
        if close
        else _("{campo}: {valor} no es un valor admitido. Valores posibles: {opciones}.")
    )
    return message.format(
        campo=label(root, parts), valor=_shown(value), opciones=", ".join(options), sugerencia=close
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
            _("{campo} necesita al menos {minimo} elemento(s); tiene {n}.").format(
                campo=label(root, parts), minimo=rule, n=len(value)
            ),
        )
    elif keyword == "uniqueItems":
        repeated = sorted({str(v) for v in value if value.count(v) > 1})
        yield Problem(
            parts,
            _("{campo} repite valores: {valores}. Deje uno de cada.").format(
                campo=label(root, parts), valores=", ".join(repeated)
            ),
        )
    elif keyword in _BOUNDS:
        yield Problem(
            parts,
            _(_BOUNDS[keyword]).format(campo=label(root, parts), limite=rule, valor=_shown(value)),
        )
    else:
        yield Problem(
            parts,
            _("{campo}: {valor} no es válido (regla «{regla}»).").format(
                campo=label(root, parts), valor=_shown(value), regla=keyword
            ),
        )
