"""Mide cuánto cuesta dibujar una página de compromiso del sitio, dentro del proceso.

Uso:

    python benchmarks/medir_paginas.py [--compromisos 2000] [--paginas 300]
        [--vueltas 5] [--plantillas CARPETA]

Revisa el corpus (``benchmarks/_corpus/``, generado con ``generar_corpus.py`` si no
existe) y arma la vista del sitio como ``hdr publicar``; luego dibuja las primeras
``--paginas`` páginas de compromiso ``--vueltas`` veces, sin escribirlas, y dice los
milisegundos por página de la vuelta más rápida. Es un diagnóstico para comparar dos
versiones de las plantillas o de sus filtros (con ``--plantillas``, una copia con
cambios), no una meta: las metas de ``publicar`` las mide ``medir.py`` desde fuera.

Dibuja con ``site.commitment_html``, lo mismo que ``hdr publicar``, y toma el contexto de
cada página de ``site._contexts`` (interna: si cambia, este programa cambia con ella).
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path
from typing import Any

from medir import corpus_generado

AL = date(2030, 1, 1)


def _paginas(corpus: Path, plantillas: Path | None) -> tuple[Any, list[Any]]:
    from hojaderuta.checks.progress import check_for_progress
    from hojaderuta.publish import site
    from hojaderuta.publish.rendering import environment
    from hojaderuta.publish.viewmodel import build_view

    run = check_for_progress(corpus, al=AL, hoy=AL)
    view = build_view(run.check, run.al, contactos=True, hoy=AL, avance=run.avance)
    plain, _con_script = site._contexts(view, plantillas, None, [("es", "")], "")
    env = environment(plantillas)

    def dibujar(c: Any) -> str:
        # The very function hdr publicar draws each commitment's page with.
        return site.commitment_html(view, c, env, plain)[1]

    return dibujar, view.compromisos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compromisos", type=int, default=2000)
    parser.add_argument("--paginas", type=int, default=300)
    parser.add_argument("--vueltas", type=int, default=5)
    parser.add_argument("--plantillas", type=Path, help="plantillas propias (como en publicar)")
    args = parser.parse_args()
    dibujar, compromisos = _paginas(corpus_generado(args.compromisos), args.plantillas)
    muestra = compromisos[: args.paginas]
    for c in muestra[:20]:  # compile the templates and warm the caches; not counted
        dibujar(c)
    mejor, tamano = float("inf"), 0
    for _ in range(args.vueltas):
        inicio = time.perf_counter()
        tamano = sum(len(dibujar(c)) for c in muestra)
        mejor = min(mejor, time.perf_counter() - inicio)
    print(
        f"{len(muestra)} páginas de compromiso: {mejor / len(muestra) * 1000:.3f} ms por "
        f"página (la mejor de {args.vueltas} vueltas), {tamano / len(muestra) / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
