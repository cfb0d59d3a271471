"""Reading a plan's git history fast: one ``git log`` and one ``git cat-file --batch``.

Git is read through GitPython (the project's git dependency): the first-parent
log of the plan's paths with each changed blob's SHA, then the blobs in one
batch (``stream_blobs``), or one by one through GitPython's own long-lived
``cat-file`` process. Parsing and caching live in ``versions`` and ``blobcache``.

GitPython is imported inside functions only: ``hdr --help`` must stay fast.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from hojaderuta.core.discovery import COMMITMENTS_DIR, PLAN_FILE
from hojaderuta.errors import GitError
from hojaderuta.text.safetext import visible

_RECORD = "\x1e"
_FIELD = "\x1f"
_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%an%x1f%ae%x1f%s"
_ZERO = "0" * 40
_DELETED = "D"  # the status letter of a deleted file in ``git log --raw``

UNSHALLOW_HINT = (
    "traiga la historia completa con «git fetch --unshallow» (en GitHub Actions, use "
    "actions/checkout con «fetch-depth: 0»)"
)


class ObjectType(StrEnum):
    """The kinds of git object hdr meets (``git cat-file``, ``ls-tree``, ``for-each-ref``)."""

    BLOB = "blob"
    TREE = "tree"
    COMMIT = "commit"
    TAG = "tag"


class FileMode(StrEnum):
    """Modes of a tree entry (``git ls-tree``)."""

    FILE = "100644"
    EXECUTABLE = "100755"
    SYMLINK = "120000"
    SUBMODULE = "160000"


class NotARepositoryError(GitError):
    """The plan is not inside a git repository (callers may word it for their purpose)."""


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    fecha: str  # committer date, ISO 8601 with its offset
    autor: str  # "Name <email>"
    mensaje: str  # first line of the message

    @property
    def dia(self) -> date:
        """The committer date's calendar day, in the committer's own time zone."""
        return datetime.fromisoformat(self.fecha).date()

    @property
    def corto(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class FileChange:
    archivo: str  # relative to the plan directory, "/" separators
    blob: str | None  # None when the commit deleted the file


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: Commit
    cambios: list[FileChange]  # commitment files only, in git's order
    plan_tocado: bool  # plan.yaml changed


@dataclass(frozen=True, slots=True)
class TreeFile:
    path: str  # relative to the repository root
    mode: str  # a FileMode, as git wrote it
    blob: str


def _git_module() -> Any:
    try:
        import git
    except ImportError as err:  # GitPython raises this when no git executable is found
        raise GitError(f"No se pudo usar git (¿está instalado?): {err}") from err
    return git


def is_commitment_path(archivo: str) -> bool:
    """compromisos/NAME.yaml|yml directly in the folder, not hidden (as ``commitment_files``)."""
    folder, _, name = archivo.rpartition("/")
    return (
        folder == COMMITMENTS_DIR and name.endswith((".yaml", ".yml")) and not name.startswith(".")
    )


class PlanRepo:
    """A plan directory inside a git repository. Use as a context manager (closes git)."""

    def __init__(self, plan_dir: Path, needed_for: str) -> None:
        git = _git_module()
        self.plan_dir = plan_dir.resolve()
        try:
            self.repo = git.Repo(self.plan_dir, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
            raise NotARepositoryError(
                f"«{plan_dir}» no está en un repositorio git, y {needed_for} sale de la "
                "historia de git. Ejecute la orden dentro de una copia (clon) del repositorio "
                "del plan; si el plan aún no está en git, créelo con «git init» y haga un "
                "primer commit."
            ) from err
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise GitError(f"El repositorio de «{plan_dir}» no tiene copia de trabajo.")
        self.root = Path(self.repo.working_tree_dir).resolve()
        rel = self.plan_dir.relative_to(self.root).as_posix()
        self.rel = "" if rel == "." else rel + "/"
        # Worktrees share objects, the shallow list and our cache in the common dir.
        self.git_dir = Path(self.repo.common_dir).resolve()

    def _git(self, command: str, *args: str, **options: Any) -> Any:
        """Run one git command; its failure becomes a GitError with git's own words."""
        git = _git_module()
        try:
            return getattr(self.repo.git, command)(*args, **options)
        except git.GitCommandError as err:
            detail = err.stderr.strip() if isinstance(err.stderr, str) else str(err)
            raise GitError(f"git no pudo leer la historia del plan: {detail}") from err

    def __enter__(self) -> PlanRepo:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.repo.close()

    # --- state -----------------------------------------------------------

    def shallow_commits(self) -> set[str]:
        """Commits whose parents are missing (a shallow clone's cut); empty when complete."""
        try:
            text = (self.git_dir / "shallow").read_text(encoding="ascii")
        except OSError:
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def has_head(self) -> bool:
        return bool(self.repo.head.is_valid())

    @property
    def worktree_git_dir(self) -> str:
        """This checkout's own git directory (a worktree's, not the common one)."""
        return str(self.repo.git_dir)

    def peel(self, ref: str) -> str | None:
        """The SHA of the commit ``ref`` (tag, branch or commit) names; None when it names
        none: a tree, a blob or a range («A..B») is not a commit."""
        git = _git_module()
        try:
            sha: str = self.repo.git.rev_parse(
                "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
            )
        except git.GitCommandError:
            return None
        return sha.strip() or None

    def resolve(self, ref: str) -> Commit:
        """The commit ``ref`` (tag, branch or commit) names, or a clear GitError."""
        git = _git_module()
        missing = (
            f"«{visible(ref)}» no existe en este repositorio como commit (use una etiqueta, "
            "una rama o un commit; no un rango ni un árbol). Si es un clon superficial, "
            "como en GitHub Actions, traiga la historia y las etiquetas con "
            "«git fetch --unshallow --tags»."
        )
        sha = self.peel(ref)
        if sha is None:
            raise GitError(missing)
        try:
            out: str = self.repo.git.log("-1", f"--format={_LOG_FORMAT}", sha, "--")
        except git.GitCommandError as err:
            raise GitError(missing) from err
        if not out.strip():
            raise GitError(f"«{visible(ref)}» no nombra un commit de este repositorio.")
        return _parse_header(out.lstrip(_RECORD))

    # --- history -----------------------------------------------------------

    def log(self) -> list[LogEntry]:
        """First-parent history of HEAD over the plan's files, oldest first.

        One ``git log``: merges show their diff against the first parent (``-m``),
        renames are plain delete + add (commitments are followed by ``numero``).
        """
        if not self.has_head():
            return []
        raw: bytes = self._git(
            "log",
            "--first-parent",
            "-m",
            "--reverse",
            "--root",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--no-color",
            "--no-ext-diff",
            "-z",
            f"--format={_LOG_FORMAT}",
            "HEAD",
            "--",
            f":(top,literal){self.rel}{PLAN_FILE}",
            f":(top,literal){self.rel}{COMMITMENTS_DIR}",
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
        text = raw.decode("utf-8", errors="surrogateescape")
        entries = []
        for record in text.split(_RECORD)[1:]:
            header, _, body = record.partition("\0")
            changes: list[FileChange] = []
            plan_touched = False
            fields = body.lstrip("\n").split("\0")
            for meta, path in zip(fields[0::2], fields[1::2], strict=False):
                if not meta.startswith(":") or not path.startswith(self.rel):
                    continue
                archivo = path[len(self.rel) :]
                parts = meta.split()
                blob = None if parts[4] == _DELETED or parts[3] == _ZERO else parts[3]
                if archivo == PLAN_FILE:
                    plan_touched = True
                elif is_commitment_path(archivo):
                    changes.append(FileChange(archivo, blob))
            if changes or plan_touched:
                entries.append(LogEntry(_parse_header(header), changes, plan_touched))
        return entries

    # --- blobs -------------------------------------------------------------

    def read_blob(self, sha: str) -> bytes:
        """One blob's bytes, through GitPython's long-lived ``git cat-file --batch``."""
        data: bytes = self.repo.git.get_object_data(sha)[3]
        return data

    def stream_blobs(self, shas: list[str]) -> Iterator[tuple[str, bytes]]:
        """Many blobs through ONE ``git cat-file --batch``, in order.

        A thread writes every request up front, so git inflates the next blobs while
        the caller parses this one (asking one at a time would add a round trip each).
        """
        if not shas:
            return
        handle = self.repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
        proc = handle.proc
        requests = "".join(f"{sha}\n" for sha in shas).encode("ascii")

        def feed() -> None:
            with contextlib.suppress(OSError):  # git exited early: the reader reports it
                proc.stdin.write(requests)
                proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        done = False
        try:
            out = proc.stdout
            for i, sha in enumerate(shas, 1):
                header = out.readline().split()
                if len(header) != 3 or header[1] != ObjectType.BLOB.encode():
                    raise GitError(f"git no pudo leer el objeto {sha} del repositorio.")
                data = out.read(int(header[2]))
                out.read(1)  # the newline after each object
                done = i == len(shas)
                yield sha, data
        finally:
            if not done:  # abandoned midway: git may be blocked writing to us
                proc.kill()
            proc.stdout.close()
            writer.join()
            proc.wait()

    def tree_files(self, commit: str, under: str = "") -> list[TreeFile]:
        """Every file in the repository at ``commit``, or in its folder ``under`` (a path from
        the repository root, as the returned paths are), at any depth."""
        only = ["--", f":(top,literal){under}"] if under else []
        raw: bytes = self._git(
            "ls_tree", "-r", "-z", "--full-tree", commit, *only, stdout_as_string=False
        )
        out = []
        for item in raw.decode("utf-8", errors="surrogateescape").split("\0"):
            if not item:
                continue
            meta, _, path = item.partition("\t")
            mode, kind, sha = meta.split()
            if kind == ObjectType.BLOB:
                out.append(TreeFile(path, mode, sha))
        return out

    def tags(self) -> list[tuple[str, Commit]]:
        """Every tag that names a commit, with that commit (annotated tags are peeled)."""
        fields = (
            "objecttype",
            "objectname",
            "committerdate:iso-strict",
            "authorname",
            "authoremail",
            "subject",
        )
        direct = "%1f".join(f"%({f})" for f in fields)
        peeled = "%1f".join(f"%(*{f})" for f in fields)
        out: str = self._git(
            "for_each_ref", f"--format=%(refname:strip=2)%1e{direct}%1e{peeled}", "refs/tags"
        )
        found = []
        for line in out.split("\n"):
            if not line:
                continue
            name, *targets = line.split(_RECORD)
            for target in targets:
                kind, sha, fecha, nombre, correo, mensaje = target.split(_FIELD, 5)
                if kind == ObjectType.COMMIT:
                    autor = f"{nombre} {correo}"  # %(authoremail) keeps its <>
                    found.append((name, Commit(sha, fecha, autor, mensaje)))
        return found


def _parse_header(header: str) -> Commit:
    # Not str.strip() nor splitlines(): Python counts \x1e and \x1f as whitespace.
    sha, fecha, nombre, correo, mensaje = header.strip("\n").split(_FIELD, 4)
    return Commit(sha=sha, fecha=fecha, autor=f"{nombre} <{correo}>", mensaje=mensaje)
