"""Finding the plan directory, its commitment files and the repository around it."""

from __future__ import annotations

from pathlib import Path

from hojaderuta.core.findings import Codigo, make_finding
from hojaderuta.errors import PlanNotFoundError

PLAN_FILE = "plan.yaml"
COMMITMENTS_DIR = "compromisos"


def find_plan_dir(start: Path) -> Path:
    """``start`` or its nearest parent holding plan.yaml."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for candidate in (here, *here.parents):
        if (candidate / PLAN_FILE).is_file():
            return candidate
    message = (
        f"No se encontró {PLAN_FILE} en «{start}» ni en sus carpetas superiores. "
        "Indique la carpeta del plan (por ejemplo: hdr validar mi-plan) o cree uno con "
        "«hdr iniciar»."
    )
    raise PlanNotFoundError(
        message, make_finding(Codigo.PLAN_NO_ENCONTRADO, PLAN_FILE, 1, 1, "", message)
    )


def commitment_files(plan_dir: Path) -> list[Path]:
    """compromisos/*.yaml and *.yml, by name; hidden files (editor backups) are skipped."""
    folder = plan_dir / COMMITMENTS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    )


def find_repo_root(path: Path) -> Path | None:
    """The nearest folder holding ``.git`` (a directory, or a file in worktrees)."""
    here = path.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
