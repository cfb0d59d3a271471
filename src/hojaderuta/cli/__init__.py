"""The ``hdr`` command line: each command parses options, calls one library function and
hands the result to a reporter. The app, the shared options and the boundary that turns
errors into exit codes live in ``app`` and ``boundary``; one module per command group.
"""

from __future__ import annotations

import os

# Each command module registers its commands on ``app`` when imported.
from hojaderuta.cli import autoria, historial, hojas, plan, publicar  # noqa: F401
from hojaderuta.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    if "_HDR_COMPLETE" in os.environ:
        # typer registers its shell-completion handlers only with add_completion on
        # (off here, its options are English-only); do it for completion requests alone.
        from typer._completion_classes import completion_init

        completion_init()
    app(prog_name="hdr")
