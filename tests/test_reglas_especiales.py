"""The two codes that need a special setup: ``plan-no-encontrado`` and ``cambio-sin-acuerdo``.

``cambio-sin-acuerdo`` runs on a real git repository built in a temporary
folder, with git's configuration isolated from the machine's.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan as check_plan
from hojaderuta.cli import app
from hojaderuta.core.findings import CODIGOS, Codigo, Finding
from hojaderuta.errors import GitError

AL = date(2020, 6, 15)

# --------------------------------------------------------------- plan-no-encontrado


def _sin_plan_arriba(folder: Path) -> None:
    if any((p / "plan.yaml").is_file() for p in folder.parents):
        pytest.skip("hay un plan.yaml en una carpeta superior a la temporal")


def test_plan_no_encontrado_texto(tmp_path: Path) -> None:
    _sin_plan_arriba(tmp_path)
    result = CliRunner().invoke(app, ["validar", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "plan.yaml" in result.output


def test_plan_no_encontrado_json(tmp_path: Path) -> None:
    _sin_plan_arriba(tmp_path)
    result = CliRunner().invoke(app, ["validar", str(tmp_path), "--formato", "json"])
    assert result.exit_code == 2, result.output
    payload = json.loads(result.stdout)
    assert payload["formato"] == 1
    assert payload["errores"] == 1
    [hallazgo] = payload["hallazgos"]
    assert hallazgo["codigo"] == "plan-no-encontrado"
    assert hallazgo["severidad"] == str(CODIGOS[Codigo.PLAN_NO_ENCONTRADO]) == "error"
    assert hallazgo["linea"] >= 1 and hallazgo["columna"] >= 1
    assert hallazgo["mensaje"].strip()


def test_plan_se_busca_en_carpetas_superiores(tmp_path: Path) -> None:
    """Not plan-no-encontrado: a subfolder of a plan finds the plan above it."""
    plan = _write_plan(tmp_path / "plan")
    sub = plan / "compromisos"
    result = CliRunner().invoke(
        app, ["validar", str(sub), "--formato", "json", "--al", AL.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plan"] == "plan-git"


# --------------------------------------------------------------- cambio-sin-acuerdo

PLAN = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
formato: 1
id: plan-git
nombre: Plan con línea base
ambito: local
periodo:
  inicio: 2020-01-01
  fin: 2021-12-31
"""

# Lines: numero 2, hito 1 ponderacion 32, hito 2 ponderacion 40, hito 2 termino 46.
COMPROMISO = """\
# yaml-language-server: $schema=../../schemas/compromiso.schema.json
numero: {numero}
nombre: Presupuesto abierto municipal
responsables:
  - &ana
    nombre: Ana Pérez Ruiz
    cargo: Directora de Datos Abiertos
    institucion: Secretaría de Finanzas
    correo: ana.perez@finanzas.example.org
corresponsables:
  - nombre: Luis Gómez Vera
    cargo: Coordinador
    institucion: Colectivo Ciudadano A.C.
    correo: luis.gomez@colectivo.example.org
objetivo_corto_plazo: Publicar el presupuesto municipal como datos abiertos.
objetivo_mediano_plazo: Institucionalizar la apertura presupuestaria.
problematica: La información presupuestaria no es accesible.
contribucion: Datos abiertos que la ciudadanía puede analizar.
supuestos:
  - Voluntad política sostenida.
verificacion: Conjunto de datos publicado en el portal.
valores_ogp:
  valores: [transparencia]
  justificacion: Abre información pública.
agenda_2030:
  - ods: 16
    metas: ["16.6", "16.10"]
perspectiva_genero: Los datos se desagregan por sexo.
eje_pnd: Eje I. Política y Gobierno
hitos:
  - nombre: Diagnóstico
    ponderacion: {p1}
    responsable: *ana
    descripcion: Diagnóstico de la información presupuestaria.
    indicador: Diagnóstico publicado
    medio_verificacion: Documento del diagnóstico
    inicio: 2020-03-01
    termino: 2020-06-30
  - nombre: Publicación
    ponderacion: {p2}
    responsable: *ana
    descripcion: Publicar el presupuesto en formato abierto.
    indicador: Presupuesto publicado
    medio_verificacion: Enlace al conjunto de datos
    inicio: 2020-07-01
    termino: {termino2}
{final}"""

