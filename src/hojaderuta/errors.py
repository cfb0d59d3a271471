"""The one exception hierarchy of hdr.

The library raises these; only ``cli`` turns them into exit codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hojaderuta.findings import Finding


class HdrError(Exception):
    """Base of every error hdr reports to a user (message in Spanish)."""


class UsageError(HdrError):
    """The user asked for something that cannot be done as asked (exit 2)."""


class PlanNotFoundError(UsageError):
    """No plan.yaml in the directory or its parents."""

    def __init__(self, message: str, finding: Finding) -> None:
        super().__init__(message)
        self.finding = finding


class GitError(UsageError):
    """A git operation needed by the command is impossible (no repository, bad ref)."""
