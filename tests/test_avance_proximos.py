"""``hdr avance --proximos DÍAS``: overdue hitos and those due next, in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from hojaderuta.checks.progress import check_for_progress
from hojaderuta.cli import app
from hojaderuta.cli.reporters import upcoming as view
from hojaderuta.cli.reporters.progress import SIN_INSTITUCION
from hojaderuta.progress import PlanAvance, proximos
from hojaderuta.text.csvcell import BOM

from .conftest import PLAN_LOCAL, check_golden

ARCHIVO_03 = "compromisos/03-seguridad-participacion.yaml"
# At this date hito 2 of commitment 3 (end 2026-07-31) is overdue, and hito 2 of
# commitment 1 (end 2026-08-31) falls due within 30 days; nothing else does.
AL = "2026-08-15"
QUIET = "2026-04-10"  # nothing overdue, nothing due that same day


def _run(runner: CliRunner, plan: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["avance", str(plan), *args])
    return result.exit_code, result.stdout


def _avance(plan: Path, al: str) -> PlanAvance:
    when = date.fromisoformat(al)
    return check_for_progress(plan, al=when, hoy=when).avance


def _render(plan: PlanAvance, dias: int, width: int) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    view.write_text(plan, proximos(plan, dias), out)
    return buffer.getvalue()


def _days(termino: str, al: str = AL) -> int:
    return (date.fromisoformat(termino) - date.fromisoformat(al)).days


@pytest.mark.parametrize("width", [60, 100])
def test_text_golden(width: int) -> None:
    text = _render(_avance(PLAN_LOCAL, AL), 30, width)
    check_golden(f"avance-local-proximos-{width}.txt", text)


def test_text_overdue_then_due(runner: CliRunner) -> None:
    code, out = _run(runner, PLAN_LOCAL, "--al", AL, "--proximos", "30")
    assert code == 0, out
    flat = " ".join(out.split())
    assert "Al 15 de agosto de 2026: 1 hito vencido; 1 vence en los próximos 30 días." in flat
    late, soon = flat.index("Vencidos (1)"), flat.index("Por vencer en los próximos 30 días (1)")
    assert late < soon
    overdue, due = flat[late:soon], flat[soon:]
    assert "Compromiso 3 · Seguridad ciudadana con participación y datos abiertos" in overdue
    assert "hito 2 · Publicación mensual de datos abiertos de incidencia" in overdue
    assert "Responsable: Secretaría de Seguridad Ciudadana de Valle Ejemplo" in overdue
    assert f"Término: 2026-07-31 · venció hace {-_days('2026-07-31')} días" in overdue
    assert "Compromiso 1 · Datos abiertos de movilidad" in due
    assert f"Término: 2026-08-31 · vence en {_days('2026-08-31')} días" in due


def test_overdue_oldest_first_and_due_soonest_first(runner: CliRunner) -> None:
    code, out = _run(runner, PLAN_LOCAL, "--al", "2027-01-01", "--proximos", "120", "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    for key in ("vencidos", "proximos"):
        ends = [v["termino"] for v in data[key]]
        assert ends == sorted(ends), key
    assert all(v["vencido"] and v["dias"] < 0 for v in data["vencidos"])
    assert all(not v["vencido"] and 0 <= v["dias"] <= 120 for v in data["proximos"])
    assert data["vencidos"] and data["proximos"]


def test_nothing_due(runner: CliRunner) -> None:
    code, out = _run(runner, PLAN_LOCAL, "--al", QUIET, "--proximos", "0")
    assert code == 0, out
    assert "Al 10 de abril de 2026 no hay hitos vencidos ni que venzan ese mismo día." in out
    assert "Vencidos" not in out
    code, out = _run(runner, PLAN_LOCAL, "--al", QUIET, "--proximos", "0", "-f", "json")
    data = json.loads(out)
    assert (data["dias"], data["vencidos"], data["proximos"]) == (0, [], [])
    code, out = _run(runner, PLAN_LOCAL, "--al", QUIET, "--proximos", "0", "-f", "csv")
    assert out == BOM + ",".join(view.CSV_COLUMNS) + "\n"
    code, out = _run(runner, PLAN_LOCAL, "--al", QUIET, "--proximos", "0", "-f", "markdown")
    assert code == 0 and "|" not in out and "no hay hitos vencidos" in out


@pytest.mark.parametrize(
    ("dias", "window"),
    [(0, "ese mismo día"), (1, "ese día o el siguiente"), (30, "en los próximos 30 días")],
)
def test_window_words(dias: int, window: str) -> None:
    assert view.ventana(dias) == window


def test_json_document(runner: CliRunner) -> None:
    code, out = _run(runner, PLAN_LOCAL, "--al", AL, "--proximos", "30", "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    assert list(data) == ["formato", "plan", "dias", "vencidos", "proximos"]
    assert data["plan"]["al"] == AL and data["dias"] == 30
    (late,) = data["vencidos"]
    assert (late["compromiso"], late["hito"], late["vencido"]) == (3, 2, True)
    assert late["dias"] == _days("2026-07-31")
    assert late["institucion"] == "Secretaría de Seguridad Ciudadana de Valle Ejemplo"
    (soon,) = data["proximos"]
    assert (soon["compromiso"], soon["hito"], soon["dias"]) == (1, 2, _days("2026-08-31"))


def test_csv_has_bom_and_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["avance", str(PLAN_LOCAL), "--al", AL, "--proximos", "30", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    path = tmp_path / "proximos.csv"
    path.write_bytes(result.stdout_bytes)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["compromiso"], r["hito"], r["vencido"]) for r in rows] == [
        ("3", "2", "true"),
        ("1", "2", "false"),
    ]
    assert rows[0]["situacion"] == f"venció hace {-_days('2026-07-31')} días"
    assert rows[0]["institucion"] == "Secretaría de Seguridad Ciudadana de Valle Ejemplo"
    assert rows[1]["termino"] == "2026-08-31" and rows[1]["dias"] == str(_days("2026-08-31"))


def test_markdown_tables(runner: CliRunner) -> None:
    code, out = _run(runner, PLAN_LOCAL, "--al", AL, "--proximos", "30", "-f", "markdown")
    assert code == 0, out
    assert "**Vencidos (1)**" in out and "**Por vencer en los próximos 30 días (1)**" in out
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) == 6  # two tables: header, alignment and one row each
    assert len({line.count(" | ") for line in table}) == 1
    assert "| 3 | Seguridad ciudadana con participación y datos abiertos | hito 2 · " in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--proximos", "30", "--compromiso", "3"], "Use --proximos sin --compromiso"),
        (["--proximos", "30", "--por", "ods"], "Use --proximos sin --por"),
        (["--proximos", "-1"], "igual o mayor que 0"),
        (["--proximos", "pronto"], "«pronto» no es un valor válido para «--proximos»"),
    ],
)
def test_invalid_options(runner: CliRunner, args: list[str], said: str) -> None:
    result = runner.invoke(app, ["avance", str(PLAN_LOCAL), *args])
    assert result.exit_code == 2
    assert said in result.output
    assert "Traceback" not in result.output


def test_help_names_the_option(runner: CliRunner) -> None:
    result = runner.invoke(app, ["avance", "--help"], env={"COLUMNS": "200"})
    assert re.search(r"--proximos\s+DÍAS\s+Hitos vencidos", result.output)
    assert "vencen en los próximos DÍAS días" in result.output


@pytest.fixture
def no_institution(plan_copy: Path) -> Path:
    """Commitment 3 whose hitos 2 and 3 (the same person, by a YAML alias) have no
    institution: a missing fact, not a broken plan."""
    path = plan_copy / ARCHIVO_03
    text = path.read_text(encoding="utf-8")
    cut = "      institucion: Secretaría de Seguridad Ciudadana de Valle Ejemplo\n"
    assert cut in text
    path.write_text(text.replace(cut, ""), encoding="utf-8")
    return plan_copy


def test_missing_institution_is_shown_missing(no_institution: Path, runner: CliRunner) -> None:
    args = ["--al", AL, "--proximos", "30"]
    code, out = _run(runner, no_institution, *args)
    assert code in (0, 1), out
    assert "Traceback" not in out
    assert f"Responsable: ({SIN_INSTITUCION})" in " ".join(out.split())
    data = json.loads(_run(runner, no_institution, *args, "-f", "json")[1])
    assert data["vencidos"][0]["institucion"] is None
    rows = list(csv.DictReader(io.StringIO(_run(runner, no_institution, *args, "-f", "csv")[1])))
    assert rows[0]["institucion"] == ""
    markdown = _run(runner, no_institution, *args, "-f", "markdown")[1]
    assert re.search(r"\| hito 2 · [^|]+ \| — \| 2026-07-31 \|", markdown)


def test_names_are_escaped(plan_copy: Path, runner: CliRunner) -> None:
    path = plan_copy / ARCHIVO_03
    text = path.read_text(encoding="utf-8")
    hostile = "Seguridad | [x](javascript:alert(5)) [bold]\u202e"
    text = re.sub(r"(?m)^nombre: .*$", f"nombre: '{hostile}'", text, count=1)
    path.write_text(text, encoding="utf-8")
    args = ["--al", AL, "--proximos", "30"]
    code, out = _run(runner, plan_copy, *args)
    assert code == 0, out
    assert "[bold]" in out and "\\u202e" in out and "\u202e" not in out
    markdown = _run(runner, plan_copy, *args, "-f", "markdown")[1]
    assert "Seguridad \\| [x\\](javascript:alert(5))" in markdown
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len({line.count(" | ") for line in table}) == 1


def test_left_out_commitments_are_mentioned(plan_copy: Path, runner: CliRunner) -> None:
    path = plan_copy / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ponderacion:", "ponderacion: 1 #", 1), encoding="utf-8")
    code, out = _run(runner, plan_copy, "--al", AL, "--proximos", "30")
    assert code == 1  # the plan has errors, the list is still written
    assert "No incluye los hitos de 1 compromiso sin calcular" in " ".join(out.split())


def _pending(runner: CliRunner, al: str) -> list[tuple[int, int]]:
    """Every hito not done at ``al``, from the plain JSON of ``hdr avance``."""
    data = json.loads(_run(runner, PLAN_LOCAL, "--al", al, "-f", "json")[1])
    pairs = [(c["numero"], h["indice"]) for c in data["compromisos"] for h in c["hitos"]]
    done = {
        (c["numero"], h["indice"]) for c in data["compromisos"] for h in c["hitos"] if h["cumplido"]
    }
    return sorted(p for p in pairs if p not in done)


@pytest.mark.parametrize(("al", "dias"), [(AL, "99999999999"), ("9999-12-30", "30")])
def test_windows_past_the_last_date(runner: CliRunner, al: str, dias: str) -> None:
    """No date comes after 9999-12-31: a window past it lists every pending hito, no error."""
    code, out = _run(runner, PLAN_LOCAL, "--al", al, "--proximos", dias, "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["dias"] == int(dias)
    listed = [(v["compromiso"], v["hito"]) for v in data["vencidos"] + data["proximos"]]
    assert sorted(listed) == _pending(runner, al)
