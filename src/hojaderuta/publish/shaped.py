"""A commitment's data in the schema's shape, for pages and open data, when its file
has findings but its progress can be computed (``core.computable``).

Templates read fields by name (``StrictUndefined``: a missing one is an error): a
value that is missing or of the wrong type becomes an empty one here, so the page
shows a blank, never a traceback. Schema-valid data is never passed through this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hojaderuta.core.dates import parse_date

_TEXTS = (
    "nombre",
    "objetivo_corto_plazo",
    "objetivo_mediano_plazo",
    "problematica",
    "contribucion",
    "verificacion",
    "perspectiva_genero",
    "eje_pnd",
)
_OPTIONAL_TEXTS = ("ogp_id", "otros_actores", "informacion_adicional")
_PERSON = ("nombre", "cargo", "institucion", "correo")
_IRM_TEXTS = ("cumplimiento", "potencial", "informe")
_HITO_TEXTS = ("nombre", "descripcion", "indicador", "medio_verificacion", "notas")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _person(value: object) -> dict[str, Any]:
    fields = value if isinstance(value, Mapping) else {}
    out: dict[str, Any] = {key: _text(fields.get(key)) for key in _PERSON}
    if isinstance(fields.get("telefono"), str):
        out["telefono"] = fields["telefono"]
    return out


def _hito(value: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(value)
    out.update({key: _text(value.get(key)) for key in _HITO_TEXTS})
    out["responsable"] = _person(value.get("responsable"))
    out["evidencia"] = [e for e in _list(value.get("evidencia")) if isinstance(e, str)]
    acts = [a for a in _list(value.get("actividades")) if isinstance(a, Mapping)]
    out["actividades"] = [{**a, "actividad": _text(a.get("actividad"))} for a in acts]
    if not isinstance(value.get("verificado"), Mapping):
        out.pop("verificado", None)
    return out


def _goals(value: object) -> list[dict[str, Any]]:
    return [
        {"ods": item["ods"], "metas": [str(m) for m in _list(item.get("metas"))]}
        for item in _list(value)
        if isinstance(item, Mapping) and type(item.get("ods")) is int and 0 < item["ods"] < 18
    ]


def _changes(value: object) -> list[dict[str, Any]]:
    return [
        {key: _text(m.get(key)) for key in ("fecha", "descripcion", "acuerdo")}
        for m in _list(value)
        if isinstance(m, Mapping) and parse_date(m.get("fecha")) is not None
    ]


def shaped(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (a computable commitment) with every field templates read, typed."""
    out: dict[str, Any] = {"numero": data["numero"], "hitos": [_hito(h) for h in data["hitos"]]}
    out.update({key: _text(data.get(key)) for key in _TEXTS})
    out.update({k: data[k] for k in _OPTIONAL_TEXTS if isinstance(data.get(k), str)})
    for key in ("responsables", "corresponsables"):
        out[key] = [_person(p) for p in _list(data.get(key))]
    out["supuestos"] = [s for s in _list(data.get("supuestos")) if isinstance(s, str)]
    values = data.get("valores_ogp")
    values = values if isinstance(values, Mapping) else {}
    out["valores_ogp"] = {
        "valores": [v for v in _list(values.get("valores")) if isinstance(v, str)],
        "justificacion": _text(values.get("justificacion")),
    }
    out["agenda_2030"] = _goals(data.get("agenda_2030"))
    out["modificaciones"] = _changes(data.get("modificaciones"))
    periodo = data.get("periodo")
    if isinstance(periodo, Mapping) and all(parse_date(periodo.get(k)) for k in ("inicio", "fin")):
        out["periodo"] = {"inicio": periodo["inicio"], "fin": periodo["fin"]}
    irm = data.get("irm")
    if isinstance(irm, Mapping) and isinstance(irm.get("cumplimiento"), str):
        kept = {k: v for k, v in irm.items() if isinstance(v, str) and k in _IRM_TEXTS}
        out["irm"] = kept | (
            {"estelar": irm["estelar"]} if type(irm.get("estelar")) is bool else {}
        )
    return out
