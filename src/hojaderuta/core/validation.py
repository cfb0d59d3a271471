"""The ``hdr validar`` pipeline: load every file, check the schema, run the rules.

One bad file never stops the others: each file's problems become findings and
the next file is read. Rules run only on schema-valid data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypedDict, TypeVar, Unpack

from hojaderuta.core.discovery import PLAN_FILE, find_repo_root, scan_commitments
from hojaderuta.core.findings import Codigo, Finding, Severidad, make_finding, pointer
from hojaderuta.core.loading import (
    DEFAULT_LIMITS,
    Document,
    Limits,
    bulk_loading,
    load_file,
    load_text,
)
from hojaderuta.core.model import Compromiso, Plan
from hojaderuta.core.placeholders import MARKER
from hojaderuta.core.placeholders import find as find_placeholders
from hojaderuta.core.rules import (
    COMPROMISO_RULES,
    PLAN_RULES,
    Hit,
    Rule,
    RuleContext,
    plan_period,
)
from hojaderuta.core.schema import check_document
from hojaderuta.core.schema_messages import label, place
from hojaderuta.parallel import fork_map
from hojaderuta.resources import load_schema
from hojaderuta.text.safetext import has_surrogates, visible

# Errors that do not make a commitment's numbers untrustworthy (see PlanCheck.exclusions).
KEEP_IN_PROGRESS = frozenset({Codigo.CAMBIO_SIN_ACUERDO})

_Data = TypeVar("_Data", Plan, Compromiso)


@dataclass
class CompromisoDoc:
    """A commitment file that passed the schema (its data can be trusted to be well typed)."""

    archivo: str
    data: Compromiso
    document: Document


@dataclass
class PlanCheck:
    plan_dir: Path
    plan: Plan | None
    compromisos: list[CompromisoDoc]  # schema-valid commitments, in file-name order
    archivos: int
    findings: list[Finding] = field(default_factory=list)
    # The agreed roadmap's git ref, when the plan names one and lives in a repository.
    linea_base: str | None = None
    # The files git tracks under the plan (absolute paths), as the evidence rules saw
    # them; None outside git. The site publishes evidence by the same judgement.
    tracked: frozenset[Path] | None = None

    def add(self, findings: list[Finding]) -> None:
        self.findings = sorted([*self.findings, *findings], key=Finding.sort_key)

    @property
    def errores(self) -> int:
        return sum(1 for f in self.findings if f.severidad is Severidad.ERROR)

    @property
    def advertencias(self) -> int:
        return sum(1 for f in self.findings if f.severidad is Severidad.ADVERTENCIA)

    @property
    def plan_id(self) -> str | None:
        return self.plan["id"] if self.plan else None

    def exclusions(self) -> dict[str, Finding]:
        """Files whose errors leave them out of progress, each with its first such error.

        An unagreed change to the roadmap is an error for ``hdr validar`` but does not
        make the numbers wrong: those commitments stay, and the site shows the change.
        """
        first: dict[str, Finding] = {}
        for f in self.findings:
            if f.es_error and f.codigo not in KEEP_IN_PROGRESS and f.archivo not in first:
                first[f.archivo] = f
        return first

    def valid_compromisos(self) -> list[CompromisoDoc]:
        """Commitments whose numbers can be trusted: the ones progress is computed on."""
        bad = self.exclusions()
        return [c for c in self.compromisos if c.archivo not in bad]


def _relative(path: Path, plan_dir: Path) -> str:
    return path.relative_to(plan_dir).as_posix()


def _issues_to_findings(doc: Document) -> list[Finding]:
    return [
        make_finding(i.codigo, doc.archivo, i.linea, i.columna, i.ruta, i.mensaje)
        for i in doc.issues
    ]


def hits_to_findings(doc: Document, hits: list[Hit]) -> list[Finding]:
    out = []
    for hit in hits:
        linea, columna = doc.locate(hit.parts, at_key=hit.at_key)
        out.append(
            make_finding(hit.codigo, doc.archivo, linea, columna, pointer(hit.parts), hit.mensaje)
        )
    return out


def _run_rules(rules: list[Rule[_Data]], data: _Data, ctx: RuleContext) -> list[Hit]:
    hits: list[Hit] = []
    for rule in rules:
        hits.extend(rule(data, ctx))
    return hits


def _placeholder_findings(kind: str, doc: Document) -> list[Finding]:
    out = []
    for parts, value in find_placeholders(doc.data):
        guide = value.lstrip()[len(MARKER) :].lstrip(" :")
        hint = f" ({guide})" if guide else ""
        where = place(parts[:-1], kind) if parts else "el archivo"
        linea, columna = doc.locate(parts)
        out.append(
            make_finding(
                Codigo.PLANTILLA_SIN_LLENAR,
                doc.archivo,
                linea,
                columna,
                pointer(parts),
                f"Falta llenar {label(load_schema(kind), parts)} en {where}{hint}.",
            )
        )
    return out


def _check_file(
    path: Path, plan_dir: Path, kind: str, limits: Limits, override: bytes | None = None
) -> tuple[Document, list[Finding], bool]:
    archivo = _relative(path, plan_dir)
    if has_surrogates(archivo):
        # A name that is not UTF-8 could not be written to any report, page or CSV.
        shown = visible(archivo)
        message = (
            f"El nombre del archivo «{shown}» no es texto UTF-8 válido; renómbrelo "
            "(por ejemplo, sin acentos) para que hdr pueda revisarlo."
        )
        doc = Document(path=path, archivo=shown)
        return doc, [make_finding(Codigo.ARCHIVO_ILEGIBLE, shown, 1, 1, "", message)], False
    if override is not None:
        doc = load_text(override, path, archivo, limits)
    else:
        doc = load_file(path, archivo, limits)
    findings = _issues_to_findings(doc)
    if not doc.loaded:
        return doc, findings, False
    # The marker must appear in the text for any value to hold it: skip the walk otherwise.
    pending = _placeholder_findings(kind, doc) if MARKER in doc.text else []
    if pending:
        # An unfilled template: the boxes to fill are the useful news, not type errors.
        return doc, findings + pending, False
    # A file with duplicate keys still gets its schema checked (its data holds
    # the last value of each key), but not the rules.
    findings.extend(check_document(kind, doc))
    return doc, findings, not findings


@dataclass
class _FileOutcome:
    archivo: str
    findings: list[Finding]
    data: Compromiso | None  # the data when it passed the schema
    text: str


_Job = tuple[Path, Path, Limits, "bytes | None", RuleContext]


def _check_compromiso(job: _Job) -> _FileOutcome:
    path, plan_dir, limits, override, ctx = job
    doc, findings, ok = _check_file(path, plan_dir, "compromiso", limits, override)
    if ok:
        findings.extend(hits_to_findings(doc, _run_rules(COMPROMISO_RULES, doc.data, ctx)))
    doc.release()
    return _FileOutcome(doc.archivo, findings, doc.data if ok else None, doc.text)


def _map_files(jobs: list[_Job]) -> Iterator[_FileOutcome]:
    return fork_map(_check_compromiso, jobs, len(jobs))


def _check_plan_file(
    plan_dir: Path, limits: Limits, override: bytes | None
) -> tuple[Document, Plan | None, list[Finding]]:
    """plan.yaml first: its period is what the commitments' rules compare against."""
    path = plan_dir / PLAN_FILE
    if override is None and not path.resolve().is_relative_to(plan_dir.resolve()):
        # A link to a file outside the plan is not read: its text would show in findings.
        message = (
            f"«{PLAN_FILE}» es un enlace simbólico que lleva fuera de la carpeta del plan; "
            "hdr no lo lee. Reemplácelo por el archivo mismo."
        )
        doc = Document(path=path, archivo=PLAN_FILE)
        return doc, None, [make_finding(Codigo.ARCHIVO_ILEGIBLE, PLAN_FILE, 1, 1, "", message)]
    plan_doc, findings, plan_ok = _check_file(path, plan_dir, "plan", limits, override)
    plan_data: Plan | None = plan_doc.data if plan_ok else None
    return plan_doc, plan_data, findings


