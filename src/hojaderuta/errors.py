"""The one exception hierarchy of hdr, and the exit codes.

The library raises these; each knows its exit code, and only the CLI boundary
turns them into one. Anything that is not an ``HdrError`` is a defect of hdr
(exit 3).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from hojaderuta.core.findings import Finding


class ExitCode(IntEnum):
    """What ``hdr`` returns to the shell (documented in ``hdr --help`` and the README)."""

    OK = 0
    FINDINGS = 1  # errors in the plan (or warnings with --estricto)
    USAGE = 2  # usage or environment: bad option, missing path, not a git repo, unreadable file
    INTERNAL = 3  # a defect of hdr itself
    INTERRUPTED = 130  # Ctrl-C, as shells do


class HdrError(Exception):
    """Base of every error hdr reports to a user (message in Spanish)."""

    exit_code: ClassVar[ExitCode] = ExitCode.USAGE
    # A usage error is the person's to fix in the command line: the CLI shows the usage line.
    shows_usage: ClassVar[bool] = False


class UsageError(HdrError):
    """The user asked for something that cannot be done as asked (exit 2)."""

    shows_usage = True


class PlanFileError(UsageError):
    """plan.yaml itself has errors: nothing can be computed until it is fixed (exit 2)."""


class EnvironmentProblem(HdrError):
    """Something outside the command line is in the way: a path, a file, a tool (exit 2)."""


class PlanNotFoundError(UsageError):
    """No plan.yaml in the directory or its parents."""

    def __init__(self, message: str, finding: Finding) -> None:
        super().__init__(message)
        self.finding = finding


class GitError(EnvironmentProblem):
    """A git operation needed by the command is impossible (no repository, bad ref)."""


class WriteConflictError(EnvironmentProblem):
    """Another process changed a file hdr was about to write; nothing was written.

    Not the person's mistake: repeating the command is enough.
    """


class PlanBusyError(EnvironmentProblem):
    """Another hdr process holds the plan's lock; nothing was changed (exit 2)."""


class OutputError(EnvironmentProblem):
    """hdr could not write where it was asked to (missing folder, no permission, disk full)."""
