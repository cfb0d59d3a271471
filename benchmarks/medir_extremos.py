"""Mide los dos casos extremos del issue 12, en una sola corrida.

Uso:

    python benchmarks/medir_extremos.py [--repeticiones 3]

- Un archivo de 439 KB con 45,000 claves desconocidas: ``hdr validar`` (texto y JSON)
  frente al piso (cargar ese archivo con ``yaml.load(..., CSafeLoader)`` en un proceso).
  Meta: menos de 3 s.
- Un libro .xlsx de 400,000 filas: la memoria máxima de ``hdr importar`` (``ru_maxrss``
  del proceso hijo). Meta: menos de 400 MB.

Todo se escribe en una carpeta temporal; se informa la mejor de las repeticiones.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_importar_memoria import big_workbook  # noqa: E402  (the test's own book)

DEMO = ROOT / "ejemplos" / "plan-local-demo"
KEYS = 45_000


def _plan_with_unknown_keys(dest: Path) -> Path:
    shutil.copytree(DEMO, dest)
    target = dest / "compromisos" / "01-movilidad-datos-abiertos.yaml"
    extra = "".join(f"k{i}: 1\n" for i in range(KEYS))
    target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return target


def _best(command: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_mib(command: list[str]) -> float:
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args()
    hdr = [sys.executable, "-m", "hojaderuta"]
    with tempfile.TemporaryDirectory(prefix="hdr-extremos-") as tmp:
        plan = Path(tmp) / "plan"
        big = _plan_with_unknown_keys(plan)
        floor = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
            str(big),
        ]
        rows = {
            "piso (CSafeLoader de ese archivo)": _best(floor, args.repeticiones),
            "hdr validar (texto)": _best([*hdr, "validar", str(plan)], args.repeticiones),
            "hdr validar --formato json": _best(
                [*hdr, "validar", str(plan), "--formato", "json"], args.repeticiones
            ),
        }
        print(f"Archivo de {big.stat().st_size:,} bytes con {KEYS:,} claves desconocidas:")
        for name, seconds in rows.items():
            print(f"  {name:40} {seconds:6.2f} s")
        book = Path(tmp) / "enorme.xlsx"
        big_workbook(book)
        shutil.rmtree(plan)
        shutil.copytree(DEMO, plan)
        peak = _peak_mib([*hdr, "importar", str(book), "--plan", str(plan)])
        print(f"hdr importar de un libro de 400,000 filas: {peak:.0f} MB como máximo")


if __name__ == "__main__":
    main()
