"""The columns of the whole-roadmap workbook: ``hdr exportar --plantilla`` / ``--completo``
write it, ``hdr importar --nuevos`` reads it back as new commitment files.

Every field of the Anexo 1 (and of the format: ``modificaciones``, ``irm``) has its own
column, named by its key in the format; a key inside an object is written with dots
(``periodo.inicio``, ``responsable.correo``). Lists of texts are one item per line in a
cell; lists of objects get their own sheet (Personas, Hitos, Actividades, Agenda 2030,
Modificaciones), each row tied to its commitment by ``compromiso``. The help of each
column is the schema's title and description, so the workbook and the contract never
disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from hojaderuta.resources import schema_path
from hojaderuta.sheets.spec import Column, Kind, Role
from hojaderuta.text.i18n import N_

# Sheet -> the schema path (dots; [] is "each item of") whose fields the rows hold.
PERSONAS, AGENDA, MODIFICACIONES = "Personas", "Agenda 2030", "Modificaciones"
ROOTS = {
    "Compromisos": "",
    PERSONAS: "responsables[]",
    "Hitos": "hitos[]",
    "Actividades": "hitos[].actividades[]",
    AGENDA: "agenda_2030[]",
    MODIFICACIONES: "modificaciones[]",
}
ROLES = ("responsables", "corresponsables")  # the «papel» of a Personas row
_REPORT = {"cumplido", "fecha_cumplimiento", "evidencia", "verificado.por", "verificado.fecha"}
_REPORT |= {"notas", "cumplida", "irm.cumplimiento", "irm.potencial", "irm.estelar", "irm.informe"}
_IDS = {
    "numero": N_("Número del compromiso: identifica la fila; no se repite."),
    "compromiso": N_("Número del compromiso al que pertenece la fila (el de la hoja Compromisos)."),
    "hito": N_("Número del hito en su compromiso: 1, 2, 3… (el orden de los hitos)."),
    "indice": N_("Número de la actividad en su hito: 1, 2, 3… (el orden de las actividades)."),
    "papel": N_(
        "responsables (institución pública que implementa) o corresponsables "
        "(organización de la sociedad civil que acompaña). Las filas de cada papel van en "
        "orden."
    ),
}
_FIELDS: dict[str, list[str]] = {
    "Compromisos": [
        "nombre", "ogp_id", "periodo.inicio", "periodo.fin", "objetivo_corto_plazo",
        "objetivo_mediano_plazo", "problematica", "contribucion", "supuestos",
        "verificacion", "valores_ogp.valores", "valores_ogp.justificacion",
        "perspectiva_genero", "eje_pnd", "informacion_adicional", "otros_actores",
        "irm.cumplimiento", "irm.potencial", "irm.estelar", "irm.informe",
    ],
    PERSONAS: ["nombre", "cargo", "institucion", "correo", "telefono"],
    "Hitos": [
        "nombre", "ponderacion", "responsable.nombre", "responsable.cargo",
        "responsable.institucion", "responsable.correo", "responsable.telefono",
        "descripcion", "indicador", "medio_verificacion", "inicio", "termino", "cumplido",
        "fecha_cumplimiento", "evidencia", "verificado.por", "verificado.fecha", "notas",
    ],
    "Actividades": ["actividad", "descripcion", "medio_verificacion", "cumplida"],
    AGENDA: ["ods", "metas"],
    MODIFICACIONES: ["fecha", "descripcion", "acuerdo"],
}  # fmt: skip
_ID_COLUMNS = {
    "Compromisos": ["numero"],
    PERSONAS: ["compromiso", "papel"],
    "Hitos": ["compromiso", "hito"],
    "Actividades": ["compromiso", "hito", "indice"],
    AGENDA: ["compromiso"],
    MODIFICACIONES: ["compromiso"],
}


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path("compromiso").read_text(encoding="utf-8"))
    return data


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` followed (only local definitions are used)."""
    while "$ref" in node:
        node = schema()["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def node_at(path: str) -> dict[str, Any]:
    """The schema node of a dotted path; ``[]`` steps into a list's items."""
    node = resolve(schema())
    for part in [p for p in path.split(".") if p]:
        raw = node["properties"][part.removesuffix("[]")]
        # A property's own title and description say more than its type's («Texto»).
        node = {**resolve(raw), **{k: raw[k] for k in ("title", "description") if k in raw}}
        if part.endswith("[]"):
            node = resolve(node["items"])
    return node


def _kind(node: dict[str, Any]) -> Kind:
    kind = node.get("type")
    if kind == "array":
        return Kind.LIST
    if node.get("format") == "date":
        return Kind.DATE
    return {"integer": Kind.INTEGER, "number": Kind.NUMBER, "boolean": Kind.BOOL}.get(
        kind or "", Kind.TEXT
    )


# Marked here, translated where shown (sheets/spec.py's help_of), like the schema's texts.
_ONE_PER_LINE = N_("Un elemento por renglón en la celda (Alt+Intro en Excel).")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _help(node: dict[str, Any]) -> tuple[str, ...]:
    """The schema's title, description and, for a list, how to write one in a cell."""
    parts = [_text(node.get("title")), _text(node.get("description"))]
    if node.get("type") == "array" and node.get("items", {}).get("type") != "object":
        parts.append(_ONE_PER_LINE)
    return tuple(parts)


def _width(kind: Kind, name: str) -> int:
    if kind in (Kind.DATE, Kind.INTEGER, Kind.NUMBER, Kind.BOOL):
        return max(12, len(name) + 2)
    return 45


def _columns(sheet: str) -> Iterator[Column]:
    for name in _ID_COLUMNS[sheet]:
        kind = Kind.TEXT if name == "papel" else Kind.INTEGER
        yield Column(name, kind, Role.ID, max(10, len(name) + 3), _IDS[name])
    root = ROOTS[sheet]
    for name in _FIELDS[sheet]:
        node = node_at(f"{root}.{name}" if root else name)
        kind = _kind(node)
        role = Role.REPORT if name in _REPORT else Role.AGREED
        yield Column(name, kind, role, _width(kind, name), "", name, _help(node))


FULL_SHEETS: dict[str, list[Column]] = {sheet: list(_columns(sheet)) for sheet in ROOTS}
MARK_SHEET = PERSONAS  # a workbook with this sheet is a whole roadmap, not a progress one


def order_like_schema(data: Any, node: dict[str, Any]) -> Any:
    """``data`` with every mapping's keys in the schema's order (the order people read)."""
    node = resolve(node)
    if isinstance(data, dict) and "properties" in node:
        props = node["properties"]
        keys = [k for k in props if k in data] + [k for k in data if k not in props]
        return {k: order_like_schema(data[k], props.get(k, {})) for k in keys}
    if isinstance(data, list) and "items" in node:
        return [order_like_schema(item, node["items"]) for item in data]
    return data
