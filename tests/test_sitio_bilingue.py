"""A site in two languages: Spanish at the root, English under en/, one set of open data.

The browser and axe checks of both languages are in test_navegador.py (the «bilingue»
site); here, the layout, the alternates, the switch, the content's language, feeds and
sitemap, and that a one-language site does not change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import PLAN_LOCAL, commit_everything
from .test_sitio import parse, publish

AL = "2026-11-21"
SITE_URL = "https://gobiernoabierto.valle.example.org/"  # plan-local-demo's «sitio»


def bilingual_plan(folder: Path, idiomas: str = "[es, en]", contenido: str = "es") -> Path:
    """plan-local-demo with ``idiomas`` (and, as every plan may, its content language)."""
    plan = folder / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text += f"idiomas: {idiomas}\nidioma_contenido: {contenido}\n"
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    return plan


OLD_NAME = "nombre: Gestión abierta y participativa de residuos sólidos urbanos"


def bilingual_repo(folder: Path, new_name: str | None = None) -> Path:
    """``bilingual_plan`` in a git repository of its own (feeds, history); with
    ``new_name``, a second commit renames commitment 2 (a change with the plan's words)."""
    repo = folder / "repo"
    repo.mkdir()
    plan = bilingual_plan(repo)
    commit_everything(repo, "Publica el plan", date="2026-02-01T10:00:00-06:00")
    if new_name is not None:
        path = next((plan / "compromisos").glob("02-*.yaml"))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(OLD_NAME, f"nombre: {new_name}"), encoding="utf-8")
        commit_everything(repo, "Cambia el nombre", date="2026-03-01T10:00:00-06:00")
    return plan


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bilingue")
    return publish(CliRunner(), bilingual_plan(folder), folder / "sitio", al=AL)


def _lang(page: Path) -> str:
    found = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1)


def test_layout_one_set_of_data(bilingual: Path) -> None:
    spanish = {p.relative_to(bilingual).as_posix() for p in bilingual.rglob("*.html")}
    english = {
        p.relative_to(bilingual / "en").as_posix()
        for p in (bilingual / "en").rglob("*")
        if p.is_file()
    }
    spanish = {p for p in spanish if not p.startswith("en/")}
    assert {p for p in english if p.endswith(".html")} == spanish
    # Data, evidence, the card image: only at the root; en/ has its own data page only.
    assert not [p for p in english if not p.endswith((".html", ".xml"))]
    assert (bilingual / "datos" / "plan.json").is_file()
    assert _lang(bilingual / "index.html") == "es"
    assert _lang(bilingual / "en" / "index.html") == "en"
    assert _lang(bilingual / "en" / "compromisos" / "1.html") == "en"


def test_every_page_names_its_translations(bilingual: Path) -> None:
    for page in bilingual.rglob("*.html"):
        relative = page.relative_to(bilingual).as_posix()
        name = relative.removeprefix("en/")
        html = page.read_text(encoding="utf-8")
        alternates = dict(
            re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
        )
        assert set(alternates) == {"es", "en", "x-default"}, relative
        for code, href in alternates.items():
            # Absolute when the plan gives the site's address (plan-local-demo does).
            local = href.removeprefix(SITE_URL)
            target = (bilingual / local if local != href else page.parent / href).resolve()
            expected = bilingual / ("en/" if code == "en" else "") / name
            assert target == expected.resolve(), (relative, code, href)
        # The switch: both languages by their own names, the current one marked.
        assert 'lang="en" hreflang="en"' in html and "English" in html, relative
        assert 'lang="es" hreflang="es"' in html and "Español" in html, relative
        assert 'aria-current="page"' in html


def test_plan_content_keeps_its_language(bilingual: Path) -> None:
    english = (bilingual / "en" / "compromisos" / "1.html").read_text(encoding="utf-8")
    spanish = (bilingual / "compromisos" / "1.html").read_text(encoding="utf-8")
    name = "Datos abiertos de movilidad y transporte público"
    assert re.search(rf'<(span|div|p|li|h1|h2) lang="es">[^<]*{name}', english)
    assert name in spanish and f'lang="es">{name}' not in spanish  # same language: no mark
    assert "Milestone" in english or "milestone" in english


def test_english_data_page_links_to_the_shared_files(bilingual: Path) -> None:
    page = bilingual / "en" / "datos" / "index.html"
    links = parse(page).links
    data = [h for h in links if h.endswith((".json", ".csv"))]
    assert data
    for href in data:
        assert (page.parent / href).resolve().is_file(), href
        assert (page.parent / href).resolve().is_relative_to((bilingual / "datos").resolve())


def test_option_overrides_the_plan_and_may_put_english_at_the_root(tmp_path: Path) -> None:
    plan = bilingual_plan(tmp_path)
    out = publish(CliRunner(), plan, tmp_path / "sitio", "--idiomas", "en,es", al=AL)
    assert _lang(out / "index.html") == "en"
    assert _lang(out / "es" / "index.html") == "es"
    assert not (out / "en").exists()
    # Every word hdr computes for the page (states, SDG names in the filters) is the
    # page's language, whatever language the run speaks.
    english, spanish = (out / "index.html").read_text(), (out / "es" / "index.html").read_text()
    assert ">on track<" in english and ">en tiempo<" not in english, "root"
    assert ">en tiempo<" in spanish and ">on track<" not in spanish, "es/"
    assert "SDG 5." in english and "ODS 5." in spanish
    bad = CliRunner().invoke(
        app, ["publicar", str(plan), "-o", str(tmp_path / "x"), "--idiomas", "fr"]
    )
    assert bad.exit_code == 2
    assert "--idiomas" in bad.output


