"""``sitio`` and ``licencia_datos`` in plan.yaml: how they are read, and what validar says.

``sitio`` is the published site's address (a text, as always) or a block with ``url``,
``logo``, ``color`` and ``pie``; ``licencia_datos`` names the data licence.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan
from hojaderuta.cli import app
from hojaderuta.core.findings import Finding
from hojaderuta.core.schema import _full_validator, is_valid
from hojaderuta.core.sitesettings import (
    LICENCIA_POR_OMISION,
    LOGO_MAX_BYTES,
    color_problem,
    contrast,
    judge_logo,
    licencia,
    licencia_problem,
    site_settings,
)

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT, git

AL = "2020-06-30"
MINIMO = ROOT / "tests" / "casos" / "valido-minimo"
PLAN_HEAD = """formato: 1
id: plan-prueba
nombre: Plan de Acción Local de prueba
ambito: local
periodo:
  inicio: 2020-01-01
  fin: 2021-12-31
"""


def _png() -> bytes:
    """A real 1×1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x6b\x1d\x4a")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _plan(tmp_path: Path, tail: str) -> Path:
    """A minimal valid plan whose plan.yaml ends with ``tail``."""
    plan = tmp_path / "plan"
    shutil.copytree(MINIMO / "compromisos", plan / "compromisos")
    (plan / "plan.yaml").write_text(PLAN_HEAD + tail, encoding="utf-8")
    return plan


def _line_of(plan: Path, text: str) -> int:
    """The line (from 1) of plan.yaml where ``text`` starts a line's content."""
    lines = (plan / "plan.yaml").read_text(encoding="utf-8").splitlines()
    (index,) = [i for i, line in enumerate(lines) if line.strip().startswith(text)]
    return index + 1


def _validar(runner: CliRunner, plan: Path) -> tuple[int, list[dict[str, Any]]]:
    result = runner.invoke(app, ["validar", str(plan), "--al", AL, "--formato", "json"])
    return result.exit_code, json.loads(result.output)["hallazgos"]


def _only(runner: CliRunner, plan: Path) -> dict[str, Any]:
    code, found = _validar(runner, plan)
    assert code == 1, found
    (finding,) = found
    assert finding["archivo"] == "plan.yaml"
    assert finding["severidad"] == "error"
    return finding


# --- site_settings: both forms, and bad values ignored ----------------------------


def test_sitio_como_texto() -> None:
    ajustes = site_settings({"sitio": " https://gobabiertomx.org "})
    assert ajustes.url == "https://gobabiertomx.org/"
    assert (ajustes.logo, ajustes.color, ajustes.pie) == (None, None, None)
    assert ajustes.licencia.id == LICENCIA_POR_OMISION == "CC-BY-4.0"


def test_sitio_como_bloque() -> None:
    ajustes = site_settings(
        {
            "sitio": {
                "url": "https://gobiernoabierto.valle.example.org/tablero/",
                "logo": "identidad/logo.png",
                "color": "#6B1D4A",
                "pie": "  Secretariado Técnico Local  ",
            },
            "licencia_datos": "ODbL-1.0",
        }
    )
    assert ajustes.url == "https://gobiernoabierto.valle.example.org/tablero/"
    assert ajustes.logo == "identidad/logo.png"
    assert ajustes.color == "#6b1d4a"
    assert ajustes.pie == "Secretariado Técnico Local"
    assert ajustes.licencia.id == "ODbL-1.0"


def test_color_corto_se_normaliza() -> None:
    assert color_problem("#363") is None
    assert site_settings({"sitio": {"color": "#363"}}).color == "#336633"


def test_direccion_sin_consulta_ni_fragmento() -> None:
    ajustes = site_settings({"sitio": "https://valle.example.org/plan/?page_id=877#inicio"})
    assert ajustes.url == "https://valle.example.org/plan/"


@pytest.mark.parametrize(
    "plan",
    [
        {},
        {"sitio": None},
        {"sitio": 5},
        {"sitio": ["https://x.example.org"]},
        {"sitio": ""},
        {"sitio": "ftp://x.example.org"},
        {"sitio": "gobabiertomx.org"},
        {"sitio": {}},
        {"sitio": {"url": 5, "logo": ["x.png"], "color": None, "pie": {"a": 1}}},
        {"sitio": {"url": "javascript:alert(1)", "logo": "/etc/passwd", "color": "#ffcc00"}},
        {"sitio": {"logo": "https://x.example.org/logo.png", "color": "rojo", "pie": "  "}},
        {"sitio": {"otra": "clave"}, "licencia_datos": 4},
        {"licencia_datos": ["CC0-1.0"]},
    ],
)
def test_valores_malos_no_se_usan(plan: dict[str, Any]) -> None:
    ajustes = site_settings(plan)
    assert (ajustes.url, ajustes.logo, ajustes.color, ajustes.pie) == (None, None, None, None)
    assert ajustes.licencia == licencia(None)
    assert ajustes.licencia.id == LICENCIA_POR_OMISION


