"""Spreadsheets for liaisons: ``hdr exportar`` writes a plan's commitments, hitos and
activities as a workbook (or three CSV files) that ``hdr importar`` reads back.

One row per commitment, hito and activity, keyed by numbers that never change
(``numero``, and the hito and activity positions, 1-based in file order). Every
column has a role: identifiers; the agreed roadmap (locked and grey: informative,
applied only by ``hdr importar --todo``); the reporting fields, the only cells a
liaison fills; and context that is never read back. ``importing`` uses the same
column lists. Import this module lazily: writing a workbook imports openpyxl.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hojaderuta.checks import check_for_progress
from hojaderuta.core.dates import parse_date
from hojaderuta.errors import UsageError
from hojaderuta.text.folding import fold, slugify

if TYPE_CHECKING:
    from hojaderuta.core.findings import Finding
    from hojaderuta.core.validation import PlanCheck


class Kind(StrEnum):
    INTEGER = "entero"
    NUMBER = "numero"
    TEXT = "texto"
    DATE = "fecha"
    BOOL = "booleano"
    LIST = "lista"


class Role(StrEnum):
    ID = "id"  # says which row it is; never changes
    AGREED = "acordado"  # the agreed roadmap: applied only with --todo, and only with a key
    REPORT = "avance"  # what a liaison fills in
    INFO = "info"  # context; never read back


@dataclass(frozen=True)
class Column:
    name: str  # the header, as written in the sheet and in messages
    kind: Kind
    role: Role
    width: int
    help: str  # shown as the header's comment and on the Instrucciones sheet
    key: str | None = None  # the format's key an AGREED column edits with --todo


# Help texts address the liaison (usted): they are the headers' comments in the workbook.
COMPROMISOS = [
    Column("numero", Kind.INTEGER, Role.ID, 9, "Número del compromiso (no lo cambie)."),
    Column("nombre", Kind.TEXT, Role.AGREED, 45, "Nombre del compromiso (acordado)."),
    Column("responsables", Kind.TEXT, Role.INFO, 40, "Instituciones responsables."),
    Column("corresponsables", Kind.TEXT, Role.INFO, 40, "Organizaciones corresponsables."),
    Column("hitos", Kind.INTEGER, Role.INFO, 7, "Número de hitos."),
    Column("avance", Kind.NUMBER, Role.INFO, 9, "Avance (%) a la fecha de la exportación."),
    Column("esperado", Kind.NUMBER, Role.INFO, 10, "Avance esperado (%) a esa fecha."),
    Column("estado", Kind.TEXT, Role.INFO, 13, "Estado a esa fecha."),
    Column("archivo", Kind.TEXT, Role.INFO, 40, "Archivo de la hoja de ruta."),
]
HITOS = [
    Column("compromiso", Kind.INTEGER, Role.ID, 12, "Número del compromiso (no lo cambie)."),
    Column("hito", Kind.INTEGER, Role.ID, 6, "Número del hito en su compromiso (no lo cambie)."),
    Column("nombre", Kind.TEXT, Role.AGREED, 45, "Nombre del hito (acordado).", "nombre"),
    Column(
        "ponderacion", Kind.NUMBER, Role.AGREED, 12, "Ponderación (%) (acordada).", "ponderacion"
    ),
    Column("responsable", Kind.TEXT, Role.INFO, 28, "Persona servidora pública responsable."),
    Column("institucion", Kind.TEXT, Role.INFO, 35, "Institución de la persona responsable."),
    Column(
        "descripcion",
        Kind.TEXT,
        Role.AGREED,
        50,
        "Descripción u objetivo (acordado).",
        "descripcion",
    ),
    Column("indicador", Kind.TEXT, Role.AGREED, 30, "Indicador (acordado).", "indicador"),
    Column(
        "medio_verificacion",
        Kind.TEXT,
        Role.AGREED,
        35,
        "Medio de verificación (acordado).",
        "medio_verificacion",
    ),
    Column("inicio", Kind.DATE, Role.AGREED, 12, "Fecha de inicio (acordada).", "inicio"),
    Column("termino", Kind.DATE, Role.AGREED, 12, "Fecha de término (acordada).", "termino"),
    Column("cumplido", Kind.BOOL, Role.REPORT, 10, "¿Se cumplió el hito? true o false."),
    Column(
        "fecha_cumplimiento",
        Kind.DATE,
        Role.REPORT,
        19,
        "Fecha de cumplimiento, AAAA-MM-DD. Obligatoria si cumplido es true.",
    ),
    Column(
        "evidencia",
        Kind.LIST,
        Role.REPORT,
        55,
        "Enlaces (https://…) o rutas de archivos del repositorio que prueban el "
        "cumplimiento, uno por renglón (Alt+Intro en Excel) o separados por « ; ». "
        "Obligatoria si cumplido es true.",
    ),
    Column(
        "verificado_por",
        Kind.TEXT,
        Role.REPORT,
        28,
        "Persona corresponsable que revisó la evidencia (con verificado_fecha).",
    ),
    Column(
        "verificado_fecha",
        Kind.DATE,
        Role.REPORT,
        17,
        "Fecha de esa revisión, AAAA-MM-DD (con verificado_por).",
    ),
    Column("notas", Kind.TEXT, Role.REPORT, 50, "Notas sobre el hito (texto libre)."),
]
ACTIVIDADES = [
    Column("compromiso", Kind.INTEGER, Role.ID, 12, "Número del compromiso (no lo cambie)."),
    Column("hito", Kind.INTEGER, Role.ID, 6, "Número del hito (no lo cambie)."),
    Column("indice", Kind.INTEGER, Role.ID, 7, "Número de la actividad en su hito (no lo cambie)."),
    Column("nombre_hito", Kind.TEXT, Role.INFO, 35, "Nombre del hito."),
    Column("actividad", Kind.TEXT, Role.AGREED, 55, "Actividad (acordada).", "actividad"),
    Column(
        "descripcion",
        Kind.TEXT,
        Role.AGREED,
        40,
        "Descripción u objetivo (acordado).",
        "descripcion",
    ),
    Column(
        "medio_verificacion",
        Kind.TEXT,
        Role.AGREED,
        30,
        "Medio de verificación (acordado).",
        "medio_verificacion",
    ),
    Column(
        "cumplida",
        Kind.BOOL,
        Role.REPORT,
        10,
        "¿Se cumplió la actividad? true o false (no cuenta para el avance).",
    ),
]
SHEETS: dict[str, list[Column]] = {
    "Compromisos": COMPROMISOS,
    "Hitos": HITOS,
    "Actividades": ACTIVIDADES,
}
CSV_NAMES = {
    "Compromisos": "compromisos.csv",
    "Hitos": "hitos.csv",
    "Actividades": "actividades.csv",
}
TRUE, FALSE = "true", "false"  # as in the YAML files


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)  # header -> value (None: empty)


@dataclass
class Exportacion:
    """What ``hdr exportar`` wrote, and the files it had to leave out."""

    plan_id: str
    al: date
    sheets: list[Sheet]
    archivos: list[Path] = field(default_factory=list)  # written
    fuera: dict[str, Finding] = field(default_factory=dict)  # files unreadable as commitments
    sin_cifras: list[str] = field(default_factory=list)  # in the book, without progress

    def count(self, sheet: str) -> int:
        return next(len(s.rows) for s in self.sheets if s.name == sheet)


def _institutions(people: Any) -> list[str]:
    return list(dict.fromkeys(p["institucion"] for p in people or [] if isinstance(p, dict)))


def _bool(value: Any) -> str:
    return TRUE if value is True else FALSE


def build_sheets(check: PlanCheck, al: date, institucion: str | None = None) -> list[Sheet]:
    """The three sheets of the schema-valid commitments, optionally of one institution.

    An institution answers for every hito of a commitment it is responsible for, and
    for the hitos it is responsible for in other commitments.
    """
    from hojaderuta.progress import compromiso_avance, r2

    wanted = fold(institucion) if institucion else None
    trusted = {c.archivo for c in check.valid_compromisos()}
    out = [Sheet(name, columns) for name, columns in SHEETS.items()]
    compromisos, hitos, actividades = out
    for c in sorted(check.compromisos, key=lambda c: (c.data["numero"], c.archivo)):
        data, numero = c.data, c.data["numero"]
        owner = wanted is None or any(
            wanted in fold(i) for i in _institutions(data["responsables"])
        )
        chosen = [
            (i, h)
            for i, h in enumerate(data["hitos"], 1)
            if owner or (wanted or "") in fold(h["responsable"]["institucion"])
        ]
        if not chosen:
            continue
        avance = compromiso_avance(c.archivo, data, al) if c.archivo in trusted else None
        compromisos.rows.append(
            {
                "numero": numero,
                "nombre": data["nombre"],
                "responsables": "; ".join(_institutions(data["responsables"])),
                "corresponsables": "; ".join(_institutions(data["corresponsables"])),
                "hitos": len(data["hitos"]),
                "avance": r2(avance.avance) if avance else None,
                "esperado": r2(avance.esperado) if avance else None,
                "estado": avance.estado.palabra if avance else None,
                "archivo": c.archivo,
            }
        )
        for i, h in chosen:
            check_by = h.get("verificado") or {}
            hitos.rows.append(
                {
                    "compromiso": numero,
                    "hito": i,
                    "nombre": h["nombre"],
                    "ponderacion": h["ponderacion"],
                    "responsable": h["responsable"]["nombre"],
                    "institucion": h["responsable"]["institucion"],
                    "descripcion": h["descripcion"],
                    "indicador": h["indicador"],
                    "medio_verificacion": h["medio_verificacion"],
                    "inicio": parse_date(h["inicio"]),
                    "termino": parse_date(h["termino"]),
                    "cumplido": _bool(h.get("cumplido")),
                    "fecha_cumplimiento": parse_date(h.get("fecha_cumplimiento")),
                    "evidencia": "\n".join(h.get("evidencia") or []) or None,
                    "verificado_por": check_by.get("por"),
                    "verificado_fecha": parse_date(check_by.get("fecha")),
                    "notas": h.get("notas"),
                }
            )
            for k, a in enumerate(h.get("actividades") or [], 1):
                actividades.rows.append(
                    {
                        "compromiso": numero,
                        "hito": i,
                        "indice": k,
                        "nombre_hito": h["nombre"],
                        "actividad": a["actividad"],
                        "descripcion": a.get("descripcion"),
                        "medio_verificacion": a.get("medio_verificacion"),
                        "cumplida": _bool(a.get("cumplida")),
                    }
                )
    return out


def known_institutions(check: PlanCheck) -> list[str]:
    names: dict[str, None] = {}
    for c in check.compromisos:
        names.update(dict.fromkeys(_institutions(c.data["responsables"])))
        names.update(dict.fromkeys(h["responsable"]["institucion"] for h in c.data["hitos"]))
    return sorted(names, key=fold)


def exportar(
    plan_dir: Path,
    *,
    formato: str,
    al: date,
    hoy: date,
    institucion: str | None = None,
    salida: Path | None = None,
    forzar: bool = False,
) -> Exportacion:
    """Write the workbook (``formato`` "xlsx") or the three CSV files ("csv") of a plan."""
    if institucion is not None and not institucion.strip():
        raise UsageError("--institucion está vacío: escriba parte del nombre de la institución.")
    check = check_for_progress(plan_dir, al=al, hoy=hoy).check
    assert check.plan is not None  # check_for_progress refuses a plan.yaml with errors
    sheets = build_sheets(check, al, institucion)
    if institucion is not None and not sheets[0].rows:
        import difflib

        names = known_institutions(check)
        close = difflib.get_close_matches(institucion, names, n=1, cutoff=0.5)
        hint = f" ¿Quiso decir «{close[0]}»?" if close else ""
        raise UsageError(
            f"Ninguna institución responsable contiene «{institucion}».{hint} "
            f"Instituciones: {'; '.join(names) or 'ninguna'}."
        )
    plan_id: str = check.plan["id"]
    result = Exportacion(plan_id, al, sheets)
    schema_ok = {c.archivo for c in check.compromisos}
    for archivo, finding in check.exclusions().items():
        if archivo in schema_ok:
            result.sin_cifras.append(archivo)
        elif archivo != "plan.yaml":
            result.fuera[archivo] = finding
    stem = f"avance-{plan_id}" + (f"-{slugify(institucion, limit=40)}" if institucion else "")
    if formato == "csv":
        folder = salida or Path(stem)
        if folder.suffix.casefold() == ".csv":
            raise UsageError(
                "Con --formato csv, --salida es una carpeta: ahí se escriben compromisos.csv, "
                "hitos.csv y actividades.csv."
            )
        targets = [folder / CSV_NAMES[s.name] for s in sheets]
        _refuse_overwrite(targets, forzar)
        for sheet, target in zip(sheets, targets, strict=True):
            _save(target, csv_bytes(sheet))
    else:
        target = salida or Path(stem + ".xlsx")
        if target.suffix.casefold() != ".xlsx":
            raise UsageError(f"«{target}» debe terminar en .xlsx (un libro de Excel).")
        targets = [target]
        _refuse_overwrite(targets, forzar)
        from hojaderuta.sheets.workbook import xlsx_bytes

        _save(target, xlsx_bytes(result, check.plan["nombre"], institucion))
    result.archivos = targets
    return result


def _refuse_overwrite(targets: list[Path], forzar: bool) -> None:
    there = [t for t in targets if t.exists()]
    if there and not forzar:
        raise UsageError(
            f"Ya existe «{there[0]}»: puede tener avances que alguien llenó. Elija otro nombre "
            "con --salida, o use --forzar para reemplazarlo."
        )


def _save(target: Path, data: bytes) -> None:
    from hojaderuta.writing import write_atomic

    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)


# --- CSV ---------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell as text, the way CSV carries it and messages quote it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as CSV: UTF-8 with a BOM, so Excel shows accents right when it opens it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in sheet.columns])
    for row in sheet.rows:
        writer.writerow([text_of(row.get(c.name)) for c in sheet.columns])
    return out.getvalue().encode("utf-8-sig")
