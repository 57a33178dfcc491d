"""The document owns its history: app/document.py imports app/history.py, never the other way round."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.test_layering import ROOT, import_cycles, imports_of


@pytest.mark.parametrize("module", ["app.history", "app.pixel_edit", "app.command"])
def test_history_imports_nothing_of_the_document_not_even_for_types(module):
    assert [i.module for i in imports_of(module) if i.module.startswith("app.document")] == []


def test_document_and_history_are_in_no_import_cycle():
    assert [c for c in import_cycles("app") if {"app.document", "app.history"} & set(c)] == []


@pytest.mark.parametrize("module", ["app.history", "app.document", "app.layer_ops", "app.engine_results"])
def test_each_module_imports_alone(module):
    # In a fresh interpreter, so no earlier import can hide a cycle that only shows from this entry point.
    run = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
