"""``hdr publicar``: the public tracking dashboard as a static site.

The site is built in a sibling temporary directory and swapped into place, so
a failed build never leaves a half-written site, and nothing outside the
output directory is ever touched. A marker file tells a previous hdr output
from any other folder, which hdr refuses to replace unless forced.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.core.links import Link, classify
from hojaderuta.core.ods import NOMBRES as ODS_NOMBRES
from hojaderuta.errors import UsageError
from hojaderuta.parallel import fork_map
from hojaderuta.publish.opendata import datapackage, plan_document, tables, write_json_text
from hojaderuta.publish.rendering import asset, csp_hash, environment
from hojaderuta.publish.sitehistory import FEED_EVENTS, HistorialVista
from hojaderuta.publish.viewmodel import (
    ESTADO_ICONOS,
    SitioVista,
    effective_period,
    irm_link,
    timeline,
)
from hojaderuta.resources import schema_path

MARKER = ".hdr-sitio"

# Told (pages written, pages in all) after each page: the CLI draws its bar with it.
PageCallback = Callable[[int, int], None]


@dataclass
class SiteResult:
    salida: Path
    paginas: int
    archivos: int


def _check_destination(salida: Path, plan_dir: Path, forzar: bool) -> None:
    target = salida.resolve()
    protected = plan_dir.resolve()
    if target == protected or protected.is_relative_to(target):
        raise UsageError(
            f"La salida «{salida}» contiene el plan; publicar ahí borraría las hojas de ruta. "
            "Elija otra carpeta, por ejemplo «--salida sitio»."
        )
    if target.exists() and not target.is_dir():
        raise UsageError(f"«{salida}» existe y no es una carpeta.")
    previous_hdr_output = (target / MARKER).is_file()
    if target.is_dir() and any(target.iterdir()) and not previous_hdr_output and not forzar:
        raise UsageError(
            f"La carpeta «{salida}» no está vacía y no es un sitio publicado antes por hdr. "
            "Para no borrar nada por error, hdr no la reemplaza; elija otra carpeta o use "
            "--forzar si de verdad quiere reemplazar su contenido."
        )


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
    total = len(view.compromisos) + len(view.instituciones) + 4

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
    )
    _commitment_pages(view, env, plain, out, done)
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
        out.copy(site_path, source)


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
    """Write the site for ``view`` into ``salida`` atomically."""
    _check_destination(salida, plan_dir, forzar)
    target = salida.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".hdr-sitio-", dir=target.parent))
    try:
        out = _Writer(staging)
        pages = _render_all(view, out, plantillas, historia, on_page)
        _write_data(view, out)
        (staging / MARKER).write_text(
            json.dumps({"generador": f"hdr {__version__}", "al": view.al.isoformat()}) + "\n",
            encoding="utf-8",
        )
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(target, pages, out.count + 1)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, keeping the old one until the new one is in."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=".hdr-anterior-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)
