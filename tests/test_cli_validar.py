"""``hdr validar`` from the command line: formats, exit codes, --explicar."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.core.findings import CODIGOS

from .conftest import COMPROMISO_13, PLAN_LOCAL, imported_modules

AL = "2026-11-21"


def test_examples_pass(runner: CliRunner) -> None:
    for plan in (COMPROMISO_13, PLAN_LOCAL):
        result = runner.invoke(app, ["validar", str(plan), "--al", AL])
        assert result.exit_code == 0, result.output
        assert "0 errores" in result.output


def test_json_matches_contract(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validar", str(PLAN_LOCAL), "--al", AL, "--formato", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == ["formato", "plan", "archivos", "errores", "advertencias", "hallazgos"]
    assert data["formato"] == 1
    assert data["plan"] == "pal-valle-ejemplo"
    assert data["archivos"] == 6
    assert data["errores"] == 0
    assert data["advertencias"] == 1
    (finding,) = data["hallazgos"]
    assert list(finding) == [
        "codigo",
        "severidad",
        "archivo",
        "linea",
        "columna",
        "ruta",
        "lugar",
        "mensaje",
    ]
    assert finding["codigo"] == "hito-vencido"
    assert finding["severidad"] == "advertencia"
    assert finding["archivo"] == "compromisos/03-seguridad-participacion.yaml"
    assert finding["ruta"] == "/hitos/1/termino"
    assert finding["lugar"] == "hito 2 · término"
    lines = (PLAN_LOCAL / finding["archivo"]).read_text(encoding="utf-8").splitlines()
    assert lines[finding["linea"] - 1].strip().startswith("termino:")


def _broken_plan(tmp_path: Path) -> Path:
    dest = tmp_path / "plan"
    shutil.copytree(COMPROMISO_13, dest)
    path = dest / "compromisos" / "13-estrategia-subnacional.yaml"
    text = path.read_text(encoding="utf-8").replace("ponderacion: 25", "ponderacion: 15")
    path.write_text(text, encoding="utf-8")
    return dest


def test_errors_exit_1_and_text_report(runner: CliRunner, tmp_path: Path) -> None:
    plan = _broken_plan(tmp_path)
    result = runner.invoke(app, ["validar", str(plan), "--al", "2020-03-01"])
    assert result.exit_code == 1
    assert "ponderacion-suma" in result.output
    assert "suman 90, deben sumar 100" in result.output
    assert "\x1b[" not in result.output  # no colour codes when not a terminal


def test_estricto_makes_warnings_fail(runner: CliRunner) -> None:
    relaxed = runner.invoke(app, ["validar", str(COMPROMISO_13), "--al", AL])
    strict = runner.invoke(app, ["validar", str(COMPROMISO_13), "--al", AL, "--estricto"])
    assert relaxed.exit_code == 0
    assert strict.exit_code == 1
    assert "hito-vencido" in strict.output


def test_al_before_any_deadline_has_no_warnings(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["validar", str(COMPROMISO_13), "--al", "2020-01-15", "--formato", "json"]
    )
    assert json.loads(result.output)["advertencias"] == 0


def test_github_format(runner: CliRunner, tmp_path: Path) -> None:
    plan = _broken_plan(tmp_path)
    result = runner.invoke(app, ["validar", str(plan), "--al", "2020-03-01", "--formato", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    pattern = r"^::error file=([^,]+),line=(\d+),col=(\d+),title=ponderacion-suma::(.+)$"
    match = re.match(pattern, first)
    assert match, first
    assert match.group(1).endswith("compromisos/13-estrategia-subnacional.yaml")
    # the full text report follows, because GitHub shows only the first annotations
    assert "hdr validar" in result.output


def test_github_chosen_automatically(runner: CliRunner, tmp_path: Path) -> None:
    plan = _broken_plan(tmp_path)
    result = runner.invoke(
        app, ["validar", str(plan), "--al", "2020-03-01"], env={"GITHUB_ACTIONS": "true"}
    )
    assert result.output.startswith("::error ")


def test_github_escapes_newlines_and_commas() -> None:
    from hojaderuta.cli.reporters.findings import _escape_data, _escape_property

    assert _escape_data("a\nb%c") == "a%0Ab%25c"
    assert _escape_property("a,b:c") == "a%2Cb%3Ac"


def test_junit_format(runner: CliRunner, tmp_path: Path) -> None:
    plan = _broken_plan(tmp_path)
    result = runner.invoke(app, ["validar", str(plan), "--al", "2020-03-01", "--formato", "junit"])
    assert result.exit_code == 1
    root = ET.fromstring(result.output.split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert root.get("failures") == "1"
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["ponderacion-suma"]


def test_no_color_env(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["validar", str(COMPROMISO_13), "--al", AL], env={"NO_COLOR": "1", "TERM": "xterm"}
    )
    assert "\x1b[" not in result.output


def test_plan_not_found_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validar", str(tmp_path)])
    assert result.exit_code == 2
    assert "plan.yaml" in result.output


def test_bad_date_option_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validar", str(COMPROMISO_13), "--al", "2020-02-30"])
    assert result.exit_code == 2
    assert "no es una fecha válida" in result.output


@pytest.mark.parametrize("code", sorted(CODIGOS))
def test_explicar_every_code(runner: CliRunner, code: str) -> None:
    """Redirected, the explanation is rendered Markdown without colours: no ``##``, ``**``
    or fences, no trailing spaces, and the YAML examples line by line."""
    from hojaderuta.core.ruledocs import sections

    result = runner.invoke(app, ["validar", "--explicar", code])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith(f"{code}\n\nSeveridad: ")
    assert "\x1b" not in out and "```" not in out and "**" not in out and "## " not in out
    assert all(line == line.rstrip() for line in out.splitlines())
    assert "\n\n\n" not in out
    source = sections()[code]
    example = source.split("```yaml\n", 1)[1].split("```", 1)[0]
    for line in example.splitlines():
        assert line.rstrip() in out  # each example line, whole and in order below
    assert out.index(example.splitlines()[0].strip()) > out.index("Severidad")


def test_explicar_in_a_terminal_has_style(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["validar", "--explicar", "ponderacion-suma"],
        env={"FORCE_COLOR": "1", "TERM": "xterm"},
    )
    assert result.exit_code == 0
    assert "\x1b[1m" in result.output  # bold «Severidad:», not «**Severidad:**»
    assert "**" not in result.output and "```" not in result.output


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["--help"], False),
        (["validar", "--help"], False),
        (["validar", str(COMPROMISO_13), "--al", AL], False),
        (["validar", "--explicar", "esquema"], True),
    ],
)
def test_markdown_loaded_only_for_explicar(args: list[str], loaded: bool) -> None:
    """rich.markdown and markdown-it cost startup time: only --explicar loads them."""
    modules = imported_modules(*args)
    markdown = modules & {"rich.markdown", "markdown_it"}
    assert bool(markdown) is loaded, markdown


def test_explicar_unknown_code_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validar", "--explicar", "ponderacion-sum"])
    assert result.exit_code == 2
    assert "ponderacion-suma" in result.output


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "hojaderuta", "validar", str(COMPROMISO_13), "--al", AL],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "0 errores" in done.stdout


def test_parallel_and_sequential_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large plans are checked by several processes; the result must not change."""
    from hojaderuta.core.validation import check_plan
    from hojaderuta.parallel import PARALLEL_FROM as _PARALLEL_FROM

    from .conftest import generate_corpus

    corpus = generate_corpus(tmp_path / "corpus", _PARALLEL_FROM + 20)
    broken = sorted((corpus / "compromisos").glob("*.yaml"))[7]
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("ponderacion:", "ponderacion: 1 #", 1),
        encoding="utf-8",
    )
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("HDR_PROCESOS", workers)
        check = check_plan(corpus, al=date(2030, 1, 1))
        results[workers] = (check.findings, [(c.archivo, c.data) for c in check.compromisos])
    assert results["1"] == results["2"]
    assert any(f.codigo == "ponderacion-suma" for f in results["1"][0])
