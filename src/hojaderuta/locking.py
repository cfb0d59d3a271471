"""One writer at a time per plan: an advisory lock in the plan's hidden ``.hdr/`` folder.

Every command that rewrites files of a plan (``marcar``, ``verificar``, ``nuevo``,
``importar``…) holds :func:`plan_lock` from reading the files to renaming the new ones
into place, so two ``hdr`` processes never build on the same stale copy (a lost update).
The lock is ``fcntl.flock`` on ``<plan>/.hdr/bloqueo``: the kernel drops it when the
process dies, even by SIGKILL, so a crash never leaves the plan locked.

``.hdr/`` also holds the write journal (:mod:`hojaderuta.journal`); it carries its own
``.gitignore`` (``*``) so git never shows it and nobody needs to edit theirs.
"""

from __future__ import annotations

import fcntl
import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from hojaderuta.errors import OutputError, PlanBusyError
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible
from hojaderuta.writing import describe_os_error

STATE_DIR = ".hdr"
LOCK_FILE = "bloqueo"
_POLL_SECONDS = 0.05


def state_dir(plan_dir: Path) -> Path:
    """``<plan>/.hdr``: the lock and the journal (not created here)."""
    return plan_dir / STATE_DIR


def ensure_state_dir(plan_dir: Path) -> Path:
    """Create ``<plan>/.hdr`` with a ``.gitignore`` that hides it from git."""
    folder = state_dir(plan_dir)
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text(
                "# Carpeta de trabajo de hdr (bloqueo y diario): no se versiona.\n*\n"
            )
    except OSError as err:
        raise OutputError(
            _("No se pudo preparar «{carpeta}»: {motivo}.").format(
                carpeta=visible(str(folder)), motivo=describe_os_error(err)
            )
        ) from err
    return folder


@contextmanager
def plan_lock(plan_dir: Path, *, timeout: float = 5.0) -> Iterator[None]:
    """Hold the plan's write lock; wait up to ``timeout`` seconds, then :class:`PlanBusyError`.

    Not reentrant: ``flock`` locks belong to an open file, so taking it twice in one
    process waits for itself. Take it once, around the whole read-edit-write.
    """
    path = ensure_state_dir(plan_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputError(
            _("No se pudo abrir «{ruta}»: {motivo}.").format(
                ruta=visible(str(path)), motivo=describe_os_error(err)
            )
        ) from err
    try:
        _acquire(fd, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


P = ParamSpec("P")
R = TypeVar("R")


def locked(fn: Callable[Concatenate[Path, P], R]) -> Callable[Concatenate[Path, P], R]:
    """Run ``fn(plan_dir, …)`` holding the plan's lock: read, check and write as one.

    A second hdr editing the same plan waits, then reads the first one's result instead
    of overwriting it (a lost update).
    """

    @functools.wraps(fn)
    def wrapper(plan_dir: Path, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with plan_lock(plan_dir):
            return fn(plan_dir, *args, **kwargs)

    return wrapper


def try_plan_lock(plan_dir: Path) -> _TryLock:
    """The lock if it is free right now; ``held`` says whether it was taken (no waiting)."""
    return _TryLock(plan_dir)


class _TryLock:
    def __init__(self, plan_dir: Path) -> None:
        self._plan_dir = plan_dir
        self._fd: int | None = None
        self.held = False

    def __enter__(self) -> _TryLock:
        path = ensure_state_dir(self._plan_dir) / LOCK_FILE
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.held = True
        except BlockingIOError:
            self.held = False
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            if self.held:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _acquire(fd: int, timeout: float) -> None:
    # Polling with LOCK_NB instead of a blocking flock: a bounded wait needs no signals.
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise PlanBusyError(
                    _(
                        "Otro proceso de hdr está modificando el plan; no se cambió nada. "
                        "Espere a que termine y repita el comando."
                    )
                ) from None
            time.sleep(_POLL_SECONDS)
