"""Cases a final review found: each one a person could meet."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan
from hojaderuta.cli import app
from hojaderuta.core.findings import Codigo
from hojaderuta.errors import EnvironmentProblem
from hojaderuta.journal import journal_dir, recover

from .conftest import PLAN_LOCAL


def test_missing_plan_path_never_checks_an_enclosing_plan(
    plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo in CI must fail, not validate the plan of the current folder and pass."""
    monkeypatch.chdir(plan_copy)
    result = CliRunner().invoke(app, ["validar", "no-existe"])
    assert result.exit_code == 2, result.output
    assert "No existe «no-existe»" in " ".join(result.output.split())


def test_avance_json_when_plan_yaml_is_broken(plan_copy: Path) -> None:
    (plan_copy / "plan.yaml").write_text("formato: 1\nid: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["avance", str(plan_copy), "--formato", "json"])
    assert result.exit_code == 2
    first = result.stdout[: result.stdout.rindex("}") + 1]
    document = json.loads(first)
    assert document["plan"] is None and "plan.yaml" in document["error"]


def test_evidence_inside_hdr_state_folder_is_refused(plan_copy: Path) -> None:
    state = plan_copy / ".hdr" / "sin-aplicar"
    state.mkdir(parents=True)
    (state / "copia.yaml").write_text("numero: 1\n", encoding="utf-8")
    path = plan_copy / "compromisos" / "01-movilidad-datos-abiertos.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("evidencia:\n", "evidencia:\n      - .hdr/sin-aplicar/copia.yaml\n", 1),
        encoding="utf-8",
    )
    check = validate_plan(plan_copy, al=date(2026, 12, 1), tracked=None)
    assert any(f.codigo is Codigo.EVIDENCIA_FUERA_DEL_PLAN for f in check.findings)


def test_publish_never_claims_to_keep_a_pipe(plan_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "salida"
    out.mkdir()
    os.mkfifo(out / "tuberia")
    result = CliRunner().invoke(app, ["publicar", str(plan_copy), "-o", str(out), "--forzar"])
    assert result.exit_code in (0, 1), result.output
    assert "tuberia" not in result.output  # never reported as kept: it is not


def test_damaged_journal_is_an_environment_error(plan_copy: Path) -> None:
    folder = journal_dir(plan_copy)
    folder.mkdir(parents=True)
    (folder / "manifiesto.json").write_text(
        json.dumps([{"rel": "../../fuera.txt", "tmp": "x", "old": None, "new": "0", "index": 0}]),
        encoding="utf-8",
    )
    with pytest.raises(EnvironmentProblem):
        recover(plan_copy)
    assert not (plan_copy.parent.parent / "fuera.txt").exists()
    shutil.rmtree(folder)
    assert recover(PLAN_LOCAL) is None  # the examples carry no journal
