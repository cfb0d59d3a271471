"""The English rule catalogue mirrors the Spanish one, and --explicar picks it in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.core import ruledocs
from hojaderuta.core.findings import CODIGOS
from hojaderuta.resources import rules_doc
from hojaderuta.text import i18n

from .conftest import ROOT

EN_RULES = ROOT / "docs" / "en" / "rules.md"
SEVERITY_WORDS = {"error": "error", "advertencia": "warning"}
_ES_SEVERITY = re.compile(r"^\*\*Severidad:\*\* (\S+)", re.MULTILINE)
_EN_SEVERITY = re.compile(r"^\*\*Severity:\*\* (\S+)", re.MULTILINE)


def _headings(path: Path) -> list[str]:
    return re.findall(r"^## `([a-z0-9-]+)`\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)


def _english_sections(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(i18n, "language", lambda: "en")
    return ruledocs.sections()


def test_same_codes_in_the_same_order() -> None:
    spanish = _headings(ROOT / "docs" / "reglas.md")
    assert spanish
    assert _headings(EN_RULES) == spanish


def test_english_severities_match_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    spanish = ruledocs.sections()
    english = _english_sections(monkeypatch)
    assert list(english) == list(spanish)
    for code, text in english.items():
        es = _ES_SEVERITY.findall(spanish[code])
        en = _EN_SEVERITY.findall(text)
        assert len(es) == 1 and len(en) == 1, code
        assert en[0] == SEVERITY_WORDS[es[0]], code
        assert "**Severidad:**" not in text, code


def test_every_code_documented_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    documented = _english_sections(monkeypatch)
    assert set(CODIGOS) <= set(documented)
    for code, text in documented.items():
        assert "**Severity:**" in text, code
        assert text.count("```yaml") >= 1, code
    for code, severity in CODIGOS.items():
        word = "error" if severity == "error" else "warning"
        assert f"**Severity:** {word}" in documented[code], code


def test_explicar_picks_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ruledocs.rules_path() == rules_doc()
    assert "**Severidad:** error" in ruledocs.sections()["ponderacion-suma"]
    with monkeypatch.context() as patched:
        patched.setattr(i18n, "language", lambda: "en")
        assert ruledocs.rules_path() == rules_doc().parent / "en" / "rules.md"
        assert "**Severity:** error" in ruledocs.sections()["ponderacion-suma"]
    assert i18n.language() == "es"
    assert "**Severidad:** error" in ruledocs.sections()["ponderacion-suma"]


def test_english_falls_back_to_spanish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spanish = tmp_path / "reglas.md"
    spanish.write_text("# Reglas\n\n## `esquema`\n\n**Severidad:** error\n", encoding="utf-8")
    monkeypatch.setattr(ruledocs, "rules_doc", lambda: spanish)
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert ruledocs.rules_path() == spanish
    assert "**Severidad:** error" in ruledocs.sections()["esquema"]


def test_cli_explicar_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "language", lambda: "en")
    result = CliRunner().invoke(app, ["validar", "--explicar", "ponderacion-suma"])
    assert result.exit_code == 0, result.output
    assert "Severity: error" in result.output
    assert "Severidad" not in result.output
