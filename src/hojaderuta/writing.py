"""Writing files so that a crash never leaves half a file behind (and clearing out the
caches a new version of hdr no longer reads)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from hojaderuta.errors import OutputError, WriteConflictError
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible


def write_atomic(path: Path, data: bytes | str, *, expected: bytes | None = None) -> None:
    """Replace ``path`` by ``data`` through a temporary file and a rename: never half a file.

    Text is written as UTF-8. With ``expected``, refuse when the file changed since it
    was read (an editor saved it meanwhile). The file keeps its permissions.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _replace(path.resolve(), raw, expected)
    except WriteConflictError:
        raise
    except OSError as err:
        raise OutputError(
            _("No se pudo escribir «{ruta}»: {motivo}.").format(
                ruta=visible(str(path)), motivo=describe_os_error(err)
            )
        ) from err


def remove_other_caches(current: Path, prefixes: tuple[str, ...], keep: int = 0) -> None:
    """Remove the folders beside ``current`` whose names start with ``prefixes`` (caches of
    other fingerprints: another hdr, another Python, other schemas), except the ``keep``
    most recently written. Called when ``current`` is first created: the first write of a
    new fingerprint would otherwise leave the old ones behind for good. Errors are
    ignored: a cache only saves time."""
    import shutil

    try:
        entries = list(current.parent.iterdir())
    except OSError:
        return
    others = []
    for other in entries:
        if other != current and other.name.startswith(prefixes) and other.is_dir():
            with contextlib.suppress(OSError):  # removed meanwhile by another run
                others.append((other.stat().st_mtime_ns, other))
    for _mtime, other in sorted(others, reverse=True)[keep:]:
        shutil.rmtree(other, ignore_errors=True)


def describe_os_error(err: OSError) -> str:
    """The operating system's reason, in words a person can act on."""
    reasons = {
        errno.ENOENT: _("la carpeta no existe"),
        errno.EACCES: _("no hay permiso"),
        errno.EPERM: _("no hay permiso"),
        errno.EROFS: _("el disco es de solo lectura"),
        errno.ENOSPC: _("no queda espacio en el disco"),
        errno.ENOTDIR: _("una parte de la ruta no es una carpeta"),
        errno.EISDIR: _("es una carpeta"),
        errno.ENAMETOOLONG: _("el nombre es demasiado largo"),
    }
    return reasons.get(err.errno or 0, visible(err.strerror or type(err).__name__))


def changed_while_preparing(path: Path) -> str:
    """The file changed between reading it and writing the edit: nothing was written."""
    return _(
        "{archivo} cambió mientras se preparaba la edición (¿otro programa lo guardó?); "
        "no se escribió nada. Repita el comando."
    ).format(archivo=visible(path.name))


def _replace(target: Path, raw: bytes, expected: bytes | None) -> None:
    if expected is not None and target.read_bytes() != expected:
        raise WriteConflictError(changed_while_preparing(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    # A hidden name: a crash leaves nothing hdr would read as a commitment.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
