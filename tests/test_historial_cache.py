"""The history's caches (``git.historycache``, ``git.blobcache``, ``git.cachefiles``):
the same answer as without them, never trusted blindly, rebuilt when damaged."""

from __future__ import annotations

import hashlib
import marshal
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.git import cachefiles
from hojaderuta.git.history import read_history
from hojaderuta.git.historycache import head_key, load_result
from hojaderuta.git.repo import PlanRepo

from . import historial_util as h
from .conftest import git

C1 = "compromisos/01-datos.yaml"
C2 = "compromisos/02-residuos.yaml"


def _repo(root: Path, subdir: str = "plan") -> Path:
    plan = h.new_repo(root, subdir)
    c1, c2 = h.compromiso(1), h.compromiso(2, (50, 50))
    h.write(plan, C1, c1)
    h.write(plan, C2, c2)
    h.commit(root, "Publica la hoja de ruta", "2020-01-10T09:00:00-06:00")
    c1 = h.cumplir(c1, 0, "2020-02-25")
    h.write(plan, C1, c1)
    h.commit(root, "Reporta el hito 1", "2020-03-01T10:30:00-06:00", "Luis Gómez <l@example.org>")
    c2["hitos"][1]["termino"] = "2020-06-30"
    c2["modificaciones"] = [h.modificacion("2020-03-20", "Se recorre el término del hito 2.")]
    h.write(plan, C2, c2)
    h.commit(root, "Recorre una fecha", "2020-04-01T12:00:00+00:00")
    return plan


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return _repo(tmp_path / "repo")


def _same_as_without_cache(plan: Path) -> None:
    with_cache, without = read_history(plan), read_history(plan, cache=False)
    assert with_cache.as_json() == without.as_json()
    assert with_cache.eventos == without.eventos  # archivo and detalle too
    assert with_cache.serie == without.serie and with_cache.cumplidos == without.cumplidos
    assert with_cache.completo == without.completo and with_cache.plan == without.plan


def test_cli_igual_en_frio_y_con_cache(plan: Path) -> None:
    runner = CliRunner()
    for args in (["--formato", "json"], [], ["--serie"], ["--formato", "csv"]):
        outputs = []
        for _ in range(3):  # parsed, then the whole result from the cache
            result = runner.invoke(app, ["historial", str(plan), *args])
            assert result.exit_code == 0, result.output
            outputs.append(result.stdout)
        h.drop_results(plan)  # and every version and pair from the packs
        result = runner.invoke(app, ["historial", str(plan), *args])
        assert outputs == [result.stdout] * 3


