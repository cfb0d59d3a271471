"""``hdr reporte``: golden fichas of commitment 13, valid GFM, overrides, contacts."""

from __future__ import annotations

import base64
import hashlib
import re
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


def _without_style(html: str) -> str:
    """The HTML without the site's stylesheet and its hash in the CSP: golden files follow
    what the report says, not the stylesheet of ``plantillas/sitio/`` (which the tests of
    the HTML reports check on their own: inlined, allowed by the CSP, with print rules)."""
    html = re.sub(r"<style>.*?</style>", "<style>/* sitio/estilo.css */</style>", html, flags=re.S)
    return re.sub(r"style-src &#39;sha256-[^&]*&#39;", "style-src &#39;sha256-…&#39;", html)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_ficha_13(runner: CliRunner, fmt: str) -> None:
    text = _report(runner, str(COMPROMISO_13), "-c", "13", "-f", fmt, "--al", AL13)
    check_golden(f"ficha-13.{fmt}", _without_style(text))


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


# --- hdr reporte --institucion -------------------------------------------------------------

AL_LOCAL = "2026-11-21"
SEGURIDAD = "Secretaría de Seguridad Ciudadana de Valle Ejemplo"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_institucion(runner: CliRunner, fmt: str) -> None:
    text = _report(
        runner, str(PLAN_LOCAL), "--institucion", "seguridad", "-f", fmt, "--al", AL_LOCAL
    )
    check_golden(f"institucion-local-seguridad.{fmt}", _without_style(text))


def test_institucion_md_figures(runner: CliRunner) -> None:
    text = _report(runner, str(PLAN_LOCAL), "-i", "SEGURIDAD ciudadana", "--al", AL_LOCAL)
    assert text.startswith(f"# {SEGURIDAD}\n")
    # Commitment 3 (the only one it leads): 30% done of 65% expected.
    assert "**Estado:** con rezago (35 puntos por debajo de lo esperado)" in text
    assert "Encabeza 1 compromiso y tiene a su cargo 3 hitos: 1 cumplido, 1 vencido y 1 " in text
    assert (
        "| 3 | Seguridad ciudadana con participación y datos abiertos | 30% | 65% | 35 puntos"
        in text
    )
    assert "| 31 de julio de 2026 | venció hace 113 días |" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(1 for t in tokens if t.type == "table_open") == 2  # its commitments, due dates


def test_institucion_hitos_in_others_and_due_soon(plan_copy: Path, runner: CliRunner) -> None:
    """Hito 3 of commitment 2 (Medio Ambiente's) is given to Seguridad: it shows among the
    hitos in others' commitments and, due in 21 days, among the next due dates."""
    archivo = plan_copy / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = archivo.read_text(encoding="utf-8")
    persona = (
        "{nombre: Irene Soto, cargo: Enlace, institucion: "
        + SEGURIDAD
        + ", correo: irene@seguridad.example.org}"
    )
    archivo.write_text(
        text.replace("    responsable: *julian\n", f"    responsable: {persona}\n", 1),
        encoding="utf-8",
    )
    md = _report(runner, str(plan_copy), "-i", "seguridad", "--al", "2027-03-10")
    otros = md.split("## Hitos a su cargo en compromisos de otras instituciones", 1)[1]
    otros = otros.split("## Próximos vencimientos", 1)[0]
    rows = [line for line in otros.splitlines() if line.startswith("| 2. ")]
    assert len(rows) == 1 and rows[0].endswith("| 31 de marzo de 2027 | pendiente |")
    proximos = md.split("## Próximos vencimientos", 1)[1]
    due = [line for line in proximos.splitlines() if line.startswith("| ") and "---" not in line]
    assert [row.rsplit("|", 2)[-2].strip() for row in due[1:]] == [
        "venció hace 222 días",  # commitment 3, hito 2: overdue first
        "vence en 21 días",
    ]
    assert "tiene a su cargo 4 hitos" in md
    html = _report(runner, str(plan_copy), "-i", "seguridad", "-f", "html", "--al", "2027-03-10")
    assert html.count("vence en 21 días") == 1
    assert '<span class="vencido">venció hace 222 días</span>' in html


def test_institucion_html_like_the_plan_report(runner: CliRunner) -> None:
    html = _report(runner, str(PLAN_LOCAL), "-i", "itaive", "-f", "html", "--al", AL_LOCAL)
    plan = _report(runner, str(PLAN_LOCAL), "-f", "html", "--al", AL_LOCAL)

    def csp(text: str) -> str:
        return text.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]

    def style(text: str) -> str:
        return text.split("<style>", 1)[1].split("</style>", 1)[0]

    assert csp(html) == csp(plan) and style(html) == style(plan)
    digest = base64.b64encode(hashlib.sha256(style(html).encode("utf-8")).digest()).decode()
    policy = "default-src 'none'; img-src 'self' data:; style-src 'sha256-" + digest + "'"
    assert csp(html) == policy.replace("'", "&#39;")  # it allows exactly the inlined style
    assert "<script" not in html
    assert (
        "<h1>Instituto de Transparencia y Acceso a la Información de Valle Ejemplo (ITAIVE)</h1>"
        in html
    )
    assert "Encabeza 2 compromisos y tiene a su cargo 1 hito: 1 cumplido, 0 vencidos y 0 " in html


