"""Where a value sits, in words for schema messages: «la actividad 1 del hito 3».

The schema's ``title`` of each property is its Anexo 1 label, so messages name
the box of the template a person knows, not only the YAML key. Every phrase is a
whole msgid («{dentro} del hito {n}»), so a language can order and join it its own way.
"""

from __future__ import annotations

from typing import Any

from hojaderuta.text.i18n import N_, _
from hojaderuta.text.schemaextract import schema_words

Parts = tuple[str | int, ...]

# How to name an element of each list (1-based for people): alone, and holding the
# phrase of what is inside it («la actividad 1» + «{dentro} del hito {n}»).
_ITEM_NAMES: dict[str, tuple[str, str]] = {
    "hitos": (N_("el hito {n}"), N_("{dentro} del hito {n}")),
    "actividades": (N_("la actividad {n}"), N_("{dentro} de la actividad {n}")),
    "responsables": (
        N_("la persona responsable {n}"),
        N_("{dentro} de la persona responsable {n}"),
    ),
    "corresponsables": (
        N_("la persona corresponsable {n}"),
        N_("{dentro} de la persona corresponsable {n}"),
    ),
    "agenda_2030": (
        N_("la alineación con la Agenda 2030 n.º {n}"),
        N_("{dentro} de la alineación con la Agenda 2030 n.º {n}"),
    ),
    "modificaciones": (N_("la modificación {n}"), N_("{dentro} de la modificación {n}")),
    "supuestos": (N_("el supuesto {n}"), N_("{dentro} del supuesto {n}")),
    "evidencia": (N_("la evidencia {n}"), N_("{dentro} de la evidencia {n}")),
    "metas": (N_("la meta {n}"), N_("{dentro} de la meta {n}")),
    "valores": (N_("el valor {n}"), N_("{dentro} del valor {n}")),
}
# An element of any other list, and a key.
_OTHER_ITEM = (N_("«{clave}» n.º {n}"), N_("{dentro} de «{clave}» n.º {n}"))
_KEY = (N_("«{clave}»"), N_("{dentro} de «{clave}»"))


def place(parts: Parts, kind: str) -> str:
    """A noun phrase for where a value sits: «el hito 2», «la actividad 1 del hito 3»."""
    steps: list[tuple[tuple[str, str], int | None, str | int]] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int):
            steps.append((_ITEM_NAMES.get(part, _OTHER_ITEM), nxt + 1, part))
            i += 2
            continue
        steps.append((_KEY, None, part))
        i += 1
    if not steps:
        return _("el plan") if kind == "plan" else _("el compromiso")
    (alone, __), n, key = steps[-1]
    out = _(alone).format(n=n, clave=key)
    for (__, holding), n, key in reversed(steps[:-1]):
        out = _(holding).format(dentro=out, n=n, clave=key)
    return out


def the_file() -> str:
    """The whole file, as a place: «el archivo»."""
    return _("el archivo")


def resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 10:
        ref = schema["$ref"]
        target: Any = root
        for piece in ref.lstrip("#/").split("/"):
            target = target[piece]
        schema = target
        seen += 1
    return schema


def property_schema(root: dict[str, Any], parts: Parts) -> dict[str, Any] | None:
    """The schema entry (unresolved, so it keeps its title) that describes ``parts``."""
    entry: dict[str, Any] | None = root
    for part in parts:
        if entry is None:
            return None
        current = resolve(root, entry)
        if isinstance(part, int):
            entry = current.get("items")
        else:
            entry = current.get("properties", {}).get(part)
    return entry


def label(root: dict[str, Any], parts: Parts) -> str:
    """«Anexo 1 label» (clave) for the value at ``parts``. The label is the schema's
    ``title``, in the run's language (schema texts are in the catalog)."""
    key = next((p for p in reversed(parts) if isinstance(p, str)), "")
    entry = property_schema(root, parts)
    title = None
    if entry is not None:
        title = schema_words(entry.get("title") or resolve(root, entry).get("title"))
    if parts and isinstance(parts[-1], int):
        # An item: name the list by its own title, not the items' generic one.
        owner = property_schema(root, parts[:-1]) or {}
        list_title = schema_words(owner.get("title") or resolve(root, owner).get("title")) or key
        return _("el elemento {n} de «{lista}»").format(n=parts[-1] + 1, lista=list_title)
    if title and key:
        return _("«{titulo}» (clave {clave})").format(titulo=title, clave=key)
    return _(_KEY[0]).format(clave=key) if key else the_file()
