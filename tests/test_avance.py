"""``hdr avance``: the documented worked examples, boundaries, views and formats."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from hojaderuta.checks import validate_plan as check_plan
from hojaderuta.cli import app
from hojaderuta.cli.reporters import progress as view
from hojaderuta.cli.reporters import progress_detail as detail
from hojaderuta.progress import Estado, PlanAvance, agrupar, estado, plan_avance
from hojaderuta.text.csvcell import BOM

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT, check_golden

AL = "2026-11-21"
REPORT = """    cumplido: true
    fecha_cumplimiento: 2020-04-28
    evidencia:
      - https://example.org/diagnostico.pdf
"""


def _doc_rows() -> list[tuple[str, float, float, str]]:
    """The worked-example table of docs/avance.md: the documentation is the test."""
    text = (ROOT / "docs" / "avance.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (\d{4}-\d{2}-\d{2}) \| (\d+) \| (\d+) \| ([a-z_]+) \|", text, re.MULTILINE
    )
    assert len(rows) >= 6
    return [(d, float(a), float(e), s) for d, a, e, s in rows]


@pytest.fixture
def reported_13(tmp_path: Path) -> Path:
    """Commitment 13 with its first hito reported done on 2020-04-28."""
    dest = tmp_path / "plan"
    shutil.copytree(COMPROMISO_13, dest)
    path = dest / "compromisos" / "13-estrategia-subnacional.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Insert the report right after hito 1's "termino:" line.
    at = next(i for i, line in enumerate(lines) if line.strip() == "termino: 2020-04-30")
    lines.insert(at + 1, REPORT)
    path.write_text("".join(lines), encoding="utf-8")
    return dest


@pytest.mark.parametrize(("al", "avance", "esperado", "state"), _doc_rows())
def test_documented_worked_example(
    reported_13: Path, runner: CliRunner, al: str, avance: float, esperado: float, state: str
) -> None:
    result = runner.invoke(app, ["avance", str(reported_13), "--al", al, "--formato", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (c,) = data["compromisos"]
    assert (c["avance"], c["esperado"], c["estado"]) == (avance, esperado, state)
    assert (data["plan"]["avance"], data["plan"]["esperado"]) == (avance, esperado)
    hito1 = c["hitos"][0]
    done = date.fromisoformat(al) >= date(2020, 4, 28)
    assert hito1["cumplido"] is done
    assert hito1["fecha_cumplimiento"] == ("2020-04-28" if done else None)


def test_json_contract_shape(reported_13: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["avance", str(reported_13), "--al", "2021-08-01", "--formato", "json"]
    )
    data = json.loads(result.output)
    assert list(data) == ["formato", "plan", "compromisos"]
    assert list(data["plan"]) == [
        "id",
        "nombre",
        "al",
        "avance",
        "esperado",
        "compromisos",
        "sin_calcular",
        "total_compromisos",
    ]
    (c,) = data["compromisos"]
    assert list(c) == [
        "numero",
        "nombre",
        "archivo",
        "avance",
        "esperado",
        "estado",
        "responsables",
        "hitos",
        "hitos_con_retraso",
        "motivo",
        "observaciones",
    ]
    assert c["responsables"] == [
        "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos "
        "Personales (INAI)",
        "Secretaría de la Función Pública (SFP)",
    ]
    assert list(c["hitos"][0]) == [
        "indice",
        "nombre",
        "ponderacion",
        "inicio",
        "termino",
        "cumplido",
        "fecha_cumplimiento",
        "vencido",
        "dias_de_retraso",
    ]
    assert [h["vencido"] for h in c["hitos"]] == [False, True, False]
    assert c["hitos"][0]["ponderacion"] == 35


def test_plan_mean_over_commitments(runner: CliRunner) -> None:
    result = runner.invoke(app, ["avance", str(PLAN_LOCAL), "--al", AL, "--formato", "json"])
    data = json.loads(result.output)
    states = {c["numero"]: (c["avance"], c["esperado"], c["estado"]) for c in data["compromisos"]}
    assert states == {
        1: (100.0, 100.0, "cumplido"),
        2: (50.0, 50.0, "en_tiempo"),
        3: (30.0, 65.0, "con_rezago"),
        4: (0.0, 0.0, "no_iniciado"),
        5: (20.0, 20.0, "en_tiempo"),
    }
    assert data["plan"]["avance"] == 40.0
    assert data["plan"]["esperado"] == 47.0
    assert data["plan"]["compromisos"] == 5


def test_documented_plan_mean() -> None:
    def commitment(numero: int, weights: list[tuple[int, str, str | None]]) -> dict[str, object]:
        hitos = []
        for weight, termino, done in weights:
            hito: dict[str, object] = {
                "nombre": "h",
                "ponderacion": weight,
                "inicio": "2020-01-01",
                "termino": termino,
            }
            if done:
                hito.update(cumplido=True, fecha_cumplimiento=done, evidencia=["x"])
            hitos.append(hito)
        return {
            "numero": numero,
            "nombre": f"c{numero}",
            "responsables": [{"institucion": "I"}],
            "agenda_2030": [{"ods": 16, "metas": ["16.6"]}],
            "eje_pnd": "Eje",
            "hitos": hitos,
        }

    plan = plan_avance(
        {"id": "p", "nombre": "P"},
        [
            ("a.yaml", commitment(1, [(100, "2020-06-01", "2020-05-01")])),
            (
                "b.yaml",
                commitment(
                    2,
                    [
                        (20, "2020-03-01", "2020-02-01"),
                        (40, "2020-06-01", None),
                        (40, "2021-01-01", None),
                    ],
                ),
            ),
        ],
        date(2020, 7, 1),
    )
    assert (plan.avance, plan.esperado) == (60.0, 80.0)


@pytest.mark.parametrize(
    ("avance", "esperado", "expected"),
    [
        (100, 100, Estado.CUMPLIDO),
        (99.995, 100, Estado.CUMPLIDO),
        (0, 0, Estado.NO_INICIADO),
        (0, 35, Estado.CON_REZAGO),
        (35, 75, Estado.CON_REZAGO),
        (35, 35, Estado.EN_TIEMPO),
        (35, 0, Estado.EN_TIEMPO),
    ],
)
def test_estado(avance: float, esperado: float, expected: Estado) -> None:
    assert estado(avance, esperado) is expected


def test_activities_never_count(reported_13: Path, runner: CliRunner) -> None:
    path = reported_13 / "compromisos" / "13-estrategia-subnacional.yaml"
    text = path.read_text(encoding="utf-8")
    # Mark every activity done: progress must not move.
    text = re.sub(r"^(\s+)- actividad: ", r"\1- cumplida: true\n\1  actividad: ", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["avance", str(reported_13), "--al", "2021-08-01", "-f", "json"])
    assert result.exit_code == 0, result.output
    (c,) = json.loads(result.output)["compromisos"]
    assert c["avance"] == 35.0


def test_invalid_commitment_left_out(plan_copy: Path, runner: CliRunner) -> None:
    path = plan_copy / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ponderacion:", "ponderacion: 1 #", 1), encoding="utf-8")
    result = runner.invoke(app, ["avance", str(plan_copy), "--al", AL, "--formato", "json"])
    assert result.exit_code == 1
    out, err = result.stdout, result.stderr
    data = json.loads(out)
    # Left out of the average, never out of the output: last, with why.
    assert [c["numero"] for c in data["compromisos"]] == [1, 3, 4, 5, 2]
    assert data["compromisos"][-1]["estado"] == "sin_calcular"
    assert data["compromisos"][-1]["avance"] is None
    assert (data["plan"]["compromisos"], data["plan"]["sin_calcular"]) == (4, 1)
    assert "02-residuos-gestion-abierta.yaml" in err
    assert "ponderacion-suma" in err


def test_plan_without_commitments(tmp_path: Path, runner: CliRunner) -> None:
    shutil.copy(PLAN_LOCAL / "plan.yaml", tmp_path / "plan.yaml")
    result = runner.invoke(app, ["avance", str(tmp_path), "--al", AL])
    assert result.exit_code == 0
    assert "no tiene compromisos" in result.output


def test_unknown_commitment_and_conflicting_options(runner: CliRunner) -> None:
    missing = runner.invoke(app, ["avance", str(PLAN_LOCAL), "--compromiso", "99"])
    assert missing.exit_code == 2
    assert "hay: 1, 2, 3, 4, 5" in missing.output
    both = runner.invoke(app, ["avance", str(PLAN_LOCAL), "-c", "1", "--por", "ods"])
    assert both.exit_code == 2


def test_groups() -> None:
    check = check_plan(PLAN_LOCAL, al=date(2026, 11, 21))
    plan = plan_avance(
        check.plan or {},
        [(c.archivo, c.data) for c in check.valid_compromisos()],
        date(2026, 11, 21),
    )
    by_ods = {g.nombre: [c.numero for c in g.compromisos] for g in agrupar(plan, "ods")}
    assert by_ods["ODS 16"] == [1, 2, 3, 4, 5]
    by_inst = agrupar(plan, "institucion")
    itaive = next(g for g in by_inst if "ITAIVE" in g.nombre)
    assert [c.numero for c in itaive.compromisos] == [1, 3]
    assert (itaive.avance, itaive.esperado) == (65.0, 82.5)


def _render(fn: object, *args: object, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    fn(*args, console)  # type: ignore[operator]
    return buffer.getvalue()


def _plan(path: Path, al: str) -> PlanAvance:
    check = check_plan(path, al=date.fromisoformat(al))
    return plan_avance(
        check.plan or {},
        [(c.archivo, c.data) for c in check.valid_compromisos()],
        date.fromisoformat(al),
    )


@pytest.mark.parametrize("width", [60, 120])
def test_text_snapshot(width: int) -> None:
    plan = _plan(PLAN_LOCAL, AL)
    check_golden(f"avance-local-{width}.txt", _render(view.write_text, plan, width=width))


def test_text_snapshot_compromiso_and_groups() -> None:
    plan = _plan(PLAN_LOCAL, AL)
    c3 = next(c for c in plan.compromisos if c.numero == 3)
    check_golden(
        "avance-local-compromiso-3.txt",
        _render(detail.write_text_compromiso, plan, c3, width=100),
    )
    groups = agrupar(plan, "institucion")
    check_golden(
        "avance-local-por-institucion.txt",
        _render(view.write_text_groups, plan, "institucion", groups, width=100),
    )


def test_text_snapshot_13() -> None:
    plan = _plan(COMPROMISO_13, "2021-08-01")
    check_golden("avance-13-2021-08-01.txt", _render(view.write_text, plan, width=100))


@pytest.mark.parametrize("example", [COMPROMISO_13, PLAN_LOCAL])
@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--por", "institucion"],
        ["--por", "ods"],
        ["--por", "eje"],
        ["-c", "13"],
        ["--proximos", "30"],
    ],
)
def test_every_view_and_format_works(runner: CliRunner, example: Path, extra: list[str]) -> None:
    if "-c" in extra and example == PLAN_LOCAL:
        extra = ["-c", "3"]
    for fmt in ("texto", "json", "csv", "markdown"):
        result = runner.invoke(app, ["avance", str(example), "--al", AL, "-f", fmt, *extra])
        assert result.exit_code == 0, (fmt, extra, result.output)
        out = result.stdout
        assert out.strip()
        if fmt == "json":
            json.loads(out)
        elif fmt == "csv":
            assert out.startswith(BOM)
            rows = list(csv.reader(io.StringIO(out.removeprefix(BOM))))
            assert len({len(r) for r in rows}) == 1  # every row has the header's columns
        elif fmt == "markdown":
            table = [line for line in out.splitlines() if line.startswith("|")]
            assert re.fullmatch(r"\|( -+:? \|)+", table[1]) or re.fullmatch(
                r"\|( :?-+:? \|)+", table[1]
            )
            cells = {line.count(" | ") for line in table}
            assert len(cells) == 1, table  # same number of cells in every row


def test_csv_header_is_stable(runner: CliRunner) -> None:
    result = runner.invoke(app, ["avance", str(PLAN_LOCAL), "--al", AL, "-f", "csv"])
    header = result.stdout.splitlines()[0]
    assert header == BOM + (
        "numero,nombre,archivo,avance,esperado,estado,responsables,hitos,hitos_cumplidos,"
        "hitos_vencidos,hitos_con_retraso,observaciones,motivo"
    )


# --- CSV for Excel: every variant starts with a BOM ----------------------------------


@pytest.mark.parametrize(
    "extra",
    [[], ["-c", "3"], ["--por", "institucion"], ["--por", "ods"], ["--por", "eje"]],
)
def test_every_csv_has_a_bom(runner: CliRunner, tmp_path: Path, extra: list[str]) -> None:
    result = runner.invoke(app, ["avance", str(PLAN_LOCAL), "--al", AL, "-f", "csv", *extra])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # UTF-8's BOM, once
    assert not result.stdout_bytes[3:].startswith(b"\xef\xbb\xbf")
    path = tmp_path / "avance.csv"
    path.write_bytes(result.stdout_bytes)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    assert all(not name.startswith(BOM) for name in rows[0])  # the BOM is not in a name


def test_csv_of_a_commitment_left_out_has_a_bom(plan_copy: Path, runner: CliRunner) -> None:
    path = plan_copy / "compromisos" / "02-residuos-gestion-abierta.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ponderacion:", "ponderacion: 1 #", 1), encoding="utf-8")
    result = runner.invoke(app, ["avance", str(plan_copy), "--al", AL, "-f", "csv", "-c", "2"])
    assert result.exit_code == 1
    assert result.stdout.startswith(BOM + "compromiso,indice,")


# --- By group: how many commitments, and which ----------------------------------------


def test_groups_count_and_list(runner: CliRunner) -> None:
    base = ["avance", str(PLAN_LOCAL), "--al", AL, "--por", "institucion"]
    data = json.loads(runner.invoke(app, [*base, "-f", "json"]).stdout)
    itaive = next(g for g in data["grupos"] if "ITAIVE" in g["grupo"])
    assert itaive["compromisos"] == [1, 3]  # the JSON contract does not change
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*base, "-f", "csv"]).stdout)))
    row = next(r for r in rows if "ITAIVE" in r[BOM + "institucion"])
    assert (row["compromisos"], row["numeros"], row["con_rezago"]) == ("2", "1 3", "1")
    markdown = runner.invoke(app, [*base, "-f", "markdown"]).stdout
    assert "| Institución | Compromisos | Cuáles | Avance medio | Esperado medio |" in markdown
    assert "(ITAIVE) | 2 | 1, 3 | 65% | 82.5% | 1 |" in markdown
    text = runner.invoke(app, base, env={"COLUMNS": "120"}).stdout
    assert re.search(r"Compromisos\s+Cuáles", text)
    assert re.search(r"\s2\s+1, 3\s+65%\s+82.5%\s+1$", text, re.MULTILINE)


def test_groups_narrow_snapshot() -> None:
    plan = _plan(PLAN_LOCAL, AL)
    groups = agrupar(plan, "institucion")
    check_golden(
        "avance-local-por-institucion-60.txt",
        _render(view.write_text_groups, plan, "institucion", groups, width=60),
    )


# --- One commitment: each hito's notes and evidence links -----------------------------


def test_commitment_shows_notes_and_links(runner: CliRunner) -> None:
    base = ["avance", str(PLAN_LOCAL), "--al", AL, "-c", "1"]
    text = " ".join(runner.invoke(app, base, env={"COLUMNS": "100"}).stdout.split())
    assert "Notas: La primera publicación incluye 143 rutas" in text
    assert (
        "Evidencias: https://datos.valle.example.org/conjuntos/transporte-publico-gtfs "
        "https://datos.valle.example.org/conjuntos/transporte-publico-gtfs/diccionario-de-datos.csv"
    ) in text
    markdown = runner.invoke(app, [*base, "-f", "markdown"]).stdout
    assert "- Notas: La primera publicación incluye 143 rutas" in markdown
    assert "<https://datos.valle.example.org/conjuntos/transporte-publico-gtfs>" in markdown


HOSTILE_LINKS = [
    "https://ok.example/acta.pdf",
    "https://evil.example/[link=javascript:alert(1)]x[/link]",
    "javascript:alert(1)",
    "evidencias/acta [bold]firmada[/bold].pdf",
    "https://evil.example/a b",  # a space: shown, never a link
]
# hdr refuses control characters in YAML even when escaped, so an ESC that could end a
# terminal hyperlink early never reaches the view from a file (``test_link_text``).


@pytest.fixture
def hostile_plan(plan_copy: Path) -> Path:
    """Commitment 3's hito 2 with notes on several lines and hostile evidence links."""
    path = plan_copy / "compromisos" / "03-seguridad-participacion.yaml"
    text = path.read_text(encoding="utf-8")
    links = "".join(f"      - {json.dumps(link)}\n" for link in HOSTILE_LINKS)
    notes = '    notas: "Primera línea [red]x[/red]\\nSegunda \\u202e línea"\n'
    start = text.index("    notas: >-")
    end = text.index("\n\n", start)
    text = text[:start] + notes + "    evidencia:\n" + links.rstrip("\n") + text[end:]
    path.write_text(text, encoding="utf-8")
    return plan_copy