def test_institucion_escapes_hostile_names(tmp_path: Path, runner: CliRunner) -> None:
    from .hostil import write_hostile_plan

    plan = write_hostile_plan(tmp_path / "p")
    md = _report(runner, str(plan), "-i", "Institución R", "--al", "2021-01-01")
    assert "<script" not in md and "&lt;script&gt;" in md
    html = _report(runner, str(plan), "-i", "Institución R", "-f", "html", "--al", "2021-01-01")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_institucion_none_or_several(runner: CliRunner) -> None:
    none = runner.invoke(app, ["reporte", str(PLAN_LOCAL), "-i", "Hacienda federal"])
    assert none.exit_code == 2
    assert "Ninguna institución del plan coincide con «Hacienda federal»" in none.output
    assert SEGURIDAD in " ".join(none.output.split()) and "(ITAIVE)" in none.output
    several = runner.invoke(app, ["reporte", str(PLAN_LOCAL), "-i", "secretaria"])
    assert several.exit_code == 2
    flat = " ".join(several.output.split())
    assert "«secretaria» coincide con 5 instituciones" in flat
    assert SEGURIDAD in flat and "ITAIVE" not in flat
    empty = runner.invoke(app, ["reporte", str(PLAN_LOCAL), "-i", "  "])
    assert empty.exit_code == 2 and "Ninguna institución" in empty.output


def test_institucion_control_characters_in_the_error(runner: CliRunner) -> None:
    """hdr's YAML loader already refuses control characters in names; what the user
    typed is shown visible."""
    result = runner.invoke(app, ["reporte", str(PLAN_LOCAL), "-i", "nada\x1b[2J"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "«nada\\x1b[2J»" in result.output


def test_institucion_y_compromiso_no_se_combinan(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reporte", str(PLAN_LOCAL), "-c", "3", "-i", "seguridad"])
    assert result.exit_code == 2
    assert "--compromiso y --institucion no se combinan" in " ".join(result.output.split())


# --- redacción: plurales y fechas ------------------------------------------------------------


def test_counts_agree_with_their_words(runner: CliRunner) -> None:
    early = _report(runner, str(PLAN_LOCAL), "--al", "2026-03-01")
    assert "(0 cumplidos, 0 en tiempo, 0 con rezago, 5 no iniciados)" in early
    late = _report(runner, str(PLAN_LOCAL), "--al", AL_LOCAL)
    assert "(1 cumplido, 2 en tiempo, 1 con rezago, 1 no iniciado)" in late
    html = _report(runner, str(PLAN_LOCAL), "-f", "html", "--al", "2026-03-01")
    assert '<span class="cifra">5</span> no iniciados' in html
    assert '<span class="cifra">0</span> cumplidos' in html


def test_state_word() -> None:
    from hojaderuta.progress import Estado
    from hojaderuta.publish.reports import state_word

    assert [state_word(e, 1) for e in Estado] == [e.palabra for e in Estado]
    assert [state_word(e, 2) for e in Estado] == [
        "cumplidos", "en tiempo", "con rezago", "no iniciados", "sin calcular"
    ]  # fmt: skip
    assert state_word(Estado.CUMPLIDO, 0) == "cumplidos"


def test_goals_and_dates_in_words(runner: CliRunner) -> None:
    text = _report(runner, str(PLAN_LOCAL), "--al", AL_LOCAL)
    assert "- ODS 5. Igualdad de género: meta 5.5\n" in text
    assert "- ODS 16. Paz, justicia e instituciones sólidas: metas 16.6, 16.10\n" in text
    assert "metas 5.5" not in text
    assert text.count("Reporte de avance al 21 de noviembre de 2026. Periodo del plan: del ") == 1
    assert "**Cumplido** el 24 de abril de 2026." in text
    assert "Verificado por Mariana Quintero Lagos el 4 de mayo de 2026." in text
    assert "### El compromiso de un vistazo\n" in text and "Echa " not in text


def test_institucion_que_no_encabeza_compromisos(plan_copy: Path, runner: CliRunner) -> None:
    archivo = plan_copy / "compromisos" / "02-residuos-gestion-abierta.yaml"
    persona = (
        "{nombre: Irene Soto, cargo: Enlace, institucion: Colectivo Nuevo A.C., correo: i@x.org}"
    )
    text = archivo.read_text(encoding="utf-8")
    archivo.write_text(
        text.replace("    responsable: *julian\n", f"    responsable: {persona}\n", 1),
        encoding="utf-8",
    )
    md = _report(runner, str(plan_copy), "-i", "colectivo nuevo", "--al", AL_LOCAL)
    assert (
        "No encabeza ningún compromiso y tiene a su cargo 1 hito: 0 cumplidos, 0 vencidos y " in md
    )
    assert "**Estado:**" not in md and "| N.º |" not in md
    assert "Ninguno: ninguna persona responsable de un compromiso pertenece" in md
    assert "| 2. Gestión abierta y participativa de residuos sólidos urbanos | 3. " in md
    html = _report(runner, str(plan_copy), "-i", "colectivo nuevo", "-f", "html", "--al", AL_LOCAL)
    assert 'class="resumen"' not in html and "No encabeza ningún compromiso" in html
