"""Checks that the installer build's inputs are valid, without running the (slow) PyInstaller build."""
from __future__ import annotations

import ast
import configparser
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_spec_is_valid_python_and_names_existing_inputs() -> None:
    spec = (ROOT / "packaging" / "kintsugi.spec").read_text()
    tree = ast.parse(spec)  # a syntax error here would break the build
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert {"Analysis", "EXE", "COLLECT"} <= names
    assert (ROOT / "main.py").exists()
    assert (ROOT / "resources").is_dir()
    assert list((ROOT / "models" / "catalog").glob("*.toml")), "the spec bundles the catalog files"


def test_every_lazily_imported_module_imports() -> None:
    """The spec collects app/engines/models/widgets submodules; each must import (a typo in a lazy import
    table would only show in the frozen app)."""
    from engines.registry import ENGINE_TABLE
    from models.convert.registry import CONVERTERS

    for target in list(ENGINE_TABLE.values()) + list(CONVERTERS.values()):
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)
        assert hasattr(module, attr), target
    for package in ("app", "engines", "models"):
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, package + "."):
            importlib.import_module(info.name)


def test_desktop_entry_has_required_keys() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep key case
    parser.read(ROOT / "packaging" / "linux" / "kintsugi.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    for key in ("Type", "Name", "Exec", "Icon", "Categories", "MimeType"):
        assert entry.get(key), key
    assert "image/openraster" in entry["MimeType"]


def test_inno_setup_script_points_at_the_pyinstaller_output() -> None:
    iss = (ROOT / "packaging" / "windows" / "kintsugi.iss").read_text()
    assert r"dist\Kintsugi\*" in iss
    assert "OutputBaseFilename=KintsugiSetup" in iss
    assert ".ora" in iss


def test_self_test_passes_from_source() -> None:
    """The same self-test the frozen build must pass: opens the sample, runs every built-in engine."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout
    for line in result.stdout.splitlines():
        if line.startswith(("PASS", "FAIL")):
            assert line.startswith("PASS"), line
