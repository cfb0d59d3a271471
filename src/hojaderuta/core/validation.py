"""The ``hdr validar`` pipeline: load every file, check the schema, run the rules.

One bad file never stops the others: each file's problems become findings and
the next file is read. Every check runs on what each file lets it read
(``filecheck``), so one round says everything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypedDict, Unpack

from hojaderuta.core.computable import commitment_problems
from hojaderuta.core.discovery import PLAN_FILE, find_repo_root, scan_commitments
from hojaderuta.core.doccache import DocCache
from hojaderuta.core.filecheck import FileCheck, check_file, run_rules, with_places
from hojaderuta.core.filejobs import check_files, relative
from hojaderuta.core.findings import Codigo, Finding, Severidad, make_finding
from hojaderuta.core.loading import DEFAULT_LIMITS, Document, Limits, bulk_loading
from hojaderuta.core.model import Compromiso, Plan
from hojaderuta.core.rules import PLAN_RULES, RuleContext, plan_period
from hojaderuta.text.i18n import _


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
    # What each commitment file YAML could read holds, schema-valid or not: enough
    # to show it and, often, to compute its progress.
    datos: dict[str, Any] = field(default_factory=dict)
    # progress_problems, remembered for the findings and data it was computed from
    # (avance asks four times; on a large plan each answer walks every file).
    _problems: tuple[tuple[int, int, int], dict[str, str]] | None = field(
        default=None, repr=False, compare=False
    )

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

    def progress_problems(self) -> dict[str, str]:
        """Commitment files whose progress cannot be computed, each with the reason
        (``core.computable``): other findings keep a commitment in the average."""
        key = (id(self.findings), len(self.findings), len(self.datos))
        if self._problems is None or self._problems[0] != key:
            self._problems = (key, commitment_problems(self.datos, self.findings))
        return dict(self._problems[1])

    def exclusions(self) -> dict[str, Finding]:
        """Files left out of the plan's average, each with its first error.

        Only a commitment whose progress cannot be computed (``progress_problems``); an
        unagreed change to the roadmap or any other finding keeps it counted.
        """
        bad = self.progress_problems()
        first: dict[str, Finding] = {}
        for f in self.findings:
            if f.archivo in bad and f.es_error and f.archivo not in first:
                first[f.archivo] = f
        return first

    def valid_compromisos(self) -> list[CompromisoDoc]:
        """Schema-valid commitments whose numbers can be computed."""
        bad = self.progress_problems()
        return [c for c in self.compromisos if c.archivo not in bad]

    def computable(self) -> list[tuple[str, Any]]:
        """(file, data) of every commitment whose progress can be computed, valid or not."""
        bad = self.progress_problems()
        return [(a, d) for a, d in sorted(self.datos.items()) if a not in bad]


def _check_plan_file(plan_dir: Path, limits: Limits, override: bytes | None) -> FileCheck:
    """plan.yaml first: its period is what the commitments' rules compare against."""
    path = plan_dir / PLAN_FILE
    if override is None and not path.resolve().is_relative_to(plan_dir.resolve()):
        # A link to a file outside the plan is not read: its text would show in findings.
        message = _(
            "«{archivo}» es un enlace simbólico que lleva fuera de la carpeta del plan; "
            "hdr no lo lee. Reemplácelo por el archivo mismo."
        ).format(archivo=PLAN_FILE)
        doc = Document(path=path, archivo=PLAN_FILE)
        return FileCheck(doc, [make_finding(Codigo.ARCHIVO_ILEGIBLE, PLAN_FILE, 1, 1, "", message)])
    return check_file(path, PLAN_FILE, "plan", limits, override)


def _plan_rules(plan: FileCheck, ctx: RuleContext) -> list[Finding]:
    run_rules(plan, PLAN_RULES, ctx)
    findings = with_places(plan.findings, plan.doc.data)
    plan.doc.release()
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
) -> tuple[list[CompromisoDoc], list[Finding], dict[str, Any]]:
    named = [(path, relative(path, plan_dir)) for path in files]
    jobs = [(path, archivo, limits, overrides.get(archivo), ctx) for path, archivo in named]
    findings: list[Finding] = []
    compromisos: list[CompromisoDoc] = []
    datos: dict[str, Any] = {}
    cache = DocCache.for_plan(plan_dir, limits)
    with bulk_loading():
        outcomes = check_files(jobs, cache)
    for outcome in outcomes:
        if cache is not None and outcome.entry is not None:
            cache.add_raw(*outcome.entry)
        if cache is not None and outcome.hit is not None:
            cache.keep(outcome.hit)  # used in a worker: the parent keeps it
        findings.extend(outcome.findings)
        if outcome.raw is not None:
            datos[outcome.archivo] = outcome.raw[0]
        if outcome.data is not None:
            # The text travels back so positions can be found again if a later rule asks.
            doc = Document(
                path=plan_dir / outcome.archivo,
                archivo=outcome.archivo,
                text=outcome.text,
                data=outcome.data,
                loaded=True,
            )
            doc.known_positions = outcome.positions
            compromisos.append(CompromisoDoc(outcome.archivo, outcome.data, doc))
    if cache is not None:
        cache.save()
    return compromisos, findings, datos


def _baseline_not_checked(plan_doc: Document, base: str) -> Finding:
    """plan.yaml names a baseline, but these files came without git (a download, a copy)."""
    linea, columna = plan_doc.locate(("linea_base",))
    return make_finding(
        Codigo.LINEA_BASE_NO_VERIFICADA,
        PLAN_FILE,
        linea,
        columna,
        "/linea_base",
        _(
            "No se comprobó la línea base «{base}»: el plan no está en un "
            "repositorio git. Trabaje sobre un clon del repositorio del plan para que hdr "
            "compare la hoja de ruta acordada con la actual."
        ).format(base=base),
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
    plan = _check_plan_file(plan_dir, limits, overrides.get(PLAN_FILE))
    plan_doc, plan_data = plan.doc, plan.doc.data if plan.ok else None
    ctx = RuleContext(
        al=al,
        # The plan's period as soon as it is well written, even if plan.yaml has errors.
        plan_periodo=plan_period(plan.readable),
        plan_dir=plan_dir.resolve(),
        repo_root=find_repo_root(plan_dir),
        tracked=options.get("tracked"),
    )
    findings = _plan_rules(plan, ctx)
    files, unreadable = _files_to_check(plan_dir, overrides)
    compromisos, file_findings, datos = _check_compromisos(plan_dir, files, limits, overrides, ctx)
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
    check.datos = datos
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
                    _(
                        "El número {numero} también lo usa {otros}. Cada compromiso necesita "
                        "un número distinto."
                    ).format(numero=numero, otros=others),
                )
            )
    return out
