"""Shared fixtures: the examples, a CLI runner, isolated git, and tool requirements."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EJEMPLOS = ROOT / "ejemplos"
COMPROMISO_13 = EJEMPLOS / "4pa-compromiso-13"
PLAN_LOCAL = EJEMPLOS / "plan-local-demo"
GOLDEN = Path(__file__).resolve().parent / "golden"


def require_tool(name: str) -> str:
    """Path of an external tool; skip without it, but fail under CI=true (never a silent pass)."""
    # Tools installed beside this Python (a venv not on PATH) count too.
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        message = f"falta la herramienta «{name}»"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (en CI debe estar instalada)")
        pytest.skip(message)
    return found


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def spanish(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in Spanish, whatever the developer's LANG says, and leaves the
    process in Spanish (the language is process-wide state)."""
    from hojaderuta.text.i18n import set_language

    monkeypatch.setenv("HDR_IDIOMA", "es")
    monkeypatch.delenv("HDR_CATALOGOS", raising=False)
    set_language("es")
    yield
    set_language("es")


GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Ana Pérez",
    "GIT_AUTHOR_EMAIL": "ana@example.org",
    "GIT_COMMITTER_NAME": "Ana Pérez",
    "GIT_COMMITTER_EMAIL": "ana@example.org",
    "GIT_AUTHOR_DATE": "2020-04-28T17:02:11+00:00",
    "GIT_COMMITTER_DATE": "2020-04-28T17:02:11+00:00",
}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` with an isolated configuration and fixed dates."""
    require_tool("git")
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def commit_everything(repo: Path, message: str = "plan", date: str | None = None) -> None:
    """Make ``repo`` a git repository (if it is not) with one commit of all it holds."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def plan_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the local demo plan."""
    dest = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, dest)
    yield dest


def generate_corpus(dest: Path, compromisos: int) -> Path:
    """A synthetic plan of realistic commitments (the benchmark's generator)."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generar_corpus.py"),
            str(dest),
            "--compromisos",
            str(compromisos),
        ],
        check=True,
        capture_output=True,
    )
    return dest


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; HDR_ACTUALIZAR_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / name
    if os.environ.get("HDR_ACTUALIZAR_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") == "true" and not path.exists():
            pytest.fail(f"falta el archivo dorado {name}")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"la salida cambió respecto a golden/{name}"


def imported_modules(*args: str) -> set[str]:
    """Every module ``python -m hojaderuta ARGS`` imports, and every package above each
    («rich.markdown» counts as «rich» too), read from ``-X importtime``. Modules loaded
    with ``importlib.import_module`` are not listed by Python: assert on others."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hojaderuta", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "hojaderuta.cli" in names  # the measurement itself worked
    return {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 2)}
