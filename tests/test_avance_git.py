"""``hdr avance`` with git: reporting rounds (--en REF) and who reported each hito."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import git
from .historial_util import commit, compromiso, cumplir, new_repo, verificar, write

ARCHIVO = "compromisos/01.yaml"


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    plan = new_repo(tmp_path)
    data = compromiso(1)
    write(plan, ARCHIVO, data)
    commit(tmp_path, "Hoja de ruta acordada", "2020-01-05T10:00:00+00:00")
    git(tmp_path, "tag", "avance-1")
    data = cumplir(data, 0, "2020-03-01")  # hito 1 (0-based index)
    write(plan, ARCHIVO, data)
    commit(
        tmp_path,
        "Reporta el hito 1",
        "2020-03-02T10:00:00+00:00",
        author="Luis Gómez <luis@example.org>",
    )
    data = verificar(data, 0, "2020-03-05")
    write(plan, ARCHIVO, data)
    commit(
        tmp_path,
        "Verifica el hito 1",
        "2020-03-06T10:00:00+00:00",
        author="Mariana Quintero <mq@example.org>",
    )
    git(tmp_path, "tag", "avance-2")
    return tmp_path, plan


def _json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["avance", *args, "--formato", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_rounds_by_tag(tmp_path: Path, runner: CliRunner) -> None:
    _, plan = _repo(tmp_path)
    first = _json(runner, str(plan), "--en", "avance-1", "--al", "2020-06-30")
    second = _json(runner, str(plan), "--en", "avance-2", "--al", "2020-06-30")
    assert first["plan"]["avance"] == 0.0  # type: ignore[index]
    assert second["plan"]["avance"] == 40.0  # type: ignore[index]
    # without --al, a round is evaluated at its own commit's date
    at_tag = _json(runner, str(plan), "--en", "avance-1")
    assert at_tag["plan"]["al"] == "2020-01-05"  # type: ignore[index]


def test_unknown_ref_is_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    _, plan = _repo(tmp_path)
    result = runner.invoke(app, ["avance", str(plan), "--en", "no-existe"])
    assert result.exit_code == 2
    assert "no-existe" in result.output


def test_provenance_in_commitment_view(tmp_path: Path, runner: CliRunner) -> None:
    _, plan = _repo(tmp_path)
    result = runner.invoke(
        app, ["avance", str(plan), "-c", "1", "--al", "2020-06-30"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert (
        "Marcado cumplido en git por Luis Gómez <luis@example.org> "
        "el 2 de marzo de 2020" in result.output
    )
    assert "registrada por Mariana Quintero <mq@example.org>" in result.output


def test_commitment_view_without_git(runner: CliRunner) -> None:
    from .conftest import PLAN_LOCAL

    result = runner.invoke(app, ["avance", str(PLAN_LOCAL), "-c", "2", "--al", "2026-11-21"])
    assert result.exit_code == 0
