"""Mide ``hdr validar`` y ``hdr avance`` con la caché de documentos (``.git/hdr-cache``).

Uso:

    python benchmarks/medir_cache.py [--compromisos 2000] [--repeticiones 5] [--json FILE]

Sobre un corpus de generar_corpus.py dentro de un repositorio git propio
(benchmarks/_corpus/cache-N, que se crea si no existe), en una sola corrida y como
subprocesos, intercalando y tomando la mejor de cada medición:

- piso: ``python -c`` que carga cada archivo con ``yaml.load(..., CSafeLoader)``;
- validar y avance en frío (sin la carpeta ``docs-*`` de la caché);
- validar y avance con la caché llena (el plan no cambió).

Meta del issue 16: con caché, a no más de 0.4 veces el piso.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from medir import AL, PISO, Medicion, commit, correr, maquina, programa

AQUI = Path(__file__).resolve().parent
META = 0.4


def preparar(compromisos: int) -> Path:
    repo = AQUI / "_corpus" / f"cache-{compromisos}"
    plan = repo / "plan"
    if (repo / ".git").is_dir() and (plan / "plan.yaml").exists():
        return plan
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(AQUI / "generar_corpus.py"), str(plan), "--compromisos",
         str(compromisos), "--sobrescribir"],
        check=True,
    )  # fmt: skip
    env = ["-c", "user.name=hdr", "-c", "user.email=hdr@example.org"]
    env += ["-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", *env, *args], cwd=repo, check=True)
    return plan


def borrar_cache(plan: Path) -> None:
    for carpeta in (plan.parent / ".git" / "hdr-cache").glob("docs-*"):
        shutil.rmtree(carpeta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compromisos", type=int, default=2000)
    parser.add_argument("--repeticiones", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    plan = preparar(args.compromisos)
    hdr = programa("hdr")
    validar = [hdr, "validar", str(plan), "--al", AL, "--formato", "json"]
    avance = [hdr, "avance", str(plan), "--al", AL, "--formato", "json"]
    piso = Medicion("piso", [sys.executable, "-c", PISO, str(plan)])
    frio = [Medicion("validar en frío", validar), Medicion("avance en frío", avance)]
    caliente = [Medicion("validar con caché", validar), Medicion("avance con caché", avance)]
    correr(validar)  # warm the page cache and fill hdr's
    for _ in range(args.repeticiones):
        for m in [piso, *frio]:
            if m in frio:
                borrar_cache(plan)
            segundos, codigo, _ = correr(m.comando)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)
        correr(validar)  # the cache is full again
        for m in caliente:
            segundos, codigo, _ = correr(m.comando)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)
    print(f"hdr {commit()} · {maquina()['cpu']} · {maquina()['nproc']} CPU · {plan}")
    print(f"{'medición':<20}{'mejor (s)':>10}{'/ piso':>9}  códigos")
    razones = {}
    for m in [piso, *frio, *caliente]:
        razones[m.nombre] = m.mejor / piso.mejor
        print(f"{m.nombre:<20}{m.mejor:>10.3f}{razones[m.nombre]:>8.2f}×  {set(m.codigos)}")
    for m in caliente:
        estado = "cumple" if razones[m.nombre] <= META else "NO cumple"
        print(f"{m.nombre} / piso: {razones[m.nombre]:.2f}× (meta <= {META}×) {estado}")
    if args.json:
        datos = {
            "fecha": datetime.now().isoformat(timespec="seconds"),
            "commit": commit(),
            "maquina": maquina(),
            "mejores_s": {m.nombre: m.mejor for m in [piso, *frio, *caliente]},
            "razones": razones,
        }
        args.json.write_text(json.dumps(datos, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
