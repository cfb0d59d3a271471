"""Provenance: for each hito done now, the commit that marked it cumplido and the one
that recorded its verification, from the plan's git history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.errors import GitError
from hojaderuta.git.events import EventType
from hojaderuta.git.history import History, read_history


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who first marked a hito cumplido (in its current, uninterrupted run) and who verified it."""

    compromiso: int
    hito: int  # 1-based
    commit: str
    autor: str
    fecha: str  # committer date, ISO 8601
    mensaje: str
    verificado_por: str | None = None  # verificado.por as written in the file
    verificado_commit: str | None = None
    verificado_autor: str | None = None
    verificado_fecha: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "compromiso": self.compromiso,
            "hito": self.hito,
            "commit": self.commit,
            "autor": self.autor,
            "fecha": self.fecha,
            "mensaje": self.mensaje,
            "verificado_por": self.verificado_por,
            "verificado_commit": self.verificado_commit,
            "verificado_autor": self.verificado_autor,
            "verificado_fecha": self.verificado_fecha,
        }


def provenance(history: History) -> dict[tuple[int, int], Provenance]:
    """For each hito cumplido at the last commit, keyed by (numero, hito 1-based): the
    commit that marked it cumplido (the start of its current run, after any reopening)
    and the one that recorded its verification.

    Hitos with no such commit (already cumplido where a shallow clone's history starts)
    are missing from the result.
    """
    found: dict[tuple[int, int], Provenance] = {}
    for e in history.eventos:
        if e.tipo == EventType.COMPROMISO_ELIMINADO:
            for key in [k for k in found if k[0] == e.compromiso]:
                del found[key]
        if e.hito is None:
            continue
        key = (e.compromiso, e.hito)
        if e.tipo == EventType.HITO_CUMPLIDO:
            c = e.commit
            found[key] = Provenance(e.compromiso, e.hito, c.sha, c.autor, c.fecha, c.mensaje)
        elif e.tipo == EventType.HITO_REABIERTO:
            found.pop(key, None)
        elif e.tipo == EventType.HITO_VERIFICADO and key in found:
            old, c = found[key], e.commit
            por = (e.detalle or {}).get("por")
            found[key] = Provenance(
                old.compromiso,
                old.hito,
                old.commit,
                old.autor,
                old.fecha,
                old.mensaje,
                verificado_por=None if por is None else str(por),
                verificado_commit=c.sha,
                verificado_autor=c.autor,
                verificado_fecha=c.fecha,
            )
    return {k: v for k, v in found.items() if k in history.cumplidos}


def try_provenance(plan_dir: Path) -> dict[tuple[int, int], Provenance] | None:
    """``provenance`` of the plan's history, or None when the plan is not in git.

    For commands that work without git (``hdr avance --compromiso N``).
    """
    try:
        return provenance(read_history(plan_dir))
    except GitError:
        return None
