"""What the walk learned from each version and each pair of versions, cached on disk.

Two kinds of entries, both under ``cachefiles.folder_of(git_dir)``:

- by blob SHA, what the walk reads of every version: whether it loaded, whether it
  counts for progress, and its small summary (``versions.summary_of``);
- by pair of blob SHAs (the state before and after a commit), the events between them
  (``events.events_between``, without the commit, numero and file they happen at).

A blob never changes, so an entry never goes stale; what it depends on besides the
blobs names the folder (``cachefiles.fingerprint``). With both kinds at hand a walk
needs no file's data at all; a version's data is read (from git) and parsed only when
a pair is new. Entries live in a few sealed "pack" files: a run that learned something
adds ONE pack, and many packs are merged into one now and then. A damaged or half
written pack is ignored, and what it held is computed again.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

from hojaderuta.errors import GitError
from hojaderuta.git.cachefiles import folder_of, read_sealed, write_sealed
from hojaderuta.git.events import Evento, EventType, events_between
from hojaderuta.git.repo import Commit, PlanRepo
from hojaderuta.git.versions import ParsedBlob, parse_commitment
from hojaderuta.text.i18n import _

MAX_PACKS = 16  # past this, the next run that writes merges them all into one
_PACK_KIND = "pack"

Meta = tuple[bool, bool, Any]  # cargado, valido, resumen
Template = tuple[str, int | None, str | None, Any, Any, dict[str, Any] | None]
_TIPOS = {str(t): t for t in EventType}


def _meta(entry: Any) -> Meta | None:
    if type(entry) is tuple and len(entry) == 3:
        cargado, valido, resumen = entry
        if type(cargado) is bool and type(valido) is bool and (cargado or not valido):
            return cargado, valido, resumen
    return None


def _template(e: Evento) -> Template:
    return (str(e.tipo), e.hito, e.campo, e.antes, e.despues, e.detalle)


def _events_of(templates: Any, numero: int, commit: Commit, archivo: str) -> list[Evento] | None:
    """The events a cached pair entry stands for; None when the entry is not one."""
    if type(templates) is not tuple:
        return None
    out = []
    for t in templates:
        if type(t) is not tuple or len(t) != 6 or t[0] not in _TIPOS:
            return None
        tipo, hito, campo, antes, despues, detalle = t
        out.append(
            Evento(
                _TIPOS[tipo],
                numero,
                commit,
                hito=hito,
                campo=campo,
                antes=antes,
                despues=despues,
                archivo=archivo,
                detalle=detalle,
            )
        )
    return out


class BlobCache:
    """Versions by blob SHA, and the events between two versions, from the disk cache
    when there, else computed from git (and then cached)."""

    def __init__(self, store: PlanRepo, enabled: bool = True) -> None:
        self.store = store
        self.folder = folder_of(store.git_dir)
        self.enabled = enabled
        self.hits = 0  # versions taken from the cache
        self.misses = 0  # versions parsed from git in this run
        self._metas: dict[str, Any] = {}
        self._pairs: dict[tuple[str, str], Any] = {}
        self._packs: list[Path] = []
        self._new_metas: dict[str, Meta] = {}
        self._new_pairs: dict[tuple[str, str], tuple[Template, ...]] = {}

    def _load(self) -> None:
        try:
            packs = sorted(self.folder.glob(f"*.{_PACK_KIND}"))
        except OSError:
            return
        for pack in packs:
            self._packs.append(pack)  # a merge replaces them all, damaged ones too
            payload = read_sealed(pack)
            if payload is None or len(payload) != 2:
                continue  # damaged or cut short: what it held is computed again
            metas, pairs = payload
            if isinstance(metas, dict) and isinstance(pairs, dict):
                self._metas.update(metas)
                self._pairs.update(pairs)

    def parsed_in_order(
        self, wanted: list[tuple[str, str]]
    ) -> Generator[tuple[str, ParsedBlob], None, None]:
        """Each distinct blob of ``wanted`` (sha, archivo), in order, parsed.

        Blobs missing from the cache are read in ONE batch from git, started up front
        so git inflates them while earlier ones are parsed. Lazy, so the caller can let
        go of each blob once it is done with it.
        """
        if self.enabled:
            self._load()
        order: dict[str, str] = {}
        for sha, archivo in wanted:
            order.setdefault(sha, archivo)
        known = {sha: meta for sha in order if (meta := _meta(self._metas.get(sha)))}
        batch = self.store.stream_blobs([sha for sha in order if sha not in known])
        for sha, archivo in order.items():
            meta = known.get(sha)
            if meta is not None:
                self.hits += 1
                cargado, valido, resumen = meta
                load = self._loader(sha, archivo)
                parsed = ParsedBlob(cargado, valido, resumen=resumen, load=load, sha=sha)
            else:
                got, raw = next(batch)
                if got != sha:  # pragma: no cover - cat-file answers in order
                    raise GitError(
                        _("git respondió {got} en vez de {sha}.").format(got=got, sha=sha)
                    )
                parsed = self._parsed(sha, raw, archivo)
            yield sha, parsed

    def _loader(self, sha: str, archivo: str) -> Any:
        def load() -> Any:  # only for a pair of versions never compared before
            return parse_commitment(self.store.read_blob(sha), archivo).data

        return load

    def _parsed(self, sha: str, raw: bytes, archivo: str) -> ParsedBlob:
        self.misses += 1
        parsed = parse_commitment(raw, archivo, sha=sha)
        if self.enabled:
            self._new_metas[sha] = (parsed.cargado, parsed.valido, parsed.resumen)
        return parsed

    def events(
        self, numero: int, old: ParsedBlob | None, new: ParsedBlob, commit: Commit, archivo: str
    ) -> list[Evento]:
        """``events_between(numero, old, new, commit, archivo)``, from the cache when this
        pair of versions was compared before."""
        if not new.sha or (old is not None and not old.sha):  # pragma: no cover
            return list(events_between(numero, old, new, commit, archivo))
        key = (old.sha if old is not None else "", new.sha)
        cached = self._pairs.get(key)
        if cached is not None:
            found = _events_of(cached, numero, commit, archivo)
            if found is not None:
                return found
        events = list(events_between(numero, old, new, commit, archivo))
        if self.enabled:
            self._new_pairs[key] = tuple(_template(e) for e in events)
        return events

    def flush(self) -> None:
        """Write what this run learned as one new pack (merging all packs when many)."""
        if not self.enabled or not (self._new_metas or self._new_pairs):
            return
        merge = len(self._packs) + 1 > MAX_PACKS
        metas, pairs = self._new_metas, self._new_pairs
        if merge:
            metas = {k: m for k, v in self._metas.items() if (m := _meta(v))} | metas
            pairs = {**self._pairs, **pairs}
        name = f"{time.time_ns():020d}-{os.getpid()}.{_PACK_KIND}"
        if not write_sealed(self.folder / name, (metas, pairs)):
            return  # a read-only .git (or a full disk) just means no cache this time
        if merge:
            for pack in self._packs:
                with contextlib.suppress(OSError):
                    pack.unlink(missing_ok=True)
        self._new_metas, self._new_pairs = {}, {}
