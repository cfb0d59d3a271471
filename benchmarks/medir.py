"""Mide hdr frente a un piso (solo leer el YAML) y frente a check-jsonschema.

Uso:

    python benchmarks/medir.py --compromisos 2000 [--repeticiones 3] [--json FILE]
    python benchmarks/medir.py --variante una-institucion     # otra forma de corpus
    python benchmarks/medir.py --carga                        # con `yes > /dev/null` al lado

En una sola corrida y sobre el mismo corpus (benchmarks/_corpus/, generado con
generar_corpus.py si no existe), mide como subprocesos, con el arranque del
intérprete incluido igual para todos:

- piso: ``python -c`` que carga cada archivo con ``yaml.load(..., CSafeLoader)``;
- ``hdr validar CORPUS --al 2030-01-01 --formato json``;
- ``hdr avance CORPUS --al 2030-01-01 --formato json``;
- ``hdr publicar CORPUS --al 2030-01-01 --salida TMP --forzar`` (también su memoria máxima);
- los tres otra vez con ``HDR_PROCESOS=1`` (un solo proceso, como el piso);
- ``check-jsonschema --schemafile schemas/compromiso.schema.json CORPUS/compromisos/*.yaml``.

Todo corre con ``HDR_CACHE=0``: el corpus vive dentro del repositorio de hdr y sin eso
``validar`` y ``avance`` leerían la caché de documentos de la corrida anterior (eso lo
mide ``medir_cache.py``). Cada medición se repite R veces (intercaladas, tras una corrida de
calentamiento) y se informa la mejor (mínima). Las razones se comparan con las metas
del issue 16: validar y avance a no más de 1.0 vez el piso, publicar a no más de 1.8
veces y con menos de 500 MB de memoria; validar al menos 7 veces más rápido que
check-jsonschema.

Con ``--carga`` corre ``yes > /dev/null`` en cada núcleo menos uno durante toda la
medición; la meta entonces es que ningún comando sea más lento que su propia corrida
de un solo proceso (``HDR_PROCESOS=1``). Informa también cuántos núcleos libres ve hdr con
la carga (con uno, todo corre en un proceso: el mismo camino que ``HDR_PROCESOS=1``) y,
junto a cada razón, la de las medianas: con carga, la mejor corrida de cada uno varía más
que la diferencia que se mide.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parent
GENERADOR = AQUI / "generar_corpus.py"
ESQUEMA = RAIZ / "schemas" / "compromiso.schema.json"
AL = "2030-01-01"

PISO = """\
import sys
from pathlib import Path
import yaml
plan = Path(sys.argv[1])
for p in [plan / "plan.yaml", *sorted((plan / "compromisos").glob("*.yaml"))]:
    with p.open("rb") as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
