"""hdr importar compares three sides: what the workbook said when exported (its base),
what it says now, and what the file says now. One liaison's out-of-date workbook never
erases another's report; a cell both changed is a conflict, and nothing is written."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

import hojaderuta.cli  # noqa: F401  (registers every command on the app)
from hojaderuta.cli.app import app

from .test_hojas import edit, export, flat, importar, snapshot

ARCHIVO_03 = "compromisos/03-seguridad-participacion.yaml"
URL = "https://datos.valle.example.org/incidencia-por-colonia"


@pytest.fixture
def books(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The two workbooks of commitment 3, one per responsible institution, both sent out."""
    seguridad = export(runner, plan_copy, tmp_path / "seguridad.xlsx", "--institucion", "Seguridad")
    itaive = export(runner, plan_copy, tmp_path / "itaive.xlsx", "--institucion", "ITAIVE")
    return seguridad, itaive


def report_hito_2(book: Path, **more: Any) -> int:
    return edit(
        book, "Hitos", (3, 2),
        cumplido="true", fecha_cumplimiento=date(2026, 8, 20), evidencia=URL, **more,
    )  # fmt: skip


def test_an_old_workbook_does_not_erase_a_newer_report(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    seguridad, itaive = books
    report_hito_2(seguridad)
    code, output = importar(runner, plan_copy, seguridad)
    assert code == 0, output
    assert "Compromiso 3, hito 2: cumplido: true" in flat(output)
    reported = snapshot(plan_copy)
    assert f"evidencia:\n      - {URL}\n" in reported[ARCHIVO_03].decode()
    # The other institution sends its workbook back untouched: it changes nothing.
    code, output = importar(runner, plan_copy, itaive)
    assert code == 0, output
    assert "Sin cambios" in output and "se quita" not in output
    assert snapshot(plan_copy) == reported


def test_what_the_other_workbook_changed_is_applied_and_the_report_stays(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    seguridad, itaive = books
    report_hito_2(seguridad)
    assert importar(runner, plan_copy, seguridad)[0] == 0
    edit(itaive, "Hitos", (3, 2), notas="Revisado por el ITAIVE.")
    code, output = importar(runner, plan_copy, itaive)
    assert code == 0, output
    assert "Compromiso 3, hito 2: notas: Revisado por el ITAIVE." in flat(output)
    text = snapshot(plan_copy)[ARCHIVO_03].decode()
    assert "    cumplido: true\n" in text and f"      - {URL}\n" in text
    assert "      Revisado por el ITAIVE.\n" in text and "Retraso por la migración" not in text


def test_a_cell_both_changed_is_a_conflict_and_nothing_is_written(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    seguridad, itaive = books
    report_hito_2(seguridad, notas="Publicado en agosto.")
    assert importar(runner, plan_copy, seguridad)[0] == 0
    reported = snapshot(plan_copy)
    row = edit(itaive, "Hitos", (3, 2), notas="Pendiente de revisión.")
    edit(itaive, "Actividades", (3, 2, 2), cumplida="true")  # fine alone: not written either
    code, output = importar(runner, plan_copy, itaive)
    text = flat(output)
    assert code == 1, output
    assert "no se cambió ningún archivo" in text
    assert f"Hitos, fila {row}, columna «notas»: conflicto: al exportar decía «Retraso" in text
    assert (
        "el libro dice «Pendiente de revisión.» y el archivo, que alguien cambió después, "
        "dice «Publicado en agosto.»"
    ) in text, output
    assert snapshot(plan_copy) == reported
    # Writing in the cell what the file says resolves it: then only the activity changes.
    edit(itaive, "Hitos", (3, 2), notas="Publicado en agosto.")
    code, output = importar(runner, plan_copy, itaive)
    assert code == 0, output
    assert "Compromiso 3, hito 2, actividad 2: cumplida: true" in flat(output)


def test_the_same_change_on_both_sides_is_no_conflict(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    seguridad, itaive = books
    report_hito_2(seguridad)
    report_hito_2(itaive)
    assert importar(runner, plan_copy, seguridad)[0] == 0
    reported = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, itaive)
    assert code == 0 and "Sin cambios" in output, output
    assert snapshot(plan_copy) == reported


def test_a_file_edited_by_hand_since_the_export_is_compared_cell_by_cell(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    """«hdr marcar» (or an editor) after the export: the same rules as another workbook."""
    seguridad, _ = books
    result = runner.invoke(
        app, ["marcar", "3", "2", "--evidencia", URL, "--fecha", "2026-08-20",
              "--plan", str(plan_copy)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    row = edit(seguridad, "Hitos", (3, 2), cumplido="false")  # a stale «reopen» is no change
    code, output = importar(runner, plan_copy, seguridad)
    assert code == 0 and "Sin cambios" in output, output
    edit(seguridad, "Hitos", (3, 2), cumplido="true", fecha_cumplimiento=date(2026, 8, 1))
    code, output = importar(runner, plan_copy, seguridad)
    assert code == 1, output
    assert (
        f"Hitos, fila {row}, columna «fecha_cumplimiento»: conflicto: al exportar decía vacío"
        in (flat(output))
    )


def test_a_workbook_without_its_base_still_imports_with_a_warning(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    """Workbooks exported before the base existed: compared with the files, as then."""
    seguridad, itaive = books
    wb = openpyxl.load_workbook(itaive)
    del wb["_hdr"]
    wb.save(itaive)
    report_hito_2(seguridad)
    assert importar(runner, plan_copy, seguridad)[0] == 0
    code, output = importar(runner, plan_copy, itaive)
    text = flat(output)
    assert code == 0, output
    assert "no dice qué tenía al exportarse" in text and "exporte de nuevo" in text
    # What the warning is about: the old values overwrite the newer report.
    assert "Compromiso 3, hito 2: cumplido: false, fecha_cumplimiento (se quita)" in text


def test_a_damaged_base_is_exit_2(
    runner: CliRunner, plan_copy: Path, books: tuple[Path, Path]
) -> None:
    seguridad, _ = books
    wb = openpyxl.load_workbook(seguridad)
    wb["_hdr"]["A1"] = "otra cosa"
    wb.save(seguridad)
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, seguridad)
    assert code == 2, output
    assert "«_hdr»" in flat(output) and "exporte el libro de nuevo" in flat(output)
    assert snapshot(plan_copy) == before


def _set_csv(path: Path, key: tuple[str, ...], **cells: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if tuple(row[: len(key)]) == key:
            for name, value in cells.items():
                row[header.index(name)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_csv_exports_carry_their_base_too(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    folders = []
    for who in ("Seguridad", "ITAIVE"):
        folder = tmp_path / who
        result = runner.invoke(
            app, ["exportar", str(plan_copy), "-f", "csv", "-o", str(folder), "--institucion", who]
        )
        assert result.exit_code == 0, result.output
        assert (folder / "_hdr.csv").is_file()
        folders.append(folder)
    hitos = folders[0] / "hitos.csv"
    _set_csv(hitos, ("3", "2"), cumplido="true", fecha_cumplimiento="2026-08-20", evidencia=URL)
    assert importar(runner, plan_copy, hitos)[0] == 0  # one CSV alone finds _hdr.csv beside it
    reported = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, folders[1])
    assert code == 0 and "Sin cambios" in output, output
    assert "no dice qué tenía" not in flat(output)
    assert snapshot(plan_copy) == reported
    _set_csv(folders[1] / "hitos.csv", ("3", "2"), fecha_cumplimiento="2026-08-01")
    code, output = importar(runner, plan_copy, folders[1])
    assert code == 1, output
    assert "hitos.csv, fila" in output and "conflicto: al exportar decía vacío" in flat(output)
    assert snapshot(plan_copy) == reported
