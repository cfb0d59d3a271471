"""hdr marcar / hdr verificar: edits in place that change only the lines they must."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hojaderuta.cli  # noqa: F401  (registers every command on the app)
from hojaderuta.authoring import yamledit as roundtrip
from hojaderuta.cli.app import app

from .conftest import COMPROMISO_13, EJEMPLOS, GIT_ENV, git

ARCHIVO_13 = "compromisos/13-estrategia-subnacional.yaml"
ARCHIVO_01 = "compromisos/01-movilidad-datos-abiertos.yaml"
URL = "https://micrositios.inai.org.mx/gobiernoabierto/diagnostico.pdf"


@pytest.fixture
def plan13(tmp_path: Path) -> Path:
    dest = tmp_path / "plan13"
    shutil.copytree(COMPROMISO_13, dest)
    return dest


def changes(before: bytes, after: bytes) -> list[tuple[str, int, str]]:
    """(«-» or «+», line number in the old file, text) for every changed line."""
    old = before.decode().splitlines()
    new = after.decode().splitlines()
    out: list[tuple[str, int, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out += [("-", i + 1, old[i]) for i in range(i1, i2)]
        out += [("+", i1 + 1, line) for line in new[j1:j2]]
    return out


def hdr(runner: CliRunner, plan: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--plan", str(plan)])
    return result.exit_code, result.output


EXAMPLE_FILES = sorted(EJEMPLOS.rglob("*.yaml"), key=str)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EJEMPLOS).as_posix())
def test_untouched_file_round_trips_identically(path: Path) -> None:
    raw = path.read_bytes()
    source = roundtrip.Source.decode(raw)
    yaml = roundtrip.make_yaml(roundtrip.detect_indent(source.text))
    dumped = roundtrip.dump(yaml, roundtrip.load(yaml, source.text))
    assert source.encode(dumped) == raw


def test_marcar_13_changes_only_its_lines(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    before = path.read_bytes()
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28"
    )
    assert code == 0, output
    assert "Compromiso 13, hito 1: cumplido" in output
    after = path.read_bytes()
    anchor = (
        before.decode().splitlines().index("  # Acción clave 2 (40% de ponderación del compromiso)")
    )
    # Inserted at the end of hito 1, before the blank line and the comment of hito 2.
    assert changes(before, after) == [
        ("+", anchor, "    cumplido: true"),
        ("+", anchor, "    fecha_cumplimiento: 2020-04-28"),
        ("+", anchor, "    evidencia:"),
        ("+", anchor, f"      - {URL}"),
    ]
    assert before.decode().splitlines()[anchor - 1] == ""
    assert list(plan13.glob("compromisos/.*")) == []  # no temporary file left behind


def test_marcar_appends_evidence_and_note_then_verificar(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    code, _ = hdr(runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28")
    assert code == 0
    middle = path.read_bytes()
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", "https://example.org/anexo.pdf",
        "--nota", "Publicado en el micrositio.",
    )  # fmt: skip
    assert code == 0, output
    assert [(s, t) for s, _, t in changes(middle, path.read_bytes())] == [
        ("+", "      - https://example.org/anexo.pdf"),
        ("+", "    notas: Publicado en el micrositio."),
    ]  # the completion date is kept when none is given
    middle = path.read_bytes()
    code, output = hdr(
        runner, plan13, "verificar", "13", "1", "--por", "Alfredo Elizondo Rosales",
        "--fecha", "2020-05-04",
    )  # fmt: skip
    assert code == 0, output
    assert "Aviso" not in output
    assert [(s, t) for s, _, t in changes(middle, path.read_bytes())] == [
        ("+", "    verificado:"),
        ("+", "      por: Alfredo Elizondo Rosales"),
        ("+", "      fecha: 2020-05-04"),
    ]


def test_verificar_warns_for_someone_not_corresponsable(runner: CliRunner, plan13: Path) -> None:
    hdr(runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28")
    code, output = hdr(runner, plan13, "verificar", "13", "1", "--por", "Alfredo Elizondo")
    assert code == 0, output
    text = " ".join(output.split())
    assert "no es una de las personas corresponsables" in text
    assert "¿Quiso decir «Alfredo Elizondo Rosales»?" in text


def test_reabrir_removes_date_and_verification_keeps_evidence(
    runner: CliRunner, plan_copy: Path
) -> None:
    path = plan_copy / ARCHIVO_01
    before = path.read_bytes()
    code, output = hdr(runner, plan_copy, "marcar", "1", "1", "--reabrir")
    assert code == 0, output
    assert "Compromiso 1, hito 1: reabierto" in output
    assert [(s, t) for s, _, t in changes(before, path.read_bytes())] == [
        ("-", "    cumplido: true"),
        ("-", "    fecha_cumplimiento: 2026-04-24"),
        ("+", "    cumplido: false"),
        ("-", "    verificado:"),
        ("-", "      por: Mariana Quintero Lagos"),
        ("-", "      fecha: 2026-05-04"),
    ]


def test_actividad_marcar_y_reabrir(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    before = path.read_bytes()
    code, output = hdr(runner, plan13, "marcar", "13", "2", "--actividad", "5")
    assert code == 0, output
    assert "Compromiso 13, hito 2, actividad 5: cumplida" in output
    diff = changes(before, path.read_bytes())
    assert [(s, t) for s, _, t in diff] == [("+", "        cumplida: true")]
    assert (
        before.decode().splitlines()[diff[0][1] - 2]
        == "        medio_verificacion: Minuta de reuniones"
    )
    code, output = hdr(runner, plan13, "marcar", "13", "2", "--actividad", "5", "--reabrir")
    assert code == 0, output
    assert [(s, t) for s, _, t in changes(before, path.read_bytes())] == [
        ("+", "        cumplida: false")
    ]


def test_nothing_to_change_writes_nothing(runner: CliRunner, plan_copy: Path) -> None:
    path = plan_copy / ARCHIVO_01
    before = path.read_bytes()
    url = "https://movilidad.valle.example.org/gobierno-abierto/inventario-datos-movilidad-2026.pdf"
    code, output = hdr(runner, plan_copy, "marcar", "1", "1", "--evidencia", url)
    assert code == 0, output
    assert "Sin cambios" in output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["marcar", "13", "4", "--evidencia", URL], 2, "tiene 3 hitos; no hay hito 4"),
        (["marcar", "14", "1", "--evidencia", URL], 2, "No hay un compromiso con número 14"),
        (["marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-02-30"], 2, "no es una fecha"),
        (["marcar", "13", "1"], 2, "Indique al menos una evidencia"),
        (["marcar", "13", "1", "--actividad", "9"], 2, "no hay actividad 9"),
        (["marcar", "13", "1", "--actividad", "1", "--evidencia", URL], 2, "para hitos"),
        (["marcar", "13", "1", "--reabrir", "--evidencia", URL], 2, "Al reabrir"),
        (["marcar", "13", "0", "--evidencia", URL], 2, "Los números de hito empiezan en 1"),
        (["marcar", "13", "1", "--evidencia", URL, "--fecha", "2999-01-01"], 1, "posterior"),
        (["marcar", "13", "1", "--evidencia", "no-existe.pdf"], 1, "evidencia-no-encontrada"),
        (["marcar", "13", "1", "--evidencia", "javascript:alert(1)"], 1, "url-invalida"),
        (["verificar", "13", "1", "--por", "Alfredo Elizondo Rosales"], 1, "no está cumplido"),
    ],
)
def test_refusals_leave_the_file_untouched(
    runner: CliRunner, plan13: Path, args: list[str], code: int, message: str
) -> None:
    path = plan13 / ARCHIVO_13
    before = path.read_bytes()
    got, output = hdr(runner, plan13, *args)
    assert got == code, output
    assert message in " ".join(output.split()), output
    assert path.read_bytes() == before
    if code == 1:
        assert "El archivo quedó intacto" in " ".join(output.split())
    assert list(plan13.glob("compromisos/.*")) == []


def test_file_with_errors_before_is_refused_and_says_so(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    broken = path.read_bytes().replace(b"ponderacion: 25", b"ponderacion: 15")
    path.write_bytes(broken)
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28"
    )
    assert code == 1
    text = " ".join(output.split())
    assert "ponderacion-suma" in text
    assert "ya tenía 1 error(es) antes de este cambio" in text
    assert path.read_bytes() == broken


def test_an_edit_that_fixes_the_file_is_accepted(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    text = path.read_text(encoding="utf-8")
    cut = text.index("\n\n  # Acción clave 2")
    path.write_text(text[:cut] + "\n    cumplido: true" + text[cut:], encoding="utf-8")
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28"
    )
    assert code == 0, output
    assert "fecha_cumplimiento: 2020-04-28" in path.read_text(encoding="utf-8")


def test_evidence_path_typed_from_another_folder(
    runner: CliRunner, plan13: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plan13 / "evidencias").mkdir()
    (plan13 / "evidencias" / "diagnostico.pdf").write_bytes(b"%PDF")
    monkeypatch.chdir(plan13 / "evidencias")
    code, output = hdr(runner, plan13, "marcar", "13", "1", "--evidencia", "diagnostico.pdf")
    assert code == 0, output
    assert "      - evidencias/diagnostico.pdf\n" in (plan13 / ARCHIVO_13).read_text("utf-8")


def test_crlf_and_unusual_spacing_are_kept(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    text = path.read_text(encoding="utf-8")
    # Spacing ruamel would normalize, far from the edit, and Windows line ends.
    odd = text.replace("numero: 13\n", "numero:    13\n").replace("\n", "\r\n")
    path.write_bytes(odd.encode("utf-8"))
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28"
    )
    assert code == 0, output
    after = path.read_bytes()
    assert b"numero:    13\r\n" in after
    assert after.count(b"\n") == after.count(b"\r\n")
    assert [s for s, _, _ in changes(odd.encode(), after)] == ["+"] * 4


def test_splice_keeps_lines_the_dump_would_reformat() -> None:
    original = "a:    1\nb:\n  - x\nc: 2"
    before = "a: 1\nb:\n  - x\nc: 2\n"
    after = "a: 1\nb:\n  - x\n  - y\nc: 2\n"
    assert roundtrip.splice(original + "\n", before, after) == "a:    1\nb:\n  - x\n  - y\nc: 2\n"
    # A change on a line the dump re-formatted cannot be placed safely.
    assert roundtrip.splice("a:    1\n", "a: 1\n", "a: 2\n") is None


def test_commit_stages_only_the_edited_file(
    runner: CliRunner, plan13: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    git(plan13, "init", "--quiet")
    git(plan13, "add", "-A")
    git(plan13, "commit", "--quiet", "-m", "Hoja de ruta publicada")
    (plan13 / "otro.txt").write_text("borrador\n", encoding="utf-8")
    git(plan13, "add", "otro.txt")
    code, output = hdr(
        runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--fecha", "2020-04-28",
        "--commit",
    )  # fmt: skip
    assert code == 0, output
    assert git(plan13, "log", "-1", "--format=%s").strip() == "Compromiso 13, hito 1: cumplido"
    assert f"Evidencia: {URL}" in git(plan13, "log", "-1", "--format=%b")
    assert git(plan13, "show", "--name-only", "--format=", "HEAD").split() == [ARCHIVO_13]
    assert git(plan13, "status", "--porcelain").split() == ["A", "otro.txt"]
    with (plan13 / ARCHIVO_13).open("a", encoding="utf-8") as fh:
        fh.write("# Revisado en la sesión del 2020-05-04.\n")
    code, output = hdr(runner, plan13, "verificar", "13", "1", "--por", "Luis Fernando Fernández",
                       "--commit")  # fmt: skip
    assert code == 0, output
    assert "ya tenía cambios sin commit" in " ".join(output.split())
    subject = git(plan13, "log", "-1", "--format=%s").strip()
    assert subject == "Compromiso 13, hito 1: verificado por Luis Fernando Fernández"
    assert git(plan13, "status", "--porcelain").split() == ["A", "otro.txt"]


def test_commit_outside_a_repository_is_refused_first(runner: CliRunner, plan13: Path) -> None:
    path = plan13 / ARCHIVO_13
    before = path.read_bytes()
    if any((p / ".git").exists() for p in (plan13, *plan13.parents)):
        pytest.skip("la carpeta temporal está dentro de un repositorio git")
    code, output = hdr(runner, plan13, "marcar", "13", "1", "--evidencia", URL, "--commit")
    assert code == 2
    assert "repositorio git" in output
    assert path.read_bytes() == before


def test_local_demo_every_hito_can_be_reported(runner: CliRunner, plan_copy: Path) -> None:
    """Every hito of every example file: the edit touches only lines of that hito."""
    from hojaderuta.core.loading import load_file

    for path in sorted((plan_copy / "compromisos").glob("*.yaml")):
        doc = load_file(path, path.name)
        numero, count = doc.data["numero"], len(doc.data["hitos"])
        for hito in range(1, count + 1):
            doc = load_file(path, path.name)
            starts = [doc.locate(("hitos", i))[0] for i in range(count)]
            end = starts[hito] if hito < count else len(doc.text.splitlines()) + 1
            before = path.read_bytes()
            code, output = hdr(
                runner, plan_copy, "marcar", str(numero), str(hito),
                "--evidencia", "https://example.org/evidencia.pdf", "--nota", "Revisado.",
            )  # fmt: skip
            assert code == 0, (path.name, hito, output)
            for _, line_no, _ in changes(before, path.read_bytes()):
                assert starts[hito - 1] < line_no <= end, (path.name, hito, line_no)


def test_comments_inside_an_anchored_node_stay_put() -> None:
    """A key after an alias: the anchor's own trailing comments are not dragged along."""
    text = (
        "personas:\n"
        "  - &ana\n"
        "    nombre: Ana\n"
        "    correo: ana@example.org  # su correo\n"
        "\n"
        "# --- hitos ---\n"
        "hitos:\n"
        "  - nombre: uno\n"
        "    responsable: *ana\n"
        "\n"
        "  # el segundo\n"
        "  - nombre: dos\n"
    )
    yaml, data, before = roundtrip.best_yaml(text)
    assert before == text
    roundtrip.insert_key(data["hitos"][0], "cumplido", True, ["nombre", "responsable", "cumplido"])
    after = roundtrip.dump(yaml, data)
    assert after == text.replace(
        "    responsable: *ana\n", "    responsable: *ana\n    cumplido: true\n"
    )
