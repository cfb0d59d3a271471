"""The files of the history's caches under ``<git-dir>/hdr-cache/historial-<fingerprint>/``.

Every file is sealed: ``MAGIC``, the BLAKE2b digest of the payload, then the payload as
``marshal`` data (plain values only: fast to read and write, and the format is Python's
own, so Python's version is part of the fingerprint). A file cut short, damaged or of
another format fails the seal and is ignored: what it held is computed again. Files are
written aside and renamed, so a reader never sees half a file; a read-only ``.git`` or a
full disk only means no cache this time. Deleting the folder is always safe.

The fingerprint is what the cached values depend on besides git's objects: hdr's
version and the source files of ``git/`` and ``core/`` (their size and modification
time, so an edited checkout never reads results of other code), the schema, the
loader's limits and Python's version.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.building import DEFAULT_LIMITS
from hojaderuta.resources import schema_path
from hojaderuta.writing import remove_other_caches

CACHE_FORMAT = 4
PREFIX = "historial-"
OLD_PREFIXES = (PREFIX, "compromisos-")  # folders of earlier formats, removed when seen
_MAGIC = b"HDR-HIST\n"
_DIGEST_SIZE = 16
_PACKAGE = Path(__file__).resolve().parent.parent
_SOURCES = ("git", "core")


@cache
def fingerprint() -> str:
    """What every cached value depends on besides the blobs and commits it comes from."""
    digest = hashlib.blake2b(digest_size=8)
    versions = (CACHE_FORMAT, __version__, DEFAULT_LIMITS, sys.version_info[:2], marshal.version)
    digest.update(repr(versions).encode())
    with contextlib.suppress(OSError):
        digest.update(schema_path("compromiso").read_bytes())
    for part in _SOURCES:
        with contextlib.suppress(OSError):
            for source in sorted((_PACKAGE / part).glob("*.py")):
                info = source.stat()  # an edit changes these: cheaper than reading it all
                digest.update(f"{part}/{source.name}|{info.st_size}|{info.st_mtime_ns}|".encode())
    return digest.hexdigest()


def folder_of(git_dir: Path) -> Path:
    return git_dir / "hdr-cache" / f"{PREFIX}{fingerprint()}"


def seal(payload: Any) -> bytes | None:
    """The file's bytes for ``payload``; None when it holds something marshal cannot write."""
    try:
        body = marshal.dumps(payload)
    except ValueError:
        return None
    return _MAGIC + hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() + body


def unseal(raw: bytes) -> tuple[Any, ...] | None:
    """The payload (always a tuple) of a sealed file; None when the file is not intact."""
    head = len(_MAGIC) + _DIGEST_SIZE
    if len(raw) < head or not raw.startswith(_MAGIC):
        return None
    body = memoryview(raw)[head:]
    if hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() != raw[len(_MAGIC) : head]:
        return None
    try:
        payload = marshal.loads(body)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the digest matched
        return None
    return payload if isinstance(payload, tuple) else None


def read_sealed(path: Path) -> tuple[Any, ...] | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # absent, removed by a concurrent merge, or unreadable
    return unseal(raw)


def write_sealed(path: Path, payload: Any) -> bool:
    """Write ``payload`` to ``path`` through a temporary name; False when not written."""
    data = seal(payload)
    if data is None:
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{time.time_ns()}.tmp")
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_other_caches(path.parent, OLD_PREFIXES)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True
