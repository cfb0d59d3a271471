"""The plan's history from git: events and the progress series (provenance: ``provenance``).

``read_history`` walks the first-parent history of HEAD over the plan's files
(oldest first), parsing only the blobs each commit changed (see ``gitstore``),
and turns the successive states of each commitment, matched by ``numero``
(so renamed files are followed), into the contract's events and progress
series. The library never prints; ``reporters.history`` renders the result.

The series point of a commit is the plan's ``avance`` as ``hdr avance`` would
compute it on that commit's files at that commit's date, with one difference
documented in docs/historial.md: a file counts when it loads cleanly, passes
the schema and its ``numero`` is unique; the other rules of ``hdr validar`` are
not re-run on old commits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hojaderuta.core.dates import parse_date
from hojaderuta.core.loading import bulk_loading
from hojaderuta.git.baseline import new_modificaciones
from hojaderuta.git.blobcache import BlobCache
from hojaderuta.git.repo import Commit, LogEntry, PlanRepo
from hojaderuta.git.versions import ParsedBlob, agreed_changes, modificaciones_of, numero_of

TIPOS = (
    "compromiso-nuevo",
    "compromiso-eliminado",
    "hito-cumplido",
    "hito-reabierto",
    "hito-verificado",
    "cambio",
    "modificacion-registrada",
)


@dataclass(frozen=True, slots=True)
class Evento:
    tipo: str  # one of TIPOS
    compromiso: int  # numero
    commit: Commit
    hito: int | None = None  # 1-based, in file order
    campo: str | None = None  # cambio: JSON pointer of the agreed field
    antes: Any = None  # cambio: None when the field was added
    despues: Any = None  # cambio: None when the field was removed
    archivo: str = ""  # the commitment's file at that commit (not in the JSON contract)
    detalle: dict[str, Any] | None = None  # the modificacion entry, or the hito's verificado

    @property
    def fecha(self) -> str:
        return self.commit.fecha

    @property
    def autor(self) -> str:
        return self.commit.autor

    def as_json(self) -> dict[str, Any]:
        """Exactly the contract's keys (formato.md, «History»)."""
        out: dict[str, Any] = {"tipo": self.tipo, "compromiso": self.compromiso}
        if self.hito is not None:
            out["hito"] = self.hito
        out["fecha"] = self.commit.fecha
        out["commit"] = self.commit.sha
        out["autor"] = self.commit.autor
        out["mensaje"] = self.commit.mensaje
        if self.tipo == "cambio":
            out["campo"] = self.campo
            out["antes"] = self.antes
            out["despues"] = self.despues
        return out


@dataclass(frozen=True, slots=True)
class Punto:
    """The plan's progress right after one commit that touched it."""

    commit: Commit
    avance: float | None  # None when no commitment file counted at that commit
    compromisos: int  # how many files counted

    def as_json(self) -> dict[str, Any]:
        avance = None if self.avance is None else round(self.avance, 2)
        return {"fecha": self.commit.fecha, "commit": self.commit.sha, "avance": avance}


@dataclass
class History:
    plan: str | None  # the plan's id (plan.yaml in the working tree)
    completo: bool  # False in a shallow clone: older commits are missing
    commits: list[Commit]  # every commit that touched the plan, oldest first
    eventos: list[Evento]
    serie: list[Punto]
    cumplidos: frozenset[tuple[int, int]]  # (numero, hito) marked cumplido at the last commit
    blobs_leidos: int = 0  # parsed from git in this run
    blobs_en_cache: int = 0  # taken from the on-disk cache

    def as_json(self) -> dict[str, Any]:
        """The contract's ``hdr historial --formato json`` document."""
        return {
            "formato": 1,
            "plan": self.plan,
            "completo": self.completo,
            "eventos": [e.as_json() for e in self.eventos],
            "serie": [p.as_json() for p in self.serie],
        }

    def eventos_de(self, numero: int) -> list[Evento]:
        return [e for e in self.eventos if e.compromiso == numero]


# --- progress of one commitment file, cheap to re-evaluate at each commit's date -------


@dataclass(frozen=True, slots=True)
class _Progress:
    numero: int
    archivo: str
    done: tuple[tuple[date, float], ...]  # (fecha_cumplimiento, ponderacion) of cumplido hitos
    full: float  # avance once every fecha_cumplimiento has passed
    latest: date | None

    @classmethod
    def of(cls, archivo: str, data: dict[str, Any]) -> _Progress:
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


def _hitos(data: dict[str, Any]) -> list[Any]:
    hitos = data.get("hitos")
    return hitos if isinstance(hitos, list) else []


def _verified_by(hito: Any) -> str | None:
    """Who verified a hito that is cumplido; None when it is not both."""
    if not isinstance(hito, dict) or hito.get("cumplido") is not True:
        return None
    check = hito.get("verificado")
    por = check.get("por") if isinstance(check, dict) else None
    return str(por) if por else None


