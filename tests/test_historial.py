"""``hdr historial``: events, the progress series and provenance, on real repositories.

Every repository is built in a temporary folder with git's configuration
isolated and fixed author and committer dates (``conftest.git``).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from hojaderuta.checks.progress import avance_at
from hojaderuta.cli import app
from hojaderuta.core.discovery import find_repo_root
from hojaderuta.errors import GitError
from hojaderuta.git.history import History, read_history
from hojaderuta.git.provenance import provenance, try_provenance
from hojaderuta.progress import r2
from hojaderuta.text.csvcell import BOM
from hojaderuta.text.describe import describe_event

from . import historial_util as h
from .conftest import git

LUIS = "Luis Gómez <luis@example.org>"
SOFIA = "Sofía Muñoz <sofia@example.org>"
ANA = "Ana Pérez <ana@example.org>"  # conftest's author and committer

C1 = "compromisos/01-datos.yaml"
C2 = "compromisos/02-residuos.yaml"


def _eventos(history: History) -> list[tuple[Any, ...]]:
    return [(e.tipo, e.compromiso, e.hito, e.commit.sha) for e in history.eventos]


@pytest.fixture
def historia(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """One commit per event type; returns the plan and the sha of each commit by name."""
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1, c2 = h.compromiso(1), h.compromiso(2, (50, 50))
    shas: dict[str, str] = {}
    h.write(plan, C1, c1)
    h.write(plan, C2, c2)
    shas["inicial"] = h.commit(root, "Publica la hoja de ruta", "2020-01-10T09:00:00-06:00")
    git(root, "tag", "linea-base")
    c1 = h.cumplir(c1, 0, "2020-02-25")
    h.write(plan, C1, c1)
    shas["cumple"] = h.commit(root, "Reporta el hito 1", "2020-03-01T10:30:00-06:00", LUIS)
    c1 = h.verificar(c1, 0, "2020-03-05")
    h.write(plan, C1, c1)
    shas["verifica"] = h.commit(root, "Verifica el hito 1", "2020-03-10T11:00:00-06:00", SOFIA)
    c2["hitos"][1]["termino"] = "2020-06-30"
    c2["modificaciones"] = [h.modificacion("2020-03-20", "Se recorre el término del hito 2.")]
    h.write(plan, C2, c2)
    shas["cambia"] = h.commit(root, "Recorre una fecha", "2020-04-01T12:00:00+00:00")
    c1 = h.reabrir(c1, 0)
    h.write(plan, C1, c1)
    shas["reabre"] = h.commit(root, "Reabre el hito 1", "2020-05-01T12:00:00+00:00")
    (plan / C2).unlink()
    shas["elimina"] = h.commit(root, "Elimina el compromiso 2", "2020-06-01T12:00:00+00:00")
    return plan, shas


def test_cada_tipo_de_evento(historia: tuple[Path, dict[str, str]]) -> None:
    plan, s = historia
    history = read_history(plan)
    assert history.completo
    assert history.plan == "plan-historia"
    assert _eventos(history) == [
        ("compromiso-nuevo", 1, None, s["inicial"]),
        ("compromiso-nuevo", 2, None, s["inicial"]),
        ("hito-cumplido", 1, 1, s["cumple"]),
        ("hito-verificado", 1, 1, s["verifica"]),
        ("cambio", 2, None, s["cambia"]),
        ("modificacion-registrada", 2, None, s["cambia"]),
        ("hito-reabierto", 1, 1, s["reabre"]),
        ("compromiso-eliminado", 2, None, s["elimina"]),
    ]
    cambio = history.eventos[4]
    assert (cambio.campo, cambio.antes, cambio.despues) == (
        "/hitos/1/termino",
        "2020-05-28",
        "2020-06-30",
    )
    registrada = history.eventos[5]
    assert registrada.detalle is not None
    assert registrada.detalle["descripcion"] == "Se recorre el término del hito 2."
    verificado = history.eventos[3]
    assert verificado.detalle == {"por": h.CORRESPONSABLE, "fecha": "2020-03-05"}


def test_json_del_contrato(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, s = historia
    result = runner.invoke(app, ["historial", str(plan), "--formato", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["formato", "plan", "completo", "eventos", "serie"]
    assert payload["formato"] == 1
    assert payload["plan"] == "plan-historia"
    assert payload["completo"] is True
    cumplido = payload["eventos"][2]
    assert cumplido == {
        "tipo": "hito-cumplido",
        "compromiso": 1,
        "hito": 1,
        "fecha": "2020-03-01T10:30:00-06:00",
        "commit": s["cumple"],
        "autor": LUIS,
        "mensaje": "Reporta el hito 1",
    }
    nuevo = payload["eventos"][0]
    assert list(nuevo) == ["tipo", "compromiso", "fecha", "commit", "autor", "mensaje"]
    assert nuevo["autor"] == ANA
    cambio = payload["eventos"][4]
    assert cambio["tipo"] == "cambio"
    assert (cambio["campo"], cambio["antes"], cambio["despues"]) == (
        "/hitos/1/termino",
        "2020-05-28",
        "2020-06-30",
    )
    reabierto = payload["eventos"][6]
    assert (reabierto["tipo"], reabierto["nota"]) == ("hito-reabierto", None)
    assert [p["commit"] for p in payload["serie"]] == list(s.values())
    assert payload["serie"][0] == {
        "fecha": "2020-01-10T09:00:00-06:00",
        "commit": s["inicial"],
        "avance": 0.0,
    }


def test_serie(historia: tuple[Path, dict[str, str]]) -> None:
    plan, _ = historia
    # 1: nothing done; 2: hito 1 (40) of commitment 1 -> mean(40, 0); verify: same;
    # change a date: same; reopen: 0; delete commitment 2: only commitment 1 counts.
    assert [(p.avance, p.compromisos) for p in read_history(plan).serie] == [
        (0.0, 2),
        (20.0, 2),
        (20.0, 2),
        (20.0, 2),
        (0.0, 2),
        (0.0, 1),
    ]


def test_serie_como_hdr_avance_en_cada_commit(tmp_path: Path) -> None:
    """Each point equals ``hdr avance --al <commit date>`` on that commit's files."""
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1, c2, c3 = h.compromiso(1, (33.3, 33.3, 33.4)), h.compromiso(2), h.compromiso(3)
    for archivo, data in ((C1, c1), (C2, c2), ("compromisos/03.yaml", c3)):
        h.write(plan, archivo, data)
    h.commit(root, "Inicial", "2020-01-15T10:00:00+00:00")
    # Done on 2020-03-20 but reported earlier: counts only from that date on.
    h.write(plan, C1, h.cumplir(c1, 0, "2020-03-20"))
    h.commit(root, "Reporta por adelantado", "2020-03-01T10:00:00+00:00")
    h.write(plan, C1, h.cumplir(h.cumplir(c1, 0, "2020-03-20"), 2, "2020-03-25"))
    h.write(plan, C2, h.cumplir(c2, 1, "2020-03-30"))
    h.commit(root, "Reporta dos", "2020-04-02T10:00:00+00:00")
    broken = h.dump(h.cumplir(c3, 0, "2020-04-01")) + "hitos: [\n"  # not YAML
    (plan / "compromisos/03.yaml").write_text(broken, encoding="utf-8")
    h.commit(root, "Archivo roto", "2020-04-10T10:00:00+00:00")
    h.write(plan, "compromisos/03.yaml", h.cumplir(c3, 0, "2020-04-01"))
    h.commit(root, "Corrige", "2020-04-11T10:00:00+00:00")
    history = read_history(plan)
    assert len(history.serie) == 5
    for punto in history.serie:
        _, expected = avance_at(plan, punto.commit.sha, punto.commit.dia, date(2030, 1, 1))
        assert expected.avance is not None
        assert punto.as_json()["avance"] == r2(expected.avance), punto
    assert [p.compromisos for p in history.serie] == [3, 3, 3, 2, 3]
    # The broken commit is not a deletion followed by a re-creation.
    assert [e.tipo for e in history.eventos if e.compromiso == 3] == [
        "compromiso-nuevo",
        "hito-cumplido",
    ]


