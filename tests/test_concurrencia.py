"""Nothing is lost when two hdr run at once, when one is killed, or through a YAML alias."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hojaderuta.cli  # noqa: F401  (registers every command on the app)
from hojaderuta.cli.app import app
from hojaderuta.errors import PlanBusyError, WriteConflictError
from hojaderuta.journal import journal_dir, recover, write_files
from hojaderuta.locking import plan_lock

ARCHIVO_04 = "compromisos/04-contrataciones-abiertas.yaml"
BUSY = "Otro proceso de hdr está modificando el plan"


# --- The lock ---------------------------------------------------------------------


def test_second_writer_waits_then_gives_up_clearly(tmp_path: Path) -> None:
    with (
        plan_lock(tmp_path),
        pytest.raises(PlanBusyError, match=BUSY),
        plan_lock(tmp_path, timeout=0.1),
    ):
        pass
    with plan_lock(tmp_path, timeout=0.1):
        pass  # released on exit: the next writer gets it at once
    assert (tmp_path / ".hdr" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_lock_folder_is_invisible_to_git(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with plan_lock(tmp_path):
        pass
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""


def _small_plan(plan_copy: Path) -> Path:
    # Only commitment 4: each run validates less, so 30 races stay quick.
    for path in (plan_copy / "compromisos").glob("*.yaml"):
        if path.name != Path(ARCHIVO_04).name:
            path.unlink()
    return plan_copy


def _marcar(plan: Path, hito: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hojaderuta", "marcar", "4", str(hito), "--actividad", "1"],
        cwd=plan,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )


def test_two_marcar_at_once_lose_nothing(plan_copy: Path) -> None:
    plan = _small_plan(plan_copy)
    path = plan / ARCHIVO_04
    original = path.read_bytes()
    for attempt in range(30):
        path.write_bytes(original)
        with ThreadPoolExecutor(2) as pool:
            runs = list(pool.map(lambda h: _marcar(plan, h), (1, 2)))
        text = path.read_text(encoding="utf-8")
        for run in runs:
            assert run.returncode in (0, 2), (attempt, run.stdout, run.stderr)
            if run.returncode == 2:
                assert BUSY in run.stdout + run.stderr
        done = [run.returncode == 0 for run in runs]
        # Every reported success is in the file: hito 1's first activity, then hito 2's.
        assert text.count("cumplida: true") == sum(done), (attempt, runs)


# --- The journal --------------------------------------------------------------------


def test_write_files_all_or_nothing_on_conflict(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"a0")
    b.write_bytes(b"b-changed-by-an-editor")
    with pytest.raises(WriteConflictError):
        write_files(tmp_path, [(a, b"a0", b"a1"), (b, b"b0", b"b1")])
    assert a.read_bytes() == b"a0"
    assert b.read_bytes() == b"b-changed-by-an-editor"
    assert not journal_dir(tmp_path).exists()


def test_write_files_keeps_permissions_and_creates(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"a0")
    a.chmod(0o600)
    write_files(tmp_path, [(a, b"a0", b"a1"), (tmp_path / "sub" / "n.yaml", None, b"n")])
    assert a.read_bytes() == b"a1"
    assert a.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "sub" / "n.yaml").read_bytes() == b"n"
    assert recover(tmp_path) is None
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        ".gitignore",
        "a.yaml",
        "n.yaml",
    ]


def test_recover_sets_aside_what_someone_edited_after_a_kill(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"a0")
    _stage_only(tmp_path, [(a, b"a0", b"a1")], complete=True)
    a.write_bytes(b"a-edited-by-hand")
    sentence = recover(tmp_path)
    assert sentence is not None and "a.yaml" in sentence
    assert a.read_bytes() == b"a-edited-by-hand"
    assert (tmp_path / ".hdr" / "sin-aplicar" / "a.yaml").read_bytes() == b"a1"


def _stage_only(
    plan: Path, changes: list[tuple[Path, bytes | None, bytes]], *, complete: bool
) -> None:
    """A journal as a process killed right after staging would leave it."""
    from hojaderuta import journal

    entries = [journal._entry(plan, i, c) for i, c in enumerate(changes)]
    folder = journal.journal_dir(plan)
    folder.parent.mkdir(exist_ok=True)
    journal._stage(plan, folder, entries, changes)
    if not complete:
        (folder / journal.COMPLETE).unlink()


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from hojaderuta.journal import write_files
    from hojaderuta.locking import plan_lock

    plan = Path(sys.argv[1])
    files = sorted((plan / "f").iterdir())
    changes = [(p, p.read_bytes(), b"new " * 2000 + p.name.encode()) for p in files]
    print("ready", flush=True)
    sys.stdin.readline()
    with plan_lock(plan):
        write_files(plan, changes)
    """
)


