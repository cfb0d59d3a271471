"""Prose cut short by a ``#``: YAML reads `` #`` after a plain value as a comment.

``verificacion: Reporte mensual publicado Oficio #25`` keeps only «Reporte mensual
publicado Oficio»: the rest is dropped without a word. The data cannot show it, so this
check reads the node tree (where each value ends) and the raw line after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hojaderuta.core.building import TAG_STR
from hojaderuta.core.findings import Codigo
from hojaderuta.core.rules import Hit, Parts
from hojaderuta.text.i18n import _
from hojaderuta.text.places import human_place

# Free-text fields of the format (a commitment's and plan.yaml's): a `#` there is
# more likely part of the text («Oficio #25») than a comment someone meant.
PROSE_KEYS = frozenset(
    {
        "nombre", "descripcion", "verificacion", "notas", "problematica",
        "objetivo_corto_plazo", "objetivo_mediano_plazo", "supuestos", "contribucion",
        "eje_pnd", "perspectiva_genero", "informacion_adicional", "justificacion",
        "medio_verificacion", "indicador", "actividad", "otros_actores", "institucion",
        "cargo", "acuerdo", "por", "objetivos", "objetivo", "ambito", "pie",
    }
)  # fmt: skip

_COMMENT = re.compile(r"[ \t]+#(.*)")
_SHOWN = 40  # characters of the lost text quoted in the message
# The line breaks libyaml counts lines by (its marks index these lines).
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LINE_BREAKS = "\r\n\x85\u2028\u2029"


def text_lines(text: str) -> list[str]:
    return _BREAKS.split(text)


def may_be_cut(text: str) -> bool:
    """False when no plain value of ``text`` can be cut by a comment: no «#» follows blanks
    that follow some other character on its line. Most files have comments only on lines of
    their own (commitment 13 has one per hito), and skip the walk over every node.

    By hand rather than with a regular expression: ``re`` tries a pattern that starts with
    a class of characters at every position (0.35 ms for a 5 KB file; this, 3 µs).
    """
    at = text.find("#")
    while at != -1:
        start = at
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if 0 < start < at and text[start - 1] not in _LINE_BREAKS:
            return True
        at = text.find("#", at + 1)
    return False


def cut_by_comment(root: Node | None, lines: list[str]) -> Iterator[Hit]:
    """A hit for each plain prose value whose line goes on with `` #…`` after it."""
    seen: set[int] = set()
    stack: list[tuple[Node, Parts, bool]] = [(root, (), False)] if root is not None else []
    while stack:
        node, parts, prose = stack.pop()
        if id(node) in seen:
            continue  # a node reached again through an alias: already looked at
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    stack.append((value, (*parts, key.value), key.value in PROSE_KEYS))
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*parts, i), prose) for i, item in enumerate(node.value))
        elif prose and isinstance(node, ScalarNode) and not node.style:  # plain: no quotes
            hit = _cut(node, parts, lines)
            if hit is not None:
                yield hit


def _cut(node: ScalarNode, parts: Parts, lines: list[str]) -> Hit | None:
    end = node.end_mark
    if end is None or end.line >= len(lines) or node.tag != TAG_STR:
        return None
    rest = _COMMENT.match(lines[end.line], end.column)
    if rest is None:
        return None
    lost = rest.group(1).strip()
    if len(lost) > _SHOWN:
        lost = lost[: _SHOWN - 1] + "…"
    kept = node.value if len(node.value) <= _SHOWN else "…" + node.value[-(_SHOWN - 1) :]
    return Hit(
        Codigo.TEXTO_CORTADO_POR_COMENTARIO,
        parts,
        _(
            "El texto de «{lugar}» termina en «{conservado}»: lo que sigue "
            "en la línea («#{perdido}») YAML lo toma como un comentario y lo descarta. Si es "
            "parte del texto, escriba el valor entre comillas o quite el espacio antes de «#»."
        ).format(lugar=human_place(parts), conservado=kept, perdido=lost),
    )
