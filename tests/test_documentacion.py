"""Every command has help, every code has docs, and hdr --help imports nothing heavy."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.core.findings import CODIGOS, Codigo
from hojaderuta.core.ruledocs import sections

from .conftest import ROOT, imported_modules

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_every_code_documented() -> None:
    documented = sections()
    assert set(CODIGOS) <= set(documented)
    for code, text in documented.items():
        assert "**Severidad:**" in text, code
        assert text.count("```yaml") >= 1, code


def test_documented_severities_match() -> None:
    for code, text in sections().items():
        if code in CODIGOS:
            word = "error" if CODIGOS[Codigo(code)] == "error" else "advertencia"
            assert f"**Severidad:** {word}" in text, code


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_spanish_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Uso:" in result.output
    assert "Show this message" not in result.output
    cmd = get_command(app).commands[command]  # type: ignore[attr-defined]
    assert cmd.help, command
    for param in cmd.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"{command} {param.name} sin ayuda"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"hdr {command}" in readme


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validar", "--help"]])
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    heavy = {"jsonschema", "jinja2", "git", "fastjsonschema", "openpyxl", "ruamel", "markupsafe"}
    assert imported_modules(*args) & heavy == set()
