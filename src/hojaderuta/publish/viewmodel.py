"""What reports and the site show: the plan's data and its progress, ready for templates.

Templates get plain values (no logic beyond loops): every link already vetted,
contact data already removed when the plan asks so, institutions with slugs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hojaderuta.checks.progress import progress_of
from hojaderuta.core.discovery import find_repo_root
from hojaderuta.core.evidence import EvidenceFile, locate_evidence
from hojaderuta.core.findings import Finding
from hojaderuta.core.links import Link, classify
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
from hojaderuta.core.sitesettings import AjustesSitio, judge_logo, site_settings
from hojaderuta.core.validation import PlanCheck
from hojaderuta.progress import (
    DIAS_PROXIMOS,
    CompromisoAvance,
    Estado,
    HitoAvance,
    InstitucionAvance,
    PlanAvance,
    Proximos,
    SinCalcular,
    por_institucion,
    proximos,
)
from hojaderuta.publish.milestones import effective_period as effective_period
from hojaderuta.publish.milestones import month_ticks as month_ticks
from hojaderuta.publish.milestones import timeline as timeline
from hojaderuta.publish.shaped import shaped
from hojaderuta.text.folding import slugify
from hojaderuta.text.i18n import _
from hojaderuta.text.places import place_of_pointer

CONTACT_KEYS = ("correo", "telefono")


@dataclass
class Enlace:
    texto: str
    href: str | None  # None: not a safe link, shown as text only
    externo: bool


@dataclass
class HitoVista:
    avance: HitoAvance
    datos: Mapping[str, Any]
    evidencia: list[Enlace]


@dataclass
class CompromisoVista:
    avance: CompromisoAvance
    datos: Mapping[str, Any]
    hitos: list[HitoVista]
    instituciones: list[InstitucionRef]
    modificaciones: list[dict[str, Any]]
    acuerdos: list[Enlace]
    observaciones: list[Observacion] = field(default_factory=list)
    pagina: str = ""  # under compromisos/, without .html

    @property
    def numero(self) -> int:
        return self.avance.numero

    @property
    def estado(self) -> Estado:
        return self.avance.estado


@dataclass
class Observacion:
    """A finding as a page shows it: where in people's words, and what."""

    archivo: str
    linea: int
    lugar: str
    mensaje: str
    error: bool


@dataclass
class SinCalcularVista:
    """A commitment whose progress cannot be computed: listed, with its own page."""

    avance: SinCalcular
    observaciones: list[Observacion]
    pagina: str

    @property
    def numero(self) -> int | None:
        return self.avance.numero

    @property
    def estado(self) -> Estado:
        return Estado.SIN_CALCULAR


def observations(findings: list[Finding], data: Any) -> list[Observacion]:
    return [
        Observacion(f.archivo, f.linea, place_of_pointer(f.ruta, data), f.mensaje, f.es_error)
        for f in findings
    ]


@dataclass
class InstitucionRef:
    nombre: str
    slug: str


@dataclass
class InstitucionVista:
    nombre: str
    slug: str
    compromisos: list[CompromisoVista] = field(default_factory=list)
    hitos: list[tuple[CompromisoVista, HitoVista]] = field(default_factory=list)
    cifras: InstitucionAvance = field(default_factory=lambda: InstitucionAvance(""))
    proximos: Proximos = field(default_factory=lambda: Proximos(DIAS_PROXIMOS, [], []))

    @property
    def ajenos(self) -> list[tuple[CompromisoVista, HitoVista]]:
        """The hitos it answers for in commitments it does not lead."""
        return [(c, h) for c, h in self.hitos if self.nombre not in c.avance.responsables]


