"""The pseudo-language: every catalog text wrapped in ⟦ ⟧, to find text that skips it.

A catalog is built from ``messages.pot`` where each translation is its Spanish source
between markers. Commands run in that language on the examples and on every broken
plan of ``tests/casos``; whatever a person would read that is not between markers must
come from the plan itself (names, objectives people wrote), from a finding code, a file
name or a command name. Any other word is a text hard-coded outside the catalog.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from hojaderuta.cli import app

from .conftest import COMPROMISO_13, PLAN_LOCAL, ROOT

POT = ROOT / "src" / "hojaderuta" / "locale" / "messages.pot"
CASOS = sorted(p for p in (Path(__file__).parent / "casos").iterdir() if p.is_dir())
OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{3,}")
# Words that are names, not text: the program, formats, and the like.
NAMES = {"hdr", "yaml", "json", "csv", "markdown", "html", "junit", "github", "gitlab", "git"}


def _wrap(text: str) -> str:
    """Each paragraph on its own: help screens show a command's first one alone."""
    return "\n\n".join(f"{OPEN}{part}{CLOSE}" for part in text.split("\n\n"))


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with POT.open("rb") as fh:
        template = read_po(fh)
    pseudo = Catalog(locale="en")  # two plural forms, as Spanish
    for m in template:
        if isinstance(m.id, tuple | list):
            pseudo.add(m.id, string=tuple(map(_wrap, m.id)), context=m.context)
        elif m.id:
            pseudo.add(m.id, string=_wrap(m.id), context=m.context)
    root = tmp_path_factory.mktemp("catalogos")
    target = root / "pseudo" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:
        write_mo(fh, pseudo)
    return root


def _words_of(folder: Path) -> set[str]:
    """What a plan's people wrote: every key and value of its YAML files (never their
    comments, nor READMEs: those are not shown) and every file name."""
    import yaml

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key)
                yield from strings(value)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)
        elif node is not None:
            yield str(node)

    words: set[str] = set()
    for path in folder.rglob("*"):
        words |= {w.casefold() for w in WORD.findall(path.name)}
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            text = path.read_bytes().decode("utf-8", "replace")
            try:
                found = list(strings(yaml.safe_load(text)))
            except Exception:  # a broken or hostile case: any of its text may be quoted
                found = [text]
            words |= {w.casefold() for s in found for w in WORD.findall(s)}
    return words


def _codes() -> set[str]:
    from hojaderuta.core.findings import Codigo

    return {w for c in Codigo for w in WORD.findall(c.value)}


