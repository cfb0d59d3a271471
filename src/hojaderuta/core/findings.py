"""Findings are data: what is wrong, where, and how to fix it. Reporters render them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severidad(StrEnum):
    ERROR = "error"
    ADVERTENCIA = "advertencia"


# Every code hdr can emit, with its severity. docs/reglas.md documents each one
# (a test keeps them in step).
CODIGOS: dict[str, Severidad] = {
    "archivo-ilegible": Severidad.ERROR,
    "yaml-sintaxis": Severidad.ERROR,
    "yaml-clave-duplicada": Severidad.ERROR,
    "yaml-inseguro": Severidad.ERROR,
    "esquema": Severidad.ERROR,
    "plantilla-sin-llenar": Severidad.ERROR,
    "plan-no-encontrado": Severidad.ERROR,
    "numero-duplicado": Severidad.ERROR,
    "ponderacion-suma": Severidad.ERROR,
    "fechas-orden": Severidad.ERROR,
    "fechas-fuera-de-periodo": Severidad.ERROR,
    "correo-invalido": Severidad.ERROR,
    "ods-meta-invalida": Severidad.ERROR,
    "cumplido-sin-evidencia": Severidad.ERROR,
    "fecha-cumplimiento-futura": Severidad.ERROR,
    "evidencia-no-encontrada": Severidad.ERROR,
    "cambio-sin-acuerdo": Severidad.ERROR,
    "verificado-sin-cumplido": Severidad.ERROR,
    "url-invalida": Severidad.ERROR,
    "hito-vencido": Severidad.ADVERTENCIA,
    "linea-base-no-verificada": Severidad.ADVERTENCIA,
    "cumplimiento-fuera-de-hito": Severidad.ADVERTENCIA,
    "telefono-sospechoso": Severidad.ADVERTENCIA,
}


@dataclass(frozen=True, slots=True)
class Finding:
    codigo: str
    severidad: Severidad
    archivo: str  # relative to the plan directory, with "/" separators
    linea: int  # 1-based
    columna: int  # 1-based
    ruta: str  # JSON pointer to the offending value ("" for the whole file)
    mensaje: str

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
            "mensaje": self.mensaje,
        }


def make_finding(
    codigo: str, archivo: str, linea: int, columna: int, ruta: str, mensaje: str
) -> Finding:
    return Finding(codigo, CODIGOS[codigo], archivo, linea, columna, ruta, mensaje)


def pointer(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """JSON pointer (RFC 6901) for a path of keys and indexes."""
    out = []
    for p in parts:
        out.append("/" + str(p).replace("~", "~0").replace("/", "~1"))
    return "".join(out)
