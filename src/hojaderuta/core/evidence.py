"""Which local evidence files may be published: inside the plan, tracked, and harmless.

A relative evidence path is copied verbatim into the public site, so it must not
reach anything the plan does not own: the path is resolved with its links followed
and must land inside the plan's folder, outside any ``.git``, and (when the plan is
in git) on a file git tracks. Its type must be one a browser shows or downloads but
never runs (no HTML, SVG, XML or scripts: the site would serve them as its own pages).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from hojaderuta.core.findings import Codigo
from hojaderuta.errors import EnvironmentProblem
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.safetext import visible

# Documents, images, audio and video, data and archives. Anything else (HTML, SVG,
# XML, JavaScript, files without an extension...) could run code on the site's origin.
ALLOWED_SUFFIXES = frozenset(
    {
        # documents
        ".pdf", ".txt", ".md", ".rtf", ".doc", ".docx", ".odt",
        ".ppt", ".pptx", ".odp", ".epub",
        # spreadsheets and data
        ".xls", ".xlsx", ".ods", ".csv", ".tsv", ".json", ".yaml", ".yml",
        # images
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff",
        # audio and video
        ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".webm", ".ogv",
        # archives
        ".zip", ".7z", ".gz", ".tgz", ".tar",
    }
)  # fmt: skip


class Problem(Enum):
    MISSING = "no-encontrada"  # no such file from the plan or the repository root
    OUTSIDE = "fuera-del-plan"  # resolves outside the plan, or into a .git folder
    UNTRACKED = "sin-seguimiento"  # inside the plan, but git does not track it
    KIND = "tipo-no-permitido"  # a type that could run code in a browser


# Each problem's code and its sentence, untranslated (``_(text).format(valor=…, n=…)``:
# the value as written and the hito's number, 1-based).
PROBLEMS: dict[Problem, tuple[Codigo, str]] = {
    Problem.MISSING: (
        Codigo.EVIDENCIA_NO_ENCONTRADA,
        N_(
            "La evidencia «{valor}» del hito {n} no es una dirección web y no existe ese "
            "archivo (se busca desde la carpeta del plan y desde la raíz del repositorio). "
            "Corrija la ruta o agregue el archivo."
        ),
    ),
    Problem.OUTSIDE: (
        Codigo.EVIDENCIA_FUERA_DEL_PLAN,
        N_(
            "La evidencia «{valor}» del hito {n} lleva fuera de la carpeta del plan (o a una "
            "carpeta .git), y se publicaría en el sitio. Copie el archivo dentro de la carpeta "
            "del plan (por ejemplo, en evidencias/)."
        ),
    ),
    Problem.UNTRACKED: (
        Codigo.EVIDENCIA_FUERA_DEL_PLAN,
        N_(
            "La evidencia «{valor}» del hito {n} es un archivo que git no sigue (no está en el "
            "repositorio). Agréguelo con «git add» si debe publicarse, o use otro."
        ),
    ),
    Problem.KIND: (
        Codigo.EVIDENCIA_TIPO_NO_PERMITIDO,
        N_(
            "La evidencia «{valor}» del hito {n} es de un tipo que no se publica (páginas web, "
            "SVG, XML, scripts o archivos sin extensión podrían ejecutar código en el sitio). "
            "Use PDF, un documento de oficina, una imagen, datos (CSV, JSON) o un ZIP."
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Lookup:
    """Where an evidence path leads: the confined file, or why there is none."""

    path: Path | None  # the resolved file, when it may be published
    problem: Problem | None
    found: Path | None = None  # the file it names, even when refused (for messages)


def allowed_type(path: Path) -> bool:
    return path.suffix.lower() in ALLOWED_SUFFIXES


def _inside_git_dir(path: Path, plan_dir: Path) -> bool:
    """Inside ``.git`` or hdr's own ``.hdr`` (lock, journal, versions it did not apply)."""
    return any(part.lower() in (".git", ".hdr") for part in path.relative_to(plan_dir).parts)


def _judge(found: Path, plan_dir: Path, tracked: frozenset[Path] | None) -> Problem | None:
    if not found.is_relative_to(plan_dir) or _inside_git_dir(found, plan_dir):
        return Problem.OUTSIDE
    # The type before git: what the file is matters more than whether it was added yet.
    if not allowed_type(found):
        return Problem.KIND
    if tracked is not None and found not in tracked:
        return Problem.UNTRACKED
    return None


def _candidates(clean: str, plan_dir: Path, repo_root: Path | None) -> list[Path]:
    """The existing regular files ``clean`` names from the plan, then the repository root."""
    bases = [plan_dir] + ([repo_root] if repo_root is not None and repo_root != plan_dir else [])
    out = []
    for base in bases:
        try:
            candidate = (base / clean).resolve()  # follows every link, as a copy would
            # Evidence is a file: a folder, FIFO or device proves nothing and reads forever.
            if candidate.is_file() and candidate not in out:
                out.append(candidate)
        except (OSError, ValueError, RuntimeError):  # too long, a link loop, and the like
            continue
    return out


def locate_evidence(
    value: str, plan_dir: Path, repo_root: Path | None, tracked: frozenset[Path] | None
) -> Lookup:
    """Judge a relative evidence path (already classified as ``Link.RELATIVE``).

    ``plan_dir`` and ``repo_root`` must be resolved. ``tracked``: the absolute paths of
    the files git tracks under the plan (None outside git: only the folder counts).
    The first candidate that passes wins; otherwise the first one's problem is told.
    """
    clean = value.strip().split("#", 1)[0].split("?", 1)[0]
    if not clean or "\0" in clean:
        return Lookup(None, Problem.MISSING)
    first: Lookup | None = None
    for found in _candidates(clean, plan_dir, repo_root):
        problem = _judge(found, plan_dir, tracked)
        if problem is None:
            return Lookup(found, None, found)
        first = first or Lookup(None, problem, found)
    return first or Lookup(None, Problem.MISSING)


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A judged evidence file, remembered by identity so a later read gets that file."""

    path: Path  # resolved and confined: no link left in it when it was judged
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> EvidenceFile:
        info = path.stat()
        return cls(path, info.st_dev, info.st_ino)

    def read(self) -> bytes:
        """Its bytes, read once. Raises EnvironmentProblem if it is gone or is no longer
        the file judged (a link or another file put in its place since): nothing is read
        through a link, and no page links to a file the site lacks."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags | getattr(os, "O_BINARY", 0))
            with os.fdopen(fd, "rb") as fh:
                info = os.fstat(fh.fileno())
                same = (info.st_dev, info.st_ino) == (self.device, self.inode)
                if same and stat.S_ISREG(info.st_mode):
                    return fh.read()
        except OSError:
            pass
        raise EnvironmentProblem(
            _(
                "La evidencia «{ruta}» cambió o desapareció mientras se "
                "publicaba el sitio; no se copió. Vuelva a publicar."
            ).format(ruta=visible(str(self.path)))
        )
