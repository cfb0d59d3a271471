"""Every commitment is always shown (issue 13, «Datos reales»).

tests/datos/real-4pa-2019 is written by hand with the shapes real dashboards hold:
no weights, no responsables, empty ODS targets, a hito ending after the plan's end,
zero hitos, COMPLETAR placeholders. Commitments 1 and 2 can be computed (with
findings); 3, 4 and 5 cannot, and still appear everywhere as «sin calcular».
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.core.computable import progress_problem

DATOS = Path(__file__).parent / "datos" / "real-4pa-2019"
AL = "2020-12-31"
COUNTED = {1: ("en_tiempo", 40.0), 2: ("con_rezago", 0.0)}
LEFT_OUT = {3: "ponderación", 4: "no tiene hitos", 5: "sin una fecha de cumplimiento"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _avance(runner: CliRunner, *args: str, plan: Path = DATOS) -> tuple[int, str, str]:
    result = runner.invoke(app, ["avance", str(plan), "--al", AL, *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_every_commitment_and_averages_the_computable(runner: CliRunner) -> None:
    code, out, err = _avance(runner, "-f", "json")
    assert code == 1  # the plan has errors
    data = json.loads(out)
    assert data["formato"] == 2
    assert data["plan"]["compromisos"] == 2
    assert data["plan"]["sin_calcular"] == 3
    assert data["plan"]["total_compromisos"] == 5
    assert data["plan"]["avance"] == 20.0  # (40 + 0) / 2: only the computable ones
    by_number = {c["numero"]: c for c in data["compromisos"]}
    assert set(by_number) == {1, 2, 3, 4, 5}
    for numero, (estado, avance) in COUNTED.items():
        assert (by_number[numero]["estado"], by_number[numero]["avance"]) == (estado, avance)
        assert by_number[numero]["motivo"] is None
    for numero, why in LEFT_OUT.items():
        entry = by_number[numero]
        assert entry["estado"] == "sin_calcular"
        assert entry["avance"] is None
        assert why in entry["motivo"]
        assert entry["observaciones"], "its first findings travel with it"
    # A hito ending four days after the plan's end is an observation, not an exclusion.
    lugares = [o["lugar"] for o in by_number[1]["observaciones"]]
    assert lugares == ["hito 2 · término"]
    assert by_number[2]["observaciones"]
    assert "03-sin-ponderaciones.yaml" in err


def test_late_completion_is_visible(runner: CliRunner) -> None:
    _, out, _ = _avance(runner, "-f", "json", "-c", "1")
    (c,) = json.loads(out)["compromisos"]
    assert c["hitos_con_retraso"] == 1
    assert [h["dias_de_retraso"] for h in c["hitos"]] == [10, None]
    _, text, _ = _avance(runner, "-c", "1")
    assert "cumplido con retraso (10 días) el 2020-07-10" in " ".join(text.split())


def test_text_headline_says_how_many_are_averaged(runner: CliRunner) -> None:
    _, out, _ = _avance(runner)
    flat = " ".join(out.split())
    assert "2 de 5 compromisos en el promedio" in flat
    assert "3 sin calcular: compromiso 3" in flat
    assert "1 cumplido con retraso" in flat
    assert "observaciones" in flat


def test_csv_and_markdown_have_a_row_per_commitment(runner: CliRunner) -> None:
    _, out, _ = _avance(runner, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["numero"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["estado"] for r in rows][2:] == ["sin_calcular"] * 3
    assert rows[3]["motivo"] == "no tiene hitos"
    _, md, _ = _avance(runner, "-f", "markdown")
    body = [line for line in md.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(body) == 5
    assert "sin calcular: no tiene hitos" in md


def test_left_out_commitment_detail(runner: CliRunner) -> None:
    code, out, _ = _avance(runner, "-c", "4", "-f", "json")
    assert code == 1
    (c,) = json.loads(out)["compromisos"]
    assert (c["numero"], c["estado"], c["motivo"]) == (4, "sin_calcular", "no tiene hitos")
    _, text, _ = _avance(runner, "-c", "4")
    assert "Sin calcular: no tiene hitos." in text


@pytest.mark.parametrize("formato", ["json", "csv", "markdown"])
def test_output_is_a_whole_document_without_commitments(
    tmp_path: Path, runner: CliRunner, formato: str
) -> None:
    shutil.copy(DATOS / "plan.yaml", tmp_path / "plan.yaml")
    code, out, _ = _avance(runner, "-f", formato, plan=tmp_path)
    assert code == 0
    if formato == "json":
        data = json.loads(out)
        assert data["compromisos"] == []
        assert data["plan"]["avance"] is None
    elif formato == "csv":
        assert out.startswith("\ufeffnumero,nombre,")  # BOM: Excel lee UTF-8
    else:
        assert "| N.º |" in out


def test_json_with_no_computable_commitment_is_json(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "compromisos").mkdir()
    shutil.copy(DATOS / "plan.yaml", tmp_path / "plan.yaml")
    shutil.copy(DATOS / "compromisos" / "04-sin-hitos.yaml", tmp_path / "compromisos")
    code, out, _ = _avance(runner, "-f", "json", plan=tmp_path)
    assert code == 1
    data = json.loads(out)
    assert data["plan"]["avance"] is None
    assert [c["estado"] for c in data["compromisos"]] == ["sin_calcular"]


def test_report_shows_every_commitment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reporte", str(DATOS), "--al", AL])
    out = result.stdout
    assert "2 de 5 en el promedio" in out
    for numero in LEFT_OUT:
        assert f"## Compromiso {numero}." in out
    assert "sí, cumplido con retraso (10 días), 2020-07-10" in out


def test_site_shows_every_commitment(tmp_path: Path, runner: CliRunner) -> None:
    salida = tmp_path / "sitio"
    result = runner.invoke(app, ["publicar", str(DATOS), "--al", AL, "--salida", str(salida)])
    assert result.exit_code in (0, 1), result.output
    pages = sorted(p.name for p in (salida / "compromisos").glob("*.html"))
    assert pages == ["1.html", "2.html", "3.html", "4.html", "5.html"]
    index = (salida / "index.html").read_text(encoding="utf-8")
    assert "2 de 5" in index
    assert 'href="compromisos/4.html"' in index
    assert "compromisos/1.html#observaciones" in index  # the marker links to them
    four = (salida / "compromisos" / "4.html").read_text(encoding="utf-8")
    assert "no tiene hitos" in four
    one = (salida / "compromisos" / "1.html").read_text(encoding="utf-8")
    assert 'id="observaciones"' in one
    assert "hito 2 · término" in one
    assert "cumplido con retraso (10 días)" in one
    data = json.loads((salida / "datos" / "plan.json").read_text(encoding="utf-8"))
    assert [c["numero"] for c in data["sin_calcular"]] == [3, 4, 5]


def test_overdue_hitos_are_red_and_named_in_the_calendar(tmp_path: Path, runner: CliRunner) -> None:
    salida = tmp_path / "sitio"
    runner.invoke(app, ["publicar", str(DATOS), "--al", AL, "--salida", str(salida)])
    two = (salida / "compromisos" / "2.html").read_text(encoding="utf-8")
    svg = two[two.index('<svg class="grafica"') : two.index("</svg>", two.index("Calendario"))]
    assert 'fill="#8a1c1c"' in svg
    assert ">vencido</text>" in svg  # a word, never colour alone


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([], "no contiene los campos"),
        ({"numero": True, "hitos": []}, "número"),
        ({"numero": 1, "hitos": "x"}, "no tiene hitos"),
        ({"numero": 1, "hitos": [{"ponderacion": 100, "inicio": "2020-01-01"}]}, "término"),
        (
            {"numero": 1, "hitos": [{"ponderacion": 100, "inicio": "2020-01-01",
             "termino": "2020-02-01", "cumplido": "sí"}]},
            "true o false",
        ),
    ],
)  # fmt: skip
def test_progress_problem_reasons(data: object, why: str) -> None:
    problem = progress_problem(data)
    assert problem is not None and why in problem


def test_exportar_lists_every_commitment(tmp_path: Path) -> None:
    """The workbook's Compromisos sheet never drops a commitment: the ones whose files
    fail the schema are there, with their progress or «sin calcular» and why."""
    out = tmp_path / "csv"
    result = CliRunner().invoke(app, ["exportar", str(DATOS), "--formato", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "compromisos.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["archivo"] for r in rows] == sorted(
        p.relative_to(DATOS).as_posix() for p in (DATOS / "compromisos").glob("*.yaml")
    )
    left_out = [r for r in rows if r["estado"].startswith("sin calcular")]
    assert left_out and all(r["avance"] == "" for r in left_out)


def test_unchanged_workbook_of_a_plan_with_findings_imports_cleanly(tmp_path: Path) -> None:
    """Rows of files that fail the schema are information: an untouched workbook changes
    nothing and fails nothing; each of those rows gets a warning saying why."""
    plan = tmp_path / "plan"
    shutil.copytree(DATOS, plan)
    book = tmp_path / "libro.xlsx"
    assert CliRunner().invoke(app, ["exportar", str(plan), "-o", str(book)]).exit_code == 0
    before = {p: p.read_bytes() for p in (plan / "compromisos").glob("*.yaml")}
    result = CliRunner().invoke(app, ["importar", str(book), "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Sin cambios" in flat
    assert "esta fila es solo informativa" in flat
    assert {p: p.read_bytes() for p in before} == before
