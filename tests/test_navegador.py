"""The published site in a real browser: Debian's Chromium driven by Playwright, axe-core.

Both examples, every page, at a phone's width (390 px) and a desktop's (1280 px): no
accessibility violation (WCAG 2.2 AA), no sideways scrolling, every state in view; the
search finds hitos and people, a shared filtered address opens filtered, and the
institutions' table sorts (and reads sorted by name without JavaScript).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hojaderuta.checks.progress import check_for_progress
from hojaderuta.cli import app
from hojaderuta.progress import InstitucionAvance, por_institucion
from hojaderuta.text.folding import fold, slugify

from .conftest import COMPROMISO_13, PLAN_LOCAL, require_tool
from .hostil import write_hostile_plan

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool("playwright-no-instalado")  # fails under CI, skips elsewhere
        raise
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _publish(plan: Path, out: Path, al: str) -> Path:
    result = CliRunner().invoke(app, ["publicar", str(plan), "--salida", str(out), "--al", al])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _publish(PLAN_LOCAL, tmp_path_factory.mktemp("web") / "sitio", "2026-11-21")


@pytest.fixture(scope="module")
def site_13(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _publish(COMPROMISO_13, tmp_path_factory.mktemp("web13") / "sitio", "2021-08-01")


@pytest.fixture(scope="module")
def site_bilingue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_sitio_bilingue import bilingual_repo

    folder = tmp_path_factory.mktemp("web2")
    # With a change of the agreed text: its values appear, marked as Spanish, on the
    # English history pages that axe audits too.
    plan = bilingual_repo(folder, "Gestión abierta de residuos urbanos")
    return _publish(plan, folder / "sitio", "2026-11-21")


@pytest.fixture(scope="module")
def sites(site: Path, site_13: Path, site_bilingue: Path) -> dict[str, Path]:
    return {"local": site, "13": site_13, "bilingue": site_bilingue}


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _expect(page: Any) -> Any:
    """Playwright's waiting assertions (imported here: the module loads without it)."""
    from playwright.sync_api import expect

    return expect(page)


def _axe_source() -> str:
    try:
        return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        require_tool("axe-core-no-instalado")
        raise


def _page(browser: Any, **options: Any) -> Any:
    context = browser.new_context(**options)
    page = context.new_page()
    page.errores = []  # console errors, CSP violations among them
    page.on("console", lambda m: page.errores.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errores.append(str(e)))
    page.on("dialog", lambda d: page.errores.append("diálogo: " + d.message))
    return page


PAGES = [
    "index.html",
    "compromisos/3.html",
    "instituciones/secretaria-de-medio-ambiente-de-valle-ejemplo.html",
    "instituciones/index.html",
    "datos/index.html",
    "historial.html",  # the example lives in hdr's own git repository
]


def _audit(page: Any) -> list[tuple[str, list[Any]]]:
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    assert len(result["passes"]) > 10  # the audit really ran
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("which", ["local", "13", "bilingue"])
def test_axe_reports_no_violations(
    browser: Any, sites: dict[str, Path], which: str, viewport: dict[str, int]
) -> None:
    # axe is injected from outside the page, so this context alone bypasses the site's CSP.
    page = _page(browser, bypass_csp=True, viewport=viewport)
    found = {}
    paths = sorted(sites[which].rglob("*.html"))
    assert len(paths) >= 7
    for path in paths:
        page.goto(path.as_uri())
        violations = _audit(page)
        if violations:
            found[path.relative_to(sites[which]).as_posix()] = violations
    assert found == {}
    page.context.close()


def test_axe_with_search_results_and_sorting(browser: Any, site: Path) -> None:
    """What the script adds (matching parts, sort buttons) is accessible too."""
    page = _page(browser, bypass_csp=True, viewport=PHONE)
    page.goto((site / "index.html").as_uri() + "?q=lucia")
    assert page.locator(".coincidencias a").count() > 0
    assert _audit(page) == []
    page.goto((site / "instituciones" / "index.html").as_uri())
    page.get_by_role("button", name="Avance", exact=True).click()
    assert _audit(page) == []
    page.context.close()


