"""Migrating a whole plan through a spreadsheet: hdr exportar --plantilla / --completo and
hdr importar --nuevos [--borrador]."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

import hojaderuta.cli  # noqa: F401  (registers every command on the app)
from hojaderuta.cli.app import app
from hojaderuta.core.loading import load_file
from hojaderuta.sheets.fullspec import FULL_SHEETS

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT

SHEETS = ["Compromisos", "Personas", "Hitos", "Actividades", "Agenda 2030", "Modificaciones"]


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def commitments(plan: Path) -> dict[int, Any]:
    """numero -> the loaded data of each commitment file."""
    out = {}
    for path in sorted((plan / "compromisos").glob("*.yaml")):
        doc = load_file(path, path.name)
        assert doc.loaded, path
        out[doc.data["numero"]] = doc.data
    return out


def files(plan: Path) -> dict[str, bytes]:
    return {
        p.relative_to(plan).as_posix(): p.read_bytes()
        for p in plan.rglob("*")
        if p.is_file() and ".hdr" not in p.parts
    }


def empty_copy(source: Path, dest: Path) -> Path:
    """The same plan (plan.yaml, evidence) with no commitment files."""
    shutil.copytree(source, dest)
    for path in (dest / "compromisos").glob("*.yaml"):
        path.unlink()
    return dest


def set_cell(book: Path, sheet: str, row: int, column: str, value: Any) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1).value = value
    wb.save(book)


@pytest.fixture
def completo(runner: CliRunner, tmp_path: Path) -> Path:
    book = tmp_path / "completo.xlsx"
    code, out = run(runner, "exportar", str(PLAN_LOCAL), "--completo", "--salida", str(book))
    assert code == 0, out
    return book


def test_plantilla_has_every_field_and_instructions(runner: CliRunner, tmp_path: Path) -> None:
    book = tmp_path / "plantilla.xlsx"
    code, out = run(runner, "exportar", str(PLAN_LOCAL), "--plantilla", "--salida", str(book))
    assert code == 0, out
    assert "Plantilla escrita" in out
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [*SHEETS, "Instrucciones"]
    headers = {name: [str(c.value) for c in wb[name][1]] for name in SHEETS}
    assert all(wb[name].max_row == 1 for name in SHEETS)  # blank: only the headers
    # Every key of the format has its column (objects with dots) or its own sheet.
    schema = json.loads((ROOT / "schemas/compromiso.schema.json").read_text(encoding="utf-8"))
    top = set(schema["properties"]) - {"responsables", "corresponsables", "hitos"}
    top -= {"agenda_2030", "modificaciones"}
    columns = {h.split(".")[0] for h in headers["Compromisos"]}
    assert top <= columns
    hito = set(schema["definitions"]["hito"]["properties"]) - {"actividades"}
    assert hito <= {h.split(".")[0] for h in headers["Hitos"]}
    assert set(schema["definitions"]["persona"]["properties"]) <= set(headers["Personas"])
    notes = "\n".join(str(c.value) for (c,) in wb["Instrucciones"].iter_rows())
    title = schema["properties"]["problematica"]["title"]
    assert f"problematica: {title}" in notes
    assert "responsable.correo" in notes


@pytest.mark.parametrize("example", [PLAN_LOCAL, COMPROMISO_13], ids=["local", "13"])
def test_round_trip_reproduces_the_data(runner: CliRunner, tmp_path: Path, example: Path) -> None:
    book = tmp_path / "completo.xlsx"
    code, out = run(runner, "exportar", str(example), "--completo", "--salida", str(book))
    assert code == 0, out
    plan = empty_copy(example, tmp_path / "nuevo")
    code, out = run(runner, "importar", str(book), "--nuevos", "--plan", str(plan))
    assert code == 0, out
    assert commitments(plan) == commitments(example)
    names = sorted(p.name for p in (plan / "compromisos").glob("*.yaml"))
    assert all(name[:3] in {f"{n:02d}-" for n in commitments(example)} for name in names)
    code, out = run(runner, "validar", str(plan))
    assert code in (0, 1), out
    assert "ERROR" not in out


def test_never_overwrites_a_number_or_a_file(
    runner: CliRunner, plan_copy: Path, completo: Path
) -> None:
    before = files(plan_copy)
    code, out = run(runner, "importar", str(completo), "--nuevos", "--plan", str(plan_copy))
    assert code == 1
    assert "Compromisos, fila 2, columna «numero»: el compromiso 1 ya existe" in out
    assert "no se cambió ningún archivo" in out
    assert files(plan_copy) == before


def test_missing_required_value_is_refused_then_drafted(
    runner: CliRunner, tmp_path: Path, completo: Path
) -> None:
    plan = empty_copy(PLAN_LOCAL, tmp_path / "nuevo")
    set_cell(completo, "Compromisos", 2, "problematica", None)
    set_cell(completo, "Hitos", 3, "responsable.correo", "")
    before = files(plan)
    code, out = run(runner, "importar", str(completo), "--nuevos", "--plan", str(plan))
    assert code == 1
    assert "Compromisos, fila 2, columna «problematica»: falta un valor obligatorio" in out
    assert "Hitos, fila 3, columna «responsable.correo»: falta un valor obligatorio" in out
    assert files(plan) == before
    code, out = run(
        runner, "importar", str(completo), "--nuevos", "--borrador", "--plan", str(plan)
    )
    assert code == 0, out
    data = commitments(plan)[1]
    assert data["problematica"].startswith("COMPLETAR")
    assert data["hitos"][1]["responsable"]["correo"].startswith("COMPLETAR")
    code, out = run(runner, "validar", str(plan))
    assert code == 1
    assert "plantilla-sin-llenar" in out


def test_draft_of_a_bare_commitment(runner: CliRunner, tmp_path: Path) -> None:
    """Only a number and a name: every other required box is COMPLETAR, in the schema's order."""
    book = tmp_path / "plantilla.xlsx"
    run(runner, "exportar", str(COMPROMISO_13), "--plantilla", "--salida", str(book))
    set_cell(book, "Compromisos", 2, "numero", 7)
    set_cell(book, "Compromisos", 2, "nombre", "Datos abiertos")
    plan = empty_copy(COMPROMISO_13, tmp_path / "nuevo")
    code, out = run(runner, "importar", str(book), "--nuevos", "--plan", str(plan))
    assert code == 1
    assert "no se cambió ningún archivo" in out
    code, out = run(runner, "importar", str(book), "--nuevos", "--borrador", "--plan", str(plan))
    assert code == 0, out
    created = plan / "compromisos/07-datos-abiertos.yaml"
    data = load_file(created, created.name).data
    assert list(data)[:4] == ["numero", "nombre", "responsables", "corresponsables"]
    assert data["hitos"][0]["ponderacion"].startswith("COMPLETAR")
    code, out = run(runner, "validar", str(plan), "--formato", "json")
    codes = {f["codigo"] for f in json.loads(out)["hallazgos"] if f["severidad"] == "error"}
    assert codes == {"plantilla-sin-llenar"}


