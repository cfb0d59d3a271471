"""The whole history of one commit, cached: a repeated ``hdr historial`` reads one file.

The history of a plan is a function of the commit HEAD names (its first-parent chain
is part of its SHA), of where the plan lies in the repository, of the shallow cut (a
shallow clone's history starts elsewhere) and of hdr itself (``cachefiles.fingerprint``).
``PlanRepo`` finds all of that with ONE ``git rev-parse`` (no log, no object read), and
the result lives in one sealed file per working tree and plan folder. Anything odd
(no HEAD yet, a damaged file, a key that does not match) only means the history is
read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.git.cachefiles import folder_of, read_sealed, write_sealed
from hojaderuta.git.gitproc import run_git
from hojaderuta.git.repo import PlanRepo

_REPLACE_ENV = ("GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE")


@dataclass(frozen=True, slots=True)
class HeadKey:
    head: str  # the commit HEAD names
    top: str  # the working tree's root
    common: Path  # the git directory shared by all working trees (where the cache is)
    rel: str  # the plan folder inside the working tree, "" or ending in "/"
    shallow: tuple[str, ...]  # the shallow clone's cut, sorted; empty when complete

    @property
    def path(self) -> Path:
        name = hashlib.blake2b(f"{self.top}\0{self.rel}".encode(), digest_size=10).hexdigest()
        return folder_of(self.common) / f"head-{name}.result"

    def as_tuple(self) -> tuple[str, str, str, tuple[str, ...]]:
        return (self.head, self.top, self.rel, self.shallow)


def rewritten(store: PlanRepo) -> bool:
    """Whether git may show something else than the objects' own content: replaced
    objects (``git replace``) or grafts. Rare; no cache is used or filled then, since
    an entry keyed by an object's SHA could hold what that object was before."""
    if any(os.environ.get(name) for name in _REPLACE_ENV):
        return True
    git_dir = store.git_dir
    if (git_dir / "info" / "grafts").exists():
        return True
    if (git_dir / "reftable").exists():  # refs are not files: ask git
        done = run_git(store.root, "for-each-ref", "--count=1", "--format=x", "refs/replace/")
        return done.returncode != 0 or bool(done.stdout.strip())
    with contextlib.suppress(OSError):
        if any((git_dir / "refs" / "replace").iterdir()):
            return True
    try:
        return b" refs/replace/" in (git_dir / "packed-refs").read_bytes()
    except OSError:
        return False


def head_key(store: PlanRepo) -> HeadKey | None:
    """The key of the plan's history as ``store`` sees it; None before the first commit."""
    if store.head is None:
        return None
    shallow = tuple(sorted(store.shallow_commits()))
    return HeadKey(store.head, str(store.root), store.git_dir, store.rel, shallow)


def load_result(key: HeadKey) -> tuple[Any, ...] | None:
    """The cached result for ``key``, as ``save_result`` got it; None when there is none."""
    payload = read_sealed(key.path)
    if payload is None or len(payload) != 2 or payload[0] != key.as_tuple():
        return None
    result = payload[1]
    return result if isinstance(result, tuple) else None


def save_result(key: HeadKey, result: tuple[Any, ...]) -> None:
    write_sealed(key.path, (key.as_tuple(), result))
