"""Nothing leaks from the plan folder: evidence, commitment files and site names (issue 12).

Every test here failed before the fix: secrets published as evidence, active content
copied into the site, files outside the plan read through links, special files
silently skipped, a quadratic ``locate``, hostless URLs and an institution page
overwriting the institutions' index.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from yaml.nodes import MappingNode, Node

from hojaderuta.checks import validate_plan
from hojaderuta.cli import app
from hojaderuta.core import loading
from hojaderuta.core.evidence import ALLOWED_SUFFIXES, EvidenceFile, Problem, locate_evidence
from hojaderuta.core.findings import Codigo, Finding
from hojaderuta.core.links import Link, classify
from hojaderuta.core.validation import check_plan
from hojaderuta.errors import EnvironmentProblem
from hojaderuta.git.tracked import tracked_files
from hojaderuta.publish.viewmodel import RESERVED_SLUGS, build_view

from .conftest import git

AL = date(2026, 11, 21)
C2 = "compromisos/02-residuos-gestion-abierta.yaml"
MINUTA = "      - evidencias/minuta-instalacion-mesa-residuos.md\n"
ACUERDO = (
    "    acuerdo: https://medioambiente.valle.example.org/gobierno-abierto/"
    "minuta-mesa-residuos-2026-06-10.pdf\n"
)
SECRET = "CLAVE_API=no-debe-publicarse"


def _add_evidence(plan: Path, *items: str) -> None:
    """More evidence for hito 1 of commitment 2 (the one with a local file)."""
    path = plan / C2
    text = path.read_text(encoding="utf-8")
    assert MINUTA in text
    extra = "".join(f"      - {item}\n" for item in items)
    path.write_text(text.replace(MINUTA, MINUTA + extra), encoding="utf-8")


def _set_acuerdo(plan: Path, value: str) -> None:
    """The modification's agreement, a link no rule judges as evidence (the site does)."""
    path = plan / C2
    text = path.read_text(encoding="utf-8")
    assert ACUERDO in text
    path.write_text(text.replace(ACUERDO, f"    acuerdo: {value}\n"), encoding="utf-8")


def _codes(findings: list[Finding], codigo: Codigo) -> list[str]:
    return [f.ruta for f in findings if f.codigo is codigo]


@pytest.fixture
def repo_plan(tmp_path: Path, plan_copy: Path) -> Path:
    """The demo plan in ``repo/plan``, committed, with a secret at the repository root."""
    root = tmp_path / "repo"
    root.mkdir()
    plan = root / "plan"
    shutil.move(plan_copy, plan)
    git(root, "init", "-q")
    (root / ".env").write_text(SECRET + "\n", encoding="utf-8")
    git(root, "add", "plan")
    git(root, "commit", "-q", "-m", "Plan")
    return plan


# --- 1. secrets --------------------------------------------------------------------


def test_secrets_are_not_evidence_nor_published(repo_plan: Path, tmp_path: Path) -> None:
    original = (repo_plan / C2).read_text(encoding="utf-8")
    _add_evidence(repo_plan, "../.git/config", "../.env")
    runner = CliRunner()
    result = runner.invoke(
        app, ["validar", str(repo_plan), "--al", AL.isoformat(), "--formato", "json"]
    )
    assert result.exit_code == 1, result.output
    codes = [h["codigo"] for h in json.loads(result.stdout)["hallazgos"]]
    assert codes.count("evidencia-fuera-del-plan") == 2
    # An agreement is published as a link, never judged by a rule: the site judges it.
    (repo_plan / C2).write_text(original, encoding="utf-8")
    _set_acuerdo(repo_plan, "../.env")
    out = tmp_path / "sitio"
    result = runner.invoke(
        app, ["publicar", str(repo_plan), "--salida", str(out), "--al", AL.isoformat()]
    )
    assert result.exit_code == 0, result.output
    published = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in published if p.name in (".env", "config")]
    assert not any(SECRET.encode() in p.read_bytes() for p in published)
    assert (out / "evidencias" / "evidencias" / "minuta-instalacion-mesa-residuos.md").is_file()


