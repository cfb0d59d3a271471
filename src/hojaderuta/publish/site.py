"""``hdr publicar``: the public tracking dashboard as a static site.

The site is built in a sibling folder and swapped into place, so a failed build never
leaves a half-written site, and nothing outside the output directory is ever touched.
Where hdr may publish, what it keeps of a previous output (the files it did not
produce, listed in the marker) and the cleaning of abandoned build folders are in
``sitedir``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hojaderuta import __version__
from hojaderuta.parallel import mapped
from hojaderuta.publish.citation import (
    Feed,
    commitment_description,
    dataset_jsonld,
    feeds,
    institution_description,
    plan_description,
    robots,
    section_description,
    sitemap,
)
from hojaderuta.publish.fielddocs import data_files
from hojaderuta.publish.opendata import datapackage, plan_document, tables, write_json_text
from hojaderuta.publish.rendering import asset, asset_path, csp_hash, environment
from hojaderuta.publish.search import search_index
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
from hojaderuta.publish.sitefiles import Languages, SiteWriter, language_switch
from hojaderuta.publish.sitehistory import HistorialVista
from hojaderuta.publish.viewmodel import (
    ESTADO_ICONOS,
    CompromisoVista,
    SitioVista,
    effective_period,
    irm_link,
    ods_names,
    timeline,
)
from hojaderuta.resources import schema_path
from hojaderuta.text.i18n import _, language, other_language, speaking
from hojaderuta.text.numbers import gap_words

__all__ = ["MARKER", "Edicion", "PageCallback", "SiteResult", "build_site", "commitment_html"]

CARD = "tarjeta.png"  # the image a shared link shows when the plan has no logo

# Told (pages written, pages in all) after each page: the CLI draws its bar with it.
PageCallback = Callable[[int, int], None]


@dataclass
class SiteResult:
    salida: Path
    paginas: int
    archivos: int
    conservados: list[str] = field(default_factory=list)  # files hdr did not produce, kept


@dataclass(frozen=True)
class Edicion:
    """The site in one more language: its view and history, built in that language."""

    idioma: str
    view: SitioVista
    historia: HistorialVista | None = None


def _contexts(
    view: SitioVista,
    plantillas: Path | None,
    historia: HistorialVista | None,
    languages: Languages,
    prefix: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What every page gets: without a script, and with the index's filter script."""
    estilo = asset("sitio/estilo.css", plantillas)
    if view.ajustes.color:
        # The plan's accent (contrast already checked): links and the site's name.
        estilo += f"\n:root {{ --enlace: {view.ajustes.color}; --acento: {view.ajustes.color}; }}\n"
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
        "idioma": language(),  # <html lang>
        "estilo": estilo,
        "iconos": ESTADO_ICONOS,
        "ods_nombres": ods_names(),
        "contactos": view.contactos,
        "historial": historia is not None,
        "feed": historia is not None,
        "historia": historia,
        "ajustes": view.ajustes,
        "logo": view.logo[0] if view.logo else None,
        "tarjeta": view.logo[0] if view.logo else CARD,
        "feed_propio": None,
        "comun": "../" if prefix else "",  # from this language's root to the shared files
        "prefijo": prefix,
        # The plan's language, only when the pages speak another (it marks its text).
        "idioma_contenido": other_language(view.ajustes.idioma_contenido),
        "idiomas": languages,
    }
    plain = {**common, "csp": csp_base, "script": ""}
    with_script = {**common, "csp": f"{csp_base}; script-src {csp_hash(script)}", "script": script}
    return plain, with_script


class _Pages:
    """Renders pages into the writer, counting them for the progress bar."""

    def __init__(
        self, view: SitioVista, out: SiteWriter, env: Any, plain: dict[str, Any], on_page: Any
    ) -> None:
        self.view, self.out, self.env, self.plain, self.on_page = view, out, env, plain, on_page
        self.written = 0
        self.total = len(view.compromisos) + len(view.sin_calcular) + len(view.instituciones) + 4

    def done(self) -> None:
        self.written += 1
        if self.on_page is not None:
            self.on_page(self.written, self.total)

    def page(self, name: str, template: str, descripcion: str, **context: Any) -> None:
        base = context.pop("base", self.plain)
        raiz = "../" * name.count("/")
        html = self.env.get_template(template).render(
            **{**base, **context},
            raiz=raiz,
            pagina=name,
            descripcion=descripcion,
            idiomas_sitio=language_switch(name, base),
        )
        self.out.text(name, html)
        self.done()


