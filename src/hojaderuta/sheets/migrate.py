"""``hdr importar LIBRO --nuevos``: create the commitment files a whole-roadmap workbook
describes (``fullspec``), all or nothing.

The rows become one commitment each (``fullread``); a required value left empty is a
``COMPLETAR`` box, which ``hdr validar`` names (``plantilla-sin-llenar``): an error of
the row without ``--borrador``, a box to fill later with it. The new files are written
in memory and the whole plan is validated with them in place, exactly as ``hdr
importar`` does; only when there is no problem is anything written, under the plan's
lock and through the journal, and never over an existing file or number.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from hojaderuta.authoring.newfile import commitment_text, plain_dates
from hojaderuta.authoring.scaffold import schema_modeline, taken_numbers
from hojaderuta.authoring.templates import slug
from hojaderuta.checks import PLAN_HAS_ERRORS, validate_plan
from hojaderuta.core.discovery import COMMITMENTS_DIR
from hojaderuta.core.findings import Codigo, Finding
from hojaderuta.core.loading import load_text
from hojaderuta.core.placeholders import MARKER
from hojaderuta.errors import UsageError
from hojaderuta.journal import write_files
from hojaderuta.locking import plan_lock
from hojaderuta.sheets.apply import ArchivoCambiado, Importacion
from hojaderuta.sheets.fullread import Place, Reading
from hojaderuta.sheets.fullspec import FULL_SHEETS, ROOTS, order_like_schema, resolve, schema
from hojaderuta.sheets.problems import MAX_REPORTED, Problema
from hojaderuta.sheets.read import Book, read_book
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible
from hojaderuta.text.schemaextract import schema_words

Places = dict[tuple[str | int, ...], Place]


def importar_nuevos(
    plan_dir: Path, origen: Path, *, hoy: date, borrador: bool = False, simular: bool = False
) -> Importacion:
    """Create the commitments of ``origen`` in the plan, when every row and file is right."""
    if origen.is_dir() or origen.suffix.casefold() != ".xlsx":
        raise UsageError(
            _(
                "«{archivo}»: --nuevos lee un libro .xlsx escrito con «hdr exportar "
                "--plantilla» o «--completo»."
            ).format(archivo=origen.name)
        )
    with read_book(origen, FULL_SHEETS) as book, nullcontext() if simular else plan_lock(plan_dir):
        return _import_locked(plan_dir, book, origen, hoy, borrador, simular)


def _import_locked(
    plan_dir: Path, book: Book, origen: Path, hoy: date, borrador: bool, simular: bool
) -> Importacion:
    if "Personas" not in book.hojas:
        raise UsageError(
            _(
                "«{archivo}» es un libro de avance: --nuevos lee la hoja de ruta completa "
                "(«hdr exportar --plantilla» o «--completo»). Para aplicar avances, quite "
                "--nuevos."
            ).format(archivo=origen.name)
        )
    check = validate_plan(plan_dir, al=hoy)
    if check.plan is None:
        raise UsageError(_(PLAN_HAS_ERRORS))
    reading = Reading()
    for table in book.tables:
        reading.read(table)
    result = Importacion(origen, False, simular, nuevos=True, borrador=borrador)
    files, places = _new_files(plan_dir, reading, origen) if not reading.problemas else ([], {})
    if files and not reading.problemas:
        _validate(plan_dir, hoy, files, places, reading, borrador)
    order = {label: i for i, label in enumerate(t.label for t in book.tables)}

    def where(p: Problema) -> tuple[int, int]:
        return (order.get(p.hoja or "", len(order)), p.fila or 0)

    result.filas = reading.filas
    result.problemas = sorted(reading.problemas, key=where)
    result.avisos = sorted(reading.avisos, key=where)
    result.problemas_omitidos = reading.problemas_omitidos
    result.archivos = files
    if not reading.drafts and not reading.problemas:
        result.problemas = [Problema(_("no tiene filas: llene la hoja."), "Compromisos")]
    if result.problemas or simular:
        return result
    (plan_dir / COMMITMENTS_DIR).mkdir(exist_ok=True)
    # All or nothing, and «None»: a file that appeared meanwhile is never overwritten.
    write_files(plan_dir, [(f.path, None, f.despues) for f in files])
    result.escrito = True
    return result


def _new_files(
    plan_dir: Path, reading: Reading, origen: Path
) -> tuple[list[ArchivoCambiado], dict[str, tuple[int, Places]]]:
    """The file of each commitment, in memory; an existing number or file is a problem."""
    taken = taken_numbers(plan_dir)
    schema_ref = schema_modeline(plan_dir)
    comment = [
        _("Migrado con «hdr importar --nuevos» desde {archivo}.").format(
            archivo=visible(origen.name)
        )
    ]
    files: list[ArchivoCambiado] = []
    places: dict[str, tuple[int, Places]] = {}
    for numero, draft in sorted(reading.drafts.items()):
        label, row = draft.place
        if numero in taken:
            reading.problem(
                label, row, "numero",
                _(
                    "el compromiso {numero} ya existe ({archivo}): no se sobrescribe; use otro "
                    "número o quite la fila."
                ).format(numero=numero, archivo=taken[numero]),
            )  # fmt: skip
            continue
        data, where = draft.assemble()
        data = order_like_schema(fill_missing(data, schema()), schema())
        nombre = data.get("nombre")
        usable = isinstance(nombre, str) and not nombre.startswith(MARKER)
        name = slug(nombre if usable else "") or "compromiso"  # as «hdr nuevo» names it
        archivo = f"{COMMITMENTS_DIR}/{numero:02d}-{name}.yaml"
        path = plan_dir / archivo
        if path.exists():
            text = _("ya existe {archivo}: no se sobrescribe.").format(archivo=archivo)
            reading.problem(label, row, "nombre", text)
            continue
        raw = _faithful(data, path, archivo, schema_ref, comment)
        if raw is None:
            reading.problem(label, row, None, _("no se pudo escribir sin alterar un texto."))
            continue
        lines = [_summary(data)]
        files.append(ArchivoCambiado(archivo, path, b"", raw, lines))
        places[archivo] = (numero, where)
    return files, places


def _faithful(
    data: dict[str, Any], path: Path, archivo: str, schema_ref: str, comment: list[str]
) -> bytes | None:
    """The file's bytes, checked to load back as ``data``; None when no style does."""
    expected = plain_dates(data)
    for literal in (True, False):
        raw = commitment_text(data, schema=schema_ref, comment=comment, literal=literal)
        doc = load_text(raw, path, archivo)
        same = doc.loaded and doc.data == expected
        doc.release()
        if same:
            return raw
    return None


