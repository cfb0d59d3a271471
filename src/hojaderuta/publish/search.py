"""The index page's search index, built at publish time (the page's script only reads it).

One entry per commitment row: its own text (number, name, objectives, axis,
institutions, people) and its parts (each hito, each person) with a label and a link,
so a search for «Lucía» or «residuos tiraderos» shows the commitment and says where
it matched. Texts are folded as the script folds what people type: without accents,
case or extra spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hojaderuta.core.computable import text_of
from hojaderuta.publish.viewmodel import CompromisoVista, SinCalcularVista
from hojaderuta.text.folding import fold
from hojaderuta.text.i18n import N_, _

_COMMITMENT_TEXTS = (
    "objetivo_corto_plazo",
    "objetivo_mediano_plazo",
    "problematica",
    "contribucion",
    "eje_pnd",
    "otros_actores",
)
_HITO_TEXTS = ("nombre", "indicador", "medio_verificacion")
# Per role, the label of a person (without and with an institution), whole for translators.
_ROLES = {
    "responsables": (N_("{nombre}, responsable"), N_("{nombre}, responsable ({institucion})")),
    "corresponsables": (
        N_("{nombre}, corresponsable"),
        N_("{nombre}, corresponsable ({institucion})"),
    ),
}


def _joined(values: Iterable[object]) -> str:
    return fold(" ".join(text_of(v) for v in values))


def _segments(template: str, content: Mapping[str, object], **values: object) -> list[Any]:
    """A translated label cut where the plan's own text goes: ``[[text, 0|1], …]``, 1 for
    the plan's, so the page's script can mark it with its language (screen readers)."""
    from string import Formatter

    out: list[Any] = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        if literal:
            out.append([literal, 0])
        if name is not None:
            own = name in content
            out.append([text_of(content[name]) if own else str(values[name]), int(own)])
    return out


def _people(c: CompromisoVista, marked: bool) -> list[dict[str, Any]]:
    out = []
    for key, (alone, placed) in _ROLES.items():
        people = c.datos.get(key)
        for person in people if isinstance(people, list) else []:
            if not isinstance(person, Mapping) or not text_of(person.get("nombre")).strip():
                continue
            name, where = text_of(person.get("nombre")), text_of(person.get("institucion"))
            template = _(placed if where.strip() else alone)
            entry: dict[str, Any] = {
                "e": template.format(nombre=name, institucion=where),
                "h": f"compromisos/{c.pagina}.html#s-responsables",
                "t": _joined((name, where, person.get("cargo"))),
            }
            if marked:
                entry["s"] = _segments(template, {"nombre": name, "institucion": where})
            out.append(entry)
    return out


def _hitos(c: CompromisoVista, marked: bool) -> list[dict[str, Any]]:
    out = []
    for hv in c.hitos:
        h, data = hv.avance, hv.datos
        owner = data.get("responsable")
        owner = owner if isinstance(owner, Mapping) else {}
        texts = [data.get(k) for k in _HITO_TEXTS] + [owner.get("nombre"), owner.get("institucion")]
        template = _("Hito {n} · {nombre}")
        entry: dict[str, Any] = {
            "e": template.format(n=h.indice, nombre=h.nombre),
            "h": f"compromisos/{c.pagina}.html#hito-{h.indice}",
            "t": _joined(texts),
        }
        if marked:
            entry["s"] = _segments(template, {"nombre": h.nombre}, n=h.indice)
        out.append(entry)
    return out


def search_index(
    compromisos: list[CompromisoVista],
    sin_calcular: list[SinCalcularVista],
    marked: bool = False,
) -> list[dict[str, Any]]:
    """Entries keyed by the row's page name (``p``): text ``t`` and parts ``c``, each
    part with its label ``e`` and, when ``marked`` (the page is not in the plan's
    language), the label's pieces ``s`` with the plan's own text flagged."""
    entries: list[dict[str, Any]] = []
    for c in compromisos:
        own: list[object] = [str(c.numero), c.avance.nombre, *c.avance.responsables]
        own += [c.datos.get(k) for k in _COMMITMENT_TEXTS]
        entries.append(
            {"p": c.pagina, "t": _joined(own), "c": _hitos(c, marked) + _people(c, marked)}
        )
    for s in sin_calcular:
        own = [str(s.numero or ""), s.avance.nombre, s.avance.archivo, s.avance.motivo]
        entries.append({"p": s.pagina, "t": _joined(own), "c": []})
    return entries
