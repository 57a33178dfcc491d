"""Which texts the code marks for translation, found by reading the source (no import, no Qt).

A text is marked by ``self.tr("...")`` in a class (context: the class name), ``_tr("...")`` in a module
that says ``_tr = translator("Context")``, ``QCoreApplication.translate("Context", "...")`` or
``Text("Context", "...")``. The test suite compares this list with the Chinese catalogue, so a new text
cannot ship untranslated.
"""
from __future__ import annotations

import ast
from pathlib import Path


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _module_context(tree: ast.Module) -> str | None:
    """The context of ``_tr = translator("X")`` at module level, if any."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "_tr"
                and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "translator"
                and node.value.args):
            return _literal(node.value.args[0])
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, module_context: str | None) -> None:
        self.module_context = module_context
        self.classes: list[str] = []
        self.found: set[tuple[str, str]] = set()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 (ast API)
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 (ast API)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        args = [_literal(a) for a in node.args]
        if name == "tr" and isinstance(func, ast.Attribute) and args and args[0] and self.classes:
            self.found.add((self.classes[-1], args[0]))
        elif name == "_tr" and args and args[0] and self.module_context:
            self.found.add((self.module_context, args[0]))
        elif name in ("translate", "Text") and len(args) >= 2 and args[0] and args[1]:
            self.found.add((args[0], args[1]))
        self.generic_visit(node)


def marked_texts(folders: list[Path]) -> set[tuple[str, str]]:
    """Every (context, source text) marked for translation in the .py files under ``folders``."""
    found: set[tuple[str, str]] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            finder = _Finder(_module_context(tree))
            finder.visit(tree)
            found |= finder.found
    return found
