"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from hojaderuta.errors import UsageError


def write_atomic(path: Path, data: bytes | str, *, expected: bytes | None = None) -> None:
    """Replace ``path`` by ``data`` through a temporary file and a rename: never half a file.

    Text is written as UTF-8. With ``expected``, refuse when the file changed since it
    was read (an editor saved it meanwhile). The file keeps its permissions.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = path.resolve()
    if expected is not None and target.read_bytes() != expected:
        raise UsageError(f"{path.name} cambió mientras se preparaba la edición; repita el comando.")
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
