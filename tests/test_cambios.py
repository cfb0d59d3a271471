"""``hdr cambios`` (baseline diff) and reporting rounds (``plan_at``, ``cortes``, ``avance_at``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan as check_plan
from hojaderuta.checks.progress import avance_at
from hojaderuta.cli import app
from hojaderuta.errors import GitError
from hojaderuta.git.changes import cambios
from hojaderuta.git.history import read_history
from hojaderuta.git.snapshots import cortes, plan_at, snapshot_at
from hojaderuta.progress import r2

from . import historial_util as h
from .conftest import git

C1, C2, C3 = "compromisos/01.yaml", "compromisos/02.yaml", "compromisos/03.yaml"
C4, C5 = "compromisos/04.yaml", "compromisos/05.yaml"
HOY = date(2030, 1, 1)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """Baseline tagged ``linea-base`` (and named in plan.yaml), then every kind of change."""
    plan = h.new_repo(tmp_path / "repo", plan={**h.PLAN, "linea_base": "linea-base"})
    root = plan.parent
    c1, c2, c3 = h.compromiso(1), h.compromiso(2), h.compromiso(3)
    for archivo, data in ((C1, c1), (C2, c2), (C3, c3)):
        h.write(plan, archivo, data)
    h.commit(root, "Hoja de ruta acordada", "2020-01-10T10:00:00+00:00")
    git(root, "tag", "linea-base")
    # 1: an agreed change with its agreement, and a report (not an agreed field).
    c1 = h.cumplir(c1, 0, "2020-02-01")
    c1["hitos"][1]["termino"] = "2020-06-30"
    c1["modificaciones"] = [h.modificacion("2020-03-01", "Se recorre el hito 2.")]
    h.write(plan, C1, c1)
    # 2: weights changed with no agreement.
    c2["hitos"][0]["ponderacion"], c2["hitos"][1]["ponderacion"] = 50, 50
    h.write(plan, C2, c2)
    # 3 removed; 4 new with its agreement; 5 new without.
    (plan / C3).unlink()
    c4 = h.compromiso(4)
    c4["modificaciones"] = [h.modificacion("2020-03-02", "Se agrega el compromiso 4.")]
    h.write(plan, C4, c4)
    h.write(plan, C5, h.compromiso(5))
    h.commit(root, "Cambios", "2020-03-05T10:00:00+00:00")
    return plan


def _by_numero(payload: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {c["numero"]: c for c in payload["compromisos"]}


def test_cambios_json(runner: CliRunner, plan: Path) -> None:
    result = runner.invoke(app, ["cambios", str(plan), "--formato", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    base = git(plan.parent, "rev-parse", "linea-base").strip()
    assert (payload["formato"], payload["plan"], payload["desde"]) == (
        1,
        "plan-historia",
        "linea-base",
    )
    assert payload["commit"] == base
    assert payload["sin_acuerdo"] == 3
    found = _by_numero(payload)
    assert sorted(found) == [1, 2, 3, 4, 5]
    assert found[1] == {
        "numero": 1,
        "nombre": "Compromiso de prueba 1",
        "archivo": C1,
        "estado": "modificado",
        "justificado": True,
        "cambios": [{"campo": "/hitos/1/termino", "antes": "2020-05-28", "despues": "2020-06-30"}],
        "modificaciones": [h.modificacion("2020-03-01", "Se recorre el hito 2.")],
    }
    assert found[2]["justificado"] is False
    assert found[2]["modificaciones"] == []
    assert found[2]["cambios"] == [
        {"campo": "/hitos/0/ponderacion", "antes": 40, "despues": 50},
        {"campo": "/hitos/1/ponderacion", "antes": 60, "despues": 50},
    ]
    assert (found[3]["estado"], found[3]["archivo"], found[3]["justificado"]) == (
        "eliminado",
        None,
        False,
    )
    assert (found[4]["estado"], found[4]["justificado"]) == ("nuevo", True)
    assert (found[5]["estado"], found[5]["justificado"]) == ("nuevo", False)


def test_cambios_coincide_con_validar(plan: Path) -> None:
    """Unjustified here is exactly where ``cambio-sin-acuerdo`` fires (except removals,
    which hdr validar cannot point at)."""
    check = check_plan(plan, al=date(2020, 12, 31))
    flagged = {f.archivo for f in check.findings if f.codigo == "cambio-sin-acuerdo"}
    result = cambios(plan, None)
    unjustified = {c.archivo for c in result.compromisos if not c.justificado and c.archivo}
    assert flagged == unjustified == {C2, C5}


def test_cambios_sin_commit_y_desde_commit(plan: Path) -> None:
    base = git(plan.parent, "rev-parse", "linea-base").strip()
    data = h.compromiso(2)
    data["nombre"] = "Nombre nuevo"
    h.write(plan, C2, data)  # not committed: the working tree is what is compared
    result = cambios(plan, base)
    assert result.desde == base
    [dos] = [c for c in result.compromisos if c.numero == 2]
    assert [(c.campo, c.antes, c.despues) for c in dos.cambios] == [
        ("/nombre", "Compromiso de prueba 2", "Nombre nuevo")
    ]


def test_cambios_texto(runner: CliRunner, plan: Path) -> None:
    result = runner.invoke(app, ["cambios", str(plan)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "desde «linea-base»" in out
    assert "Compromiso 1. Compromiso de prueba 1 (compromisos/01.yaml): modificado" in out
    assert "hito 2 · término: «2020-05-28» → «2020-06-30»" in out
    assert "2020-03-01 — Se recorre el hito 2." in out
    assert "hito 1 · ponderación: 40 → 50" in out
    assert out.count("SIN ACUERDO REGISTRADO") == 3
    assert "5 compromisos con cambios; 3 sin acuerdo registrado." in out


def test_cambios_sin_linea_base(runner: CliRunner, tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    h.write(plan, C1, h.compromiso(1))
    h.commit(plan.parent, "Inicial", "2020-01-10T10:00:00+00:00")
    result = runner.invoke(app, ["cambios", str(plan)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "--desde" in message and "linea_base" in message
    result = runner.invoke(app, ["cambios", str(plan), "--desde", "no-existe"])
    assert result.exit_code == 2
    assert "no existe" in " ".join(result.stderr.split())


# --- reporting rounds -----------------------------------------------------------------


@pytest.fixture
def rondas(tmp_path: Path) -> Path:
    plan = h.new_repo(tmp_path / "repo", plan={**h.PLAN, "linea_base": "linea-base"})
    root = plan.parent
    c1, c2 = h.compromiso(1), h.compromiso(2)
    h.write(plan, C1, c1)
    h.write(plan, C2, c2)
    # Local evidence must be inside the plan's folder (evidencia-fuera-del-plan).
    (plan / "evidencias").mkdir()
    (plan / "evidencias" / "acta.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 1000)
    h.commit(root, "Inicial", "2020-01-10T10:00:00+00:00")
    git(root, "tag", "linea-base")
    git(root, "tag", "v1")  # not a round
    c1 = h.cumplir(c1, 0, "2020-02-01")
    c1["hitos"][0]["evidencia"] = ["evidencias/acta.pdf"]
    h.write(plan, C1, c1)
    h.commit(root, "Primer reporte", "2020-02-15T10:00:00+00:00")
    git(root, "tag", "-a", "avance-1", "-m", "Primer corte", date="2020-02-16T10:00:00+00:00")
    # An unagreed change: hdr validar fails, but the numbers still count commitment 2.
    c2 = h.cumplir(c2, 0, "2020-03-01")
    c2["hitos"][0]["ponderacion"], c2["hitos"][1]["ponderacion"] = 50, 50
    h.write(plan, C2, c2)
    h.commit(root, "Segundo reporte", "2020-03-15T10:00:00+00:00")
    git(root, "tag", "avance-2")
    h.write(plan, C2, h.cumplir(h.compromiso(2), 1, "2020-04-01"))
    h.commit(root, "Después de los cortes", "2020-04-15T10:00:00+00:00")
    return plan


def test_cortes(rondas: Path) -> None:
    found = cortes(rondas, "avance-*")
    assert [c.etiqueta for c in found] == ["avance-1", "avance-2"]
    assert [c.commit.fecha for c in found] == [
        "2020-02-15T10:00:00+00:00",
        "2020-03-15T10:00:00+00:00",
    ]
    assert found[0].commit.mensaje == "Primer reporte"
    assert cortes(rondas, "ninguno-*") == []


def test_avance_en_un_corte_como_hdr_avance_en_ese_commit(runner: CliRunner, rondas: Path) -> None:
    root = rondas.parent
    for corte in cortes(rondas, "avance-*"):
        al = corte.commit.dia
        check, result = avance_at(rondas, corte.etiqueta, al, HOY)
        assert check.plan_dir == rondas
        git(root, "checkout", "-q", corte.etiqueta)
        try:
            done = runner.invoke(app, ["avance", str(rondas), "--al", al.isoformat(), "-f", "json"])
        finally:
            git(root, "checkout", "-q", "main")
        expected = json.loads(done.stdout)
        assert r2(result.avance or 0) == expected["plan"]["avance"]
        assert [c.numero for c in result.compromisos] == [
            c["numero"] for c in expected["compromisos"]
        ]
    # At avance-2, commitment 2 changed agreed weights without agreement: it is an error
    # for hdr validar, yet its progress is still computed (and the site shows the change).
    check, result = avance_at(rondas, "avance-2", date(2020, 3, 15), HOY)
    assert [c.numero for c in result.compromisos] == [1, 2]
    assert {f.archivo for f in check.findings if f.codigo == "cambio-sin-acuerdo"} == {C2}
    # The relative evidence exists in the copy (as an empty placeholder).
    assert not [f for f in check.findings if f.codigo == "evidencia-no-encontrada"]


def test_serie_y_corte_coinciden(rondas: Path) -> None:
    history = read_history(rondas)
    points = {p.commit.sha: p for p in history.serie}
    for corte in cortes(rondas, "avance-1"):
        _, result = avance_at(rondas, corte.etiqueta, corte.commit.dia, HOY)
        assert points[corte.commit.sha].avance == result.avance


def test_snapshot_y_plan_at(rondas: Path) -> None:
    files = snapshot_at(rondas, "avance-1")
    assert sorted(files) == [C1, C2, "plan.yaml"]
    shown = git(rondas.parent, "show", f"avance-1:plan/{C1}")
    assert files[C1].decode("utf-8") == shown
    with plan_at(rondas, "avance-1") as old:
        assert (old / "plan.yaml").is_file()
        assert (old / C1).read_text(encoding="utf-8") == shown
        assert (old / "evidencias" / "acta.pdf").stat().st_size == 0
        copy = old
    assert not copy.exists()
    with pytest.raises(GitError):
        snapshot_at(rondas, "no-existe")
