"""The site's history: historial.html, the Atom feed, provenance, baseline and rounds."""

from __future__ import annotations

import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import git
from .historial_util import PLAN, commit, compromiso, cumplir, new_repo, verificar, write

ARCHIVO = "compromisos/01.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"


def _repo(root: Path, linea_base: bool = False) -> Path:
    plan = new_repo(root, plan={**PLAN, "linea_base": "acordada"} if linea_base else PLAN)
    data = compromiso(1)
    write(plan, ARCHIVO, data)
    commit(root, "Hoja de ruta acordada", "2020-01-05T10:00:00+00:00")
    git(root, "tag", "acordada")
    git(root, "tag", "avance-2020-01")
    data = cumplir(data, 0, "2020-03-01")
    write(plan, ARCHIVO, data)
    commit(root, "Reporta el hito 1", "2020-03-02T10:00:00+00:00", "Luis Gómez <luis@example.org>")
    data = verificar(data, 0, "2020-03-05")
    write(plan, ARCHIVO, data)
    commit(root, "Verifica el hito 1", "2020-03-06T10:00:00+00:00", "Mariana Q <mq@example.org>")
    git(root, "tag", "avance-2020-03")
    return plan


def _publish(plan: Path, out: Path, *extra: str) -> CliRunner:
    runner = CliRunner()
    result = runner.invoke(
        app, ["publicar", str(plan), "--salida", str(out), "--al", "2020-06-30", *extra]
    )
    assert result.exit_code == 0, result.output
    return runner


def test_history_page_feed_and_provenance(tmp_path: Path) -> None:
    plan = _repo(tmp_path / "repo")
    out = tmp_path / "sitio"
    _publish(plan, out, "--cortes", "avance-*")
    page = (out / "historial.html").read_text(encoding="utf-8")
    assert "Avance en el tiempo" in page and "<svg" in page and "<desc" in page
    assert "Compromiso 1, hito 1: se marcó cumplido." in page
    assert "luis@example.org" not in page  # the site names people, not their inboxes
    assert "avance-2020-01" in page and "avance-2020-03" in page  # rounds
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Mariana Q"
    ficha = (out / "compromisos" / "1.html").read_text(encoding="utf-8")
    assert "Procedencia (git)" in ficha
    assert "Marcado cumplido en git por Luis Gómez el 2 de marzo de 2020" in ficha
    assert "Historial del compromiso" in ficha
    # publishing again gives the same feed ids (feed readers must not see duplicates)
    _publish(plan, out)
    again = ET.parse(out / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in again] == ids


def test_baseline_differences_on_the_commitment_page(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    plan = _repo(root, linea_base=True)
    text = (plan / ARCHIVO).read_text(encoding="utf-8")
    (plan / ARCHIVO).write_text(
        text.replace("ponderacion: 40", "ponderacion: 30").replace(
            "ponderacion: 60", "ponderacion: 70"
        ),
        encoding="utf-8",
    )
    commit(root, "Cambia pesos", "2020-04-01T10:00:00+00:00")
    out = tmp_path / "sitio"
    _publish(plan, out)
    ficha = (out / "compromisos" / "1.html").read_text(encoding="utf-8")
    assert "Versión acordada frente a la actual" in ficha
    assert "/hitos/0/ponderacion" in ficha
    assert "no registran un acuerdo" in ficha


def test_no_history_outside_git(tmp_path: Path) -> None:
    import shutil

    from .conftest import COMPROMISO_13

    plan = tmp_path / "plan"
    shutil.copytree(COMPROMISO_13, plan)
    out = tmp_path / "sitio"
    _publish(plan, out)
    assert not (out / "historial.html").exists()
    assert not (out / "feed.xml").exists()
    assert "historial.html" not in (out / "index.html").read_text(encoding="utf-8")


def test_shallow_clone_warns(tmp_path: Path) -> None:
    _repo(tmp_path / "repo")
    clone = tmp_path / "clon"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", (tmp_path / "repo").as_uri(), str(clone)],
        check=True,
        capture_output=True,
        env={
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_SYSTEM": "/dev/null",
            "PATH": "/usr/bin:/bin",
        },
    )
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["publicar", str(clone / "plan"), "--salida", str(tmp_path / "s"), "--al", "2020-06-30"],
    )
    assert result.exit_code == 0, result.output
    assert "git fetch --unshallow" in result.output
    assert "historial está incompleto" in (tmp_path / "s" / "historial.html").read_text(
        encoding="utf-8"
    )


def test_expected_curve_matches_plan_avance() -> None:
    """The history chart's expected line is hdr avance's esperado at every date."""
    from datetime import date, timedelta

    from hojaderuta.core.validation import check_plan
    from hojaderuta.progress import plan_avance
    from hojaderuta.publish.sitehistory import _expected_curve
    from hojaderuta.publish.viewmodel import build_view

    from .conftest import PLAN_LOCAL

    check = check_plan(PLAN_LOCAL, al=date(2026, 11, 21))
    view = build_view(check, date(2026, 11, 21))
    curve = _expected_curve(view)
    valid = [(c.archivo, c.data) for c in check.valid_compromisos()]
    day = date(2026, 1, 1)
    while day < date(2027, 9, 1):
        expected = plan_avance(view.plan, valid, day).esperado
        assert round(curve(day) or 0, 6) == round(expected or 0, 6), day
        day += timedelta(days=9)
