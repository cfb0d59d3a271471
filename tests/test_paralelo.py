"""The parallel path: idle cores only, results in order, never a different answer.

Timing is not tested here (benchmarks/medir.py --carga measures it); what is tested is
the decision (how many processes, given the machine) and that every path, the one
where this process helps its workers included, gives exactly ``map``'s results.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hojaderuta import parallel
from hojaderuta.text.folding import fold


def _square(n: int) -> int:
    return n * n


def _reference_fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


@given(st.text())
def test_fold_is_the_reference_definition(text: str) -> None:
    assert fold(text) == _reference_fold(text)


def test_fold_examples() -> None:
    assert fold("  Lucía   PÉREZ\tÑuñez ") == "lucia perez nunez"
    assert fold("Ελληνικά ΆΈ") == "ελληνικα αε"
    assert fold("ﬁn") == "fin"


@pytest.mark.parametrize(
    ("cores", "loadavg", "idle"),
    [
        (2, "0.10 0.20 0.30 1/300 999", 2),  # only this process runs
        (2, "1.00 1.00 1.00 2/300 999", 1),  # `yes > /dev/null` on the other core
        (8, "3.00 2.00 1.00 4/300 999", 5),
        (2, "9.00 9.00 9.00 9/300 999", 1),  # overloaded: never less than this process
    ],
)
def test_idle_cores_counts_the_other_programs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cores: int, loadavg: str, idle: int
) -> None:
    fake = tmp_path / "loadavg"
    fake.write_text(loadavg, encoding="ascii")
    monkeypatch.setattr(parallel, "_cores", lambda: cores)
    monkeypatch.setattr(parallel, "LOADAVG", fake)
    assert parallel.idle_cores() == idle


def test_idle_cores_without_proc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    monkeypatch.setattr(parallel, "LOADAVG", tmp_path / "no-existe")
    assert parallel.idle_cores() == 4


def test_busy_machine_runs_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HDR_PROCESOS", raising=False)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 1)
    assert parallel.workers_for(5000) == 1
    monkeypatch.setattr(parallel, "idle_cores", lambda: 3)
    assert parallel.workers_for(5000) == (3 if _has_fork() else 1)
    assert parallel.workers_for(parallel.PARALLEL_FROM - 1) == 1  # an everyday plan


def test_explicit_processes_win_and_validation_waits_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "idle_cores", lambda: 8)
    monkeypatch.delenv("HDR_PROCESOS", raising=False)
    assert parallel.workers_for(5000, automatic=False) == 1
    monkeypatch.setenv("HDR_PROCESOS", "1")
    assert parallel.workers_for(5000) == 1
    monkeypatch.setenv("HDR_PROCESOS", "3")
    assert parallel.workers_for(5000, automatic=False) == (3 if _has_fork() else 1)
    assert parallel.workers_for(2) == (2 if _has_fork() else 1)  # never more than items


def _has_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@pytest.mark.parametrize("processes", ["1", "2", "3"])
def test_results_are_map_in_order(monkeypatch: pytest.MonkeyPatch, processes: str) -> None:
    monkeypatch.setenv("HDR_PROCESOS", processes)
    items = list(range(500))
    assert list(parallel.fork_map(_square, items)) == [n * n for n in items]


def test_the_caller_works_while_workers_run_then_helps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside the block the caller does its own work; reading gives every result once,
    in order, whether a worker or this process computed it."""
    monkeypatch.setenv("HDR_PROCESOS", "2")
    items = list(range(3000))
    own = sum(range(200_000))  # the caller's work while the worker runs
    with parallel.mapped(_square, items) as results:
        busy = sum(range(200_000))
        got = list(results)
    assert busy == own
    assert got == [n * n for n in items]


def _pid(_: int) -> int:
    return os.getpid()


def test_reading_helps_with_queued_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks no worker took yet are done by the reader (they show its own pid)."""
    if not _has_fork():
        pytest.skip("sin fork no hay procesos auxiliares")
    monkeypatch.setenv("HDR_PROCESOS", "2")
    with parallel.mapped(_pid, list(range(4000)), busy=True) as results:
        pids = list(results)  # read at once: the reader takes what is still queued
    assert len(pids) == 4000
    assert os.getpid() in pids
    assert len(set(pids)) == 2  # busy: the caller is one of the two processes
    with parallel.mapped(_pid, list(range(4000))) as results:
        pids = list(results)
    workers = set(pids) - {os.getpid()}
    assert 1 <= len(workers) <= 2  # not busy: two workers (and the reader, if it helped)


def test_an_error_in_the_callers_block_stops_the_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HDR_PROCESOS", "2")
    with (
        pytest.raises(RuntimeError, match="del llamador"),
        parallel.mapped(_square, list(range(2000))),
    ):
        raise RuntimeError("falla del llamador")
