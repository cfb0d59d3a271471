"""Reading a plan's git history fast: one ``git log`` and one ``git cat-file --batch``.

Git is read by running the git executable (``gitproc``): one ``git rev-parse`` finds
the repository and HEAD, then the first-parent log of the plan's paths with each
changed blob's SHA, then the blobs in one batch (``stream_blobs``), or one by one
through a long-lived ``cat-file`` process. Parsing and caching live in ``versions``
and ``blobcache``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from hojaderuta.core.discovery import COMMITMENTS_DIR, PLAN_FILE, find_repo_root
from hojaderuta.errors import GitError
from hojaderuta.git import gitproc
from hojaderuta.text.i18n import N_, _
from hojaderuta.text.safetext import visible

_RECORD = "\x1e"
_FIELD = "\x1f"
_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%an%x1f%ae%x1f%s"
_ZERO = "0" * 40
_DELETED = "D"  # the status letter of a deleted file in ``git log --raw``
# Where the repository is, and HEAD's commit, in one process (see ``PlanRepo``).
_DISCOVER = (
    "rev-parse",
    "--is-bare-repository",
    "--absolute-git-dir",
    "--git-common-dir",
    "--show-toplevel",
    "--verify",
    "--quiet",
    "HEAD^{commit}",
)

# A clause (after «Para verlo completo, »): marked here, translated where shown.
UNSHALLOW_HINT = N_(
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


def is_commitment_path(archivo: str) -> bool:
    """compromisos/NAME.yaml|yml directly in the folder, not hidden (as ``commitment_files``)."""
    folder, _sep, name = archivo.rpartition("/")
    return (
        folder == COMMITMENTS_DIR and name.endswith((".yaml", ".yml")) and not name.startswith(".")
    )


class PlanRepo:
    """A plan directory inside a git repository. Use as a context manager (closes git).

    ``head`` is the commit HEAD named when it was opened (None before the first
    commit): everything read through it is read at that commit.
    """

    def __init__(self, plan_dir: Path, needed_for: str) -> None:
        """``needed_for``: the whole sentence saying that the plan is not in git and what
        needs it (««plan» no está en un repositorio git, y el historial sale de la historia
        de git.»), already translated; the advice on what to do follows it."""
        self.plan_dir = plan_dir.resolve()
        advice = _(
            "Ejecute la orden dentro de una copia (clon) del repositorio del plan; si el plan "
            "aún no está en git, créelo con «git init» y haga un primer commit."
        )
        not_a_repo = NotARepositoryError(f"{needed_for} {advice}")
        if not self.plan_dir.is_dir():
            raise not_a_repo
        done = gitproc.run_git(self.plan_dir, *_DISCOVER)
        lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
        if lines[0] == "true":
            raise GitError(
                _("El repositorio de «{plan}» no tiene copia de trabajo.").format(plan=plan_dir)
            )
        if done.returncode not in (0, 1) or len(lines) < 5:  # 1: no commit yet
            if "not a git repository" in gitproc.detail(done) or not find_repo_root(plan_dir):
                raise not_a_repo
            raise GitError(gitproc.cannot_read_history(done))
        _bare, own_dir, common_dir, top, head = lines[:5]
        self.head = head if done.returncode == 0 and head else None
        self.root = Path(top).resolve()
        try:
            rel = self.plan_dir.relative_to(self.root).as_posix()
        except ValueError:
            raise not_a_repo from None
        self.rel = "" if rel == "." else rel + "/"
        # Worktrees share objects, the shallow list and our cache in the common dir.
        self.git_dir = (self.plan_dir / common_dir).resolve()
        self.worktree_git_dir = own_dir  # this checkout's own (a worktree's, not the common)
        self._blobs = gitproc.BlobReader(self.root)

    def _git(self, *args: str) -> bytes:
        """Run one git command; its failure becomes a GitError with git's own words."""
        return gitproc.git_output(self.root, *args)

    def __enter__(self) -> PlanRepo:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._blobs.close()

    # --- state -----------------------------------------------------------

    def shallow_commits(self) -> set[str]:
        """Commits whose parents are missing (a shallow clone's cut); empty when complete."""
        try:
            text = (self.git_dir / "shallow").read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def has_head(self) -> bool:
        return self.head is not None

    def peel(self, ref: str) -> str | None:
        """The SHA of the commit ``ref`` (tag, branch or commit) names; None when it names
        none: a tree, a blob or a range («A..B») is not a commit."""
        done = gitproc.run_git(
            self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
        sha = done.stdout.decode("utf-8", "surrogateescape").strip()
        return sha if done.returncode == 0 and sha else None

    def resolve(self, ref: str) -> Commit:
        """The commit ``ref`` (tag, branch or commit) names, or a clear GitError."""
        missing = _(
            "«{ref}» no existe en este repositorio como commit (use una etiqueta, una rama o "
            "un commit; no un rango ni un árbol). Si es un clon superficial, como en GitHub "
            "Actions, traiga la historia y las etiquetas con «git fetch --unshallow --tags»."
        ).format(ref=visible(ref))
        sha = self.peel(ref)
        if sha is None:
            raise GitError(missing)
        done = gitproc.run_git(self.root, "log", "-1", f"--format={_LOG_FORMAT}", sha, "--")
        if done.returncode != 0:
            raise GitError(missing)
        out = done.stdout.decode("utf-8", "surrogateescape").removesuffix("\n")
        if not out.strip():
            raise GitError(
                _("«{ref}» no nombra un commit de este repositorio.").format(ref=visible(ref))
            )
        return _parse_header(out.lstrip(_RECORD))

    # --- history -----------------------------------------------------------

    def log(self) -> list[LogEntry]:
        """First-parent history of HEAD (``head``) over the plan's files, oldest first.

        One ``git log``: merges show their diff against the first parent (``-m``),
        renames are plain delete + add (commitments are followed by ``numero``).
        """
        if self.head is None:
            return []
        raw = self._git(
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
            self.head,
            "--",
            f":(top,literal){self.rel}{PLAN_FILE}",
            f":(top,literal){self.rel}{COMMITMENTS_DIR}",
        )
        text = raw.decode("utf-8", errors="surrogateescape")
        entries = []
        for record in text.split(_RECORD)[1:]:
            header, _sep, body = record.partition("\0")
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
        """One blob's bytes, through a long-lived ``git cat-file --batch``."""
        return self._blobs.read(sha)

    def stream_blobs(self, shas: list[str]) -> Iterator[tuple[str, bytes]]:
        """Many blobs through ONE ``git cat-file --batch``, in order (``gitproc``)."""
        return gitproc.stream_blobs(self.root, shas)

    def tree_files(self, commit: str, under: str = "") -> list[TreeFile]:
        """Every file in the repository at ``commit``, or in its folder ``under`` (a path from
        the repository root, as the returned paths are), at any depth."""
        only = ["--", f":(top,literal){under}"] if under else []
        raw = self._git("ls-tree", "-r", "-z", "--full-tree", commit, *only)
        out = []
        for item in raw.decode("utf-8", errors="surrogateescape").split("\0"):
            if not item:
                continue
            meta, _tab, path = item.partition("\t")
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
        raw = self._git(
            "for-each-ref", f"--format=%(refname:strip=2)%1e{direct}%1e{peeled}", "refs/tags"
        )
        out = raw.decode("utf-8", errors="surrogateescape")
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
