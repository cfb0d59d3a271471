"""``hdr publicar``: the public tracking dashboard as a static site.

The site is built in a sibling folder and swapped into place, so a failed build never
leaves a half-written site, and nothing outside the output directory is ever touched.
Where hdr may publish, what it keeps of a previous output (the files it did not
produce, listed in the marker) and the cleaning of abandoned build folders are in
``sitedir``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.links import Link, classify
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
from hojaderuta.parallel import fork_map
from hojaderuta.publish.opendata import datapackage, plan_document, tables, write_json_text
from hojaderuta.publish.rendering import asset, csp_hash, environment
from hojaderuta.publish.sitedir import (
    MARKER,
    carry_over,
    check_destination,
    clean_stale_staging,
    new_staging,
    produced_files,
    swap,
    write_marker,
)
from hojaderuta.publish.sitehistory import FEED_EVENTS, HistorialVista
from hojaderuta.publish.viewmodel import (
    ESTADO_ICONOS,
    SitioVista,
    effective_period,
    irm_link,
    timeline,
)
from hojaderuta.resources import schema_path

__all__ = ["MARKER", "PageCallback", "SiteResult", "build_site"]

# Told (pages written, pages in all) after each page: the CLI draws its bar with it.
PageCallback = Callable[[int, int], None]


@dataclass
class SiteResult:
    salida: Path
    paginas: int
    archivos: int
    conservados: list[str] = field(default_factory=list)  # files hdr did not produce, kept


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def text(self, relative: str, content: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self.count += 1

    def copy(self, relative: str, source: Path) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.count += 1


def _contexts(
    view: SitioVista, plantillas: Path | None, historia: HistorialVista | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What every page gets: without a script, and with the index's filter script."""
    estilo = asset("sitio/estilo.css", plantillas)
    script = asset("sitio/filtros.js", plantillas)
    csp_base = (
        "default-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        f"style-src {csp_hash(estilo)}"
    )
    common: dict[str, Any] = {
        "plan": view.plan,
        "al": view.al,
        "actualizado": view.actualizado,
        "version": __version__,
        "estilo": estilo,
        "iconos": ESTADO_ICONOS,
        "ods_nombres": ODS_NOMBRES,
        "contactos": view.contactos,
        "historial": historia is not None,
        "feed": historia is not None,
        "historia": historia,
    }
    plain = {**common, "csp": csp_base, "script": ""}
    with_script = {**common, "csp": f"{csp_base}; script-src {csp_hash(script)}", "script": script}
    return plain, with_script


def _render_all(
    view: SitioVista,
    out: _Writer,
    plantillas: Path | None,
    historia: HistorialVista | None,
    on_page: PageCallback | None,
) -> int:
    env = environment(plantillas)
    plain, with_script = _contexts(view, plantillas, historia)
    pages = 0
    total = len(view.compromisos) + len(view.sin_calcular) + len(view.instituciones) + 4

    def done() -> None:
        nonlocal pages
        pages += 1
        if on_page is not None:
            on_page(pages, total)

    def page(name: str, template: str, raiz: str, **context: Any) -> None:
        base = context.pop("base", plain)
        out.text(name, env.get_template(template).render(**base, raiz=raiz, **context))
        done()

    page(
        "index.html",
        "sitio/index.html.j2",
        "",
        base=with_script,
        avance=view.avance,
        compromisos=view.compromisos,
        instituciones=view.instituciones,
        estados=view.estados,
        ods=view.ods,
        ejes=view.ejes,
        sin_calcular=view.sin_calcular,
    )
    _commitment_pages(view, env, plain, out, done)
    for left in view.sin_calcular:
        # Left out of the average, never out of the site: why, and its file's findings.
        page(f"compromisos/{left.pagina}.html", "sitio/sin_calcular.html.j2", "../", c=left)
    page(
        "instituciones/index.html",
        "sitio/instituciones.html.j2",
        "../",
        instituciones=view.instituciones,
    )
    for inst in view.instituciones:
        page(f"instituciones/{inst.slug}.html", "sitio/institucion.html.j2", "../", inst=inst)
    page("datos/index.html", "sitio/datos.html.j2", "../")
    if historia is not None:
        page("historial.html", "sitio/historial.html.j2", "")
        out.text("feed.xml", _feed(env, view, historia))
    return pages


def _commitment_pages(
    view: SitioVista, env: Any, base: dict[str, Any], out: _Writer, done: Callable[[], None]
) -> None:
    """One page per commitment: the bulk of the work, spread over the cores."""
    _STATE.update(view=view, env=env, base=base, root=out.root)
    try:
        indices = range(len(view.compromisos))
        for written in fork_map(_commitment_page, indices, len(indices)):
            out.count += written
            done()
    finally:
        _STATE.clear()


def _feed(env: Any, view: SitioVista, historia: HistorialVista) -> str:
    site = view.plan.get("sitio")
    base_url = site.rstrip("/") + "/" if site and classify(site) is Link.WEB else ""
    events = historia.eventos[:FEED_EVENTS]
    text: str = env.get_template("sitio/feed.xml.j2").render(
        plan=view.plan,
        version=__version__,
        eventos=events,
        feed_id=f"urn:hdr:{view.plan['id']}",
        base_url=base_url,
        actualizado=events[0].fecha if events else f"{view.al.isoformat()}T00:00:00Z",
    )
    return text


# What forked workers need to render commitment pages (inherited, never pickled).
_STATE: dict[str, Any] = {}


def _commitment_page(index: int) -> int:
    view: SitioVista = _STATE["view"]
    c = view.compromisos[index]
    html = (
        _STATE["env"]
        .get_template("sitio/compromiso.html.j2")
        .render(
            **_STATE["base"],
            raiz="../",
            c=c,
            periodo=effective_period(c, view.plan),
            linea=timeline(c, view.plan, view.al),
            irm_informe=irm_link(c),
        )
    )
    _Writer(_STATE["root"]).text(f"compromisos/{c.numero}.html", html)
    return 1


def _write_data(view: SitioVista, out: _Writer) -> None:
    out.text("datos/plan.json", write_json_text(plan_document(view), compact=True))
    for name, content in tables(view).items():
        out.text(f"datos/{name}", content)
    out.text("datos/datapackage.json", write_json_text(datapackage(view)))
    for kind in ("plan", "compromiso"):
        out.copy(f"datos/esquemas/{kind}.schema.json", schema_path(kind))
    for site_path, source in view.evidencias.items():
        # The bytes of the very file the checks judged, read once (no link followed now).
        target = out.root / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read())
        out.count += 1


def build_site(
    view: SitioVista,
    plan_dir: Path,
    salida: Path,
    *,
    plantillas: Path | None = None,
    forzar: bool = False,
    historia: HistorialVista | None = None,
    on_page: PageCallback | None = None,
) -> SiteResult:
    """Write the site for ``view`` into ``salida`` atomically, keeping the files of the
    previous output that hdr did not produce."""
    check_destination(salida, plan_dir, forzar)
    target = salida.resolve()
    clean_stale_staging(target.parent)
    staging = new_staging(target.parent)
    try:
        out = _Writer(staging)
        pages = _render_all(view, out, plantillas, historia, on_page)
        _write_data(view, out)
        produced = produced_files(staging)
        kept = carry_over(target, staging, forzar)
        meta = {"generador": f"hdr {__version__}", "al": view.al.isoformat()}
        write_marker(staging, meta, produced)
        swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(target, pages, out.count + 1, kept)
