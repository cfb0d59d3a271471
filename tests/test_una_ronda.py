"""Issue 13: every finding in one round, each said once, with places people read."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from hojaderuta.cli.reporters.findings import write_text
from hojaderuta.core.findings import Finding
from hojaderuta.core.validation import PlanCheck, check_plan

CASOS = Path(__file__).parent / "casos"
BASE = CASOS / "ods-meta-invalida"
ARCHIVO = "compromisos/01-presupuesto-abierto.yaml"
AL = date(2020, 6, 30)


def _plan(tmp_path: Path, edit: dict[str, str]) -> PlanCheck:
    """The ODS case's plan with its commitment's text edited (old -> new)."""
    dest = tmp_path / "plan"
    shutil.copytree(BASE, dest)
    path = dest / ARCHIVO
    text = path.read_text(encoding="utf-8")
    for old, new in edit.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return check_plan(dest, al=AL)


def _codes(findings: list[Finding]) -> list[str]:
    return sorted(str(f.codigo) for f in findings)


def test_rules_run_on_a_file_that_fails_the_schema() -> None:
    check = check_plan(CASOS / "una-ronda", al=AL)
    mine = [f for f in check.findings if f.archivo == ARCHIVO]
    assert "esquema" in _codes(mine)
    suma = next(f for f in mine if f.codigo == "ponderacion-suma")
    assert "suman 99" in suma.mensaje
    assert any(f.codigo == "fechas-fuera-de-periodo" and f.linea == 45 for f in mine)
    # The schema-invalid file still stays out of the trusted, schema-valid list.
    assert ARCHIVO not in {c.archivo for c in check.compromisos}


def test_placeholder_is_its_fields_only_finding(tmp_path: Path) -> None:
    check = _plan(
        tmp_path,
        {"    inicio: 2020-03-01\n": "    inicio: COMPLETAR\n", "  - ods: 17\n": "  - ods: 77\n"},
    )
    at_inicio = [f for f in check.findings if f.ruta == "/hitos/0/inicio"]
    assert _codes(at_inicio) == ["plantilla-sin-llenar"]
    # Everything else is still checked: the ODS out of range, the wrong targets of ODS 16.
    assert any(f.codigo == "esquema" and f.ruta == "/agenda_2030/1/ods" for f in check.findings)
    assert _codes(check.findings).count("ods-meta-invalida") == 2


def test_a_misspelled_key_is_one_finding(tmp_path: Path) -> None:
    check = _plan(tmp_path, {"    ponderacion: 100\n": "    ponderacin: 100\n"})
    schema = [f for f in check.findings if f.codigo == "esquema"]
    assert len(schema) == 1
    assert schema[0].ruta == "/hitos/0/ponderacin"
    assert schema[0].linea == 37
    assert "¿Quiso decir «ponderacion»?" in schema[0].mensaje
    assert not any(f.codigo == "ponderacion-suma" for f in check.findings)


def test_a_node_reached_through_aliases_is_reported_once(tmp_path: Path) -> None:
    check = _plan(
        tmp_path,
        {
            "  - nombre: Ana Pérez Ruiz\n": "  - &ana\n    nombre: Ana Pérez Ruiz\n",
            '    telefono: "55 1234 5678"\n': "    telefono: 5512345678\n",
            "corresponsables:\n  - nombre: Luis Gómez Vera\n": (
                "corresponsables:\n  - *ana\n  - *ana\n  - nombre: Luis Gómez Vera\n"
            ),
            "    responsable:\n      nombre: Ana Pérez Ruiz\n": (
                "    responsable: *ana\n    otro:\n      nombre: Ana Pérez Ruiz\n"
            ),
        },
    )
    phone = [f for f in check.findings if f.ruta.endswith("/telefono")]
    assert len(phone) == 1, phone
    assert phone[0].linea == 10


def test_json_has_a_human_place_and_messages_no_pointer(tmp_path: Path) -> None:
    check = check_plan(BASE, al=AL)
    first = check.findings[0].as_json()
    assert first["ruta"] == "/agenda_2030/0/metas/1"
    assert first["lugar"] == "Agenda 2030 · ODS 16 · meta 2"
    pointer = re.compile(r"/[a-z_0-9]+/\d")
    for folder in sorted(p for p in CASOS.iterdir() if (p / "plan.yaml").is_file()):
        for f in check_plan(folder, al=AL).findings:
            assert not pointer.search(f.mensaje), (folder.name, f.mensaje)


@pytest.mark.parametrize(
    "edit",
    [
        {"hitos:\n  - nombre": "hitos:\n  - solo texto\n  - nombre"},
        {"agenda_2030:\n": "agenda_2030: {ods: 16}\nx:\n"},
        {"    ponderacion: 100\n": "    ponderacion: [100]\n"},
        {"  - ods: 16\n": "  - ods: {a: 1}\n"},
        {"    inicio: 2020-03-01\n": "    inicio: 20200301\n    verificado: {por: x}\n"},
    ],
)
def test_malformed_parts_never_break_the_rules(tmp_path: Path, edit: dict[str, str]) -> None:
    check = _plan(tmp_path, edit)
    assert "esquema" in _codes(check.findings)


def _text(check: PlanCheck) -> str:
    out = io.StringIO()
    write_text(check, Console(file=out, width=100, color_system=None), "2020-06-30")
    return out.getvalue()


def test_long_text_output_ends_with_a_summary(tmp_path: Path) -> None:
    short = _text(check_plan(CASOS / "una-ronda", al=AL))
    assert "Resumen por código" not in short
    # 19 targets of other goals (or none) under ODS 16, on top of the case's three.
    metas = "\n".join(f'      - "{n}.1"' for n in range(1, 21) if n != 16)
    check = _plan(tmp_path, {'      - "16.6"\n': metas + "\n"})
    assert len(check.findings) > 20
    text = _text(check)
    summary = text[text.index("Resumen por código") :]
    assert re.search(r"ods-meta-invalida\s+22\b", summary)
    assert "Resumen por archivo" in summary
    assert "01-presupuesto-abierto.yaml: 22 errores, 0 advertencias" in summary
