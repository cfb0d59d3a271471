"""The package's architecture, enforced: layers, no import cycles, confinement, sizes.

docs/arquitectura.md explains the layers; this test keeps the code honest to it.
The import graph is read with ``ast`` from every module, counting imports inside
functions too, so a cycle cannot hide behind a lazy import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "hojaderuta"

# Layer of each top-level part; a module may import only from its own layer or lower ones.
LAYERS: dict[str, int] = {
    "errors": 0,
    "text": 0,
    "resources": 0,
    "writing": 1,
    "locking": 1,
    "journal": 1,
    "parallel": 1,
    "core": 2,
    "progress": 3,
    "git": 4,
    "checks": 5,
    "publish": 6,
    "sheets": 6,
    "authoring": 6,
    "cli": 7,
    "__main__": 8,
    "__init__": 8,
}

# Third-party packages that only one part of hdr may use: each has one home.
CONFINED: dict[str, set[str]] = {
    "git": {"git"},  # GitPython
    "subprocess": {"git", "cli"},  # the git executable is run by git/ alone
    "openpyxl": {"sheets"},
    "ruamel": {"authoring"},
    "jinja2": {"publish"},
    "markupsafe": {"publish"},
    "jsonschema": {"core"},
    "fastjsonschema": {"core"},
    "rich": {"cli"},
    "typer": {"cli"},
    "click": {"cli"},
}

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Written by a program from the schemas (core/compiled.py), never by hand: sizes do not apply.
GENERATED = {"core._validadores"}


@dataclass
class Module:
    name: str  # dotted, without the "hojaderuta." prefix
    path: Path
    tree: ast.Module
    imports: set[str] = field(default_factory=set)  # hojaderuta modules (dotted)
    lazy: set[str] = field(default_factory=set)  # hojaderuta modules imported in functions
    third_party: set[str] = field(default_factory=set)  # top-level package names

    @property
    def part(self) -> str:
        return self.name.split(".")[0]


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        name = ".".join(parts)
        found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    for module in found.values():
        _collect_imports(module, found)
    return found


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = ["hojaderuta", *module.name.split(".")]
    if module.path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _in_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return True
    return False


def _collect_imports(module: Module, known: dict[str, Module]) -> None:
    parents = {
        child: parent for parent in ast.walk(module.tree) for child in ast.iter_child_nodes(parent)
    }
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        if _in_type_checking(node, parents):
            continue
        for target in targets:
            if target == "hojaderuta" or target.startswith("hojaderuta."):
                dotted = target.removeprefix("hojaderuta").removeprefix(".")
                if dotted in known and dotted != module.name:
                    module.imports.add(dotted)
                    if _in_function(node, parents):
                        module.lazy.add(dotted)
            elif target:
                module.third_party.add(target.split(".")[0])


MODULES = _modules()


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(MODULES[name].imports):
            # A package's __init__ importing its own modules is not a cycle of design.
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(MODULES):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def test_no_import_cycles() -> None:
    assert _cycle() is None, " → ".join(_cycle() or [])


def test_every_part_has_a_layer() -> None:
    assert {m.part for m in MODULES.values()} <= set(LAYERS)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name: str) -> None:
    module = MODULES[name]
    upward = [dep for dep in module.imports if LAYERS[MODULES[dep].part] > LAYERS[module.part]]
    assert not upward, f"{name} importa capas superiores: {upward}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if MODULES[n].part != "cli"))
def test_library_imports_hdr_modules_at_the_top(name: str) -> None:
    """Lazy imports of hdr's own modules are for start-up speed, at the CLI edge only."""
    assert not MODULES[name].lazy, f"{name}: importaciones dentro de funciones {MODULES[name].lazy}"


@pytest.mark.parametrize("package", sorted(CONFINED))
def test_third_party_confined(package: str) -> None:
    users = {m.name for m in MODULES.values() if package in m.third_party}
    outside = {u for u in users if MODULES[u].part not in CONFINED[package]}
    assert not outside, f"{package} se usa fuera de {CONFINED[package]}: {sorted(outside)}"


def _calls(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield ast.unparse(node.func)
        elif isinstance(node, ast.Attribute) and ast.unparse(node) in ("sys.stdout", "sys.stderr"):
            yield ast.unparse(node)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if MODULES[n].part != "cli"))
def test_only_cli_prints_or_exits(name: str) -> None:
    forbidden = {"print", "sys.exit", "exit", "quit", "os._exit", "sys.stdout", "sys.stderr"}
    used = forbidden & set(_calls(MODULES[name].tree))
    assert not used, f"{name} usa {used}: solo cli/ escribe en la terminal o termina el proceso"


@pytest.mark.parametrize("name", sorted(set(MODULES) - GENERATED))
def test_module_length(name: str) -> None:
    lines = len(MODULES[name].path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} líneas"


def _function_body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or body  # the docstring is documentation, not code
    return (node.end_lineno or node.lineno) - body[0].lineno + 1


@pytest.mark.parametrize("name", sorted(set(MODULES) - GENERATED))
def test_function_length(name: str) -> None:
    long = [
        f"{node.name} ({_function_body_lines(node)} líneas)"
        for node in ast.walk(MODULES[name].tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _function_body_lines(node) > MAX_FUNCTION_LINES
    ]
    assert not long, f"{name}: {long}"
