"""The four layers of docs/architecture.md, checked on the source: widgets/ -> app/ -> engines/ -> models/.

Every import is read with ``ast`` (module level and inside functions, so a lazy import cannot hide a
dependency), from every module of the four packages. ``main.py`` is the one module that may see all four.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("widgets", "app", "engines", "models")  # each may import only the ones after it
QT = ("PySide6", "shiboken6")
# Packages whose modules must not import each other in a circle (module-level and function-level imports
# alike: a lazy import only defers the cycle). Add a package here once its cycles are broken.
ACYCLIC = ("models", "app", "widgets", "engines")


@dataclass(frozen=True)
class Import:
    module: str  # the imported module (``from a import b`` gives ``a.b`` when that is a module, else ``a``)
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    return {_module_name(p): p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.imports: list[Import] = []
        self._type_only = 0

    def _add(self, name: str, node: ast.stmt) -> None:
        self.imports.append(Import(name, node.lineno, self._type_only > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            anchor = self.package.split(".")[: len(self.package.split(".")) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in project_modules() else base, node)

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._type_only += 1
            for child in node.body:
                self.visit(child)
            self._type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    path = project_modules()[module]
    collector = _Collector(module, path.name == "__init__.py")
    collector.visit(ast.parse(path.read_text("utf-8"), str(path)))
    return tuple(collector.imports)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{project_modules()[m].relative_to(ROOT)}:{i.line} imports {i.module}"
            for m in project_modules() if _within(m, package)
            for i in imports_of(m) if any(_within(i.module, f) for f in forbidden)]


def import_cycles(package: str) -> list[list[str]]:
    """Every strongly connected group of more than one module of ``package``, through imports that run."""
    nodes = [m for m in project_modules() if _within(m, package)]
    edges = {m: sorted({i.module for i in imports_of(m) if not i.type_only and i.module in nodes and i.module != m})
             for m in nodes}
    # Tarjan's algorithm: a cycle is a strongly connected component of more than one module.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        for n in edges[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while True:
                n = stack.pop()
                group.append(n)
                if n == m:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for m in nodes:
        if m not in index:
            visit(m)
    return found


def test_every_layer_has_modules():
    # The checks below pass trivially on an empty walk; make sure they look at something.
    for layer in LAYERS:
        assert sum(_within(m, layer) for m in project_modules()) >= 5, layer


@pytest.mark.parametrize("package", ["engines", "models"])
def test_engines_and_models_are_free_of_qt(package):
    assert _violations(package, QT) == []


def test_app_does_not_use_qt_widgets():
    assert _violations("app", ("PySide6.QtWidgets",)) == []


@pytest.mark.parametrize("module, forbidden", [("widgets.canvas_buffer", ("PySide6.QtWidgets",)),
                                               ("widgets.canvas_scheduler", QT)])
def test_canvas_logic_needs_no_widget(module, forbidden):
    # Split out of widgets/canvas_view.py so that it is tested without a widget; keep it that way.
    assert module in project_modules() and _violations(module, forbidden) == []


@pytest.mark.parametrize("position", range(len(LAYERS)))
def test_dependencies_point_one_way(position):
    layer, above = LAYERS[position], LAYERS[:position]
    assert _violations(layer, above) == []


@pytest.mark.parametrize("package", ACYCLIC)
def test_no_import_cycles(package):
    assert import_cycles(package) == []


def test_the_checker_sees_a_relative_import_and_a_cycle(tmp_path, monkeypatch):
    # A package whose two modules import each other, one of them lazily and relatively.
    fake = tmp_path / "models"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "a.py").write_text("from models import b\n")
    (fake / "b.py").write_text("def f():\n    from . import a\n    from PySide6 import QtCore\n")
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "ROOT", tmp_path)
    monkeypatch.setattr(here, "LAYERS", ("models",))
    for fn in (project_modules, imports_of):
        fn.cache_clear()
    try:
        assert import_cycles("models") == [["models.a", "models.b"]]
        assert _violations("models", QT) == ["models/b.py:3 imports PySide6"]
    finally:
        for fn in (project_modules, imports_of):
            fn.cache_clear()
