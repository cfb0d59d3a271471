"""Property tests: whatever a commitment file holds, ``hdr validar`` answers with findings.

For bytes, YAML-shaped text, dumped documents and mutations of a real
commitment, ``check_plan`` never raises, every finding is well placed and
coded, and ``hdr validar --formato json`` exits 0 or 1 with valid JSON.
A last property checks that the fast schema check (fastjsonschema) agrees with
the full one (jsonschema, which explains the errors).

Two more properties: mutations that keep each value's type (so the rules run on
odd but well-typed data), and a bad file never changes the findings of a good one.

The strategies include the inputs of bugs these tests found (NUL bytes and
over-long names in evidence paths, huge hexadecimal numbers, .nan, strings
ending in a newline where a pattern ends in ``$``), so they stay fixed. Escaped
control characters and lone surrogates ("\\x01", "\\e", "\\ud800") have their own
tests at the end of this file: the loader refuses them, so no output ever carries them.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan as check_plan
from hojaderuta.cli import app
from hojaderuta.core.findings import CODIGOS
from hojaderuta.core.schema import _full_validator, is_valid

AL = date(2020, 6, 30)
RAIZ = Path(__file__).resolve().parent.parent
EJEMPLO = RAIZ / "ejemplos/4pa-compromiso-13/compromisos/13-estrategia-subnacional.yaml"

PLAN = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
formato: 1
id: plan-propiedades
nombre: Plan para pruebas de propiedades
ambito: nacional
periodo:
  inicio: 2019-12-10
  fin: 2021-08-31
"""

COMPROMISO = """\
# yaml-language-server: $schema=../../schemas/compromiso.schema.json
numero: 1
nombre: Presupuesto abierto municipal
responsables:
  - &ana
    nombre: Ana Pérez Ruiz
    cargo: Directora de Datos Abiertos
    institucion: Secretaría de Finanzas
    correo: ana.perez@finanzas.example.org
    telefono: "55 1234 5678"
corresponsables:
  - nombre: Luis Gómez Vera
    cargo: Coordinador
    institucion: Colectivo Ciudadano A.C.
    correo: luis.gomez@colectivo.example.org
objetivo_corto_plazo: Publicar el presupuesto municipal como datos abiertos.
objetivo_mediano_plazo: Institucionalizar la apertura presupuestaria.
problematica: La información presupuestaria no es accesible.
contribucion: Datos abiertos que la ciudadanía puede analizar.
supuestos:
  - Voluntad política sostenida.
verificacion: Conjunto de datos publicado en el portal.
valores_ogp:
  valores: [transparencia]
  justificacion: Abre información pública.
agenda_2030:
  - ods: 16
    metas: ["16.6", "16.10"]
perspectiva_genero: Los datos se desagregan por sexo.
eje_pnd: Eje I. Política y Gobierno
hitos:
  - nombre: Diagnóstico
    ponderacion: 40
    responsable: *ana
    descripcion: Diagnóstico de la información presupuestaria.
    indicador: Diagnóstico publicado
    medio_verificacion: Documento del diagnóstico
    inicio: 2020-03-01
    termino: 2020-05-31
    cumplido: true
    fecha_cumplimiento: 2020-05-10
    evidencia:
      - https://datos.example.org/diagnostico.pdf
      - compromisos/01-prueba.yaml
    verificado:
      por: Luis Gómez Vera
      fecha: 2020-05-20
  - nombre: Publicación
    ponderacion: 60
    responsable: *ana
    descripcion: Publicar el presupuesto en formato abierto.
    indicador: Presupuesto publicado
    medio_verificacion: Enlace al conjunto de datos
    inicio: 2020-06-01
    termino: 2020-12-31
    actividades:
      - actividad: Acordar el formato.
        cumplida: false
modificaciones:
  - fecha: 2020-04-01
    descripcion: Se ajusta el hito 2.
    acuerdo: Minuta del 1 de abril
irm:
  cumplimiento: sustancial
  informe: https://www.opengovpartnership.org/irm
"""

ARCHIVO = "compromisos/01-prueba.yaml"
RUNNER = CliRunner()