def test_rows_that_cannot_be_placed(runner: CliRunner, tmp_path: Path, completo: Path) -> None:
    set_cell(completo, "Hitos", 2, "ponderacion", "mucho")
    set_cell(completo, "Actividades", 2, "hito", 9)
    set_cell(completo, "Personas", 2, "papel", "jefe")
    set_cell(completo, "Agenda 2030", 2, "compromiso", 99)
    plan = empty_copy(PLAN_LOCAL, tmp_path / "nuevo")
    code, out = run(runner, "importar", str(completo), "--nuevos", "--plan", str(plan))
    assert code == 1
    assert "Hitos, fila 2, columna «ponderacion»: «mucho» no es un número." in out
    assert "Actividades, fila 2, columna «hito»: el compromiso 1 no tiene ese hito" in out
    assert "Personas, fila 2, columna «papel»: escriba responsables o corresponsables." in out
    assert "Agenda 2030, fila 2, columna «compromiso»: no hay compromiso 99" in out
    assert not list((plan / "compromisos").glob("*.yaml"))


def test_rule_findings_point_at_rows(runner: CliRunner, tmp_path: Path, completo: Path) -> None:
    set_cell(completo, "Hitos", 2, "ponderacion", 10)  # commitment 1 no longer sums 100
    set_cell(completo, "Personas", 2, "correo", "no-es-correo")
    plan = empty_copy(PLAN_LOCAL, tmp_path / "nuevo")
    code, out = run(runner, "importar", str(completo), "--nuevos", "--plan", str(plan))
    assert code == 1
    assert "Personas, fila 2, columna «correo»: El correo «no-es-correo»" in out
    assert "[correo-invalido]" in out
    assert "Hitos: Las ponderaciones de los hitos suman 85" in out
    assert "[ponderacion-suma] (compromiso 1)" in out
    assert not list((plan / "compromisos").glob("*.yaml"))