# --- contrast -----------------------------------------------------------------------


def test_contraste_gris_767676_pasa_con_blanco_y_no_con_el_gris() -> None:
    # #767676 is the lightest grey with 4.5:1 on white (4.54:1, the figure WebAIM gives).
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#767676", "#f3f4f6") < 4.5
    problem = color_problem("#767676")
    assert problem is not None
    assert "#f3f4f6" in problem and "#ffffff" not in problem
    assert "4.5:1" in problem


def test_contraste_verde_oscuro_pasa() -> None:
    assert color_problem("#1f5f3a") is None
    assert color_problem("#6b1d4a") is None


def test_contraste_amarillo_falla_con_ambos_fondos() -> None:
    problem = color_problem("#ffcc00")
    assert problem is not None
    assert "#ffffff" in problem and "#f3f4f6" in problem
    assert "más oscuro" in problem


def test_contraste_extremos() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#abcdef", "#abcdef") == pytest.approx(1)


def test_color_mal_escrito() -> None:
    sin_gato = color_problem("6b1d4a")
    assert sin_gato is not None and "le falta el #" in sin_gato
    nombre = color_problem("verde")
    assert nombre is not None and "hexadecimal" in nombre and "comillas" in nombre
    assert color_problem(None) is None  # the schema speaks for other types


# --- licence ------------------------------------------------------------------------


def test_licencia_spdx_conocida() -> None:
    cc = licencia("cc-by-4.0")
    assert cc.id == "CC-BY-4.0"
    assert cc.url == "https://creativecommons.org/licenses/by/4.0/"
    assert "Atribución 4.0" in cc.titulo
    assert licencia("CC0-1.0").url == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_licencia_spdx_desconocida_enlaza_a_spdx() -> None:
    other = licencia("OGL-UK-3.0")
    assert other.id == "OGL-UK-3.0"
    assert other.url == "https://spdx.org/licenses/OGL-UK-3.0.html"
    assert licencia_problem("OGL-UK-3.0") is None


def test_licencia_direccion_web() -> None:
    web = licencia("https://datos.valle.example.org/licencia")
    assert web.id is None
    assert web.url == web.nombre == "https://datos.valle.example.org/licencia"
    assert licencia_problem("https://datos.valle.example.org/licencia") is None


@pytest.mark.parametrize("value", [None, "", "   ", 4, ["CC0-1.0"]])
def test_licencia_vacia_es_la_de_omision(value: object) -> None:
    assert licencia(value).id == LICENCIA_POR_OMISION
    assert licencia(value).nombre == "CC-BY-4.0"


def test_licencia_mal_escrita() -> None:
    spaced = licencia_problem("CC BY-SA 4.0")
    assert spaced is not None and "¿Quiso decir «CC-BY-SA-4.0»?" in spaced
    words = licencia_problem("Creative Commons Atribución")
    assert words is not None and "SPDX" in words and "Quiso decir" not in words
    assert licencia_problem("ftp://x.example.org/licencia") is not None
    assert licencia_problem(4) is None  # the schema speaks for other types


def test_licencia_mal_escrita_se_muestra_tal_cual() -> None:
    """A licence with a finding is shown as written, unlinked: never swapped for another."""
    shown = site_settings({"licencia_datos": " Licencia de Libre Uso MX "}).licencia
    assert (shown.id, shown.url) == (None, None)
    assert shown.titulo == shown.nombre == "Licencia de Libre Uso MX"


# --- the schema: both forms, and both validators agree ------------------------------

BASE: dict[str, Any] = {
    "formato": 1,
    "id": "plan-x",
    "nombre": "Plan",
    "ambito": "local",
    "periodo": {"inicio": "2020-01-01", "fin": "2021-12-31"},
}


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ({"sitio": "https://gobabiertomx.org"}, True),
        ({"sitio": {}}, True),
        ({"sitio": {"url": "https://x.example.org", "color": "#123456", "pie": "P"}}, True),
        ({"sitio": {"logo": "identidad/logo.png"}, "licencia_datos": "CC0-1.0"}, True),
        ({"sitio": ""}, False),
        ({"sitio": " "}, False),
        ({"sitio": 5}, False),
        ({"sitio": None}, False),
        ({"sitio": ["https://x.example.org"]}, False),
        ({"sitio": {"colour": "#123456"}}, False),
        ({"sitio": {"color": None}}, False),
        ({"sitio": {"pie": ""}}, False),
        ({"sitio": {"url": ""}}, False),
        ({"licencia_datos": ""}, False),
        ({"licencia_datos": 4}, False),
    ],
)
def test_esquema_de_sitio(extra: dict[str, Any], valid: bool) -> None:
    data = {**BASE, **extra}
    assert is_valid("plan", data) is valid
    assert (not list(_full_validator("plan").iter_errors(data))) is valid


