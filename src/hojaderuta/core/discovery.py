"""Finding the plan directory, its commitment files and the repository around it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hojaderuta.core.findings import Codigo, Finding, make_finding
from hojaderuta.errors import PlanNotFoundError
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.safetext import visible

PLAN_FILE = "plan.yaml"
COMMITMENTS_DIR = "compromisos"


def find_plan_dir(start: Path) -> Path:
    """``start`` or its nearest parent holding plan.yaml.

    A path that does not exist is refused: a typo in CI must not check the plan of an
    enclosing folder instead, and pass.
    """
    if not start.exists():
        message = _(
            "No existe «{ruta}». Indique la carpeta del plan (la que tiene "
            "{archivo}), por ejemplo: hdr validar mi-plan."
        ).format(ruta=visible(str(start)), archivo=PLAN_FILE)
        raise PlanNotFoundError(
            message, make_finding(Codigo.PLAN_NO_ENCONTRADO, PLAN_FILE, 1, 1, "", message)
        )
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for candidate in (here, *here.parents):
        if (candidate / PLAN_FILE).is_file():
            return candidate
    message = _(
        "No se encontró {archivo} en «{ruta}» ni en sus carpetas superiores. "
        "Indique la carpeta del plan (por ejemplo: hdr validar mi-plan) o cree uno con "
        "«hdr iniciar»."
    ).format(archivo=PLAN_FILE, ruta=start)
    raise PlanNotFoundError(
        message, make_finding(Codigo.PLAN_NO_ENCONTRADO, PLAN_FILE, 1, 1, "", message)
    )


def _entry_problem(path: Path, plan_dir: Path) -> tuple[str, str] | None:
    """Why a commitment entry cannot be read safely, or None for a regular file: an
    untranslated sentence about «{archivo}» and, for some, the system's reason.

    Links are followed only while they stay in the plan: a link to /etc/passwd is
    never read (its first line would end up in a finding). FIFOs, sockets and devices
    would block or read forever.
    """
    try:
        target = path.resolve()
        if not target.is_relative_to(plan_dir):
            return N_(
                "«{archivo}» es un enlace simbólico que lleva fuera de la carpeta del plan; "
                "hdr no lo lee."
            ), ""
        mode = target.stat().st_mode
    except FileNotFoundError:
        return N_(
            "«{archivo}» es un enlace simbólico roto: el archivo al que apunta no existe."
        ), ""
    except (OSError, RuntimeError) as err:  # a link loop, no permission...
        return N_("«{archivo}» no se pudo abrir ({motivo})."), str(
            getattr(err, "strerror", None) or err
        )
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return N_("«{archivo}» es una carpeta, no un archivo YAML."), ""
    return N_(
        "«{archivo}» no es un archivo común (es una tubería, un socket o un dispositivo); "
        "hdr no lo lee."
    ), ""


def _unreadable(archivo: str, why: tuple[str, str]) -> Finding:
    """``why``: an untranslated sentence about «{archivo}», and its ``{motivo}``."""
    shown = visible(archivo)
    problem = _(why[0]).format(archivo=shown, motivo=why[1])
    return make_finding(
        Codigo.ARCHIVO_ILEGIBLE,
        shown,
        1,
        1,
        "",
        _(
            "{problema} Cada compromiso debe ser un archivo YAML dentro de la carpeta del plan."
        ).format(problema=problem),
    )


def scan_commitments(plan_dir: Path) -> tuple[list[Path], list[Finding]]:
    """compromisos/*.yaml and *.yml that can be read, by name, and a finding for each
    entry with such a name that cannot (see ``_entry_problem``), or for a
    ``compromisos`` that is not a folder. Hidden files (editor backups) are skipped."""
    folder = plan_dir / COMMITMENTS_DIR
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            bad = (
                N_(
                    "«{archivo}» debe ser una carpeta con un archivo YAML por compromiso, pero no "
                    "lo es."
                ),
                "",
            )
            return [], [_unreadable(COMMITMENTS_DIR, bad)]
        return [], []
    fence = plan_dir.resolve()
    # A plain file in a folder that is itself inside the plan needs no resolving (the
    # common case, and the cost of thousands of resolves); links and the rest are judged.
    inside = folder.resolve().is_relative_to(fence)
    files: list[Path] = []
    findings: list[Finding] = []
    with os.scandir(folder) as entries:
        listed = sorted(entries, key=lambda e: e.name)
    for entry in listed:
        path = folder / entry.name
        if path.suffix not in (".yaml", ".yml") or entry.name.startswith("."):
            continue
        plain = inside and not entry.is_symlink() and entry.is_file(follow_symlinks=False)
        why = None if plain else _entry_problem(path, fence)
        if why is None:
            files.append(path)
        else:
            findings.append(_unreadable(f"{COMMITMENTS_DIR}/{path.name}", why))
    return files, findings


def commitment_files(plan_dir: Path) -> list[Path]:
    """compromisos/*.yaml and *.yml that can be read, by name (see ``scan_commitments``)."""
    return scan_commitments(plan_dir)[0]


def find_repo_root(path: Path) -> Path | None:
    """The nearest folder holding ``.git`` (a directory, or a file in worktrees)."""
    here = path.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
