"""Dónde va el tiempo de ``hdr publicar`` en un plan grande: un diagnóstico, no una meta.

Uso:

    python benchmarks/medir_etapas.py [--compromisos 2000] [--paginas 400]

Sobre el corpus de ``generar_corpus.py`` (``benchmarks/_corpus/``), con ``HDR_CACHE=0``,
mide en este orden:

1. **Las etapas de una corrida** de ``hdr publicar`` dentro de este proceso, con los
   procesos auxiliares de siempre, publicando en una carpeta nueva: cuándo empieza y
   termina cada etapa del proceso principal, desde que se empiezan a importar los módulos
   de hdr (el arranque del intérprete no cuenta). Envuelve funciones internas de
   ``hojaderuta`` (``publish.site._index_page``…): si cambian de nombre, este programa
   cambia con ellas.
2. **Quitar el sitio anterior**, lo que ``publish.sitedir.swap`` hace al volver a
   publicar en la misma carpeta: ``shutil.rmtree`` y ``rm -rf`` de dos copias del sitio;
   y lo que cuesta crear un archivo vacío en ese disco (el piso de cada página).
3. **Las páginas de compromiso**, en grupos distintos de ``--paginas`` páginas cada uno:
   en un intérprete nuevo, tras compilar las plantillas con una página que no está en
   ningún grupo: la primera y la segunda vuelta en un proceso bifurcado antes de dibujar
   los grupos (como el auxiliar de ``publicar``), con este quieto; luego las mismas dos
   vueltas en este proceso; luego los dos dibujando a la vez, cada uno páginas que no
   ha dibujado; y lo que cuesta escribir cada página en disco. Necesita ``fork`` (Linux)
   y 4 grupos, así que ``--compromisos`` debe ser al menos 4 × ``--paginas`` + 1.
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
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from medir import corpus_generado

AL = "2030-01-01"
INICIO = [0.0]  # set just before hdr's modules are first imported (etapas_de_publicar)


class Etapas:
    """Start and end of each wrapped function, in seconds from INICIO."""

    def __init__(self) -> None:
        self.filas: list[tuple[str, float, float]] = []
        self.resultados: dict[str, Any] = {}

    def envolver(self, modulo: Any, nombre: str) -> None:
        original = getattr(modulo, nombre)

        def medida(*args: Any, **kwargs: Any) -> Any:
            desde = time.perf_counter() - INICIO[0]
            try:
                resultado = original(*args, **kwargs)
            finally:
                self.filas.append((nombre, desde, time.perf_counter() - INICIO[0]))
            self.resultados[nombre] = resultado
            return resultado

        setattr(modulo, nombre, medida)


def etapas_de_publicar(corpus: Path, salida: Path) -> Etapas:
    if any(m.startswith("hojaderuta") for m in sys.modules):
        raise SystemExit("hdr ya estaba importado: sus importaciones no contarían")
    INICIO[0] = time.perf_counter()  # hdr's imports count, as in a run of the command
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
    ahora = time.perf_counter() - INICIO[0]
    etapas.filas.append(("(fin)", ahora, ahora))
    etapas.filas.sort(key=lambda fila: fila[1])
    return etapas


def crear_archivos(carpeta: Path, n: int = 1000) -> float:
    """ms to create one empty file (what each page, feed and copy costs the disk at least)."""
    destino = carpeta / "vacios"
    destino.mkdir()
    desde = time.perf_counter()
    for i in range(n):
        os.close(os.open(destino / f"{i}.html", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    segundos = time.perf_counter() - desde
    shutil.rmtree(destino)
    return segundos / n * 1000


def quitar_sitio(sitio: Path, carpeta: Path) -> tuple[int, float, float, float]:
    copias = [carpeta / "copia-1", carpeta / "copia-2"]
    for copia in copias:
        shutil.copytree(sitio, copia)
    tamanos = [p.stat().st_size for p in copias[0].rglob("*") if p.is_file()]
    archivos, megas = len(tamanos), sum(tamanos) / 1e6
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
    """Fork a child that runs ``trabajo`` and writes its result to a pipe; a failure is
    printed there and ends the child with status 1 (never returns into the caller)."""
    lectura, escritura = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(lectura)
        estado = 0
        try:
            os.write(escritura, trabajo().encode())
        except BaseException:
            traceback.print_exc()
            estado = 1
        finally:
            os._exit(estado)
    os.close(escritura)
    return pid, lectura


def _leer_hijo(pid: int, lectura: int) -> str:
    with os.fdopen(lectura) as f:  # read first: a full pipe would block the child
        texto = f.read()
    _, estado = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(estado) != 0:
        raise SystemExit("el proceso bifurcado falló (su error está arriba)")
    return texto


def _escribir(dibujar: Callable[[Any], str], paginas: Sequence[Any]) -> float:
    """ms to write each page's HTML as publicar does (SiteWriter.text), drawn beforehand."""
    from hojaderuta.publish.sitefiles import SiteWriter

    textos = [dibujar(c) for c in paginas]
    with tempfile.TemporaryDirectory(prefix="hdr-etapas-") as tmp:
        out = SiteWriter(Path(tmp))
        desde = time.perf_counter()
        for i, texto in enumerate(textos):
            out.text(f"compromisos/{i}.html", texto)
        return (time.perf_counter() - desde) / len(textos) * 1000