def test_commitment_links_never_markup(hostile_plan: Path) -> None:
    plan = _plan(hostile_plan, AL)
    c3 = next(c for c in plan.compromisos if c.numero == 3)
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="truecolor")
    detail.write_text_compromiso(plan, c3, console)
    out = buffer.getvalue()
    # Only web addresses are terminal hyperlinks (OSC 8), each to exactly the address
    # shown: «[link=…]» inside one is part of the address, never rich markup.
    targets = {t for t in re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\", out) if t}
    assert targets == {
        "https://seguridad.valle.example.org/mesa-ciudadana/acta-instalacion-2026-04-22.pdf",
        "https://ok.example/acta.pdf",
        "https://evil.example/[link=javascript:alert(1)]x[/link]",
    }
    plain = re.sub(r"\x1b\][^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", out)
    for shown in (
        "https://evil.example/[link=javascript:alert(1)]x[/link]",
        "javascript:alert(1)",
        "evidencias/acta [bold]firmada[/bold].pdf",
        "https://evil.example/a b",
        "Notas: Primera línea [red]x[/red]",
        "Segunda \\u202e línea",
    ):
        assert shown in plain, shown
    assert "\u202e" not in out


def test_link_text() -> None:
    assert detail.link_text("https://a.example/x").style.link == "https://a.example/x"  # type: ignore[union-attr]
    for hostile in ("javascript:alert(1)", "https://a.example/\x1b", "https://a.example/ x"):
        assert detail.link_text(hostile).style == ""
    assert detail.link_text("https://a.example/\x1b").plain == "https://a.example/\\x1b"


def test_commitment_markdown_links_are_inert(hostile_plan: Path, runner: CliRunner) -> None:
    base = ["avance", str(hostile_plan), "--al", AL, "-c", "3", "-f", "markdown"]
    result = runner.invoke(app, base)
    assert result.exit_code == 1, result.output  # hdr validar reports those links
    out = result.stdout
    assert "<https://ok.example/acta.pdf>" in out
    assert "<javascript:" not in out and "](javascript" not in out
    assert "- Notas: Primera línea [red]x[/red] Segunda \\u202e línea" in out


# --- Plurals and wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "one", "many"),
    [
        (Estado.CUMPLIDO, "1 cumplido", "2 cumplidos"),
        (Estado.NO_INICIADO, "1 no iniciado", "3 no iniciados"),
        (Estado.EN_TIEMPO, "1 en tiempo", "2 en tiempo"),
        (Estado.CON_REZAGO, "1 con rezago", "2 con rezago"),
        (Estado.SIN_CALCULAR, "1 sin calcular", "2 sin calcular"),
    ],
)
def test_state_counts(state: Estado, one: str, many: str) -> None:
    assert view.estado_count(state, 1) == one
    assert view.estado_count(state, int(many.split()[0])) == many