def ajustes(max_examples: int) -> settings:
    """Modest example counts: the whole file runs in well under a minute."""
    return settings(
        max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


# ----------------------------------------------------------- shared strategies

CLAVES = [
    "numero", "nombre", "ogp_id", "periodo", "inicio", "fin", "responsables",
    "corresponsables", "cargo", "institucion", "correo", "telefono",
    "objetivo_corto_plazo", "objetivo_mediano_plazo", "problematica", "contribucion",
    "supuestos", "verificacion", "valores_ogp", "valores", "justificacion", "agenda_2030",
    "ods", "metas", "perspectiva_genero", "eje_pnd", "informacion_adicional",
    "otros_actores", "modificaciones", "fecha", "descripcion", "acuerdo", "hitos",
    "ponderacion", "responsable", "indicador", "medio_verificacion", "termino",
    "actividades", "actividad", "cumplida", "cumplido", "fecha_cumplimiento", "evidencia",
    "verificado", "por", "notas", "irm", "cumplimiento", "potencial", "estelar", "informe",
    "ponderación", "<<", "1", "~", "",
]  # fmt: skip

ESCALARES = [
    "si", "no", "yes", "on", "~", "null", "true", "false", "True", "2020-02-30",
    "2020-01-02", "2020-1-2", "16.10", '"16.10"', "'16.10'", "35", "-1", "0", "100.005",
    "1e3", "0x1F", "0o17", ".nan", ".inf", "-.inf", "''", '""', "'it''s'", '"a\\"b"',
    '"\\t\\u00e9"', "|", ">-", "Texto con acentos: áéíóú ñ", "«comillas»",
    "javascript:alert(1)", "https://example.org/a?b=1#c", "evidencias/x.pdf", "../x",
    "/etc/passwd", "C:\\x", "@arroba", "`x`", "%x", "&a", "*a", "*zz", "!x", "- x", "[a, b]",
    "{a: 1}", "[", "{", "]", "}", ",", "#", ": x", "x: y", "\t", "\u00a0", "\ufeff", "\u2028",
    "MX0087", "ana@example.org", "ana@@x", "5004 2400", '"MX0087\\n"', "1e999", "-.INF",
    '"evidencias/a\\0.pdf"', "compromisos/" + "a" * 300, "0x" + "F" * 150, "9" * 5000,
]  # fmt: skip

ETIQUETAS = [
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!map",
    "!!seq", "!!set", "!!omap", "!!python/object:os.system", "!custom", "!", "!<tag:x>",
]  # fmt: skip

ANCLAS = ["a", "b", "persona", "x1"]

# Short texts without NUL (see the module docstring).
TEXTOS = st.text(
    alphabet=st.characters(codec="utf-8"),
    max_size=30,
)
ESCALARES_JSON = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | TEXTOS
    | st.sampled_from(["2020-02-30", "2020-05-10", "16.10", "si", "", " ", "MX0087"])
)
DOCUMENTOS = st.recursive(
    ESCALARES_JSON,
    lambda hijos: (
        st.lists(hijos, max_size=4)
        | st.dictionaries(st.sampled_from(CLAVES) | TEXTOS, hijos, max_size=5)
    ),
    max_leaves=25,
)

# Values near the schema's edges; texts never end in a newline (known disagreement).
VALORES_BORDE: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 0.5, 100, 100.0, 100.5, 1e300, 17, 18,
    float("nan"), float("inf"), "", " ", "\t", "x", "2020-01-02", "2020-02-30",
    "2020-1-2", "16.10", "16.a", "1.1", "17.a", "MX0087", "mx0087", "MX00870",
    "transparencia", "innovacion", "nacional", "local", "completo", "moderado",
    "plan-x", "Plan X", [], {}, ["x"], ["transparencia", "transparencia"],
    {"inicio": "2020-01-01", "fin": "2020-02-01"}, {"por": "Ana", "fecha": "2020-01-01"},
    "MX0087\n", "16.10\n", "plan-x\n", "\n", "evidencias/a\x00.pdf", "a" * 300,
]  # fmt: skip
BORDES = st.one_of(
    st.sampled_from(VALORES_BORDE),
    st.integers(-5, 200),
    st.floats(allow_nan=False),
    TEXTOS,
    TEXTOS.map(lambda t: t + "\n"),
)


