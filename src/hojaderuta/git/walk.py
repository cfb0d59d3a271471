"""The walk over the plan's history: each commitment's state commit after commit.

``PlanWalk`` keeps, as ``read_history`` goes through the log, the last good state of
every commitment file, the events each commit brings and what counts for progress.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hojaderuta.core.dates import parse_date
from hojaderuta.git.blobcache import BlobCache
from hojaderuta.git.events import Evento, EventType, hitos_of
from hojaderuta.git.repo import LogEntry
from hojaderuta.git.versions import ParsedBlob, numero_of

# --- progress of one commitment file, cheap to re-evaluate at each commit's date -------


@dataclass(frozen=True, slots=True)
class CommitmentProgress:
    numero: int
    archivo: str
    done: tuple[tuple[date, float], ...]  # (fecha_cumplimiento, ponderacion) of cumplido hitos
    full: float  # avance once every fecha_cumplimiento has passed
    latest: date | None

    @classmethod
    def of(cls, archivo: str, data: dict[str, Any]) -> CommitmentProgress:
        done = []
        for hito in data["hitos"]:
            on = parse_date(hito.get("fecha_cumplimiento"))
            if hito.get("cumplido") is True and on is not None:
                done.append((on, hito["ponderacion"]))
        full = float(sum(w for _, w in done))
        latest = max((d for d, _ in done), default=None)
        return cls(data["numero"], archivo, tuple(done), full, latest)

    def at(self, day: date) -> float:
        # Same sum, in the same order, as progress.compromiso_avance: equal to the last bit.
        if self.latest is None or self.latest <= day:
            return self.full
        return float(sum(w for d, w in self.done if d <= day))


# --- the walk ---------------------------------------------------------------------------


class BlobQueue:
    """Parsed blobs in the order the walk first needs them, each kept only while a later
    commit still names it (memory stays near one version per commitment)."""

    def __init__(self, cache: BlobCache, log: list[LogEntry]) -> None:
        wanted = [(c.blob, c.archivo) for e in log for c in e.cambios if c.blob is not None]
        self.remaining = Counter(sha for sha, _ in wanted)
        self.cache = cache
        self.source = cache.parsed_in_order(wanted)
        self.kept: dict[str, ParsedBlob] = {}

    def get(self, sha: str) -> ParsedBlob:
        parsed = self.kept.get(sha)
        if parsed is None:
            got, parsed = next(self.source)
            assert got == sha, (got, sha)  # the walk asks in the order of ``wanted``
        self.remaining[sha] -= 1
        if self.remaining[sha]:
            self.kept[sha] = parsed
        else:
            self.kept.pop(sha, None)
        return parsed

    def close(self) -> None:
        self.source.close()  # ends the git process now, not when garbage is collected


@dataclass
class PlanWalk:
    """The plan's files as the walk goes: their last loaded data, and what counts for progress."""

    source: BlobQueue
    blobs: dict[str, ParsedBlob] = field(default_factory=dict)  # archivo -> last good state
    numero: dict[str, int] = field(default_factory=dict)
    paths: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    valid: dict[str, int] = field(default_factory=dict)  # archivo -> numero, schema-valid now
    valid_paths: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    counted: dict[int, CommitmentProgress] = field(
        default_factory=dict
    )  # unique numero -> progress
    order: list[CommitmentProgress] | None = None  # counted, by numero; None: to be rebuilt
    fulls: list[float] = field(default_factory=list)  # each one's avance once all is due
    latest: date | None = None  # the latest fecha_cumplimiento among them

    def current(self, numero: int) -> tuple[str, ParsedBlob] | None:
        paths = self.paths.get(numero)
        if not paths:
            return None
        archivo = min(paths)  # with duplicates, one stable choice
        return archivo, self.blobs[archivo]

    def step(self, entry: LogEntry, quiet: bool) -> list[Evento]:
        parsed: list[tuple[str, ParsedBlob | None]] = [
            (c.archivo, None if c.blob is None else self.source.get(c.blob)) for c in entry.cambios
        ]
        touched: set[int] = set()
        for archivo, blob in parsed:
            if archivo in self.numero:
                touched.add(self.numero[archivo])
            n = numero_of(blob.resumen) if blob is not None and blob.cargado else None
            if n is not None:
                touched.add(n)
        before = {n: self.current(n) for n in touched}
        recount: set[int] = set()
        for archivo, blob in parsed:
            recount |= self._apply(archivo, blob)
        for n in recount:
            self._recount(n)
        if quiet:
            return []
        events: list[Evento] = []
        for n in sorted(touched):
            old, new = before[n], self.current(n)
            if old is None and new is not None:
                events.append(Evento(EventType.COMPROMISO_NUEVO, n, entry.commit, archivo=new[0]))
                events.extend(self.source.cache.events(n, None, new[1], entry.commit, new[0]))
            elif old is not None and new is None:
                events.append(
                    Evento(EventType.COMPROMISO_ELIMINADO, n, entry.commit, archivo=old[0])
                )
            elif old is not None and new is not None and old[1] is not new[1]:
                events.extend(self.source.cache.events(n, old[1], new[1], entry.commit, new[0]))
        return events

    def _apply(self, archivo: str, blob: ParsedBlob | None) -> set[int]:
        """Update one file; the numeros whose progress entry must be recomputed."""
        recount = set()
        old_valid = self.valid.pop(archivo, None)
        if old_valid is not None:
            self.valid_paths[old_valid].discard(archivo)
            recount.add(old_valid)
        n = numero_of(blob.resumen) if blob is not None and blob.cargado else None
        if blob is None or n is not None:
            # Deleted, or a new identifiable state. A file that does not load (or lost
            # its numero) keeps its last good state for events: a broken commit
            # followed by a fix is not a deletion and a re-creation.
            old_n = self.numero.pop(archivo, None)
            if old_n is not None:
                self.paths[old_n].discard(archivo)
            self.blobs.pop(archivo, None)
        if blob is not None and n is not None:
            self.blobs[archivo] = blob
            self.numero[archivo] = n
            self.paths[n].add(archivo)
            if blob.valido:
                self.valid[archivo] = n
                self.valid_paths[n].add(archivo)
                recount.add(n)
        return recount

    def _recount(self, numero: int) -> None:
        paths = self.valid_paths.get(numero) or set()
        if len(paths) == 1:  # hdr validar excludes every file of a repeated numero
            (archivo,) = paths
            self.counted[numero] = CommitmentProgress.of(archivo, self.blobs[archivo].resumen)
        else:
            self.counted.pop(numero, None)
        self.order = None

    def avance(self, day: date) -> tuple[float | None, int]:
        if self.order is None:
            self.order = [self.counted[n] for n in sorted(self.counted)]
            self.fulls = [p.full for p in self.order]
            self.latest = max((p.latest for p in self.order if p.latest), default=None)
        if not self.order:
            return None, 0
        # progress.PlanAvance.avance: the plain mean, summed in numero order. Usually
        # every reported completion date has passed, and the sum needs no per-file work.
        if self.latest is None or self.latest <= day:
            values = self.fulls
        else:
            values = [p.at(day) for p in self.order]
        return sum(values) / len(values), len(values)

    def cumplidos(self) -> frozenset[tuple[int, int]]:
        out = set()
        for n in self.paths:
            current = self.current(n)
            if current is None:
                continue
            for i, hito in enumerate(hitos_of(current[1].resumen)):
                if isinstance(hito, dict) and hito.get("cumplido") is True:
                    out.add((n, i + 1))
        return frozenset(out)
