"""``hdr importar`` killed at any moment: the plan's files end all old or all new.

A real ``hdr importar`` process over a plan of many commitments is killed with
SIGKILL at seeded random moments (20 tries); the next hdr command finishes or
undoes the journal, says so, and the files are byte for byte either the plan
before the import or the plan after a complete import. No hidden temporary
file is left behind.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import generate_corpus

COMPROMISOS = 30
TRIES = 20


def _snapshot(plan: Path) -> dict[str, bytes]:
    return {
        p.relative_to(plan).as_posix(): p.read_bytes()
        for p in sorted(plan.rglob("*"))
        if p.is_file() and ".hdr" not in p.relative_to(plan).parts
    }


def _fill(book: Path) -> None:
    """A note on the first hito of every commitment: one change in each file."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Hitos"]
    header = [str(c.value) for c in ws[1]]
    seen: set[object] = set()
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        numero = cells["compromiso"].value
        if numero not in seen:
            seen.add(numero)
            cells["notas"].value = f"Nota del enlace para el compromiso {numero}."
    wb.save(book)


def _import(plan: Path, book: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "hojaderuta", "importar", str(book), "--plan", str(plan)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(path: Path, child: subprocess.Popen[bytes], limit: float) -> None:
    end = time.monotonic() + limit
    while not path.exists() and child.poll() is None and time.monotonic() < end:
        time.sleep(0.001)


@pytest.mark.lento
def test_importar_killed_at_random_moments(tmp_path: Path) -> None:
    original = generate_corpus(tmp_path / "original", COMPROMISOS)
    book = tmp_path / "libro.xlsx"
    exported = CliRunner().invoke(app, ["exportar", str(original), "-o", str(book)])
    assert exported.exit_code == 0, exported.output
    _fill(book)
    before = _snapshot(original)

    done = tmp_path / "completo"
    shutil.copytree(original, done)
    started = time.monotonic()
    assert _import(done, book).wait() == 0
    full = time.monotonic() - started
    after = _snapshot(done)
    changed = {k for k in before if before[k] != after.get(k)}
    assert len(changed) == COMPROMISOS  # the import touches every commitment file

    rng = random.Random(12)
    outcomes = {"viejo": 0, "nuevo": 0}
    for attempt in range(TRIES):
        plan = tmp_path / f"intento-{attempt}"
        shutil.copytree(original, plan)
        child = _import(plan, book)
        if attempt % 2:
            # Half the kills land while the journal is being written or applied.
            _wait_for(plan / ".hdr" / "diario", child, full * 2)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0, full))
        child.send_signal(signal.SIGKILL)
        child.wait()
        # Any later command recovers first (and says so when there was something to do).
        later = CliRunner().invoke(app, ["avance", str(plan), "--formato", "json"])
        assert later.exit_code in (0, 1), later.output
        now = _snapshot(plan)
        assert now in (before, after), f"intento {attempt}: mezcla de archivos viejos y nuevos"
        outcomes["viejo" if now == before else "nuevo"] += 1
        leftovers = [p for p in plan.rglob("*") if p.name.endswith(".tmp")]
        assert not leftovers, leftovers
        assert not (plan / ".hdr" / "diario").exists()
        shutil.rmtree(plan)
    assert sum(outcomes.values()) == TRIES
    assert outcomes["viejo"] > 0, outcomes  # some kills landed before the end
