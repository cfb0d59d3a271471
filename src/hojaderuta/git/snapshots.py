"""The plan as it was at a git ref: for ``hdr avance --en REF`` and reporting rounds (cortes).

A reporting round is a tag (``avance-2020-06``...) on the commit whose files
were reported. ``plan_at`` recreates the plan directory of that commit in a
temporary folder, so the very same ``check_plan`` + ``plan_avance`` pipeline
of ``hdr avance`` runs on it.
"""

from __future__ import annotations

import fnmatch
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hojaderuta.core.discovery import COMMITMENTS_DIR, PLAN_FILE
from hojaderuta.git.repo import Commit, FileMode, PlanRepo, is_commitment_path
from hojaderuta.text.i18n import _

# Tree entries with nothing for hdr to check: a link's target or another repository.
_NOT_COPIED = (FileMode.SYMLINK, FileMode.SUBMODULE)


def _reading_plan_at(plan_dir: Path, ref: str) -> str:
    return _(
        "«{plan}» no está en un repositorio git, y leer el plan en «{ref}» sale de la "
        "historia de git."
    ).format(plan=plan_dir, ref=ref)


def snapshot_at(plan_dir: Path, ref: str) -> dict[str, bytes]:
    """plan.yaml and compromisos/*.yaml as they were at ``ref``, keyed by their path in
    the plan (``compromisos/13.yaml``). Raises GitError (no repository, unknown ref)."""
    with PlanRepo(plan_dir, _reading_plan_at(plan_dir, ref)) as store:
        commit = store.resolve(ref)
        out: dict[str, bytes] = {}
        for item in store.tree_files(commit.sha):
            if not item.path.startswith(store.rel):
                continue
            archivo = item.path[len(store.rel) :]
            if archivo == PLAN_FILE or is_commitment_path(archivo):
                out[archivo] = store.read_blob(item.blob)
        return out


def materialize_at(plan_dir: Path, ref: str, dest: Path) -> Path:
    """Recreate, inside the empty folder ``dest``, the repository at ``ref`` as far as hdr
    looks at it; returns the plan's directory there.

    The plan's YAML files get their real content. Every other file of the repository
    is created EMPTY: hdr only checks that relative evidence paths exist, and this
    keeps a repository with large evidence files cheap to copy. ``dest/.git`` is a
    ``gitdir:`` link to the real repository, so ``linea_base`` still works there.
    Raises GitError (no repository, unknown ref).
    """
    with PlanRepo(plan_dir, _reading_plan_at(plan_dir, ref)) as store:
        commit = store.resolve(ref)
        for item in store.tree_files(commit.sha):
            if item.mode in _NOT_COPIED:
                continue
            parts = item.path.split("/")
            if ".." in parts or any(p.lower() == ".git" for p in parts):
                continue  # git never checks these out; neither do we
            target = dest / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            archivo = item.path[len(store.rel) :] if item.path.startswith(store.rel) else None
            if archivo is not None and (archivo == PLAN_FILE or is_commitment_path(archivo)):
                target.write_bytes(store.read_blob(item.blob))
            else:
                target.touch()
        (dest / ".git").write_text(f"gitdir: {store.worktree_git_dir}\n", encoding="utf-8")
        plan_copy = dest / store.rel
        (plan_copy / COMMITMENTS_DIR).mkdir(parents=True, exist_ok=True)
        return plan_copy


@contextmanager
def plan_at(plan_dir: Path, ref: str) -> Iterator[Path]:
    """``with plan_at(plan_dir, "avance-2020-06") as old:`` the plan directory as it was
    at that ref, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="hdr-en-") as tmp:
        yield materialize_at(plan_dir, ref, Path(tmp))


def ref_commit(plan_dir: Path, ref: str) -> Commit:
    """The commit a ref names (its ``dia`` is the natural evaluation date of a round)."""
    needed_for = _(
        "«{plan}» no está en un repositorio git, y leer «{ref}» sale de la historia de git."
    ).format(plan=plan_dir, ref=ref)
    with PlanRepo(plan_dir, needed_for) as store:
        return store.resolve(ref)


@dataclass(frozen=True, slots=True)
class Corte:
    """A reporting round: a tag and the commit it names."""

    etiqueta: str
    commit: Commit


def cortes(plan_dir: Path, pattern: str) -> list[Corte]:
    """Tags matching a shell-style ``pattern`` (``avance-*``), oldest commit first."""
    needed_for = _(
        "«{plan}» no está en un repositorio git, y los cortes de avance sale de la historia de git."
    ).format(plan=plan_dir)
    with PlanRepo(plan_dir, needed_for) as store:
        found = [Corte(name, c) for name, c in store.tags() if fnmatch.fnmatchcase(name, pattern)]
    return sorted(found, key=lambda c: (c.commit.fecha, c.etiqueta))