def _check_content(content: bytes) -> None:
    """check_plan and the CLI on a plan whose only commitment file holds ``content``."""
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        (plan_dir / "compromisos").mkdir()
        (plan_dir / "plan.yaml").write_text(PLAN, encoding="utf-8")
        (plan_dir / ARCHIVO).write_bytes(content)

        check = check_plan(plan_dir, al=AL)
        for f in check.findings:
            assert f.codigo in CODIGOS, f
            assert f.severidad is CODIGOS[f.codigo], f
            assert f.linea >= 1 and f.columna >= 1, f
            assert f.archivo in ("plan.yaml", ARCHIVO), f
            assert f.ruta == "" or f.ruta.startswith("/"), f
            assert f.mensaje.strip(), f
        # plan.yaml is valid: any finding is about the commitment file.
        assert all(f.archivo == ARCHIVO for f in check.findings)

        result = RUNNER.invoke(
            app, ["validar", str(plan_dir), "--formato", "json", "--al", AL.isoformat()]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.exit_code in (0, 1), result.output
        payload = json.loads(result.stdout)
        assert payload["plan"] == "plan-propiedades"
        assert len(payload["hallazgos"]) == len(check.findings)
        assert result.exit_code == (1 if payload["errores"] else 0)


def test_base_valida() -> None:
    """The documents the strategies start from are valid (so mutations matter)."""
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        (plan_dir / "compromisos").mkdir()
        (plan_dir / "plan.yaml").write_text(PLAN, encoding="utf-8")
        (plan_dir / ARCHIVO).write_text(COMPROMISO, encoding="utf-8")
        assert check_plan(plan_dir, al=AL).findings == []
        (plan_dir / ARCHIVO).write_bytes(EJEMPLO.read_bytes())
        assert {f.codigo for f in check_plan(plan_dir, al=AL).findings} <= {"hito-vencido"}


# ------------------------------------------------------------------ (a) bytes

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]


@st.composite
def bytes_files(draw: st.DrawFn) -> bytes:
    bom = draw(st.sampled_from(BOMS))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return bom + draw(st.binary(max_size=600))
    base = COMPROMISO.encode("utf-8")
    cut = draw(st.integers(0, len(base)))
    noise = draw(st.binary(max_size=40) | TEXTOS.map(lambda s: s.encode("utf-8")))
    if kind == 1:  # valid text with garbage spliced in
        return bom + base[:cut] + noise + base[cut:]
    return bom + base[:cut] + noise  # truncated text, garbage at the end


@ajustes(120)
@given(bytes_files())
def test_bytes_arbitrarios(content: bytes) -> None:
    _check_content(content)


# ------------------------------------------------------- (b) YAML-shaped text


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    indent = " " * draw(st.integers(0, 12))
    key = draw(st.sampled_from(CLAVES))
    value = draw(st.sampled_from(ESCALARES))
    anchor = draw(st.sampled_from(ANCLAS))
    tag = draw(st.sampled_from(ETIQUETAS))
    forms = [
        f"{key}: {value}",
        f"{key}:",
        f"- {value}",
        f"- {key}: {value}",
        f"{key}: &{anchor} {value}",
        f"{key}: *{anchor}",
        f"- *{anchor}",
        f"{key}: {tag} {value}",
        f"{key}: [{value}, *{anchor}]",
        f"{key}: {{{key}: {value}}}",
        f"- &{anchor}",
        f"? {value}",
        f": {value}",
        f"<<: *{anchor}",
        "---",
        "...",
        f"# {value}",
        value,
        f"  {value}",
    ]
    return indent + draw(st.sampled_from(forms))


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        # Splice a few random lines into a valid commitment, so some reach the rules.
        lines = draw(st.lists(yaml_lines(), max_size=3))
        base = COMPROMISO.splitlines()
        for line in lines:
            base.insert(draw(st.integers(0, len(base))), line)
        lines = base
    else:
        lines = draw(st.lists(yaml_lines(), max_size=25))
        if draw(st.booleans()):
            lines.insert(0, "# yaml-language-server: $schema=../../schemas/compromiso.schema.json")
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@ajustes(150)
@given(yaml_texts())
def test_texto_yaml_arbitrario(text: str) -> None:
    _check_content(text.encode("utf-8"))


# ------------------------------------------------------ (c) dumped documents


def _base_data() -> dict[str, Any]:
    from hojaderuta.core.loading import load_text

    doc = load_text(COMPROMISO.encode("utf-8"), Path(ARCHIVO), ARCHIVO)
    data: dict[str, Any] = copy.deepcopy(doc.data)
    return data


