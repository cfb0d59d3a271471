"""Data-driven cases: each folder of tests/casos is a small plan and its expected findings.

A case folder holds ``plan.yaml``, ``compromisos/*.yaml`` and ``esperado.yaml``::

    al: "2020-06-30"            # evaluation date (check_plan's al=)
    descripcion: Las ponderaciones suman 90.
    falla_conocida: "..."       # optional: a known bug; the case is a strict xfail
    falla_lanza: ValueError     # optional: the bug is check_plan raising this exception
    hallazgos:                  # the exact multiset of findings
      - {codigo: ponderacion-suma, archivo: compromisos/01-ejemplo.yaml, linea: 30}

The expected lines were derived by reading the YAML of each case, not by
copying the program's output.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from hojaderuta.checks import validate_plan as check_plan
from hojaderuta.core.findings import CODIGOS, Finding
from hojaderuta.core.loading import Limits

CASOS = Path(__file__).parent / "casos"

# Codes that need a special setup (no plan at all, a git baseline): see
# test_reglas_especiales.py.
ESPECIALES = {"plan-no-encontrado", "cambio-sin-acuerdo", "linea-base-no-verificada"}

Clave = tuple[str, str, int]


def _folders() -> list[Path]:
    return sorted(p for p in CASOS.iterdir() if (p / "esperado.yaml").is_file())


def _expected(folder: Path) -> dict[str, Any]:
    with (folder / "esperado.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _al(esperado: dict[str, Any]) -> date:
    al = esperado["al"]
    return al if isinstance(al, date) else date.fromisoformat(str(al))


def _expected_keys(esperado: dict[str, Any]) -> Counter[Clave]:
    return Counter(
        (h["codigo"], h["archivo"], int(h["linea"])) for h in esperado.get("hallazgos") or []
    )


# Exceptions a known-bug case may name in ``falla_lanza``.
EXCEPCIONES: dict[str, type[Exception]] = {"ValueError": ValueError, "OSError": OSError}


def _params(only_crashes: bool = False) -> list[Any]:
    """One param per case; known bugs are strict xfails.

    With ``only_crashes``, only the cases whose bug is an exception are xfails
    (a case with wrong findings still yields well-formed ones).
    """
    params = []
    for folder in _folders():
        esperado = _expected(folder)
        reason = esperado.get("falla_conocida")
        raises = EXCEPCIONES.get(str(esperado.get("falla_lanza")))
        marks = []
        if reason and (raises or not only_crashes):
            marks.append(pytest.mark.xfail(strict=True, reason=str(reason), raises=raises))
        params.append(pytest.param(folder, id=folder.name, marks=marks))
    return params


def _run(folder: Path) -> list[Finding]:
    return check_plan(folder, al=_al(_expected(folder))).findings


def _describe(findings: list[Finding]) -> str:
    return "\n".join(
        f"  {f.codigo} {f.archivo}:{f.linea}:{f.columna} {f.ruta} {f.mensaje}" for f in findings
    )


def test_hay_casos() -> None:
    assert len(_folders()) >= 20


@pytest.mark.parametrize("folder", _params())
def test_caso(folder: Path) -> None:
    esperado = _expected(folder)
    assert esperado.get("descripcion"), "cada caso explica qué prueba"
    assert (folder / "plan.yaml").is_file() and (folder / "compromisos").is_dir()
    for codigo, archivo, linea in _expected_keys(esperado):
        assert codigo in CODIGOS, codigo
        lines = (folder / archivo).read_bytes().count(b"\n") + 1
        assert 1 <= linea <= lines, (archivo, linea)
    findings = _run(folder)
    got = Counter((str(f.codigo), f.archivo, f.linea) for f in findings)
    want = _expected_keys(esperado)
    assert got == want, (
        f"{folder.name}: {esperado['descripcion']}\n"
        f"faltan: {sorted((want - got).elements())}\n"
        f"sobran: {sorted((got - want).elements())}\n"
        f"obtenidos:\n{_describe(findings)}"
    )


@pytest.mark.parametrize("folder", _params(only_crashes=True))
def test_hallazgos_bien_formados(folder: Path) -> None:
    for f in _run(folder):
        assert f.codigo in CODIGOS, f
        assert f.severidad is CODIGOS[f.codigo], f
        assert isinstance(f.mensaje, str) and f.mensaje.strip(), f
        assert f.linea >= 1 and f.columna >= 1, f
        assert f.ruta == "" or f.ruta.startswith("/"), f
        assert not f.archivo.startswith("/") and "\\" not in f.archivo, f
        assert (folder / f.archivo).is_file(), f
        # The messages are for Spanish-speaking users, not libyaml's English.
        assert "could not" not in f.mensaje and "expected" not in f.mensaje, f


def test_todos_los_codigos_tienen_caso() -> None:
    """Every code (but the two with a special setup) is produced by at least one case."""
    produced: set[str] = set()
    for folder in _folders():
        if _expected(folder).get("falla_conocida"):
            continue  # a known-bug case does not count as coverage
        produced |= {codigo for codigo, _, _ in _expected_keys(_expected(folder))}
    missing = set(CODIGOS) - ESPECIALES - produced
    assert not missing, f"códigos sin caso en tests/casos: {sorted(missing)}"
    assert set(CODIGOS) >= ESPECIALES


def test_casos_validos() -> None:
    """At least two plans pass with no findings at all."""
    valid = [
        f
        for f in _folders()
        if not _expected(f).get("hallazgos") and not _expected(f).get("falla_conocida")
    ]
    assert len(valid) >= 2


def test_archivo_demasiado_grande() -> None:
    """Past the size limit a file is not even parsed: yaml-inseguro on line 1 of each file."""
    folder = CASOS / "valido-minimo"
    check = check_plan(folder, al=_al(_expected(folder)), limits=Limits(max_bytes=100))
    assert [(f.codigo, f.archivo, f.linea, f.columna) for f in check.findings] == [
        ("yaml-inseguro", "compromisos/01-presupuesto-abierto.yaml", 1, 1),
        ("yaml-inseguro", "plan.yaml", 1, 1),
    ]
