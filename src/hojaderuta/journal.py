"""Writing several files as one: after a kill at any moment, all old or all new.

:func:`write_files` first records the change in a journal (``<plan>/.hdr/diario/``):
a manifest (each target with the hash of its original and of its new contents), and the
new contents in hidden files next to
their targets, all flushed to disk; then it marks the journal complete, renames the new
files into place and removes the journal. :func:`recover` finishes what a killed
process left: a complete journal is rolled forward (the remaining renames), an
unfinished one is rolled back: the targets were never touched before the journal was
complete, so the originals are there byte for byte; only the hidden files go.

Call :func:`write_files` holding :func:`hojaderuta.locking.plan_lock`; :func:`recover`
takes the lock itself, and leaves a journal alone while another process holds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hojaderuta.errors import EnvironmentProblem, OutputError, WriteConflictError
from hojaderuta.locking import ensure_state_dir, state_dir, try_plan_lock
from hojaderuta.text.i18n import _, ngettext
from hojaderuta.text.safetext import visible
from hojaderuta.writing import changed_while_preparing, describe_os_error

JOURNAL_DIR = "diario"
MANIFEST = "manifiesto.json"
COMPLETE = "completo"
SET_ASIDE_DIR = "sin-aplicar"  # new versions a recovery could not apply (the user edited)

Change = tuple[Path, bytes | None, bytes]  # target, expected old bytes (None: absent), new


@dataclass(frozen=True)
class _Entry:
    rel: str  # target, relative to the plan folder
    tmp: str  # the hidden file with the new contents, next to the target
    old: str | None  # sha256 of the original; None when the file did not exist
    new: str  # sha256 of the new contents
    index: int


def journal_dir(plan_dir: Path) -> Path:
    """Where an unfinished multi-file write is recorded."""
    return state_dir(plan_dir) / JOURNAL_DIR


def write_files(plan_dir: Path, changes: Sequence[Change]) -> None:
    """Write every change or none, surviving a kill at any moment (see :func:`recover`).

    Each change is ``(path, expected old bytes or None if it must not exist, new bytes)``;
    when a file differs from what was expected, raise :class:`WriteConflictError` and
    write nothing. Files keep their permissions. Call it holding the plan's lock.
    """
    if not changes:
        return
    _recover_locked(plan_dir)  # a stale journal from a killed process comes first
    for path, old, _new in changes:
        _check_unchanged(path, old)
    folder = ensure_state_dir(plan_dir) / JOURNAL_DIR
    entries = [_entry(plan_dir, i, c) for i, c in enumerate(changes)]
    try:
        _stage(plan_dir, folder, entries, changes)
        set_aside = _apply(plan_dir, folder, entries)
        _discard(plan_dir, folder, entries)
    except OSError as err:
        # Before "completo" nothing was touched; after it, roll forward what is missing.
        _recover_locked(plan_dir)
        raise OutputError(
            _("No se pudieron escribir los archivos del plan: {motivo}.").format(
                motivo=describe_os_error(err)
            )
        ) from err
    if set_aside:
        # An editor saved in the instant between the check and the rename: its file stays.
        names = ", ".join(f"«{visible(e.rel)}»" for e in set_aside)
        raise WriteConflictError(
            _(
                "{archivos} cambió mientras hdr escribía (¿otro programa lo guardó?); se dejó "
                "como estaba y la versión de hdr quedó en «{carpeta}». Repita el comando."
            ).format(archivos=names, carpeta=visible(str(state_dir(plan_dir) / SET_ASIDE_DIR)))
        )


def recover(plan_dir: Path) -> str | None:
    """Finish or undo a write a killed hdr left behind; say what was done (else None).

    Does nothing while another process holds the plan's lock (its journal is alive).
    """
    if not journal_dir(plan_dir).exists():
        return None  # the common case: no lock, nothing created
    with try_plan_lock(plan_dir) as lock:
        if not lock.held:
            return None
        return _recover_locked(plan_dir)


def _recover_locked(plan_dir: Path) -> str | None:
    folder = journal_dir(plan_dir)
    if not folder.exists():
        return None
    manifest = folder / MANIFEST
    if not manifest.exists():
        shutil.rmtree(folder)  # killed before the manifest: nothing outside was touched
        return None
    entries = _read_manifest(plan_dir, manifest)
    n = len(entries)
    if not (folder / COMPLETE).exists():
        _discard(plan_dir, folder, entries)
        return ngettext(
            "Una edición anterior de hdr se interrumpió antes de escribir; los {n} archivo "
            "quedaron como estaban.",
            "Una edición anterior de hdr se interrumpió antes de escribir; los {n} archivos "
            "quedaron como estaban.",
            n,
        ).format(n=n)
    set_aside = _apply(plan_dir, folder, entries)
    _discard(plan_dir, folder, entries)
    sentence = ngettext(
        "Una edición anterior de hdr se interrumpió a medias; se terminó de escribir "
        "({n} archivo).",
        "Una edición anterior de hdr se interrumpió a medias; se terminó de escribir "
        "({n} archivos).",
        n,
    ).format(n=n)
    if set_aside:
        names = ", ".join(f"«{visible(e.rel)}»" for e in set_aside)
        sentence += " " + _(
            "{archivos} cambió después; se dejó como estaba y la versión de hdr quedó en "
            "«{carpeta}»."
        ).format(archivos=names, carpeta=visible(str(state_dir(plan_dir) / SET_ASIDE_DIR)))
    return sentence


def _read_manifest(plan_dir: Path, manifest: Path) -> list[_Entry]:
    """The journal's entries, each naming files inside the plan; else a clear error."""
    try:
        entries = [_Entry(**e) for e in json.loads(manifest.read_text(encoding="utf-8"))]
        root = plan_dir.resolve()
        for e in entries:
            for name in (e.rel, e.tmp):
                if not (root / name).resolve().is_relative_to(root) or ".." in Path(name).parts:
                    raise ValueError(name)
    except (OSError, ValueError, TypeError, AttributeError) as err:
        raise EnvironmentProblem(
            _(
                "El diario de escritura de hdr en «{carpeta}» está dañado; no se tocó ningún "
                "archivo. Revise sus archivos con «git status» y, si están bien, borre esa "
                "carpeta."
            ).format(carpeta=visible(str(manifest.parent)))
        ) from err
    return entries


