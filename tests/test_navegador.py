"""The published site in a real browser: Debian's Chromium driven by Playwright, axe-core."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import PLAN_LOCAL, require_tool
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
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "sitio"
    result = CliRunner().invoke(
        app, ["publicar", str(PLAN_LOCAL), "--salida", str(out), "--al", "2026-11-21"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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


@pytest.mark.parametrize("name", PAGES)
def test_axe_reports_no_violations(browser: Any, site: Path, name: str) -> None:
    # axe is injected from outside the page, so this context alone bypasses the site's CSP.
    page = _page(browser, bypass_csp=True)
    page.goto((site / name).as_uri())
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    assert len(result["passes"]) > 10  # the audit really ran
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []
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
    page.context.close()


def test_without_javascript_everything_is_listed(browser: Any, site: Path) -> None:
    page = _page(browser, java_script_enabled=False)
    page.goto((site / "index.html").as_uri())
    assert _visible_rows(page) == ["1", "2", "3", "4", "5"]
    assert not page.locator("#filtros").is_visible()  # controls that would do nothing
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
    assert [e for e in page.errores if "diálogo" in e] == []
    page.context.close()
