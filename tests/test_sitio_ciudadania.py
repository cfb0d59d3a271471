"""The dashboard for citizens and the press (issue 14), read without a browser.

Every page describes itself for search engines and shared links; the data page says
the licence, how to open the CSV files and what each field means, and carries the
data's schema.org ``Dataset``; the index says the plan's gap in words and lists what
falls due; institutions compare in one table; numbers are counted in good Spanish.
Expected values come from hdr's own calculations (``checks``, ``progress``,
``fielddocs``), never typed here.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.checks.progress import check_for_progress
from hojaderuta.cli import app
from hojaderuta.progress import PlanAvance, Proximos, por_institucion, proximos
from hojaderuta.publish.fielddocs import data_files
from hojaderuta.text.dates import long_date
from hojaderuta.text.folding import slugify
from hojaderuta.text.numbers import gap_words, percent, plural, points

from .conftest import COMPROMISO_13, PLAN_LOCAL
from .historial_util import commit, compromiso, cumplir, new_repo, write

AL_LOCAL, AL_13 = "2026-11-21", "2021-08-01"
# At this date the local example has an overdue hito and one due within 30 days.
AL_PROXIMOS = "2026-08-15"
VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "col", "area"}
# Tags that start a new line of text (their words never run into the next ones).
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "div", "h1", "h2", "h3", "tr", "caption", "br"}


class Html(HTMLParser):
    """A page's metadata, links, scripts, dates and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []  # <link> and <a>, with their tag
        self.srcs: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self.title = ""
        self.text: list[str] = []  # text outside <script>, <style> and <title>
        self.loose_dates: list[str] = []  # ISO dates written outside <time>
        self._stack: list[str] = []
        self._script_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag in ("a", "link") and "href" in a:
            self.links.append({"tag": tag, **a})
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "script":
            self._script_type = a.get("type", "")
        if tag in BLOCKS:
            self.text.append(" ")
        if tag not in VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.text.append(" ")
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside = self._stack[-1] if self._stack else ""
        if inside == "script":
            self.scripts.append((self._script_type, data))
        elif inside == "title" and "head" in self._stack:
            self.title += data
        elif inside != "style" and "svg" not in self._stack:
            self.text.append(data)
            # A date hdr writes stands nearly alone («el 2026-04-22»); one inside a
            # sentence of the plan's own text is the plan's to write.
            found = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", data)
            rest = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", "", data).strip()
            if found and len(rest) <= 12 and not {"time", "code"} & set(self._stack):
                self.loose_dates += found

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def read(path: Path) -> Html:
    page = Html()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _publish(plan: Path, out: Path, al: str) -> Path:
    result = CliRunner().invoke(app, ["publicar", str(plan), "--salida", str(out), "--al", al])
    assert result.exit_code == 0, result.output
    return out


