"""One file, one round: load it, name unfilled boxes, check the schema, run the rules.

Every check runs on whatever part of the file it can read. A value still saying
COMPLETAR is one finding (not also a type error); the schema reports what breaks it;
the rules see the data without those values (``prune``) and report the rest. Each
finding is said once: a node reached through aliases at several paths, or a field
another check already named, is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from hojaderuta.core.building import LoadIssue
from hojaderuta.core.comments import cut_by_comment, may_be_cut, text_lines
from hojaderuta.core.doccache import DocCache, entry_key
from hojaderuta.core.findings import Codigo, Finding, make_finding, pointer
from hojaderuta.core.loading import Document, Limits, load_text, read_file
from hojaderuta.core.model import Compromiso, Plan
from hojaderuta.core.placeholders import MARKER
from hojaderuta.core.placeholders import find as find_placeholders
from hojaderuta.core.positions import Positions
from hojaderuta.core.prune import without
from hojaderuta.core.rules import Hit, Parts, Rule, RuleContext
from hojaderuta.core.schema import check_document
from hojaderuta.core.schema_places import label, place, the_file
from hojaderuta.resources import load_schema
from hojaderuta.text.i18n import _
from hojaderuta.text.places import place_of_pointer
from hojaderuta.text.safetext import has_surrogates, visible

_Data = TypeVar("_Data", Plan, Compromiso)


@dataclass
class FileCheck:
    doc: Document
    findings: list[Finding] = field(default_factory=list)
    ok: bool = False  # loaded, schema-valid, nothing left to fill: data can be trusted
    readable: Any = None  # what rules may read: the data minus the values already reported
    reported: set[str] = field(default_factory=set)  # pointers with a finding already
    pruned: list[Parts] = field(default_factory=list)  # what ``readable`` leaves out
    entry: tuple[bytes, bytes] | None = None  # (key, payload) for the cache, when new
    hit: bytes | None = None  # the cache key it came from (a worker tells the parent)


def _issues_to_findings(doc: Document) -> list[Finding]:
    return [
        make_finding(i.codigo, doc.archivo, i.linea, i.columna, i.ruta, i.mensaje)
        for i in doc.issues
    ]


def hits_to_findings(doc: Document, hits: Iterable[Hit]) -> list[Finding]:
    out = []
    seen: set[tuple[Codigo, int, int]] = set()
    for hit in hits:
        linea, columna = doc.locate(hit.parts, at_key=hit.at_key)
        if (hit.codigo, linea, columna) in seen:
            continue  # one value reached again through an alias
        seen.add((hit.codigo, linea, columna))
        out.append(
            make_finding(hit.codigo, doc.archivo, linea, columna, pointer(hit.parts), hit.mensaje)
        )
    return out


def _placeholders(kind: str, doc: Document) -> tuple[list[Finding], list[Parts]]:
    out: list[Finding] = []
    found: list[Parts] = []
    seen: set[tuple[int, int]] = set()
    for parts, value in find_placeholders(doc.data):
        found.append(parts)
        linea, columna = doc.locate(parts)
        if (linea, columna) in seen:
            continue  # one placeholder reached through an alias
        seen.add((linea, columna))
        guide = value.lstrip()[len(MARKER) :].lstrip(" :")
        message = (
            _("Falta llenar {campo} en {lugar} ({guia}).")
            if guide
            else _("Falta llenar {campo} en {lugar}.")
        )
        where = place(parts[:-1], kind) if parts else the_file()
        out.append(
            make_finding(
                Codigo.PLANTILLA_SIN_LLENAR,
                doc.archivo,
                linea,
                columna,
                pointer(parts),
                message.format(campo=label(load_schema(kind), parts), lugar=where, guia=guide),
            )
        )
    return out, found


def _unreadable_name(path: Path, shown: str) -> FileCheck:
    # A name that is not UTF-8 could not be written to any report, page or CSV.
    message = _(
        "El nombre del archivo «{nombre}» no es texto UTF-8 válido; renómbrelo "
        "(por ejemplo, sin acentos) para que hdr pueda revisarlo."
    ).format(nombre=shown)
    doc = Document(path=path, archivo=shown)
    return FileCheck(doc, [make_finding(Codigo.ARCHIVO_ILEGIBLE, shown, 1, 1, "", message)])


def check_file(
    path: Path,
    archivo: str,
    kind: str,
    limits: Limits,
    override: bytes | None = None,
    cache: DocCache | None = None,
) -> FileCheck:
    """Load and check one file (no rules yet: ``run_rules`` adds them). With ``cache``,
    a file whose bytes were checked before is not parsed again (``core.doccache``)."""
    if has_surrogates(archivo):
        return _unreadable_name(path, visible(archivo))
    raw = override if override is not None else read_file(path, archivo, limits)
    if isinstance(raw, Document):
        return FileCheck(raw, _issues_to_findings(raw))
    key = entry_key(kind, archivo, raw) if cache is not None else None
    if cache is not None and key is not None:
        restored = cached_check(path, archivo, key, cache)
        if restored is not None:
            return restored
    result = _check_loaded(load_text(raw, path, archivo, limits), kind)
    entry = to_entry(result) if key is not None else None
    payload = DocCache.serialize(entry) if entry is not None else None
    if key is not None and payload is not None:
        result.entry = (key, payload)
    return result


def cached_check(path: Path, archivo: str, key: bytes, cache: DocCache) -> FileCheck | None:
    """The file checked in an earlier run with these bytes (``key``), or None."""
    restored = from_entry(path, archivo, cache.get(key))
    if restored is not None:
        restored.hit = key
    return restored


def _check_loaded(doc: Document, kind: str) -> FileCheck:
    result = FileCheck(doc, _issues_to_findings(doc))
    if not doc.loaded:
        return result
    # The marker must appear in the text for any value to hold it: skip the walk otherwise.
    pending, unfilled = _placeholders(kind, doc) if MARKER in doc.text else ([], [])
    filled = frozenset(f.ruta for f in pending)
    # A file with duplicate keys still gets every check: its data holds each key's last value.
    schema = check_document(kind, doc, skip=filled)
    result.findings += pending + schema.findings
    result.ok = not result.findings
    result.pruned = [*schema.bad, *unfilled]
    result.readable = without(doc.data, result.pruned)
    result.reported = {f.ruta for f in result.findings}
    if may_be_cut(doc.text):
        result.findings += _fresh(result, cut_by_comment(doc.tree(), text_lines(doc.text)))
    return result


def _fresh(result: FileCheck, hits: Iterable[Hit]) -> list[Finding]:
    """Findings for the hits whose place no earlier check has named."""
    found = hits_to_findings(
        result.doc, (h for h in hits if pointer(h.parts) not in result.reported)
    )
    result.reported |= {f.ruta for f in found}
    return found


def run_rules(result: FileCheck, rules: list[Rule[_Data]], ctx: RuleContext) -> None:
    """Every rule on what the file lets it read (nothing when it is not a mapping)."""
    data = result.readable
    if isinstance(data, dict):
        for rule in rules:
            result.findings += _fresh(result, rule(data, ctx))  # type: ignore[arg-type]


def with_places(findings: list[Finding], data: Any) -> list[Finding]:
    """Each finding with its place as people read it, named from the file's data."""
    return [f if not f.ruta else replace(f, lugar=place_of_pointer(f.ruta, data)) for f in findings]