def _index_page(pages: _Pages, base: dict[str, Any]) -> None:
    view = pages.view
    pages.page(
        "index.html",
        "sitio/index.html.j2",
        plan_description(view),
        base=base,
        avance=view.avance,
        brecha=gap_words(view.avance.avance, view.avance.esperado),
        proximos=view.proximos,
        compromisos=view.compromisos,
        instituciones=view.instituciones,
        estados=view.estados,
        ods=view.ods,
        ejes=view.ejes,
        sin_calcular=view.sin_calcular,
        indice_busqueda=search_index(
            view.compromisos, view.sin_calcular, base["idioma_contenido"] is not None
        ),
    )


def _institution_pages(pages: _Pages, base: dict[str, Any], with_feeds: bool) -> None:
    view = pages.view
    listing = "instituciones/index.html"
    about = section_description(listing, view)
    # The comparison table sorts with the same script as the index's filters.
    pages.page(
        listing, "sitio/instituciones.html.j2", about, base=base, instituciones=view.instituciones
    )
    for inst in view.instituciones:
        pages.page(
            f"instituciones/{inst.slug}.html",
            "sitio/institucion.html.j2",
            institution_description(inst, view),
            inst=inst,
            feed_propio=f"{inst.slug}.xml" if with_feeds else None,
        )


def _render_all(
    view: SitioVista,
    out: SiteWriter,
    plantillas: Path | None,
    historia: HistorialVista | None,
    on_page: PageCallback | None,
    languages: Languages,
) -> int:
    """Every page of one language (and, for the first one, the open data)."""
    env = environment(plantillas)
    plain, with_script = _contexts(view, plantillas, historia, languages, out.prefix)
    pages = _Pages(view, out, env, plain, on_page)
    with _commitment_pages(view, env, plain, out) as rendered:
        # While the workers render the commitments' pages, this process writes the rest.
        _index_page(pages, with_script)
        _other_pages(pages, with_script, env, historia)
        if not out.prefix:
            _write_data(view, out)
        for written in rendered:
            out.count += 1
            out.pages.append(out.prefix + written)
            pages.done()
    return pages.written


def _other_pages(
    pages: _Pages, with_script: dict[str, Any], env: Any, historia: HistorialVista | None
) -> None:
    view, out = pages.view, pages.out
    for left in view.sin_calcular:
        # Left out of the average, never out of the site: why, and its file's findings.
        text = _("{titulo}: su avance no se puede calcular ({motivo}).").format(
            titulo=left.avance.titulo, motivo=left.avance.motivo
        )
        pages.page(f"compromisos/{left.pagina}.html", "sitio/sin_calcular.html.j2", text, c=left)
    _institution_pages(pages, with_script, historia is not None)
    files = data_files()
    pages.page(
        "datos/index.html",
        "sitio/datos.html.j2",
        section_description("datos/index.html", view),
        archivos_datos=files,
        jsonld=dataset_jsonld(
            view, [(f.nombre, f.formato, f.descripcion) for f in files], out.prefix
        ),
    )
    if historia is not None:
        about = section_description("historial.html", view)
        pages.page("historial.html", "sitio/historial.html.j2", about)
        for feed in feeds(view, historia):
            out.text(feed.ruta, _feed(env, view, feed, out.prefix))


@contextmanager
def _commitment_pages(
    view: SitioVista, env: Any, base: dict[str, Any], out: SiteWriter
) -> Iterator[Iterator[str]]:
    """One page per commitment, the bulk of the work: started on the idle cores, read
    when the caller is done with its own pages."""
    _STATE.update(view=view, env=env, base=base, root=out.root, prefix=out.prefix)
    try:
        indices = range(len(view.compromisos))
        with mapped(_commitment_page, indices, busy=True) as rendered:
            yield rendered
    finally:
        _STATE.clear()


