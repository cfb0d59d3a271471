"""Curva de escala: ``validar``, ``avance`` y ``publicar`` a 10, 100, 1,000 y 5,000 compromisos.

Uso:

    python benchmarks/medir_escala.py [--tamanos 10,100,1000,5000] [--repeticiones 3] [--json FILE]

Para cada tamaño genera (si no existe) un corpus con generar_corpus.py en
benchmarks/_corpus/ y mide, como subprocesos e intercalando, el piso (leer cada YAML
con CSafeLoader en un proceso) y los tres comandos. Informa la mejor de las
repeticiones, los milisegundos por compromiso y la razón con el piso del mismo
tamaño. Sin la caché de documentos (``HDR_CACHE=0``): cada corrida analiza todo. Los 5,000
compromisos son, más o menos, todo el corpus de la AGA.

Lo que se quiere ver: que el costo por compromiso no crezca con el tamaño (línea
recta), más allá del arranque fijo que pesa en los planes chicos.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from medir import AL, PISO, Medicion, commit, corpus_generado, correr, maquina, programa

COMANDOS = ("piso", "validar", "avance", "publicar")


def mediciones(corpus: Path, sitio: Path) -> list[Medicion]:
    hdr = programa("hdr")
    return [
        Medicion("piso", [sys.executable, "-c", PISO, str(corpus)]),
        Medicion("validar", [hdr, "validar", str(corpus), "--al", AL, "--formato", "json"]),
        Medicion("avance", [hdr, "avance", str(corpus), "--al", AL, "--formato", "json"]),
        Medicion(
            "publicar",
            [hdr, "publicar", str(corpus), "--al", AL, "--salida", str(sitio), "--forzar"],
        ),
    ]


def medir_tamano(compromisos: int, repeticiones: int, sitio: Path) -> dict[str, Any]:
    corpus = corpus_generado(compromisos)
    lista = mediciones(corpus, sitio)
    for m in lista:  # calentamiento: caché de disco y de .pyc
        correr(m.comando, m.entorno)
    for _ in range(repeticiones):
        for m in lista:
            segundos, codigo, memoria = correr(m.comando, m.entorno)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)
            m.memoria_kb = max(m.memoria_kb, memoria)
    piso = lista[0].mejor
    return {
        m.nombre: {
            "mejor_s": round(m.mejor, 4),
            "ms_por_compromiso": round(1000 * m.mejor / compromisos, 3),
            "razon_piso": round(m.mejor / piso, 3),
            "memoria_mb": round(m.memoria_kb / 1024, 1),
            "codigos": sorted(set(m.codigos)),
        }
        for m in lista
    }


def imprimir(resultados: dict[int, dict[str, Any]]) -> None:
    print(f"{'compromisos':>11}  " + "  ".join(f"{c:>24}" for c in COMANDOS))
    print(f"{'':>11}  " + "  ".join(f"{'s · ms/c · ×piso':>24}" for _ in COMANDOS))
    for tamano, fila in resultados.items():
        celdas = []
        for c in COMANDOS:
            d = fila[c]
            celdas.append(
                f"{d['mejor_s']:>8.3f} {d['ms_por_compromiso']:>7.2f} {d['razon_piso']:>6.2f}×"
            )
        print(f"{tamano:>11}  " + "  ".join(f"{x:>24}" for x in celdas))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tamanos", default="10,100,1000,5000", help="lista separada por comas")
    parser.add_argument("--repeticiones", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ["HDR_CACHE"] = "0"  # the corpus lives inside hdr's repository
    tamanos = [int(t) for t in args.tamanos.split(",") if t.strip()]
    if not tamanos or min(tamanos) < 1 or args.repeticiones < 1:
        parser.error("--tamanos y --repeticiones deben ser enteros positivos")
    info = maquina()
    print(f"hdr {commit()} · {info['cpu']} · {info['nproc']} CPU · Python {info['python']}")
    sitio = Path(tempfile.mkdtemp(prefix="hdr-escala-")) / "sitio"
    resultados: dict[int, dict[str, Any]] = {}
    try:
        for tamano in tamanos:
            print(f"… {tamano} compromisos", flush=True)
            resultados[tamano] = medir_tamano(tamano, args.repeticiones, sitio)
    finally:
        shutil.rmtree(sitio.parent, ignore_errors=True)
    imprimir(resultados)
    for tamano, fila in resultados.items():
        for c, d in fila.items():
            if d["codigos"] not in ([0], [1]):  # 1: avisos/errores esperados del corpus
                print(f"AVISO: {c} en {tamano} salió con códigos {d['codigos']}", file=sys.stderr)
    if args.json:
        datos = {
            "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": commit(),
            "maquina": info,
            "repeticiones": args.repeticiones,
            "resultados": resultados,
        }
        args.json.write_text(json.dumps(datos, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
