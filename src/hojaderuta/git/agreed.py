"""What a roadmap agreed: a commitment without its reporting fields, and how two differ.

Shared by the ``cambio-sin-acuerdo`` rule (``baseline``), ``hdr cambios`` (``changes``)
and the history (``versions``), so all three compare the same way.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hojaderuta.core.findings import pointer
from hojaderuta.text.i18n import _
from hojaderuta.text.places import human_place

Parts = tuple[str | int, ...]

HITO_REPORTING = ("cumplido", "fecha_cumplimiento", "evidencia", "verificado", "notas")
ACTIVIDAD_REPORTING = ("cumplida",)
COMPROMISO_NOT_AGREED = ("irm", "modificaciones")


def agreed_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """The commitment without its reporting fields and modificaciones."""
    view = {k: v for k, v in data.items() if k not in COMPROMISO_NOT_AGREED}
    hitos = []
    for hito in data.get("hitos", []):
        if not isinstance(hito, dict):
            hitos.append(hito)
            continue
        clean = {k: v for k, v in hito.items() if k not in HITO_REPORTING}
        if isinstance(hito.get("actividades"), list):
            clean["actividades"] = [
                {k: v for k, v in a.items() if k not in ACTIVIDAD_REPORTING}
                if isinstance(a, dict)
                else a
                for a in hito["actividades"]
            ]
        hitos.append(clean)
    if "hitos" in data:
        view["hitos"] = hitos
    return view


@dataclass(frozen=True)
class Change:
    parts: Parts
    antes: Any  # None when the field was added
    despues: Any  # None when the field was removed

    @property
    def campo(self) -> str:
        """The JSON pointer: what JSON outputs keep."""
        return pointer(self.parts)

    def lugar(self, data: Any = None) -> str:
        """The field as people read it («hito 2 · término»); with ``data``, an ODS by number."""
        return human_place(self.parts, data) or _("el compromiso")


def same(a: Any, b: Any) -> bool:
    """Equal values with equal types all the way down (``==`` alone says 1 == 1.0 == True)."""
    if a is b:
        return True
    if isinstance(a, dict | list):
        # Pickling is C-speed; equal bytes mean equal values and types.
        return a == b and pickle.dumps(a, protocol=5) == pickle.dumps(b, protocol=5)
    return bool(a == b) and type(a) is type(b)


def diff(old: Any, new: Any, parts: Parts = ()) -> Iterator[Change]:
    """Leaf-level differences between two plain-data values.

    Equal subtrees are skipped whole, so comparing two versions of a large
    commitment costs little when a few fields changed (the history does it per commit).
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                yield Change((*parts, key), old[key], None)
            elif key not in old:
                yield Change((*parts, key), None, new[key])
            elif not same(old[key], new[key]):
                yield from diff(old[key], new[key], (*parts, key))
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            if i >= len(new):
                yield Change((*parts, i), old[i], None)
            elif i >= len(old):
                yield Change((*parts, i), None, new[i])
            elif not same(old[i], new[i]):
                yield from diff(old[i], new[i], (*parts, i))
    elif old != new or type(old) is not type(new):
        yield Change(parts, old, new)


def new_modificaciones(
    old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Entries of ``modificaciones`` that were not there at the baseline."""
    before = (old or {}).get("modificaciones") or []
    return [m for m in new.get("modificaciones") or [] if m not in before]


def agreed_of(data: dict[str, Any]) -> dict[str, Any]:
    """``agreed_view``, tolerant of a file that was broken at some commit."""
    if "hitos" in data and not isinstance(data["hitos"], list):
        return {k: v for k, v in data.items() if k not in COMPROMISO_NOT_AGREED}
    return agreed_view(data)


def modificaciones_of(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` reduced to a well-formed ``modificaciones`` list, for ``new_modificaciones``."""
    mods = data.get("modificaciones")
    return {"modificaciones": mods if isinstance(mods, list) else []}