def to_entry(result: FileCheck) -> Any:
    """What the cache keeps of a checked file: plain values only (``marshal``)."""
    doc = result.doc
    positions = doc.positions() if doc.loaded else None
    if doc.loaded and positions is None:
        return None  # a value reached through an alias: parse it each time
    return (
        doc.loaded,
        doc.data,
        [(str(i.codigo), i.mensaje, i.linea, i.columna, i.ruta) for i in doc.issues],
        [(str(f.codigo), f.linea, f.columna, f.ruta, f.mensaje, f.lugar) for f in result.findings],
        result.ok,
        [list(parts) for parts in result.pruned],
        sorted(result.reported),
        positions.packed() if positions is not None else None,
    )


def from_entry(path: Path, archivo: str, entry: Any) -> FileCheck | None:
    """The checked file again, from a cache entry (None when it is not one)."""
    try:
        loaded, data, issues, findings, ok, pruned, reported, positions = entry
        doc = Document(path=path, archivo=archivo, data=data, loaded=loaded)
        doc.issues = [LoadIssue(Codigo(c), m, li, co, r) for c, m, li, co, r in issues]
        doc.known_positions = Positions(*positions) if positions is not None else None
        parts = [tuple(p) for p in pruned]
        return FileCheck(
            doc,
            [make_finding(Codigo(c), archivo, *rest) for c, *rest in findings],
            ok=ok,
            readable=without(data, parts) if loaded else None,
            reported=set(reported),
            pruned=parts,
        )
    except (TypeError, ValueError):
        return None  # None, or not an entry of this format: parse the file