"""


@dataclass
class Medicion:
    nombre: str
    comando: list[str]
    tiempos: list[float] = field(default_factory=list)
    codigos: list[int] = field(default_factory=list)
    entorno: dict[str, str] = field(default_factory=dict)
    memoria_kb: int = 0  # peak resident memory of the process (ru_maxrss), worst run

    @property
    def mejor(self) -> float:
        return min(self.tiempos)


@dataclass(frozen=True)
class Meta:
    nombre: str
    numerador: str
    denominador: str
    limite: float
    minimo: bool  # True: la razón debe ser >= limite; False: <= limite


METAS = (
    Meta("check-jsonschema / validar (aceleración)", "check-jsonschema", "validar", 7.0, True),
    Meta("validar / piso", "validar", "piso", 1.0, False),
    Meta("avance / piso", "avance", "piso", 1.0, False),
    Meta("publicar / piso", "publicar", "piso", 1.8, False),
)
# With the other cores busy the floor is no longer the point: the parallel path must
# degrade gracefully, never be slower than the same command in one process.
METAS_CARGA = (
    Meta("validar / validar 1 proceso", "validar", "validar-1p", 1.0, False),
    Meta("avance / avance 1 proceso", "avance", "avance-1p", 1.0, False),
    Meta("publicar / publicar 1 proceso", "publicar", "publicar-1p", 1.0, False),
)
MEMORIA_PUBLICAR_MB = 500


def programa(nombre: str) -> str:
    """El ejecutable junto al intérprete actual (el del venv) o, si no, el del PATH."""
    junto = Path(sys.executable).parent / nombre
    if junto.exists():
        return str(junto)
    encontrado = shutil.which(nombre)
    if encontrado is None:
        sys.exit(f"No se encontró «{nombre}»: instale el proyecto con sus extras de prueba.")
    return encontrado


def maquina() -> dict[str, Any]:
    modelo = platform.processor() or "?"
    try:
        for linea in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if linea.startswith("model name"):
                modelo = linea.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    afinidad = getattr(os, "sched_getaffinity", None)
    nproc = len(afinidad(0)) if afinidad is not None else os.cpu_count()
    return {
        "nproc": nproc,
        "cpu": modelo,
        "python": platform.python_version(),
        "implementacion": platform.python_implementation(),
        "sistema": platform.platform(),
    }


def version_de(comando: list[str]) -> str:
    r = subprocess.run(comando, capture_output=True, text=True, check=False)
    return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr) else "?"


def asegurar_corpus(carpeta: Path, compromisos: int, semilla: int, variante: str) -> None:
    if (carpeta / "plan.yaml").exists():  # el generador escribe plan.yaml al final
        return
    print(f"Generando el corpus en {carpeta} ...", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(GENERADOR),
            str(carpeta),
            "--compromisos",
            str(compromisos),
            "--semilla",
            str(semilla),
            "--variante",
            variante,
            "--sobrescribir",
        ],
        check=True,
    )


def corpus_generado(compromisos: int, semilla: int = 1, variante: str = "mixto") -> Path:
    """The corpus of ``generar_corpus.py`` of that size, seed and shape, in
    ``benchmarks/_corpus/`` (written first when it is not there yet)."""
    import generar_corpus  # beside this file: sys.path[0] is benchmarks/

    nombre = f"c{compromisos}-s{semilla}-v{generar_corpus.VERSION}"
    if variante != "mixto":
        nombre += f"-{variante}"
    carpeta = AQUI / "_corpus" / nombre
    asegurar_corpus(carpeta, compromisos, semilla, variante)
    return carpeta


def commit(carpeta: Path = RAIZ, rutas: tuple[str, ...] = ("src", "schemas")) -> str:
    """El commit de hdr medido («+cambios» si ``rutas``, dentro de ``carpeta``, tienen
    cambios sin commit); «?» fuera de git."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=carpeta,
            check=True,
        ).stdout.strip()
        sucio = subprocess.run(
            ["git", "status", "--porcelain", "--", *rutas],
            capture_output=True,
            text=True,
            cwd=carpeta,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{sha}+cambios" if sucio else sha


def entorno_de_corrida(extra: dict[str, str] | None) -> dict[str, str]:
    """The environment of a measured run, read now (main() sets HDR_CACHE=0). An
    installed hdr has its .pyc files (pip writes them); a shell with
    PYTHONDONTWRITEBYTECODE would make every run compile hdr's sources again, and only
    hdr's: the libraries it is compared with were installed with theirs."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**base, **(extra or {})}


def correr(comando: list[str], entorno: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall time, exit code and peak memory (KB) of one run."""
    inicio = time.perf_counter()
    proceso = subprocess.Popen(
        comando,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=RAIZ,
        env=entorno_de_corrida(entorno),
    )
    _, estado, uso = os.wait4(proceso.pid, 0)
    segundos = time.perf_counter() - inicio
    proceso.returncode = os.waitstatus_to_exitcode(estado)
    # ru_maxrss counts the largest process of the run (workers included on Linux).
    return segundos, proceso.returncode, uso.ru_maxrss


def cargar(nucleos: int) -> list[subprocess.Popen[bytes]]:
    """Keep ``nucleos`` cores busy, as another job on the machine would."""
    return [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(max(1, nucleos))]


def nucleos_libres() -> int:
    """The idle cores hdr sees now (``parallel.idle_cores``): the most in 1,000 asks.

    With one, every command runs in one process, the path ``HDR_PROCESOS=1`` takes."""
    time.sleep(0.5)  # the `yes` just started: let them be running when asked
    codigo = "from hojaderuta.parallel import idle_cores as f; print(max(f() for _ in range(1000)))"
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, check=True
    ).stdout
    return int(salida)


def medir_todas(mediciones: list[Medicion], repeticiones: int) -> None:
    for m in mediciones:  # calentamiento (validar ya corrió): caché de disco y de .pyc
        if m.nombre != "validar":
            correr(m.comando, m.entorno)
    for _ in range(repeticiones):
        for m in mediciones:  # intercaladas, para repartir el ruido de la máquina
            segundos, codigo, memoria = correr(m.comando, m.entorno)
            m.tiempos.append(segundos)
            m.codigos.append(codigo)
            m.memoria_kb = max(m.memoria_kb, memoria)


