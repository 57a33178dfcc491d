"""Where the application's own files are, from source and from a frozen (PyInstaller) build."""
from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The project root from source; the bundle's data folder when frozen."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def resource_path(relative: str) -> Path:
    return app_root() / "resources" / relative