def _plan_rules(plan_doc: Document, plan_data: Plan | None, ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    if plan_data is not None:
        findings.extend(hits_to_findings(plan_doc, _run_rules(PLAN_RULES, plan_data, ctx)))
    plan_doc.release()
    return findings


def _files_to_check(
    plan_dir: Path, overrides: dict[str, bytes]
) -> tuple[list[Path], list[Finding]]:
    """The commitment files on disk, plus any an override adds, and the entries that
    cannot be read (links out of the plan, folders, FIFOs...)."""
    files, unreadable = scan_commitments(plan_dir)
    for archivo in overrides:
        extra = plan_dir / archivo
        if archivo != PLAN_FILE and extra not in files:
            files.append(extra)
            unreadable = [f for f in unreadable if f.archivo != archivo]
    return files, unreadable


def _check_compromisos(
    plan_dir: Path,
    files: list[Path],
    limits: Limits,
    overrides: dict[str, bytes],
    ctx: RuleContext,
) -> tuple[list[CompromisoDoc], list[Finding]]:
    jobs = [
        (path, plan_dir, limits, overrides.get(_relative(path, plan_dir)), ctx) for path in files
    ]
    findings: list[Finding] = []
    compromisos: list[CompromisoDoc] = []
    with bulk_loading():
        outcomes = list(_map_files(jobs))
    for outcome in outcomes:
        findings.extend(outcome.findings)
        if outcome.data is not None:
            # The text travels back so positions can be found again if a later rule asks.
            doc = Document(
                path=plan_dir / outcome.archivo,
                archivo=outcome.archivo,
                text=outcome.text,
                data=outcome.data,
                loaded=True,
            )
            compromisos.append(CompromisoDoc(outcome.archivo, outcome.data, doc))
    return compromisos, findings


def _baseline_not_checked(plan_doc: Document, base: str) -> Finding:
    """plan.yaml names a baseline, but these files came without git (a download, a copy)."""
    linea, columna = plan_doc.locate(("linea_base",))
    return make_finding(
        Codigo.LINEA_BASE_NO_VERIFICADA,
        PLAN_FILE,
        linea,
        columna,
        "/linea_base",
        f"No se comprobó la línea base «{base}»: el plan no está en un "
        "repositorio git. Trabaje sobre un clon del repositorio del plan para que hdr "
        "compare la hoja de ruta acordada con la actual.",
    )


class CheckOptions(TypedDict, total=False):
    """How to check a plan, beyond its folder and date (``check_plan``'s keywords).

    ``linea_base``: the agreed roadmap's git ref (default: plan.yaml's). ``limits``:
    size and depth limits of the YAML loader. ``overrides`` maps a file (relative to
    the plan, e.g. ``compromisos/13.yaml``) to the bytes to check instead of what is on
    disk: editors validate a change before writing it; a key naming a file that does
    not exist yet adds it. ``shown_as``: the folder the result names when the files
    were read from a copy of it (an old commit's files). ``tracked``: the absolute paths
    of the files git tracks under the plan (``git.tracked``); local evidence must be one
    of them. None (the default) outside git: evidence need only be inside the folder.
    """

    linea_base: str | None
    limits: Limits
    overrides: dict[str, bytes] | None
    shown_as: Path | None
    tracked: frozenset[Path] | None


def check_plan(plan_dir: Path, *, al: date, **options: Unpack[CheckOptions]) -> PlanCheck:
    """Validate a whole plan directory against the format: schema and rules, no git.

    ``al`` is the evaluation date (today or --al); ``options``: see ``CheckOptions``.
    """
    linea_base = options.get("linea_base")
    limits = options.get("limits") or DEFAULT_LIMITS
    shown_as = options.get("shown_as")
    overrides = options.get("overrides") or {}
    plan_doc, plan_data, findings = _check_plan_file(plan_dir, limits, overrides.get(PLAN_FILE))
    ctx = RuleContext(
        al=al,
        plan_periodo=plan_period(plan_data) if plan_data else None,
        plan_dir=plan_dir.resolve(),
        repo_root=find_repo_root(plan_dir),
        tracked=options.get("tracked"),
    )
    findings.extend(_plan_rules(plan_doc, plan_data, ctx))
    files, unreadable = _files_to_check(plan_dir, overrides)
    compromisos, file_findings = _check_compromisos(plan_dir, files, limits, overrides, ctx)
    findings.extend(file_findings + unreadable)
    findings.extend(_numero_duplicado(compromisos))
    effective_base = linea_base or (plan_data.get("linea_base") if plan_data else None)
    if effective_base and linea_base is None and ctx.repo_root is None:
        # Every other check still runs; say plainly what could not be checked.
        findings.append(_baseline_not_checked(plan_doc, effective_base))
    findings.sort(key=Finding.sort_key)
    archivos = 1 + len(files) + len(unreadable)
    check = PlanCheck(shown_as or plan_dir, plan_data, compromisos, archivos, findings)
    check.tracked = ctx.tracked
    if effective_base and ctx.repo_root is not None:
        check.linea_base = effective_base  # compared through git by checks.validate_plan
    return check


def _numero_duplicado(compromisos: list[CompromisoDoc]) -> list[Finding]:
    by_number: dict[int, list[CompromisoDoc]] = defaultdict(list)
    for c in compromisos:
        by_number[c.data["numero"]].append(c)
    out = []
    for numero, group in by_number.items():
        if len(group) < 2:
            continue
        for c in group:
            others = ", ".join(o.archivo for o in group if o is not c)
            linea, columna = c.document.locate(("numero",))
            out.append(
                make_finding(
                    Codigo.NUMERO_DUPLICADO,
                    c.archivo,
                    linea,
                    columna,
                    "/numero",
                    f"El número {numero} también lo usa {others}. Cada compromiso necesita "
                    "un número distinto.",
                )
            )
    return out
