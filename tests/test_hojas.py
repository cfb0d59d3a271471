"""hdr exportar / hdr importar: spreadsheets that go to the institutions and come back."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

import hojaderuta.cli  # noqa: F401  (registers every command on the app)
from hojaderuta.cli.app import app

from .conftest import imported_modules, require_tool

ARCHIVO_02 = "compromisos/02-residuos-gestion-abierta.yaml"
ARCHIVO_01 = "compromisos/01-movilidad-datos-abiertos.yaml"
IDS = {
    "Compromisos": ("numero",),
    "Hitos": ("compromiso", "hito"),
    "Actividades": ("compromiso", "hito", "indice"),
}
URL = "https://residuos.valle.example.org/plataforma"
MINUTA = "evidencias/minuta-instalacion-mesa-residuos.md"


def snapshot(plan: Path) -> dict[str, bytes]:
    """The plan's files; not hdr's working folder .hdr/ (its lock), which git ignores."""
    files = (p for p in plan.rglob("*") if p.is_file())
    return {p.relative_to(plan).as_posix(): p.read_bytes() for p in files if ".hdr" not in p.parts}


def flat(text: str) -> str:
    return " ".join(text.split())


def export(runner: CliRunner, plan: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["exportar", str(plan), "--salida", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def importar(runner: CliRunner, plan: Path, book: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["importar", str(book), "--plan", str(plan), *args])
    return result.exit_code, result.output


def sheet_rows(ws: Worksheet) -> list[dict[str, Any]]:
    header = [str(c.value) for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def edit(book: Path, sheet: str, key: tuple[int, ...], **cells: Any) -> int:
    """Set cells of the row with identifiers ``key``, as a person would; its row number."""
    wb = openpyxl.load_workbook(book)
    for row in sheet_rows(wb[sheet]):
        if tuple(row[name].value for name in IDS[sheet]) == key:
            for name, value in cells.items():
                row[name].value = value
            wb.save(book)
            return int(row[IDS[sheet][0]].row)
    raise AssertionError(f"no hay fila {key} en {sheet}")


@pytest.fixture
def book(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> Path:
    return export(runner, plan_copy, tmp_path / "avance.xlsx")


# --- Export ------------------------------------------------------------------------------


def test_workbook_layout(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Compromisos", "Hitos", "Actividades", "Instrucciones", "_hdr"]
    assert wb["_hdr"].sheet_state == "veryHidden"  # the base of the three-way import
    assert wb.properties.identifier == "pal-valle-ejemplo"
    compromisos = sheet_rows(wb["Compromisos"])
    assert [r["numero"].value for r in compromisos] == [1, 2, 3, 4, 5]
    assert compromisos[0]["avance"].value == 100
    ws = wb["Hitos"]
    assert [c.value for c in ws[1]][:2] == ["compromiso", "hito"]
    assert ws.freeze_panes == "C2"
    assert ws.protection.sheet and not ws.protection.password
    assert ws.column_dimensions["C"].width == 45
    hitos = sheet_rows(ws)
    assert len(hitos) == 16 and len(sheet_rows(wb["Actividades"])) == 31
    first = hitos[0]
    # Agreed cells: locked and grey; reporting cells: open to edit.
    assert first["nombre"].protection.locked and first["nombre"].fill.fgColor.rgb.endswith("E7E6E6")
    assert not first["cumplido"].protection.locked
    assert not first["evidencia"].protection.locked
    assert first["cumplido"].value == "true"
    assert first["fecha_cumplimiento"].value == datetime(2026, 4, 24)
    assert first["fecha_cumplimiento"].number_format == "yyyy-mm-dd"
    assert first["inicio"].value == datetime(2026, 2, 1)
    two = hitos[1]["evidencia"].value
    assert two.split("\n") == [
        "https://datos.valle.example.org/conjuntos/transporte-publico-gtfs",
        "https://datos.valle.example.org/conjuntos/transporte-publico-gtfs/diccionario-de-datos.csv",
    ]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    cumplido = next(c.column_letter for c in ws[1] if c.value == "cumplido")
    assert rules[f"{cumplido}2:{cumplido}17"].formula1 == '"true,false"'
    assert any(dv.type == "date" for dv in rules.values())


def test_export_refuses_to_overwrite(runner: CliRunner, plan_copy: Path, book: Path) -> None:
    before = book.read_bytes()
    result = runner.invoke(app, ["exportar", str(plan_copy), "--salida", str(book)])
    assert result.exit_code == 2
    assert "--forzar" in flat(result.output)
    assert book.read_bytes() == before
    export(runner, plan_copy, book, "--forzar")


def test_institucion_filter(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    def numbers(out: Path, sheet: str) -> list[tuple[int, ...]]:
        ws = openpyxl.load_workbook(out)[sheet]
        return [tuple(r[n].value for n in IDS[sheet]) for r in sheet_rows(ws)]

    out = export(runner, plan_copy, tmp_path / "s.xlsx", "--institucion", "SEGURIDAD ciudadana")
    assert numbers(out, "Compromisos") == [(3,)]
    out = export(runner, plan_copy, tmp_path / "i.xlsx", "--institucion", "itaive")
    assert numbers(out, "Compromisos") == [(1,), (3,)]  # responsible in both
    assert len(numbers(out, "Hitos")) == 6
    # An institution in charge of only some hitos gets only those.
    path = plan_copy / "compromisos/03-seguridad-participacion.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "      institucion: Secretaría de Seguridad Ciudadana de Valle Ejemplo",
            "      institucion: Instituto Municipal de Estadística",
        ),
        encoding="utf-8",
    )
    out = export(runner, plan_copy, tmp_path / "e.xlsx", "--institucion", "estadistica")
    assert numbers(out, "Compromisos") == [(3,)]
    assert numbers(out, "Hitos") == [(3, 2), (3, 3)]
    assert {k[:2] for k in numbers(out, "Actividades")} == {(3, 2), (3, 3)}
    result = runner.invoke(app, ["exportar", str(plan_copy), "--institucion", "Ministerio"])
    assert result.exit_code == 2
    assert "Ninguna institución responsable contiene «Ministerio»" in flat(result.output)


# --- Import ------------------------------------------------------------------------------


def test_unchanged_workbook_changes_no_byte(runner: CliRunner, plan_copy: Path, book: Path) -> None:
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    assert "Sin cambios" in output
    assert snapshot(plan_copy) == before


def test_import_reports_a_hito_and_an_activity(
    runner: CliRunner, plan_copy: Path, book: Path
) -> None:
    before = snapshot(plan_copy)
    edit(
        book, "Hitos", (2, 3),
        cumplido="true", fecha_cumplimiento=date(2026, 10, 15), evidencia=f"{URL}\n{MINUTA}",
        verificado_por="Valeria Ortiz Ramos", verificado_fecha=date(2026, 10, 20),
        notas="Plataforma en operación.",
    )  # fmt: skip
    edit(book, "Actividades", (2, 3, 2), cumplida="true")
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    assert "Compromiso 2, hito 3: cumplido: true, fecha_cumplimiento: 2026-10-15" in flat(output)
    old = before[ARCHIVO_02].decode()
    activity = "      - actividad: Desarrollar y probar la plataforma con personas usuarias.\n"
    last = "      - actividad: Publicar mensualmente las estadísticas de atención de reportes.\n"
    expected = old.replace(activity, activity + "        cumplida: true\n").replace(
        last,
        last
        + "    cumplido: true\n"
        + "    fecha_cumplimiento: 2026-10-15\n"
        + "    evidencia:\n"
        + f"      - {URL}\n"
        + f"      - {MINUTA}\n"
        + "    verificado:\n"
        + "      por: Valeria Ortiz Ramos\n"
        + "      fecha: 2026-10-20\n"
        + "    notas: Plataforma en operación.\n",
    )
    after = snapshot(plan_copy)
    assert after[ARCHIVO_02] == expected.encode()
    assert {k: v for k, v in after.items() if k != ARCHIVO_02} == {
        k: v for k, v in before.items() if k != ARCHIVO_02
    }
    # Exporting again and importing that changes nothing: the round trip is stable.
    again = export(runner, plan_copy, book.with_name("otra.xlsx"))
    code, output = importar(runner, plan_copy, again)
    assert code == 0 and "Sin cambios" in output
    assert snapshot(plan_copy) == after


def test_import_equals_marcar(
    runner: CliRunner, plan_copy: Path, book: Path, tmp_path: Path
) -> None:
    """Reporting through the workbook writes exactly what «hdr marcar» would."""
    other = tmp_path / "otro"
    shutil.copytree(plan_copy, other)
    # Reopen hito 1 of commitment 1 (keeps the evidence) and report hito 3 of commitment 2.
    edit(book, "Hitos", (1, 1), cumplido="false", fecha_cumplimiento=None,
         verificado_por=None, verificado_fecha=None)  # fmt: skip
    edit(book, "Hitos", (2, 3), cumplido=True, fecha_cumplimiento="2026-10-15", evidencia=URL)
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    for args in (
        ["marcar", "1", "1", "--reabrir"],
        ["marcar", "2", "3", "--evidencia", URL, "--fecha", "2026-10-15"],
    ):
        result = runner.invoke(app, [*args, "--plan", str(other)])
        assert result.exit_code == 0, result.output
    assert snapshot(plan_copy) == snapshot(other)


@pytest.mark.parametrize(
    ("sheet", "key", "cells", "column", "message"),
    [
        ("Hitos", (1, 1), {"compromiso": 9}, "compromiso",
         "no hay un compromiso con número 9 (hay: 1, 2, 3, 4, 5)"),
        ("Hitos", (2, 4), {"hito": 5}, "hito", "el compromiso 2 tiene 4 hitos; no hay hito 5"),
        ("Actividades", (1, 1, 2), {"indice": 3}, "indice",
         "el hito 1 del compromiso 1 tiene 2 actividades; no hay actividad 3"),
        ("Hitos", (2, 4), {"fecha_cumplimiento": "2020-13-01"}, "fecha_cumplimiento",
         "«2020-13-01» no es una fecha"),
        ("Hitos", (2, 4), {"cumplido": "true", "fecha_cumplimiento": date(2026, 10, 1)},
         "evidencia", "marcado como cumplido y no tiene evidencia"),
        ("Hitos", (2, 4), {"cumplido": "true", "evidencia": URL}, "fecha_cumplimiento",
         "escriba la fecha en que se cumplió"),
        ("Hitos", (2, 3), {"cumplido": "true", "evidencia": URL,
                           "fecha_cumplimiento": date.today() + timedelta(days=30)},
         "fecha_cumplimiento", "[fecha-cumplimiento-futura]"),
        ("Hitos", (2, 3), {"cumplido": "true", "evidencia": "evidencias/no-existe.pdf",
                           "fecha_cumplimiento": date(2026, 10, 1)},
         "evidencia", "[evidencia-no-encontrada]"),
        ("Hitos", (2, 3), {"cumplido": "true", "evidencia": "javascript:alert(1)",
                           "fecha_cumplimiento": date(2026, 10, 1)},
         "evidencia", "[url-invalida]"),
        ("Hitos", (2, 3), {"verificado_por": "Valeria Ortiz Ramos"}, "verificado_fecha",
         "van juntos"),
        ("Hitos", (2, 2), {"cumplido": "false"}, "verificado_por", "[verificado-sin-cumplido]"),
        ("Actividades", (2, 3, 2), {"cumplida": "quizá"}, "cumplida",
         "«quizá» no es true ni false"),
        ("Hitos", (2, 3), {"notas": True}, "notas", "no es un texto"),
    ],
)  # fmt: skip
def test_one_bad_row_changes_nothing(
    runner: CliRunner,
    plan_copy: Path,
    book: Path,
    sheet: str,
    key: tuple[int, ...],
    cells: dict[str, Any],
    column: str,
    message: str,
) -> None:
    # A good row too: it must not be written either.
    edit(book, "Actividades", (2, 3, 3), cumplida="true")
    row = edit(book, sheet, key, **cells)
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book)
    text = flat(output)
    assert code == 1, output
    assert "no se cambió ningún archivo" in text
    assert f"{sheet}, fila {row}, columna «{column}»: " in text, output
    assert message in text, output
    assert snapshot(plan_copy) == before


def test_unreadable_agreed_cell_is_only_a_warning(
    runner: CliRunner, plan_copy: Path, book: Path
) -> None:
    edit(book, "Hitos", (2, 1), ponderacion="mucho")
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    assert "Hitos, fila 5, columna «ponderacion»: «mucho» no es un número" in flat(output)
    assert snapshot(plan_copy) == before
    code, output = importar(runner, plan_copy, book, "--todo")
    assert code == 1, output
    assert snapshot(plan_copy) == before


def test_simular_prints_a_diff_and_writes_nothing(
    runner: CliRunner, plan_copy: Path, book: Path
) -> None:
    edit(book, "Actividades", (2, 3, 2), cumplida="sí")
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book, "--simular")
    assert code == 0, output
    assert f"--- a/{ARCHIVO_02}\n+++ b/{ARCHIVO_02}\n" in output
    assert "+        cumplida: true\n" in output
    assert "no se escribió nada" in flat(output)
    assert snapshot(plan_copy) == before


def test_agreed_columns_only_with_todo(runner: CliRunner, plan_copy: Path, book: Path) -> None:
    edit(book, "Hitos", (1, 1), termino=date(2026, 5, 15))
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    assert "columna «termino»: cambió («2026-04-30» → «2026-05-15»)" in flat(output)
    assert "use --todo" in flat(output)
    assert snapshot(plan_copy) == before
    code, output = importar(runner, plan_copy, book, "--todo")
    assert code == 0, output
    assert "ATENCIÓN: --todo aplica también" in flat(output)
    assert "modificaciones" in flat(output)
    old = before[ARCHIVO_01].decode()
    assert old.count("    termino: 2026-04-30\n") == 1
    expected = old.replace("    termino: 2026-04-30\n", "    termino: 2026-05-15\n")
    assert (plan_copy / ARCHIVO_01).read_bytes() == expected.encode()


def test_todo_weights_must_still_sum_100(runner: CliRunner, plan_copy: Path, book: Path) -> None:
    edit(book, "Hitos", (1, 1), ponderacion=30)
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book, "--todo")
    assert code == 1
    assert f"{ARCHIVO_01}:" in output and "[ponderacion-suma]" in flat(output)
    assert snapshot(plan_copy) == before


def test_compromisos_sheet_is_only_information(
    runner: CliRunner, plan_copy: Path, book: Path
) -> None:
    edit(book, "Compromisos", (1,), nombre="Otro nombre", avance=0, estado="cualquiera")
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book, "--todo")
    assert code == 0, output
    assert "Compromisos, fila 2, columna «nombre»: cambió" in flat(output)
    assert "cámbielo en el archivo" in flat(output)
    assert "columna «avance»" not in flat(output)
    assert snapshot(plan_copy) == before


def test_text_that_looks_like_a_formula_stays_text(
    runner: CliRunner, plan_copy: Path, tmp_path: Path
) -> None:
    path = plan_copy / ARCHIVO_01
    text = path.read_text(encoding="utf-8")
    formula = "    notas: '=SUMA(A1:A3) es el total'\n"
    path.write_text(re.sub(r"    notas: >-\n(?:      .*\n)+", formula, text, count=1), "utf-8")
    assert formula in path.read_text(encoding="utf-8")
    book = export(runner, plan_copy, tmp_path / "f.xlsx")
    notas = sheet_rows(openpyxl.load_workbook(book)["Hitos"])[1]["notas"]
    assert notas.value == "=SUMA(A1:A3) es el total" and notas.data_type == "s"
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, book)
    assert code == 0 and "Sin cambios" in output, output
    assert snapshot(plan_copy) == before


def test_dates_as_text_or_datetime(runner: CliRunner, plan_copy: Path, book: Path) -> None:
    edit(book, "Hitos", (2, 3), cumplido="VERDADERO", evidencia=f"{URL} ; {MINUTA}",
         fecha_cumplimiento=datetime(2026, 10, 15, 0, 0))  # fmt: skip
    code, output = importar(runner, plan_copy, book)
    assert code == 0, output
    text = (plan_copy / ARCHIVO_02).read_text(encoding="utf-8")
    assert (
        f"    fecha_cumplimiento: 2026-10-15\n    evidencia:\n      - {URL}\n      - {MINUTA}\n"
        in text
    )


def test_usage_errors(runner: CliRunner, plan_copy: Path, book: Path, tmp_path: Path) -> None:
    code, output = importar(runner, plan_copy, tmp_path / "no-existe.xlsx")
    assert code == 2 and "No existe" in output
    fake = tmp_path / "falso.xlsx"
    fake.write_text("no soy un libro", encoding="utf-8")
    code, output = importar(runner, plan_copy, fake)
    assert code == 2 and "no es un libro de Excel" in flat(output)
    wb = openpyxl.load_workbook(book)
    wb.properties.identifier = "otro-plan"
    wb.save(book)
    code, output = importar(runner, plan_copy, book)
    assert code == 2 and "se exportó del plan «otro-plan»" in flat(output)


# --- CSV ---------------------------------------------------------------------------------


def test_csv_export_and_import(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "hojas"
    result = runner.invoke(
        app, ["exportar", str(plan_copy), "--formato", "csv", "--salida", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "_hdr.csv",  # the base of the three-way import
        "actividades.csv",
        "compromisos.csv",
        "hitos.csv",
    ]
    raw = (folder / "hitos.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcompromiso,hito,nombre,")  # a BOM: Excel reads UTF-8
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, folder)
    assert code == 0 and "Sin cambios" in output
    assert snapshot(plan_copy) == before

    # Spanish-locale Excel saves with «;» and writes VERDADERO.
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[:2] == ["2", "3"]:
            row[header.index("cumplido")] = "VERDADERO"
            row[header.index("fecha_cumplimiento")] = "2026-10-15"
            row[header.index("evidencia")] = f"{URL} ; {MINUTA}"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    (folder / "hitos.csv").write_text(out.getvalue(), encoding="utf-8")
    other = tmp_path / "otro"
    shutil.copytree(plan_copy, other)
    code, output = importar(runner, plan_copy, folder / "hitos.csv")  # one CSV alone works
    assert code == 0, output
    result = runner.invoke(
        app,
        ["marcar", "2", "3", "--evidencia", URL, "--evidencia", MINUTA, "--fecha", "2026-10-15",
         "--plan", str(other)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert snapshot(plan_copy) == snapshot(other)


def test_csv_bad_row_changes_nothing(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "hojas"
    runner.invoke(app, ["exportar", str(plan_copy), "-f", "csv", "-o", str(folder)])
    path = folder / "actividades.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[5][rows[0].index("cumplida")] = "tal vez"
    rows[6][rows[0].index("cumplida")] = "true"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, folder)
    assert code == 1
    assert "actividades.csv, fila 6, columna «cumplida»: «tal vez» no es true ni false" in flat(
        output
    )
    assert snapshot(plan_copy) == before


def test_csv_structure_problems(runner: CliRunner, plan_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "hojas"
    runner.invoke(app, ["exportar", str(plan_copy), "-f", "csv", "-o", str(folder)])
    hitos = list(csv.reader(io.StringIO((folder / "hitos.csv").read_text(encoding="utf-8-sig"))))
    hitos[0].append("comentario")  # a column of its own: ignored, with a warning
    hitos.append([*hitos[3], ""])  # row 18 repeats row 4
    acts = list(csv.reader(io.StringIO((folder / "actividades.csv").read_text("utf-8-sig"))))
    for name, rows in (("hitos.csv", hitos), ("actividades.csv", [r[1:] for r in acts])):
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
    before = snapshot(plan_copy)
    code, output = importar(runner, plan_copy, folder)
    text = flat(output)
    assert code == 1, output
    assert "Aviso: hitos.csv, fila 1, columna «comentario»: no es una columna de hdr" in text
    assert "hitos.csv, fila 18: repite la fila 4 (compromiso 1, hito 3)" in text
    assert "actividades.csv, fila 1: faltan las columnas «compromiso»" in text
    assert snapshot(plan_copy) == before


# --- Outside ----------------------------------------------------------------------------


def test_help_imports_no_openpyxl() -> None:
    for args in (["--help"], ["exportar", "--help"], ["importar", "--help"]):
        assert not imported_modules(*args) & {"openpyxl", "ruamel", "jsonschema"}, args


def _soffice(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    soffice = require_tool("soffice")
    profile = tmp_path / "perfil-libreoffice"
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    return subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=240,
    )


def test_libreoffice_opens_the_workbook(
    runner: CliRunner, plan_copy: Path, book: Path, tmp_path: Path
) -> None:
    """LibreOffice converts it without complaint, and its own re-save imports unchanged."""
    pdf_dir, xlsx_dir = tmp_path / "pdf", tmp_path / "xlsx"
    done = _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(pdf_dir), str(book))
    assert done.returncode == 0, done.stderr
    pdf = pdf_dir / "avance.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000, done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    said = (done.stdout + done.stderr).casefold()
    for word in ("repair", "reparar", "corrupt", "dañado", "error"):
        assert word not in said, done.stdout + done.stderr
    edit(book, "Actividades", (2, 3, 2), cumplida="true")
    done = _soffice(
        tmp_path, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(xlsx_dir),
        str(book),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    code, output = importar(runner, plan_copy, xlsx_dir / "avance.xlsx", "--simular")
    assert code == 0, output
    added = [line for line in output.splitlines() if line.startswith("+")]
    assert added == [f"+++ b/{ARCHIVO_02}", "+        cumplida: true"], output