def _feed(env: Any, view: SitioVista, feed: Feed, prefix: str) -> str:
    """An Atom feed; its links are absolute when the site's address is known, else
    relative to the feed's own folder."""
    depth = feed.ruta.count("/")
    base_url = view.ajustes.url + prefix if view.ajustes.url else "../" * depth
    text: str = env.get_template("sitio/feed.xml.j2").render(
        plan=view.plan,
        version=__version__,
        idioma=language(),
        feed=feed,
        base_url=base_url,
        actualizado=feed.eventos[0].fecha if feed.eventos else f"{view.al.isoformat()}T00:00:00Z",
    )
    return text


# What forked workers need to render commitment pages (inherited, never pickled).
_STATE: dict[str, Any] = {}


def _commitment_page(index: int) -> str:
    view: SitioVista = _STATE["view"]
    name, html = commitment_html(view, view.compromisos[index], _STATE["env"], _STATE["base"])
    SiteWriter(_STATE["root"], _STATE["prefix"]).text(name, html)
    return name


def commitment_html(
    view: SitioVista, c: CompromisoVista, env: Any, base: dict[str, Any]
) -> tuple[str, str]:
    """A commitment's page: its name in the site and its HTML (``base``: what every page
    gets, from ``_contexts``)."""
    name = f"compromisos/{c.pagina}.html"
    html: str = env.get_template("sitio/compromiso.html.j2").render(
        **{**base, "feed_propio": f"{c.pagina}.xml" if base["feed"] else None},
        raiz="../",
        pagina=name,
        idiomas_sitio=language_switch(name, base),
        descripcion=commitment_description(c, view),
        c=c,
        periodo=effective_period(c, view.plan),
        linea=timeline(c, view.plan, view.al),
        irm_informe=irm_link(c),
    )
    return name, html


def _write_data(view: SitioVista, out: SiteWriter) -> None:
    out.text("datos/plan.json", write_json_text(plan_document(view), compact=True))
    for name, content in tables(view).items():
        out.text(f"datos/{name}", content)
    out.text("datos/datapackage.json", write_json_text(datapackage(view)))
    for kind in ("plan", "compromiso", "avance"):
        out.copy(f"datos/esquemas/{kind}.schema.json", schema_path(kind))
    files = list(view.evidencias.items()) + ([view.logo] if view.logo else [])
    for site_path, source in files:
        # The bytes of the very file the checks judged, read once (no link followed now).
        target = out.root / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read())
        out.count += 1


def _write_extras(view: SitioVista, out: SiteWriter, plantillas: Path | None) -> None:
    """The sharing card's image; with the site's address, the sitemap and robots.txt."""
    out.copy(CARD, asset_path(f"sitio/{CARD}", plantillas))
    base = view.ajustes.url
    if base:
        day = (view.actualizado or view.al).isoformat()
        out.text("sitemap.xml", sitemap(base, sorted(out.pages), day))
        out.text("robots.txt", robots(base))


def build_site(
    view: SitioVista,
    plan_dir: Path,
    salida: Path,
    *,
    plantillas: Path | None = None,
    forzar: bool = False,
    historia: HistorialVista | None = None,
    on_page: PageCallback | None = None,
    otras: Sequence[Edicion] = (),
) -> SiteResult:
    """Write the site for ``view`` (in the run's language, at the root; ``otras``, each
    under its language's folder) into ``salida`` atomically, keeping the files of the
    previous output that hdr did not produce."""
    check_destination(salida, plan_dir, forzar)
    target = salida.resolve()
    clean_stale_staging(target.parent)
    staging = new_staging(target.parent)
    languages = [(language(), ""), *((e.idioma, f"{e.idioma}/") for e in otras)]
    try:
        out = SiteWriter(staging)
        pages = _render_all(view, out, plantillas, historia, on_page, languages)
        for edition in otras:
            with speaking(edition.idioma):
                more = SiteWriter(staging, f"{edition.idioma}/")
                pages += _render_all(
                    edition.view, more, plantillas, edition.historia, None, languages
                )
            out.count += more.count
            out.pages += more.pages
        _write_extras(view, out, plantillas)
        produced = produced_files(staging)
        kept = carry_over(target, staging, forzar)
        meta = {"generador": f"hdr {__version__}", "al": view.al.isoformat()}
        write_marker(staging, meta, produced)
        swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(target, pages, out.count + 1, kept)