def _summary(data: dict[str, Any]) -> str:
    hitos = data.get("hitos") or []
    acts = sum(len(h.get("actividades") or []) for h in hitos if isinstance(h, dict))
    return _("Compromiso {numero}: {hitos} hitos, {actividades} actividades").format(
        numero=data["numero"], hitos=len(hitos), actividades=acts
    )


def fill_missing(data: Any, node: dict[str, Any]) -> Any:
    """``data`` with a COMPLETAR box for each required value it lacks."""
    node = resolve(node)
    if isinstance(data, dict) and "properties" in node:
        props = node["properties"]
        out = {k: fill_missing(v, props.get(k, {})) for k, v in data.items()}
        for key in node.get("required", []):
            if key not in out:
                out[key] = _blank(props[key])
        return out
    if isinstance(data, list) and "items" in node:
        return [fill_missing(item, node["items"]) for item in data]
    return data


def _blank(raw: dict[str, Any]) -> Any:
    node = resolve(raw)
    if node.get("type") == "object":
        return fill_missing({}, node)
    if node.get("type") == "array":  # a required list that may be empty is just empty
        return [_blank(node["items"])] if node.get("minItems", 0) else []
    title = schema_words(raw.get("title") or node.get("title")) or _("valor")
    return f"{MARKER}: {title[:1].lower()}{title[1:]}"


# --- The plan with the new files ---------------------------------------------------------


def _validate(
    plan_dir: Path,
    hoy: date,
    files: list[ArchivoCambiado],
    places: dict[str, tuple[int, Places]],
    reading: Reading,
    borrador: bool,
) -> None:
    """Check the whole plan with the new files in place; point each finding at its row."""
    overrides = {f.archivo: f.despues for f in files}
    after = validate_plan(plan_dir, al=hoy, overrides=overrides)
    for f in after.findings:
        if f.archivo not in overrides:
            continue
        box = f.codigo is Codigo.PLANTILLA_SIN_LLENAR
        if box and borrador:
            continue  # a box to fill later: «hdr validar» will name it
        text = f"{f.mensaje} [{f.codigo}]"
        if box:
            text = _(
                "falta un valor obligatorio: {mensaje} Llénelo, o importe con --borrador para "
                "completarlo después."
            ).format(mensaje=f.mensaje)
        target = reading.problemas if f.es_error else reading.avisos
        if f.es_error and len(reading.problemas) >= MAX_REPORTED:
            reading.problemas_omitidos += 1
            continue
        numero, where = places[f.archivo]
        target.append(_place(f, numero, where, text))


def _place(f: Finding, numero: int, places: Places, text: str) -> Problema:
    """The sheet, row and column a finding is about (the closest row the workbook has)."""
    parts: list[str | int] = []
    for p in f.ruta.split("/")[1:]:
        p = p.replace("~1", "/").replace("~0", "~")
        parts.append(int(p) if p.isdigit() else p)
    for cut in range(len(parts), -1, -1):
        found = places.get(tuple(parts[:cut]))
        if found is None:
            continue
        sheet = _sheet_of(parts[:cut])
        rest = [str(p) for p in parts[cut:] if isinstance(p, str)]
        names = {c.name for c in FULL_SHEETS[sheet]}
        column = next(
            (".".join(rest[:n]) for n in range(len(rest), 0, -1) if ".".join(rest[:n]) in names),
            None,
        )
        if found == places[()] and cut < len(parts) and rest[:1] and column is None:
            # A whole list the workbook has no row for (no Personas, no Hitos…).
            sheet = _sheet_of([rest[0], 0])
            said = _("{mensaje} (compromiso {numero})").format(mensaje=text, numero=numero)
            return Problema(said, sheet, None, None)
        return Problema(text, found[0], found[1], column)
    return Problema(text, archivo=f.archivo, linea=f.linea)


def _sheet_of(parts: list[str | int]) -> str:
    """The sheet whose rows hold the item at ``parts`` (Compromisos for the whole one)."""
    keys = [p for p in parts if isinstance(p, str)]
    path = ".".join(f"{k}[]" for k in keys)
    for sheet, root in ROOTS.items():
        if root == path or (root == "responsables[]" and path == "corresponsables[]"):
            return sheet
    return "Compromisos"
