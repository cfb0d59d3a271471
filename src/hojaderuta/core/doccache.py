"""The plan's files, parsed and checked once, cached by content in ``<git-dir>/hdr-cache``.

What a file's bytes alone decide (its data, YAML issues, unfilled boxes, schema findings,
cut comments, and where each value is) is kept under a key made of the file's name, its
kind and its bytes; the rules always run again, since they depend on the evaluation date
and on the other files. A changed file has another key and is parsed again.

One file, ``documentos.bin``, holds the entries of the last run: a header per entry
(key, length, CRC-32) and the entry as ``marshal`` data (plain values only: the format is
Python's own, fast to read, and the folder's name changes with Python's version). The
cache is never trusted blindly: a damaged entry fails its CRC or does not unmarshal, and
is simply parsed again; a half-written file is never seen (written aside and renamed).
Deleting the folder is always safe; a new fingerprint (another hdr, other schemas or
language) gets its own folder, and only the three most recent others are kept.
``HDR_CACHE=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.building import Limits
from hojaderuta.core.discovery import find_repo_root
from hojaderuta.errors import HdrError
from hojaderuta.resources import schema_path
from hojaderuta.text.i18n import language
from hojaderuta.writing import remove_other_caches, write_atomic

CACHE_FORMAT = 2  # 2: positions packed (core.positions)
FILE_NAME = "documentos.bin"
_MAGIC = b"HDR-DOCS\n"
_HEADER = struct.Struct("<32sII")  # key (SHA-256), payload length, CRC-32 of the payload
_KEEP_OTHERS = 3  # caches of other fingerprints kept (other languages of the same plan)


def _fingerprint(limits: Limits) -> str:
    """What an entry depends on besides the file: hdr, the schemas, the limits, Python,
    and the language (cached findings carry their messages)."""
    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}|{__version__}|{limits}|{sys.version_info[:2]}|".encode())
    digest.update(f"{language()}|".encode())
    digest.update(f"{marshal.version}|".encode())
    for kind in ("plan", "compromiso"):
        with contextlib.suppress(OSError):
            digest.update(schema_path(kind).read_bytes())
    return digest.hexdigest()[:16]


def entry_key(kind: str, archivo: str, raw: bytes) -> bytes:
    return hashlib.sha256(b"%s\0%s\0%s" % (kind.encode(), archivo.encode(), raw)).digest()


class DocCache:
    """Entries read from the last run's file, and the ones this run adds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._buffer = b""
        self._index: dict[bytes, tuple[int, int, int]] = {}  # key -> (start, length, crc)
        self._used: set[bytes] = set()
        self._new: dict[bytes, bytes] = {}
        self._read()

    @classmethod
    def for_plan(cls, plan_dir: Path, limits: Limits) -> DocCache | None:
        """The cache of the git repository holding ``plan_dir``; None outside git (or a
        worktree, whose ``.git`` is a file), or with ``HDR_CACHE=0``."""
        if os.environ.get("HDR_CACHE") == "0":
            return None
        root = find_repo_root(plan_dir)
        git_dir = root / ".git" if root is not None else None
        if git_dir is None or git_dir.is_symlink() or not git_dir.is_dir():
            return None
        return cls(git_dir / "hdr-cache" / f"docs-{_fingerprint(limits)}")

    def _read(self) -> None:
        try:
            buffer = (self.folder / FILE_NAME).read_bytes()
        except OSError:
            return  # none yet, or unreadable: everything is parsed
        if not buffer.startswith(_MAGIC):
            return
        at = len(_MAGIC)
        while at + _HEADER.size <= len(buffer):
            key, length, crc = _HEADER.unpack_from(buffer, at)
            at += _HEADER.size
            if at + length > len(buffer):
                break  # cut short: what came before is still good
            self._index[key] = (at, length, crc)
            at += length
        self._buffer = buffer

    def get(self, key: bytes) -> Any:
        """The entry under ``key``, or None (absent or damaged: parse the file again)."""
        found = self._index.get(key)
        if found is None:
            return None
        start, length, crc = found
        payload = self._buffer[start : start + length]
        if zlib.crc32(payload) != crc:
            return None
        try:
            entry = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        self._used.add(key)
        return entry

    def __len__(self) -> int:
        """Entries read from the last run's file."""
        return len(self._index)

    def keep(self, key: bytes) -> None:
        """Count an entry a worker process read as used (workers' state is their own)."""
        if key in self._index:
            self._used.add(key)

    def put(self, key: bytes, entry: Any) -> None:
        with contextlib.suppress(ValueError):  # a value marshal cannot write: not cached
            self._new[key] = marshal.dumps(entry)

    def add_raw(self, key: bytes, payload: bytes) -> None:
        """An entry a worker process already serialized (``serialize``)."""
        self._new[key] = payload

    @staticmethod
    def serialize(entry: Any) -> bytes | None:
        try:
            return marshal.dumps(entry)
        except ValueError:
            return None

    def save(self) -> None:
        """Keep exactly this run's entries (the files as they are now), if anything
        changed. Errors are ignored: the cache only saves time."""
        if not self._new and self._used == set(self._index):
            return
        parts = [_MAGIC]
        for key in self._used - self._new.keys():
            start, length, crc = self._index[key]
            parts += [_HEADER.pack(key, length, crc), self._buffer[start : start + length]]
        for key, payload in self._new.items():
            parts += [_HEADER.pack(key, len(payload), zlib.crc32(payload)), payload]
        with contextlib.suppress(OSError, HdrError):
            new_folder = not self.folder.is_dir()
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / FILE_NAME, b"".join(parts))
            if new_folder:  # another language's cache is still in use: keep a few
                remove_other_caches(self.folder, ("docs-",), keep=_KEEP_OTHERS)
