"""The ``hdr`` command line: each command parses options, calls one library function and
hands the result to a reporter. The app lives in ``app``, the shared options in
``options``, terminal output in ``output`` and ``reporters``, and the boundary that
turns every error into an exit code in ``boundary``; one module per command group.
"""

from __future__ import annotations

import importlib
import os

from hojaderuta.cli.app import app

# Each module registers its commands on ``app`` when imported; this order is the
# order of ``hdr --help`` (the plan's state first, then authoring, git, sheets, site).
for _group in ("validar", "avance", "autoria", "historial", "hojas", "publicar"):
    importlib.import_module(f"hojaderuta.cli.{_group}")

__all__ = ["app", "main"]


def main() -> None:
    if "_HDR_COMPLETE" in os.environ:
        # typer registers its shell-completion handlers only with add_completion on
        # (off here, its options are English-only); do it for completion requests alone.
        from typer.completion import completion_init  # type: ignore[attr-defined]

        completion_init()
    app(prog_name="hdr")
