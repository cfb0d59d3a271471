"""The language of the command line: Spanish unless asked otherwise, ``--idioma`` read
before anything is parsed, and a language hdr does not have refused as a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.cli.boundary import language_option
from hojaderuta.text.i18n import language


@pytest.fixture
def sin_idioma(monkeypatch: pytest.MonkeyPatch) -> None:
    """No language chosen anywhere: no HDR_IDIOMA, and a C locale."""
    for name in ("HDR_IDIOMA", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.mark.usefixtures("sin_idioma")
def test_help_is_spanish_by_default() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert language() == "es"
    for words in ("Uso: hdr [OPCIONES] COMANDO", "Opciones:", "Comandos:", "Códigos de salida"):
        assert words in result.output
    assert "Muestra esta ayuda y termina." in result.output
    assert "Usage:" not in result.output


@pytest.mark.usefixtures("sin_idioma")
def test_command_help_is_spanish_by_default() -> None:
    result = CliRunner().invoke(app, ["validar", "--help"])
    assert result.exit_code == 0
    assert "Revisa el plan: esquema y reglas" in result.output
    assert "--al AAAA-MM-DD" in result.output
    assert "--idioma es|en" in result.output


@pytest.mark.usefixtures("sin_idioma")
@pytest.mark.parametrize(
    "args",
    [["--idioma=xx", "validar"], ["--idioma", "xx", "validar"], ["validar", "--idioma=xx"]],
)
def test_unknown_language_is_a_usage_error(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "«xx»" in result.output
    assert "«--idioma»" in result.output
    assert "Uso:" in result.output


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        ([], None),
        (["validar"], None),
        (["--idioma", "en", "validar"], "en"),
        (["--idioma=en", "validar"], "en"),
        (["validar", "--idioma", "en"], "en"),
        (["validar", "--idioma=en", "plan"], "en"),
        (["--idioma", "es", "validar", "--idioma=en"], "en"),  # the last one counts
        (["validar", "--", "--idioma", "en"], None),  # after «--» it is an argument
        (["--idioma=es", "--", "--idioma=en"], "es"),
        (["validar", "--idioma"], None),  # no value: the parser will say so
        (["--idioma="], ""),
    ],
)
def test_language_option(argv: list[str], value: str | None) -> None:
    assert language_option(argv) == value


@pytest.mark.parametrize("extra", [[], ["--por", "ods"], ["--por", "institucion"]])
def test_progress_json_is_the_same_in_every_language(extra: list[str]) -> None:
    """The JSON is the contract: keys and values do not follow the language (only
    ``motivo``, documented as text in the run's language, would)."""
    import json

    from .conftest import PLAN_LOCAL

    args = ["avance", str(PLAN_LOCAL), "--al", "2026-11-21", "--formato", "json", *extra]
    runner = CliRunner()
    spanish = runner.invoke(app, args, env={"HDR_IDIOMA": "es"})
    english = runner.invoke(app, args, env={"HDR_IDIOMA": "en"})
    assert spanish.exit_code == english.exit_code == 0, english.output
    assert json.loads(spanish.stdout) == json.loads(english.stdout)
    if extra == ["--por", "ods"]:
        groups = [g["grupo"] for g in json.loads(english.stdout)["grupos"]]
        assert groups and all(g.startswith("ODS ") for g in groups)


def test_iniciar_writes_the_readme_and_plan_in_the_language_of_the_run(tmp_path: Path) -> None:
    """The files ``iniciar`` writes for people are translated as whole documents
    (plantillas/iniciar/en/); the YAML keys stay the format's."""
    folder = tmp_path / "plan"
    args = ["iniciar", str(folder), "--nombre", "Open plan", "--id", "open-plan"]
    done = CliRunner().invoke(app, args, env={"HDR_IDIOMA": "en"})
    assert done.exit_code == 0, done.output
    assert "Next steps:" in done.output
    readme = next(p for p in folder.rglob("README.md"))
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Open plan\n\nThis repository keeps the roadmaps")
    plan = next(p for p in folder.rglob("plan.yaml")).read_text(encoding="utf-8")
    assert "\nnombre: Open plan\n" in plan  # the key is the format's; its comments, English
    assert "# The action plan. Each commitment goes in its own file" in plan