@dataclass
class SitioVista:
    plan: dict[str, Any]
    avance: PlanAvance
    compromisos: list[CompromisoVista]
    instituciones: list[InstitucionVista]
    contactos: bool
    evidencias: dict[str, EvidenceFile]  # site path (under evidencias/) -> file to copy
    estados: list[tuple[str, str, int]]  # (code, word, count)
    ods: list[tuple[int, str]]
    ejes: list[str]
    sin_calcular: list[SinCalcularVista] = field(default_factory=list)
    actualizado: date | None = None  # the day it was published (the calendar moves on)
    ajustes: AjustesSitio = field(default_factory=lambda: site_settings({}))
    proximos: Proximos = field(default_factory=lambda: Proximos(DIAS_PROXIMOS, [], []))
    logo: tuple[str, EvidenceFile] | None = None  # (site path, file to copy)

    @property
    def al(self) -> date:
        return self.avance.al


ESTADO_ICONOS = {
    Estado.CUMPLIDO: "✔",
    Estado.EN_TIEMPO: "●",
    Estado.CON_REZAGO: "▲",
    Estado.NO_INICIADO: "○",
    Estado.SIN_CALCULAR: "?",
}


def ods_names() -> dict[int, str]:
    """The goals' names in the run's language (``core.ods`` marks them; shown here)."""
    return {n: _(name) for n, name in ODS_NOMBRES.items()}


def _without_contacts(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_contacts(v) for k, v in data.items() if k not in CONTACT_KEYS}
    if isinstance(data, list):
        return [_without_contacts(v) for v in data]
    return data


# Page names the site itself uses: an institution slugged «index» must not replace
# instituciones/index.html (nor, in a template that lists them elsewhere, the others).
RESERVED_SLUGS = frozenset(
    {"index", "datos", "historial", "feed", "compromisos", "instituciones", "evidencias",
     "estilo", "filtros", "esquemas"}
)  # fmt: skip


class _EvidenceCatalog:
    """Local evidence files that may be published, copied under evidencias/.

    The same judgement as the rules (``core.evidence``): inside the plan's folder,
    outside .git, tracked by git when the plan is in a repository, of a harmless type.
    A value that fails is shown as plain text, never linked or copied.
    """

    def __init__(self, plan_dir: Path, tracked: frozenset[Path] | None) -> None:
        self.plan_dir = plan_dir.resolve()
        root = find_repo_root(plan_dir)
        self.repo_root = root.resolve() if root is not None else None
        self.tracked = tracked
        self.files: dict[str, EvidenceFile] = {}

    def link(self, value: str) -> Enlace:
        kind = classify(value)
        if kind is Link.WEB:
            return Enlace(value, value.strip(), True)
        if kind is Link.RELATIVE:
            found = locate_evidence(value, self.plan_dir, self.repo_root, self.tracked).path
            if found is not None:
                site_path = "evidencias/" + found.relative_to(self.plan_dir).as_posix()
                try:
                    self.files.setdefault(site_path, EvidenceFile.of(found))
                except OSError:  # gone since: shown as text
                    return Enlace(value, None, False)
                return Enlace(value, site_path, False)
        return Enlace(value, None, False)


def _commitment_view(
    c: CompromisoAvance, raw: Mapping[str, Any], contacts: bool, catalog: _EvidenceCatalog
) -> CompromisoVista:
    data = raw if contacts else _without_contacts(raw)
    hitos = [
        HitoVista(
            h, data["hitos"][i], [catalog.link(e) for e in raw["hitos"][i].get("evidencia", [])]
        )
        for i, h in enumerate(c.hitos)
    ]
    mods = list(data.get("modificaciones", []))
    links = [catalog.link(m["acuerdo"]) for m in mods]
    notes = observations(c.observaciones, raw)
    return CompromisoVista(c, data, hitos, [], mods, links, notes, str(c.numero))