def test_the_two_workbooks_are_not_mixed_up(
    runner: CliRunner, plan_copy: Path, tmp_path: Path, completo: Path
) -> None:
    progress = tmp_path / "avance.xlsx"
    code, out = run(runner, "exportar", str(PLAN_LOCAL), "--salida", str(progress))
    assert code == 0, out
    code, out = run(runner, "importar", str(progress), "--nuevos", "--plan", str(plan_copy))
    assert code == 2
    assert "es un libro de avance" in out
    code, out = run(runner, "importar", str(completo), "--plan", str(plan_copy))
    assert code == 2
    assert "se importa con --nuevos" in out
    code, out = run(runner, "importar", str(completo), "--borrador", "--plan", str(plan_copy))
    assert code == 2
    assert "--borrador va con --nuevos" in out
    code, out = run(runner, "exportar", str(PLAN_LOCAL), "--plantilla", "--formato", "csv")
    assert code == 2
    assert "no se combinan con --formato csv" in out


def test_simulation_writes_nothing(runner: CliRunner, tmp_path: Path, completo: Path) -> None:
    plan = empty_copy(PLAN_LOCAL, tmp_path / "nuevo")
    before = files(plan)
    code, out = run(runner, "importar", str(completo), "--nuevos", "--simular", "--plan", str(plan))
    assert code == 0, out
    assert "Simulación: se crearían 5 compromisos nuevos" in out
    assert "+numero: 1" in out
    assert files(plan) == before


def test_columns_are_the_format_keys() -> None:
    hitos = [c.name for c in FULL_SHEETS["Hitos"]]
    assert "verificado.por" in hitos and "responsable.institucion" in hitos


def test_an_ods_without_targets_stays_without(runner: CliRunner, tmp_path: Path) -> None:
    """``metas: []`` is allowed (with a warning): the empty cell brings it back empty."""
    source = tmp_path / "origen"
    shutil.copytree(COMPROMISO_13, source)
    path = next((source / "compromisos").glob("*.yaml"))
    text = path.read_text(encoding="utf-8").replace('metas: ["17.14", "17.16"]', "metas: []")
    path.write_text(text, encoding="utf-8")
    book = tmp_path / "completo.xlsx"
    code, out = run(runner, "exportar", str(source), "--completo", "--salida", str(book))
    assert code == 0, out
    plan = empty_copy(COMPROMISO_13, tmp_path / "nuevo")
    code, out = run(runner, "importar", str(book), "--nuevos", "--plan", str(plan))
    assert code == 0, out
    assert commitments(plan)[13]["agenda_2030"][2] == {"ods": 17, "metas": []}
    assert commitments(plan) == commitments(source)
