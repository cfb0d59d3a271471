"""Every field of every open-data file, described from the one place it is defined.

The CSV columns come from ``opendata``'s column lists (which also write
``datapackage.json``); the fields of ``plan.json`` from the JSON Schemas of the format
(``plan``, ``compromiso``) and of the progress output (``avance``). The data page lists
them, so the page, the Data Package and the schemas never tell different stories.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hojaderuta.publish.opendata import ACTIVIDADES, COMPROMISOS, HITOS
from hojaderuta.resources import load_schema
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.schemaextract import schema_words

# JSON types (a contract) -> their words for people, translated where shown.
_TYPE_WORDS = {
    "string": N_("texto"),
    "integer": N_("número entero"),
    "number": N_("número"),
    "boolean": N_("true o false"),
    "date": N_("fecha AAAA-MM-DD"),
    "array": N_("lista"),
    "object": N_("bloque"),
    "null": N_("vacío (null)"),
}


def _type_word(kind: str) -> str:
    return _(_TYPE_WORDS[kind]) if kind in _TYPE_WORDS else kind


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str
    descripcion: str


@dataclass(frozen=True)
class ArchivoDatos:
    nombre: str  # under datos/
    formato: str  # media type
    descripcion: str
    campos: list[Campo]


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    """A schema node with its local ``$ref`` followed (the node's own words win)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
        return node
    target = _resolve(root["definitions"][ref.rsplit("/", 1)[1]], root)
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def _type_words(node: Mapping[str, Any]) -> str:
    if node.get("format") == "date":
        return _type_word("date")
    kinds = node.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = [_type_word(str(k)) for k in kinds]
    text = words[0]
    for word in words[1:]:
        text = _("{uno} o {otro}").format(uno=text, otro=word)
    return text


def _words(node: Mapping[str, Any]) -> str:
    title, text = schema_words(node.get("title")), schema_words(node.get("description"))
    if title and text and not text.startswith(title):
        return f"{title}. {text}"
    return str(text or title)


def schema_fields(
    schema: Mapping[str, Any], prefix: str = "", node: Mapping[str, Any] | None = None
) -> Iterator[Campo]:
    """Every property, depth first, named by its path («hitos[].ponderacion»)."""
    here = _resolve(node if node is not None else schema, schema)
    for key, raw in (here.get("properties") or {}).items():
        child = _resolve(raw, schema)
        name = f"{prefix}{key}"
        items = _resolve(child.get("items") or {}, schema)
        if child.get("type") == "array" and items.get("properties"):
            yield Campo(name + "[]", _("lista de bloques"), _words(child))
            yield from schema_fields(schema, f"{name}[].", items)
        elif child.get("type") == "array":
            yield Campo(name, _("lista ({tipo})").format(tipo=_type_words(items)), _words(child))
        else:
            yield Campo(name, _type_words(child), _words(child))
            if child.get("properties"):
                yield from schema_fields(schema, f"{name}.", child)


def _csv_fields(columns: list[tuple[str, str, str]]) -> list[Campo]:
    return [Campo(name, _type_word(kind), _(title)) for name, kind, title in columns]


# The fields plan.json adds around the schemas' (described here, the one place they are).
# (name, type's words, description): the name is the contract, the words are translated
# where shown (``_campo``).
_TOP = [
    ("formato", N_("número entero"), N_("Versión de este documento: 2.")),
    ("generador", N_("texto"), N_("La versión de hdr que lo escribió.")),
    ("al", N_("fecha AAAA-MM-DD"), N_("La fecha a la que se evaluó el avance.")),
    (
        "licencia_datos",
        N_("bloque"),
        N_(
            "La licencia de estos datos: name (identificador SPDX), "
            "path (su dirección) y title (su nombre)."
        ),
    ),
    ("plan", N_("bloque"), N_("El archivo plan.yaml tal como está, más el avance del plan.")),
]
_COMMITMENT = [
    (
        "compromisos[]",
        N_("lista de bloques"),
        N_("Un elemento por compromiso cuyo avance se calcula."),
    ),
    (
        "compromisos[].archivo",
        N_("texto"),
        N_("Archivo del compromiso, relativo a la carpeta del plan."),
    ),
    (
        "compromisos[].avance",
        N_("bloque"),
        N_("Su avance, con las mismas claves que «hdr avance --formato json»."),
    ),
]
_ROADMAP = (
    "compromisos[].hoja_de_ruta",
    N_("bloque"),
    N_(
        "El archivo del compromiso tal como está (sin correos ni teléfonos si el plan no "
        "los publica)."
    ),
)
_LEFT_OUT = (
    "sin_calcular[]",
    N_("lista de bloques"),
    N_(
        "Los compromisos cuyo avance no se puede "
        "calcular, con las claves de compromisos[].avance (cifras vacías y motivo)."
    ),
)


def _campo(name: str, kind: str, description: str) -> Campo:
    return Campo(name, _(kind), _(description))


def _plan_json_fields() -> list[Campo]:
    avance = load_schema("avance")
    plan_progress = avance["definitions"]["plan"]["properties"]
    out = [_campo(*row) for row in _TOP]
    out += schema_fields(load_schema("plan"), "plan.")
    out += [
        Campo(f"plan.{k}", _("número o vacío (null)"), _words(plan_progress[k]))
        for k in ("avance", "esperado")
    ]
    out += [_campo(*row) for row in _COMMITMENT]
    out += schema_fields(avance, "compromisos[].avance.", avance["definitions"]["compromiso"])
    out.append(_campo(*_ROADMAP))
    out += schema_fields(load_schema("compromiso"), "compromisos[].hoja_de_ruta.")
    out.append(_campo(*_LEFT_OUT))
    return out


def data_files() -> list[ArchivoDatos]:
    """The files of datos/, in the order the data page lists them."""
    return [
        ArchivoDatos(
            "plan.json",
            "application/json",
            _("El plan completo: plan.yaml, cada hoja de ruta y el avance calculado."),
            _plan_json_fields(),
        ),
        ArchivoDatos(
            "compromisos.csv",
            "text/csv",
            _("Una fila por compromiso cuyo avance se calcula."),
            _csv_fields(COMPROMISOS),
        ),
        ArchivoDatos("hitos.csv", "text/csv", _("Una fila por hito."), _csv_fields(HITOS)),
        ArchivoDatos(
            "actividades.csv",
            "text/csv",
            _("Una fila por actividad (las actividades no cuentan para el avance)."),
            _csv_fields(ACTIVIDADES),
        ),
        ArchivoDatos(
            "datapackage.json",
            "application/json",
            _("La descripción de los tres CSV según el estándar Frictionless Data Package."),
            [],
        ),
        ArchivoDatos(
            "esquemas/plan.schema.json",
            "application/schema+json",
            _("Esquema JSON de plan.yaml."),
            [],
        ),
        ArchivoDatos(
            "esquemas/compromiso.schema.json",
            "application/schema+json",
            _("Esquema JSON de los archivos de compromiso."),
            [],
        ),
        ArchivoDatos(
            "esquemas/avance.schema.json",
            "application/schema+json",
            _("Esquema JSON del avance (la parte «avance» de plan.json)."),
            [],
        ),
    ]
