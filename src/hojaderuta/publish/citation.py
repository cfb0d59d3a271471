"""What makes the site citable and findable: each page's description, the data's
schema.org ``Dataset`` (JSON-LD), ``sitemap.xml``, ``robots.txt`` and the Atom feeds of
the plan, of each commitment and of each institution.

Addresses are absolute only when ``plan.yaml`` says where the site lives (``sitio``);
without it every link stays relative, and there is no sitemap (a sitemap of relative
addresses is not one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from hojaderuta.progress import PlanAvance
from hojaderuta.publish.sitehistory import FEED_EVENTS, EventoVista, HistorialVista
from hojaderuta.publish.viewmodel import CompromisoVista, InstitucionVista, SitioVista
from hojaderuta.text.dates import long_date
from hojaderuta.text.describe import shorten
from hojaderuta.text.i18n import N_, _, ngettext
from hojaderuta.text.numbers import gap_words, percent

DESCRIPTION_LIMIT = 200  # what search engines show; the rest is cut with «…»


def plan_description(view: SitioVista) -> str:
    progress: PlanAvance = view.avance
    name = view.plan["nombre"]
    if progress.avance is not None:
        text = _(
            "Tablero público de seguimiento de {plan}: {avance} de avance al {fecha}, {brecha}."
        ).format(
            plan=name,
            avance=percent(progress.avance),
            fecha=long_date(view.al),
            brecha=gap_words(progress.avance, progress.esperado),
        )
    else:
        text = _("Tablero público de seguimiento de {plan}.").format(plan=name)
    n = progress.total
    text += " " + ngettext(
        "{n} compromiso con sus hitos y datos abiertos.",
        "{n} compromisos con sus hitos y datos abiertos.",
        n,
    ).format(n=n)
    return shorten(text, DESCRIPTION_LIMIT)


def commitment_description(c: CompromisoVista, view: SitioVista) -> str:
    a = c.avance
    done = sum(1 for h in a.hitos if h.cumplido)
    total = len(a.hitos)
    text = ngettext(
        "Compromiso {n}. {nombre}: {avance} de avance al {fecha} ({estado}); "
        "{cumplidos} de {total} hito cumplido.",
        "Compromiso {n}. {nombre}: {avance} de avance al {fecha} ({estado}); "
        "{cumplidos} de {total} hitos cumplidos.",
        total,
    ).format(
        n=a.numero,
        nombre=a.nombre,
        avance=percent(a.avance),
        fecha=long_date(view.al),
        estado=a.estado.palabra,
        cumplidos=done,
        total=total,
    )
    return shorten(text, DESCRIPTION_LIMIT)


def institution_description(inst: InstitucionVista, view: SitioVista) -> str:
    figures = inst.cifras
    led, hitos = len(figures.compromisos), len(figures.hitos)
    words = {
        "institucion": inst.nombre,
        "compromisos": ngettext("{n} compromiso", "{n} compromisos", led).format(n=led),
        "avance": percent(figures.avance),
        "fecha": long_date(view.al),
        "hitos": ngettext("{n} hito", "{n} hitos", hitos).format(n=hitos),
        "vencidos": ngettext("{n} vencido", "{n} vencidos", figures.vencidos).format(
            n=figures.vencidos
        ),
    }
    if led and hitos:
        text = _(
            "{institucion}: responsable de {compromisos} con {avance} de avance promedio "
            "al {fecha} y {hitos} ({vencidos})."
        )
    elif led:
        text = _(
            "{institucion}: responsable de {compromisos} con {avance} de avance promedio "
            "al {fecha}."
        )
    elif hitos:
        text = _("{institucion}: a cargo de {hitos} ({vencidos}).")
    else:
        text = "{institucion}:."
    return shorten(text.format(**words), DESCRIPTION_LIMIT)


SECTION_DESCRIPTIONS = {
    "instituciones/index.html": N_(
        "Avance, avance esperado, rezago y hitos vencidos de cada "
        "institución responsable de {plan}."
    ),
    "datos/index.html": N_(
        "Datos abiertos de {plan}: compromisos, hitos y actividades en CSV "
        "y JSON, con la descripción de cada campo y su licencia."
    ),
    "historial.html": N_(
        "Historial de {plan}: quién reportó qué y cuándo, según el registro "
        "de git de las hojas de ruta."
    ),
}


def section_description(page: str, view: SitioVista) -> str:
    text = _(SECTION_DESCRIPTIONS[page]).format(plan=view.plan["nombre"])
    return shorten(text, DESCRIPTION_LIMIT)


def _address(base: str | None, path: str) -> str:
    return (base or "") + path


def dataset_jsonld(
    view: SitioVista, files: Iterable[tuple[str, str, str]], prefix: str = ""
) -> dict[str, Any]:
    """schema.org ``Dataset`` of the open data; ``files``: (path under datos/, media type,
    description). ``prefix``: the folder of the page's language (``en/``); the files
    themselves are one set, at the root."""
    base = view.ajustes.url
    licence = view.ajustes.licencia
    periodo = view.plan.get("periodo") or {}
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Hojas de ruta y avance: {plan}").format(plan=view.plan["nombre"]),
        "description": _(
            "Compromisos, hitos, actividades y avance de {plan} al {fecha}: las hojas de "
            "ruta del plan de acción de gobierno abierto como datos abiertos (CSV y JSON), "
            "publicados con hdr."
        ).format(plan=view.plan["nombre"], fecha=long_date(view.al)),
        "identifier": view.plan["id"],
        "inLanguage": view.ajustes.idioma_contenido,  # the data's text: the plan's own
        "isAccessibleForFree": True,
        "license": licence.url or licence.nombre,
        "keywords": [_("gobierno abierto"), "Open Government Partnership", _("hojas de ruta")],
        "dateModified": (view.actualizado or view.al).isoformat(),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "description": description,
                "encodingFormat": media,
                "contentUrl": _address(base and base + "datos/", name),
            }
            for name, media, description in files
        ],
    }
    if base:
        out["url"] = base + prefix + "datos/index.html"
    if periodo.get("inicio") and periodo.get("fin"):
        out["temporalCoverage"] = f"{periodo['inicio']}/{periodo['fin']}"
    if view.plan.get("entidad"):
        out["spatialCoverage"] = {"@type": "Place", "name": view.plan["entidad"]}
    if view.plan.get("coordinacion"):
        out["creator"] = {"@type": "Organization", "name": view.plan["coordinacion"]}
    return out


def sitemap(base: str, pages: Iterable[str], lastmod: str) -> str:
    """Every page of the site, by its absolute address."""
    entries = "".join(
        f"  <url><loc>{escape(base + page)}</loc><lastmod>{lastmod}</lastmod></url>\n"
        for page in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def robots(base: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"


@dataclass
class Feed:
    """One Atom feed: the plan's, a commitment's or an institution's."""

    ruta: str  # where it is written, under the site's root
    titulo: str
    subtitulo: str
    pagina: str  # the page it follows
    eventos: list[EventoVista]
    id: str


