"""Mide ``hdr historial`` en frío y con caché frente a un piso hecho solo de git y libyaml.

Uso:

    python benchmarks/medir_historial.py [--commits 1000] [--compromisos 200]
                                         [--repeticiones 3] [--json FILE]

Sobre el repositorio sintético de generar_repo.py (benchmarks/_corpus/repo-..., que
se genera si no existe), en una sola corrida y como subprocesos (con el arranque
del intérprete incluido igual para todos):

- piso: ``python -c`` que corre ``git log --first-parent --name-only`` sobre el
  plan, pide cada versión cambiada a un solo ``git cat-file --batch`` y la carga
  con ``yaml.load(..., CSafeLoader)``;
- frío: ``hdr historial REPO --formato json`` tras borrar ``.git/hdr-cache``;
- con caché: lo mismo, con la caché ya llena (el resultado de ese HEAD está guardado);
- solo versiones (informativa, sin meta): con la caché llena salvo el resultado de
  HEAD, como tras un commit nuevo: cada versión y cada par de versiones salen de la
  caché, pero la historia se recorre de nuevo.

Cada medición se repite R veces, intercaladas tras una corrida de calentamiento,
y se informa la mejor (mínima). Metas (issue 16): frío a no más de 1.5 veces el
piso, y con caché a no más de 0.25 veces el frío.

Antes de medir se comprueba que las cuatro maneras de leer la historia (en frío,
con caché, solo versiones y ``--sin-cache``) dan el mismo JSON, byte a byte. Los
subprocesos corren sin ``PYTHONDONTWRITEBYTECODE``: como en una instalación de hdr,
los módulos se cargan de sus ``.pyc`` (que escribe la corrida de calentamiento) y no
se compilan de nuevo en cada corrida.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from medir import maquina, programa, version_de  # junto a este archivo

AQUI = Path(__file__).resolve().parent
GENERADOR = AQUI / "generar_repo.py"

PISO = """\
import subprocess, sys, threading
import yaml
repo = sys.argv[1]
log = subprocess.run(
    ["git", "-C", repo, "log", "--first-parent", "--name-only", "-z", "--format=%x01%H",
     "HEAD", "--", "plan.yaml", "compromisos"],
    capture_output=True, check=True,
).stdout.decode()
pedidos = []
for registro in log.split("\\x01")[1:]:
    sha, _, rutas = registro.partition("\\0")
    pedidos += [f"{sha}:{r}\\n" for r in rutas.lstrip("\\n").split("\\0") if r]
git = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def escribir():
    git.stdin.write("".join(pedidos).encode())
    git.stdin.close()
hilo = threading.Thread(target=escribir)
hilo.start()
for _ in pedidos:
    cabeza = git.stdout.readline().split()
    if cabeza[-1] == b"missing":  # la ruta se borró en ese commit
        continue
    datos = git.stdout.read(int(cabeza[2]))
    git.stdout.read(1)
    yaml.load(datos, Loader=yaml.CSafeLoader)
