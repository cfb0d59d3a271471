"""hdr importar streams a workbook: 400,000 rows take tens of megabytes, not gigabytes,
and 400,000 wrong rows become a bounded list of problems, not a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from hojaderuta.sheets.problems import MAX_REPORTED

ROWS = 400_000
LIMIT_KIB = 400 * 1024  # ru_maxrss is in KiB on Linux


def big_workbook(path: Path) -> None:
    """Hitos with ROWS rows: unknown commitments, a hito that does not exist, blank rows.

    Written in openpyxl's write-only mode with three cells a row: seconds, not minutes.
    """
    book = Workbook(write_only=True)
    ws = book.create_sheet("Hitos")
    ws.append(["compromiso", "hito", "cumplido"])
    for i in range(ROWS):
        if i % 50 == 0:
            ws.append([None, None, None])  # blank: skipped, not a problem
        elif i % 50 == 1:
            ws.append([2, 9, "true"])  # commitment 2 has 4 hitos
        else:
            ws.append([1000 + i % 7, 1, "true"])  # no such commitment
    book.save(path)


# A fresh process runs the import and reports its children's peak: the measure is of
# the import alone, whatever other tests ran in pytest's process before.
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.lento
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss en KiB es de Linux")
def test_a_huge_workbook_imports_in_bounded_memory(plan_copy: Path, tmp_path: Path) -> None:
    book = tmp_path / "enorme.xlsx"
    big_workbook(book)
    command = [sys.executable, "-m", "hojaderuta", "importar", str(book), "--plan", str(plan_copy)]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    code, peak = (int(n) for n in done.stdout.split())
    text = " ".join(done.stderr.split())
    assert code == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    wrong = ROWS - ROWS // 50  # every row but the blank ones
    # Counts as Latin American Spanish writes them (the default): «392,000».
    assert f"✘ {wrong:,} problemas en «enorme.xlsx»; no se cambió ningún archivo" in text
    assert f"… y {wrong - MAX_REPORTED:,} problemas más (se muestran los primeros)" in text
    assert "Hitos, fila 3, columna «hito»: el compromiso 2 tiene 4 hitos; no hay hito 9" in text
    assert text.count("no hay un compromiso con número") < MAX_REPORTED
    assert peak < LIMIT_KIB, f"{peak // 1024} MB"  # the old import took 1.95 GB
