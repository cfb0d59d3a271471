"""Spreading per-file work of large plans over the machine's cores.

Workers are forked: they inherit the loaded modules, compiled schemas and
templates, and the data already built, at no cost. Where fork is unavailable
(Windows, macOS defaults) everything runs in one process, with the same results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a process pool costs more than it saves.
PARALLEL_FROM = 100


def workers_for(items: int) -> int:
    """How many processes: HDR_PROCESOS if set, else the cores for large plans."""
    wanted = os.environ.get("HDR_PROCESOS", "")
    if wanted.isdigit() and int(wanted) > 0:
        workers = int(wanted)
    elif items >= PARALLEL_FROM:
        workers = min(os.cpu_count() or 1, 8)
    else:
        return 1  # an everyday plan: not even multiprocessing is imported
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(workers, items))


def fork_map(fn: Callable[[T], R], items: Iterable[T], count: int) -> Iterator[R]:
    """``map(fn, items)`` in order, over forked workers when the plan is large enough."""
    workers = workers_for(count)
    if workers <= 1:
        yield from map(fn, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(fn, items, chunksize=max(4, count // (workers * 8)))