def _identity_plan(dest: Path) -> Path:
    """The local example without the site's address, with a logo, accent, footer and
    the CC0 licence (outside git: the logo needs no commit)."""
    shutil.copytree(PLAN_LOCAL, dest)
    (dest / "identidad").mkdir()
    shutil.copyfile(
        Path(__file__).resolve().parent.parent / "plantillas/sitio/tarjeta.png",
        dest / "identidad/logo.png",
    )
    plan = (dest / "plan.yaml").read_text(encoding="utf-8")
    plan = re.sub(
        r"^sitio: .*$",
        'sitio:\n  logo: identidad/logo.png\n  color: "#6b1d4a"\n'
        '  pie: "Secretariado Técnico Local · contacto@valle.example.org"\n'
        "licencia_datos: CC0-1.0",
        plan,
        flags=re.MULTILINE,
    )
    (dest / "plan.yaml").write_text(plan, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("ciudadania")
    return {
        "local": _publish(PLAN_LOCAL, base / "local", AL_LOCAL),
        "13": _publish(COMPROMISO_13, base / "13", AL_13),
        "identidad": _publish(
            _identity_plan(base / "plan-identidad"), base / "identidad", AL_LOCAL
        ),
    }


def _address(site: Path) -> str | None:
    """The site's address as plan.json says it (None: the plan gives none)."""
    plan = json.loads((site / "datos" / "plan.json").read_text(encoding="utf-8"))["plan"]
    value = plan.get("sitio")
    url = value.get("url") if isinstance(value, dict) else value
    return url.rstrip("/") + "/" if url else None


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("name", ["local", "13", "identidad"])
def test_every_page_describes_itself_for_sharing(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    url = _address(site)
    for path in _pages(site):
        page = read(path)
        here = path.relative_to(site).as_posix()
        meta = page.meta
        assert len(meta["description"]) > 30, path
        assert meta["og:description"] == meta["twitter:description"] == meta["description"]
        assert meta["og:title"] == meta["twitter:title"] == page.title, path
        assert meta["og:site_name"] in page.title
        assert meta["og:type"] == "website" and meta["og:locale"].startswith("es")
        assert meta["twitter:card"] == "summary_large_image"
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        image = meta["og:image"]
        assert meta["twitter:image"] == image
        if url:
            assert canonical == [url + here], path
            assert meta["og:url"] == url + here
            assert image.startswith(url)
            image = image.removeprefix(url)
            assert (site / image).is_file(), path
        else:
            assert canonical == [] and "og:url" not in meta, path
            assert (path.parent / image).resolve().is_file(), path


def test_identity_logo_footer_and_licence(sites: dict[str, Path]) -> None:
    site = sites["identidad"]
    for path in _pages(site):
        page = read(path)
        assert [(path.parent / s).resolve() for s in page.srcs] == [site / "identidad/logo.png"]
        assert "Secretariado Técnico Local · contacto@valle.example.org" in page.words
        assert "bajo la licencia Creative Commons CC0 1.0 Universal" in page.words
        licences = {a["href"] for a in page.links if "license" in a.get("rel", "")}
        assert licences == {"https://creativecommons.org/publicdomain/zero/1.0/"}, path
        assert meta_image_is_logo(page, path, site)
    for path in _pages(sites["local"]):  # the default licence, stated on every page
        assert "bajo la licencia Creative Commons Atribución 4.0" in read(path).words


def meta_image_is_logo(page: Html, path: Path, site: Path) -> bool:
    return (path.parent / page.meta["og:image"]).resolve() == site / "identidad/logo.png"


@pytest.mark.parametrize("name", ["local", "13", "identidad"])
def test_dataset_jsonld_lists_every_data_file(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    page = read(site / "datos" / "index.html")
    (block,) = [text for kind, text in page.scripts if kind == "application/ld+json"]
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    files = sorted(
        p.relative_to(site / "datos").as_posix()
        for p in (site / "datos").rglob("*")
        if p.is_file() and p.name != "index.html"
    )
    url = _address(site)
    prefix = f"{url}datos/" if url else ""
    urls = sorted(d["contentUrl"].removeprefix(prefix) for d in data["distribution"])
    assert urls == files
    assert all(d["@type"] == "DataDownload" and d["encodingFormat"] for d in data["distribution"])
    licences = [a["href"] for a in page.links if "license" in a.get("rel", "")]
    assert data["license"] == licences[0]  # the licence the page links


def test_data_page_documents_every_field_and_the_bom(sites: dict[str, Path]) -> None:
    site = sites["local"]
    html = (site / "datos" / "index.html").read_text(encoding="utf-8")
    for archivo in data_files():
        assert f'<a href="{archivo.nombre}">' in html
        for campo in archivo.campos:
            assert f"<code>{campo.nombre}</code>" in html, (archivo.nombre, campo.nombre)
    # Every column of every CSV written, as Excel reads it (after the BOM).
    for name in ("compromisos.csv", "hitos.csv", "actividades.csv"):
        raw = (site / "datos" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        for column in header:
            assert f"<code>{column}</code>" in html, (name, column)
    text = read(site / "datos" / "index.html").words
    assert 'encoding="utf-8-sig"' in text and "BOM" in text


def _progress(plan: Path, al: str) -> PlanAvance:
    when = date.fromisoformat(al)
    return check_for_progress(plan, al=when, hoy=when).avance


@pytest.mark.parametrize(
    ("name", "plan", "al"), [("local", PLAN_LOCAL, AL_LOCAL), ("13", COMPROMISO_13, AL_13)]
)
def test_index_says_the_gap_in_words_and_counts_by_state(
    sites: dict[str, Path], name: str, plan: Path, al: str
) -> None:
    progress = _progress(plan, al)
    html = (sites[name] / "index.html").read_text(encoding="utf-8")
    text = read(sites[name] / "index.html").words
    headline = (
        f"El plan lleva {percent(progress.avance)} de avance; a esta fecha se esperaba "
        f"{percent(progress.esperado)}: {gap_words(progress.avance, progress.esperado)}."
    )
    assert headline in text
    plurals = {"cumplido": "cumplidos", "no iniciado": "no iniciados"}
    expected = [plural(progress.total, "compromiso", "compromisos")] + [
        plural(n, e.palabra, plurals.get(e.palabra, e.palabra))
        for e, n in progress.por_estado().items()
        if n or e.value != "sin_calcular"
    ]
    (row,) = re.findall(r'<ul class="conteos"[^>]*>(.*?)</ul>', html, flags=re.DOTALL)
    items = re.findall(r"<li[^>]*>(.*?)</li>", row, flags=re.DOTALL)
    shown = [re.sub(r'<span aria-hidden="true">[^<]*</span>|<[^>]+>', "", i).strip() for i in items]
    assert shown == expected


def _proximos_text(items: Proximos) -> list[str]:
    return [
        f"Hito {v.hito.indice} · {v.hito.nombre} (compromiso {v.compromiso.numero}."
        for v in items.vencidos + items.proximos
    ]


def test_what_falls_due_on_the_index_and_each_institution(tmp_path: Path) -> None:
    site = _publish(PLAN_LOCAL, tmp_path / "s", AL_PROXIMOS)
    progress = _progress(PLAN_LOCAL, AL_PROXIMOS)
    due = proximos(progress, 30)
    assert due.vencidos and due.proximos  # the date was chosen for both
    index = read(site / "index.html")
    for v in due.vencidos + due.proximos:
        href = f"compromisos/{v.compromiso.numero}.html#hito-{v.hito.indice}"
        assert href in [a["href"] for a in index.links]
        row = f"Hito {v.hito.indice} · {v.hito.nombre} (compromiso {v.compromiso.numero}."
        assert row in index.words
        assert f"Término: {long_date(v.hito.termino)} Situación: {v.situacion}" in index.words
    for figures in por_institucion(progress):
        own = proximos(progress, 30, hitos=figures.hitos)
        path = site / "instituciones" / f"{slugify(figures.nombre)}.html"
        text = read(path).words
        for line in _proximos_text(own):
            assert line in text, (path, line)
        if not own:
            assert "No hay hitos vencidos sin cumplir ni hitos que venzan" in text


def test_nothing_due_is_said_plainly(tmp_path: Path) -> None:
    quiet = "2026-02-15"  # before the first término, more than 30 days ahead
    assert not proximos(_progress(PLAN_LOCAL, quiet), 30)
    site = _publish(PLAN_LOCAL, tmp_path / "s", quiet)
    text = read(site / "index.html").words
    assert "No hay hitos vencidos sin cumplir ni hitos que venzan en los próximos 30 días" in text


def test_institutions_compare_in_one_table(sites: dict[str, Path]) -> None:
    site = sites["local"]
    html = (site / "instituciones" / "index.html").read_text(encoding="utf-8")
    assert "compromisos, " not in html and "(1 compromisos" not in html
    rows = re.findall(r'<td role="cell" class="c-titulo"><a href="([^"]+)\.html">', html)
    figures = por_institucion(_progress(PLAN_LOCAL, AL_LOCAL))
    assert rows == [slugify(f.nombre) for f in figures]  # by name, without JavaScript
    values = re.findall(r'data-valor="([^"]*)"', html)
    per_row = len(values) // len(figures)
    for i, f in enumerate(figures):
        mine = values[i * per_row : (i + 1) * per_row]
        assert mine[:2] == [str(len(f.compromisos)), str(len(f.hitos))]
        if f.avance is not None:
            assert [float(v) for v in mine[2:5]] == pytest.approx([f.avance, f.esperado, f.rezago])
        assert mine[-1] == str(f.vencidos)
    assert html.count('aria-sort="ascending"') == 1  # sorted by name, and says so


def test_institution_page_figures(sites: dict[str, Path]) -> None:
    site = sites["local"]
    for f in por_institucion(_progress(PLAN_LOCAL, AL_LOCAL)):
        page = read(site / "instituciones" / f"{slugify(f.nombre)}.html")
        text = page.words
        if f.estado is not None:
            assert f"{percent(f.avance)} de avance" in text
            assert f"Rezago {points(f.rezago or 0)}" in text
            plain = re.sub(r" [▲●✔○]", "", text)  # the state's icon is decoration
            assert f"Estado {f.estado.palabra}" in plain
        assert f"Hitos vencidos {f.vencidos}" in text
        for c, h in f.ajenos:
            assert f"Hito {h.indice} · {h.nombre} (compromiso {c.numero}." in text
        feeds = [link for link in page.links if link.get("type") == "application/atom+xml"]
        own = [link["href"] for link in feeds if link["href"] != "../feed.xml"]
        assert own == [f"{slugify(f.nombre)}.xml"]
        visible = [a["href"] for a in page.links if a["tag"] == "a" and a["href"].endswith(".xml")]
        assert visible == own


def test_commitment_pages_follow_their_feed(sites: dict[str, Path]) -> None:
    for path in sorted((sites["local"] / "compromisos").glob("*.html")):
        page = read(path)
        alternate = [
            link["href"]
            for link in page.links
            if link["tag"] == "link" and link.get("type") == "application/atom+xml"
        ]
        assert alternate == ["../feed.xml", f"{path.stem}.xml"]
        assert "Seguir las novedades de este compromiso (canal Atom)" in page.words
        assert (path.parent / f"{path.stem}.xml").is_file()


# Numbers counted as people write them; each pattern is a mistake the site once made.
WRONG_PLURALS = [
    r"\b1 (compromisos|hitos|observaciones|días|campos|instituciones|cumplidos|vencidos)\b",
    r"\b1 hitos (cumplidos|vencidos)\b",
    r"(?<![\d.])(0|[2-9]|\d\d+) (compromiso|hito|observación|día|institución|punto)\b(?!s)",
    r"(?<![\d.])(0|[2-9]|\d\d+) (cumplido|no iniciado|vencido)\b(?!s)",
    r"Echa un vistazo",
]


@pytest.mark.parametrize("name", ["local", "13"])
def test_counts_are_good_spanish(sites: dict[str, Path], name: str) -> None:
    for path in _pages(sites[name]):
        text = read(path).words
        for pattern in WRONG_PLURALS:
            assert re.search(pattern, text) is None, (path, re.search(pattern, text))
        # «metas 5.5» is «meta 5.5»: «metas» only before a list.
        assert re.search(r"\bmetas \d+\.[0-9a-z]+\b(?!,)", text) is None, path


@pytest.mark.parametrize("name", ["local", "13"])
def test_dates_never_break(sites: dict[str, Path], name: str) -> None:
    """Every date is a <time> (white-space: nowrap), with a machine-readable value."""
    css = (sites[name] / "index.html").read_text(encoding="utf-8")
    assert re.search(r"time \{ white-space: nowrap; \}", css)
    for path in _pages(sites[name]):
        page = read(path)
        assert page.loose_dates == [], path
        html = path.read_text(encoding="utf-8")
        for value, shown in re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html):
            assert shown in (value, long_date(value)), (path, value, shown)


def test_search_index_has_every_row(sites: dict[str, Path]) -> None:
    page = read(sites["local"] / "index.html")
    (block,) = [text for kind, text in page.scripts if kind == "application/json"]
    entries = json.loads(block)
    html = (sites["local"] / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr role="row" data-pagina="([^"]+)"', html)
    assert [e["p"] for e in entries] == rows
    for entry in entries:
        for part in entry["c"]:
            target, _, anchor = part["h"].partition("#")
            assert f'id="{anchor}"' in (sites["local"] / target).read_text(encoding="utf-8")


def test_history_chart_labels_its_time_axis_without_overlap(tmp_path: Path) -> None:
    """Ten years of reports: a tick per half year, a label only where it fits."""
    root = tmp_path / "repo"
    plan = new_repo(root)
    data = compromiso(1)
    write(plan, "compromisos/01.yaml", data)
    commit(root, "Hoja de ruta", "2020-01-05T10:00:00+00:00")
    write(plan, "compromisos/01.yaml", cumplir(data, 0, "2020-03-01"))
    commit(root, "Reporta el hito 1", "2029-06-02T10:00:00+00:00")
    site = _publish(plan, tmp_path / "sitio", "2030-01-01")
    html = (site / "historial.html").read_text(encoding="utf-8")
    (svg,) = re.findall(r'<svg class="grafica".*?</svg>', html, flags=re.DOTALL)
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg)[1])  # type: ignore[index]
    bottom = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="[\d.]+" y2="([\d.]+)"', svg)
    ticks = [float(x) for x, y1, y2 in bottom if float(y2) - float(y1) == 5]
    labels = re.findall(rf'<text x="([\d.]+)" y="{height - 6:g}(?:\.0)?"[^>]*>([^<]+)</text>', svg)
    assert len(ticks) > len(labels) >= 4  # more ticks than room for their labels
    xs = [float(x) for x, _ in labels]
    assert all(b - a >= 64 for a, b in itertools.pairwise(xs))  # none overlaps
    assert set(xs) <= set(ticks)
    months = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
    for _, text in labels:
        month, year = text.split()
        assert month in months and 2020 <= int(year) <= 2029