hilo.join()
git.wait()
"""

ANALIZADOR = "import hojaderuta.core.yaml_parser as l; print(l._CParser.__module__)"
ENTORNO = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Medicion:
    nombre: str
    comando: list[str]
    borrar: str | None = None  # "cache": toda .git/hdr-cache; "resultado": el de HEAD
    tiempos: list[float] = field(default_factory=list)
    codigos: list[int] = field(default_factory=list)

    @property
    def mejor(self) -> float:
        return min(self.tiempos)


def asegurar_repo(repo: Path, compromisos: int, commits: int, semilla: int) -> None:
    if (repo / ".git" / "hdr-repo-listo").exists():
        return
    print(f"Generando el repositorio en {repo} ...", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(GENERADOR),
            str(repo),
            "--compromisos",
            str(compromisos),
            "--commits",
            str(commits),
            "--semilla",
            str(semilla),
            "--sobrescribir",
        ],
        check=True,
    )


def borrar(que: str | None, repo: Path) -> None:
    cache = repo / ".git" / "hdr-cache"
    if que == "cache":
        shutil.rmtree(cache, ignore_errors=True)
    elif que == "resultado":
        for archivo in cache.glob("historial-*/head-*.result"):
            archivo.unlink()


def correr(m: Medicion, repo: Path) -> tuple[float, int]:
    borrar(m.borrar, repo)
    inicio = time.perf_counter()
    r = subprocess.run(
        m.comando,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=repo,
        env=ENTORNO,
        check=False,
    )
    return time.perf_counter() - inicio, r.returncode


def revisar(hdr: str, repo: Path) -> dict[str, Any]:
    """En frío, con caché, solo con las versiones y sin caché: el mismo JSON, byte a byte.
    Resume lo que contiene."""
    salidas = []
    historial = [hdr, "historial", str(repo), "--formato", "json"]
    for que, extra in (("cache", []), (None, []), ("resultado", []), (None, ["--sin-cache"])):
        borrar(que, repo)
        r = subprocess.run(
            historial + extra, capture_output=True, cwd=repo, env=ENTORNO, check=False
        )
        if r.returncode != 0:
            sys.exit(f"hdr historial falló (código {r.returncode}):\n{r.stderr.decode()[-2000:]}")
        salidas.append(r.stdout)
    if len(set(salidas)) != 1:
        sys.exit("ERROR: hdr historial dio resultados distintos con y sin caché.")
    datos = json.loads(salidas[0])
    tipos: dict[str, int] = {}
    for e in datos["eventos"]:
        tipos[e["tipo"]] = tipos.get(e["tipo"], 0) + 1
    return {"eventos": len(datos["eventos"]), "por_tipo": tipos, "serie": len(datos["serie"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mide hdr historial en frío y con caché frente al piso (git + libyaml)."
    )
    parser.add_argument("--compromisos", type=int, default=200, help="compromisos (200)")
    parser.add_argument("--commits", type=int, default=1000, help="commits (1000)")
    parser.add_argument("--semilla", type=int, default=1, help="semilla (1)")
    parser.add_argument("--repeticiones", type=int, default=3, help="repeticiones (3)")
    parser.add_argument("--repo", type=Path, help="usar este repositorio (no se genera)")
    parser.add_argument("--json", type=Path, help="escribe también los números en este archivo")
    args = parser.parse_args(argv)
    if args.repeticiones < 1:
        parser.error("--repeticiones debe ser al menos 1")

    if args.repo is not None:
        repo: Path = args.repo.resolve()
        if not (repo / "plan.yaml").exists():
            parser.error(f"{repo} no tiene plan.yaml en su raíz")
    else:
        import generar_repo

        nombre = f"repo-c{args.compromisos}-k{args.commits}-s{args.semilla}-v{generar_repo.VERSION}"
        repo = AQUI / "_corpus" / nombre
        asegurar_repo(repo, args.compromisos, args.commits, args.semilla)

    hdr = programa("hdr")
    historial = [hdr, "historial", str(repo), "--formato", "json"]
    mediciones = [
        Medicion("piso", [sys.executable, "-c", PISO, str(repo)]),
        Medicion("frio", historial, borrar="cache"),
        Medicion("con_cache", historial),
        Medicion("versiones", historial, borrar="resultado"),
    ]
    info = maquina()
    commits = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    analizador = subprocess.run(
        [sys.executable, "-c", ANALIZADOR], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"Máquina: {info['nproc']} CPU ({info['cpu']}), Python {info['python']}, {info['sistema']}"
    )
    print(f"Repositorio: {repo} ({commits} commits)")
    print(f"Repeticiones: {args.repeticiones} (se informa la mejor)\n", flush=True)
    if analizador != "yaml._yaml":
        print(
            f"AVISO: hdr analiza el YAML con «{analizador}», no con libyaml (yaml._yaml): "
            "la medición en frío no representa a hdr con libyaml.",
            file=sys.stderr,
        )

    contenido = revisar(hdr, repo)  # también calienta el disco y los .pyc
    for m in mediciones:
        correr(m, repo)
    for _ in range(args.repeticiones):
        for m in mediciones:  # intercaladas; «con_cache» sigue a «frio», que llena la caché
            segundos, codigo = correr(m, repo)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)

    piso, frio, con_cache, versiones = (m.mejor for m in mediciones)
    print(f"{'medición':<12} {'mejor (s)':>10} {'/ piso':>8}  tiempos (s)")
    for m in mediciones:
        tiempos = ", ".join(f"{t:.3f}" for t in m.tiempos)
        print(f"{m.nombre:<12} {m.mejor:>10.3f} {m.mejor / piso:>7.2f}x  {tiempos}")
    print()
    metas = [
        ("frío / piso", frio / piso, 1.5),
        ("con caché / frío", con_cache / frio, 0.25),
    ]
    razones: dict[str, dict[str, Any]] = {}
    for nombre, valor, limite in metas:
        cumple = valor <= limite
        print(f"{nombre:<20} {valor:>6.2f}x  (meta <= {limite:g}x)  {'PASS' if cumple else 'FAIL'}")
        razones[nombre] = {"valor": round(valor, 3), "meta": f"<= {limite:g}", "cumple": cumple}
    print(f"{'solo versiones / frío':<20} {versiones / frio:>6.2f}x  (informativa)")
    print()
    print(
        f"Contenido: {contenido['eventos']} eventos "
        f"({', '.join(f'{k} {v}' for k, v in sorted(contenido['por_tipo'].items()))}), "
        f"{contenido['serie']} puntos de la serie."
    )
    for m in mediciones:
        if any(c != 0 for c in m.codigos):
            print(f"AVISO: «{m.nombre}» salió con códigos {m.codigos}.", file=sys.stderr)

    if args.json is not None:
        salida = {
            "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
            "maquina": info,
            "versiones": {
                "hdr": version_de([hdr, "--version"]),
                "git": version_de(["git", "--version"]),
            },
            "analizador_yaml": analizador,
            "repositorio": {
                "ruta": str(repo),
                "commits": int(commits),
                "compromisos": args.compromisos,
                "semilla": args.semilla,
            },
            "contenido": contenido,
            "repeticiones": args.repeticiones,
            "mediciones": {
                m.nombre: {
                    "comando": ["python", "-c", "PISO", str(repo)]
                    if m.nombre == "piso"
                    else m.comando,
                    "tiempos": [round(t, 4) for t in m.tiempos],
                    "mejor": round(m.mejor, 4),
                    "codigos_salida": m.codigos,
                }
                for m in mediciones
            },
            "razones": razones,
            "informativas": {"solo versiones / frío": round(versiones / frio, 3)},
            "todas_cumplen": all(r["cumple"] for r in razones.values()),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(salida, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"\nNúmeros en {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