def paginas(corpus: Path, n: int) -> list[str]:
    from medir_paginas import _paginas  # the same drawing as hdr publicar

    if not hasattr(os, "fork"):  # before checking the whole corpus for nothing
        return ["(sin fork: esta medición necesita Linux)"]
    dibujar, compromisos = _paginas(corpus, None)
    a, b, c, d = (compromisos[i * n : (i + 1) * n] for i in range(4))
    dibujar(compromisos[-1])  # compiles the templates (a page outside the groups)
    # Forked before any group is drawn, as publicar's worker is; this process waits.
    pid, lectura = _en_hijo(lambda: f"{_vuelta(dibujar, a):.3f} y luego {_vuelta(dibujar, b):.3f}")
    lineas = [f"bifurcado, con este quieto: primera vuelta {_leer_hijo(pid, lectura)}"]
    lineas.append(f"en este proceso: {_vuelta(dibujar, a):.3f} y luego {_vuelta(dibujar, b):.3f}")
    # Both warm now (the child inherits this process), each drawing pages new to it.
    pid, lectura = _en_hijo(lambda: f"{_vuelta(dibujar, c):.3f}")
    aqui = _vuelta(dibujar, d)
    lineas.append(f"los dos a la vez: este {aqui:.3f}, el bifurcado {_leer_hijo(pid, lectura)}")
    lineas.append(f"escribir cada página en disco: {_escribir(dibujar, a):.3f}")
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
    parser.add_argument("--paginas", type=int, default=400, help="por grupo (4 grupos)")
    parser.add_argument("--solo-paginas", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.paginas < 1 or args.compromisos < 4 * args.paginas + 1:
        parser.error("hacen falta --paginas >= 1 y --compromisos >= 4 × --paginas + 1")
    os.environ["HDR_CACHE"] = "0"  # parse every time, as medir.py does
    corpus = corpus_generado(args.compromisos)
    if args.solo_paginas:  # section 3, in a fresh interpreter (see below)
        print("\n".join(paginas(corpus, args.paginas)))
        return
    with tempfile.TemporaryDirectory(prefix="hdr-etapas-") as tmp:
        salida = Path(tmp) / "sitio"
        etapas = etapas_de_publicar(corpus, salida)
        print("\n1. hdr publicar en este proceso (s desde que se importa hdr)")
        print(f"   {'etapa':<14} {'inicio':>7} {'fin':>7} {'dura':>7}")
        for nombre, desde, hasta in etapas.filas:
            print(f"   {nombre:<14} {desde:7.3f} {hasta:7.3f} {hasta - desde:7.3f}")
        archivos, megas, rmtree, rm = quitar_sitio(salida, Path(tmp))
        print(f"\n2. Quitar un sitio de {archivos} archivos y {megas:.0f} MB")
        print(f"   shutil.rmtree {rmtree:.3f} s · rm -rf {rm:.3f} s")
        print(f"   crear un archivo vacío en ese disco: {crear_archivos(Path(tmp)):.3f} ms")
        outcomes = etapas.resultados["check_files"]
    print(f"\n3. Páginas de compromiso (ms por página, {args.paginas} por grupo)")
    # A fresh interpreter: this one has drawn a whole site, so nothing in it is cold.
    solo = [sys.executable, __file__, "--solo-paginas"]
    solo += ["--compromisos", str(args.compromisos), "--paginas", str(args.paginas)]
    hecho = subprocess.run(solo, capture_output=True, text=True, check=False)
    if hecho.returncode != 0:
        raise SystemExit(hecho.stderr)
    for linea in hecho.stdout.splitlines():
        print(f"   {linea}")
    print("\n4. Devolver los archivos revisados desde un auxiliar")
    print(f"   {devolver(outcomes)}")


if __name__ == "__main__":
    main()
