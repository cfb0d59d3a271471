"""``hdr reporte``: golden fichas of commitment 13, valid GFM, overrides, contacts."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import COMPROMISO_13, PLAN_LOCAL, check_golden

AL13 = "2021-08-01"


def _report(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["reporte", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_ficha_13(runner: CliRunner, fmt: str) -> None:
    text = _report(runner, str(COMPROMISO_13), "-c", "13", "-f", fmt, "--al", AL13)
    check_golden(f"ficha-13.{fmt}", text)


def test_markdown_is_valid_gfm(runner: CliRunner) -> None:
    text = _report(runner, str(PLAN_LOCAL), "--al", "2026-11-21")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = [t for t in tokens if t.type == "table_open"]
    source_tables = sum(
        1
        for prev, line in zip(text.splitlines(), text.splitlines()[1:], strict=False)
        if line.startswith("| ") and set(line) <= set("|-: ") and prev.startswith("| ")
    )
    assert len(tables) == source_tables > 10  # every table in the text parses as a table
    headings = [t for t in tokens if t.type == "heading_open" and t.tag == "h2"]
    assert len(headings) == 5  # one ficha per commitment


def test_markdown_neutralises_html(tmp_path: Path, runner: CliRunner) -> None:
    from .hostil import write_hostile_plan

    plan = write_hostile_plan(tmp_path / "p")
    text = _report(runner, str(plan), "--al", "2021-01-01")
    assert "<script" not in text
    assert "&lt;script&gt;" in text


def test_html_report_is_standalone_and_escaped(tmp_path: Path, runner: CliRunner) -> None:
    from .hostil import write_hostile_plan

    plan = write_hostile_plan(tmp_path / "p")
    text = _report(runner, str(plan), "-f", "html", "--al", "2021-01-01")

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.attrs: list[tuple[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.attrs.extend(attrs)

    parser = Tags()
    parser.feed(text)
    assert "script" not in parser.tags
    assert "img" not in parser.tags
    assert not [a for a, _ in parser.attrs if a.startswith("on")]
    assert all(
        not (v or "").lower().startswith("javascript:") for a, v in parser.attrs if a == "href"
    )
    assert "@media print" in text  # prints well: hojas de ruta are still signed on paper
    assert "Content-Security-Policy" in text


def test_user_template_overrides_by_name(tmp_path: Path, runner: CliRunner) -> None:
    own = tmp_path / "mias"
    own.mkdir()
    (own / "ficha.md.j2").write_text(
        "Ficha propia: {% for f in fichas %}{{ f.c.numero }} {{ f.c.avance.nombre }}{% endfor %}\n",
        encoding="utf-8",
    )
    text = _report(runner, str(COMPROMISO_13), "-c", "13", "--plantillas", str(own))
    assert text.strip() == "Ficha propia: 13 Estrategia subnacional de gobierno abierto"
    # the plan report still comes from the bundled templates
    assert "Ficha propia" not in _report(runner, str(COMPROMISO_13), "--plantillas", str(own))


def test_undefined_variable_in_user_template_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    own = tmp_path / "mias"
    own.mkdir()
    (own / "ficha.md.j2").write_text("{{ no_existe }}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["reporte", str(COMPROMISO_13), "-c", "13", "--plantillas", str(own)]
    )
    assert result.exit_code != 0


def test_without_contacts(runner: CliRunner, tmp_path: Path) -> None:
    text = _report(runner, str(COMPROMISO_13), "-c", "13", "--sin-contactos")
    assert "@inai.org.mx" not in text and "5004 2481" not in text
    plan = tmp_path / "p"
    shutil.copytree(COMPROMISO_13, plan)
    plan_yaml = plan / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8") + "publicar_contactos: false\n", encoding="utf-8"
    )
    assert "@inai.org.mx" not in _report(runner, str(plan), "-c", "13", "-f", "html")


def test_salida_writes_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r" / "ficha.html"
    result = runner.invoke(
        app, ["reporte", str(COMPROMISO_13), "-c", "13", "-f", "html", "--salida", str(out)]
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_commitment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reporte", str(COMPROMISO_13), "-c", "7"])
    assert result.exit_code == 2
    assert "hay: 13" in result.output
