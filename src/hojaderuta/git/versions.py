"""One commitment file across its versions: parsing a version, and comparing two.

The history compares consecutive versions of every commitment. Each parsed
version carries fingerprints of its agreed fields (all but the hitos at once, and
each hito), so most comparisons end without looking at the data at all.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.core import placeholders
from hojaderuta.core.loading import load_text
from hojaderuta.core.schema import is_valid
from hojaderuta.git.agreed import Change, agreed_of, diff


@dataclass(frozen=True, slots=True)
class Digests:
    """Fingerprints of a commitment's agreed fields, so two versions compare cheaply.

    A fingerprint is the value pickled: equal bytes mean equal values with equal types
    (1, 1.0 and true apart, as ``agreed.diff`` tells them). Values that share objects
    differently may differ in bytes, which only costs a diff.
    """

    resto: bytes  # the agreed fields, with a list of hitos as an empty list
    hitos: list[bytes] | None  # each hito's agreed fields; None if hitos is no list


_SUMMARY_HITO = ("cumplido", "fecha_cumplimiento", "ponderacion", "verificado")


def summary_of(data: Any) -> Any:
    """What the history reads of every version: numero, each hito's state and weight, and
    the modificaciones. Small, so a cached version loads fast; the rest waits until a
    diff needs it."""
    if not isinstance(data, dict):
        return data
    out = {k: data[k] for k in ("numero", "modificaciones") if k in data}
    hitos = data.get("hitos")
    if isinstance(hitos, list):
        out["hitos"] = [
            {k: h[k] for k in _SUMMARY_HITO if k in h} if isinstance(h, dict) else h for h in hitos
        ]
    elif "hitos" in data:
        out["hitos"] = hitos
    return out


class ParsedBlob:
    """One version of a commitment file, as the history needs it.

    ``resumen`` (``summary_of`` the data) is always at hand; ``data``, the whole
    file, is loaded on first use when the version comes from the cache. ``sha`` is the
    blob's (empty for a file that is not from git).
    """

    __slots__ = ("_data", "_load", "cargado", "firmas", "resumen", "sha", "valido")

    def __init__(
        self,
        cargado: bool,  # YAML loaded (data usable for events)
        valido: bool,  # no load issue, no placeholder, schema-valid: counts for progress
        data: Any = None,
        firmas: Digests | None = None,  # when data is a mapping
        *,
        resumen: Any = None,
        load: Callable[[], Any] | None = None,  # gives data, when not given
        sha: str = "",
    ) -> None:
        self.sha = sha
        self.cargado = cargado
        self.valido = valido
        self.firmas = firmas
        self._data = data
        self._load = load
        self.resumen = summary_of(data) if load is None else resumen

    @property
    def data(self) -> Any:
        if self._load is not None:
            self._data, self._load = self._load(), None
        return self._data


def numero_of(data: Any) -> int | None:
    """The commitment's ``numero`` when it is a real integer (what identifies it)."""
    value = data.get("numero") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _fingerprint(value: Any) -> bytes:
    return pickle.dumps(value, protocol=5)


def agreed_digests(data: dict[str, Any]) -> Digests:
    view = agreed_of(data)
    hitos = view.get("hitos")
    if not isinstance(hitos, list):
        return Digests(_fingerprint(view), None)
    view["hitos"] = []
    return Digests(_fingerprint(view), [_fingerprint(h) for h in hitos])


def parse_commitment(raw: bytes, archivo: str, *, sha: str = "") -> ParsedBlob:
    """Load one commitment file's bytes and judge whether progress can count it.

    Valid here means what ``hdr validar`` checks per file before its rules: it
    loads without issues, has no unfilled placeholder and passes the schema.
    """
    doc = load_text(raw, Path(archivo), archivo)
    if not doc.loaded:
        return ParsedBlob(False, False, None, sha=sha)
    data = doc.data
    valido = (
        not doc.issues
        and isinstance(data, dict)
        and (placeholders.MARKER.encode() not in raw or next(placeholders.find(data), None) is None)
        and is_valid("compromiso", data)
    )
    firmas = agreed_digests(data) if isinstance(data, dict) else None
    return ParsedBlob(True, valido, data, firmas, sha=sha)


def agreed_changes(old: ParsedBlob, new: ParsedBlob) -> Iterator[Change]:
    """``diff(agreed_view(old), agreed_view(new))``, in the same order, but hitos (and the
    other fields, when all of them are equal) whose fingerprints match are skipped
    without being looked at."""
    do, dn = old.firmas, new.firmas
    if do is not None and dn is not None and do == dn:
        return
    ov, nv = agreed_of(old.data), agreed_of(new.data)
    if do is None or dn is None:
        yield from diff(ov, nv)
        return
    same_rest = do.resto == dn.resto
    for key in list(ov) + [k for k in nv if k not in ov]:
        if key == "hitos" and do.hitos is not None and dn.hitos is not None:
            before, after = ov[key], nv[key]
            for i in range(max(len(before), len(after))):
                if i >= len(after):
                    yield Change((key, i), before[i], None)
                elif i >= len(before):
                    yield Change((key, i), None, after[i])
                elif do.hitos[i] != dn.hitos[i]:
                    yield from diff(before[i], after[i], (key, i))
        elif same_rest:
            continue
        elif key not in nv:
            yield Change((key,), ov[key], None)
        elif key not in ov:
            yield Change((key,), None, nv[key])
        else:
            yield from diff(ov[key], nv[key], (key,))