def build_view(
    check: PlanCheck,
    al: date,
    contactos: bool | None = None,
    hoy: date | None = None,
    avance: PlanAvance | None = None,
) -> SitioVista:
    """Everything templates show, from a checked plan. ``avance``: the progress already
    computed for it at ``al`` (``checks.progress.check_for_progress`` does), not computed
    again."""
    plan = dict(check.plan or {})
    show_contacts = plan.get("publicar_contactos", True) if contactos is None else contactos
    progress = avance if avance is not None else progress_of(check, al)
    trusted = {c.archivo for c in check.compromisos}  # schema-valid: shown as they are
    by_file = {a: d if a in trusted else shaped(d) for a, d in check.computable()}
    catalog = _EvidenceCatalog(check.plan_dir, check.tracked)

    institutions: dict[str, InstitucionVista] = {}
    used_slugs: set[str] = set(RESERVED_SLUGS)

    def institution(name: str) -> InstitucionVista:
        if name not in institutions:
            slug = base = slugify(name)
            n = 2
            while slug in used_slugs:
                slug, n = f"{base}-{n}", n + 1
            used_slugs.add(slug)
            institutions[name] = InstitucionVista(name, slug)
        return institutions[name]

    views: list[CompromisoVista] = []
    for c in progress.compromisos:
        view = _commitment_view(c, by_file[c.archivo], bool(show_contacts), catalog)
        views.append(view)
        for name in c.responsables:
            institution(name).compromisos.append(view)
        for hito in view.hitos:
            owner = hito.datos["responsable"]["institucion"]
            if owner.strip():  # a file with findings may leave it empty
                institution(owner).hitos.append((view, hito))
        view.instituciones = [InstitucionRef(n, institution(n).slug) for n in c.responsables]

    for figures in por_institucion(progress):
        inst = institution(figures.nombre)
        inst.cifras = figures
        inst.proximos = proximos(progress, DIAS_PROXIMOS, hitos=figures.hitos)

    counts = progress.por_estado()
    settings = site_settings(plan)
    return SitioVista(
        plan=plan,
        avance=progress,
        compromisos=views,
        instituciones=sorted(institutions.values(), key=lambda i: slugify(i.nombre)),
        contactos=bool(show_contacts),
        evidencias=catalog.files,
        estados=[(str(e), e.palabra, counts[e]) for e in Estado],
        ods=[
            (n, _(ODS_NOMBRES[n])) for n in sorted({n for c in progress.compromisos for n in c.ods})
        ],
        ejes=sorted({c.eje for c in progress.compromisos if c.eje}),
        sin_calcular=_left_out(progress, check),
        actualizado=hoy,
        ajustes=settings,
        proximos=proximos(progress, DIAS_PROXIMOS),
        logo=_logo(settings.logo, catalog),
    )


def _logo(value: str | None, catalog: _EvidenceCatalog) -> tuple[str, EvidenceFile] | None:
    """The plan's logo, judged as the rule ``logo-invalido`` judges it (inside the plan,
    tracked by git, a real PNG, JPEG, GIF or WebP of at most 1 MB): otherwise none."""
    if value is None:
        return None
    found = judge_logo(value, catalog.plan_dir, catalog.repo_root, catalog.tracked).path
    if found is None:
        return None
    try:
        return f"identidad/logo{found.suffix.lower()}", EvidenceFile.of(found)
    except OSError:
        return None


def _left_out(progress: PlanAvance, check: PlanCheck) -> list[SinCalcularVista]:
    """Pages for commitments left out of the average: by number when it is theirs
    alone, else by file name (a number two files share would make one page hide the
    other)."""
    taken = {c.numero for c in progress.compromisos}
    numbers = [c.numero for c in progress.sin_calcular]
    out = []
    for c in progress.sin_calcular:
        own = c.numero is not None and c.numero not in taken and numbers.count(c.numero) == 1
        stem = c.archivo.rsplit("/", 1)[-1].removesuffix(".yaml")
        page = str(c.numero) if own else f"archivo-{slugify(stem)}"
        data = check.datos.get(c.archivo)
        out.append(SinCalcularVista(c, observations(c.hallazgos, data), page))
    return out


def irm_link(view: CompromisoVista) -> Enlace | None:
    """The IRM report, linked only when it is a web address."""
    value = view.datos.get("irm", {}).get("informe")
    if value is None:
        return None
    return Enlace(value, value if classify(value) is Link.WEB else None, True)