def test_kill_at_any_moment_leaves_all_old_or_all_new(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    folder = plan / "f"
    folder.mkdir(parents=True)
    old = {f"{i:02d}.yaml": f"old {i}\n".encode() * (i + 1) for i in range(50)}
    rng = random.Random(12)
    for _ in range(20):
        for name, data in old.items():
            (folder / name).write_bytes(data)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(plan)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline() == "ready\n"
        child.stdin.write("go\n")
        child.stdin.flush()
        time.sleep(rng.uniform(0, 0.03))  # the write takes a few tens of milliseconds
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        recover(plan)
        now = {p.name: p.read_bytes() for p in folder.iterdir()}
        new = {n: b"new " * 2000 + n.encode() for n in old}
        assert now in (old, new)
        assert not journal_dir(plan).exists()
        assert sorted(now) == sorted(old)  # no hidden .tmp left next to the files


# --- Aliases --------------------------------------------------------------------------


def _invoke(plan: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--plan", str(plan)], env={"NO_COLOR": "1"})
    return result.exit_code, result.output


def _share_activities(plan: Path) -> Path:
    """Commitment 4 with hito 2 reusing hito 1's activities through «&acts» / «*acts»."""
    path = plan / ARCHIVO_04
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    actividades:\n      - actividad: Revisar",
        "    actividades: &acts\n      - actividad: Revisar",
        1,
    )
    start = text.index("    actividades:\n      - actividad: Mapear")
    end = text.index("\n\n", start)
    text = text[:start] + "    actividades: *acts" + text[end:]
    path.write_text(text, encoding="utf-8")
    return path


def test_marcar_actividad_through_alias_changes_only_that_hito(plan_copy: Path) -> None:
    path = _share_activities(plan_copy)
    code, output = _invoke(plan_copy, "marcar", "4", "2", "--actividad", "1")
    assert code == 0, output
    from hojaderuta.core.loading import load_file

    hitos = load_file(path, ARCHIVO_04).data["hitos"]
    assert hitos[1]["actividades"][0]["cumplida"] is True
    assert "cumplida" not in hitos[0]["actividades"][0]
    assert hitos[0]["actividades"][1] == hitos[1]["actividades"][1]
    text = path.read_text(encoding="utf-8")
    assert "actividades: &acts\n" in text  # hito 1 keeps its anchor line


def test_marcar_hito_that_is_an_alias_of_another(plan_copy: Path) -> None:
    path = plan_copy / ARCHIVO_04
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - nombre: Diagnóstico", "  - &h1\n    nombre: Diagnóstico", 1)
    text = text.replace("    ponderacion: 45", "    ponderacion: 50", 1)
    start = text.index("  - nombre: Monitoreo ciudadano piloto")  # the last hito
    path.write_text(text[:start] + "  - *h1\n", encoding="utf-8")
    from hojaderuta.core.loading import load_file

    before = load_file(path, ARCHIVO_04).data["hitos"]
    code, output = _invoke(plan_copy, "marcar", "4", "3", "--actividad", "1")
    assert code == 0, output
    after = load_file(path, ARCHIVO_04).data["hitos"]
    assert after[2]["actividades"][0]["cumplida"] is True
    assert after[0] == before[0]  # the anchored hito is untouched
    code, output = _invoke(plan_copy, "marcar", "4", "1", "--evidencia", "https://a.example.org")
    assert code == 0, output
    final = load_file(path, ARCHIVO_04).data["hitos"]
    assert final[0]["cumplido"] is True
    assert "cumplido" not in final[2]
    assert "*lucia" in path.read_text(encoding="utf-8")  # inner aliases stay aliases


def test_merge_key_is_never_edited_through(plan_copy: Path) -> None:
    # The format refuses «<<» (hdr validar says so); an edit must not write either.
    path = plan_copy / ARCHIVO_04
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - nombre: Diagnóstico", "  - &h1\n    nombre: Diagnóstico", 1)
    text = text.replace(
        "  - nombre: Monitoreo ciudadano piloto",
        "  - <<: *h1\n    nombre: Monitoreo ciudadano piloto",
        1,
    )
    path.write_text(text, encoding="utf-8")
    original = path.read_bytes()
    code, output = _invoke(plan_copy, "marcar", "4", "3", "--actividad", "1")
    assert code == 1, output
    assert "«<<»" in output
    assert path.read_bytes() == original


def test_pipeline_refuses_an_edit_through_an_alias(tmp_path: Path) -> None:
    # «hdr importar» shares the pipeline: a change that still reaches a shared block stops.
    from hojaderuta.authoring.pipeline import round_trip
    from hojaderuta.errors import UsageError

    raw = b"a: &x\n  - uno\nb: *x\n"
    with pytest.raises(UsageError, match="alias YAML"):
        round_trip(raw, tmp_path / "c.yaml", "c.yaml", lambda data: data["b"].append("dos"))
