"""Places in a file as people read them: «hito 2 · término», «Agenda 2030 · ODS 16 · meta 2».

Messages, terminal views, reports and site pages name places this way; only JSON
outputs keep the JSON pointer (0-based), in a field of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hojaderuta.text.i18n import N_, _

# Format keys as the Anexo 1 names them (keys missing here are shown as they are);
# marked here, translated where shown (``key_name``).
KEY_NAMES: dict[str, str] = {
    "licencia_datos": N_("licencia de los datos"),
    "numero": N_("número"),
    "nombre": N_("nombre"),
    "hitos": N_("hito"),
    "actividades": N_("actividad"),
    "actividad": N_("actividad"),
    "agenda_2030": N_("Agenda 2030"),
    "metas": N_("meta"),
    "ods": N_("ODS"),
    "responsables": N_("responsable"),
    "corresponsables": N_("corresponsable"),
    "otros_actores": N_("otro actor"),
    "modificaciones": N_("modificación"),
    "supuestos": N_("supuesto"),
    "evidencia": N_("evidencia"),
    "valores": N_("valor"),
    "valores_ogp": N_("valores OGP"),
    "ponderacion": N_("ponderación"),
    "descripcion": N_("descripción"),
    "indicador": N_("indicador"),
    "medio_verificacion": N_("medio de verificación"),
    "inicio": N_("inicio"),
    "termino": N_("término"),
    "fin": N_("fin"),
    "periodo": N_("periodo"),
    "cumplido": N_("cumplido"),
    "cumplida": N_("cumplida"),
    "fecha_cumplimiento": N_("fecha de cumplimiento"),
    "verificado": N_("verificación"),
    "por": N_("por"),
    "fecha": N_("fecha"),
    "notas": N_("notas"),
    "problematica": N_("problemática"),
    "objetivo_corto_plazo": N_("objetivo de corto plazo"),
    "objetivo_mediano_plazo": N_("objetivo de mediano plazo"),
    "contribucion": N_("contribución"),
    "eje_pnd": N_("eje del Plan Nacional de Desarrollo"),
    "perspectiva_genero": N_("perspectiva de género"),
    "informacion_adicional": N_("información adicional"),
    "institucion": N_("institución"),
    "correo": N_("correo"),
    "telefono": N_("teléfono"),
    "cargo": N_("cargo"),
    "organizacion": N_("organización"),
    "irm": N_("IRM"),
    "informe": N_("informe"),
    "acuerdo": N_("acuerdo"),
    "linea_base": N_("línea base"),
    "verificacion": N_("verificación"),
    "ogp_id": N_("identificador OGP"),
    "responsable": N_("responsable"),
    "justificacion": N_("justificación"),
    "cumplimiento": N_("cumplimiento"),
    "potencial": N_("impacto potencial"),
    "estelar": N_("estelar"),
    "formato": N_("formato"),
    "id": N_("identificador"),
    "ambito": N_("ámbito"),
    "entidad": N_("entidad"),
    "coordinacion": N_("instancia de coordinación"),
    "sitio": N_("sitio"),
    "url": N_("url"),
    "logo": N_("logo"),
    "color": N_("color"),
    "pie": N_("pie"),
    "publicar_contactos": N_("publicar contactos"),
    "idiomas": N_("idiomas"),
    "idioma_contenido": N_("idioma del contenido"),
}


def _item(key: str, index: int, container: Any) -> str:
    """«hito 2»; an ODS by its number when the data says it («ODS 16»)."""
    if key == "agenda_2030" and isinstance(container, Sequence) and index < len(container):
        entry = container[index]
        if isinstance(entry, Mapping) and entry.get("ods") is not None:
            return _("Agenda 2030 · ODS {ods}").format(ods=entry["ods"])
    if key == "agenda_2030":
        return _("Agenda 2030 · objetivo {n}").format(n=index + 1)
    return f"{key_name(key)} {index + 1}"


def key_name(key: str) -> str:
    """A format key as people read it («término»), in the language in use; a key the
    format does not name, as written."""
    name = KEY_NAMES.get(key)
    return key if name is None else _(name)


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
        words.append(key_name(part) if isinstance(part, str) else str(part + 1))
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
