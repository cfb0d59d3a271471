"""The plan's history from git: events and the progress series (provenance: ``provenance``).

``read_history`` walks the first-parent history of HEAD over the plan's files
(oldest first), parsing only the blobs each commit changed (``repo``, ``blobcache``),
and (``walk``, ``events``) turns the successive states of each commitment, matched by ``numero``
(so renamed files are followed), into the contract's events and progress
series. The library never prints; ``reporters.history`` renders the result.

Two caches spare the work: ``historycache`` keeps the whole result of the last commit
read (a repeated run reads one file and starts no git process but ``rev-parse``), and
``blobcache`` what each version and each pair of versions gave (a history with a few
new commits only parses what those commits changed).

The series point of a commit is the plan's ``avance`` as ``hdr avance`` would
compute it on that commit's files at that commit's date, with one difference
documented in docs/historial.md: a file counts when it loads cleanly, passes
the schema and its ``numero`` is unique; the other rules of ``hdr validar`` are
not re-run on old commits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.core.discovery import PLAN_FILE
from hojaderuta.core.loading import bulk_loading, load_file
from hojaderuta.git.blobcache import BlobCache
from hojaderuta.git.events import Evento, EventType
from hojaderuta.git.historycache import head_key, load_result, rewritten, save_result
from hojaderuta.git.repo import Commit, PlanRepo
from hojaderuta.git.walk import BlobQueue, PlanWalk
from hojaderuta.text.i18n import _

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
    desde_cache: bool = False  # the whole result came from the cache of this HEAD

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

    ``cache=False`` (or ``HDR_CACHE=0`` in the environment) parses every changed blob
    again and leaves the on-disk cache alone.
    """
    cache = cache and os.environ.get("HDR_CACHE") != "0"
    needed_for = _(
        "«{plan}» no está en un repositorio git, y el historial sale de la historia de git."
    ).format(plan=plan_dir)
    with bulk_loading(), PlanRepo(plan_dir, needed_for) as store:
        cache = cache and not rewritten(store)
        key = head_key(store) if cache else None
        found = load_result(key) if key is not None else None
        history = _restore(found) if found is not None else None
        if history is None:
            history = _read_history(store, cache)
            if key is not None:
                save_result(key, _result_of(history))
    history.plan = _plan_id(plan_dir)
    return history


def _read_history(store: PlanRepo, cache: bool) -> History:
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
        plan=None,
        completo=not shallow,
        commits=[e.commit for e in log],
        eventos=eventos,
        serie=serie,
        cumplidos=walk.cumplidos(),
        blobs_leidos=blobs.misses,
        blobs_en_cache=blobs.hits,
    )


# --- the whole result, as plain values for the cache (historycache) -------------------


def _result_of(history: History) -> tuple[Any, ...]:
    index = {c.sha: i for i, c in enumerate(history.commits)}
    return (
        history.completo,
        tuple((c.sha, c.fecha, c.autor, c.mensaje) for c in history.commits),
        tuple(
            (
                str(e.tipo),
                e.compromiso,
                index[e.commit.sha],
                e.hito,
                e.campo,
                e.antes,
                e.despues,
                e.archivo,
                e.detalle,
            )
            for e in history.eventos
        ),
        tuple((index[p.commit.sha], p.avance, p.compromisos) for p in history.serie),
        tuple(sorted(history.cumplidos)),
    )


def _restore(result: tuple[Any, ...]) -> History | None:
    """The History ``_result_of`` gave; None when the cached value is not one."""
    try:
        completo, commits_, eventos_, serie_, cumplidos_ = result
        commits = [Commit(*c) for c in commits_]
        tipos = {str(t): t for t in EventType}
        eventos = [
            Evento(tipos[t], n, commits[i], h, campo, antes, despues, archivo, detalle)
            for t, n, i, h, campo, antes, despues, archivo, detalle in eventos_
        ]
        serie = [Punto(commits[i], avance, n) for i, avance, n in serie_]
        cumplidos = frozenset((n, h) for n, h in cumplidos_)
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    return History(None, bool(completo), commits, eventos, serie, cumplidos, desde_cache=True)
