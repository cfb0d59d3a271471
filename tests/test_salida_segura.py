"""Text from the user's files reaches a terminal or a CI log without forging output.

A file name, a YAML key or value, a git author or a spreadsheet cell may carry control
characters (an ESC that recolours the terminal, a line break that starts a forged
``::error`` line in a GitHub log) or the CI's own command markers; every output format
shows them as visible escapes instead.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.text.safetext import has_surrogates, plain, visible, visible_line

from . import historial_util as h

INJECTED = "08-a\n::error title=INJECTED::pwned\n.yaml"
WIDE = {"COLUMNS": "400"}  # no wrapping: each line of the report is a line of output
SOURCE = "compromisos/05-presupuesto-participativo.yaml"


def _lines(output: str) -> list[str]:
    # Every break a log reader could honour (GitHub splits on LF; CR too, to be strict).
    return re.split(r"\r\n|\r|\n", output)


def _add_commitment(plan: Path, name: str, extra: str = "") -> None:
    """A copy of commitment 5 numbered 8 under ``name``, with ``extra`` lines at the end."""
    text = (plan / SOURCE).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^numero: 5$", "numero: 8", text)
    (plan / "compromisos" / name).write_text(text + extra, encoding="utf-8")


def _validar(plan: Path, formato: str) -> str:
    result = CliRunner().invoke(app, ["validar", "--formato", formato, str(plan)], env=WIDE)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


# --- visible and its companions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb\tc", "a\\rb\\tc"),
        ("\x1b[31mrojo", "\\x1b[31mrojo"),
        ("\x00\x07\x0b\x0c\x7f", "\\x00\\x07\\x0b\\x0c\\x7f"),
        ("\x85\x9b", "\\x85\\x9b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("abc\u202efdp.exe", "abc\\u202efdp.exe"),
        ("\u2066\u200f\u061c", "\\u2066\\u200f\\u061c"),
        ("\ufffe\uffff", "\\ufffe\\uffff"),
        ("::error::falso", ":\\x3aerror:\\x3afalso"),
        ("texto ##[error]falso", "texto #\\x23[error]falso"),
    ],
)
def test_visible_escapes(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_shows_bytes_that_were_not_utf8() -> None:
    name = b"caf\xe9 \xff.yaml".decode("utf-8", errors="surrogateescape")
    assert has_surrogates(name)
    assert visible(name) == "caf\\xe9 \\xff.yaml"
    assert visible("\ud800") == "\\ud800"  # a lone surrogate that is not a byte
    assert not has_surrogates(visible(name))
    visible(name).encode("utf-8")  # writable as UTF-8 now


@pytest.mark.parametrize(
    "text",
    [
        "Secretaría de Educación Pública",
        "Ñuñoa, Peñalolén, «comillas» y — rayas",
        "Avance 🎉 👩🏽‍💻 🇲🇽",
        "100\u00a0% con espacio duro",
        "東京 · Αθήνα · القاهرة",
        "https://example.org/a:b#c, a: b, # comentario, ## título",
    ],
)
def test_visible_keeps_ordinary_text(text: str) -> None:
    assert visible(text) == text


def test_every_c0_and_c1_control_becomes_printable_ascii() -> None:
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        shown = visible(chr(code))
        assert shown.isascii() and shown.isprintable(), hex(code)


def test_visible_text_is_always_well_formed_xml() -> None:
    # ElementTree writes any character; XML 1.0 forbids controls, surrogates, U+FFFE/F.
    everything = "".join(map(chr, range(0x30000)))
    shown = visible(everything)
    root = ET.Element("r", a=shown)
    root.text = shown
    parsed = ET.fromstring(ET.tostring(root, encoding="utf-8"))
    assert parsed.text == shown and parsed.get("a") == shown


def test_visible_line_and_plain() -> None:
    assert (
        visible_line("  Presupuesto\n  abierto\tmunicipal\r\n") == "Presupuesto abierto municipal"
    )
    assert visible_line("a\x1b[1mb\u2028c") == "a\\x1b[1mb\\u2028c"
    assert plain("dos\nlíneas, «tal cual»") == "dos\nlíneas, «tal cual»"  # CSV/JSON escape it
    assert plain(b"\xff".decode("utf-8", errors="surrogateescape")) == "\\xff"


def test_shown_path_makes_names_visible() -> None:
    from hojaderuta.cli.reporters import shown_path

    assert shown_path(Path("/tmp") / INJECTED).endswith(
        "08-a\\n:\\x3aerror title=INJECTED:\\x3apwned\\n.yaml"
    )


# --- hdr validar, in every format --------------------------------------------------------


def test_github_format_cannot_be_forged_by_a_file_name(plan_copy: Path) -> None:
    _add_commitment(plan_copy, INJECTED, "clave_desconocida: 1\n")
    output = _validar(plan_copy, "github")
    lines = _lines(output)
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert commands, output  # the annotations are there, and only hdr's own
    assert all(line.startswith(("::error file=", "::warning file=")) for line in commands)
    # Each one has exactly hdr's properties: no ``:`` or ``,`` left raw in the file name.
    annotation = re.compile(r"::(error|warning) file=[^:,]+,line=\d+,col=\d+,title=[a-z-]+::")
    assert all(annotation.match(line) for line in commands)
    assert not any(line.lstrip().startswith("::error title=INJECTED") for line in lines)
    assert "##[" not in output
    (mine,) = [line for line in commands if "08-a" in line]
    # The file property: visible escapes, then GitHub's own for ``:`` and ``,``.
    assert "08-a\\n%3A\\x3aerror title=INJECTED%3A\\x3apwned\\n.yaml" in mine
    # The text report that follows shows the name on one line, escapes visible.
    assert "08-a\\n:\\x3aerror title=INJECTED:\\x3apwned\\n.yaml" in output


def test_text_format_shows_line_breaks_in_names(plan_copy: Path) -> None:
    _add_commitment(plan_copy, INJECTED, "clave_desconocida: 1\n")
    output = _validar(plan_copy, "texto")
    assert "08-a\\n:\\x3aerror title=INJECTED:\\x3apwned\\n.yaml" in output
    assert not any(line.lstrip().startswith("::") for line in _lines(output))


ESCAPED_KEY = '"\\e[31mrojo\\v\\u202e": 1\n'  # a YAML key written with escapes


@pytest.mark.parametrize("formato", ["texto", "github", "junit", "json"])
def test_escape_in_a_key_never_reaches_stdout_raw(plan_copy: Path, formato: str) -> None:
    # The loader refuses control characters in values, not in keys: the schema then
    # reports the unknown key, quoting it in its message.
    _add_commitment(plan_copy, "08-clave.yaml", ESCAPED_KEY)
    output = _validar(plan_copy, formato)
    assert "rojo" in output  # the finding is reported...
    assert not re.search("[\x1b\x0b]", output)  # ...with no raw control character
    if formato != "json":
        assert "\\x1b[31mrojo\\x0b\\u202e" in output
        assert "\u202e" not in output
    else:  # JSON keeps the text as it is and escapes what it must
        (finding,) = [f for f in json.loads(output)["hallazgos"] if f["codigo"] == "esquema"]
        assert "\x1b[31mrojo\x0b\u202e" in finding["mensaje"]


def test_escape_in_a_value_is_refused_by_the_loader(plan_copy: Path) -> None:
    _add_commitment(plan_copy, "08-valor.yaml", 'otro: "x\\e[31m"\n')
    output = _validar(plan_copy, "json")
    findings = [
        f for f in json.loads(output)["hallazgos"] if f["archivo"] == "compromisos/08-valor.yaml"
    ]
    assert [f["codigo"] for f in findings] == ["yaml-sintaxis"]
    assert "\x1b" not in output and "\\u001b" not in output  # not even quoted


def test_junit_is_well_formed_with_controls_in_names_and_keys(plan_copy: Path) -> None:
    _add_commitment(plan_copy, INJECTED, ESCAPED_KEY)
    _add_commitment(plan_copy, "09-\x1b[2Jcontrol\x0b.yaml", ESCAPED_KEY.replace("rojo", "azul"))
    output = _validar(plan_copy, "junit")
    root = ET.fromstring(output.encode("utf-8"))  # with its XML declaration
    names = [case.get("name") for case in root.iter("testcase")]
    assert "compromisos/08-a\\n:\\x3aerror title=INJECTED:\\x3apwned\\n.yaml" in names
    assert "compromisos/09-\\x1b[2Jcontrol\\x0b.yaml" in names
    messages = [failure.get("message") or "" for failure in root.iter("failure")]
    assert any("\\x1b[31mazul\\x0b\\u202e" in m for m in messages)


def test_bidi_override_in_a_value_is_shown_escaped(plan_copy: Path) -> None:
    plan_file = plan_copy / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^nombre: .*$", "nombre: Plan \u202eoicos\u202c de prueba", text)
    plan_file.write_text(text, encoding="utf-8")
    output = _validar(plan_copy, "texto")
    assert "Plan \\u202eoicos\\u202c de prueba" in output
    assert "\u202e" not in output


def test_json_with_a_name_that_is_not_utf8(plan_copy: Path) -> None:
    from hojaderuta.cli.reporters.findings import as_json
    from hojaderuta.core.validation import check_plan

    name = b"08-\xff.yaml".decode("utf-8", errors="surrogateescape")
    _add_commitment(plan_copy, name)
    check = check_plan(plan_copy, al=date(2026, 11, 21))
    text = json.dumps(as_json(check), ensure_ascii=False)
    text.encode("utf-8")  # what a UTF-8 stdout does: it must not raise
    assert "compromisos/08-\\\\xff.yaml" in text


# --- hdr avance, historial, importar -----------------------------------------------------


def test_avance_shows_names_escaped(plan_copy: Path) -> None:
    source = plan_copy / SOURCE
    text = source.read_text(encoding="utf-8")
    # «[/]» would be rich markup (and crash it) if a name were ever printed as markup.
    name = "Presupuesto \u202eoicos\u202c ##[error]x [/]"
    text = re.sub(r"(?m)^nombre: .*$", f"nombre: '{name}'", text)
    finanzas = "Secretaría de Administración y Finanzas de Valle Ejemplo"
    text = text.replace(f"institucion: {finanzas}", "institucion: '[/] \u202e Finanzas'")
    source.write_text(text, encoding="utf-8")
    shown = "Presupuesto \\u202eoicos\\u202c #\\x23[error]x [/]"
    runner = CliRunner()
    for args in (["avance"], ["avance", "--compromiso", "5"], ["avance", "-f", "markdown"]):
        result = runner.invoke(app, [*args, str(plan_copy)], env=WIDE)
        assert result.exit_code == 0, result.output
        assert shown in result.stdout, args
        assert "\u202e" not in result.stdout and "##[" not in result.stdout
    groups = runner.invoke(app, ["avance", "--por", "institucion", str(plan_copy)], env=WIDE)
    assert groups.exit_code == 0, groups.output
    assert "[/] \\u202e Finanzas" in groups.stdout and "\u202e" not in groups.stdout
    csv_out = runner.invoke(app, ["avance", "-f", "csv", str(plan_copy)]).stdout
    assert name in csv_out  # a CSV keeps the data as it is


def test_historial_shows_git_text_escaped(tmp_path: Path) -> None:
    plan = h.new_repo(tmp_path / "repo")
    h.write(plan, "compromisos/01-datos.yaml", h.compromiso(1))
    subject = "Alta\x1b[2J ::warning::falso ##[error]falso"
    h.commit(plan.parent, subject, "2020-01-10T10:00:00Z", author="Eve\x1b[31m <e@example.org>")
    result = CliRunner().invoke(app, ["historial", str(plan)], env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Alta\\x1b[2J :\\x3awarning:\\x3afalso #\\x23[error]falso" in out
    assert "Eve\\x1b[31m" in out
    assert "\x1b" not in out and "##[" not in out and "::" not in out
    csv_out = CliRunner().invoke(app, ["historial", "-f", "csv", str(plan)]).stdout
    assert subject in csv_out  # the CSV keeps what git holds


def test_import_messages_show_cell_values_escaped() -> None:
    from hojaderuta.cli.reporters.sheets import write_import
    from hojaderuta.sheets.apply import Importacion
    from hojaderuta.sheets.problems import Problema

    result = Importacion(origen=Path("libro\x1b[5m.xlsx"), todo=False, simulado=False)
    result.problemas.append(
        Problema("El valor «\x1b[31msí\n::error::x» no es una fecha.", hoja="Hitos", fila=3)
    )
    out, err = io.StringIO(), io.StringIO()
    write_import(
        result,
        Console(file=out, width=400),
        Console(file=err, width=400),
        io.StringIO(),
    )
    shown = err.getvalue()
    assert "libro\\x1b[5m.xlsx" in shown
    assert "«\\x1b[31msí\\n:\\x3aerror:\\x3ax»" in shown
    assert "\x1b" not in shown
