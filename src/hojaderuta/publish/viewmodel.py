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

from hojaderuta.core.discovery import find_repo_root
from hojaderuta.core.evidence import EvidenceFile, locate_evidence
from hojaderuta.core.links import Link, classify
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
from hojaderuta.core.validation import PlanCheck
from hojaderuta.progress import CompromisoAvance, Estado, HitoAvance, PlanAvance, plan_avance
from hojaderuta.text.dates import short_month
from hojaderuta.text.folding import slugify

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

    @property
    def numero(self) -> int:
        return self.avance.numero

    @property
    def estado(self) -> Estado:
        return self.avance.estado


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

    @property
    def al(self) -> date:
        return self.avance.al


ESTADO_ICONOS = {
    Estado.CUMPLIDO: "✔",
    Estado.EN_TIEMPO: "●",
    Estado.CON_REZAGO: "▲",
    Estado.NO_INICIADO: "○",
}


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


def build_view(check: PlanCheck, al: date, contactos: bool | None = None) -> SitioVista:
    """Everything templates show, from a validated plan (commitments with errors left out)."""
    plan = dict(check.plan or {})
    show_contacts = plan.get("publicar_contactos", True) if contactos is None else contactos
    valid = check.valid_compromisos()
    progress = plan_avance(plan, [(c.archivo, c.data) for c in valid], al)
    by_file = {c.archivo: c.data for c in valid}
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
        raw = by_file[c.archivo]
        data = raw if show_contacts else _without_contacts(raw)
        hitos = [
            HitoVista(
                h, data["hitos"][i], [catalog.link(e) for e in raw["hitos"][i].get("evidencia", [])]
            )
            for i, h in enumerate(c.hitos)
        ]
        refs = [InstitucionRef(name, institution(name).slug) for name in c.responsables]
        mods = list(data.get("modificaciones", []))
        view = CompromisoVista(
            c, data, hitos, refs, mods, [catalog.link(m["acuerdo"]) for m in mods]
        )
        views.append(view)
        for name in c.responsables:
            institution(name).compromisos.append(view)
        for hito in hitos:
            owner = hito.datos["responsable"]["institucion"]
            institution(owner).hitos.append((view, hito))

    counts = progress.por_estado()
    return SitioVista(
        plan=plan,
        avance=progress,
        compromisos=views,
        instituciones=sorted(institutions.values(), key=lambda i: slugify(i.nombre)),
        contactos=bool(show_contacts),
        evidencias=catalog.files,
        estados=[(str(e), e.palabra, counts[e]) for e in Estado],
        ods=[(n, ODS_NOMBRES[n]) for n in sorted({n for c in progress.compromisos for n in c.ods})],
        ejes=sorted({c.eje for c in progress.compromisos}),
    )


def irm_link(view: CompromisoVista) -> Enlace | None:
    """The IRM report, linked only when it is a web address."""
    value = view.datos.get("irm", {}).get("informe")
    if value is None:
        return None
    return Enlace(value, value if classify(value) is Link.WEB else None, True)


def effective_period(view: CompromisoVista, plan: dict[str, Any]) -> dict[str, str]:
    periodo: dict[str, str] = view.datos.get("periodo") or plan["periodo"]
    return periodo


def month_ticks(start: date, end: date) -> list[date]:
    """First days of months between ``start`` and ``end`` that label the calendar's axis.

    Every month, quarter or half year by the period's length; whole years when that
    would be more than 24 labels, so a period ending in year 9999 stays readable
    (and never steps past the last representable date).
    """
    span = (end - start).days
    step = 6 if span > 540 else 3 if span > 120 else 1
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    if (last - first) // step > 24:
        step = 12 * ((last - first) // (12 * 24) + 1)
    index = first + (-first) % step  # months since year 0; a multiple of the step
    ticks = []
    while index <= last:
        day = date(index // 12, index % 12 + 1, 1)
        if day >= start:
            ticks.append(day)
        index += step
    return ticks


def timeline(view: CompromisoVista, plan: dict[str, Any], al: date) -> dict[str, Any]:
    """Coordinates for the hitos' calendar (an SVG drawn by the template)."""
    periodo = effective_period(view, plan)
    start = min([date.fromisoformat(periodo["inicio"])] + [h.avance.inicio for h in view.hitos])
    end = max([date.fromisoformat(periodo["fin"])] + [h.avance.termino for h in view.hitos])
    left, width = 70.0, 640.0
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + (day - start).days / span * width, 1)

    rows = []
    for i, hv in enumerate(view.hitos):
        h = hv.avance
        rows.append(
            {
                "indice": h.indice,
                "y": 20 + i * 28,
                "x": x(h.inicio),
                "ancho": max(round(x(h.termino) - x(h.inicio), 1), 2.0),
                "cumplido": h.cumplido,
                "x_cumplido": x(h.fecha_cumplimiento) if h.fecha_cumplimiento else None,
            }
        )
    return {
        "ancho": 720,
        "alto": 20 + len(rows) * 28 + 24,
        "filas": rows,
        "marcas": [{"x": x(m), "texto": short_month(m)} for m in month_ticks(start, end)],
        "x_hoy": x(al) if start <= al <= end else None,
        "etiqueta_hoy": f"al {al.isoformat()}",
    }