def test_english_search_results_mark_the_plans_words(browser: Any, site_bilingue: Path) -> None:
    """On the English page a matching hito reads «Milestone 2 · …»: the label in English,
    the hito's name marked as Spanish (the plan's language) for screen readers; the
    Spanish page marks nothing. Both pass axe with the results shown."""
    page = _page(browser, bypass_csp=True, viewport=PHONE)
    page.goto((site_bilingue / "en" / "index.html").as_uri() + "?q=gtfs")
    link = page.locator(".coincidencias a").first
    assert link.inner_text().startswith("Milestone ")
    own = link.locator('span[lang="es"]')
    assert own.count() == 1 and "GTFS" in own.inner_text()
    assert _audit(page) == []
    page.goto((site_bilingue / "index.html").as_uri() + "?q=gtfs")
    assert page.locator(".coincidencias a").first.inner_text().startswith("Hito ")
    assert page.locator(".coincidencias [lang]").count() == 0
    assert page.errores == []
    page.context.close()


@pytest.mark.parametrize("base", ["file", "http"])
def test_pages_load_without_errors(browser: Any, site: Path, served: str, base: str) -> None:
    page = _page(browser)
    for name in PAGES:
        url = (site / name).as_uri() if base == "file" else f"{served}/{name}"
        page.goto(url)
        assert page.locator("h1").count() == 1
    assert page.errores == []  # no CSP violation, no script error, from file:// too
    page.context.close()


def _visible_rows(page: Any) -> list[str]:
    cells = page.locator("#tabla-compromisos tbody tr:not([hidden]) td:first-child")
    return [t.strip() for t in cells.all_inner_texts()]


def _matching_parts(page: Any, row: str) -> list[tuple[str, str]]:
    """The parts listed under a row that matched the search: (text, href)."""
    links = page.locator(f'#tabla-compromisos tr[data-pagina="{row}"] .coincidencias a')
    return [(a.inner_text().strip(), a.get_attribute("href")) for a in links.all()]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("#f-institucion", "secretaria-de-administracion-y-finanzas-de-valle-ejemplo", ["4", "5"]),
        ("#f-estado", "con_rezago", ["3"]),
        ("#f-ods", "12", ["2", "4"]),
        ("#f-eje", None, None),
    ],
)
def test_filters(
    browser: Any, site: Path, field: str, value: str | None, expected: list[str] | None
) -> None:
    page = _page(browser)
    page.goto((site / "index.html").as_uri())
    assert page.locator("#filtros").is_visible()
    assert _visible_rows(page) == ["1", "2", "3", "4", "5"]
    if value is None:  # eje: pick the first axis and compare with the data attributes
        value = page.locator(f"{field} option").nth(1).get_attribute("value")
        expected = [
            row.locator("td").first.inner_text().strip()
            for row in page.locator("#tabla-compromisos tbody tr").all()
            if row.get_attribute("data-eje") == value
        ]
    page.select_option(field, value)
    assert _visible_rows(page) == expected
    status = page.locator("#filtros-estado").inner_text()
    assert f"{len(expected or [])} de 5" in status
    page.context.close()


def test_text_search_ignores_accents_and_case(browser: Any, site: Path) -> None:
    page = _page(browser)
    page.goto((site / "index.html").as_uri())
    page.fill("#f-q", "RESIDUOS solidos")
    assert _visible_rows(page) == ["2"]
    page.fill("#f-q", "")
    assert len(_visible_rows(page)) == 5
    assert page.locator(".coincidencias").count() == 0  # nothing searched, nothing listed
    page.context.close()


