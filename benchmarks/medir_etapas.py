"""Dónde va el tiempo de ``hdr publicar`` en un plan grande: un diagnóstico, no una meta.

Uso:

    python benchmarks/medir_etapas.py [--compromisos 2000] [--paginas 600]

Sobre el corpus de ``generar_corpus.py`` (``benchmarks/_corpus/``), con ``HDR_CACHE=0``,
mide en este orden:

1. **Las etapas de una corrida** de ``hdr publicar`` dentro de este proceso, con los
   procesos auxiliares de siempre: cuándo empieza y termina cada una, desde que arranca
   el programa (las importaciones cuentan). Envuelve funciones internas de
   ``hojaderuta`` (``publish.site._index_page``…): si cambian de nombre, este programa
   cambia con ellas.
2. **Quitar el sitio anterior**, lo que ``publish.sitedir.swap`` hace al volver a
   publicar en la misma carpeta: ``shutil.rmtree`` y ``rm -rf`` de dos copias del sitio.
3. **Las páginas de compromiso**: la primera y la segunda vuelta sobre ``--paginas``
   páginas en este proceso, en un proceso bifurcado con este quieto, y en los dos a la
   vez (Linux: necesita ``fork``).
4. **Devolver los archivos revisados** desde un auxiliar: ``pickle`` de los resultados de
   la mitad de los archivos, ida y vuelta.

Los tiempos de ``hdr publicar`` desde fuera, y sus razones con el piso, los da
``medir.py``; este programa explica de qué están hechos.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

INICIO = time.perf_counter()  # before hdr is imported: the run's start-up counts

from medir import AQUI, asegurar_corpus  # noqa: E402  (after INICIO, on purpose)

AL = "2030-01-01"


class Etapas:
    """Start and end of each wrapped function, from the program's start."""

    def __init__(self) -> None:
        self.filas: list[tuple[str, float, float]] = []
        self.resultados: dict[str, Any] = {}

    def envolver(self, modulo: Any, nombre: str) -> None:
        original = getattr(modulo, nombre)

        def medida(*args: Any, **kwargs: Any) -> Any:
            desde = time.perf_counter() - INICIO
            try:
                resultado = original(*args, **kwargs)
            finally:
                self.filas.append((nombre, desde, time.perf_counter() - INICIO))
            self.resultados[nombre] = resultado
            return resultado

        setattr(modulo, nombre, medida)


def etapas_de_publicar(corpus: Path, salida: Path) -> Etapas:
    from hojaderuta.cli import main, publicar
    from hojaderuta.core import validation
    from hojaderuta.publish import site

    etapas = Etapas()
    etapas.envolver(validation, "check_files")  # the commitment files, on the idle cores
    etapas.envolver(publicar, "_view")  # the whole check, progress and view
    for nombre in ("build_site", "_index_page", "_other_pages", "_write_data", "swap"):
        etapas.envolver(site, nombre)
    sys.argv = ["hdr", "publicar", str(corpus), "--al", AL, "--salida", str(salida)]
    try:
        main()
    except SystemExit as fin:
        if fin.code not in (0, None):
            raise
    ahora = time.perf_counter() - INICIO
    etapas.filas.append(("(fin)", ahora, ahora))
    etapas.filas.sort(key=lambda fila: fila[1])
    return etapas


def quitar_sitio(sitio: Path, carpeta: Path) -> tuple[int, float, float, float]:
    copias = [carpeta / "copia-1", carpeta / "copia-2"]
    for copia in copias:
        shutil.copytree(sitio, copia)
    archivos = sum(1 for p in copias[0].rglob("*") if p.is_file())
    megas = sum(p.stat().st_size for p in copias[0].rglob("*") if p.is_file()) / 1e6
    subprocess.run(["sync"], check=False)
    desde = time.perf_counter()
    shutil.rmtree(copias[0])
    rmtree = time.perf_counter() - desde
    desde = time.perf_counter()
    subprocess.run(["rm", "-rf", str(copias[1])], check=True)
    return archivos, megas, rmtree, time.perf_counter() - desde


def _vuelta(dibujar: Callable[[Any], str], paginas: Sequence[Any]) -> float:
    desde = time.perf_counter()
    for c in paginas:
        dibujar(c)
    return (time.perf_counter() - desde) / len(paginas) * 1000


