"""The plan's history from git: events and the progress series (provenance: ``provenance``).

``read_history`` walks the first-parent history of HEAD over the plan's files
(oldest first), parsing only the blobs each commit changed (``repo``, ``blobcache``),
and (``walk``, ``events``) turns the successive states of each commitment, matched by ``numero``
(so renamed files are followed), into the contract's events and progress
series. The library never prints; ``reporters.history`` renders the result.

The series point of a commit is the plan's ``avance`` as ``hdr avance`` would
compute it on that commit's files at that commit's date, with one difference
documented in docs/historial.md: a file counts when it loads cleanly, passes
the schema and its ``numero`` is unique; the other rules of ``hdr validar`` are
not re-run on old commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.core.discovery import PLAN_FILE
from hojaderuta.core.loading import bulk_loading, load_file
from hojaderuta.git.blobcache import BlobCache
from hojaderuta.git.events import Evento, EventType
from hojaderuta.git.repo import Commit, PlanRepo
from hojaderuta.git.walk import BlobQueue, PlanWalk

# Evento and EventType are part of what a History holds: importable from here too.
__all__ = ["EventType", "Evento", "History", "Punto", "read_history"]


@dataclass(frozen=True, slots=True)
class Punto:
    """The plan's progress right after one commit that touched it."""

    commit: Commit
    avance: float | None  # None when no commitment file counted at that commit
    compromisos: int  # how many files counted

    def as_json(self) -> dict[str, Any]:
        avance = None if self.avance is None else round(self.avance, 2)
        return {"fecha": self.commit.fecha, "commit": self.commit.sha, "avance": avance}


@dataclass
class History:
    plan: str | None  # the plan's id (plan.yaml in the working tree)
    completo: bool  # False in a shallow clone: older commits are missing
    commits: list[Commit]  # every commit that touched the plan, oldest first
    eventos: list[Evento]
    serie: list[Punto]
    cumplidos: frozenset[tuple[int, int]]  # (numero, hito) marked cumplido at the last commit
    blobs_leidos: int = 0  # parsed from git in this run
    blobs_en_cache: int = 0  # taken from the on-disk cache

    def as_json(self) -> dict[str, Any]:
        """The contract's ``hdr historial --formato json`` document."""
        return {
            "formato": 1,
            "plan": self.plan,
            "completo": self.completo,
            "eventos": [e.as_json() for e in self.eventos],
            "serie": [p.as_json() for p in self.serie],
        }

    def eventos_de(self, numero: int) -> list[Evento]:
        return [e for e in self.eventos if e.compromiso == numero]


def _plan_id(plan_dir: Path) -> str | None:
    doc = load_file(plan_dir / PLAN_FILE, PLAN_FILE)
    value = doc.data.get("id") if doc.loaded and isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else None


def read_history(plan_dir: Path, *, cache: bool = True) -> History:
    """The plan's history (first-parent of HEAD). Raises GitError outside a git repository.

    ``cache=False`` parses every changed blob again and leaves the on-disk cache alone.
    """
    with bulk_loading():
        return _read_history(plan_dir, cache)


def _read_history(plan_dir: Path, cache: bool) -> History:
    with PlanRepo(plan_dir, "el historial") as store:
        shallow = store.shallow_commits()
        log = store.log()
        blobs = BlobCache(store, enabled=cache)
        walk = PlanWalk(BlobQueue(blobs, log))
        eventos: list[Evento] = []
        serie: list[Punto] = []
        for entry in log:
            # A shallow clone's oldest commit looks like the creation of everything:
            # it is where the history starts, not what happened.
            eventos.extend(walk.step(entry, quiet=entry.commit.sha in shallow))
            avance, counted = walk.avance(entry.commit.dia)
            serie.append(Punto(entry.commit, avance, counted))
        walk.source.close()
        blobs.flush()
        return History(
            plan=_plan_id(plan_dir),
            completo=not shallow,
            commits=[e.commit for e in log],
            eventos=eventos,
            serie=serie,
            cumplidos=walk.cumplidos(),
            blobs_leidos=blobs.misses,
            blobs_en_cache=blobs.hits,
        )
