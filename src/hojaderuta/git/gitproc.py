"""Running the git executable to read a repository: its environment, its failures in git's
own words, and blobs through ``git cat-file --batch``.

No Python library stands between hdr and git: starting ``git`` costs a few
milliseconds, while importing a library to do it cost more than the rest of a small
command. Messages are asked in English (``LC_ALL=C``), as hdr words its own.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from hojaderuta.errors import GitError
from hojaderuta.text.i18n import _

BLOB = b"blob"


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["LANGUAGE"] = "C"
    env["LC_ALL"] = "C"
    return env


def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``cwd``, whatever its exit code; a GitError when git cannot start."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, env=git_env(), capture_output=True, check=False
        )
    except OSError as err:
        raise GitError(cannot_run(err)) from err


def cannot_run(err: OSError) -> str:
    """git could not be started."""
    return _("No se pudo usar git (¿está instalado?): {error}").format(error=err)


def detail(done: subprocess.CompletedProcess[bytes]) -> str:
    """What git said when it failed (its standard error), or its exit code."""
    said = done.stderr.decode("utf-8", "replace").strip()
    return said or _("git terminó con el código {codigo}").format(codigo=done.returncode)


def git_output(cwd: Path, *args: str) -> bytes:
    """The standard output of ``git ARGS``; a GitError with git's words when it fails."""
    done = run_git(cwd, *args)
    if done.returncode != 0:
        raise GitError(cannot_read_history(done))
    return done.stdout


def cannot_read_history(done: subprocess.CompletedProcess[bytes]) -> str:
    """git failed reading the plan's history: its own words."""
    return _("git no pudo leer la historia del plan: {detalle}").format(detalle=detail(done))


def cannot_read_object(sha: str) -> str:
    return _("git no pudo leer el objeto {sha} del repositorio.").format(sha=sha)


def _start_batch(cwd: Path) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as err:
        raise GitError(cannot_run(err)) from err


def _read_object(out: IO[bytes], sha: str) -> bytes:
    header = out.readline().split()
    if len(header) != 3 or header[1] != BLOB:
        raise GitError(cannot_read_object(sha))
    data = out.read(int(header[2]))
    out.read(1)  # the newline after each object
    return data


class BlobReader:
    """One long-lived ``git cat-file --batch`` for blobs asked one at a time."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None

    def read(self, sha: str) -> bytes:
        if self._proc is None:
            self._proc = _start_batch(self.cwd)
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(f"{sha}\n".encode("ascii"))
            proc.stdin.flush()
        except OSError as err:
            self.close()
            raise GitError(cannot_read_object(sha)) from err
        return _read_object(proc.stdout, sha)

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        if proc.stdout is not None:
            proc.stdout.close()
        proc.wait()


def stream_blobs(cwd: Path, shas: list[str]) -> Iterator[tuple[str, bytes]]:
    """Many blobs through ONE ``git cat-file --batch``, in order.

    A thread writes every request up front, so git inflates the next blobs while
    the caller parses this one (asking one at a time would add a round trip each).
    """
    if not shas:
        return
    proc = _start_batch(cwd)
    assert proc.stdin is not None and proc.stdout is not None
    stdin, out = proc.stdin, proc.stdout
    requests = "".join(f"{sha}\n" for sha in shas).encode("ascii")

    def feed() -> None:
        with contextlib.suppress(OSError):  # git exited early: the reader reports it
            stdin.write(requests)
            stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    done = False
    try:
        for i, sha in enumerate(shas, 1):
            data = _read_object(out, sha)
            done = i == len(shas)
            yield sha, data
    finally:
        if not done:  # abandoned midway: git may be blocked writing to us
            proc.kill()
        out.close()
        writer.join()
        proc.wait()