def _check_unchanged(path: Path, old: bytes | None) -> None:
    current = path.read_bytes() if path.exists() else None
    if current != old:
        raise WriteConflictError(changed_while_preparing(path))


def _entry(plan_dir: Path, index: int, change: Change) -> _Entry:
    path, old, new = change
    rel = os.path.relpath(path.absolute(), plan_dir.absolute())
    return _Entry(
        rel=rel,
        tmp=str(Path(rel).parent / f".{path.name}.hdr-{index}.tmp"),
        old=None if old is None else _sha(old),
        new=_sha(new),
        index=index,
    )


def _stage(plan_dir: Path, folder: Path, entries: list[_Entry], changes: Sequence[Change]) -> None:
    folder.mkdir()
    _write_synced(folder / f"{MANIFEST}.tmp", json.dumps([e.__dict__ for e in entries]).encode())
    (folder / f"{MANIFEST}.tmp").replace(folder / MANIFEST)
    _sync_dir(folder)
    # From here on a kill leaves hidden files that recover() knows by name.
    for entry, (path, _old, new) in zip(entries, changes, strict=True):
        tmp = plan_dir / entry.tmp
        tmp.parent.mkdir(parents=True, exist_ok=True)
        _write_synced(tmp, new)
        tmp.chmod(stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        _sync_dir(tmp.parent)
    _write_synced(folder / COMPLETE, b"")
    _sync_dir(folder)


def _apply(plan_dir: Path, folder: Path, entries: list[_Entry]) -> list[_Entry]:
    """Rename each staged file into place; return those set aside (the user edited)."""
    set_aside: list[_Entry] = []
    for entry in entries:
        tmp, target = plan_dir / entry.tmp, plan_dir / entry.rel
        if not tmp.exists():
            continue  # already renamed before the kill
        current = _sha(target.read_bytes()) if target.exists() else None
        if current == entry.old:
            tmp.replace(target)
        elif current == entry.new:
            tmp.unlink()
        else:
            # Changed by someone after the kill: their version stays, ours is kept aside.
            aside = state_dir(plan_dir) / SET_ASIDE_DIR / entry.rel
            aside.parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(aside)
            set_aside.append(entry)
        _sync_dir(target.parent)
    return set_aside


def _discard(plan_dir: Path, folder: Path, entries: list[_Entry]) -> None:
    # The manifest goes first: a journal without one is only leftovers.
    for entry in entries:
        (plan_dir / entry.tmp).unlink(missing_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
