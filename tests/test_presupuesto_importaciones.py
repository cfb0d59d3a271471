"""The import budget of the everyday commands: which modules they load (never a timing).

``hdr --help`` and ``hdr --version`` draw text: no terminal library, no YAML, no
validation. ``hdr validar`` on an everyday plan with no errors needs the YAML loader and
the shipped validators, not the code generators, the full JSON Schema library (only to
explain an invalid file), e-mail parsing (only for an unusual address), git's Python
library, templates, spreadsheets or worker processes. docs/rendimiento.md has the times.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PLAN_LOCAL

NEVER = {
    "jsonschema",
    "fastjsonschema",
    "jinja2",
    "markupsafe",
    "git",  # GitPython
    "openpyxl",
    "ruamel",
    "email_validator",
    "markdown_it",
    "multiprocessing",
    "concurrent",
}
STARTUP_ONLY = NEVER | {"rich", "pydantic", "yaml", "hojaderuta.core", "hojaderuta.checks"}


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hojaderuta", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "hojaderuta.cli" in names  # the measurement itself worked
    # Each module and every package above it: «rich.markdown» counts as «rich» too.
    return {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 2)}


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_load_no_terminal_or_yaml_library(args: list[str]) -> None:
    assert _imported(*args) & STARTUP_ONLY == set()


def test_a_commands_help_loads_no_yaml_or_validation() -> None:
    # typer (>= 0.26) coerces the group's own --help flag through pydantic before it
    # reaches the command: pydantic is typer's cost here, not hdr's.
    assert _imported("validar", "--help") & (STARTUP_ONLY - {"pydantic"}) == set()


def test_validar_on_an_everyday_plan_loads_only_what_it_needs(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)  # outside any repository: nothing from git either
    loaded = _imported("validar", str(plan), "--al", "2026-11-21")
    assert loaded & NEVER == set()
    assert loaded & {"hojaderuta.publish", "hojaderuta.sheets", "hojaderuta.authoring"} == set()
    # No fastjsonschema: the shipped validators (core/_validadores.py) did the work.