def test_untracked_evidence_needs_git_add(repo_plan: Path) -> None:
    (repo_plan / "evidencias" / "borrador.pdf").write_bytes(b"%PDF-1.4 borrador")
    _add_evidence(repo_plan, "evidencias/borrador.pdf")
    check = validate_plan(repo_plan, al=AL)
    assert _codes(check.findings, Codigo.EVIDENCIA_FUERA_DEL_PLAN) == ["/hitos/0/evidencia/1"]
    git(repo_plan.parent, "add", "plan/evidencias/borrador.pdf")
    assert validate_plan(repo_plan, al=AL).errores == 0


def test_tracked_files_lists_only_the_plan(repo_plan: Path) -> None:
    tracked = tracked_files(repo_plan)
    assert tracked is not None
    root = repo_plan.parent.resolve()
    assert root / "plan" / "evidencias" / "minuta-instalacion-mesa-residuos.md" in tracked
    assert all(p.is_relative_to(root / "plan") for p in tracked)
    assert tracked_files(repo_plan.parent.parent) is None  # tmp_path: no repository


def test_outside_git_only_the_folder_counts(plan_copy: Path, tmp_path: Path) -> None:
    (plan_copy / "evidencias" / "nueva.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "fuera.pdf").write_bytes(b"%PDF-1.4")
    _add_evidence(plan_copy, "evidencias/nueva.pdf", "../fuera.pdf")
    check = validate_plan(plan_copy, al=AL)
    assert check.tracked is None
    assert _codes(check.findings, Codigo.EVIDENCIA_FUERA_DEL_PLAN) == ["/hitos/0/evidencia/2"]
    assert check.errores == 1


def test_evidence_link_leading_outside_is_refused(plan_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "secreto.pdf").write_text(SECRET, encoding="utf-8")
    (plan_copy / "evidencias" / "enlace.pdf").symlink_to(tmp_path / "secreto.pdf")
    (plan_copy / "evidencias" / "git").symlink_to(plan_copy / ".git", target_is_directory=True)
    (plan_copy / ".git").mkdir()
    (plan_copy / ".git" / "config.pdf").write_text(SECRET, encoding="utf-8")
    _add_evidence(plan_copy, "evidencias/enlace.pdf", "evidencias/git/config.pdf")
    # The fake .git is not a repository git can read: judge the folder rules alone.
    check = validate_plan(plan_copy, al=AL, tracked=None)
    fuera = _codes(check.findings, Codigo.EVIDENCIA_FUERA_DEL_PLAN)
    assert fuera == ["/hitos/0/evidencia/1", "/hitos/0/evidencia/2"]


# --- 2. active content -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a.html", "a.HTM", "a.xhtml", "a.svg", "a.xml", "a.js", "a.mjs", "LEEME", "a.pdf.html"]
)
def test_active_content_is_refused(plan_copy: Path, name: str) -> None:
    (plan_copy / "evidencias" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    found = locate_evidence(f"evidencias/{name}", plan_copy.resolve(), None, None)
    assert found.problem is Problem.KIND and found.path is None


def test_allowed_types_include_documents_images_and_data() -> None:
    for suffix in (".pdf", ".docx", ".xlsx", ".ods", ".odt", ".pptx", ".odp", ".txt", ".md",
                   ".csv", ".json", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip"):  # fmt: skip
        assert suffix in ALLOWED_SUFFIXES
    for suffix in (".html", ".htm", ".xhtml", ".svg", ".xml", ".js", ".mjs", ""):
        assert suffix not in ALLOWED_SUFFIXES


def test_site_does_not_link_or_copy_active_agreement(plan_copy: Path) -> None:
    (plan_copy / "evidencias" / "acta.html").write_text("<script>x</script>", encoding="utf-8")
    _set_acuerdo(plan_copy, "evidencias/acta.html")
    check = validate_plan(plan_copy, al=AL)
    assert check.errores == 0  # an agreement is a link: the site, not a rule, refuses it
    view = build_view(check, AL)
    assert list(view.evidencias) == ["evidencias/evidencias/minuta-instalacion-mesa-residuos.md"]
    c2 = next(c for c in view.compromisos if c.numero == 2)
    assert [a.href for a in c2.acuerdos] == [None]


# --- 3. copy by content ------------------------------------------------------------


def test_publish_copies_the_bytes_of_the_judged_file(plan_copy: Path, tmp_path: Path) -> None:
    view = build_view(validate_plan(plan_copy, al=AL), AL)
    (evidence,) = view.evidencias.values()
    original = evidence.read()
    assert original.startswith(b"#") or original  # a Markdown minute
    # Replaced by a link to a secret after the check: nothing is read through it.
    (tmp_path / "secreto.md").write_text(SECRET, encoding="utf-8")
    evidence.path.unlink()
    evidence.path.symlink_to(tmp_path / "secreto.md")
    with pytest.raises(EnvironmentProblem):
        evidence.read()


def test_evidence_file_rejects_another_file_in_its_place(tmp_path: Path) -> None:
    first = tmp_path / "a.pdf"
    first.write_bytes(b"%PDF uno")
    judged = EvidenceFile.of(first)
    assert judged.read() == b"%PDF uno"
    # Written while the first still exists, so it cannot get the same inode.
    (tmp_path / "b.pdf").write_bytes(b"%PDF otro")
    (tmp_path / "b.pdf").replace(first)
    with pytest.raises(EnvironmentProblem):
        judged.read()


# --- 4 and 5. commitment files that cannot be read ---------------------------------


def _unreadable(plan: Path) -> dict[str, str]:
    check = check_plan(plan, al=AL)
    return {f.archivo: f.mensaje for f in check.findings if f.codigo is Codigo.ARCHIVO_ILEGIBLE}


def test_commitment_link_outside_the_plan_is_not_read(plan_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(f"{SECRET}: x\n", encoding="utf-8")
    (plan_copy / "compromisos" / "06.yaml").symlink_to(secret)
    found = _unreadable(plan_copy)
    assert list(found) == ["compromisos/06.yaml"]
    assert "fuera de la carpeta del plan" in found["compromisos/06.yaml"]
    check = check_plan(plan_copy, al=AL)
    assert not any(SECRET in f.mensaje for f in check.findings)


def test_plan_yaml_link_outside_is_not_read(plan_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "plan-ajeno.yaml"
    shutil.move(plan_copy / "plan.yaml", outside)
    (plan_copy / "plan.yaml").symlink_to(outside)
    assert "plan.yaml" in _unreadable(plan_copy)


def test_commitment_link_inside_the_plan_is_read(plan_copy: Path) -> None:
    folder = plan_copy / "compromisos"
    (plan_copy / "otros").mkdir()
    shutil.move(folder / "01-movilidad-datos-abiertos.yaml", plan_copy / "otros" / "01.yaml")
    (folder / "01-movilidad-datos-abiertos.yaml").symlink_to(plan_copy / "otros" / "01.yaml")
    check = check_plan(plan_copy, al=AL)
    assert check.errores == 0 and len(check.compromisos) == 5


def test_special_entries_are_unreadable_findings(plan_copy: Path) -> None:
    folder = plan_copy / "compromisos"
    (folder / "roto.yaml").symlink_to(folder / "no-existe.yaml")
    os.mkfifo(folder / "tuberia.yaml")
    (folder / "carpeta.yaml").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(folder / "enchufe.yml"))
        except OSError:  # paths too long for a socket on some systems
            pytest.skip("no se pudo crear un socket en la carpeta temporal")
        found = _unreadable(plan_copy)
    assert sorted(found) == [
        "compromisos/carpeta.yaml",
        "compromisos/enchufe.yml",
        "compromisos/roto.yaml",
        "compromisos/tuberia.yaml",
    ]
    assert "roto" in found["compromisos/roto.yaml"]
    assert "carpeta" in found["compromisos/carpeta.yaml"]


def test_device_file_is_unreadable(plan_copy: Path) -> None:
    device = plan_copy / "compromisos" / "nulo.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("crear un dispositivo requiere privilegios")
    assert "no es un archivo común" in _unreadable(plan_copy)["compromisos/nulo.yaml"]


def test_compromisos_as_a_file_is_unreadable(plan_copy: Path) -> None:
    shutil.rmtree(plan_copy / "compromisos")
    (plan_copy / "compromisos").write_text("numero: 1\n", encoding="utf-8")
    assert "debe ser una carpeta" in _unreadable(plan_copy)["compromisos"]


def test_load_file_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "tuberia.yaml"
    os.mkfifo(fifo)
    doc = loading.load_file(fifo, "tuberia.yaml")
    assert not doc.loaded
    assert [i.codigo for i in doc.issues] == [Codigo.ARCHIVO_ILEGIBLE]


# --- 6. linear positions -------------------------------------------------------------


def test_many_unknown_keys_index_each_mapping_once(
    plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = plan_copy / "compromisos" / "01-movilidad-datos-abiertos.yaml"
    keys = 45_000
    extra = "".join(f"x{i}: 1\n" for i in range(keys))
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    built: list[int] = []
    real = loading._mapping_index

    def counting(node: MappingNode) -> dict[str, tuple[Node, Node]]:
        built.append(id(node))
        return real(node)

    monkeypatch.setattr(loading, "_mapping_index", counting)
    monkeypatch.delenv("HDR_PROCESOS", raising=False)  # one process: counting sees all
    check = check_plan(plan_copy, al=AL)
    unknown = [f for f in check.findings if f.ruta.startswith("/x")]
    assert len(unknown) == keys
    assert unknown[0].linea < unknown[-1].linea  # real positions, not a fallback
    # One index per mapping a lookup passed through; never one per finding.
    assert len(built) == len(set(built)) < 10


# --- 7. URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://@", "https://[::1", "http://usuario@", "https://[]/x", "https://a.org:x"]
)
def test_url_without_host_is_invalid(url: str) -> None:
    assert classify(url) is Link.INVALID


@pytest.mark.parametrize(
    "url", ["https://[::1]/acta.pdf", "https://u@ejemplo.org:8443/a?b=@#c", "http://ejemplo.org:"]
)
def test_url_with_host_is_web(url: str) -> None:
    assert classify(url) is Link.WEB


# --- 8. slugs ----------------------------------------------------------------------


def test_institution_named_index_gets_its_own_page(plan_copy: Path) -> None:
    path = plan_copy / "compromisos" / "01-movilidad-datos-abiertos.yaml"
    text = path.read_text(encoding="utf-8")
    name = "Secretaría de Movilidad de Valle Ejemplo"
    assert name in text
    path.write_text(text.replace(name, "Index"), encoding="utf-8")
    view = build_view(validate_plan(plan_copy, al=AL), AL)
    slugs = {i.nombre: i.slug for i in view.instituciones}
    assert slugs["Index"] == "index-2"
    assert not set(slugs.values()) & RESERVED_SLUGS


def test_unreadable_repository_refuses_instead_of_trusting(plan_copy: Path) -> None:
    """A .git that git cannot read must not turn the tracked-file check off silently."""
    (plan_copy / ".git").mkdir()
    result = CliRunner().invoke(app, ["validar", str(plan_copy)])
    assert result.exit_code == 2, result.output
    assert "git no pudo listar los archivos del plan" in " ".join(result.output.split())