def revisar_corpus(hdr: str, corpus: Path) -> dict[str, Any]:
    """Corrida de calentamiento de validar que además confirma que el corpus es válido."""
    r = subprocess.run(
        [hdr, "validar", str(corpus), "--al", AL, "--formato", "json"],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        check=False,
    )
    try:
        datos: dict[str, Any] = json.loads(r.stdout)
    except json.JSONDecodeError:
        sys.exit(f"hdr validar no produjo JSON (código {r.returncode}):\n{r.stderr[-2000:]}")
    resumen = {
        "archivos": datos.get("archivos"),
        "errores": datos.get("errores"),
        "advertencias": datos.get("advertencias"),
        "codigo_salida": r.returncode,
    }
    if datos.get("errores"):
        codigos = sorted({h["codigo"] for h in datos["hallazgos"] if h["severidad"] == "error"})
        print(
            f"AVISO: el corpus tiene {datos['errores']} errores ({', '.join(codigos)}); "
            "las medidas no representan un plan válido.",
            file=sys.stderr,
        )
    return resumen


def nota_check_jsonschema(codigos: list[int]) -> None:
    print(
        f"Nota: check-jsonschema salió con código {', '.join(map(str, codigos))}"
        + (
            " (aceptó todos los archivos)."
            if codigos == [0]
            else ". Lee el YAML a su manera (p. ej. fechas sin comillas como fechas, que no "
            "cumplen «type: string»), así que puede rechazar archivos válidos para hdr; "
            "no importa para el tiempo."
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mide hdr validar y hdr avance frente al piso y a check-jsonschema."
    )
    parser.add_argument("--compromisos", type=int, default=2000, help="tamaño del corpus (2000)")
    parser.add_argument("--semilla", type=int, default=1, help="semilla del corpus (1)")
    parser.add_argument("--repeticiones", type=int, default=3, help="repeticiones (3)")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="usar este plan en vez de benchmarks/_corpus/ (no se genera)",
    )
    parser.add_argument(
        "--variante",
        choices=("mixto", "una-institucion"),
        default="mixto",
        help="forma del corpus (ver generar_corpus.py)",
    )
    parser.add_argument(
        "--carga",
        action="store_true",
        help="corre `yes > /dev/null` en cada núcleo menos uno mientras mide",
    )
    parser.add_argument(
        "--sin-check-jsonschema",
        action="store_true",
        help="no mide check-jsonschema (lo más lento de la corrida)",
    )
    parser.add_argument("--json", type=Path, help="escribe también los números en este archivo")
    args = parser.parse_args(argv)
    os.environ["HDR_CACHE"] = "0"  # parse every time, like the floor (see the docstring)
    if args.repeticiones < 1 or args.compromisos < 1:
        parser.error("--repeticiones y --compromisos deben ser al menos 1")

    if args.corpus is not None:
        corpus: Path = args.corpus.resolve()
        if not (corpus / "plan.yaml").exists():
            parser.error(f"{corpus} no tiene plan.yaml")
    else:
        corpus = corpus_generado(args.compromisos, args.semilla, args.variante)

    archivos = sorted((corpus / "compromisos").glob("*.yaml"))
    tamano = sum(p.stat().st_size for p in archivos) + (corpus / "plan.yaml").stat().st_size
    hdr = programa("hdr")
    cj = programa("check-jsonschema")
    sitio = Path(tempfile.mkdtemp(prefix="hdr-sitio-bench-")) / "sitio"
    mediciones = [
        Medicion("piso", [sys.executable, "-c", PISO, str(corpus)]),
        Medicion("validar", [hdr, "validar", str(corpus), "--al", AL, "--formato", "json"]),
        Medicion("avance", [hdr, "avance", str(corpus), "--al", AL, "--formato", "json"]),
        Medicion(
            "publicar",
            [hdr, "publicar", str(corpus), "--al", AL, "--salida", str(sitio), "--forzar"],
        ),
        Medicion(
            "validar-1p",
            [hdr, "validar", str(corpus), "--al", AL, "--formato", "json"],
            entorno={"HDR_PROCESOS": "1"},
        ),
        Medicion(
            "avance-1p",
            [hdr, "avance", str(corpus), "--al", AL, "--formato", "json"],
            entorno={"HDR_PROCESOS": "1"},
        ),
        Medicion(
            "publicar-1p",
            [hdr, "publicar", str(corpus), "--al", AL, "--salida", str(sitio), "--forzar"],
            entorno={"HDR_PROCESOS": "1"},
        ),
        Medicion(
            "check-jsonschema",
            [cj, "--schemafile", str(ESQUEMA), *(str(p) for p in archivos)],
        ),
    ]

    if args.sin_check_jsonschema:
        mediciones = [m for m in mediciones if m.nombre != "check-jsonschema"]
    info = maquina()
    version = commit()
    print(f"hdr: commit {version}")
    print(
        f"Máquina: {info['nproc']} CPU ({info['cpu']}), Python {info['python']}, {info['sistema']}"
    )
    print(f"Corpus: {corpus} ({len(archivos)} compromisos, {tamano / 1e6:.1f} MB)")
    print(f"Repeticiones: {args.repeticiones} (se informa la mejor)", flush=True)
    ocupados = cargar(info["nproc"] - 1) if args.carga else []
    libres = nucleos_libres() if args.carga else None
    if args.carga:
        print(f"Carga: {len(ocupados)} × `yes > /dev/null` durante toda la medición", flush=True)
        print(f"Núcleos libres que ve hdr con la carga: {libres}", flush=True)
    print(flush=True)
    try:
        validacion = revisar_corpus(hdr, corpus)
        medir_todas(mediciones, args.repeticiones)
    finally:
        for proceso in ocupados:
            proceso.kill()
            proceso.wait()
        shutil.rmtree(sitio.parent, ignore_errors=True)

    piso = mediciones[0].mejor
    por_nombre = {m.nombre: m for m in mediciones}
    print(f"{'medición':<18} {'mejor (s)':>10} {'/ piso':>8} {'memoria':>9}  tiempos (s)")
    for m in mediciones:
        tiempos = ", ".join(f"{t:.3f}" for t in m.tiempos)
        print(
            f"{m.nombre:<18} {m.mejor:>10.3f} {m.mejor / piso:>7.2f}x "
            f"{m.memoria_kb / 1024:>6.0f} MB  {tiempos}"
        )
    print()

    razones: dict[str, dict[str, Any]] = {}
    todas = True
    for meta in METAS_CARGA if args.carga else METAS:
        if meta.numerador not in por_nombre or meta.denominador not in por_nombre:
            continue
        numerador, denominador = por_nombre[meta.numerador], por_nombre[meta.denominador]
        valor = numerador.mejor / denominador.mejor
        cumple = valor >= meta.limite if meta.minimo else valor <= meta.limite
        todas = todas and cumple
        signo = ">=" if meta.minimo else "<="
        # The medians too: under load a single best run is noisier than the gap measured.
        mediana = statistics.median(numerador.tiempos) / statistics.median(denominador.tiempos)
        print(
            f"{meta.nombre:<42} {valor:>6.2f}x  (meta {signo} {meta.limite:g}x)  "
            f"{'PASS' if cumple else 'FAIL'}  (medianas: {mediana:.2f}x)"
        )
        razones[meta.nombre] = {
            "valor": round(valor, 3),
            "medianas": round(mediana, 3),
            "meta": f"{signo} {meta.limite:g}",
            "cumple": cumple,
        }

    memoria_mb = por_nombre["publicar"].memoria_kb / 1024
    cabe = memoria_mb < MEMORIA_PUBLICAR_MB
    todas = todas and cabe
    print(
        f"{'memoria máxima de publicar':<42} {memoria_mb:>5.0f} MB  "
        f"(meta < {MEMORIA_PUBLICAR_MB} MB)  {'PASS' if cabe else 'FAIL'}"
    )
    razones["memoria de publicar (MB)"] = {
        "valor": round(memoria_mb, 1),
        "meta": f"< {MEMORIA_PUBLICAR_MB}",
        "cumple": cabe,
    }
    print()
    print(
        f"hdr validar: {validacion['errores']} errores, {validacion['advertencias']} "
        f"advertencias en {validacion['archivos']} archivos (código {validacion['codigo_salida']})."
    )
    if "check-jsonschema" in por_nombre:
        nota_check_jsonschema(sorted(set(por_nombre["check-jsonschema"].codigos)))
    for m in mediciones:
        if m.nombre != "check-jsonschema" and any(c != 0 for c in m.codigos):
            print(f"AVISO: «{m.nombre}» salió con códigos {m.codigos}.", file=sys.stderr)

    if args.json is not None:
        salida = {
            "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
            "maquina": info,
            "commit": version,
            "versiones": {
                "hdr": version_de([hdr, "--version"]),
                "check-jsonschema": version_de([cj, "--version"])
                if "check-jsonschema" in por_nombre
                else None,
            },
            "corpus": {
                "ruta": str(corpus),
                "compromisos": len(archivos),
                "bytes": tamano,
                "semilla": args.semilla,
            },
            "repeticiones": args.repeticiones,
            "variante": args.variante,
            "carga": len(ocupados),
            "nucleos_libres_con_carga": libres,
            "validacion": validacion,
            "mediciones": {
                m.nombre: {
                    "comando": [*m.comando[:8], "..."] if len(m.comando) > 8 else m.comando,
                    "tiempos": [round(t, 4) for t in m.tiempos],
                    "mejor": round(m.mejor, 4),
                    "memoria_mb": round(m.memoria_kb / 1024, 1),
                    "codigos_salida": m.codigos,
                }
                for m in mediciones
            },
            "razones": razones,
            "todas_cumplen": todas,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(salida, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"\nNúmeros en {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
