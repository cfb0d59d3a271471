"""Mide la latencia de todos los días: hdr en un plan del tamaño real frente al arranque
de Python con typer y yaml.

Uso:

    python benchmarks/medir_arranque.py [--repeticiones 15] [--json FILE] [--comparar SRC]
    python benchmarks/medir_arranque.py --desglose [--repeticiones 15]

En una sola corrida, intercalando las mediciones (para repartir el ruido de la máquina)
y tomando la mejor de cada una, mide como subprocesos:

- ``python -c "import typer"`` y ``python -c "import typer, yaml"`` (los pisos), y
  además ``typer._adapters``: lo que typer importa (pydantic) para convertir cualquier
  parámetro que no sea booleano, como la carpeta del plan;
- ``hdr --help`` y ``hdr --version`` (meta: <= 1.5 veces ``import typer``);
- ``hdr validar ejemplos/plan-local-demo`` y ``hdr avance ejemplos/plan-local-demo``
  (meta: <= 2 veces ``import typer, yaml``).

El plan de ejemplo tiene 5 compromisos, del tamaño de un plan real (10 a 30).

Con ``--comparar SRC`` (la carpeta ``src/`` de otra versión de hdr, por ejemplo de un
``git worktree add /tmp/antes REV``) mide además, en la misma corrida, ``validar`` y
``avance`` de las dos versiones de la misma manera: ``python -c`` con ``PYTHONPATH``
apuntando a cada ``src/`` (las dos con las bibliotecas de este entorno).

Con ``--desglose`` mide en cambio, dentro de un intérprete nuevo por repetición y con
el reloj del propio proceso, en qué se va el arranque de ``validar`` y ``avance``: cada
parte en el orden en que hdr la carga (typer y yaml; la CLI de hdr; typer armando los
comandos; ``typer._adapters``, que trae pydantic, si la versión de typer lo tiene; el
núcleo de revisión; ``rich.console``; la primera fecha en palabras, con Babel) y luego
el resto de la corrida (lo que falta importar, leer y revisar el plan, escribir el
resultado). Es un diagnóstico, no una meta: cada parte cuenta solo lo que
las anteriores no cargaron ya.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from medir import RAIZ, Medicion, commit, correr, entorno_de_corrida, maquina, programa

PLAN = RAIZ / "ejemplos" / "plan-local-demo"
AL = "2026-11-21"

# (medición, piso, límite)
METAS = (
    ("--help", "import typer", 1.5),
    ("--version", "import typer", 1.5),
    ("validar", "import typer, yaml", 2.0),
    ("avance", "import typer, yaml", 2.0),
)


def mediciones() -> list[Medicion]:
    python, hdr = sys.executable, programa("hdr")
    return [
        Medicion("import typer", [python, "-c", "import typer"]),
        Medicion("import typer, yaml", [python, "-c", "import typer, yaml"]),
        # What typer (>= 0.26) imports to coerce any non-boolean parameter: pydantic.
        Medicion("... + typer._adapters", [python, "-c", "import typer, yaml, typer._adapters"]),
        Medicion("--help", [hdr, "--help"]),
        Medicion("--version", [hdr, "--version"]),
        Medicion("validar", [hdr, "validar", str(PLAN), "--al", AL]),
        Medicion("avance", [hdr, "avance", str(PLAN), "--al", AL]),
    ]


# What the installed ``hdr`` script does, for a tree chosen by PYTHONPATH.
_HDR = "import sys; from hojaderuta.cli import main; sys.argv = ['hdr', *sys.argv[1:]]; main()"


def _cargada_de(src: Path) -> Path:
    """Where ``import hojaderuta`` comes from with ``src`` first on the path: a folder
    without it would silently measure the installed hdr (this tree) twice."""
    hecho = subprocess.run(
        [sys.executable, "-c", "import hojaderuta; print(hojaderuta.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    return Path(hecho.stdout.strip()).resolve()


def comparadas(otro: Path) -> list[Medicion]:
    """validar and avance of this tree and of ``otro``, started the same way."""
    este = RAIZ / "src"
    for src in (este, otro):
        if not _cargada_de(src.resolve()).is_relative_to(src.resolve()):
            raise SystemExit(f"{src} no tiene el paquete hojaderuta (se pide la carpeta src/)")
    out = []
    for comando in ("validar", "avance"):
        for etiqueta, src in (("este", este), ("comparado", otro)):
            out.append(
                Medicion(
                    f"{comando} ({etiqueta})",
                    [sys.executable, "-c", _HDR, comando, str(PLAN), "--al", AL],
                    entorno={"PYTHONPATH": str(src.resolve())},
                )
            )
    return out


# One run of ``hdr COMMAND`` in this interpreter, timed part by part (``--desglose``).
_DESGLOSE = r"""
import importlib, json, os, sys, time
from contextlib import redirect_stdout
from datetime import date

reloj, partes = time.perf_counter, {}


def parte(nombre, hacer):
    inicio = reloj()
    resultado = hacer()
    partes[nombre] = reloj() - inicio
    return resultado


