"""``hdr publicar``: layout, links, safety, atomic writes and open data (no browser)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import COMPROMISO_13, PLAN_LOCAL, require_tool
from .hostil import write_hostile_plan

AL = "2026-11-21"


def publish(runner: CliRunner, plan: Path, out: Path, *extra: str, al: str = AL) -> Path:
    result = runner.invoke(app, ["publicar", str(plan), "--salida", str(out), "--al", al, *extra])
    assert result.exit_code == 0, result.output
    return out


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.script_types: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "meta":
            self.metas.append({n: v or "" for n, v in attrs})
        if tag == "script":
            self.script_types.append(dict(attrs).get("type") or "")
        for name, value in attrs:
            self.attrs.append((name, value or ""))
            # The empty favicon (href="data:,") only stops browsers asking for /favicon.ico.
            if name == "href" and tag in ("a", "link") and value != "data:,":
                self.links.append(value or "")
            if name == "src":
                self.srcs.append(value or "")
            if name == "id":
                self.ids.add(value or "")


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("s") / "sitio"
    publish(CliRunner(), PLAN_LOCAL, out)
    return out


@pytest.fixture(scope="module")
def site_13(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("s13") / "sitio"
    publish(CliRunner(), COMPROMISO_13, out, al="2021-08-01")
    return out


def test_layout(local_site: Path) -> None:
    for name in (
        "index.html",
        "compromisos/1.html",
        "compromisos/5.html",
        "instituciones/index.html",
        "datos/plan.json",
        "datos/compromisos.csv",
        "datos/hitos.csv",
        "datos/actividades.csv",
        "datos/datapackage.json",
        "datos/esquemas/plan.schema.json",
        "datos/esquemas/compromiso.schema.json",
        "evidencias/evidencias/minuta-instalacion-mesa-residuos.md",
    ):
        assert (local_site / name).is_file(), name
    assert len(list((local_site / "instituciones").glob("*.html"))) == 7


@pytest.fixture(scope="module")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_sitio_bilingue import bilingual_repo

    folder = tmp_path_factory.mktemp("s2")
    # A history of its own: feeds and history pages in both languages to link to.
    return publish(CliRunner(), bilingual_repo(folder, "Residuos y reciclaje"), folder / "sitio")


@pytest.mark.parametrize("which", ["local", "13", "bilingue"])
def test_every_internal_link_resolves(
    local_site: Path, site_13: Path, bilingual_site: Path, which: str
) -> None:
    """Links, feeds (<link rel="alternate">), images and anchors (#hito-N) all resolve,
    in every language of the site."""
    site = {"local": local_site, "13": site_13, "bilingue": bilingual_site}[which]
    pages = sorted(site.rglob("*.html"))
    anchors = {p: parse(p) for p in pages}
    checked = 0
    kinds: set[str] = set()
    for page, parsed in anchors.items():
        for href in parsed.links + parsed.srcs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme, f"{page}: enlace no permitido {href}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page}: {href} no existe"
            assert target.is_relative_to(site.resolve())
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in anchors[target].ids, f"{page}: {href}"
                kinds.add("hito" if parts.fragment.startswith("hito-") else "ancla")
            kinds.add(target.suffix)
            checked += 1
    assert checked > 50
    assert {".html", ".xml", ".json", ".csv", "hito"} <= kinds  # feeds, data, hitos


def test_no_external_loads(local_site: Path) -> None:
    for page in local_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # The canonical address names the page; it loads nothing.
        assert re.search(r"<(script|img|iframe)[^>]+src=\"https?:", text) is None
        assert re.search(r"<link(?![^>]*rel=\"canonical\")[^>]+href=\"https?:", text) is None
        assert not [s for s in parse(page).srcs if urlsplit(s).scheme]
        (csp,) = [
            m["content"]
            for m in parse(page).metas
            if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert "default-src 'none'" in csp, page
        assert "script-src 'sha256-" in csp or "script-src" not in csp, page


def test_states_are_words(local_site: Path) -> None:
    text = (local_site / "index.html").read_text(encoding="utf-8")
    for word in ("cumplido", "en tiempo", "con rezago", "no iniciado"):
        assert word in text


def test_commitment_page_has_formula_and_irm(local_site: Path) -> None:
    text = (local_site / "compromisos" / "1.html").read_text(encoding="utf-8")
    # Percentages as the locale writes them (Latin American Spanish: «25%»).
    formula = "25% (hito 1) + 40% (hito 2) + 35% (hito 3) = 100%"
    assert formula in text
    assert "Mecanismo de Revisión Independiente" in text
    assert "<svg" in text and "<title" in text and "<desc" in text


def test_open_data(local_site: Path) -> None:
    data = json.loads((local_site / "datos" / "plan.json").read_text(encoding="utf-8"))
    assert data["plan"]["id"] == "pal-valle-ejemplo"
    assert data["plan"]["avance"] == 40.0
    assert len(data["compromisos"]) == 5
    hitos = (local_site / "datos" / "hitos.csv").read_text(encoding="utf-8-sig")  # with a BOM
    rows = list(csv.DictReader(io.StringIO(hitos)))
    assert {r["compromiso"] for r in rows} == {"1", "2", "3", "4", "5"}
    package = json.loads((local_site / "datos" / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == ["compromisos", "hitos", "actividades"]


def test_datapackage_passes_frictionless(local_site: Path) -> None:
    tool = require_tool("frictionless")
    done = subprocess.run(
        [tool, "validate", "datapackage.json"],
        cwd=local_site / "datos",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hostile_plan_is_inert(tmp_path: Path, runner: CliRunner) -> None:
    plan = write_hostile_plan(tmp_path / "p")
    out = publish(runner, plan, tmp_path / "sitio", al="2021-01-01")
    # The one script runs on the index (search) and on instituciones/index.html (sorting);
    # data blocks (the search index, JSON-LD) never run.
    with_script = {out / "index.html", out / "instituciones" / "index.html"}
    for page in out.rglob("*.html"):
        parsed = parse(page)
        scripts = [t for t in parsed.script_types if t in ("", "text/javascript")]
        assert len(scripts) == (1 if page in with_script else 0), page
        assert set(parsed.script_types) <= {"", "application/json", "application/ld+json"}
        assert "img" not in parsed.tags
        assert not [n for n, _ in parsed.attrs if n.startswith("on")], page
        for name, value in parsed.attrs:
            if name in ("href", "src", "action") and value != "data:,":
                scheme = urlsplit(value).scheme.lower()
                assert scheme in ("", "http", "https"), (page, value)
    text = (out / "compromisos" / "1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text
    assert "{{ 7*7 }}" in text  # user text is never evaluated as a template


def test_refuses_foreign_directory(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "mio"
    out.mkdir()
    (out / "tesis.docx").write_text("importante", encoding="utf-8")
    result = runner.invoke(app, ["publicar", str(PLAN_LOCAL), "--salida", str(out)])
    assert result.exit_code == 2
    assert "--forzar" in result.output
    assert (out / "tesis.docx").read_text(encoding="utf-8") == "importante"
    forced = runner.invoke(app, ["publicar", str(PLAN_LOCAL), "--salida", str(out), "--forzar"])
    assert forced.exit_code == 0
    assert (out / "index.html").is_file()


def test_refuses_plan_directory(tmp_path: Path, runner: CliRunner, plan_copy: Path) -> None:
    for target in (plan_copy, plan_copy.parent):
        result = runner.invoke(
            app, ["publicar", str(plan_copy), "--salida", str(target), "--forzar"]
        )
        assert result.exit_code == 2
    assert (plan_copy / "plan.yaml").is_file()


def test_republish_replaces_previous_site_and_keeps_it_on_failure(
    tmp_path: Path, runner: CliRunner
) -> None:
    out = publish(runner, PLAN_LOCAL, tmp_path / "sitio")
    (out / "viejo.txt").write_text("del sitio anterior", encoding="utf-8")
    publish(runner, COMPROMISO_13, out)
    # hdr replaces what it produced (the old plan's pages go) and keeps what it did not.
    assert (out / "viejo.txt").read_text(encoding="utf-8") == "del sitio anterior"
    assert not (out / "compromisos" / "1.html").exists()
    assert (out / "compromisos" / "13.html").is_file()
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    broken = tmp_path / "rotas"
    broken.mkdir()
    (broken / "sitio").mkdir()
    (broken / "sitio" / "compromiso.html.j2").write_text("{{ no_existe }}", encoding="utf-8")
    result = runner.invoke(
        app, ["publicar", str(PLAN_LOCAL), "--salida", str(out), "--plantillas", str(broken)]
    )
    assert result.exit_code != 0
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".hdr-")]


def test_without_contacts_everywhere(tmp_path: Path, runner: CliRunner) -> None:
    out = publish(runner, COMPROMISO_13, tmp_path / "s", "--sin-contactos")
    for path in out.rglob("*"):
        # The format's schemas carry examples from the published roadmap: not plan data.
        if "esquemas" in path.parts:
            continue
        if path.is_file() and path.suffix in (".html", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert "@inai.org.mx" not in text, path
            assert "5004 2481" not in text, path


def test_parallel_site_is_identical(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large plans render commitment pages in several processes: same bytes as one."""
    import filecmp

    from hojaderuta.parallel import PARALLEL_FROM

    from .conftest import generate_corpus

    corpus = generate_corpus(tmp_path / "corpus", PARALLEL_FROM + 5)
    sites = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("HDR_PROCESOS", workers)
        sites[workers] = publish(runner, corpus, tmp_path / f"sitio-{workers}", al="2030-01-01")
    names = sorted(p.relative_to(sites["1"]) for p in sites["1"].rglob("*") if p.is_file())
    assert len(names) > PARALLEL_FROM
    assert names == sorted(p.relative_to(sites["2"]) for p in sites["2"].rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(sites["1"], sites["2"], names, shallow=False)
    assert mismatch == [] and errors == []


def test_every_page_says_when_it_was_updated_and_evaluated(tmp_path: Path) -> None:
    """A daily rebuild moves «Actualizado el»; --al fixes the evaluation date apart."""
    from datetime import date

    from hojaderuta.text.dates import long_date

    out = tmp_path / "sitio"
    result = CliRunner().invoke(
        app, ["publicar", str(PLAN_LOCAL), "-o", str(out), "--al", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    for page in (out / "index.html", next((out / "compromisos").glob("*.html"))):
        html = page.read_text(encoding="utf-8")
        assert f'<time datetime="{date.today().isoformat()}">' in html  # machine-readable
        text = " ".join(re.sub(r"<[^>]+>", "", html).split())
        assert f"Actualizado el {long_date(date.today())}" in text
        assert "con el avance evaluado al 30 de junio de 2026" in text
