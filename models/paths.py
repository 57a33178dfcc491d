"""Where models and cached wheels live on disk.

Store root, in order of precedence:
1. the environment variable KINTSUGI_MODELS (the user's explicit choice for this run);
2. the folder chosen in Preferences, handed over with ``set_store_override`` (takes effect at once:
   ``store.default_store()`` and the catalog's ``custom.toml`` follow ``store_root()`` on every call);
3. portable mode: a frozen build with ``portable.txt`` or a ``models/`` folder next to the executable
   keeps its models in ``<exe dir>/models``;
4. platformdirs' user data dir: ``user_data_dir("Kintsugi")/models``.
The wheel cache is ``user_cache_dir("Kintsugi")/wheels`` (or ``$KINTSUGI_CACHE/wheels``).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Kintsugi"
ENV_MODELS = "KINTSUGI_MODELS"
ENV_CACHE = "KINTSUGI_CACHE"
CUSTOM_FILE_NAME = "custom.toml"  # the user's imported models, in the store root

# The Preferences folder lives here, beside the rule that ranks it, so the store and the catalog both
# read it without importing each other.
_override: Path | None = None


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def app_dir() -> Path:
    """The folder of the executable in a frozen build, else the project root."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def portable_root() -> Path | None:
    """``<exe dir>/models`` when a frozen build runs in portable mode, else None."""
    if not is_frozen():
        return None  # in a source checkout, models/ is the Python package, not a store
    base = app_dir()
    if (base / "portable.txt").exists() or (base / "models").is_dir():
        return base / "models"
    return None


def set_store_override(folder: str | os.PathLike[str] | None) -> None:
    """The store folder chosen in the application settings (None: the default); KINTSUGI_MODELS wins."""
    global _override
    _override = Path(folder).expanduser() if folder else None


def store_root() -> Path:
    env = os.environ.get(ENV_MODELS, "").strip()
    if env:
        return Path(env).expanduser()
    if _override is not None:
        return _override
    portable = portable_root()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "models"


def custom_catalog_file(root: Path | None = None) -> Path:
    """The ``custom.toml`` of the store at ``root`` (default: the current store root)."""
    return (store_root() if root is None else root) / CUSTOM_FILE_NAME


def cache_root() -> Path:
    env = os.environ.get(ENV_CACHE, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def wheel_cache_dir() -> Path:
    return cache_root() / "wheels"


def bundled_root() -> Path:
    """Where an installer put the built-in models: ``<app dir>/bundled-models``, or, in a PyInstaller
    one-folder build, the same folder inside the bundle's data directory (``_internal``)."""
    beside_exe = app_dir() / "bundled-models"
    bundle_data = getattr(sys, "_MEIPASS", None)
    if is_frozen() and bundle_data and not beside_exe.is_dir():
        return Path(bundle_data) / "bundled-models"
    return beside_exe


def catalog_dir() -> Path:
    """The shipped catalog TOML files (inside the ``models`` package, so frozen builds carry it)."""
    return Path(__file__).resolve().parent / "catalog"