comando, plan, al = sys.argv[1:4]
parte("import typer, yaml", lambda: [importlib.import_module(m) for m in ("typer", "yaml")])
cli = parte("la CLI de hdr", lambda: importlib.import_module("hojaderuta.cli"))
import typer.main

grupo = parte("typer arma los comandos", lambda: typer.main.get_command(cli.app))
try:
    parte("typer._adapters (pydantic)", lambda: importlib.import_module("typer._adapters"))
except ModuleNotFoundError:
    pass  # typer before 0.26 converts parameters without pydantic
parte("núcleo de revisión (checks)", lambda: importlib.import_module("hojaderuta.checks"))
parte("rich.console", lambda: importlib.import_module("rich.console"))
from hojaderuta.text.dates import long_date

parte("primera fecha en palabras (Babel)", lambda: long_date(date.fromisoformat(al)))


def resto():
    with open(os.devnull, "w") as nada, redirect_stdout(nada):
        try:
            grupo.main([comando, plan, "--al", al], prog_name="hdr")
        except SystemExit as fin:
            return fin.code


codigo = parte("el resto de la corrida", resto)
print(json.dumps({"codigo": codigo, "partes": partes}))
"""


def desglose(repeticiones: int) -> None:
    """The parts of ``validar`` and ``avance``'s start, best of ``repeticiones`` each."""
    for comando in ("validar", "avance"):
        mejores: dict[str, float] = {}
        codigos: set[object] = set()
        for vuelta in range(repeticiones + 1):
            hecho = subprocess.run(
                [sys.executable, "-c", _DESGLOSE, comando, str(PLAN), AL],
                capture_output=True,
                text=True,
                check=True,
                cwd=RAIZ,
                env=entorno_de_corrida(None),
            )
            medido = json.loads(hecho.stdout.strip().splitlines()[-1])
            codigos.add(medido["codigo"])
            if vuelta == 0:
                continue  # it warmed the page cache and .pyc files; not counted
            for nombre, segundos in medido["partes"].items():
                mejores[nombre] = min(segundos, mejores.get(nombre, segundos))
        print(f"\n{comando} (mejor de {repeticiones}, ms; códigos {codigos})")
        for nombre, segundos in mejores.items():
            print(f"  {nombre:<42}{segundos * 1000:>8.1f}")
        print(f"  {'suma':<42}{sum(mejores.values()) * 1000:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=15)
    parser.add_argument("--json", type=Path, help="escribe aquí los resultados")
    parser.add_argument("--comparar", type=Path, metavar="SRC", help="el src/ de otra versión")
    parser.add_argument(
        "--desglose", action="store_true", help="en qué se va el arranque (diagnóstico)"
    )
    args = parser.parse_args()
    if args.desglose and (args.comparar or args.json):
        parser.error("--desglose no se combina con --comparar ni con --json")
    equipo = maquina()
    print(f"hdr {commit()} · {equipo['cpu']} · {equipo['nproc']} CPU")
    if args.desglose:
        desglose(args.repeticiones)
        return
    todas = mediciones() + (comparadas(args.comparar) if args.comparar else [])
    for m in todas:  # warm the page cache and .pyc files; not counted
        correr(m.comando, m.entorno)
    for _ in range(args.repeticiones):
        for m in todas:
            segundos, codigo, _ = correr(m.comando, m.entorno)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)
    por_nombre = {m.nombre: m for m in todas}
    print(f"{'medición':<22}{'mejor (ms)':>12}{'mediana (ms)':>14}  códigos")
    for m in todas:
        ordenados = sorted(m.tiempos)
        mediana = ordenados[len(ordenados) // 2]
        print(f"{m.nombre:<22}{m.mejor * 1000:>12.1f}{mediana * 1000:>14.1f}  {set(m.codigos)}")
    resultados = []
    for nombre, piso, limite in METAS:
        razon = por_nombre[nombre].mejor / por_nombre[piso].mejor
        cumple = razon <= limite
        resultados.append({"medicion": nombre, "piso": piso, "razon": razon, "meta": limite})
        estado = "cumple" if cumple else "NO cumple"
        print(f"{nombre} / {piso}: {razon:.2f}× (meta <= {limite}×) {estado}")
    if args.comparar:
        print(f"comparado: {args.comparar.resolve()} ({commit(args.comparar.resolve(), ('.',))})")
    for comando in ("validar", "avance") if args.comparar else ():
        este, otro = por_nombre[f"{comando} (este)"], por_nombre[f"{comando} (comparado)"]
        print(
            f"{comando}: este árbol {este.mejor * 1000:.1f} ms, el comparado "
            f"{otro.mejor * 1000:.1f} ms ({este.mejor / otro.mejor:.3f}×)"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "fecha": datetime.now().isoformat(timespec="seconds"),
                    "commit": commit(),
                    "maquina": equipo,
                    "comparado": (
                        {
                            "src": str(args.comparar.resolve()),
                            "version": commit(args.comparar.resolve(), (".",)),
                        }
                        if args.comparar
                        else None
                    ),
                    "mejores_s": {m.nombre: m.mejor for m in todas},
                    "razones": resultados,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
