"""``hdr publicar`` never destroys a plan, a repository or a file the user added, and
user text never becomes a link in Markdown reports."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from hojaderuta.cli import app
from hojaderuta.publish.sitedir import BUILDING, MARKER
from hojaderuta.text.markdown import markdown_cell, markdown_link, markdown_text

from .conftest import COMPROMISO_13, PLAN_LOCAL, git

AL = "2026-11-21"
ARCHIVO_01 = "compromisos/01-movilidad-datos-abiertos.yaml"


def publish(runner: CliRunner, plan: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["publicar", str(plan), "--salida", str(out), "--al", AL, *extra])
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- where publicar refuses to write ----------------------------------------------------


def test_never_inside_the_plans_own_folders(plan_copy: Path, runner: CliRunner) -> None:
    before = tree(plan_copy)
    for target in ("compromisos", "evidencias", "compromisos/sitio", "evidencias/nueva"):
        code, output = publish(runner, plan_copy, plan_copy / target, "--forzar")
        assert code == 2, (target, output)
        assert "parte del plan" in output
    (plan_copy / "anexos").mkdir()
    (plan_copy / "anexos" / "acta.txt").write_text("firmada", encoding="utf-8")
    code, output = publish(runner, plan_copy, plan_copy / "anexos", "--forzar")
    assert code == 2 and "ni con --forzar" in output
    assert tree(plan_copy) == {**before, "anexos/acta.txt": b"firmada"}


def test_a_new_folder_inside_the_plan_is_fine(plan_copy: Path, runner: CliRunner) -> None:
    for _ in range(2):  # new, then already an hdr site
        code, output = publish(runner, plan_copy, plan_copy / "sitio")
        assert code == 0, output
    assert (plan_copy / "sitio" / "index.html").is_file()
    assert runner.invoke(app, ["validar", str(plan_copy)]).exit_code == 0


def test_never_in_git_or_over_a_plan(tmp_path: Path, plan_copy: Path, runner: CliRunner) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git_files = tree(repo / ".git")
    other_plan = tmp_path / "otro-plan"
    other_plan.mkdir()
    (other_plan / "plan.yaml").write_text("formato: 1\n", encoding="utf-8")
    bare = tmp_path / "desnudo.git"
    bare.mkdir()
    git(bare, "init", "-q", "--bare")
    for target, why in (
        (repo / ".git", "repositorio"),
        (repo / ".git" / "sitio", "repositorio"),
        (repo, "repositorio de git"),
        (bare, "repositorio"),
        (other_plan, "plan.yaml"),
    ):
        code, output = publish(runner, plan_copy, target, "--forzar")
        assert code == 2, (target, output)
        assert why in output
    assert tree(repo / ".git") == git_files
    assert (other_plan / "plan.yaml").read_text(encoding="utf-8") == "formato: 1\n"
    assert not (repo / ".git" / "sitio").exists()


def test_relative_dot_git_from_the_repository(
    tmp_path: Path, plan_copy: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(plan_copy, "init", "-q")
    head = (plan_copy / ".git" / "HEAD").read_bytes()
    monkeypatch.chdir(plan_copy)
    code, _ = publish(runner, Path(), Path(".git"), "--forzar")
    assert code == 2
    assert (plan_copy / ".git" / "HEAD").read_bytes() == head
    assert (plan_copy / "compromisos").is_dir()


# --- what re-publishing keeps --------------------------------------------------------


def test_republishing_keeps_files_hdr_did_not_produce(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sitio"
    assert publish(runner, PLAN_LOCAL, out)[0] == 0
    (out / "CNAME").write_text("avance.example.org\n", encoding="utf-8")
    (out / "extra").mkdir()
    (out / "extra" / "nota.txt").write_text("mía", encoding="utf-8")
    code, output = publish(runner, COMPROMISO_13, out)
    assert code == 0, output
    assert "CNAME" in output
    assert (out / "CNAME").read_text(encoding="utf-8") == "avance.example.org\n"
    assert (out / "extra" / "nota.txt").read_text(encoding="utf-8") == "mía"
    assert not (out / "compromisos" / "1.html").exists()  # hdr's own, of the other plan
    listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["archivos"]
    assert "compromisos/13.html" in listed and "CNAME" not in listed
    assert not (out / BUILDING).exists()
    assert publish(runner, COMPROMISO_13, out)[0] == 0  # and again: still kept
    assert (out / "CNAME").is_file()


def test_a_user_file_hdr_would_overwrite_stops_it(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sitio"
    assert publish(runner, COMPROMISO_13, out)[0] == 0
    (out / "compromisos" / "1.html").write_text("<p>mía</p>", encoding="utf-8")
    before = tree(out)
    code, output = publish(runner, PLAN_LOCAL, out)
    assert code == 2 and "compromisos/1.html" in output and "--forzar" in output
    assert tree(out) == before
    code, output = publish(runner, PLAN_LOCAL, out, "--forzar")
    assert code == 0, output
    assert (out / "compromisos" / "1.html").read_text(encoding="utf-8") != "<p>mía</p>"


def test_site_of_an_older_hdr_keeps_what_is_not_its_own(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sitio"
    assert publish(runner, PLAN_LOCAL, out)[0] == 0
    (out / MARKER).write_text('{"generador": "hdr 0.9", "al": "2026-01-01"}\n', "utf-8")
    for newer in ("tarjeta.png", "sitemap.xml", "robots.txt"):  # an older hdr never wrote them
        (out / newer).unlink()
    (out / "CNAME").write_text("avance.example.org\n", encoding="utf-8")
    (out / "compromisos" / "99.html").write_text("vieja", encoding="utf-8")
    assert publish(runner, PLAN_LOCAL, out)[0] == 0
    assert (out / "CNAME").is_file()
    assert not (out / "compromisos" / "99.html").exists()


def test_forced_foreign_folder_keeps_its_files(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "mio"
    out.mkdir()
    (out / "tesis.docx").write_text("importante", encoding="utf-8")
    assert publish(runner, PLAN_LOCAL, out)[0] == 2
    assert publish(runner, PLAN_LOCAL, out, "--forzar")[0] == 0
    assert (out / "tesis.docx").read_text(encoding="utf-8") == "importante"
    assert (out / "index.html").is_file()


# --- permissions and leftovers -------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask_022")
def test_site_is_readable_by_a_web_server(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "sitio"
    assert publish(runner, PLAN_LOCAL, out)[0] == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    files = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert files == {0o644}


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def _fake_staging(parent: Path, name: str, pid: int | None, marker: bool = True) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "index.html").write_text("a medias", encoding="utf-8")
    if marker:
        (folder / MARKER).write_text('{"generador": "hdr"}\n', encoding="utf-8")
    if pid is not None:
        host = os.uname().nodename
        (folder / BUILDING).write_text(json.dumps({"pid": pid, "host": host}), "utf-8")
    return folder


def test_abandoned_build_folders_are_cleaned(tmp_path: Path, runner: CliRunner) -> None:
    killed = _fake_staging(tmp_path, ".hdr-sitio-muerto", _dead_pid())
    running = _fake_staging(tmp_path, ".hdr-sitio-vivo", os.getppid())
    unmarked = _fake_staging(tmp_path, ".hdr-sitio-mio", _dead_pid(), marker=False)
    site = _fake_staging(tmp_path, ".hdr-sitio-publicado", None)
    other = _fake_staging(tmp_path, "otra-muerta", _dead_pid())
    assert publish(runner, PLAN_LOCAL, tmp_path / "sitio")[0] == 0
    assert not killed.exists()
    for kept in (running, unmarked, site, other):
        assert (kept / "index.html").is_file(), kept
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".hdr-"))
    assert left == [".hdr-sitio-mio", ".hdr-sitio-publicado", ".hdr-sitio-vivo"]


# --- Markdown: user text is never a link ---------------------------------------------

LINK = "[x](javascript:alert(5))"
IMAGE = "![i](https://evil.example/p.png)"


@pytest.fixture
def link_plan(plan_copy: Path) -> Path:
    path = plan_copy / ARCHIVO_01
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^nombre: .*$", f"nombre: '{LINK} \\\\{LINK}'", text, count=1)
    text = text.replace(
        "  - nombre: Inventario de datos de movilidad y plan de apertura",
        f"  - nombre: '{IMAGE}'",
    )
    path.write_text(text, encoding="utf-8")
    return plan_copy


def _inert(markdown: str, shown: str = "javascript:alert(5)") -> None:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert 'href="javascript' not in html and "<img" not in html, html
    assert shown in html  # shown as written


def test_markdown_reports_show_links_as_text(link_plan: Path, runner: CliRunner) -> None:
    for args in (
        ["reporte", str(link_plan), "--al", AL],
        ["reporte", str(link_plan), "--al", AL, "--compromiso", "1"],
        ["avance", str(link_plan), "--al", AL, "--formato", "markdown"],
        ["avance", str(link_plan), "--al", AL, "--formato", "markdown", "--compromiso", "1"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "[x\\](javascript:alert(5))" in result.stdout
        _inert(result.stdout)


def test_markdown_helpers() -> None:
    for text in (
        LINK,
        IMAGE,
        "\\" + LINK,
        "[x\\](javascript:alert(5))",
        "[x]: javascript:alert(5)\n\n[x]",
    ):
        shown = "javascript:alert(5)" if "javascript" in text else "evil.example/p.png"
        _inert(markdown_text(text), shown)
        _inert(markdown_cell(text), shown)
    assert markdown_text("Plan 2025 & ODS <16>") == "Plan 2025 &amp; ODS &lt;16&gt;"
    assert markdown_link("https://example.org/a.pdf") == "<https://example.org/a.pdf>"
    assert not markdown_link("javascript:alert(5)").startswith("<")