def test_resultado_sin_leer_la_historia(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = read_history(plan)

    def no_git_log(*_: object, **__: object) -> None:
        raise AssertionError("con el resultado en caché no se lee la historia de git")

    for method in ("log", "stream_blobs", "read_blob"):
        monkeypatch.setattr(f"hojaderuta.git.repo.PlanRepo.{method}", no_git_log)
    second = read_history(plan)
    assert second.desde_cache and second.eventos == first.eventos
    assert second.plan == "plan-historia"  # plan.yaml is read now, not cached


def test_resultado_danado_se_ignora_y_se_reconstruye(plan: Path) -> None:
    first = read_history(plan)
    [path] = h.result_files(plan)
    raw = path.read_bytes()
    with PlanRepo(plan, "la prueba") as store:
        key = head_key(store)
    assert key is not None and load_result(key) is not None
    damaged = [
        raw[: len(raw) // 2],  # cut short
        raw[:-1] + bytes([raw[-1] ^ 0x20]),  # one byte changed
        b"",
        bytes(range(256)),
        cachefiles.seal((key.as_tuple(), ("no", "es", "un", "resultado"))),
        cachefiles.seal((key.as_tuple(), (True, [], [], [], [], "de más"))),
        cachefiles.seal((("0" * 40, *key.as_tuple()[1:]), load_result(key))),  # another HEAD
    ]
    for content in damaged:
        assert content is not None
        path.write_bytes(content)
        again = read_history(plan)
        assert not again.desde_cache and again.as_json() == first.as_json()
        assert path.read_bytes() == raw  # rebuilt
        assert read_history(plan).desde_cache


def test_commit_nuevo(plan: Path) -> None:
    read_history(plan)
    c2 = h.verificar(h.cumplir(h.compromiso(2, (50, 50)), 0, "2020-05-01"), 0, "2020-05-02")
    h.write(plan, C2, c2)  # agreed fields back as at first: a pair never compared before
    h.commit(plan.parent, "Reporta y verifica", "2020-05-03T12:00:00+00:00")
    history = read_history(plan)
    assert not history.desde_cache
    assert (history.blobs_leidos, history.blobs_en_cache) == (1, 4)
    assert [e.tipo for e in history.eventos[-3:]] == ["cambio", "hito-cumplido", "hito-verificado"]
    _same_as_without_cache(plan)
    assert read_history(plan).desde_cache


def test_pares_perdidos_se_comparan_con_los_datos_de_git(plan: Path) -> None:
    first = read_history(plan)
    h.drop_results(plan)
    h.drop_pairs(plan)
    again = read_history(plan)
    assert (again.blobs_leidos, again.blobs_en_cache) == (0, first.blobs_leidos)
    assert again.eventos == first.eventos


def test_clon_superficial_y_luego_completo(plan: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clon"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{plan.parent}", str(clone))
    shallow = read_history(clone / "plan")
    assert not shallow.completo and read_history(clone / "plan").desde_cache
    git(clone, "fetch", "-q", "--unshallow")
    full = read_history(clone / "plan")  # same HEAD, but the cut is gone
    assert full.completo and not full.desde_cache
    assert full.as_json()["eventos"] == read_history(plan).as_json()["eventos"]
    _same_as_without_cache(clone / "plan")


def test_dos_planes_y_dos_copias_de_trabajo(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    a = _repo(root, "plan-a")
    b = root / "plan-b"
    shutil.copytree(a, b)
    h.write(b, C1, h.cumplir(h.compromiso(1), 1, "2020-05-05"))
    h.commit(root, "Copia el plan", "2020-05-06T12:00:00+00:00")
    other = tmp_path / "otra"
    git(root, "worktree", "add", "-q", "--detach", str(other), "HEAD~2")
    plans = [a, b, other / "plan-a"]
    for p in plans * 2:
        _same_as_without_cache(p)
    assert len(h.result_files(a)) == 3  # one per working tree and plan folder
    assert read_history(b).as_json() != read_history(a).as_json()
    assert len(read_history(other / "plan-a").serie) == len(read_history(a).serie) - 1


def test_hdr_cache_0(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDR_CACHE", "0")
    read_history(plan)
    assert not (plan.parent / ".git" / "hdr-cache").exists()


def test_cache_imposible_de_escribir(plan: Path) -> None:
    (plan.parent / ".git" / "hdr-cache").write_text("no es una carpeta", encoding="utf-8")
    first = read_history(plan)
    second = read_history(plan)
    assert not second.desde_cache and second.blobs_leidos == first.blobs_leidos > 0
    assert second.as_json() == read_history(plan, cache=False).as_json()


def test_carpetas_de_otras_versiones_se_borran(plan: Path) -> None:
    cache = plan.parent / ".git" / "hdr-cache"
    stale = [cache / "compromisos-0123456789ab", cache / "historial-0000000000000000"]
    kept = cache / "docs-0123456789abcdef"  # another cache of hdr, not the history's
    for folder in [*stale, kept]:
        folder.mkdir(parents=True)
        (folder / "x.pack").write_bytes(b"viejo")
    read_history(plan)
    assert not any(folder.exists() for folder in stale)
    assert kept.exists() and len(h.result_files(plan)) == 1


def test_la_huella_cambia_con_el_codigo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "hojaderuta"
    for part in ("git", "core"):
        shutil.copytree(cachefiles._PACKAGE / part, package / part)
    monkeypatch.setattr(cachefiles, "_PACKAGE", package)
    cachefiles.fingerprint.cache_clear()
    try:
        before = cachefiles.fingerprint()
        walk = package / "git" / "walk.py"
        walk.write_text(walk.read_text(encoding="utf-8") + "\n# otro\n", encoding="utf-8")
        cachefiles.fingerprint.cache_clear()
        assert cachefiles.fingerprint() != before
    finally:
        cachefiles.fingerprint.cache_clear()


def test_sello() -> None:
    payload = ("a\udc80b", 1, 1.0, True, -0.0, {"x": [None, 2.5]}, ("t",))
    sealed = cachefiles.seal(payload)
    assert sealed is not None
    back = cachefiles.unseal(sealed)
    assert back == payload
    assert back is not None and [type(v) for v in back] == [type(v) for v in payload]
    assert math.copysign(1, back[4]) == -1
    assert cachefiles.unseal(sealed[:-1]) is None
    assert cachefiles.unseal(sealed[:12] + bytes([sealed[12] ^ 1]) + sealed[13:]) is None
    assert cachefiles.unseal(b"otra cosa" + sealed) is None
    body = marshal.dumps([1])  # intact, but not what the cache writes
    digest = hashlib.blake2b(body, digest_size=16).digest()
    assert cachefiles.unseal(cachefiles._MAGIC + digest + body) is None
    assert cachefiles.seal((object(),)) is None


def test_objetos_reemplazados_no_usan_la_cache(plan: Path) -> None:
    """With ``git replace`` an object's SHA may show other content: no cache then."""
    root = plan.parent
    before = read_history(plan)
    git(root, "replace", git(root, "rev-parse", "HEAD~1").strip(), "HEAD~2")
    for _ in range(2):
        replaced = read_history(plan)
        assert not replaced.desde_cache and replaced.blobs_en_cache == 0
        assert replaced.as_json() == read_history(plan, cache=False).as_json()
    assert len(replaced.serie) == len(before.serie) - 1  # git shows the replaced history
    git(root, "pack-refs", "--all")  # the replacement now only in packed-refs
    assert not read_history(plan).desde_cache
    git(root, "replace", "-d", git(root, "rev-parse", "HEAD~1").strip())
    assert read_history(plan).desde_cache