def test_one_language_site_has_no_switch(tmp_path: Path) -> None:
    out = publish(CliRunner(), PLAN_LOCAL, tmp_path / "sitio", al=AL)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "hreflang" not in html
    assert not (out / "en").exists()
    assert ' lang="es">' not in html.split("<body", 1)[1]  # content marked only when needed


def test_feeds_and_sitemap_in_each_language(tmp_path: Path) -> None:
    plan = bilingual_repo(tmp_path)  # its sitio: https://gobiernoabierto.valle.example.org
    out = publish(CliRunner(), plan, tmp_path / "sitio", al=AL)
    assert 'xml:lang="es"' in (out / "feed.xml").read_text(encoding="utf-8")
    english = (out / "en" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="en"' in english
    assert "https://gobiernoabierto.valle.example.org/en/" in english
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://gobiernoabierto.valle.example.org/en/index.html" in sitemap
    assert "https://gobiernoabierto.valle.example.org/index.html" in sitemap
    canonical = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert (
        'rel="canonical" href="https://gobiernoabierto.valle.example.org/en/index.html"'
        in canonical
    )


@pytest.mark.parametrize("folder", ["", "en/"])
def test_dataset_metadata_names_one_set_of_files(bilingual: Path, folder: str) -> None:
    """Each data page describes the same files at the root; its own address has its
    language's folder, and the data's language is the plan's (idioma_contenido)."""
    import json

    page = (bilingual / folder / "datos" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block, folder
    data = json.loads(block.group(1))
    assert data["url"] == f"{SITE_URL}{folder}datos/index.html"
    assert data["inLanguage"] == "es"
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert urls and all(u.startswith(f"{SITE_URL}datos/") for u in urls)
    assert all((bilingual / u.removeprefix(SITE_URL)).is_file() for u in urls)


def test_history_marks_the_plans_words_on_the_english_pages(tmp_path: Path) -> None:
    """A change's values are the plan's text: on the English pages they carry lang="es";
    the feeds stay plain text, and the Spanish pages need no marks."""
    plan = bilingual_repo(tmp_path, "Residuos <b>y</b> reciclaje")
    out = publish(CliRunner(), plan, tmp_path / "sitio", al=AL)
    english = (out / "en" / "historial.html").read_text(encoding="utf-8")
    assert (
        '<span lang="es">«Gestión abierta y participativa de residuos sólidos urbanos»</span>'
        in english
    )
    # The new value: escaped, and still marked.
    assert '<span lang="es">«Residuos &lt;b&gt;y&lt;/b&gt; reciclaje»</span>' in english
    assert "<b>y</b>" not in english
    page = (out / "en" / "compromisos" / "2.html").read_text(encoding="utf-8")
    assert '<span lang="es">«Gestión abierta' in page
    spanish = (out / "historial.html").read_text(encoding="utf-8")
    assert "«Gestión abierta y participativa de residuos sólidos urbanos»" in spanish
    assert '<span lang="es">«Gestión' not in spanish
    feed = (out / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "span" not in feed and "\x02" not in feed


def test_a_regional_tag_marks_only_pages_in_another_language(tmp_path: Path) -> None:
    """«es-MX» content on a Spanish page needs no mark (same language, screen readers
    keep their voice); on the English pages it is marked with the whole tag."""
    plain = publish(CliRunner(), bilingual_plan(tmp_path / "a"), tmp_path / "s1", al=AL)
    plan = bilingual_plan(tmp_path / "b", contenido="es-MX")
    regional = publish(CliRunner(), plan, tmp_path / "s2", al=AL)
    for name in ("index.html", "compromisos/1.html", "datos/index.html"):
        spanish = (regional / name).read_text(encoding="utf-8")
        assert 'lang="es-MX"' not in spanish.split("<body", 1)[1], name
    for name in ("index.html", "compromisos/1.html"):  # (the data's JSON-LD says es-MX)
        assert (regional / name).read_bytes() == (plain / name).read_bytes(), name
    english = (regional / "en" / "compromisos" / "1.html").read_text(encoding="utf-8")
    assert '<span lang="es-MX">' in english


def test_run_in_english_builds_each_page_in_its_own_language(tmp_path: Path) -> None:
    """Running in English a site whose root is Spanish: the root's words are Spanish, the
    English edition's English (its check is the run's own, reused)."""
    plan = bilingual_plan(tmp_path)
    out = tmp_path / "sitio"
    args = ["publicar", str(plan), "--salida", str(out), "--al", AL]
    done = CliRunner().invoke(app, args, env={"HDR_IDIOMA": "en"})
    assert done.exit_code == 0, done.output
    assert "Site published" in done.output  # the messages speak the run's language
    spanish = (out / "index.html").read_text(encoding="utf-8")
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert ">en tiempo<" in spanish and ">on track<" not in spanish
    assert ">on track<" in english and ">en tiempo<" not in english