def feeds(view: SitioVista, historia: HistorialVista) -> list[Feed]:
    plan_id = f"urn:hdr:{view.plan['id']}"
    name = view.plan["nombre"]
    out = [
        Feed(
            "feed.xml",
            _("{nombre}: novedades").format(nombre=name),
            _("Reportes de avance y cambios a las hojas de ruta, según el historial de git."),
            "historial.html",
            historia.eventos[:FEED_EVENTS],
            plan_id,
        )
    ]
    by_commitment: dict[int, list[EventoVista]] = {}
    for e in historia.eventos:  # newest first, and so in each list (one pass, not one each)
        by_commitment.setdefault(e.compromiso, []).append(e)
    for c in view.compromisos:
        out.append(
            Feed(
                f"compromisos/{c.pagina}.xml",
                _("Compromiso {n}. {nombre}: novedades").format(n=c.numero, nombre=c.avance.nombre),
                _("Reportes de avance y cambios a la hoja de ruta del compromiso ({plan}).").format(
                    plan=name
                ),
                f"compromisos/{c.pagina}.html",
                by_commitment.get(c.numero, [])[:FEED_EVENTS],
                f"{plan_id}:compromiso:{c.numero}",
            )
        )
    for inst in view.instituciones:
        led = {c.numero for c in inst.compromisos}
        hitos = {(c.numero, h.avance.indice) for c, h in inst.hitos}
        # Institutions are few: one pass over the events each keeps their order.
        events = [
            e for e in historia.eventos if e.compromiso in led or (e.compromiso, e.hito) in hitos
        ]
        out.append(
            Feed(
                f"instituciones/{inst.slug}.xml",
                _("{nombre}: novedades").format(nombre=inst.nombre),
                _(
                    "Reportes y cambios de sus compromisos y de los hitos a su cargo ({plan})."
                ).format(plan=name),
                f"instituciones/{inst.slug}.html",
                events[:FEED_EVENTS],
                f"{plan_id}:institucion:{inst.slug}",
            )
        )
    return out
