"""The commitment files of a plan, each checked on its own, over the idle cores.

A cold run (nothing in the cache) parses: the cost is there, and the idle cores share it,
each worker sending back everything the plan-wide checks need.

A warm run (``core.doccache`` holds the files) is different: reading an entry here is
cheap, and sending a file's data and positions back from a worker costs more than
reading it. So the parent reads every entry itself while one worker, forked beforehand,
reads the same entries and runs the rules, the part that depends on the date, and sends
back only the findings. Both read the bytes the parent read once, so they judge the same
file even if it changes on disk meanwhile. The parent then runs the rules of the files the
worker has not reached (``parallel.mapped``), so it never waits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.core.doccache import DocCache, entry_key
from hojaderuta.core.filecheck import FileCheck, cached_check, check_file, run_rules, with_places
from hojaderuta.core.findings import Finding
from hojaderuta.core.loading import Limits, read_file
from hojaderuta.core.model import Compromiso
from hojaderuta.core.positions import Positions
from hojaderuta.core.rules import COMPROMISO_RULES, RuleContext
from hojaderuta.parallel import fork_map, mapped
from hojaderuta.text.safetext import has_surrogates

# (file, its name in the plan, limits, the bytes to check instead of the file's, rules'
# context). The name is worked out once: ``Path.relative_to`` costs 4 µs a file each time.
Job = tuple[Path, str, Limits, "bytes | None", RuleContext]


@dataclass
class FileOutcome:
    archivo: str
    findings: list[Finding]
    data: Compromiso | None  # the data when it passed the schema
    text: str
    raw: tuple[Any] | None = None  # (whatever the file held,) when it could be read
    positions: Positions | None = None  # a cached file's
    entry: tuple[bytes, bytes] | None = None  # new for the cache: (key, payload)
    hit: bytes | None = None  # the cache key it was read from


def relative(path: Path, plan_dir: Path) -> str:
    return path.relative_to(plan_dir).as_posix()


# What forked workers inherit (never pickled per job): the run's cache, and in a warm run
# the jobs, the parent's process id and the files the parent has read from the cache.
_STATE: dict[str, Any] = {}


def _load(job: Job) -> FileCheck:
    path, archivo, limits, override, _ctx = job
    cache = _STATE.get("cache")
    return check_file(path, archivo, "compromiso", limits, override, cache)


def _finish(checked: FileCheck, ctx: RuleContext) -> FileOutcome:
    run_rules(checked, COMPROMISO_RULES, ctx)
    return _outcome(checked, with_places(checked.findings, checked.doc.data))


def _outcome(checked: FileCheck, findings: list[Finding]) -> FileOutcome:
    doc = checked.doc
    doc.release()
    raw = (doc.data,) if doc.loaded else None
    data = doc.data if checked.ok else None
    # A cached file has no text: its positions travel instead, for later rules.
    return FileOutcome(
        doc.archivo, findings, data, doc.text, raw, doc.known_positions, checked.entry, checked.hit
    )


def _check_compromiso(job: Job) -> FileOutcome:
    return _finish(_load(job), job[4])


def check_files(jobs: list[Job], cache: DocCache | None) -> list[FileOutcome]:
    """Every job's outcome, in order."""
    _STATE.clear()
    _STATE["cache"] = cache
    try:
        if cache is not None and len(cache) >= len(jobs) // 2:
            return _warm(jobs, cache)
        return list(fork_map(_check_compromiso, jobs))
    finally:
        _STATE.clear()


def _warm(jobs: list[Job], cache: DocCache) -> list[FileOutcome]:
    jobs = [_with_bytes(job) for job in jobs]  # read once: the worker forks with them
    restored: dict[int, FileCheck] = {}
    _STATE.update(jobs=jobs, parent=os.getpid(), restored=restored)
    outcomes: list[FileOutcome] = []
    with mapped(_warm_job, range(len(jobs)), busy=True) as results:
        for i, job in enumerate(jobs):  # while the worker runs the rules
            found = _restore(job, cache)
            if found is not None:
                restored[i] = found
        for i, result in enumerate(results):
            if isinstance(result, FileOutcome):
                outcomes.append(result)
            else:  # the worker's findings for a file read here from the cache too
                outcomes.append(_outcome(restored.get(i) or _load(jobs[i]), result))
    return outcomes


def _with_bytes(job: Job) -> Job:
    path, archivo, limits, override, ctx = job
    if override is None:
        raw = read_file(path, archivo, limits)
        # A file that cannot be read is left to the job, which says why.
        override = raw if isinstance(raw, bytes) else None
    return (path, archivo, limits, override, ctx)


def _restore(job: Job, cache: DocCache) -> FileCheck | None:
    path, archivo, _limits, raw, _ctx = job
    if raw is None or has_surrogates(archivo):
        return None
    return cached_check(path, archivo, entry_key("compromiso", archivo, raw), cache)


def _warm_job(index: int) -> FileOutcome | list[Finding]:
    """In the parent: the rules on the file it read. In the worker: the file's findings
    only, when the parent can read it from the cache too; everything otherwise."""
    job: Job = _STATE["jobs"][index]
    checked = _STATE["restored"].get(index) or _load(job)
    outcome = _finish(checked, job[4])
    if os.getpid() != _STATE["parent"] and outcome.hit is not None:
        return outcome.findings
    return outcome


__all__ = ["FileOutcome", "Job", "check_files", "relative"]