def unmarked(text: str, allowed: set[str]) -> list[str]:
    """Words outside every marker that the plan, a code or a name do not explain."""
    previous = None
    while previous != text:  # markers nest when a translated text fills another's slot
        previous, text = text, MARKED.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w.casefold() not in allowed})


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Visible(html.parser.HTMLParser):
    """The text of a page a person reads or hears: text nodes and labelling attributes.

    With ``content_lang``, what is inside an element marked with that language (the
    plan's own text, on a page in another language) goes apart, to ``content``; the
    ``<head>`` (title, descriptions: attributes that cannot carry a mark) too."""

    ATTRS = ("alt", "title", "aria-label", "placeholder", "content", "aria-description")

    def __init__(self, content_lang: str | None = None) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.content: list[str] = []
        self._content_lang = content_lang
        self._open: list[tuple[str, bool]] = []  # (tag, inside the plan's own text)
        self._skip = 0

    def _target(self) -> list[str]:
        own = bool(self._open and self._open[-1][1])
        return self.content if own and self._content_lang else self.parts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        inside = bool(self._open and self._open[-1][1])
        own = inside or tag == "head" or values.get("lang") == self._content_lang
        if tag not in VOID:
            self._open.append((tag, own))
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "meta" and values.get("name") not in ("description", "twitter:title"):
            return
        # An attribute stands alone; a description cut at its length limit («…») has
        # lost its closing markers.
        target = self.content if own and self._content_lang else self.parts
        for key, value in attrs:
            if key in self.ATTRS and value:
                missing = max(0, value.count(OPEN) - value.count(CLOSE))
                target.append(f" {value}{CLOSE * missing} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if any(t == tag for t, _own in self._open):
            while self._open and self._open.pop()[0] != tag:
                pass  # an element the page left open (<li>, <p>) ends with its parent

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._target().append(data)

    def text(self) -> str:
        return " ".join(self.parts)


def _run(runner: CliRunner, catalogs: Path, *args: str) -> str:
    env = {"HDR_CATALOGOS": str(catalogs), "HDR_IDIOMA": "pseudo", "COLUMNS": "400"}
    done = runner.invoke(app, list(args), env=env, prog_name="hdr")
    assert done.exit_code in (0, 1, 2), done.output
    return done.output


def _commands() -> Iterator[str]:
    import typer.main

    group = typer.main.get_command(app)
    yield from group.list_commands(None)  # type: ignore[attr-defined]


def _option_words() -> set[str]:
    """Option names and their choice values: the command line's vocabulary, not text."""
    import typer.main

    group: Any = typer.main.get_command(app)
    words: set[str] = set()
    for command in [group, *(group.get_command(None, n) for n in _commands())]:
        for param in command.params:
            for name in [*param.opts, *param.secondary_opts]:
                words |= {w.casefold() for w in WORD.findall(name)}
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None) or ()
            words |= {w.casefold() for c in choices for w in WORD.findall(str(c))}
    return words


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    plans = _words_of(PLAN_LOCAL) | _words_of(COMPROMISO_13)
    paths = {w.casefold() for w in WORD.findall(str(ROOT))} | {"tests", "casos", "ejemplos"}
    words = plans | paths | _codes() | NAMES | set(_commands()) | _option_words() | {"help"}
    return words | _months()


def _months() -> set[str]:
    """Month names come from Babel's locale data (CLDR), not from the catalog: a language
    without its own data (the pseudo one) writes dates as Latin American Spanish does."""
    from babel import Locale

    months = Locale.parse("es_419").months
    return {
        w.casefold()
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in months[context][width].values()
        for w in WORD.findall(name)
    }


def test_help_screens(catalogs: Path, allowed: set[str]) -> None:
    runner = CliRunner()
    leaks = {}
    for args in [["--help"], *([name, "--help"] for name in _commands())]:
        found = unmarked(_run(runner, catalogs, *args), allowed)
        if found:
            leaks[" ".join(args)] = found
    assert leaks == {}


@pytest.mark.parametrize(
    "args",
    [
        ["no-existe"],
        ["validar", "--formato", "nada"],
        ["validar", ".", "sobra", "otra"],
        ["avance", "--al", "2021-13-45"],
        ["marcar"],
    ],
)
def test_usage_errors(catalogs: Path, allowed: set[str], args: list[str]) -> None:
    assert unmarked(_run(CliRunner(), catalogs, *args), allowed) == []


@pytest.mark.parametrize("caso", CASOS, ids=[c.name for c in CASOS])
def test_findings_of_every_broken_plan(catalogs: Path, allowed: set[str], caso: Path) -> None:
    output = _run(CliRunner(), catalogs, "validar", str(caso), "--al", "2030-01-01")
    own = _words_of(caso) | {w.casefold() for w in WORD.findall(caso.name)}
    assert unmarked(output, allowed | own) == []


@pytest.mark.parametrize(
    "args",
    [
        ["avance", str(PLAN_LOCAL), "--al", "2026-12-01"],
        ["avance", str(PLAN_LOCAL), "--al", "2026-12-01", "--compromiso", "2"],
        ["avance", str(PLAN_LOCAL), "--al", "2026-12-01", "--proximos", "60"],
        ["avance", str(PLAN_LOCAL), "--al", "2026-12-01", "--formato", "markdown"],
        ["avance", str(COMPROMISO_13), "--al", "2021-08-31"],
        ["reporte", str(PLAN_LOCAL), "--al", "2026-12-01"],
        ["reporte", str(COMPROMISO_13), "--al", "2021-08-31"],
    ],
)
def test_progress_and_reports(catalogs: Path, allowed: set[str], args: list[str]) -> None:
    assert unmarked(_run(CliRunner(), catalogs, *args), allowed) == []


