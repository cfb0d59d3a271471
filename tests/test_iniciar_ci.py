"""The CI files «hdr iniciar» writes, checked by the validators CI providers and auditors use.

check-jsonschema (the GitHub and GitLab schemas), zizmor (GitHub Actions security, on
the generated repository so its .github/zizmor.yml counts) and pre-commit; plus where
the generated CI installs hdr from, the .gitignore, the plan id and hdr's own action.yml.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from hojaderuta.authoring import scaffold
from hojaderuta.authoring.source import source_from
from hojaderuta.cli.app import app

from .conftest import GIT_ENV, ROOT, git, require_tool

OPCIONES = ["--ambito", "local", "--entidad", "Guanajuato",
            "--inicio", "2025-03-01", "--fin", "2027-02-28"]  # fmt: skip
WORKFLOW = ".github/workflows/hdr.yml"
PINNED = re.compile(r"^\s*(?:- )?uses: (actions/[\w-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
SHA = "0123456789abcdef0123456789abcdef01234567"
PUBLISH_IF = "github.event_name == 'schedule'"


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def make(tmp_path: Path, runner: CliRunner, *extra: str) -> Path:
    require_tool("git")
    dest = tmp_path / ("plan" + "".join(extra).replace("-", "_"))
    result = runner.invoke(app, ["iniciar", str(dest), *OPCIONES, *extra])
    assert result.exit_code == 0, result.output
    return dest


@pytest.fixture(params=[(), ("--sin-accion",)], ids=["accion", "sin-accion"])
def repo(request: pytest.FixtureRequest, tmp_path: Path, runner: CliRunner) -> Path:
    return make(tmp_path, runner, *request.param)


def run(tool: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require_tool(tool), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- the real validators -----------------------------------------------------------


def test_workflow_matches_the_github_schema(repo: Path) -> None:
    done = run(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(repo / WORKFLOW)
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_matches_the_github_actions_schema() -> None:
    done = run(
        "check-jsonschema", "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_ci_matches_the_gitlab_schema(repo: Path) -> None:
    done = run(
        "check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(repo / ".gitlab-ci.yml")
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_config_is_valid(repo: Path) -> None:
    done = run("pre-commit", "validate-config", ".pre-commit-config.yaml", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_in_the_generated_repository(repo: Path) -> None:
    # Run on the repository, not the file: its .github/zizmor.yml is part of the check.
    done = run("zizmor", "--offline", "--min-severity", "medium", "--no-progress", ".", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_zizmor_finds_nothing_in_the_action() -> None:
    done = run(
        "zizmor", "--offline", "--min-severity", "medium", "--no-progress", str(ROOT / "action.yml")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_zizmor_config_states_the_ref_pin_policy(repo: Path) -> None:
    config = load(repo / ".github/zizmor.yml")
    policies = config["rules"]["unpinned-uses"]["config"]["policies"]
    assert policies["actions/*"] == "ref-pin"
    assert policies["*"] == "hash-pin"


# --- what the files say ------------------------------------------------------------


def test_actions_are_pinned_by_commit_with_their_version(repo: Path) -> None:
    lines = [
        line
        for path in (repo / WORKFLOW, ROOT / "action.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"^\s*(?:- )?uses: actions/", line)
    ]
    assert len(lines) >= 2
    for line in lines:
        assert PINNED.match(line), line


def test_workflow_is_fresh_every_day_with_least_privilege(repo: Path) -> None:
    workflow = load(repo / WORKFLOW)
    triggers = workflow[True]  # YAML 1.1 reads the key «on» as true
    (schedule,) = triggers["schedule"]
    assert schedule["cron"] == "17 12 * * *"
    text = (repo / WORKFLOW).read_text(encoding="utf-8")
    assert "Ciudad de México" in text and "12:17 UTC" in text
    assert workflow["permissions"] == {}
    validar, desplegar = workflow["jobs"]["validar"], workflow["jobs"]["desplegar"]
    assert validar["permissions"] == {"contents": "read"}
    assert desplegar["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = validar["steps"][0]
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    # A scheduled run carries no repository in its event: it must still publish.
    assert desplegar["if"].startswith(PUBLISH_IF)


def test_workflow_uses_the_action_or_plain_steps(tmp_path: Path, runner: CliRunner) -> None:
    with_action = load(make(tmp_path, runner) / WORKFLOW)
    step = with_action["jobs"]["validar"]["steps"][1]
    assert step["uses"].startswith("hojaderuta/hdr@")
    assert step["with"]["version"] == "${{ env.HDR_PAQUETE }}"
    assert step["with"]["publicar"].startswith("${{ " + PUBLISH_IF)

    plain = load(make(tmp_path, runner, "--sin-accion") / WORKFLOW)
    runs = [s.get("run", "") for s in plain["jobs"]["validar"]["steps"]]
    assert 'python -m pip install "$HDR_PAQUETE"' in runs
    assert 'hdr validar "$PLAN" --formato github' in runs
    assert not any(
        s.get("uses", "").startswith("hojaderuta/") for s in plain["jobs"]["validar"]["steps"]
    )


def test_action_validates_with_annotations_and_publishes_on_request() -> None:
    action = load(ROOT / "action.yml")
    assert set(action["inputs"]) >= {"plan", "publicar", "version", "salida"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert any("hdr validar" in s.get("run", "") and "--formato github" in s["run"] for s in steps)
    (publish,) = [s for s in steps if "hdr publicar" in s.get("run", "")]
    assert publish["if"] == "inputs.publicar == 'true'"
    # Inputs reach the shell through env, never pasted into the script.
    assert not any("${{" in s.get("run", "") for s in steps)


def test_gitignore_keeps_outputs_out_of_git(tmp_path: Path, runner: CliRunner) -> None:
    repo = make(tmp_path, runner)
    lines = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("sitio/", "/_site/", "/public/", "avance-*.xlsx", ".venv/", ".hdr-*"):
        assert pattern in lines, pattern
    (repo / "sitio").mkdir()
    (repo / "sitio/index.html").write_text("x", encoding="utf-8")
    (repo / "avance-plan.xlsx").write_bytes(b"x")
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert "sitio/" not in status and "avance-plan.xlsx" not in status
    assert "plan.yaml" in status


# --- where CI installs hdr from ----------------------------------------------------


def git_url(url: str) -> str:
    return json.dumps({"url": url, "vcs_info": {"vcs": "git", "commit_id": SHA}})


@pytest.mark.parametrize(
    ("direct_url", "paquete", "rev", "accion", "warns"),
    [
        (None, "hojaderuta==0.3.0", "v0.3.0", "hojaderuta/hdr@v0.3.0", False),
        (
            git_url("https://github.com/hojaderuta/hdr"),
            f"git+https://github.com/hojaderuta/hdr@{SHA}",
            SHA,
            f"hojaderuta/hdr@{SHA}",
            False,
        ),
        (
            git_url("https://github.com/una-org/hdr.git"),
            f"git+https://github.com/una-org/hdr.git@{SHA}",
            SHA,
            f"una-org/hdr@{SHA}",
            False,
        ),
        (
            git_url("file:///tmp/hdr"),
            f"git+file:///tmp/hdr@{SHA}",
            SHA,
            "hojaderuta/hdr@v0.3.0",
            True,
        ),
        (
            json.dumps({"url": "file:///home/ana/hdr", "dir_info": {"editable": True}}),
            "hojaderuta==0.3.0",
            "v0.3.0",
            "hojaderuta/hdr@v0.3.0",
            True,
        ),
        (
            json.dumps(
                {"url": "https://ejemplo.org/hojaderuta-0.3.0-py3-none-any.whl", "archive_info": {}}
            ),
            "https://ejemplo.org/hojaderuta-0.3.0-py3-none-any.whl",
            "v0.3.0",
            "hojaderuta/hdr@v0.3.0",
            False,
        ),
    ],
    ids=["indice", "github", "otro-github", "git-local", "editable", "archivo-web"],
)
def test_source_from_direct_url(
    direct_url: str | None, paquete: str, rev: str, accion: str, warns: bool
) -> None:
    origen = source_from(direct_url, "0.3.0")
    assert (origen.paquete, origen.rev, origen.accion) == (paquete, rev, accion)
    assert (origen.aviso is not None) == warns
    if warns:
        assert "HDR_PAQUETE" in (origen.aviso or "")


def test_every_ci_file_installs_the_same_source(tmp_path: Path) -> None:
    require_tool("git")
    origen = source_from(git_url("https://github.com/hojaderuta/hdr"), "0.3.0")
    scaffold.iniciar(tmp_path / "p", ambito="nacional", origen=origen)
    repo = tmp_path / "p"
    github, gitlab = load(repo / WORKFLOW), load(repo / ".gitlab-ci.yml")
    assert github["env"]["HDR_PAQUETE"] == gitlab["variables"]["HDR_PAQUETE"] == origen.paquete
    assert gitlab["default"]["before_script"] == ['python -m pip install "$HDR_PAQUETE"']
    assert github["jobs"]["validar"]["steps"][1]["uses"] == f"hojaderuta/hdr@{SHA}"
    (entry,) = load(repo / ".pre-commit-config.yaml")["repos"]
    assert (entry["repo"], entry["rev"]) == ("https://github.com/hojaderuta/hdr", SHA)


def test_a_local_source_is_reported_with_the_fix(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = json.dumps({"url": "file:///home/ana/hdr", "dir_info": {"editable": True}})
    monkeypatch.setattr(scaffold, "running_source", lambda: source_from(local, "0.3.0"))
    result = runner.invoke(app, ["iniciar", str(tmp_path / "p"), *OPCIONES])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "copia local (file:///home/ana/hdr)" in text
    assert "cambie HDR_PAQUETE" in text and "git+https://github.com/hojaderuta/hdr@v0.3.0" in text


# --- the plan id -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (OPCIONES, "pal-guanajuato-2025-2027"),
        (["--ambito", "nacional", "--inicio", "2025-01-01", "--fin", "2026-12-31"], "mx-2025-2026"),
        (
            [
                "--ambito",
                "local",
                "--entidad",
                "Ciudad de México",
                "--inicio",
                "2025-01-01",
                "--fin",
                "2025-12-31",
            ],
            "pal-ciudad-de-mexico-2025",
        ),
        (["--nombre", "Plan Abierto", "--ambito", "local"], "plan-abierto"),
        (["--id", "propio", *OPCIONES], "propio"),
    ],
)
def test_plan_id_from_entity_and_years(
    tmp_path: Path, runner: CliRunner, args: list[str], expected: str
) -> None:
    require_tool("git")
    result = runner.invoke(app, ["iniciar", str(tmp_path / "p"), *args])
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "p/plan.yaml")["id"] == expected
    assert f"Identificador del plan: {expected}" in result.output


def test_iniciar_twice_keeps_the_new_files(tmp_path: Path, runner: CliRunner) -> None:
    repo = make(tmp_path, runner)
    (repo / ".gitignore").write_text("propio/\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    again = runner.invoke(app, ["iniciar", str(repo), "--sin-accion", "--id", "otro"])
    assert again.exit_code == 0, again.output
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before
    assert "Identificador del plan" not in again.output


# --- installed from git, as CI will ------------------------------------------------


def snapshot_repo(dest: Path) -> str:
    """A git repository holding this checkout as it is now (committed or not); its commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            (dest / name).write_bytes(source.read_bytes())
    git(dest, "init", "--quiet")
    git(dest, "add", "-A")
    git(dest, "commit", "--quiet", "-m", "hdr")
    return git(dest, "rev-parse", "HEAD").strip()


@pytest.mark.lento
def test_installed_from_a_git_url_pins_that_url_and_commit(tmp_path: Path) -> None:
    require_tool("git")
    source = tmp_path / "hdr"
    source.mkdir()
    commit = snapshot_repo(source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies (and hatchling, to build) come from this test's environment.
    Path(site, "deps-de-prueba.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    url = f"git+{source.as_uri()}@{commit}"
    env = os.environ | GIT_ENV | {"PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", url],
        check=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    done = subprocess.run(
        [str(venv / "bin" / "hdr"), "iniciar", "plan", *OPCIONES],
        capture_output=True, text=True, check=False, env=env | {"COLUMNS": "300"}, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    repo = tmp_path / "plan"
    assert load(repo / WORKFLOW)["env"]["HDR_PAQUETE"] == url
    assert load(repo / ".gitlab-ci.yml")["variables"]["HDR_PAQUETE"] == url
    (entry,) = load(repo / ".pre-commit-config.yaml")["repos"]
    assert (entry["repo"], entry["rev"]) == (source.as_uri(), commit)
    # A file:// URL is out of CI's reach: hdr says so.
    assert "cambie HDR_PAQUETE" in " ".join(done.stderr.split())
