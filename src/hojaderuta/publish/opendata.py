"""The site's open data: plan.json, three CSV tables and a Frictionless Data Package.

The CSV tables' text columns go through ``text.csvcell`` (a spreadsheet never runs a
name as a formula); plan.json keeps every text exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.sitesettings import licencia
from hojaderuta.progress import compromiso_json, sin_calcular_json
from hojaderuta.publish.viewmodel import CompromisoVista, HitoVista, SitioVista, effective_period
from hojaderuta.text.csvcell import BOM, csv_text, inert_text
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.numbers import r2
from hojaderuta.text.safetext import has_surrogates

# (name, type, title) per column; the Data Package schema is built from these lists.
# Names and types are the contract; titles are for people, translated where shown.
COMPROMISOS = [
    ("numero", "integer", N_("Número del compromiso")),
    ("nombre", "string", N_("Nombre del compromiso")),
    ("ogp_id", "string", N_("Identificador OGP")),
    ("archivo", "string", N_("Archivo de la hoja de ruta")),
    ("inicio", "date", N_("Fecha de inicio")),
    ("fin", "date", N_("Fecha de conclusión")),
    ("avance", "number", N_("Avance (%)")),
    ("esperado", "number", N_("Avance esperado (%)")),
    ("estado", "string", N_("Estado: cumplido, en_tiempo, con_rezago o no_iniciado")),
    ("responsables", "string", N_("Instituciones responsables (separadas por «; »)")),
    ("corresponsables", "string", N_("Organizaciones corresponsables (separadas por «; »)")),
    ("ods", "string", N_("Objetivos de Desarrollo Sostenible (separados por espacios)")),
    ("eje_pnd", "string", N_("Eje del Plan Nacional de Desarrollo")),
    ("hitos", "integer", N_("Número de hitos")),
    ("hitos_cumplidos", "integer", N_("Hitos cumplidos a la fecha")),
    ("hitos_vencidos", "integer", N_("Hitos vencidos a la fecha")),
]
HITOS = [
    ("compromiso", "integer", N_("Número del compromiso")),
    ("indice", "integer", N_("Número del hito dentro del compromiso")),
    ("nombre", "string", N_("Nombre del hito")),
    ("ponderacion", "number", N_("Ponderación (%)")),
    ("responsable", "string", N_("Persona servidora pública responsable")),
    ("institucion", "string", N_("Institución de la persona responsable")),
    ("indicador", "string", N_("Indicador")),
    ("medio_verificacion", "string", N_("Medio de verificación")),
    ("inicio", "date", N_("Fecha de inicio")),
    ("termino", "date", N_("Fecha de término")),
    ("cumplido", "boolean", N_("Cumplido a la fecha")),
    ("fecha_cumplimiento", "date", N_("Fecha de cumplimiento")),
    ("vencido", "boolean", N_("Vencido a la fecha")),
    ("evidencia", "string", N_("Evidencias (separadas por espacios)")),
    ("verificado_por", "string", N_("Persona corresponsable que verificó")),
    ("verificado_fecha", "date", N_("Fecha de verificación")),
]
ACTIVIDADES = [
    ("compromiso", "integer", N_("Número del compromiso")),
    ("hito", "integer", N_("Número del hito")),
    ("indice", "integer", N_("Número de la actividad dentro del hito")),
    ("actividad", "string", N_("Actividad")),
    ("descripcion", "string", N_("Descripción / objetivo")),
    ("medio_verificacion", "string", N_("Medio de verificación")),
    ("cumplida", "boolean", N_("Cumplida")),
]


def _csv(rows: list[list[Any]], columns: list[tuple[str, str, str]]) -> str:
    # Bytes that were not UTF-8 are rare: look for them once in the whole table, and
    # only if there are any write it again repairing each cell (csv_text).
    written = _csv_written(rows, columns, inert_text)
    return _csv_written(rows, columns, csv_text) if has_surrogates(written) else written


def _csv_written(
    rows: list[list[Any]], columns: list[tuple[str, str, str]], cell: Callable[[str], str]
) -> str:
    out = io.StringIO()
    out.write(BOM)  # so Excel reads UTF-8 (accents) instead of the system's code page
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _kind, _title in columns])
    # Only "string" columns hold user text: numbers, dates and booleans stay as they are.
    text = [kind == "string" for _name, kind, _title in columns]
    for row in rows:
        writer.writerow(
            [
                "" if v is None else cell(v) if is_text and isinstance(v, str) else v
                for v, is_text in zip(row, text, strict=True)
            ]
        )
    return out.getvalue()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _commitment_row(c: CompromisoVista, plan: dict[str, Any]) -> list[Any]:
    a, d = c.avance, c.datos
    periodo = effective_period(c, plan)
    return [
        a.numero,
        a.nombre,
        d.get("ogp_id"),
        a.archivo,
        periodo["inicio"],
        periodo["fin"],
        f"{r2(a.avance):.2f}",
        f"{r2(a.esperado):.2f}",
        str(a.estado),
        "; ".join(a.responsables),
        "; ".join(dict.fromkeys(p["institucion"] for p in d["corresponsables"])),
        " ".join(str(n) for n in a.ods),
        a.eje,
        len(a.hitos),
        sum(1 for h in a.hitos if h.cumplido),
        len(a.vencidos),
    ]


def _hito_row(numero: int, hv: HitoVista) -> list[Any]:
    h, hd = hv.avance, hv.datos
    return [
        numero,
        h.indice,
        h.nombre,
        r2(h.ponderacion),
        hd["responsable"]["nombre"],
        hd["responsable"]["institucion"],
        hd["indicador"],
        hd["medio_verificacion"],
        h.inicio.isoformat(),
        h.termino.isoformat(),
        _bool(h.cumplido),
        h.fecha_cumplimiento.isoformat() if h.fecha_cumplimiento else None,
        _bool(h.vencido),
        " ".join(hd.get("evidencia", [])),
        h.verificado_por,
        h.verificado_fecha.isoformat() if h.verificado_fecha else None,
    ]


def _activity_rows(numero: int, hv: HitoVista) -> list[list[Any]]:
    return [
        [
            numero,
            hv.avance.indice,
            k,
            act["actividad"],
            act.get("descripcion"),
            act.get("medio_verificacion"),
            _bool(act.get("cumplida") is True),
        ]
        for k, act in enumerate(hv.datos.get("actividades", []), start=1)
    ]


def tables(view: SitioVista) -> dict[str, str]:
    """The three CSV files, by file name."""
    compromisos, hitos, actividades = [], [], []
    for c in view.compromisos:
        compromisos.append(_commitment_row(c, view.plan))
        for hv in c.hitos:
            hitos.append(_hito_row(c.numero, hv))
            actividades.extend(_activity_rows(c.numero, hv))
    return {
        "compromisos.csv": _csv(compromisos, COMPROMISOS),
        "hitos.csv": _csv(hitos, HITOS),
        "actividades.csv": _csv(actividades, ACTIVIDADES),
    }


def _resource(name: str, columns: list[tuple[str, str, str]], key: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",  # UTF-8 with a BOM, for spreadsheets
        "schema": {
            "fields": [{"name": n, "type": t, "title": _(title)} for n, t, title in columns],
            "primaryKey": key,
        },
    }


def _license(view: SitioVista) -> dict[str, str]:
    """The data licence as Data Package writes one: SPDX name, address and title."""
    licence = view.ajustes.licencia
    if not (licence.id or licence.url):  # «licencia-invalida»: publicar stops before this
        licence = licencia(None)
    out = {"title": licence.titulo}
    if licence.id:
        out["name"] = licence.id
    if licence.url:
        out["path"] = licence.url
    return out


def datapackage(view: SitioVista) -> dict[str, Any]:
    hitos = _resource("hitos", HITOS, ["compromiso", "indice"])
    hitos["schema"]["foreignKeys"] = [
        {"fields": "compromiso", "reference": {"resource": "compromisos", "fields": "numero"}}
    ]
    actividades = _resource("actividades", ACTIVIDADES, ["compromiso", "hito", "indice"])
    actividades["schema"]["foreignKeys"] = [
        {
            "fields": ["compromiso", "hito"],
            "reference": {"resource": "hitos", "fields": ["compromiso", "indice"]},
        }
    ]
    return {
        "profile": "tabular-data-package",
        "name": view.plan["id"],
        "title": view.plan["nombre"],
        "description": _("Hojas de ruta y avance del plan al {fecha}, publicados con hdr.").format(
            fecha=view.al.isoformat()
        ),
        "version": view.al.isoformat(),
        "created": view.al.isoformat() + "T00:00:00Z",
        "licenses": [_license(view)],
        "resources": [
            _resource("compromisos", COMPROMISOS, ["numero"]),
            hitos,
            actividades,
        ],
    }


def plan_document(view: SitioVista) -> dict[str, Any]:
    """Everything, machine-readable: the plan file, each roadmap and its progress."""
    progress = view.avance
    return {
        "formato": 2,  # 2: sin_calcular, and the avance of format 2 (docs/formato.md)
        "generador": f"hdr {__version__}",
        "al": view.al.isoformat(),
        "licencia_datos": _license(view),
        "plan": {
            **view.plan,
            "avance": None if progress.avance is None else r2(progress.avance),
            "esperado": None if progress.esperado is None else r2(progress.esperado),
        },
        "compromisos": [
            {
                "archivo": c.avance.archivo,
                "avance": compromiso_json(c.avance),
                "hoja_de_ruta": c.datos,
            }
            for c in view.compromisos
        ],
        # Left out of the plan's average; listed so the data never hides them.
        "sin_calcular": [sin_calcular_json(s.avance) for s in view.sin_calcular],
    }


def write_json_text(payload: Any, compact: bool = False) -> str:
    # plan.json holds everything: compact JSON lets the C encoder write it (much faster).
    if compact:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