def test_procedencia(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1 = h.compromiso(1)
    h.write(plan, C1, c1)
    h.commit(root, "Inicial", "2020-01-10T10:00:00+00:00")
    c1 = h.cumplir(c1, 0, "2020-02-20")
    h.write(plan, C1, c1)
    marca = h.commit(root, "Marca el hito 1", "2020-02-21T10:00:00+00:00", LUIS)
    c1["hitos"][0]["notas"] = "Se publicó en el portal."
    h.write(plan, C1, c1)
    h.commit(root, "Notas", "2020-02-22T10:00:00+00:00")
    c1 = h.verificar(c1, 0, "2020-02-25")
    h.write(plan, C1, c1)
    verifica = h.commit(root, "Verificación", "2020-02-26T10:00:00+00:00", SOFIA)
    # Hito 2: marked, reopened, marked again: provenance is the last marking.
    h.write(plan, C1, h.cumplir(c1, 1, "2020-04-01"))
    h.commit(root, "Marca el hito 2", "2020-04-02T10:00:00+00:00")
    h.write(plan, C1, h.reabrir(h.cumplir(c1, 1, "2020-04-01"), 1))
    h.commit(root, "Reabre el hito 2", "2020-04-03T10:00:00+00:00")
    h.write(plan, C1, h.cumplir(c1, 1, "2020-04-10"))
    otra = h.commit(root, "Marca de nuevo el hito 2", "2020-04-11T10:00:00+00:00", SOFIA)

    found = provenance(read_history(plan))
    assert set(found) == {(1, 1), (1, 2)}
    p1 = found[(1, 1)]
    assert (p1.commit, p1.autor, p1.fecha, p1.mensaje) == (
        marca,
        LUIS,
        "2020-02-21T10:00:00+00:00",
        "Marca el hito 1",
    )
    assert (p1.verificado_por, p1.verificado_commit, p1.verificado_autor) == (
        h.CORRESPONSABLE,
        verifica,
        SOFIA,
    )
    assert p1.verificado_fecha == "2020-02-26T10:00:00+00:00"
    p2 = found[(1, 2)]
    assert (p2.commit, p2.autor, p2.verificado_commit) == (otra, SOFIA, None)
    assert try_provenance(plan) == found
    assert p1.as_json()["commit"] == marca


def test_renombrar_sigue_al_compromiso_por_numero(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1 = h.compromiso(1)
    h.write(plan, C1, c1)
    h.commit(root, "Inicial", "2020-01-10T10:00:00+00:00")
    marca = ""
    h.write(plan, C1, h.cumplir(c1, 0, "2020-02-01"))
    marca = h.commit(root, "Marca", "2020-02-02T10:00:00+00:00", LUIS)
    git(root, "mv", f"plan/{C1}", "plan/compromisos/01-datos-abiertos-de-movilidad.yaml")
    renombra = h.commit(root, "Renombra", "2020-02-03T10:00:00+00:00")
    h.write(
        plan,
        "compromisos/01-datos-abiertos-de-movilidad.yaml",
        h.cumplir(h.cumplir(c1, 0, "2020-02-01"), 1, "2020-04-01"),
    )
    h.commit(root, "Marca el 2", "2020-04-02T10:00:00+00:00")
    history = read_history(plan)
    assert [(e.tipo, e.compromiso, e.hito) for e in history.eventos] == [
        ("compromiso-nuevo", 1, None),
        ("hito-cumplido", 1, 1),
        ("hito-cumplido", 1, 2),
    ]
    assert renombra in [p.commit.sha for p in history.serie]
    assert history.eventos[-1].archivo == "compromisos/01-datos-abiertos-de-movilidad.yaml"
    assert provenance(history)[(1, 1)].commit == marca


def test_merge_primer_padre(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1, c2 = h.compromiso(1), h.compromiso(2)
    h.write(plan, C1, c1)
    h.write(plan, C2, c2)
    inicial = h.commit(root, "Inicial", "2020-01-10T10:00:00+00:00")
    git(root, "checkout", "-q", "-b", "reporte")
    h.write(plan, C1, h.cumplir(c1, 0, "2020-02-01"))
    en_rama = h.commit(root, "Reporte en una rama", "2020-02-02T10:00:00+00:00", LUIS)
    git(root, "checkout", "-q", "main")
    h.write(plan, C2, h.cumplir(c2, 0, "2020-02-01"))
    en_main = h.commit(root, "Reporte en main", "2020-02-03T10:00:00+00:00")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Integra el reporte",
        "reporte",
        date="2020-02-04T10:00:00+00:00",
    )
    merge = git(root, "rev-parse", "HEAD").strip()
    history = read_history(plan)
    assert [p.commit.sha for p in history.serie] == [inicial, en_main, merge]
    assert en_rama not in {e.commit.sha for e in history.eventos}
    assert [(e.tipo, e.compromiso, e.hito, e.commit.sha) for e in history.eventos[2:]] == [
        ("hito-cumplido", 2, 1, en_main),
        ("hito-cumplido", 1, 1, merge),
    ]
    assert [p.avance for p in history.serie] == [0.0, 20.0, 40.0]


def test_clon_superficial(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, s = historia
    clone = plan.parent.parent / "clon"
    git(plan.parent.parent, "clone", "-q", "--depth", "1", f"file://{plan.parent}", str(clone))
    history = read_history(clone / "plan")
    assert history.completo is False
    # The cut commit is where the history starts, not a creation of everything.
    assert history.eventos == []
    assert [p.commit.sha for p in history.serie] == [s["elimina"]]
    result = runner.invoke(app, ["historial", str(clone / "plan"), "--formato", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["completo"] is False
    assert "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    texto = runner.invoke(app, ["historial", str(clone / "plan")])
    assert texto.exit_code == 0
    assert "incompleta" in texto.stdout
    # After fetching the rest, the same clone is complete.
    git(clone, "fetch", "-q", "--unshallow")
    assert read_history(clone / "plan").completo is True


def test_fuera_de_git(runner: CliRunner, plan_copy: Path) -> None:
    if find_repo_root(plan_copy) is not None:
        pytest.skip("la carpeta temporal está dentro de un repositorio git")
    with pytest.raises(GitError):
        read_history(plan_copy)
    for args in (["historial", str(plan_copy)], ["cambios", str(plan_copy), "--desde", "v1"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "no está en un repositorio git" in " ".join(result.stderr.split())
        assert "Traceback" not in result.output
    assert try_provenance(plan_copy) is None
    # Every other command works without git.
    for args in (["validar", str(plan_copy), "--al", "2026-12-31"], ["avance", str(plan_copy)]):
        assert runner.invoke(app, args).exit_code in (0, 1)


def test_plan_sin_commits(tmp_path: Path, runner: CliRunner) -> None:
    plan = h.new_repo(tmp_path / "repo")
    history = read_history(plan)
    assert (history.eventos, history.serie, history.completo) == ([], [], True)
    result = runner.invoke(app, ["historial", str(plan)])
    assert result.exit_code == 0
    assert "Ningún commit" in result.stdout


def test_plan_en_la_raiz_y_commits_ajenos(tmp_path: Path) -> None:
    """A plan at the repository's root; commits that touch no plan file are not points."""
    plan = h.new_repo(tmp_path / "repo", subdir="")
    h.write(plan, C1, h.compromiso(1))
    h.commit(plan, "Inicial", "2020-01-10T10:00:00+00:00")
    (plan / "README.md").write_text("Hola\n", encoding="utf-8")
    (plan / "compromisos" / "notas.txt").write_text("no es YAML\n", encoding="utf-8")
    h.commit(plan, "Documentación", "2020-01-11T10:00:00+00:00")
    history = read_history(plan)
    assert len(history.serie) == 1
    assert [e.tipo for e in history.eventos] == ["compromiso-nuevo"]


# --- cache ---------------------------------------------------------------------------


def test_cache(historia: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    plan, _ = historia
    cache_dir = plan.parent / ".git" / "hdr-cache"
    first = read_history(plan)
    assert first.blobs_leidos > 0 and first.blobs_en_cache == 0 and not first.desde_cache
    [pack] = cache_dir.rglob("*.pack")
    assert len(h.result_files(plan)) == 1
    # The same HEAD again: the whole result, from one file.
    second = read_history(plan)
    assert second.desde_cache and second.blobs_leidos == 0
    assert second.as_json() == first.as_json()
    assert second.eventos == first.eventos and second.serie == first.serie
    assert second.cumplidos == first.cumplidos and second.commits == first.commits
    assert provenance(second) == provenance(first)
    # Without it, every version and every pair of versions comes from the packs.
    h.drop_results(plan)
    third = read_history(plan)
    assert (third.blobs_leidos, third.blobs_en_cache) == (0, first.blobs_leidos)
    assert third.as_json() == first.as_json() and third.eventos == first.eventos
    # A damaged pack (cut short, a byte changed, or garbage) is ignored and rebuilt.
    raw = pack.read_bytes()
    for damaged in (raw[:-50], raw[:40] + bytes([raw[40] ^ 1]) + raw[41:], bytes(range(256))):
        h.drop_results(plan)
        pack.write_bytes(damaged)
        again = read_history(plan)
        assert again.blobs_leidos == first.blobs_leidos and again.as_json() == first.as_json()
        [new_pack] = [p for p in cache_dir.rglob("*.pack") if p != pack]
        new_pack.unlink()
    # Many packs are merged into one by the next run that writes.
    monkeypatch.setattr("hojaderuta.git.blobcache.MAX_PACKS", 1)
    pack.write_bytes(raw)
    (pack.parent / "basura.pack").write_bytes(b"")
    h.drop_results(plan)
    h.write(plan, C1, h.cumplir(h.compromiso(1), 1, "2020-06-10"))
    h.commit(plan.parent, "Reporta el hito 2", "2020-06-15T12:00:00+00:00")
    fourth = read_history(plan)
    assert fourth.blobs_leidos == 1  # only the new version is parsed
    assert fourth.as_json() == read_history(plan, cache=False).as_json()
    assert len(list(cache_dir.rglob("*.pack"))) == 1
    h.drop_results(plan)
    assert read_history(plan).blobs_leidos == 0
    shutil.rmtree(cache_dir)
    assert read_history(plan).as_json() == fourth.as_json()


def test_sin_cache(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, _ = historia
    result = runner.invoke(app, ["historial", str(plan), "--sin-cache", "--formato", "json"])
    assert result.exit_code == 0, result.output
    assert not (plan.parent / ".git" / "hdr-cache").exists()
    assert json.loads(result.stdout) == read_history(plan).as_json()


# --- texto y csv -----------------------------------------------------------------------


def test_texto(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, s = historia
    result = runner.invoke(app, ["historial", str(plan)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Historial «plan-historia»: 6 commits" in out
    assert s["cumple"][:7] in out and LUIS in out
    assert "Compromiso 1, hito 1: se marcó cumplido." in out
    assert f"Compromiso 1, hito 1: verificado por {h.CORRESPONSABLE}" in out
    assert "Compromiso 2: cambió /hitos/1/termino: «2020-05-28» → «2020-06-30»." in out
    assert "Compromiso 2: modificación registrada" in out
    assert "Compromiso 1, hito 1: se reabrió" in out
    assert "Compromiso 2: se eliminó" in out
    assert "Avance del plan: 20%" in out


def test_csv(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, s = historia
    result = runner.invoke(app, ["historial", str(plan), "--formato", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.removeprefix(BOM).splitlines()
    assert lines[0] == "fecha,commit,autor,mensaje,tipo,compromiso,hito,campo,antes,despues,nota"
    assert len(lines) == 1 + 8
    assert lines[5].endswith(",cambio,2,,/hitos/1/termino,2020-05-28,2020-06-30,")
    serie = runner.invoke(app, ["historial", str(plan), "--formato", "csv", "--serie"])
    rows = serie.stdout.removeprefix(BOM).splitlines()
    assert rows[0] == "fecha,commit,avance,compromisos"
    assert rows[2] == f"2020-03-01T10:30:00-06:00,{s['cumple']},20.00,2"
    texto = runner.invoke(app, ["historial", str(plan), "--serie"])
    assert s["cumple"][:7] in texto.stdout and "20%" in texto.stdout


def test_mensaje_vacio_y_archivos_con_acentos(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    archivo = "compromisos/02 participación ciudadana.yaml"
    h.write(plan, archivo, h.compromiso(2))
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty-message", "-m", "", date="2020-01-10T10:00:00Z")
    history = read_history(plan)
    [nuevo] = history.eventos
    assert (nuevo.tipo, nuevo.archivo, nuevo.commit.mensaje) == ("compromiso-nuevo", archivo, "")
    assert nuevo.fecha == "2020-01-10T10:00:00+00:00"


def test_verificado_sin_cumplido_no_es_evento(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1 = h.compromiso(1)
    h.write(plan, C1, c1)
    h.commit(root, "Inicial", "2020-01-10T10:00:00+00:00")
    h.write(plan, C1, h.verificar(c1, 0, "2020-02-01"))  # an error hdr validar reports
    h.commit(root, "Verifica antes de tiempo", "2020-02-02T10:00:00+00:00")
    h.write(plan, C1, h.verificar(h.cumplir(c1, 0, "2020-02-01"), 0, "2020-02-01"))
    ambos = h.commit(root, "Cumple y verifica", "2020-02-03T10:00:00+00:00", LUIS)
    history = read_history(plan)
    assert [(e.tipo, e.commit.sha) for e in history.eventos[1:]] == [
        ("hito-cumplido", ambos),
        ("hito-verificado", ambos),
    ]
    p = provenance(history)[(1, 1)]
    assert (p.commit, p.verificado_commit, p.verificado_autor) == (ambos, ambos, LUIS)


# --- la nota al reabrir un hito -----------------------------------------------------------

MOTIVO = "La evidencia no corresponde al entregable: falta la firma del acta."


@pytest.fixture
def reabierto(tmp_path: Path, runner: CliRunner) -> tuple[Path, dict[str, str]]:
    """Hito 1 reported with a note, reopened with ``hdr marcar --reabrir`` and no note;
    hito 2 reported, then reopened with ``--nota`` (the edits hdr itself makes)."""
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1 = h.cumplir(h.compromiso(1), 0, "2020-02-25")
    c1["hitos"][0]["notas"] = "Se publicó el acta en el sitio."
    c1 = h.cumplir(c1, 1, "2020-04-20")
    h.write(plan, C1, c1)
    shas = {"inicial": h.commit(root, "Inicial", "2020-05-01T10:00:00+00:00")}
    for hito, extra in (("1", []), ("2", ["--nota", f"  {MOTIVO}\n"])):
        result = runner.invoke(app, ["marcar", "1", hito, "--reabrir", *extra, "--plan", str(plan)])
        assert result.exit_code == 0, result.output
        shas[hito] = h.commit(root, f"Reabre el hito {hito}", f"2020-06-0{hito}T10:00:00+00:00")
    return plan, shas


def test_reabrir_con_nota_evento(reabierto: tuple[Path, dict[str, str]]) -> None:
    plan, s = reabierto
    hito2 = yaml.safe_load((plan / C1).read_text(encoding="utf-8"))["hitos"][1]
    assert (hito2["cumplido"], hito2["notas"]) == (False, MOTIVO)  # what marcar wrote
    leidos = []
    # Parsed; the whole result from the cache; every version and pair from the cache;
    # every pair again from the versions' data, read from git; without the cache.
    for cache in ("llena", "resultado", "versiones", "pares", "sin"):
        if cache in ("versiones", "pares"):
            h.drop_results(plan)
        if cache == "pares":
            h.drop_pairs(plan)
        history = read_history(plan, cache=cache != "sin")
        leidos.append((history.blobs_leidos, history.blobs_en_cache, history.desde_cache))
        reabiertos = [e for e in history.eventos if e.tipo == "hito-reabierto"]
        assert [(e.hito, e.commit.sha, e.nota) for e in reabiertos] == [
            (1, s["1"], None),  # the note from when it was reported is no reason
            (2, s["2"], MOTIVO),
        ]
    assert leidos == [(3, 0, False), (0, 0, True), (0, 3, False), (0, 3, False), (3, 0, False)]
    nota = reabiertos[1]
    assert nota.detalle == {"nota": MOTIVO}
    assert describe_event(nota) == (
        f"Compromiso 1, hito 2: se reabrió (dejó de estar cumplido). Nota: «{MOTIVO}»."
    )
    assert describe_event(reabiertos[0]) == (
        "Compromiso 1, hito 1: se reabrió (dejó de estar cumplido)."
    )


def test_reabrir_con_nota_texto_json_csv(
    runner: CliRunner, reabierto: tuple[Path, dict[str, str]]
) -> None:
    plan, s = reabierto
    texto = runner.invoke(app, ["historial", str(plan)], env={"COLUMNS": "200"})
    assert texto.exit_code == 0, texto.output
    assert f"se reabrió (dejó de estar cumplido). Nota: «{MOTIVO}»." in texto.stdout
    assert texto.stdout.count("Nota:") == 1

    payload = json.loads(runner.invoke(app, ["historial", str(plan), "-f", "json"]).stdout)
    reabiertos = [e for e in payload["eventos"] if e["tipo"] == "hito-reabierto"]
    assert [(e["hito"], e["nota"]) for e in reabiertos] == [(1, None), (2, MOTIVO)]
    assert list(reabiertos[1]) == [
        "tipo", "compromiso", "hito", "fecha", "commit", "autor", "mensaje", "nota"
    ]  # fmt: skip
    assert all("nota" not in e for e in payload["eventos"] if e["tipo"] != "hito-reabierto")

    out = runner.invoke(app, ["historial", str(plan), "-f", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out.removeprefix(BOM))))
    assert [(r["tipo"], r["hito"], r["nota"]) for r in rows] == [
        ("compromiso-nuevo", "", ""),
        ("hito-cumplido", "1", ""),
        ("hito-cumplido", "2", ""),
        ("hito-reabierto", "1", ""),
        ("hito-reabierto", "2", MOTIVO),
    ]
    assert rows[-1]["commit"] == s["2"]


def test_nota_larga_en_varias_lineas(tmp_path: Path) -> None:
    """A note written by hand across lines: one line in the timeline, cut with «…»,
    whole in the JSON; a reopening commit that only edits the old note still counts."""
    plan = h.new_repo(tmp_path / "repo")
    root = plan.parent
    c1 = h.cumplir(h.compromiso(1), 0, "2020-02-25")
    c1["hitos"][0]["notas"] = "Nota vieja."
    h.write(plan, C1, c1)
    h.commit(root, "Inicial", "2020-05-01T10:00:00+00:00")
    c1 = h.reabrir(c1, 0)
    larga = "Primera línea\nsegunda línea " + "x" * 400
    c1["hitos"][0]["notas"] = larga
    h.write(plan, C1, c1)
    h.commit(root, "Reabre", "2020-06-01T10:00:00+00:00")
    [evento] = [e for e in read_history(plan).eventos if e.tipo == "hito-reabierto"]
    assert evento.nota == larga
    text = describe_event(evento)
    assert "\n" not in text
    assert text.startswith("Compromiso 1, hito 1: se reabrió (dejó de estar cumplido). Nota: «")
    assert "Primera línea segunda línea xxx" in text and text.endswith("…».")
    assert len(text) < 400
    assert evento.as_json()["nota"] == larga


def test_csv_con_bom(runner: CliRunner, historia: tuple[Path, dict[str, str]]) -> None:
    plan, _ = historia
    for extra in ([], ["--serie"]):
        result = runner.invoke(app, ["historial", str(plan), "-f", "csv", *extra])
        assert result.stdout_bytes.startswith(b"\xef\xbb\xbffecha,commit,")
        assert result.stdout.count(BOM) == 1


def test_fechas_en_palabras(historia: tuple[Path, dict[str, str]]) -> None:
    from hojaderuta.text.describe import day_text

    plan, _ = historia
    history = read_history(plan)
    verificado = next(e for e in history.eventos if e.tipo == "hito-verificado")
    assert describe_event(verificado) == (
        f"Compromiso 1, hito 1: verificado por {h.CORRESPONSABLE} el 5 de marzo de 2020."
    )
    # A date a file got wrong is shown as written, never a traceback.
    assert [day_text(v) for v in ("2020-03-05", "2020-13-45", "ayer", 7)] == [
        "5 de marzo de 2020", "2020-13-45", "ayer", "7"
    ]  # fmt: skip
