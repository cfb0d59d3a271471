"""The boundary between hdr and the person: Spanish usage errors, exit codes, no tracebacks.

The table of bad invocations is what guards a typer or click upgrade: whatever
those libraries print in English, hdr's own words must come out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import PLAN_LOCAL, git

# Phrases typer/click print in English; none may ever reach a person.
ENGLISH = (
    "No such option",
    "No such command",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "Missing command",
    "Input should be",
    "Got unexpected extra",
    "is not one of",
    "is not a valid",
    "Invalid value",
    "requires an argument",
    "does not take a value",
    "Usage:",
    "for help",
    "Show this message",
    "Aborted",
    "[default:",
    "[required]",
    "Did you mean",
)

PLAN = str(PLAN_LOCAL)

# (arguments, a fragment of the Spanish message that must appear)
BAD = [
    (["validar", "--bogus"], "No existe la opción «--bogus»"),
    (["validar", "--formto", "json"], "¿Quiso decir «--formato»?"),
    (["validar", "-f", "xml", PLAN], "«xml» no es un valor válido para «--formato»"),
    (["validar", "--al", "2021-02-30", PLAN], "no es una fecha válida"),
    (["validar", "--al"], "La opción «--al» necesita un valor"),
    (["validar", "--estricto=3"], "La opción «--estricto» no lleva valor"),
    (["validar", PLAN, "sobra"], "Sobra el argumento «sobra»"),
    (["validar", "--explicar", "no-existe"], "No hay ningún código «no-existe»"),
    (["avance", "--compromiso", "abc", PLAN], "«abc» no es un valor válido para «--compromiso»"),
    (["avance", "--por", "ciudad", PLAN], "una de estas opciones: «institucion», «ods» o «eje»"),
    (["avance", "--formato", "pdf", PLAN], "«pdf» no es un valor válido para «--formato»"),
    (["avance", "-c"], "La opción «-c» necesita un valor"),
    (["avance", "-c", "1", "--por", "ods", PLAN], "Use --compromiso o --por"),
    (["historial", "--formato", "xml"], "«xml» no es un valor válido"),
    (["historial", "a", "b"], "Sobra el argumento «b»"),
    (["cambios", "--formato", "csv"], "«csv» no es un valor válido"),
    (["iniciar", "--ambito", "regional"], "«regional» no es un valor válido para «--ambito»"),
    (["iniciar", "--inicio", "ayer"], "«ayer» no es una fecha válida para --inicio"),
    (["nuevo", "--numero", "x"], "«x» no es un valor válido para «--numero»"),
    (["marcar"], "Falta el argumento N"),
    (["marcar", "1"], "Falta el argumento HITO"),
    (["marcar", "1", "2", "3", "4"], "Sobran los argumentos «3» «4»"),
    (["marcar", "uno", "2"], "«uno» no es un valor válido para «N»: debe ser un número entero"),
    (["marcar", "1", "2", "--fecha", "2021-99-01", "--plan", PLAN], "no es una fecha válida"),
    (["verificar", "1", "2"], "Falta la opción «--por»"),
    (["esquema", "otro"], "«otro» no es un valor válido para «TIPO»"),
    (["esquema", "plan", "extra"], "Sobra el argumento «extra»"),
    (["exportar", "--formato", "ods"], "«ods» no es un valor válido"),
    (["exportar", "--institucion"], "La opción «--institucion» necesita un valor"),
    (["importar"], "Falta el argumento ARCHIVO"),
    (["importar", "no-existe.xlsx", "--plan", PLAN], "No existe «no-existe.xlsx»"),
    (["publicar", "--cortes"], "La opción «--cortes» necesita un valor"),
    (["reporte", "--formato", "pdf"], "«pdf» no es un valor válido"),
    (["reporte", "-c", "x"], "«x» no es un valor válido para «--compromiso»"),
    (["valdar"], "No existe el comando «valdar». ¿Quiso decir «validar»?"),
    (["--bogus"], "No existe la opción «--bogus»"),
    (["--depurar"], "Falta el comando"),
    (["nuevo", "--nombre", "x\udcff", "--numero", "9"], "no es texto UTF-8 válido"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_invocation_is_spanish_usage_error(args: list[str], fragment: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert fragment in flat
    assert "Error:" in result.output
    for phrase in ENGLISH:
        assert phrase not in result.output, phrase
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_usage_errors_show_the_usage_line() -> None:
    result = CliRunner().invoke(app, ["marcar", "1"])
    assert "Uso: hdr marcar [OPCIONES] N HITO" in result.output
    assert "Para ver la ayuda: hdr marcar --help" in result.output


def test_no_arguments_prints_help() -> None:
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "Uso: hdr [OPCIONES] COMANDO" in result.output
    assert "Códigos de salida" in result.output


def test_help_lists_exit_codes_and_depurar() -> None:
    flat = " ".join(CliRunner().invoke(app, ["--help"]).output.split())
    assert "3 error interno de hdr" in flat
    assert "--depurar" in flat


def _boom(*_: object, **__: object) -> None:
    raise RuntimeError("falla provocada por la prueba")


def test_internal_error_exit_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HDR_DEPURAR", raising=False)
    monkeypatch.setattr("hojaderuta.checks.validate_plan", _boom)
    result = CliRunner().invoke(app, ["validar", PLAN])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    flat = " ".join(result.output.split())
    assert "Error interno de hdr (RuntimeError)" in flat
    assert "hdr --depurar" in flat
    assert "github.com/hojaderuta/hdr/issues" in flat


@pytest.mark.parametrize("how", ["opcion", "variable"])
def test_internal_error_traceback_when_debugging(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    monkeypatch.setattr("hojaderuta.checks.validate_plan", _boom)
    if how == "variable":
        monkeypatch.setenv("HDR_DEPURAR", "1")
        args = ["validar", PLAN]
    else:
        monkeypatch.delenv("HDR_DEPURAR", raising=False)
        args = ["--depurar", "validar", PLAN]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output
    assert "falla provocada por la prueba" in result.output


def test_real_process_internal_error(tmp_path: Path) -> None:
    """Through the installed entry point: a real process, a real exit status."""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    # A sitecustomize breaks a library function: a defect, as hdr would meet one.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import hojaderuta.checks as v\n"
        "def _boom(*a, **k):\n    raise KeyError('x')\n"
        "v.validate_plan = _boom\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(hook), "HDR_DEPURAR": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "hojaderuta", "validar", str(plan)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "Error interno de hdr (KeyError)" in " ".join(done.stderr.split())


# --- the reproductions of the issue: each one used to end in a traceback --------------


def test_report_to_missing_folder_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "no-existe" / "sub" / "x.md"
    target.parent.parent.write_text("soy un archivo", encoding="utf-8")  # can't mkdir below
    result = CliRunner().invoke(app, ["reporte", PLAN, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "No se pudo escribir" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_report_to_proc_is_exit_2() -> None:
    if not Path("/proc").is_dir():
        pytest.skip("sin /proc")
    result = CliRunner().invoke(app, ["reporte", PLAN, "-o", "/proc/nope/x.md"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(PLAN_LOCAL, dest)
    git(dest, "init", "-q")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", "Plan")
    git(dest, "tag", "v1")
    return dest


@pytest.mark.parametrize(
    "args",
    [
        ["avance", "--en", "HEAD^{tree}"],
        ["avance", "--en", "HEAD..v1"],
        ["cambios", "--desde", "HEAD..v1"],
        ["cambios", "--desde", "HEAD^{tree}"],
        ["validar", "--linea-base", "HEAD..v1"],
    ],
)
def test_refs_that_are_not_commits(repo: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, str(repo)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"«{args[-1]}»" in result.output  # the message names what was asked


def test_plan_ending_in_year_9999(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    lines = [
        "  fin: 9999-12-31" if line.startswith("  fin:") else line for line in text.splitlines()
    ]
    (plan / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = CliRunner().invoke(app, ["publicar", str(plan), "-o", str(tmp_path / "sitio")])
    assert site.exit_code == 0, site.output
    html = CliRunner().invoke(app, ["reporte", str(plan), "--formato", "html"])
    assert html.exit_code == 0, html.output
    page = next((tmp_path / "sitio" / "compromisos").glob("*.html")).read_text(encoding="utf-8")
    assert "9999" in page or "ene" in page  # the calendar was drawn, with its labels


def test_commitment_name_not_utf8(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    folder = plan / "compromisos"
    # A name with a byte that is not UTF-8, as a Latin-1 file system would leave it.
    (folder / "05-presupuesto-participativo.yaml").rename(
        folder / os.fsdecode(b"05-presupuesto-\xff.yaml")
    )
    checked = CliRunner().invoke(app, ["validar", "-f", "json", str(plan)])
    assert checked.exit_code == 1
    assert "compromisos/05-presupuesto-\\\\xff.yaml" in checked.output  # visible, in JSON
    for args in (
        ["publicar", str(plan), "-o", str(tmp_path / "sitio")],
        ["exportar", str(plan), "--formato", "csv", "-o", str(tmp_path / "csv")],
        ["avance", str(plan), "--formato", "csv"],
        ["reporte", str(plan)],
    ):
        result = CliRunner().invoke(app, args)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output


def test_truncated_workbook_is_exit_2(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    book = tmp_path / "libro.xlsx"
    exported = CliRunner().invoke(app, ["exportar", str(plan), "-o", str(book)])
    assert exported.exit_code == 0, exported.output
    damaged = tmp_path / "dañado.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # XML cut in the middle
            dst.writestr(info, data)
    cut = tmp_path / "cortado.xlsx"
    cut.write_bytes(book.read_bytes()[:2000])
    for path in (damaged, cut):
        result = CliRunner().invoke(app, ["importar", str(path), "--plan", str(plan)])
        assert result.exit_code == 2, result.output
        assert "no es un libro de Excel (.xlsx) que se pueda leer" in " ".join(
            result.output.split()
        )
        assert "Traceback" not in result.output
