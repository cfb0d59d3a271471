"""Open data that opens and cites itself: the BOM, the licence, every field documented
from the schemas, the avance schema as a contract, JSON-LD, sitemap, robots and feeds."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.publish.fielddocs import data_files
from hojaderuta.publish.opendata import ACTIVIDADES, COMPROMISOS, HITOS
from hojaderuta.resources import load_schema

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT, require_tool

AL = "2026-11-21"
ATOM = "{http://www.w3.org/2005/Atom}"
CASOS = Path(__file__).resolve().parent / "casos"


def _publish(plan: Path, out: Path, al: str = AL) -> Path:
    result = CliRunner().invoke(app, ["publicar", str(plan), "--salida", str(out), "--al", al])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _publish(PLAN_LOCAL, tmp_path_factory.mktemp("d") / "sitio")


def _plan_copy(tmp_path: Path, source: Path, **settings: str) -> Path:
    """A copy of an example outside git, with ``plan.yaml`` lines replaced or added."""
    dest = tmp_path / "plan"
    shutil.copytree(source, dest)
    path = dest / "plan.yaml"
    text = re.sub(r"^sitio:.*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    text += "".join(f"{key}: {value}\n" for key, value in settings.items())
    path.write_text(text, encoding="utf-8")
    return dest


# The BOM and the licence.


def test_every_csv_starts_with_a_bom_and_reads_back(site: Path) -> None:
    for name, columns in (
        ("compromisos.csv", COMPROMISOS),
        ("hitos.csv", HITOS),
        ("actividades.csv", ACTIVIDADES),
    ):
        raw = (site / "datos" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
        assert reader.fieldnames == [c[0] for c in columns]
        assert list(reader), name


def test_the_default_licence_is_stated_everywhere(site: Path) -> None:
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    licence = {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Atribución 4.0 Internacional",
    }
    assert package["licenses"] == [licence]
    assert all(r["encoding"] == "utf-8-sig" for r in package["resources"])
    plan = json.loads((site / "datos" / "plan.json").read_text(encoding="utf-8"))
    assert plan["licencia_datos"] == licence


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CC0-1.0", {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}),
        ("OGL-UK-3.0", {"name": "OGL-UK-3.0", "path": "https://spdx.org/licenses/OGL-UK-3.0.html"}),
        ("https://datos.gob.mx/libreusomx", {"path": "https://datos.gob.mx/libreusomx"}),
    ],
)  # fmt: skip
def test_a_named_licence_passes_frictionless(
    tmp_path: Path, value: str, expected: dict[str, str]
) -> None:
    out = _publish(_plan_copy(tmp_path, PLAN_LOCAL, licencia_datos=value), tmp_path / "s")
    package = json.loads((out / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    (licence,) = package["licenses"]
    assert {k: v for k, v in licence.items() if k != "title"} == expected
    tool = require_tool("frictionless")
    done = subprocess.run(
        [tool, "validate", "datapackage.json"],
        cwd=out / "datos",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# Every field documented, from the schemas.


def _leaves(value: Any, path: str = "") -> set[str]:
    """Every path in a JSON document, named as the data page names fields."""
    if isinstance(value, dict):
        found = {path} if path else set()
        for key, child in value.items():
            found |= _leaves(child, f"{path}.{key}" if path else key)
        return found
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        found = {path + "[]"}
        for item in value:
            found |= _leaves(item, path + "[]")
        return found
    return {path}


def _documented(path: str, names: set[str]) -> bool:
    """Documented itself, or inside a documented field the page describes as a whole
    (a finding in ``observaciones`` is described in docs/formato.md, section 8.1)."""
    parts = path.split(".")
    if path + "[]" in names:  # an empty list of blocks
        return True
    return any(".".join(parts[:n]) in names for n in range(len(parts), 0, -1))


def test_every_field_of_plan_json_is_documented(site: Path) -> None:
    files = {f.nombre: f for f in data_files()}
    names = {c.nombre for c in files["plan.json"].campos}
    data = json.loads((site / "datos" / "plan.json").read_text(encoding="utf-8"))
    missing = sorted(p for p in _leaves(data) if not _documented(p, names))
    assert missing == []
    # Exactly documented (not only through a parent) for the roadmap and its progress.
    for path in ("compromisos[].hoja_de_ruta.hitos[].ponderacion", "compromisos[].avance.estado"):
        assert path in names
    assert all(c.descripcion.strip() for c in files["plan.json"].campos)


def test_every_csv_column_is_documented_as_the_datapackage_says(site: Path) -> None:
    package = json.loads((site / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    files = {f.nombre: f for f in data_files()}
    for resource in package["resources"]:
        documented = [(c.nombre, c.descripcion) for c in files[resource["path"]].campos]
        assert documented == [(f["name"], f["title"]) for f in resource["schema"]["fields"]]
    # Every file the page lists is in the site.
    for name in files:
        assert (site / "datos" / name).is_file(), name


# The avance schema is the contract of «hdr avance --formato json».


@pytest.mark.parametrize(
    ("plan", "al"),
    [(PLAN_LOCAL, AL), (COMPROMISO_13, "2021-08-01"), (CASOS / "ponderacion-suma", "2020-06-30")],
)
def test_avance_json_follows_its_schema(plan: Path, al: str) -> None:
    result = CliRunner().invoke(app, ["avance", str(plan), "--al", al, "-f", "json"])
    document = json.loads(result.stdout)
    schema = load_schema("avance")
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(document, schema)


def test_the_avance_schema_and_docs_formato_never_drift() -> None:
    """The tables of docs/formato.md §8.2 and the schema say the same, key by key."""
    text = (ROOT / "docs" / "formato.md").read_text(encoding="utf-8")
    section = text[text.index("### 8.2") : text.index("### 8.3")]
    schema = load_schema("avance")["definitions"]
    for heading, definition in (("**`plan`**", "plan"), ("**`compromisos`**", "compromiso"),
                                ("**`hitos`**", "hito")):  # fmt: skip
        table = section[section.index(heading) :].split("\n\n", 2)[1]
        rows = re.findall(r"^\| `([a-z_]+)` \| (.*) \|$", table, re.MULTILINE)
        assert [k for k, _ in rows] == list(schema[definition]["properties"]), heading
        for key, words in rows:
            plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", words).replace("`", "")
            assert schema[definition]["properties"][key]["description"] == plain.replace("**", "")


# Found and cited: JSON-LD, sitemap, robots, feeds.


def test_dataset_jsonld_lists_every_download(site: Path) -> None:
    page = (site / "datos" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    if match is None:
        pytest.fail("la página de datos no tiene JSON-LD")
    data = json.loads(match.group(1))
    assert data["@type"] == "Dataset" and data["license"].startswith("https://")
    base = "https://gobiernoabierto.valle.example.org/datos/"
    urls = {d["contentUrl"] for d in data["distribution"]}
    assert urls == {base + f.nombre for f in data_files()}
    assert data["temporalCoverage"] == "2026-02-01/2027-07-31"


def test_sitemap_lists_every_page_and_robots_points_to_it(site: Path) -> None:
    base = "https://gobiernoabierto.valle.example.org/"
    tree = ET.parse(site / "sitemap.xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {loc.text for loc in tree.iter(f"{ns}loc")}
    pages = {base + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert listed == pages
    assert (
        (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    )


def test_without_an_address_there_is_no_sitemap_and_links_stay_relative(tmp_path: Path) -> None:
    out = _publish(_plan_copy(tmp_path, PLAN_LOCAL), tmp_path / "s")
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    for page in out.rglob("*.html"):
        assert 'rel="canonical"' not in page.read_text(encoding="utf-8"), page


def _feed(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def test_each_commitment_and_institution_has_its_feed(site: Path) -> None:
    if not (site / "feed.xml").exists():
        pytest.skip("el ejemplo no está en un repositorio git")
    for n in range(1, 6):
        root = _feed(site / "compromisos" / f"{n}.xml")
        links = [e.get("href") for e in root.iter(f"{ATOM}link") if e.get("rel") == "alternate"]
        assert links[0] == f"https://gobiernoabierto.valle.example.org/compromisos/{n}.html"
        for entry in links[1:]:
            assert re.search(rf"/compromisos/{n}\.html(#hito-\d+)?$", entry or ""), entry
    institutions = sorted((site / "instituciones").glob("*.xml"))
    assert len(institutions) == len(list((site / "instituciones").glob("*.html"))) - 1
    ids = [_feed(p).findtext(f"{ATOM}id") for p in institutions]
    assert len(set(ids)) == len(ids)
