"""The files git tracks under a plan: the only local evidence the site may publish.

``core`` never calls git; ``checks.validate_plan`` asks here and hands the set to
``core.validation.check_plan``, so an untracked ``.env`` or a key left in the plan's
folder is never taken for evidence. One ``git ls-files`` process: every
``hdr validar`` inside a repository pays for it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hojaderuta.core.discovery import find_repo_root
from hojaderuta.errors import GitError
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible


def tracked_files(plan_dir: Path) -> frozenset[Path] | None:
    """Absolute paths of the files in git's index under ``plan_dir`` (committed or added).

    None when the plan is not in a git repository. Raises GitError when there is a
    repository git cannot read: evidence is then refused rather than trusted.
    Paths are ``plan_dir`` (resolved) joined with git's names, links not followed.
    """
    if find_repo_root(plan_dir) is None:
        return None
    base = plan_dir.resolve()
    try:
        # -z: names exactly as stored (no quoting), in bytes, decoded as the OS does.
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", "."], cwd=base, capture_output=True, check=False
        )
    except OSError as err:
        raise GitError(
            _(
                "El plan está en un repositorio git, pero no se pudo ejecutar git para saber "
                "qué archivos están registrados (¿está instalado?)."
            )
        ) from err
    if done.returncode != 0:
        detail = visible(done.stderr.decode("utf-8", "replace").strip())
        raise GitError(
            _("git no pudo listar los archivos del plan: {detalle}").format(detalle=detail)
        )
    return frozenset(base / os.fsdecode(item) for item in done.stdout.split(b"\0") if item)
