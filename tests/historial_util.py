"""Building small plans and their git histories for the history tests.

Each commitment is written from a Python dict with PyYAML (dates as quoted
strings, as the format keeps them), so a test states exactly what each commit
changes. Commits get fixed dates and, when asked, their own author.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from hojaderuta.git.cachefiles import read_sealed, write_sealed

from .conftest import git

PLAN: dict[str, Any] = {
    "formato": 1,
    "id": "plan-historia",
    "nombre": "Plan de prueba del historial",
    "ambito": "local",
    "periodo": {"inicio": "2020-01-01", "fin": "2021-12-31"},
}

CORRESPONSABLE = "Mariana Quintero Lagos"


def persona(nombre: str, institucion: str) -> dict[str, str]:
    usuario = nombre.split()[0].lower()
    return {
        "nombre": nombre,
        "cargo": "Coordinación",
        "institucion": institucion,
        "correo": f"{usuario}@example.org",
    }


def hito(nombre: str, ponderacion: float, inicio: str, termino: str) -> dict[str, Any]:
    return {
        "nombre": nombre,
        "ponderacion": ponderacion,
        "responsable": persona("Ana Ramírez", "Secretaría de Ejemplo"),
        "descripcion": f"Descripción de {nombre}.",
        "indicador": f"{nombre} terminado",
        "medio_verificacion": "Publicación en el sitio",
        "inicio": inicio,
        "termino": termino,
    }


def compromiso(numero: int, pesos: tuple[float, ...] = (40, 60)) -> dict[str, Any]:
    """A schema-valid commitment; hito k runs from month 2k+1 to 2k+3 of 2020."""
    return {
        "numero": numero,
        "nombre": f"Compromiso de prueba {numero}",
        "responsables": [persona("Ana Ramírez", "Secretaría de Ejemplo")],
        "corresponsables": [persona(CORRESPONSABLE, "Colectivo Ejemplo A.C.")],
        "objetivo_corto_plazo": "Objetivo corto.",
        "objetivo_mediano_plazo": "Objetivo mediano.",
        "problematica": "Problemática.",
        "contribucion": "Contribución.",
        "supuestos": ["Supuesto."],
        "verificacion": "Verificación.",
        "valores_ogp": {"valores": ["transparencia"], "justificacion": "Justificación."},
        "agenda_2030": [{"ods": 16, "metas": ["16.6"]}],
        "perspectiva_genero": "Perspectiva.",
        "eje_pnd": "Eje 1",
        "hitos": [
            hito(f"Hito {k + 1}", w, f"2020-{2 * k + 1:02d}-01", f"2020-{2 * k + 3:02d}-28")
            for k, w in enumerate(pesos)
        ],
    }


def cumplir(data: dict[str, Any], k: int, fecha: str) -> dict[str, Any]:
    """A copy with hito k (0-based) marked cumplido on ``fecha``."""
    out = copy.deepcopy(data)
    out["hitos"][k].update(
        cumplido=True, fecha_cumplimiento=fecha, evidencia=["https://example.org/e.pdf"]
    )
    return out


def verificar(data: dict[str, Any], k: int, fecha: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["hitos"][k]["verificado"] = {"por": CORRESPONSABLE, "fecha": fecha}
    return out


def reabrir(data: dict[str, Any], k: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for key in ("fecha_cumplimiento", "evidencia", "verificado"):
        out["hitos"][k].pop(key, None)
    out["hitos"][k]["cumplido"] = False
    return out


def modificacion(fecha: str, texto: str) -> dict[str, str]:
    return {"fecha": fecha, "descripcion": texto, "acuerdo": "https://example.org/minuta.pdf"}


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write(plan_dir: Path, archivo: str, data: dict[str, Any]) -> None:
    path = plan_dir / archivo
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")


def new_repo(root: Path, subdir: str = "plan", plan: dict[str, Any] | None = None) -> Path:
    """An empty repository at ``root`` with plan.yaml in ``root/subdir`` (not committed)."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    plan_dir = root / subdir if subdir else root
    write(plan_dir, "plan.yaml", plan or PLAN)
    (plan_dir / "compromisos").mkdir(exist_ok=True)
    return plan_dir


def commit(repo: Path, message: str, date: str, author: str | None = None) -> str:
    """Commit everything at ``date`` (author and committer date); returns the full sha."""
    git(repo, "add", "-A")
    extra = ["--author", author] if author else []
    git(repo, "commit", "-q", "--allow-empty", "-m", message, *extra, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def result_files(plan_dir: Path) -> list[Path]:
    """The cached whole results (``git.historycache``) of the repository holding the plan."""
    return sorted(_git_dir(plan_dir).glob("hdr-cache/historial-*/head-*.result"))


def drop_results(plan_dir: Path) -> None:
    """Forget the cached whole results: the next read walks the history (with the packs)."""
    for path in result_files(plan_dir):
        path.unlink()


def drop_pairs(plan_dir: Path) -> None:
    """Keep only the versions in the packs: every pair of versions is compared again."""
    for pack in _git_dir(plan_dir).glob("hdr-cache/historial-*/*.pack"):
        payload = read_sealed(pack)
        assert payload is not None
        assert write_sealed(pack, (payload[0], {}))


def _git_dir(plan_dir: Path) -> Path:
    return Path(git(plan_dir, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
