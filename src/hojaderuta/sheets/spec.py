"""The columns of the workbook ``hdr exportar`` writes and ``hdr importar`` reads back.

One row per commitment, hito and activity, keyed by numbers that never change
(``numero``, and the hito and activity positions, 1-based in file order). Every
column has a role: identifiers; the agreed roadmap (locked and grey: informative,
applied only by ``hdr importar --todo``); the reporting fields, the only cells a
liaison fills; and context that is never read back. Exporting, the workbook,
reading and checking rows all use these lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from hojaderuta.text.describe import shorten
from hojaderuta.text.i18n import N_, _


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
    help: str  # the header's comment and on Instrucciones; marked N_, shown with help_of
    key: str | None = None  # the format's key an AGREED column edits with --todo
    # A help made of the schema's title and description (and a note): each its own
    # catalog entry, joined in the language of the moment they are shown.
    help_parts: tuple[str, ...] = ()


# Help texts address the liaison (usted): they are the headers' comments in the workbook.
COMPROMISOS = [
    Column("numero", Kind.INTEGER, Role.ID, 9, N_("Número del compromiso (no lo cambie).")),
    Column("nombre", Kind.TEXT, Role.AGREED, 45, N_("Nombre del compromiso (acordado).")),
    Column("responsables", Kind.TEXT, Role.INFO, 40, N_("Instituciones responsables.")),
    Column("corresponsables", Kind.TEXT, Role.INFO, 40, N_("Organizaciones corresponsables.")),
    Column("hitos", Kind.INTEGER, Role.INFO, 7, N_("Número de hitos.")),
    Column("avance", Kind.NUMBER, Role.INFO, 9, N_("Avance (%) a la fecha de la exportación.")),
    Column("esperado", Kind.NUMBER, Role.INFO, 10, N_("Avance esperado (%) a esa fecha.")),
    Column("estado", Kind.TEXT, Role.INFO, 13, N_("Estado a esa fecha.")),
    Column("archivo", Kind.TEXT, Role.INFO, 40, N_("Archivo de la hoja de ruta.")),
]
HITOS = [
    Column("compromiso", Kind.INTEGER, Role.ID, 12, N_("Número del compromiso (no lo cambie).")),
    Column(
        "hito", Kind.INTEGER, Role.ID, 6, N_("Número del hito en su compromiso (no lo cambie).")
    ),
    Column("nombre", Kind.TEXT, Role.AGREED, 45, N_("Nombre del hito (acordado)."), "nombre"),
    Column(
        "ponderacion",
        Kind.NUMBER,
        Role.AGREED,
        12,
        N_("Ponderación (%) (acordada)."),
        "ponderacion",
    ),
    Column("responsable", Kind.TEXT, Role.INFO, 28, N_("Persona servidora pública responsable.")),
    Column("institucion", Kind.TEXT, Role.INFO, 35, N_("Institución de la persona responsable.")),
    Column(
        "descripcion",
        Kind.TEXT,
        Role.AGREED,
        50,
        N_("Descripción u objetivo (acordado)."),
        "descripcion",
    ),
    Column("indicador", Kind.TEXT, Role.AGREED, 30, N_("Indicador (acordado)."), "indicador"),
    Column(
        "medio_verificacion",
        Kind.TEXT,
        Role.AGREED,
        35,
        N_("Medio de verificación (acordado)."),
        "medio_verificacion",
    ),
    Column("inicio", Kind.DATE, Role.AGREED, 12, N_("Fecha de inicio (acordada)."), "inicio"),
    Column("termino", Kind.DATE, Role.AGREED, 12, N_("Fecha de término (acordada)."), "termino"),
    Column("cumplido", Kind.BOOL, Role.REPORT, 10, N_("¿Se cumplió el hito? true o false.")),
    Column(
        "fecha_cumplimiento",
        Kind.DATE,
        Role.REPORT,
        19,
        N_("Fecha de cumplimiento, AAAA-MM-DD. Obligatoria si cumplido es true."),
    ),
    Column(
        "evidencia",
        Kind.LIST,
        Role.REPORT,
        55,
        N_(
            "Enlaces (https://…) o rutas de archivos del repositorio que prueban el "
            "cumplimiento, uno por renglón (Alt+Intro en Excel) o separados por « ; ». "
            "Obligatoria si cumplido es true."
        ),
    ),
    Column(
        "verificado_por",
        Kind.TEXT,
        Role.REPORT,
        28,
        N_("Persona corresponsable que revisó la evidencia (con verificado_fecha)."),
    ),
    Column(
        "verificado_fecha",
        Kind.DATE,
        Role.REPORT,
        17,
        N_("Fecha de esa revisión, AAAA-MM-DD (con verificado_por)."),
    ),
    Column("notas", Kind.TEXT, Role.REPORT, 50, N_("Notas sobre el hito (texto libre).")),
]
ACTIVIDADES = [
    Column("compromiso", Kind.INTEGER, Role.ID, 12, N_("Número del compromiso (no lo cambie).")),
    Column("hito", Kind.INTEGER, Role.ID, 6, N_("Número del hito (no lo cambie).")),
    Column(
        "indice", Kind.INTEGER, Role.ID, 7, N_("Número de la actividad en su hito (no lo cambie).")
    ),
    Column("nombre_hito", Kind.TEXT, Role.INFO, 35, N_("Nombre del hito.")),
    Column("actividad", Kind.TEXT, Role.AGREED, 55, N_("Actividad (acordada)."), "actividad"),
    Column(
        "descripcion",
        Kind.TEXT,
        Role.AGREED,
        40,
        N_("Descripción u objetivo (acordado)."),
        "descripcion",
    ),
    Column(
        "medio_verificacion",
        Kind.TEXT,
        Role.AGREED,
        30,
        N_("Medio de verificación (acordado)."),
        "medio_verificacion",
    ),
    Column(
        "cumplida",
        Kind.BOOL,
        Role.REPORT,
        10,
        N_("¿Se cumplió la actividad? true o false (no cuenta para el avance)."),
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


def bool_text(value: Any) -> str:
    """A boolean cell as the YAML files write it; anything but True is false."""
    return TRUE if value is True else FALSE


def text_of(value: Any) -> str:
    """A cell as text, the way CSV carries it and messages quote it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return bool_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def quoted(value: Any, limit: int) -> str:
    """A cell's value for a message: «text», cut to ``limit`` characters."""
    return _("«{texto}»").format(texto=shorten(text_of(value), limit))


def help_of(column: Column) -> str:
    """The column's help in the language in use (the texts are marked with ``N_``, the
    schema's are in the catalog too: translated now, never when the column was made)."""
    if column.help_parts:
        title, text, *notes = (_(part) if part else "" for part in column.help_parts)
        text = " ".join([text, *(n for n in notes if n)])
        return f"{title}: {text}" if title else text
    return _(column.help) if column.help else ""


def column_help(sheets: dict[str, list[Column]]) -> list[str]:
    """The instructions sheet's closing list: every column of every sheet, with its help."""
    lines = [_("Columnas:")]
    for name, columns in sheets.items():
        lines += [f"{name}:"] + [f"  {c.name}: {help_of(c)}" for c in columns]
    return lines
