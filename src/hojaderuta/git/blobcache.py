"""Parsed commitment versions, cached on disk by blob SHA under ``<git-dir>/hdr-cache/``.

A blob never changes, so a cached entry never goes stale; what it depends on
besides the blob (hdr's version, the schema, the loader's limits) names the
cache folder. Entries live in a few "pack" files of JSON lines
(``<sha> <json>``): a run that parsed new blobs adds ONE pack, written to a
temporary name and renamed, and many packs are merged into one now and then.
One file per run instead of one per blob keeps a cold run from paying
thousands of file creations.

The cache is never trusted blindly: a damaged line, a half-written file or an
unreadable folder only means those blobs are parsed again. Deleting the folder
is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Generator
from functools import partial
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.building import DEFAULT_LIMITS
from hojaderuta.errors import GitError
from hojaderuta.git.repo import PlanRepo
from hojaderuta.git.versions import Digests, ParsedBlob, parse_commitment
from hojaderuta.resources import schema_path

CACHE_FORMAT = 3
MAX_PACKS = 16  # past this, the next run that writes merges them all into one
_SHA_LEN = 40


def _fingerprint() -> str:
    """What a cached verdict depends on besides the blob: hdr's version and the schema."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"{CACHE_FORMAT}|{__version__}|{DEFAULT_LIMITS}|".encode())
    with contextlib.suppress(OSError):
        digest.update(schema_path("compromiso").read_bytes())
    return digest.hexdigest()[:12]


def _entry_json(parsed: ParsedBlob) -> bytes:
    """``<meta>\\t<data>``: the walk reads the small meta of every version, the data only
    when a diff needs it. ASCII JSON never holds a raw tab or newline."""
    meta = {
        "cargado": parsed.cargado,
        "valido": parsed.valido,
        "firmas": None if parsed.firmas is None else parsed.firmas.as_json(),
        "resumen": parsed.resumen,
    }
    data = json.dumps(parsed.data, check_circular=False)
    return (json.dumps(meta, check_circular=False) + "\t" + data).encode("ascii")


def _meta_from(line: bytes) -> tuple[bool, bool, Digests | None, Any] | None:
    try:
        meta = json.loads(line[: line.index(b"\t")])
        cargado, valido, resumen = meta["cargado"], meta["valido"], meta["resumen"]
        if not isinstance(cargado, bool) or not isinstance(valido, bool):
            return None
        firmas = Digests.from_json(meta["firmas"])
        if isinstance(resumen, dict) and firmas is None:
            return None
        return cargado, valido and cargado, firmas, resumen
    except (ValueError, KeyError, TypeError):
        return None  # damaged: parse the blob again


class BlobCache:
    """Parsed commitment blobs by SHA: from the disk cache, else from git (then cached)."""

    def __init__(self, store: PlanRepo, enabled: bool = True) -> None:
        self.store = store
        self.folder = store.git_dir / "hdr-cache" / f"compromisos-{_fingerprint()}"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._lines: dict[str, bytes] = {}  # sha -> its cached JSON (later packs win)
        self._packs: list[Path] = []
        self._new: list[bytes] = []

    def _load_index(self) -> None:
        try:
            packs = sorted(self.folder.glob("*.pack"))
        except OSError:
            return
        for pack in packs:
            try:
                content = pack.read_bytes()
            except OSError:
                continue  # removed by a concurrent merge: those blobs get parsed again
            self._packs.append(pack)
            for line in content.split(b"\n"):
                if len(line) > _SHA_LEN and line[_SHA_LEN : _SHA_LEN + 1] == b" ":
                    self._lines[line[:_SHA_LEN].decode("ascii", "replace")] = line

    def parsed_in_order(
        self, wanted: list[tuple[str, str]]
    ) -> Generator[tuple[str, ParsedBlob], None, None]:
        """Each distinct blob of ``wanted`` (sha, archivo), in order, parsed.

        Blobs missing from the cache are read in ONE batch from git, started up front
        so git inflates them while earlier ones are parsed. Lazy, so the caller can let
        go of each blob once it is done with it.
        """
        if self.enabled:
            self._load_index()
        order: dict[str, str] = {}
        for sha, archivo in wanted:
            order.setdefault(sha, archivo)
        batch = self.store.stream_blobs([sha for sha in order if sha not in self._lines])
        for sha, archivo in order.items():
            line = self._lines.get(sha)
            meta = None if line is None else _meta_from(line[_SHA_LEN + 1 :])
            if line is not None and meta is not None:
                self.hits += 1
                cargado, valido, firmas, resumen = meta
                loader = partial(self._data_of, sha, archivo, line)
                parsed = ParsedBlob(cargado, valido, None, firmas, resumen=resumen, load=loader)
            elif line is not None:  # a damaged entry: read this one blob again
                parsed = self._parsed(sha, self.store.read_blob(sha), archivo)
            else:
                got, raw = next(batch)
                if got != sha:  # pragma: no cover - cat-file answers in order
                    raise GitError(f"git respondió {got} en vez de {sha}.")
                parsed = self._parsed(sha, raw, archivo)
            yield sha, parsed

    def _data_of(self, sha: str, archivo: str, line: bytes) -> Any:
        try:
            return json.loads(line[line.index(b"\t") + 1 :])
        except ValueError:  # a damaged entry: the blob itself is still in git
            return parse_commitment(self.store.read_blob(sha), archivo).data

    def _parsed(self, sha: str, raw: bytes, archivo: str) -> ParsedBlob:
        self.misses += 1
        parsed = parse_commitment(raw, archivo)
        if self.enabled:
            line = sha.encode("ascii") + b" " + _entry_json(parsed)
            self._new.append(line)
            self._lines[sha] = line
        return parsed

    def flush(self) -> None:
        """Write what this run parsed as one new pack (merging all packs when many)."""
        if not self.enabled or not self._new:
            return
        merge = len(self._packs) + 1 > MAX_PACKS
        lines = list(self._lines.values()) if merge else self._new
        name = f"{time.time_ns():020d}-{os.getpid()}.pack"
        target = self.folder / name
        tmp = self.folder / f".{name}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(b"\n".join(lines) + b"\n")
            tmp.replace(target)  # readers never see half a pack
        except OSError:
            # A read-only .git (or a full disk) just means no cache this time.
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return
        if merge:
            for pack in self._packs:
                with contextlib.suppress(OSError):
                    pack.unlink(missing_ok=True)
        self._new = []
