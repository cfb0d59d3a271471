"""Spreading per-file work of large plans over the machine's idle cores.

Workers are forked: they inherit the loaded modules, compiled schemas and
templates, and the data already built, at no cost. Where fork is unavailable
(Windows, macOS defaults) everything runs in one process, with the same results.

Only cores that are idle right now are used: on a machine where another job keeps
the other core busy, a second worker would only take turns with it, and the cost of
sending results back would make the command slower than one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a process pool costs more than it saves.
PARALLEL_FROM = 100
MAX_WORKERS = 8
LOADAVG = Path("/proc/loadavg")  # Linux: its 4th field counts the runnable tasks


def _cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def idle_cores() -> int:
    """Cores not running another program at this instant (this process counts as one).

    Read from the kernel's count of runnable tasks, not the load average, which lags a
    minute behind. Where that count is unavailable, every core counts as idle.
    """
    cores = _cores()
    try:
        running = int(LOADAVG.read_text(encoding="ascii").split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cores
    return max(1, cores - max(0, running - 1))


def workers_for(items: int, *, automatic: bool = True) -> int:
    """How many processes, this one included: HDR_PROCESOS if set; else, if ``automatic``
    and the plan is large, one per idle core (one process when only one core is free)."""
    wanted = os.environ.get("HDR_PROCESOS", "")
    if wanted.isdigit() and int(wanted) > 0:
        processes = int(wanted)
    elif automatic and items >= PARALLEL_FROM:
        processes = min(idle_cores(), MAX_WORKERS)
    else:
        return 1  # an everyday plan: not even multiprocessing is imported
    if processes <= 1:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(processes, items))


def _run_chunk(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [fn(item) for item in chunk]


@contextmanager
def mapped(
    fn: Callable[[T], R], items: Sequence[T], *, automatic: bool = True, busy: bool = False
) -> Iterator[Iterator[R]]:
    """``map(fn, items)``, started now on forked workers: the caller may do other work
    inside the block, then read the results in order.

    Reading helps: instead of waiting, this process does the last chunks no worker has
    started, so a worker slowed by another program never holds the rest back. In one
    process nothing runs until the results are read.

    ``busy``: the caller has its own work for the block, so it counts as one of the
    processes; otherwise every process is a worker (reading large results back keeps
    the caller busy enough).
    """
    processes = workers_for(len(items), automatic=automatic)
    if processes <= 1:
        yield map(fn, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = processes - 1 if busy else processes
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    size = max(1, min(32, len(items) // (processes * 16)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    try:
        futures = [pool.submit(_run_chunk, fn, chunk) for chunk in chunks]

        def results() -> Iterator[R]:
            local: dict[int, list[R]] = {}
            back = len(chunks) - 1
            for i, future in enumerate(futures):
                # Rather than wait, take the last chunk no worker has started.
                while back >= i and not future.done():
                    if futures[back].cancel():
                        local[back] = _run_chunk(fn, chunks[back])
                    back -= 1
                yield from local.pop(i) if i in local else future.result()

        yield results()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, automatic: bool = True) -> Iterator[R]:
    """``map(fn, items)`` in order, over forked workers when the plan is large enough."""
    with mapped(fn, items, automatic=automatic) as results:
        yield from results
