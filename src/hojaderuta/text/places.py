"""Places in a file as people read them: «hito 2 · término», «Agenda 2030 · ODS 16 · meta 2».

Messages, terminal views, reports and site pages name places this way; only JSON
outputs keep the JSON pointer (0-based), in a field of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Format keys as the Anexo 1 names them (keys missing here are shown as they are).
KEY_NAMES: dict[str, str] = {
    "licencia_datos": "licencia de los datos",
    "numero": "número",
    "nombre": "nombre",
    "hitos": "hito",
    "actividades": "actividad",
    "actividad": "actividad",
    "agenda_2030": "Agenda 2030",
    "metas": "meta",
    "ods": "ODS",
    "responsables": "responsable",
    "corresponsables": "corresponsable",
    "otros_actores": "otro actor",
    "modificaciones": "modificación",
    "supuestos": "supuesto",
    "evidencia": "evidencia",
    "valores": "valor",
    "valores_ogp": "valores OGP",
    "ponderacion": "ponderación",
    "descripcion": "descripción",
    "indicador": "indicador",
    "medio_verificacion": "medio de verificación",
    "inicio": "inicio",
    "termino": "término",
    "fin": "fin",
    "periodo": "periodo",
    "cumplido": "cumplido",
    "cumplida": "cumplida",
    "fecha_cumplimiento": "fecha de cumplimiento",
    "verificado": "verificación",
    "por": "por",
    "fecha": "fecha",
    "notas": "notas",
    "problematica": "problemática",
    "objetivo_corto_plazo": "objetivo de corto plazo",
    "objetivo_mediano_plazo": "objetivo de mediano plazo",
    "contribucion": "contribución",
    "eje_pnd": "eje del Plan Nacional de Desarrollo",
    "perspectiva_genero": "perspectiva de género",
    "informacion_adicional": "información adicional",
    "institucion": "institución",
    "correo": "correo",
    "telefono": "teléfono",
    "cargo": "cargo",
    "organizacion": "organización",
    "irm": "IRM",
    "informe": "informe",
    "acuerdo": "acuerdo",
    "linea_base": "línea base",
    "verificacion": "verificación",
    "ogp_id": "identificador OGP",
}


def _item(key: str, index: int, container: Any) -> str:
    """«hito 2»; an ODS by its number when the data says it («ODS 16»)."""
    if key == "agenda_2030" and isinstance(container, Sequence) and index < len(container):
        entry = container[index]
        if isinstance(entry, Mapping) and entry.get("ods") is not None:
            return f"Agenda 2030 · ODS {entry['ods']}"
    if key == "agenda_2030":
        return f"Agenda 2030 · objetivo {index + 1}"
    return f"{KEY_NAMES.get(key, key)} {index + 1}"


def human_place(parts: Sequence[str | int], data: Any = None) -> str:
    """``("hitos", 1, "termino")`` → «hito 2 · término». Counting starts at 1.

    With ``data`` (the file's content) an ODS is named by its number.
    """
    words: list[str] = []
    node = data
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        child = node.get(part) if isinstance(node, Mapping) and isinstance(part, str) else None
        if isinstance(part, str) and isinstance(nxt, int):
            words.append(_item(part, nxt, child))
            node = child[nxt] if isinstance(child, Sequence) and nxt < len(child) else None
            i += 2
            continue
        words.append(
            KEY_NAMES.get(str(part), str(part)) if isinstance(part, str) else str(part + 1)
        )
        node = child
        i += 1
    return " · ".join(words)


def pointer_parts(pointer: str) -> tuple[str | int, ...]:
    """A JSON pointer («/hitos/1/termino») back into parts; digits become indexes."""
    if not pointer:
        return ()
    parts: list[str | int] = []
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(token) if token.isascii() and token.isdigit() else token)
    return tuple(parts)


def place_of_pointer(pointer: str, data: Any = None) -> str:
    """«/agenda_2030/0/metas/1» → «Agenda 2030 · ODS 16 · meta 2»; «» for the whole file."""
    return human_place(pointer_parts(pointer), data)
