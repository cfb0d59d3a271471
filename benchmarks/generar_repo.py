"""Genera un repositorio git sintético con la historia de un plan, para medir ``hdr historial``.

Uso:

    python benchmarks/generar_repo.py DESTINO [--compromisos 200] [--commits 1000] [--semilla 1]

DESTINO queda como un repositorio git (rama ``main``) con el plan en su raíz:
``plan.yaml`` y ``compromisos/NNNN-<nombre>.yaml``, hojas de ruta con la forma
de las de ``generar_corpus.py`` (de ahí salen, con la misma semilla). La
historia tiene exactamente ``--commits`` commits:

- el primero publica la hoja de ruta acordada (sin avances) y lleva la etiqueta
  ``linea-base``;
- los demás, de varias personas (con acentos en los nombres) y con fechas que
  avanzan de una hora a un día entre commits desde enero de 2020,
  tocan de 1 a 3 compromisos cada uno: marcan hitos cumplidos (con fecha y
  evidencia), registran verificaciones, editan notas, cambian textos acordados,
  recorren fechas de término (casi siempre con su entrada en
  ``modificaciones``, a veces sin ella), reabren algún hito y renombran algún
  archivo;
- las etiquetas ``avance-1`` ... ``avance-4`` marcan cortes de reporte.

Los commits se escriben con ``git fast-import`` (un solo proceso) con autor,
committer y fechas explícitos, y sin leer la configuración global de git:
la misma semilla da los mismos commits, con los mismos SHA.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random

import generar_corpus as gc  # junto a este archivo: sys.path[0] es benchmarks/

VERSION = 1  # súbala si cambia la salida: medir_historial.py la usa en el nombre

INICIO = datetime(2020, 1, 6, 15, 0, tzinfo=UTC)
ZONA = "-0600"  # hora del centro de México; las marcas de tiempo van en UTC

AUTORES = (
    ("Ana Pérez Domínguez", "ana.perez@transparencia.example.org"),
    ("José Ángel Núñez", "jose.nunez@funcionpublica.example.org"),
    ("María Fernanda Ibáñez", "mfernanda@gesoc.example.org"),
    ("Luis Gómez Ávila", "luis.gomez@inai.example.org"),
    ("Sofía Muñoz Treviño", "sofia.munoz@fundar.example.org"),
    ("Bot de reportes", "reportes-bot@example.org"),
)

OPERACIONES = (
    ("marcar", 45),
    ("verificar", 15),
    ("notas", 10),
    ("texto", 12),
    ("fecha", 12),
    ("reabrir", 3),
    ("renombrar", 3),
)


@dataclass
class Archivo:
    ruta: str
    compromiso: gc.Compromiso


def sin_avance(c: gc.Compromiso) -> gc.Compromiso:
    """La hoja de ruta acordada: sin campos de reporte ni modificaciones."""
    c = copy.deepcopy(c)
    c.modificaciones = []
    c.irm = None
    for h in c.hitos:
        h.cumplido = None
        h.fecha_cumplimiento = None
        h.evidencia = []
        h.verificado = None
        h.notas = None
        for a in h.actividades:
            a.cumplida = None
    return c


class Historia:
    def __init__(self, compromisos: int, semilla: int) -> None:
        self.semilla = semilla
        self.rng = Random(f"hdr-repo-{semilla}")
        self.gen: dict[int, gc.Generador] = {}
        self.archivos: dict[int, Archivo] = {}
        for numero in range(1, compromisos + 1):
            g = gc.Generador(semilla, numero)
            c = sin_avance(g.compromiso())
            self.gen[numero] = g
            self.archivos[numero] = Archivo(f"compromisos/{numero:04d}-{gc.slug(c.nombre)}.yaml", c)

    def yaml(self, numero: int) -> bytes:
        return gc.compromiso_yaml(self.archivos[numero].compromiso, self.semilla).encode()

    # --- operaciones: cada una cambia un compromiso y devuelve un mensaje, o None -----

    def marcar(self, numero: int, dia: date) -> str | None:
        c = self.archivos[numero].compromiso
        pendientes = [i for i, h in enumerate(c.hitos) if not h.cumplido and h.inicio <= dia]
        if not pendientes:
            return None
        i = pendientes[0]
        h = c.hitos[i]
        h.cumplido = True
        h.fecha_cumplimiento = max(h.inicio, dia - timedelta(days=self.rng.randint(0, 14)))
        dominio = c.responsables[0].correo.split("@")[1]
        h.evidencia = [
            f"https://{dominio}/gobierno-abierto/compromiso-{numero}/hito-{i + 1}/evidencia-{j}.pdf"
            for j in range(1, self.rng.randint(1, 2) + 1)
        ]
        return f"Compromiso {numero}: reporta el hito {i + 1} cumplido"

    def verificar(self, numero: int, dia: date) -> str | None:
        c = self.archivos[numero].compromiso
        hechos = [i for i, h in enumerate(c.hitos) if h.cumplido and h.verificado is None]
        if not hechos:
            return None
        i = hechos[0]
        h = c.hitos[i]
        assert h.fecha_cumplimiento is not None
        h.verificado = (self.rng.choice(c.corresponsables).nombre, max(dia, h.fecha_cumplimiento))
        return f"Compromiso {numero}: verificación del hito {i + 1}"

    def notas(self, numero: int, dia: date) -> str | None:
        h = self.rng.choice(self.archivos[numero].compromiso.hitos)
        h.notas = self.gen[numero].parrafo(1, 2)
        return f"Compromiso {numero}: actualiza notas"

    def texto(self, numero: int, dia: date) -> str | None:
        c = self.archivos[numero].compromiso
        if self.rng.random() < 0.5:
            self.rng.choice(c.hitos).descripcion = self.gen[numero].parrafo(1, 3)
        else:
            c.problematica = self.gen[numero].parrafos(2, 3)
        if self.rng.random() < 0.5:
            self.modificacion(numero, dia, "Se precisa la redacción acordada en la mesa.")
        return f"Compromiso {numero}: corrige la redacción"

    def fecha(self, numero: int, dia: date) -> str | None:
        c = self.archivos[numero].compromiso
        fin = c.periodo[1] if c.periodo is not None else gc.PLAN_FIN
        pendientes = [h for h in c.hitos if not h.cumplido and h.termino < fin]
        if not pendientes:
            return None
        h = self.rng.choice(pendientes)
        h.termino = min(fin, h.termino + timedelta(days=self.rng.randint(15, 60)))
        if self.rng.random() < 0.75:
            self.modificacion(numero, dia, f"Se recorre al {h.termino} el término de un hito.")
        return f"Compromiso {numero}: recorre una fecha de término"

    def reabrir(self, numero: int, dia: date) -> str | None:
        c = self.archivos[numero].compromiso
        hechos = [i for i, h in enumerate(c.hitos) if h.cumplido]
        if not hechos:
            return None
        i = self.rng.choice(hechos)
        h = c.hitos[i]
        h.cumplido, h.fecha_cumplimiento, h.evidencia, h.verificado = False, None, [], None
        return f"Compromiso {numero}: reabre el hito {i + 1} (evidencia insuficiente)"

    def renombrar(self, numero: int, dia: date) -> str | None:
        archivo = self.archivos[numero]
        corto = gc.slug(archivo.compromiso.nombre, self.rng.randint(12, 30))
        nueva = f"compromisos/{numero:04d}-{corto}.yaml"
        if nueva == archivo.ruta:
            return None
        archivo.ruta = nueva
        return f"Compromiso {numero}: renombra el archivo"

    def modificacion(self, numero: int, dia: date, descripcion: str) -> None:
        c = self.archivos[numero].compromiso
        acuerdo = f"https://gobabiertomx.org/minutas/{dia}-{numero}.pdf"
        c.modificaciones.append((dia, descripcion, acuerdo))


def _data(contenido: bytes) -> bytes:
    return b"data %d\n" % len(contenido) + contenido + b"\n"


def flujo(compromisos: int, commits: int, semilla: int) -> bytes:
    """El flujo de ``git fast-import`` con toda la historia."""
    h = Historia(compromisos, semilla)
    rng = h.rng
    operaciones = [nombre for nombre, _ in OPERACIONES]
    pesos = [peso for _, peso in OPERACIONES]
    cortes = {commits * k // 5: f"avance-{k}" for k in range(1, 5)}
    salida: list[bytes] = []
    momento = INICIO

    def commit(marca: int, autor: tuple[str, str], mensaje: str, cambios: list[bytes]) -> None:
        ts = int(momento.timestamp())
        persona = f"{autor[0]} <{autor[1]}> {ts} {ZONA}".encode()
        salida.append(b"commit refs/heads/main\nmark :%d\n" % marca)
        salida.append(b"author " + persona + b"\ncommitter " + persona + b"\n")
        salida.append(_data(mensaje.encode()))
        salida.extend(cambios)

    plan = gc.PLAN_YAML.format(n=compromisos, inicio=gc.PLAN_INICIO, fin=gc.PLAN_FIN)
    plan += "linea_base: linea-base\n"
    inicial = [b"M 100644 inline plan.yaml\n" + _data(plan.encode())]
    for numero, archivo in h.archivos.items():
        inicial.append(b"M 100644 inline %s\n" % archivo.ruta.encode() + _data(h.yaml(numero)))
    commit(1, AUTORES[0], "Publica la hoja de ruta acordada", inicial)
    salida.append(b"reset refs/tags/linea-base\nfrom :1\n\n")

    for marca in range(2, commits + 1):
        momento += timedelta(hours=rng.randint(1, 24))
        dia = momento.date()
        tocados = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
        mensajes: list[str] = []
        cambios: list[bytes] = []
        for numero in rng.sample(sorted(h.archivos), tocados):
            antes = h.archivos[numero].ruta
            mensaje = None
            for operacion in [rng.choices(operaciones, weights=pesos)[0], "notas"]:
                mensaje = getattr(h, operacion)(numero, dia)
                if mensaje is not None:
                    break
            assert mensaje is not None
            mensajes.append(mensaje)
            despues = h.archivos[numero].ruta
            if despues != antes:
                cambios.append(b"D %s\n" % antes.encode())
            cambios.append(b"M 100644 inline %s\n" % despues.encode() + _data(h.yaml(numero)))
        titulo = mensajes[0] if len(mensajes) == 1 else f"Reporte de {len(mensajes)} compromisos"
        cuerpo = "\n".join(f"- {m}" for m in mensajes) if len(mensajes) > 1 else ""
        autor = rng.choice(AUTORES)
        commit(marca, autor, titulo + ("\n\n" + cuerpo if cuerpo else ""), cambios)
        if marca in cortes:
            salida.append(b"reset refs/tags/%s\nfrom :%d\n\n" % (cortes[marca].encode(), marca))
    salida.append(b"done\n")
    return b"".join(salida)


def entorno() -> dict[str, str]:
    """git sin la configuración de la persona (ganchos, firmas, etc.)."""
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    return env


def generar(destino: Path, compromisos: int, commits: int, semilla: int) -> None:
    """Crea el repositorio. Al final escribe .git/hdr-repo-listo: si existe, está completo."""
    env = entorno()
    destino.mkdir(parents=True, exist_ok=True)

    def git(*args: str, entrada: bytes | None = None) -> None:
        subprocess.run(
            ["git", "-c", "init.defaultBranch=main", *args],
            cwd=destino,
            env=env,
            input=entrada,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    git("init", "-q")
    git("fast-import", "--quiet", "--done", entrada=flujo(compromisos, commits, semilla))
    git("reset", "-q", "--hard", "main")
    (destino / ".git" / "hdr-repo-listo").write_text("1\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Genera un repositorio git con la historia sintética de un plan."
    )
    parser.add_argument("destino", type=Path, help="carpeta del repositorio a crear")
    parser.add_argument("--compromisos", type=int, default=200, help="cuántos (200)")
    parser.add_argument("--commits", type=int, default=1000, help="cuántos commits (1000)")
    parser.add_argument("--semilla", type=int, default=1, help="semilla (1)")
    parser.add_argument("--sobrescribir", action="store_true", help="borra DESTINO si ya existe")
    args = parser.parse_args(argv)
    destino: Path = args.destino
    if args.compromisos < 1 or args.commits < 1:
        parser.error("--compromisos y --commits deben ser al menos 1")
    if destino.exists() and any(destino.iterdir()):
        if not args.sobrescribir:
            print(f"{destino} ya existe; use --sobrescribir para reemplazarlo.", file=sys.stderr)
            return 2
        shutil.rmtree(destino)
    generar(destino, args.compromisos, args.commits, args.semilla)
    print(f"{args.commits} commits sobre {args.compromisos} compromisos en {destino}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