def _en_hijo(trabajo: Callable[[], str]) -> tuple[int, int]:
    """Fork a child that runs ``trabajo`` and writes its result to a pipe."""
    lectura, escritura = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        try:
            os.write(escritura, trabajo().encode())
        finally:
            os._exit(0)
    os.close(escritura)
    return pid, lectura


def _leer_hijo(pid: int, lectura: int) -> str:
    os.waitpid(pid, 0)
    with os.fdopen(lectura) as f:
        return f.read()


def paginas(corpus: Path, n: int) -> list[str]:
    from medir_paginas import _paginas  # the same drawing as hdr publicar

    dibujar, compromisos = _paginas(corpus, None)
    a, b, c = compromisos[:n], compromisos[n : 2 * n], compromisos[2 * n : 3 * n]
    lineas = [f"en este proceso: {_vuelta(dibujar, a):.3f} y luego {_vuelta(dibujar, b):.3f}"]
    if not hasattr(os, "fork"):
        return [*lineas, "(sin fork: no se mide en procesos bifurcados)"]
    pid, lectura = _en_hijo(lambda: f"{_vuelta(dibujar, c):.3f} y luego {_vuelta(dibujar, c):.3f}")
    lineas.append(f"en un proceso bifurcado, este quieto: {_leer_hijo(pid, lectura)}")
    pid, lectura = _en_hijo(lambda: f"{_vuelta(dibujar, c):.3f}")
    aqui = _vuelta(dibujar, a)
    lineas.append(f"los dos a la vez: este {aqui:.3f}, el bifurcado {_leer_hijo(pid, lectura)}")
    return lineas


def devolver(resultados: list[Any]) -> str:
    mitad = resultados[: len(resultados) // 2]
    desde = time.perf_counter()
    datos = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in mitad]
    ida = time.perf_counter() - desde
    desde = time.perf_counter()
    for d in datos:
        pickle.loads(d)
    vuelta = time.perf_counter() - desde
    megas = sum(map(len, datos)) / 1e6
    texto = sum(len(pickle.dumps(r.text)) for r in mitad) / 1e6
    return (
        f"{len(mitad)} archivos: pickle.dumps {ida:.3f} s, pickle.loads {vuelta:.3f} s, "
        f"{megas:.1f} MB ({texto:.1f} MB de texto de los archivos)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compromisos", type=int, default=2000)
    parser.add_argument("--paginas", type=int, default=600, help="por vuelta (3 grupos)")
    args = parser.parse_args()
    import generar_corpus  # beside this file: sys.path[0] is benchmarks/

    os.environ["HDR_CACHE"] = "0"  # parse every time, as medir.py does
    corpus = AQUI / "_corpus" / f"c{args.compromisos}-s1-v{generar_corpus.VERSION}"
    asegurar_corpus(corpus, args.compromisos, 1, "mixto")
    with tempfile.TemporaryDirectory(prefix="hdr-etapas-") as tmp:
        salida = Path(tmp) / "sitio"
        etapas = etapas_de_publicar(corpus, salida)
        print("\n1. hdr publicar en este proceso (s desde el arranque)")
        print(f"   {'etapa':<14} {'inicio':>7} {'fin':>7} {'dura':>7}")
        for nombre, desde, hasta in etapas.filas:
            print(f"   {nombre:<14} {desde:7.3f} {hasta:7.3f} {hasta - desde:7.3f}")
        archivos, megas, rmtree, rm = quitar_sitio(salida, Path(tmp))
        print(f"\n2. Quitar un sitio de {archivos} archivos y {megas:.0f} MB")
        print(f"   shutil.rmtree {rmtree:.3f} s · rm -rf {rm:.3f} s")
        outcomes = etapas.resultados["check_files"]
    print(f"\n3. Páginas de compromiso (ms por página, {args.paginas} por vuelta)")
    for linea in paginas(corpus, args.paginas):
        print(f"   {linea}")
    print("\n4. Devolver los archivos revisados desde un auxiliar")
    print(f"   {devolver(outcomes)}")


if __name__ == "__main__":
    main()