def _commitment(numero: int, done: bool, termino: str) -> tuple[str, dict[str, object]]:
    hito: dict[str, object] = {
        "nombre": "h",
        "ponderacion": 100,
        "inicio": "2020-01-01",
        "termino": termino,
    }
    if done:
        hito.update(cumplido=True, fecha_cumplimiento="2020-02-01", evidencia=["x"])
    data = {"numero": numero, "nombre": f"c{numero}", "hitos": [hito]}
    return f"{numero}.yaml", data


def test_summary_plurals() -> None:
    items = [_commitment(1, True, "2020-03-01"), _commitment(2, True, "2020-03-01")]
    items += [_commitment(n, False, "2021-01-01") for n in (3, 4, 5)]
    plan = plan_avance({"id": "p", "nombre": "P"}, items, date(2020, 6, 1))
    line = view.summary_line(plan)
    assert line.endswith("5 compromisos: 2 cumplidos, 3 no iniciados.")
    one = plan_avance({"id": "p", "nombre": "P"}, items[:1], date(2020, 6, 1))
    assert view.summary_line(one).endswith("1 compromiso: 1 cumplido.")
    empty = plan_avance({"id": "p", "nombre": "P"}, [], date(2020, 6, 1))
    assert view.summary_line(empty).endswith("sin compromisos todavía.")
    for text in (line, view.summary_line(one)):
        assert not re.search(r"\b1 compromisos|\b[02-9] cumplido\b|\b[02-9] no iniciado\b", text)
