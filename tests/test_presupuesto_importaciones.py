"""The import budget of the everyday commands: which modules they load (never a timing).

``hdr --help`` and ``hdr --version`` draw text: no terminal library, no YAML, no
validation. ``hdr validar`` on an everyday plan with no errors needs the YAML loader and
the shipped validators, not the code generators, the full JSON Schema library (only to
explain an invalid file), e-mail parsing (only for an unusual address), git's Python
library, templates, spreadsheets or worker processes. docs/rendimiento.md has the times.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import PLAN_LOCAL, imported_modules

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
# Babel writes figures and dates in words: validar's summary has the date, help has none.
STARTUP_ONLY = NEVER | {"rich", "pydantic", "yaml", "babel", "hojaderuta.core", "hojaderuta.checks"}


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_load_no_terminal_or_yaml_library(args: list[str]) -> None:
    assert imported_modules(*args) & STARTUP_ONLY == set()


def test_a_commands_help_loads_no_yaml_or_validation() -> None:
    # typer (>= 0.26) coerces the group's own --help flag through pydantic before it
    # reaches the command: pydantic is typer's cost here, not hdr's.
    assert imported_modules("validar", "--help") & (STARTUP_ONLY - {"pydantic"}) == set()


def test_validar_on_an_everyday_plan_loads_only_what_it_needs(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)  # outside any repository: nothing from git either
    loaded = imported_modules("validar", str(plan), "--al", "2026-11-21")
    assert loaded & NEVER == set()
    assert loaded & {"hojaderuta.publish", "hojaderuta.sheets", "hojaderuta.authoring"} == set()
    # No fastjsonschema: the shipped validators (core/_validadores.py) did the work.
    # Checking is not computing progress, nor reading an old commit's files
    # (checks.progress has both); text output needs no XML (only --formato junit does).
    assert loaded & {"hojaderuta.git.snapshots", "hojaderuta.progress", "xml"} == set()


def test_the_lazy_parts_load_when_they_are_used(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    assert "xml" in imported_modules("validar", str(plan), "--al", "2026-11-21", "-f", "junit")
    assert "hojaderuta.progress" in imported_modules("avance", str(plan), "--al", "2026-11-21")
