"""Findings are data: what is wrong, where, and how to fix it. Reporters render them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hojaderuta.text.places import place_of_pointer


class Severidad(StrEnum):
    ERROR = "error"
    ADVERTENCIA = "advertencia"


class Codigo(StrEnum):
    """Every code hdr can emit; the values are what reports and JSON show."""

    ARCHIVO_ILEGIBLE = "archivo-ilegible"
    YAML_SINTAXIS = "yaml-sintaxis"
    YAML_CLAVE_DUPLICADA = "yaml-clave-duplicada"
    YAML_INSEGURO = "yaml-inseguro"
    ESQUEMA = "esquema"
    PLANTILLA_SIN_LLENAR = "plantilla-sin-llenar"
    PLAN_NO_ENCONTRADO = "plan-no-encontrado"
    NUMERO_DUPLICADO = "numero-duplicado"
    PONDERACION_SUMA = "ponderacion-suma"
    FECHAS_ORDEN = "fechas-orden"
    FECHAS_FUERA_DE_PERIODO = "fechas-fuera-de-periodo"
    CORREO_INVALIDO = "correo-invalido"
    ODS_META_INVALIDA = "ods-meta-invalida"
    CUMPLIDO_SIN_EVIDENCIA = "cumplido-sin-evidencia"
    FECHA_CUMPLIMIENTO_FUTURA = "fecha-cumplimiento-futura"
    EVIDENCIA_NO_ENCONTRADA = "evidencia-no-encontrada"
    EVIDENCIA_FUERA_DEL_PLAN = "evidencia-fuera-del-plan"
    EVIDENCIA_TIPO_NO_PERMITIDO = "evidencia-tipo-no-permitido"
    CAMBIO_SIN_ACUERDO = "cambio-sin-acuerdo"
    VERIFICADO_SIN_CUMPLIDO = "verificado-sin-cumplido"
    URL_INVALIDA = "url-invalida"
    COLOR_INVALIDO = "color-invalido"
    LOGO_INVALIDO = "logo-invalido"
    LICENCIA_INVALIDA = "licencia-invalida"
    HITO_VENCIDO = "hito-vencido"
    LINEA_BASE_NO_VERIFICADA = "linea-base-no-verificada"
    CUMPLIMIENTO_FUERA_DE_HITO = "cumplimiento-fuera-de-hito"
    TELEFONO_SOSPECHOSO = "telefono-sospechoso"
    TEXTO_CORTADO_POR_COMENTARIO = "texto-cortado-por-comentario"
    ODS_SIN_METAS = "ods-sin-metas"


# Each code's severity. docs/reglas.md documents each one (a test keeps them in step).
CODIGOS: dict[Codigo, Severidad] = {
    Codigo.ARCHIVO_ILEGIBLE: Severidad.ERROR,
    Codigo.YAML_SINTAXIS: Severidad.ERROR,
    Codigo.YAML_CLAVE_DUPLICADA: Severidad.ERROR,
    Codigo.YAML_INSEGURO: Severidad.ERROR,
    Codigo.ESQUEMA: Severidad.ERROR,
    Codigo.PLANTILLA_SIN_LLENAR: Severidad.ERROR,
    Codigo.PLAN_NO_ENCONTRADO: Severidad.ERROR,
    Codigo.NUMERO_DUPLICADO: Severidad.ERROR,
    Codigo.PONDERACION_SUMA: Severidad.ERROR,
    Codigo.FECHAS_ORDEN: Severidad.ERROR,
    Codigo.FECHAS_FUERA_DE_PERIODO: Severidad.ERROR,
    Codigo.CORREO_INVALIDO: Severidad.ERROR,
    Codigo.ODS_META_INVALIDA: Severidad.ERROR,
    Codigo.CUMPLIDO_SIN_EVIDENCIA: Severidad.ERROR,
    Codigo.FECHA_CUMPLIMIENTO_FUTURA: Severidad.ERROR,
    Codigo.EVIDENCIA_NO_ENCONTRADA: Severidad.ERROR,
    Codigo.EVIDENCIA_FUERA_DEL_PLAN: Severidad.ERROR,
    Codigo.EVIDENCIA_TIPO_NO_PERMITIDO: Severidad.ERROR,
    Codigo.CAMBIO_SIN_ACUERDO: Severidad.ERROR,
    Codigo.VERIFICADO_SIN_CUMPLIDO: Severidad.ERROR,
    Codigo.URL_INVALIDA: Severidad.ERROR,
    Codigo.COLOR_INVALIDO: Severidad.ERROR,
    Codigo.LOGO_INVALIDO: Severidad.ERROR,
    Codigo.LICENCIA_INVALIDA: Severidad.ERROR,
    Codigo.HITO_VENCIDO: Severidad.ADVERTENCIA,
    Codigo.LINEA_BASE_NO_VERIFICADA: Severidad.ADVERTENCIA,
    Codigo.CUMPLIMIENTO_FUERA_DE_HITO: Severidad.ADVERTENCIA,
    Codigo.TELEFONO_SOSPECHOSO: Severidad.ADVERTENCIA,
    Codigo.TEXTO_CORTADO_POR_COMENTARIO: Severidad.ADVERTENCIA,
    Codigo.ODS_SIN_METAS: Severidad.ADVERTENCIA,
}


@dataclass(frozen=True, slots=True)
class Finding:
    codigo: Codigo
    severidad: Severidad
    archivo: str  # relative to the plan directory, with "/" separators
    linea: int  # 1-based
    columna: int  # 1-based
    ruta: str  # JSON pointer to the offending value ("" for the whole file)
    mensaje: str
    # The place as people read it («hito 2 · término»); None: derived from ``ruta``
    # without the data (an ODS then shows by its position, not its number).
    lugar: str | None = None

    @property
    def es_error(self) -> bool:
        return self.severidad is Severidad.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.archivo, self.linea, self.columna, self.codigo)

    def as_json(self) -> dict[str, object]:
        return {
            "codigo": self.codigo,
            "severidad": str(self.severidad),
            "archivo": self.archivo,
            "linea": self.linea,
            "columna": self.columna,
            "ruta": self.ruta,
            "lugar": self.lugar if self.lugar is not None else place_of_pointer(self.ruta),
            "mensaje": self.mensaje,
        }


def make_finding(
    codigo: Codigo,
    archivo: str,
    linea: int,
    columna: int,
    ruta: str,
    mensaje: str,
    lugar: str | None = None,
) -> Finding:
    return Finding(codigo, CODIGOS[codigo], archivo, linea, columna, ruta, mensaje, lugar)


def pointer(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """JSON pointer (RFC 6901) for a path of keys and indexes."""
    out = []
    for p in parts:
        out.append("/" + str(p).replace("~", "~0").replace("/", "~1"))
    return "".join(out)