MODIFICACION = """\
modificaciones:
  - fecha: 2020-06-01
    descripcion: Se ajustan las ponderaciones de los hitos.
    acuerdo: https://gobiernoabierto.example.org/minutas/2020-06-01.pdf
"""

ARCHIVO = "compromisos/01-presupuesto.yaml"


def _compromiso(
    numero: int = 1, p1: str = "50", p2: str = "50", termino2: str = "2020-12-31", final: str = ""
) -> str:
    return COMPROMISO.format(numero=numero, p1=p1, p2=p2, termino2=termino2, final=final)


def _write_plan(plan_dir: Path, plan: str = PLAN, compromiso: str | None = None) -> Path:
    (plan_dir / "compromisos").mkdir(parents=True, exist_ok=True)
    (plan_dir / "plan.yaml").write_text(plan, encoding="utf-8")
    texto = _compromiso() if compromiso is None else compromiso
    (plan_dir / ARCHIVO).write_text(texto, encoding="utf-8")
    return plan_dir


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """git (and GitPython, which reads os.environ) without the machine's configuration."""
    env = {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_SYSTEM": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Pérez",
        "GIT_AUTHOR_EMAIL": "ana@example.org",
        "GIT_COMMITTER_NAME": "Ana Pérez",
        "GIT_COMMITTER_EMAIL": "ana@example.org",
        "GIT_AUTHOR_DATE": "2020-05-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2020-05-01T12:00:00+00:00",
        "GIT_TERMINAL_PROMPT": "0",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        env=os.environ.copy(),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(params=["4pa", "."], ids=["subcarpeta", "raiz"])
def repo(request: pytest.FixtureRequest, tmp_path: Path, git_env: None) -> Path:
    """A repository whose plan (in a subfolder, or at its root) is tagged ``linea-base``."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "-c", "init.defaultBranch=main", "init", "-q")
    plan_dir = root / str(request.param)
    _write_plan(plan_dir)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Hoja de ruta acordada")
    _git(root, "tag", "linea-base")
    return plan_dir


def _commit(plan_dir: Path, message: str) -> None:
    _git(plan_dir, "add", "-A")
    _git(plan_dir, "commit", "-q", "-m", message)


def _cambios(findings: list[Finding]) -> Counter[tuple[str, int]]:
    return Counter((f.archivo, f.linea) for f in findings if f.codigo == "cambio-sin-acuerdo")


def test_linea_base_sin_cambios(repo: Path) -> None:
    check = check_plan(repo, al=AL, linea_base="linea-base")
    assert check.findings == []


def test_cambio_de_ponderaciones_sin_acuerdo(repo: Path) -> None:
    _write_plan(repo, compromiso=_compromiso(p1="60", p2="40"))  # sum stays 100
    _commit(repo, "Cambia ponderaciones")
    check = check_plan(repo, al=AL, linea_base="linea-base")
    assert Counter((f.codigo, f.archivo, f.linea) for f in check.findings) == Counter(
        {("cambio-sin-acuerdo", ARCHIVO, 32): 1, ("cambio-sin-acuerdo", ARCHIVO, 40): 1}
    )
    by_line = {f.linea: f for f in check.findings}
    assert by_line[32].ruta == "/hitos/0/ponderacion"
    assert by_line[40].ruta == "/hitos/1/ponderacion"
    for f in check.findings:
        assert f.severidad is CODIGOS[Codigo.CAMBIO_SIN_ACUERDO]
        assert "linea-base" in f.mensaje and "modificaciones" in f.mensaje


def test_cambio_sin_commit_tambien_cuenta(repo: Path) -> None:
    """The working tree is compared with the baseline, committed or not."""
    _write_plan(repo, compromiso=_compromiso(termino2="2021-03-31"))
    check = check_plan(repo, al=AL, linea_base="linea-base")
    assert _cambios(check.findings) == Counter({(ARCHIVO, 46): 1})


def test_cambio_con_modificacion_registrada(repo: Path) -> None:
    _write_plan(repo, compromiso=_compromiso(p1="60", p2="40", final=MODIFICACION))
    _commit(repo, "Cambia ponderaciones con acuerdo")
    check = check_plan(repo, al=AL, linea_base="linea-base")
    assert check.findings == []


def test_campos_de_reporte_no_son_cambios(repo: Path) -> None:
    reporte = (
        "    cumplido: true\n"
        "    fecha_cumplimiento: 2020-06-10\n"
        "    evidencia:\n"
        "      - https://datos.example.org/presupuesto\n"
        "    notas: Se publicó antes de lo previsto.\n"
        "irm:\n"
        "  cumplimiento: completo\n"
    )
    _write_plan(repo, compromiso=_compromiso(final=reporte))
    _commit(repo, "Reporta avance")
    check = check_plan(repo, al=AL, linea_base="linea-base")
    # Reporting fields never need an agreement; the early date is only a warning.
    assert [f.codigo for f in check.findings] == ["cumplimiento-fuera-de-hito"]


def test_compromiso_nuevo_sin_acuerdo(repo: Path) -> None:
    nuevo = repo / "compromisos" / "02-nuevo.yaml"
    nuevo.write_text(_compromiso(numero=2), encoding="utf-8")
    _commit(repo, "Agrega compromiso")
    check = check_plan(repo, al=AL, linea_base="linea-base")
    assert Counter((f.codigo, f.archivo, f.linea, f.ruta) for f in check.findings) == Counter(
        {("cambio-sin-acuerdo", "compromisos/02-nuevo.yaml", 2, "/numero"): 1}
    )
    nuevo.write_text(_compromiso(numero=2, final=MODIFICACION), encoding="utf-8")
    assert check_plan(repo, al=AL, linea_base="linea-base").findings == []


def test_linea_base_en_plan_yaml(repo: Path) -> None:
    _write_plan(
        repo, plan=PLAN + "linea_base: linea-base\n", compromiso=_compromiso(p1="60", p2="40")
    )
    _commit(repo, "Cambia ponderaciones y declara la línea base")
    by_argument = check_plan(repo, al=AL, linea_base="linea-base").findings
    by_plan = check_plan(repo, al=AL).findings
    assert _cambios(by_plan) == Counter({(ARCHIVO, 32): 1, (ARCHIVO, 40): 1})
    assert by_plan == by_argument
    # Without linea_base anywhere there is nothing to compare with.
    _write_plan(repo, compromiso=_compromiso(p1="60", p2="40"))
    assert check_plan(repo, al=AL).findings == []


def test_linea_base_por_cli(repo: Path) -> None:
    _write_plan(repo, compromiso=_compromiso(p1="60", p2="40"))
    args = ["validar", str(repo), "--formato", "json", "--al", AL.isoformat()]
    result = CliRunner().invoke(app, [*args, "--linea-base", "linea-base"])
    assert result.exit_code == 1, result.output
    codes = [h["codigo"] for h in json.loads(result.stdout)["hallazgos"]]
    assert codes == ["cambio-sin-acuerdo", "cambio-sin-acuerdo"]
    assert CliRunner().invoke(app, args).exit_code == 0


def test_linea_base_inexistente(repo: Path) -> None:
    with pytest.raises(GitError):
        check_plan(repo, al=AL, linea_base="no-existe")
    result = CliRunner().invoke(
        app, ["validar", str(repo), "--al", AL.isoformat(), "--linea-base", "no-existe"]
    )
    assert result.exit_code == 2, result.output


def test_linea_base_outside_git_is_a_warning(tmp_path: Path) -> None:
    """A plan copied without .git still validates; the baseline is reported as unchecked."""
    import shutil

    from hojaderuta.checks import validate_plan as check_plan

    from .conftest import COMPROMISO_13

    plan = tmp_path / "plan"
    shutil.copytree(COMPROMISO_13, plan)
    with (plan / "plan.yaml").open("a", encoding="utf-8") as fh:
        fh.write("linea_base: 4pa-publicado\n")
    check = check_plan(plan, al=date(2020, 3, 1))
    assert [(f.codigo, f.severidad.value, f.linea) for f in check.findings] == [
        ("linea-base-no-verificada", "advertencia", 12)
    ]
