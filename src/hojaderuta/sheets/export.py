"""Spreadsheets for liaisons: ``hdr exportar`` writes a plan's commitments, hitos and
activities as a workbook (or three CSV files) that ``hdr importar`` reads back.

The columns and what each one means are in ``spec``; the workbook's look and
protection in ``workbook``. Writing a workbook imports openpyxl (inside ``workbook``'s
functions).
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hojaderuta.checks.progress import check_for_progress
from hojaderuta.core.computable import institutions_of
from hojaderuta.core.computable import text_of as lenient_text
from hojaderuta.core.dates import parse_date
from hojaderuta.errors import UsageError
from hojaderuta.progress import CompromisoAvance, compromiso_avance, r2
from hojaderuta.sheets.base import COLUMNS as BASE_COLUMNS
from hojaderuta.sheets.base import base_rows, file_hashes
from hojaderuta.sheets.read import BASE_CSV, BASE_SHEET
from hojaderuta.sheets.spec import CSV_NAMES, SHEETS, Sheet, bool_text, text_of
from hojaderuta.sheets.workbook import xlsx_bytes
from hojaderuta.text.csvcell import csv_text
from hojaderuta.text.folding import fold, slugify
from hojaderuta.text.i18n import _
from hojaderuta.writing import write_atomic

if TYPE_CHECKING:
    from hojaderuta.core.findings import Finding
    from hojaderuta.core.model import Hito
    from hojaderuta.core.validation import PlanCheck


@dataclass
class Exportacion:
    """What ``hdr exportar`` wrote, and the files it had to leave out."""

    plan_id: str
    al: date
    sheets: list[Sheet]
    archivos: list[Path] = field(default_factory=list)  # written
    fuera: dict[str, Finding] = field(default_factory=dict)  # failing the schema: no hitos
    sin_cifras: list[str] = field(default_factory=list)  # in the book, without progress
    modo: str = "avance"  # or "plantilla" / "completo": the whole-roadmap workbook

    def count(self, sheet: str) -> int:
        return next(len(s.rows) for s in self.sheets if s.name == sheet)


def build_sheets(check: PlanCheck, al: date, institucion: str | None = None) -> list[Sheet]:
    """The three sheets of the schema-valid commitments, optionally of one institution.

    An institution answers for every hito of a commitment it is responsible for, and
    for the hitos it is responsible for in other commitments.
    """
    wanted = fold(institucion) if institucion else None
    trusted = {c.archivo for c in check.valid_compromisos()}
    out = [Sheet(name, columns) for name, columns in SHEETS.items()]
    compromisos, hitos, actividades = out
    for c in sorted(check.compromisos, key=lambda c: (c.data["numero"], c.archivo)):
        data, numero = c.data, c.data["numero"]
        owner = wanted is None or any(wanted in fold(i) for i in institutions_of(data))
        chosen = [
            (i, h)
            for i, h in enumerate(data["hitos"], 1)
            if owner or (wanted or "") in fold(h["responsable"]["institucion"])
        ]
        if not chosen:
            continue
        avance = compromiso_avance(c.archivo, data, al) if c.archivo in trusted else None
        compromisos.rows.append(_commitment_row(c.archivo, data, avance, _("sin calcular")))
        for i, h in chosen:
            hitos.rows.append(_hito_row(numero, i, h))
            actividades.rows.extend(_activity_rows(numero, i, h))
    compromisos.rows.extend(_rows_with_findings(check, al, wanted))
    compromisos.rows.sort(key=lambda r: (r["numero"] is None, r["numero"] or 0, r["archivo"]))
    return out


def _rows_with_findings(check: PlanCheck, al: date, wanted: str | None) -> list[dict[str, Any]]:
    """Commitments whose files fail the schema: listed too (never silently dropped), with
    their progress when it can be computed and «sin calcular» when not. Their hitos are
    not exported: the file must be fixed before a workbook can report on it."""
    shown = {c.archivo for c in check.compromisos}
    computable = dict(check.computable())
    problems = check.progress_problems()
    rows = []
    for archivo, data in sorted(check.datos.items()):
        if archivo in shown or not isinstance(data, Mapping):
            continue
        if wanted is not None and not any(wanted in fold(i) for i in institutions_of(data)):
            continue
        avance = compromiso_avance(archivo, data, al) if archivo in computable else None
        why = _("sin calcular: {problema}").format(problema=problems.get(archivo, ""))
        rows.append(_commitment_row(archivo, data, avance, why))
    return rows


def _commitment_row(
    archivo: str, data: Mapping[str, Any], avance: CompromisoAvance | None, sin_avance: str
) -> dict[str, Any]:
    """One commitment, read leniently (its file may fail the schema); its progress figures
    only when they can be trusted (``avance``), else the ``sin_avance`` word."""
    numero, hitos = data.get("numero"), data.get("hitos")
    return {
        "numero": numero if isinstance(numero, int) else None,
        "nombre": lenient_text(data.get("nombre")),
        "responsables": "; ".join(institutions_of(data)),
        "corresponsables": "; ".join(institutions_of(data, "corresponsables")),
        "hitos": len(hitos) if isinstance(hitos, list) else 0,
        "avance": r2(avance.avance) if avance else None,
        "esperado": r2(avance.esperado) if avance else None,
        "estado": avance.estado.palabra if avance else sin_avance,
        "archivo": archivo,
    }


def _hito_row(numero: int, i: int, h: Hito) -> dict[str, Any]:
    check_by: Mapping[str, Any] = h.get("verificado") or {}
    return {
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
        "cumplido": bool_text(h.get("cumplido")),
        "fecha_cumplimiento": parse_date(h.get("fecha_cumplimiento")),
        "evidencia": "\n".join(h.get("evidencia") or []) or None,
        "verificado_por": check_by.get("por"),
        "verificado_fecha": parse_date(check_by.get("fecha")),
        "notas": h.get("notas"),
    }


def _activity_rows(numero: int, i: int, h: Hito) -> list[dict[str, Any]]:
    return [
        {
            "compromiso": numero,
            "hito": i,
            "indice": k,
            "nombre_hito": h["nombre"],
            "actividad": a["actividad"],
            "descripcion": a.get("descripcion"),
            "medio_verificacion": a.get("medio_verificacion"),
            "cumplida": bool_text(a.get("cumplida")),
        }
        for k, a in enumerate(h.get("actividades") or [], 1)
    ]


def known_institutions(check: PlanCheck) -> list[str]:
    names: dict[str, None] = {}
    for c in check.compromisos:
        names.update(dict.fromkeys(institutions_of(c.data)))
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
        raise UsageError(_("--institucion está vacío: escriba parte del nombre de la institución."))
    check = check_for_progress(plan_dir, al=al, hoy=hoy).check
    assert check.plan is not None  # check_for_progress refuses a plan.yaml with errors
    sheets = build_sheets(check, al, institucion)
    if institucion is not None and not sheets[0].rows:
        names = known_institutions(check)
        close = difflib.get_close_matches(institucion, names, n=1, cutoff=0.5)
        hint = " " + _("¿Quiso decir «{nombre}»?").format(nombre=close[0]) if close else ""
        raise UsageError(
            _("Ninguna institución responsable contiene «{texto}».").format(texto=institucion)
            + hint
            + " "
            + _("Instituciones: {nombres}.").format(nombres="; ".join(names) or _("ninguna"))
        )
    plan_id: str = check.plan["id"]
    result = Exportacion(plan_id, al, sheets)
    schema_ok = {c.archivo for c in check.compromisos}
    result.sin_cifras = [a for a in check.exclusions() if a in schema_ok]
    # Files that fail the schema: in Compromisos for information only, without hitos.
    for f in check.findings:
        if f.es_error and f.archivo in check.datos and f.archivo not in schema_ok:
            result.fuera.setdefault(f.archivo, f)
    stem = f"avance-{plan_id}" + (f"-{slugify(institucion, limit=40)}" if institucion else "")
    # What the workbook says now, so importar applies only what its reader changed.
    hashes = file_hashes(plan_dir, sheets[0])
    base = Sheet(BASE_SHEET, BASE_COLUMNS, list(base_rows(sheets, hashes)))
    if formato == "csv":
        folder = salida or Path(stem)
        if folder.suffix.casefold() == ".csv":
            raise UsageError(
                _(
                    "Con --formato csv, --salida es una carpeta: ahí se escriben "
                    "compromisos.csv, hitos.csv y actividades.csv."
                )
            )
        targets = [folder / CSV_NAMES[s.name] for s in sheets] + [folder / BASE_CSV]
        refuse_overwrite(targets, forzar)
        for sheet, target in zip([*sheets, base], targets, strict=True):
            save(target, csv_bytes(sheet))
    else:
        target = salida or Path(stem + ".xlsx")
        if target.suffix.casefold() != ".xlsx":
            raise UsageError(
                _("«{archivo}» debe terminar en .xlsx (un libro de Excel).").format(archivo=target)
            )
        targets = [target]
        refuse_overwrite(targets, forzar)
        save(
            target, xlsx_bytes(result.sheets, plan_id, check.plan["nombre"], al, institucion, base)
        )
    result.archivos = targets
    return result


def refuse_overwrite(targets: list[Path], forzar: bool) -> None:
    there = [t for t in targets if t.exists()]
    if there and not forzar:
        raise UsageError(
            _(
                "Ya existe «{archivo}»: puede tener avances que alguien llenó. Elija otro nombre "
                "con --salida, o use --forzar para reemplazarlo."
            ).format(archivo=there[0])
        )


def save(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)


# --- CSV ---------------------------------------------------------------------------------


def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as CSV: UTF-8 with a BOM, so Excel shows accents right when it opens it.

    Text a spreadsheet would run as a formula gets a leading «'» (``text.csvcell``;
    ``hdr importar`` takes it off); numbers and dates are written as they are."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in sheet.columns])
    for row in sheet.rows:
        values = [row.get(c.name) for c in sheet.columns]
        writer.writerow([csv_text(v) if isinstance(v, str) else text_of(v) for v in values])
    return out.getvalue().encode("utf-8-sig")