BASE = _base_data()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (dict keys and list indexes)."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_base(draw: st.DrawFn, values: st.SearchStrategy[Any] = BORDES | DOCUMENTOS) -> Any:
    """The valid commitment with a few values replaced, keys removed or keys added."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.integers(0, 2))
        if action == 0:
            parent[path[-1]] = copy.deepcopy(draw(values))
        elif action == 1:
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(CLAVES))] = copy.deepcopy(draw(values))
        else:
            parent.append(copy.deepcopy(draw(values)))
    return data


@ajustes(150)
@given(
    st.one_of(DOCUMENTOS, mutated_base()),
    st.booleans(),
    st.sampled_from([None, False, True]),
)
def test_documentos_volcados(data: Any, unicode: bool, flow: bool | None) -> None:
    import yaml

    text = yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    _check_content(text.encode("utf-8"))


# (c2) The same commitment with values replaced by values of the same type: most
# of these pass the schema, so the rules run on unusual but well-typed data.

TEXTOS_DE_REGLAS = [
    "https://example.org/a?b=1#c", ARCHIVO, "plan.yaml", "compromisos", ".", "..",
    "../plan.yaml", "#anexo", "evidencias/x.pdf", "javascript:alert(1)", "a@b.org",
    "a@b", "a b@c.org", "16.10", "5.5", "17.a", "16.11", "transparencia",
    "completo", "moderado", "ext. 1", "Luis Gómez Vera", "mailto:a@b.org",
]  # fmt: skip
TEXTOS_TIPADOS = st.one_of(
    st.dates(min_value=date(2018, 1, 1), max_value=date(2023, 12, 31)).map(date.isoformat),
    st.sampled_from(TEXTOS_DE_REGLAS),
    TEXTOS.filter(lambda s: s.strip() != ""),
)


def _same_type(value: Any) -> st.SearchStrategy[Any]:
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-2, 120)
    if isinstance(value, float):
        return st.floats(0, 101)
    return TEXTOS_TIPADOS


@st.composite
def typed_mutations(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        leaves = []
        for path in _paths(data):
            value: Any = data
            for part in path:
                value = value[part]
            if path and not isinstance(value, dict | list):
                leaves.append((path, value))
        path, value = draw(st.sampled_from(leaves))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(_same_type(value))
    return data


@ajustes(150)
@given(typed_mutations())
def test_mutaciones_con_el_mismo_tipo(data: Any) -> None:
    import yaml

    _check_content(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))


# ------------------------------------------------- (d) mutations of the example

EJEMPLO_LINEAS = EJEMPLO.read_text(encoding="utf-8").split("\n")


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    lines = list(EJEMPLO_LINEAS)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["borrar", "duplicar", "sangria", "valor"]))
        if op == "borrar":
            del lines[i]
        elif op == "duplicar":
            lines.insert(i, lines[i])
        elif op == "sangria":
            stripped = lines[i].lstrip(" ")
            lines[i] = " " * draw(st.integers(0, 14)) + stripped
        else:
            line = lines[i]
            new = draw(st.sampled_from(ESCALARES) | TEXTOS.filter(lambda t: "\n" not in t))
            if ": " in line:
                lines[i] = line[: line.index(": ") + 2] + new
            elif line.lstrip().startswith("- "):
                lines[i] = line[: line.index("- ") + 2] + new
            else:
                lines[i] = line[: len(line) - len(line.lstrip())] + new
    return "\n".join(lines)


@ajustes(150)
@given(mutated_example())
def test_mutaciones_del_ejemplo(text: str) -> None:
    _check_content(text.encode("utf-8"))


# ------------------------------------------- (e) fast and full validators agree


# The full validator check_document explains errors with: jsonschema's Draft 7 with
# the same date format checker, and ECMA 262 patterns.
VALIDADORES = {kind: _full_validator(kind) for kind in ("plan", "compromiso")}

PLAN_BASE: dict[str, Any] = {
    "formato": 1,
    "id": "plan-x",
    "nombre": "Plan",
    "ambito": "local",
    "periodo": {"inicio": "2020-01-01", "fin": "2021-12-31"},
    "sitio": "https://example.org",
    "publicar_contactos": True,
}


@st.composite
def schema_documents(draw: st.DrawFn) -> tuple[str, Any]:
    kind = draw(st.sampled_from(["compromiso", "plan"]))
    if kind == "compromiso":
        data = draw(mutated_base(values=BORDES | DOCUMENTOS))
        return kind, data
    data = copy.deepcopy(PLAN_BASE)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*PLAN_BASE, "linea_base", "entidad", "otra"]))
        if draw(st.booleans()):
            data.pop(key, None)
        else:
            data[key] = draw(BORDES)
    return kind, data


@ajustes(400)
@given(schema_documents())
def test_validador_rapido_coincide_con_jsonschema(case: tuple[str, Any]) -> None:
    kind, data = case
    full = not any(True for _ in VALIDADORES[kind].iter_errors(data))
    assert is_valid(kind, data) is full, list(VALIDADORES[kind].iter_errors(data))


@ajustes(100)
@given(DOCUMENTOS)
def test_validadores_coinciden_en_documentos_arbitrarios(data: Any) -> None:
    for kind in ("plan", "compromiso"):
        full = not any(True for _ in VALIDADORES[kind].iter_errors(data))
        assert is_valid(kind, data) is full


def test_validadores_coinciden_con_salto_de_linea_final() -> None:
    """«$» ends the text (ECMA 262) in both validators: "MX0087\\n" is not an ogp_id."""
    data = copy.deepcopy(BASE)
    data["ogp_id"] = "MX0087\n"
    assert is_valid("compromiso", data) is False
    assert any(True for _ in VALIDADORES["compromiso"].iter_errors(data))


# ------------------------------------- one bad file never hides (or changes) the others


@ajustes(100)
@given(st.one_of(bytes_files(), yaml_texts().map(lambda s: s.encode("utf-8"))))
def test_un_archivo_no_cambia_los_hallazgos_de_otro(content: bytes) -> None:
    otro = "compromisos/02-otro.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        (plan_dir / "compromisos").mkdir()
        (plan_dir / "plan.yaml").write_text(PLAN, encoding="utf-8")
        (plan_dir / ARCHIVO).write_bytes(content)
        (plan_dir / otro).write_text(
            COMPROMISO.replace("numero: 1\n", "numero: 99\n").replace(
                "      - compromisos/01-prueba.yaml\n", ""
            ),
            encoding="utf-8",
        )
        findings = check_plan(plan_dir, al=AL).findings
    # The valid file gets no finding, whatever its neighbour holds (at most a shared numero).
    assert {f.codigo for f in findings if f.archivo == otro} <= {"numero-duplicado"}


# ------------------------------------------------- every output format, hostile text


def _plan_con_telefono(plan_dir: Path, telefono: str) -> None:
    (plan_dir / "compromisos").mkdir()
    (plan_dir / "plan.yaml").write_text(PLAN, encoding="utf-8")
    text = COMPROMISO.replace('    telefono: "55 1234 5678"\n', f"    telefono: {telefono}\n")
    (plan_dir / ARCHIVO).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("formato", ["json", "texto", "github", "junit"])
def test_sustituto_suelto_no_tumba_la_salida(formato: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        _plan_con_telefono(plan_dir, '"\\ud800"')
        result = RUNNER.invoke(
            app, ["validar", str(plan_dir), "--formato", formato, "--al", AL.isoformat()]
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1)
    if formato == "json":
        json.loads(result.stdout)


def test_junit_es_xml_bien_formado_con_caracteres_de_control() -> None:
    from xml.etree import ElementTree as ET

    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        _plan_con_telefono(plan_dir, '"\\x01 ext. 12"')
        result = RUNNER.invoke(
            app, ["validar", str(plan_dir), "--formato", "junit", "--al", AL.isoformat()]
        )
    # The loader refuses control characters written as escapes: an error, never raw output.
    assert result.exit_code == 1, result.output
    assert "yaml-sintaxis" in result.stdout
    ET.fromstring(result.stdout.split("\n", 1)[1])


def test_texto_no_emite_secuencias_de_escape_del_yaml() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp)
        _plan_con_telefono(plan_dir, '"\\e[2J ext. 12"')
        result = RUNNER.invoke(
            app, ["validar", str(plan_dir), "--formato", "texto", "--al", AL.isoformat()]
        )
    assert result.exit_code == 1, result.output
    assert "yaml-sintaxis" in result.stdout
    assert "\x1b" not in result.stdout
