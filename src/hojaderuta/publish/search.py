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


def _people(c: CompromisoVista) -> list[dict[str, str]]:
    out = []
    for key, (alone, placed) in _ROLES.items():
        people = c.datos.get(key)
        for person in people if isinstance(people, list) else []:
            if not isinstance(person, Mapping) or not text_of(person.get("nombre")).strip():
                continue
            name, where = text_of(person.get("nombre")), text_of(person.get("institucion"))
            label = _(placed if where.strip() else alone).format(nombre=name, institucion=where)
            out.append(
                {
                    "e": label,
                    "h": f"compromisos/{c.pagina}.html#s-responsables",
                    "t": _joined((name, where, person.get("cargo"))),
                }
            )
    return out


def _hitos(c: CompromisoVista) -> list[dict[str, str]]:
    out = []
    for hv in c.hitos:
        h, data = hv.avance, hv.datos
        owner = data.get("responsable")
        owner = owner if isinstance(owner, Mapping) else {}
        texts = [data.get(k) for k in _HITO_TEXTS] + [owner.get("nombre"), owner.get("institucion")]
        out.append(
            {
                "e": _("Hito {n} · {nombre}").format(n=h.indice, nombre=h.nombre),
                "h": f"compromisos/{c.pagina}.html#hito-{h.indice}",
                "t": _joined(texts),
            }
        )
    return out


def search_index(
    compromisos: list[CompromisoVista], sin_calcular: list[SinCalcularVista]
) -> list[dict[str, Any]]:
    """Entries keyed by the row's page name (``p``): text ``t`` and parts ``c``."""
    entries: list[dict[str, Any]] = []
    for c in compromisos:
        own: list[object] = [str(c.numero), c.avance.nombre, *c.avance.responsables]
        own += [c.datos.get(k) for k in _COMMITMENT_TEXTS]
        entries.append({"p": c.pagina, "t": _joined(own), "c": _hitos(c) + _people(c)})
    for s in sin_calcular:
        own = [str(s.numero or ""), s.avance.nombre, s.avance.archivo, s.avance.motivo]
        entries.append({"p": s.pagina, "t": _joined(own), "c": []})
    return entries