# --- hdr validar: each new finding, with its line and place -------------------------


def test_color_sin_contraste(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, 'sitio:\n  url: https://x.example.org\n  color: "#ffcc00"\n')
    finding = _only(runner, plan)
    assert finding["codigo"] == "color-invalido"
    assert finding["linea"] == _line_of(plan, "color:")
    assert finding["lugar"] == "sitio · color"
    assert "#ffcc00" in finding["mensaje"]


def test_color_sin_almohadilla(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  color: 6b1d4a\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "color-invalido"
    assert finding["linea"] == _line_of(plan, "color:")
    assert "le falta el #" in finding["mensaje"]


def test_color_sin_comillas_es_un_comentario(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  url: https://x.example.org\n  color: #6b1d4a\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "esquema"
    assert finding["linea"] == _line_of(plan, "color:")
    assert finding["lugar"] == "sitio · color"
    assert "vacío" in finding["mensaje"] and "comentario" in finding["mensaje"]
    assert 'color: "#6b1d4a"' in finding["mensaje"]


def test_clave_desconocida_en_el_bloque(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, 'sitio:\n  url: https://x.example.org\n  colour: "#6b1d4a"\n')
    finding = _only(runner, plan)
    assert finding["codigo"] == "esquema"
    assert finding["linea"] == _line_of(plan, "colour:")
    assert finding["lugar"] == "sitio · colour"
    assert "«colour» no existe" in finding["mensaje"]
    assert "¿Quiso decir «color»?" in finding["mensaje"]


BOTH_FORMS = "un texto (por ejemplo https://gobabiertomx.org) o un bloque con las claves"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("5", f"debe ser {BOTH_FORMS} url, logo, color o pie, pero es «5»."),
        ("", f"está vacío: escriba {BOTH_FORMS} url, logo, color o pie."),
        ("[https://x.example.org]", "pero es una lista."),
        ('""', "está vacío: escriba el texto."),
    ],
)
def test_sitio_de_otro_tipo(runner: CliRunner, tmp_path: Path, value: str, said: str) -> None:
    plan = _plan(tmp_path, f"sitio: {value}\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "esquema"
    assert finding["linea"] == _line_of(plan, "sitio:")
    assert finding["lugar"] == "sitio"
    assert finding["mensaje"].startswith("«Sitio web del plan» (clave sitio) ")
    assert said in finding["mensaje"]
    assert "16.10" not in finding["mensaje"]


def test_sitio_url_invalida_en_el_bloque(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  url: gobabiertomx.org\n  pie: Pie\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "url-invalida"
    assert finding["linea"] == _line_of(plan, "url:")
    assert finding["lugar"] == "sitio · url"


def test_sitio_url_invalida_como_texto(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio: ftp://gobabiertomx.org\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "url-invalida"
    assert (finding["linea"], finding["lugar"]) == (_line_of(plan, "sitio:"), "sitio")


def test_licencia_invalida(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio: https://x.example.org\nlicencia_datos: CC BY 4.0\n")
    finding = _only(runner, plan)
    assert finding["codigo"] == "licencia-invalida"
    assert finding["linea"] == _line_of(plan, "licencia_datos:")
    assert finding["ruta"] == "/licencia_datos"
    assert "CC-BY-4.0" in finding["mensaje"]


def test_identidad_completa_valida(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "sitio:\n  url: https://x.example.org\n  logo: identidad/logo.png\n"
        '  color: "#1f5f3a"\n  pie: Secretariado · contacto@x.example.org\n'
        "licencia_datos: CC0-1.0\n",
    )
    (plan / "identidad").mkdir()
    (plan / "identidad" / "logo.png").write_bytes(_png())
    assert _validar(runner, plan) == (0, [])


# --- the logo -------------------------------------------------------------------------


def _logo_finding(runner: CliRunner, plan: Path) -> str:
    finding = _only(runner, plan)
    assert finding["codigo"] == "logo-invalido"
    assert finding["linea"] == _line_of(plan, "logo:")
    assert finding["lugar"] == "sitio · logo"
    message: str = finding["mensaje"]
    return message


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("identidad/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "nunca"),
        ("identidad/logo.SVG", b"<svg/>", "nunca"),
        ("identidad/logo.html", b"<html></html>", "nunca"),
        ("identidad/logo.png", b"<svg/>", "su contenido es otro"),
        ("identidad/logo.pdf", b"%PDF-1.4", "nunca"),
    ],
)
def test_logo_de_tipo_no_permitido(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    plan = _plan(tmp_path, f"sitio:\n  logo: {name}\n")
    (plan / name).parent.mkdir(parents=True, exist_ok=True)
    (plan / name).write_bytes(content)
    message = _logo_finding(runner, plan)
    if said == "nunca":
        assert "PNG, JPG, WebP o GIF" in message and "SVG" in message
    else:
        assert said in message


def test_logo_que_no_existe(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: identidad/logo.png\n")
    assert "no existe" in _logo_finding(runner, plan)


def test_logo_fuera_del_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: ../logo.png\n")
    (tmp_path / "logo.png").write_bytes(_png())
    assert "fuera de la carpeta del plan" in _logo_finding(runner, plan)


def test_logo_enlace_que_sale_del_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: logo.png\n")
    (tmp_path / "secreto.png").write_bytes(_png())
    (plan / "logo.png").symlink_to(tmp_path / "secreto.png")
    assert "fuera de la carpeta del plan" in _logo_finding(runner, plan)


def test_logo_que_es_una_direccion_web(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: https://x.example.org/logo.png\n")
    assert "no una dirección web" in _logo_finding(runner, plan)


def test_logo_demasiado_grande(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: logo.png\n")
    (plan / "logo.png").write_bytes(_png() + b"\0" * LOGO_MAX_BYTES)
    message = _logo_finding(runner, plan)
    assert "pesa 1.1 MB" in message and "el límite es 1 MB" in message
    (plan / "logo.png").write_bytes(_png() + b"\0" * (LOGO_MAX_BYTES - len(_png())))
    assert _validar(runner, plan) == (0, [])  # exactly at the limit


def test_logo_en_git_debe_estar_registrado(runner: CliRunner, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "sitio:\n  logo: identidad/logo.webp\n")
    (plan / "identidad").mkdir()
    (plan / "identidad" / "logo.webp").write_bytes(b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "plan/plan.yaml", "plan/compromisos")
    assert "git add" in _logo_finding(runner, plan)
    git(tmp_path, "add", "plan/identidad/logo.webp")
    assert _validar(runner, plan) == (0, [])


def test_judge_logo_da_la_ruta_confinada(tmp_path: Path) -> None:
    (tmp_path / "identidad").mkdir()
    (tmp_path / "identidad" / "logo.gif").write_bytes(b"GIF89a" + b"\0" * 20)
    judged = judge_logo("identidad/logo.gif", tmp_path.resolve(), None, None)
    assert judged.problem is None
    assert judged.path == (tmp_path / "identidad" / "logo.gif").resolve()
    refused = judge_logo("identidad/otro.gif", tmp_path.resolve(), None, None)
    assert refused.path is None and refused.problem is not None


# --- the examples validate as before, in either form of sitio -------------------------


def _keys(findings: list[Finding]) -> list[tuple[str, str, int, str]]:
    return [(f.codigo, f.archivo, f.linea, f.mensaje) for f in findings]


@pytest.mark.parametrize("example", [COMPROMISO_13, PLAN_LOCAL], ids=lambda p: p.name)
def test_ejemplos_validan_igual_con_el_bloque(example: Path, tmp_path: Path) -> None:
    """Each example has no finding in plan.yaml, and writing its address as the block's
    ``url`` changes no finding anywhere (the line numbers of the commitments included)."""
    al = date(2026, 11, 21)  # as in test_cli_validar: both examples have no errors then
    before = validate_plan(example, al=al)
    assert not [f for f in before.findings if f.archivo == "plan.yaml"]
    assert before.errores == 0
    assert before.plan is not None
    site = before.plan.get("sitio")
    if not isinstance(site, str):  # an example already written with the block
        assert site_settings(before.plan).url is not None
        return
    copy = tmp_path / example.name
    shutil.copytree(example, copy)
    text = (copy / "plan.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    (i,) = [n for n, line in enumerate(lines) if line.startswith("sitio:")]
    lines[i] = f"sitio:\n  url: {site}\n"
    (copy / "plan.yaml").write_text("".join(lines), encoding="utf-8")
    after = validate_plan(copy, al=al)
    assert _keys(after.findings) == _keys(before.findings)
    assert after.plan is not None and after.plan.get("sitio") == {"url": site}
    assert site_settings(after.plan).url == site_settings(before.plan).url == site + "/"