def test_without_javascript_everything_is_listed(browser: Any, site: Path) -> None:
    page = _page(browser, java_script_enabled=False)
    page.goto((site / "index.html").as_uri() + "?estado=con-rezago&q=seguridad")
    assert _visible_rows(page) == ["1", "2", "3", "4", "5"]
    assert not page.locator("#filtros").is_visible()  # controls that would do nothing
    page.goto((site / "instituciones" / "index.html").as_uri())
    names = page.locator("#tabla-instituciones tbody td:first-child").all_inner_texts()
    assert [slugify(n) for n in names] == [slugify(i.nombre) for i in _institutions()]
    assert page.locator("#tabla-instituciones button").count() == 0
    sorted_by = page.locator("#tabla-instituciones th[aria-sort]")
    assert sorted_by.all_inner_texts() == ["Institución"]
    assert sorted_by.get_attribute("aria-sort") == "ascending"
    assert page.locator("#orden-ayuda").is_hidden()  # «pulse un encabezado»: not without JS
    page.context.close()


def test_hostile_plan_in_the_browser(browser: Any, tmp_path: Path) -> None:
    plan = write_hostile_plan(tmp_path / "p")
    out = tmp_path / "sitio"
    result = CliRunner().invoke(
        app, ["publicar", str(plan), "--salida", str(out), "--al", "2021-01-01"]
    )
    assert result.exit_code == 0, result.output
    page = _page(browser, viewport={"width": 390, "height": 800})
    for path in sorted(out.rglob("*.html")):
        page.goto(path.as_uri())
        page.mouse.move(10, 10)
        assert page.evaluate("window.__pwned") is None, path
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path}: la página se desborda {overflow}px"
    # The search lists hitos and people by their hostile names: as text, never as markup.
    page.goto((out / "index.html").as_uri())
    page.fill("#f-q", "script")
    assert page.locator(".coincidencias li").count() > 0
    page.mouse.move(10, 10)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".coincidencias img").count() == 0
    assert [e for e in page.errores if "diálogo" in e] == []
    page.context.close()


def _institutions() -> list[InstitucionAvance]:
    when = date(2026, 11, 21)
    return por_institucion(check_for_progress(PLAN_LOCAL, al=when, hoy=when).avance)