def _keys(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _contract_words(site: Path) -> set[str]:
    """Field names, column names and file names: the open data's contract, never text."""
    import json

    names = [
        k for schema in ROOT.glob("schemas/*.json") for k in _keys(json.loads(schema.read_text()))
    ]
    for table in site.glob("datos/*.csv"):
        names += table.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    names += [p.name for p in site.rglob("*")]
    names += _all_keys(json.loads((site / "datos" / "plan.json").read_text(encoding="utf-8")))
    return {w.casefold() for name in names for w in WORD.findall(name)}


def _all_keys(node: object) -> list[str]:
    if isinstance(node, dict):
        return [*node, *(k for v in node.values() for k in _all_keys(v))]
    if isinstance(node, list):
        return [k for item in node for k in _all_keys(item)]
    return []


# Addresses and file names (evidence links): the same in every language, never text.
# (Markers are not part of them: a marked «(MRI/IRM)» keeps its ⟧.)
ADDRESS = re.compile(
    rf"[^\s{OPEN}{CLOSE}]*/[^\s{OPEN}{CLOSE}]*|\b[\w.-]+\.(?:pdf|md|csv|json|yaml|xlsx|docx|png|jpg)\b"
)


def test_published_site(catalogs: Path, allowed: set[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    site = tmp_path / "sitio"
    _run(CliRunner(), catalogs, "publicar", str(plan), "--al", "2026-12-01", "-o", str(site))
    leaks = {}
    contract = _contract_words(site)
    for page in sorted(site.rglob("*.html")):
        parser = _Visible()
        parser.feed(page.read_text(encoding="utf-8"))
        found = unmarked(parser.text(), allowed | contract)
        if found:
            leaks[str(page.relative_to(site))] = found
    assert leaks == {}


def test_published_site_marks_every_text_of_the_plan(
    catalogs: Path, allowed: set[str], tmp_path: Path
) -> None:
    """Stricter than the test above: on pages in another language than the plan's, the
    plan's words are allowed only inside elements marked with its language (lang="es"),
    so any unmarked word in the body is either hdr's text outside the catalog or the
    plan's text without its language mark. (The <head> cannot carry marks.)"""
    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    site = tmp_path / "sitio"
    _run(CliRunner(), catalogs, "publicar", str(plan), "--al", "2026-12-01", "-o", str(site))
    plans = _words_of(PLAN_LOCAL) | _words_of(COMPROMISO_13)
    strict = (allowed - plans) | _contract_words(site) | _codes() | {"hdr"}
    leaks, content = {}, 0
    for page in sorted(site.rglob("*.html")):
        parser = _Visible(content_lang="es")
        parser.feed(page.read_text(encoding="utf-8"))
        content += len(parser.content)
        found = unmarked(ADDRESS.sub(" ", parser.text()), strict)
        if found:
            leaks[str(page.relative_to(site))] = found
    assert content > 100  # the plan's text was found, marked
    assert leaks == {}, "\n".join(f"{k}: {v}" for k, v in leaks.items())


def test_the_check_finds_a_hard_coded_text(allowed: set[str]) -> None:
    """The detector itself: marked text passes, a bare Spanish sentence does not."""
    assert unmarked(f"{_wrap('Avance del plan')}: 50 %", set()) == []
    assert unmarked(_wrap("Hito {n} de {m}").format(n=_wrap("uno"), m=3), set()) == []
    assert unmarked(f"{_wrap('Avance')} calculado hoy", set()) == ["calculado", "hoy"]
    assert unmarked("Secretaría calculado", {"secretaría"}) == ["calculado"]


@pytest.mark.parametrize("extra", [[], ["--plantilla"]], ids=["avance", "plantilla"])
def test_spreadsheets(catalogs: Path, allowed: set[str], tmp_path: Path, extra: list[str]) -> None:
    """Instructions, cell comments and validation messages; headers and sheet names are
    the format's keys."""
    from openpyxl import load_workbook

    plan = tmp_path / "plan"
    shutil.copytree(PLAN_LOCAL, plan)
    out = tmp_path / "libro.xlsx"
    _run(CliRunner(), catalogs, "exportar", str(plan), "-o", str(out), *extra)
    texts, keys = [], set()
    for book in [out] if out.exists() else sorted(tmp_path.rglob("*.xlsx")):
        for sheet in load_workbook(book).worksheets:
            if sheet.title.startswith("_"):
                continue  # hdr's own hidden sheet (what importar reads back), not for people
            keys |= {w.casefold() for w in WORD.findall(sheet.title)}
            for i, row in enumerate(sheet.iter_rows()):
                for cell in row:
                    if isinstance(cell.value, str):
                        target = keys if i == 0 and sheet.title != "Instrucciones" else None
                        if target is not None:
                            keys |= {w.casefold() for w in WORD.findall(cell.value)}
                        else:
                            texts.append(cell.value)
                    if cell.comment is not None:
                        texts.append(cell.comment.text)
            for validation in sheet.data_validations.dataValidation:
                texts += [validation.prompt or "", validation.error or ""]
    assert texts
    found = unmarked(" ".join(texts), allowed | keys | _words_of(plan))
    assert found == [], " ".join(found)


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    """plan-local-demo in a git repository of its own, with one commit."""
    from .conftest import commit_everything

    repo = tmp_path / "repo"
    shutil.copytree(PLAN_LOCAL, repo)
    commit_everything(repo, "Publica el plan", date="2026-02-01T10:00:00-06:00")
    return repo


def test_every_other_command(
    catalogs: Path, allowed: set[str], plan_repo: Path, tmp_path: Path
) -> None:
    """Every command not covered above, as a person runs it: reporting progress (marcar,
    verificar), authoring (nuevo, iniciar), git (historial, cambios), the workbook round
    trip (exportar, importar), grouped progress, an institution's report and publicar's
    own messages. (``esquema`` prints the schema, the contract; the files ``iniciar`` and
    ``nuevo`` write are translated as whole documents: see test_idioma_cli.py.)"""
    from .conftest import commit_everything

    runner, plan = CliRunner(), str(plan_repo)
    book, site, fresh = tmp_path / "libro.xlsx", tmp_path / "sitio", tmp_path / "nuevo-plan"
    institution = "Secretaría de Medio Ambiente de Valle Ejemplo"
    runs = [
        ["marcar", "2", "2", "--evidencia", "https://example.org/acta.pdf", "--plan", plan],
        ["marcar", "2", "2", "--reabrir", "--plan", plan],
        ["marcar", "9", "1", "--plan", plan],  # no such commitment: a usage error
        ["verificar", "1", "1", "--por", "Ana Ramírez Soto", "--plan", plan],
        ["nuevo", plan, "--nombre", "Compromiso de prueba"],
        ["avance", plan, "--al", "2026-12-01", "--por", "institucion"],
        ["avance", plan, "--al", "2026-12-01", "--por", "ods"],
        ["reporte", plan, "--al", "2026-12-01", "--institucion", institution],
        ["exportar", plan, "-o", str(book)],
        ["importar", str(book), "--plan", plan, "--simular"],
        ["publicar", plan, "--al", "2026-12-01", "-o", str(site)],
        ["iniciar", str(fresh), "--nombre", "Plan de prueba", "--id", "plan-prueba"],
    ]
    outputs = {" ".join(args[:2]): _run(runner, catalogs, *args) for args in runs}
    commit_everything(plan_repo, "Reporta", date="2026-03-01T10:00:00-06:00")
    for args in (
        ["historial", plan],
        ["historial", plan, "--serie"],
        ["cambios", plan, "--desde", "HEAD~1"],
    ):
        outputs[" ".join(args)] = _run(runner, catalogs, *args)
    # What the person wrote, the paths, and the commits' author (tests/conftest.py).
    own = {w.casefold() for w in WORD.findall(f"{plan_repo} Ana Pérez Ramírez Soto acta")}
    own |= {w.casefold() for w in WORD.findall("Compromiso de prueba Plan de prueba")}
    leaks = {name: unmarked(text, allowed | own) for name, text in outputs.items()}
    found = {name: words for name, words in leaks.items() if words}
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
