"""The cache of parsed files in ``.git/hdr-cache`` (``core.doccache``): a warm run says
exactly what a cold one says, a changed file is parsed again, a damaged cache is ignored
and rebuilt, and positions from the cache are the tree's."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.core.doccache import FILE_NAME, DocCache
from hojaderuta.core.loading import load_file
from hojaderuta.core.positions import Positions

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT, git

CASOS = ROOT / "tests" / "casos"


def _paths(data: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


def _yaml_files() -> list[Path]:
    folders = [PLAN_LOCAL, COMPROMISO_13, *sorted(p for p in CASOS.iterdir() if p.is_dir())]
    files = [f for d in folders for f in sorted(d.rglob("*.yaml")) if f.name != "esperado.yaml"]
    return [f for f in files if load_file(f, f.name).loaded]  # the others have no positions


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_cached_positions_are_the_trees(path: Path) -> None:
    doc = load_file(path, path.name)
    positions = doc.positions()
    assert positions is not None
    cached = load_file(path, path.name)
    cached.release()
    cached.known_positions = Positions(*positions.packed())  # as from the cache: no tree, no text
    cached.text = ""
    wanted = _paths(doc.data)
    # Paths that do not exist fall back to their deepest existing part, in both.
    wanted += [(*p, "no-existe") for p in wanted[:50]] + [("hitos", 99, "termino")]
    for parts, at_key in itertools.product(wanted, (False, True)):
        assert cached.locate(parts, at_key) == doc.locate(parts, at_key), (parts, at_key)


def _repo(tmp_path: Path, source: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(source, repo / "plan")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    return repo / "plan"


def _validate(plan: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["validar", str(plan), "--al", "2026-11-21", "--formato", "json", *extra]
    )
    return result.exit_code, json.loads(result.stdout)


def _cache_file(plan: Path) -> Path:
    found = sorted((plan.parent / ".git" / "hdr-cache").glob(f"docs-*/{FILE_NAME}"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "source", [PLAN_LOCAL, CASOS / "ponderacion-suma", CASOS / "texto-cortado-por-comentario"]
)
def test_a_warm_run_says_what_a_cold_one_says(tmp_path: Path, source: Path) -> None:
    plan = _repo(tmp_path, source)
    cold = _validate(plan)
    cache = _cache_file(plan)
    written = cache.stat().st_mtime_ns
    warm = _validate(plan)
    assert warm == cold
    assert cache.stat().st_mtime_ns == written  # nothing new: not rewritten


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    plan = _repo(tmp_path, PLAN_LOCAL)
    code, before = _validate(plan)
    assert code == 0
    target = plan / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("ponderacion: 20", "ponderacion: 21", 1), encoding="utf-8")
    code, after = _validate(plan)
    assert code == 1
    assert any(f["codigo"] == "ponderacion-suma" for f in after["hallazgos"])
    target.write_text(text, encoding="utf-8")
    assert _validate(plan) == (0, before)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:200] + bytes(b ^ 0xFF for b in raw[200:400]) + raw[400:],  # flipped
        lambda raw: b"basura" * 100,  # not a cache at all
        lambda raw: b"",
    ],
    ids=["cortado", "bits-cambiados", "basura", "vacio"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: Any) -> None:
    plan = _repo(tmp_path, PLAN_LOCAL)
    cold = _validate(plan)
    cache = _cache_file(plan)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert _validate(plan) == cold
    assert cache.read_bytes() == good or len(cache.read_bytes()) == len(good)  # rebuilt


def test_no_cache_outside_git_or_when_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "suelto"
    shutil.copytree(PLAN_LOCAL, plain)
    assert _validate(plain)[0] == 0
    assert not list(tmp_path.rglob("hdr-cache"))
    plan = _repo(tmp_path, PLAN_LOCAL)
    monkeypatch.setenv("HDR_CACHE", "0")
    assert _validate(plan)[0] == 0
    assert not (plan.parent / ".git" / "hdr-cache").exists()


def test_workers_entries_are_kept_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With forked workers the entries they read must survive the parent's save."""
    monkeypatch.setenv("HDR_PROCESOS", "2")
    plan = _repo(tmp_path, PLAN_LOCAL)
    cold = _validate(plan)
    cache = _cache_file(plan)
    for _ in range(2):  # a warm run, then another: nothing is lost in between
        assert _validate(plan) == cold
        assert len(DocCache(cache.parent)) == 5


def test_caches_of_other_fingerprints_are_pruned(tmp_path: Path) -> None:
    """An upgrade leaves the old cache behind: the newest three others stay (other
    languages of the same plan), older ones go; the history's folders are not touched."""
    plan = _repo(tmp_path, PLAN_LOCAL)
    caches = plan.parent / ".git" / "hdr-cache"
    for age in range(5):
        old = caches / f"docs-viejo{age}"
        old.mkdir(parents=True)
        (old / FILE_NAME).write_bytes(b"x")
        stamp = 1_700_000_000 + age * 1000  # docs-viejo4 is the newest
        os.utime(old, (stamp, stamp))
    (caches / "historial-otro").mkdir()
    assert _validate(plan)[0] == 0
    left = sorted(p.name for p in caches.iterdir())
    current = [name for name in left if name.startswith("docs-") and "viejo" not in name]
    assert len(current) == 1
    assert left == sorted([*current, "docs-viejo2", "docs-viejo3", "docs-viejo4", "historial-otro"])
    assert _validate(plan)[0] == 0  # the folder exists now: nothing else is removed
    assert sorted(p.name for p in caches.iterdir()) == left


@pytest.mark.parametrize("procesos", ["1", "2"])
def test_a_warm_run_on_two_cores_says_what_a_cold_one_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procesos: str
) -> None:
    """The warm path (the parent reads the cache, a worker runs the rules): a changed
    file, a file that is not one, a file with errors and cached ones, all said as a
    cold run without the cache says them."""
    monkeypatch.setenv("HDR_PROCESOS", procesos)
    plan = _repo(tmp_path, PLAN_LOCAL)
    assert _validate(plan)[0] == 0  # fills the cache
    changed = plan / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("ponderacion: 20", "ponderacion: 21", 1), encoding="utf-8")
    (plan / "compromisos" / "99-carpeta.yaml").mkdir()
    warm = _validate(plan)
    assert warm[0] == 1
    assert {f["codigo"] for f in warm[1]["hallazgos"]} >= {"ponderacion-suma", "archivo-ilegible"}
    monkeypatch.setenv("HDR_CACHE", "0")
    assert _validate(plan) == warm
