"""Running the git executable for the commands that change a plan: ``git init`` for
``hdr iniciar``, and status and commit for ``hdr marcar --commit``.

Reading history has its own door (``repo``, ``gitproc``); these few writes run ``git``
with the user's own configuration and language (author, hooks, signing), as when they
commit by hand.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from hojaderuta.core.discovery import find_repo_root
from hojaderuta.errors import GitError
from hojaderuta.text.i18n import _


def init_repository(folder: Path) -> bool:
    """Run ``git init`` in ``folder``; False when git is missing or fails."""
    if shutil.which("git") is None:
        return False
    done = subprocess.run(
        ["git", "init", "--quiet"], cwd=folder, capture_output=True, text=True, check=False
    )
    return done.returncode == 0


def repository_for_commit(path: Path) -> Path:
    """The root of the repository holding ``path``, checked before ``--commit`` edits it."""
    root = find_repo_root(path.parent)
    if root is None:
        raise GitError(
            _(
                "--commit necesita que el plan esté en un repositorio git (cree uno con "
                "«git init» o quite --commit)."
            )
        )
    if shutil.which("git") is None:
        raise GitError(_("--commit necesita git, que no está instalado en este equipo."))
    return root


def has_uncommitted(repo: Path, path: Path) -> bool:
    """Whether ``path`` has changes (staged or not) that are not committed yet."""
    return bool(_git(repo, "status", "--porcelain", "--", str(path.resolve())))


def commit_file(repo: Path, path: Path, subject: str, body: Sequence[str] = ()) -> str:
    """Commit only ``path``, whatever else is staged; the new commit's SHA."""
    rel = path.resolve().relative_to(repo.resolve()).as_posix()
    message = ["-m", "\n".join(body)] if body else []
    _git(repo, "add", "--", rel)
    _git(repo, "commit", "--quiet", "-m", subject, *message, "--only", "--", rel)
    return _git(repo, "rev-parse", "HEAD").strip()


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise GitError(said or _("git {orden} falló.").format(orden=args[0]))
    return done.stdout