def _compare(
    numero: int, old: ParsedBlob | None, new: ParsedBlob, commit: Commit, archivo: str
) -> Iterator[Evento]:
    """Events between two states of one commitment (``old`` is None for a new one)."""
    if old is not None:
        for change in agreed_changes(old, new):
            yield Evento(
                "cambio",
                numero,
                commit,
                campo=change.campo,
                antes=change.antes,
                despues=change.despues,
                archivo=archivo,
            )
    old_data: dict[str, Any] = old.resumen if old is not None else {}
    for entry in new_modificaciones(modificaciones_of(old_data), modificaciones_of(new.resumen)):
        detalle = entry if isinstance(entry, dict) else {"descripcion": str(entry)}
        yield Evento("modificacion-registrada", numero, commit, archivo=archivo, detalle=detalle)
    before, after = _hitos(old_data), _hitos(new.resumen)
    for i, hito in enumerate(after):
        if not isinstance(hito, dict):
            continue
        prev = before[i] if i < len(before) and isinstance(before[i], dict) else {}
        was, now = prev.get("cumplido") is True, hito.get("cumplido") is True
        if now and not was:
            yield Evento("hito-cumplido", numero, commit, hito=i + 1, archivo=archivo)
        elif was and not now:
            yield Evento("hito-reabierto", numero, commit, hito=i + 1, archivo=archivo)
        por = _verified_by(hito)
        if por is not None and por != _verified_by(prev):
            yield Evento(
                "hito-verificado",
                numero,
                commit,
                hito=i + 1,
                archivo=archivo,
                detalle=dict(hito["verificado"]),
            )


class _Blobs:
    """Parsed blobs in the order the walk first needs them, each kept only while a later
    commit still names it (memory stays near one version per commitment)."""

    def __init__(self, cache: BlobCache, log: list[LogEntry]) -> None:
        wanted = [(c.blob, c.archivo) for e in log for c in e.cambios if c.blob is not None]
        self.remaining = Counter(sha for sha, _ in wanted)
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
class _Walk:
    """The plan's files as the walk goes: their last loaded data, and what counts for progress."""

    source: _Blobs
    blobs: dict[str, ParsedBlob] = field(default_factory=dict)  # archivo -> last good state
    numero: dict[str, int] = field(default_factory=dict)
    paths: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    valid: dict[str, int] = field(default_factory=dict)  # archivo -> numero, schema-valid now
    valid_paths: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    counted: dict[int, _Progress] = field(default_factory=dict)  # unique numero -> progress
    order: list[_Progress] | None = None  # counted, by numero; None: to be rebuilt
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
                events.append(Evento("compromiso-nuevo", n, entry.commit, archivo=new[0]))
                events.extend(_compare(n, None, new[1], entry.commit, new[0]))
            elif old is not None and new is None:
                events.append(Evento("compromiso-eliminado", n, entry.commit, archivo=old[0]))
            elif old is not None and new is not None and old[1] is not new[1]:
                events.extend(_compare(n, old[1], new[1], entry.commit, new[0]))
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
            self.counted[numero] = _Progress.of(archivo, self.blobs[archivo].resumen)
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
            for i, hito in enumerate(_hitos(current[1].resumen)):
                if isinstance(hito, dict) and hito.get("cumplido") is True:
                    out.add((n, i + 1))
        return frozenset(out)


def _plan_id(plan_dir: Path) -> str | None:
    from hojaderuta.core.discovery import PLAN_FILE
    from hojaderuta.core.loading import load_file

    doc = load_file(plan_dir / PLAN_FILE, PLAN_FILE)
    value = doc.data.get("id") if doc.loaded and isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else None


def read_history(plan_dir: Path, *, cache: bool = True) -> History:
    """The plan's history (first-parent of HEAD). Raises GitError outside a git repository.

    ``cache=False`` parses every changed blob again and leaves the on-disk cache alone.
    """
    with bulk_loading():
        return _read_history(plan_dir, cache)


def _read_history(plan_dir: Path, cache: bool) -> History:
    with PlanRepo(plan_dir, "el historial") as store:
        shallow = store.shallow_commits()
        log = store.log()
        blobs = BlobCache(store, enabled=cache)
        walk = _Walk(_Blobs(blobs, log))
        eventos: list[Evento] = []
        serie: list[Punto] = []
        for entry in log:
            # A shallow clone's oldest commit looks like the creation of everything:
            # it is where the history starts, not what happened.
            eventos.extend(walk.step(entry, quiet=entry.commit.sha in shallow))
            avance, counted = walk.avance(entry.commit.dia)
            serie.append(Punto(entry.commit, avance, counted))
        walk.source.close()
        blobs.flush()
        return History(
            plan=_plan_id(plan_dir),
            completo=not shallow,
            commits=[e.commit for e in log],
            eventos=eventos,
            serie=serie,
            cumplidos=walk.cumplidos(),
            blobs_leidos=blobs.misses,
            blobs_en_cache=blobs.hits,
        )