def _in_view(page: Any, selector: str) -> list[str]:
    """The elements matching ``selector`` that do not lie wholly inside the viewport's width."""
    out: list[str] = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).filter((e) => {
             const r = e.getBoundingClientRect();
             return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth;
           }).map((e) => e.textContent.trim().slice(0, 60))""",
        selector,
    )
    return out


@pytest.mark.parametrize("which", ["local", "13"])
def test_phone_no_sideways_scrolling_and_every_state_in_view(
    browser: Any, sites: dict[str, Path], which: str
) -> None:
    page = _page(browser, viewport=PHONE)
    for path in sorted(sites[which].rglob("*.html")):
        page.goto(path.as_uri())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path}: la página se desborda {overflow}px"
        # Every word of state on the page, wherever it is, is on screen (no sideways scroll
        # inside a table either).
        assert _in_view(page, ".estado") == [], path
    page.goto((sites[which] / "index.html").as_uri())
    rows = page.locator("#tabla-compromisos tbody tr")
    assert rows.count() >= 1
    # Number, name, progress, expected progress and state of every commitment, on screen.
    for cell in ("c-num", "c-nombre", "c-avance", "c-esperado", "c-estado"):
        selector = f"#tabla-compromisos tbody tr td.{cell}"
        assert page.locator(selector).count() == rows.count()
        assert _in_view(page, selector) == [], cell
    assert page.errores == []
    page.context.close()


def _plan_json(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "datos" / "plan.json").read_text(encoding="utf-8"))
    return data


def test_search_finds_a_hito_by_a_word_of_its_name(browser: Any, site: Path) -> None:
    data = _plan_json(site)
    word = "GTFS"  # a word only hito names use in the example (checked below)
    found = [
        (c["avance"]["numero"], i, h["nombre"])
        for c in data["compromisos"]
        for i, h in enumerate(c["hoja_de_ruta"]["hitos"], start=1)
        if word in h["nombre"]
    ]
    assert len(found) == 1
    numero, indice, nombre = found[0]
    page = _page(browser, viewport=PHONE)
    page.goto((site / "index.html").as_uri())
    page.fill("#f-q", word.lower())
    assert _visible_rows(page) == [str(numero)]
    href = f"compromisos/{numero}.html#hito-{indice}"
    assert (f"Hito {indice} · {nombre}", href) in _matching_parts(page, str(numero))
    page.click(f'.coincidencias a[href="{href}"]')
    _expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    assert page.locator(f"#hito-{indice}").is_visible()
    page.context.close()


def test_search_finds_a_person_by_first_name(browser: Any, site: Path) -> None:
    data = _plan_json(site)

    def people(c: dict[str, Any]) -> list[str]:
        road = c["hoja_de_ruta"]
        found = [p["nombre"] for p in road["responsables"] + road["corresponsables"]]
        return found + [h["responsable"]["nombre"] for h in road["hitos"]]

    expected = [
        str(c["avance"]["numero"])
        for c in data["compromisos"]
        if any(fold(n).split()[0] == "lucia" for n in people(c))
    ]
    assert len(expected) >= 2  # Lucía Herrera Domínguez, in two commitments
    page = _page(browser, viewport=PHONE)
    page.goto((site / "index.html").as_uri())
    page.fill("#f-q", "LUCIA")  # without the accent, in capitals
    assert _visible_rows(page) == expected
    for row in expected:
        texts = [text for text, _ in _matching_parts(page, row)]
        assert any(t.startswith("Lucía Herrera Domínguez, responsable") for t in texts), texts
    page.context.close()


def test_search_words_may_be_in_the_commitment_or_its_parts(browser: Any, site: Path) -> None:
    """«residuos tiraderos»: one word in the commitment's name, the other in a hito's."""
    data = _plan_json(site)
    (c,) = [c for c in data["compromisos"] if "residuos" in c["avance"]["nombre"]]
    hitos = [
        (i, h["nombre"])
        for i, h in enumerate(c["hoja_de_ruta"]["hitos"], start=1)
        if "tiraderos" in h["nombre"]
    ]
    assert hitos and "tiraderos" not in c["avance"]["nombre"]
    page = _page(browser)
    page.goto((site / "index.html").as_uri())
    page.fill("#f-q", "residuos tiraderos")
    numero = str(c["avance"]["numero"])
    assert _visible_rows(page) == [numero]
    parts = _matching_parts(page, numero)
    for i, nombre in hitos:
        assert (f"Hito {i} · {nombre}", f"compromisos/{numero}.html#hito-{i}") in parts
    page.fill("#f-q", "residuos tiraderos inexistente")
    assert _visible_rows(page) == []
    assert "Ningún compromiso coincide" in page.locator("#filtros-estado").inner_text()
    page.context.close()


def _select_by_hand(page: Any, url: str, estado: str, q: str) -> list[str]:
    page.goto(url)
    page.select_option("#f-estado", estado)
    page.fill("#f-q", q)
    return _visible_rows(page)


@pytest.mark.parametrize("base", ["file", "http"])
def test_shared_filter_url_restores_the_filter(
    browser: Any, site: Path, served: str, base: str
) -> None:
    index = (site / "index.html").as_uri() if base == "file" else f"{served}/index.html"
    page = _page(browser)
    by_hand = _select_by_hand(page, index, "con_rezago", "seguridad")
    assert by_hand and len(by_hand) < 5
    # What was chosen is in the address, as people write it (con-rezago, not con_rezago).
    assert re.search(r"[?&]estado=con-rezago(&|$)", page.evaluate("location.search"))
    assert re.search(r"[?&]q=seguridad(&|$)", page.evaluate("location.search"))
    shared = page.url
    for url in (
        shared,
        index + "?estado=con_rezago&q=Seguridad",
        index + "?q=seguridad&estado=con-rezago",
    ):
        other = _page(browser)
        other.goto(url)
        assert other.locator("#f-estado").input_value() == "con_rezago"
        assert fold(other.locator("#f-q").input_value()) == "seguridad"
        assert _visible_rows(other) == by_hand, url
        assert other.errores == []
        other.context.close()
    page.click("button[type=reset]")
    _expect(page).to_have_url(index)  # the address forgets the filter too
    assert len(_visible_rows(page)) == 5
    assert page.errores == []
    page.context.close()


def _avance_order(institutions: list[InstitucionAvance], descending: bool) -> list[str]:
    with_figure = [i for i in institutions if i.avance is not None]
    ranked = sorted(
        with_figure,
        key=lambda i: (-(i.avance or 0.0) if descending else (i.avance or 0.0), slugify(i.nombre)),
    )
    return [slugify(i.nombre) for i in ranked] + [
        slugify(i.nombre) for i in institutions if i.avance is None
    ]


def test_sorting_the_institutions(browser: Any, site: Path) -> None:
    institutions = _institutions()
    page = _page(browser, viewport=DESKTOP)
    page.goto((site / "instituciones" / "index.html").as_uri())
    table = page.locator("#tabla-instituciones")
    headers = table.locator("thead th")
    assert table.locator("thead th button").count() == headers.count() == 8

    def order() -> list[str]:
        return [slugify(n) for n in table.locator("tbody td:first-child").all_inner_texts()]

    def sorted_by() -> list[tuple[str, str | None]]:
        return [
            (h.inner_text().strip(" ▲▼"), h.get_attribute("aria-sort"))
            for h in table.locator("th[aria-sort]").all()
        ]

    assert order() == [slugify(i.nombre) for i in institutions]
    page.get_by_role("button", name="Avance", exact=True).click()
    assert sorted_by() == [("Avance", "descending")]
    assert order() == _avance_order(institutions, descending=True)
    status = page.locator("#orden-estado")
    assert status.get_attribute("role") == "status"  # announced
    assert status.inner_text() == "Tabla ordenada por avance, de mayor a menor."
    page.get_by_role("button", name="Avance", exact=True).click()
    assert sorted_by() == [("Avance", "ascending")]
    assert order() == _avance_order(institutions, descending=False)
    page.get_by_role("button", name="Hitos vencidos").click()
    vencidos = sorted(institutions, key=lambda i: (-i.vencidos, slugify(i.nombre)))
    assert order() == [slugify(i.nombre) for i in vencidos]
    page.get_by_role("button", name="Institución").click()
    assert sorted_by() == [("Institución", "ascending")]
    assert order() == [slugify(i.nombre) for i in institutions]
    assert "de la A a la Z" in status.inner_text()
    page.set_viewport_size(PHONE)  # as cards, the sort buttons stay in view
    assert page.get_by_role("button", name="Avance", exact=True).is_visible()
    assert page.errores == []
    page.context.close()


def test_logo_shows_under_the_sites_policy(browser: Any, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    (plan / "identidad").mkdir()
    png = Path(__file__).resolve().parent.parent / "plantillas" / "sitio" / "tarjeta.png"
    shutil.copyfile(png, plan / "identidad" / "logo.png")
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^sitio: .*$", "sitio:\n  logo: identidad/logo.png", text, flags=re.MULTILINE)
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    out = _publish(plan, tmp_path / "sitio", "2026-11-21")
    page = _page(browser, viewport=PHONE)
    for name in ("index.html", "compromisos/1.html"):
        page.goto((out / name).as_uri())
        assert page.evaluate("document.querySelector('img.logo').naturalWidth") == 1200
    assert page.errores == []  # the CSP lets the site's own image in, from file:// too
    page.context.close()
