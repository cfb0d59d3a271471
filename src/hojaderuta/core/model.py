"""The plan's data as types: what schema-valid YAML holds (schemas/*.schema.json).

The keys are the format's own (Spanish, as in docs/formato.md). Values come from
the loader as plain dicts and lists; these types only name what the schema already
guarantees once a file passed it, so code reads fields by name instead of through
``dict[str, Any]``. Keys the schema lets a file leave out are ``NotRequired``.
Dates stay text (``AAAA-MM-DD``), exactly as written.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

# Aliases that say what a string holds; the schema checks their form.
Fecha = str  # AAAA-MM-DD
Enlace = str  # http(s):// address or a path relative to the repository


class Periodo(TypedDict):
    inicio: Fecha
    fin: Fecha


class Sitio(TypedDict, total=False):
    """``sitio`` written as a block: the published site's address and identity.

    Every key is optional; ``core.sitesettings.site_settings`` reads either form.
    """

    url: Enlace  # where the site hdr publicar writes is served (http(s)://)
    logo: str  # an image inside the plan's folder (PNG, JPG, WebP or GIF)
    color: str  # accent colour, "#rrggbb" or "#rgb"
    pie: str  # footer text


class Plan(TypedDict):
    """plan.yaml."""

    formato: int
    id: str
    nombre: str
    ambito: str
    entidad: NotRequired[str]
    coordinacion: NotRequired[str]
    periodo: Periodo
    sitio: NotRequired[Enlace | Sitio]  # the address alone, or a block
    licencia_datos: NotRequired[str]  # SPDX identifier or a licence's web address
    linea_base: NotRequired[str]
    publicar_contactos: NotRequired[bool]


class Persona(TypedDict):
    """A contact person; ``institucion`` is what progress groups by."""

    nombre: str
    cargo: str
    institucion: str
    correo: str
    telefono: NotRequired[str]


class Verificado(TypedDict):
    por: str
    fecha: Fecha


class Actividad(TypedDict):
    actividad: str
    descripcion: NotRequired[str]
    medio_verificacion: NotRequired[str]
    cumplida: NotRequired[bool]


class Hito(TypedDict):
    nombre: str
    ponderacion: float  # an int in the file is a float here too (mypy's numeric tower)
    responsable: Persona
    descripcion: str
    indicador: str
    medio_verificacion: str
    inicio: Fecha
    termino: Fecha
    actividades: NotRequired[list[Actividad]]
    # Report fields: filled as the work is done.
    cumplido: NotRequired[bool]
    fecha_cumplimiento: NotRequired[Fecha]
    evidencia: NotRequired[list[Enlace]]
    verificado: NotRequired[Verificado]
    notas: NotRequired[str]


class ValoresOgp(TypedDict):
    valores: list[str]
    justificacion: str


class Ods(TypedDict):
    """One Sustainable Development Goal and its targets (``agenda_2030`` items)."""

    ods: int
    metas: list[str]


class Modificacion(TypedDict):
    fecha: Fecha
    descripcion: str
    acuerdo: str


class Irm(TypedDict):
    """The Independent Reporting Mechanism's assessment (never self-assessed)."""

    cumplimiento: str
    potencial: NotRequired[str]
    estelar: NotRequired[bool]
    informe: NotRequired[Enlace]


class Compromiso(TypedDict):
    """One commitment file (compromisos/*.yaml)."""

    numero: int
    nombre: str
    ogp_id: NotRequired[str]
    periodo: NotRequired[Periodo]
    responsables: list[Persona]
    corresponsables: list[Persona]
    objetivo_corto_plazo: str
    objetivo_mediano_plazo: str
    problematica: str
    contribucion: str
    supuestos: list[str]
    verificacion: str
    valores_ogp: ValoresOgp
    agenda_2030: list[Ods]
    perspectiva_genero: str
    eje_pnd: str
    informacion_adicional: NotRequired[str]
    otros_actores: NotRequired[str]
    modificaciones: NotRequired[list[Modificacion]]
    hitos: list[Hito]
    irm: NotRequired[Irm]
