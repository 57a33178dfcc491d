"""Persistent user preferences on top of QSettings (QtCore only, so app/ stays free of QtWidgets).

Tests and headless commands point ``KINTSUGI_SETTINGS`` at an .ini file so that they never touch the
user's real preferences.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from models import paths as model_paths

ORGANIZATION = "Kintsugi"
APPLICATION = "Kintsugi"
MAX_RECENT = 10
THEMES = ("dark", "light")
LANGUAGES = ("en", "zh_CN")
DEVICES = ("auto", "gpu", "cpu")
REMOVE_RESULTS = ("replace", "layer")  # Filter ▸ Remove Object: in place, or on a new layer
DEFAULT_MASK_COLOR = (255, 40, 40)
DEFAULT_MASK_OPACITY = 0.45


def _as_bool(value: object, default: bool) -> bool:
    # QSettings hands back strings from .ini files ("true"/"false") and real bools elsewhere.
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


class Settings:
    """Typed accessors for everything Kintsugi remembers between runs."""

    def __init__(self, backing: QSettings | None = None) -> None:
        if backing is None:
            ini = os.environ.get("KINTSUGI_SETTINGS")
            if ini:
                backing = QSettings(ini, QSettings.Format.IniFormat)
            else:
                backing = QSettings(ORGANIZATION, APPLICATION)
        self.qsettings = backing

    def sync(self) -> None:
        self.qsettings.sync()

    # -- recent files -------------------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("files/recent", [])
        if isinstance(value, str):  # a one-element list comes back as a plain string from .ini files
            value = [value]
        return [Path(p) for p in value if p] if isinstance(value, list) else []

    def add_recent_file(self, path: str | Path) -> None:
        path = Path(path).resolve()
        items = [p for p in self.recent_files() if p != path]
        items.insert(0, path)
        self.qsettings.setValue("files/recent", [str(p) for p in items[:MAX_RECENT]])

    def remove_recent_file(self, path: str | Path) -> None:
        items = [p for p in self.recent_files() if p != Path(path)]
        self.qsettings.setValue("files/recent", [str(p) for p in items])

    def clear_recent_files(self) -> None:
        self.qsettings.setValue("files/recent", [])

    # -- appearance ---------------------------------------------------------------------------------
    @property
    def theme(self) -> str:
        value = str(self.qsettings.value("ui/theme", "dark"))
        return value if value in THEMES else "dark"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"unknown theme {value!r}")
        self.qsettings.setValue("ui/theme", value)

    @property
    def language(self) -> str:
        """'' means "follow the system locale"."""
        value = str(self.qsettings.value("ui/language", "") or "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        if value and value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self.qsettings.setValue("ui/language", value)

    # -- window -------------------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, data: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, data: QByteArray) -> None:
        self.qsettings.setValue("window/state", data)

    # -- canvas -------------------------------------------------------------------------------------
    @property
    def mask_overlay_color(self) -> tuple[int, int, int]:
        value = self.qsettings.value("canvas/mask_color", None)
        if not isinstance(value, (list, tuple)) or not value:  # unset, or not a list (a damaged file)
            value = DEFAULT_MASK_COLOR
        try:
            r, g, b = (int(v) for v in value)
            return (min(max(r, 0), 255), min(max(g, 0), 255), min(max(b, 0), 255))
        except (TypeError, ValueError):
            return DEFAULT_MASK_COLOR

    @mask_overlay_color.setter
    def mask_overlay_color(self, rgb: tuple[int, int, int]) -> None:
        self.qsettings.setValue("canvas/mask_color", [int(c) for c in rgb])

    @property
    def mask_overlay_opacity(self) -> float:
        try:
            raw = self.qsettings.value("canvas/mask_opacity", DEFAULT_MASK_OPACITY)
            value = float(raw) if isinstance(raw, (int, float, str)) else DEFAULT_MASK_OPACITY
        except (TypeError, ValueError):
            value = DEFAULT_MASK_OPACITY
        return min(max(value, 0.0), 1.0)

    @mask_overlay_opacity.setter
    def mask_overlay_opacity(self, value: float) -> None:
        self.qsettings.setValue("canvas/mask_opacity", float(min(max(value, 0.0), 1.0)))

    @property
    def mask_overlay_visible(self) -> bool:
        return _as_bool(self.qsettings.value("canvas/mask_visible"), True)

    @mask_overlay_visible.setter
    def mask_overlay_visible(self, value: bool) -> None:
        self.qsettings.setValue("canvas/mask_visible", bool(value))

    # -- engines and models -------------------------------------------------------------------------
    @property
    def device(self) -> str:
        """Where engines run: 'auto', 'gpu' or 'cpu' (passed to engines.base.RunContext.device)."""
        value = str(self.qsettings.value("engines/device", "auto"))
        return value if value in DEVICES else "auto"

    @device.setter
    def device(self, value: str) -> None:
        if value not in DEVICES:
            raise ValueError(f"unknown device {value!r}")
        self.qsettings.setValue("engines/device", value)

    @property
    def remove_result(self) -> str:
        """Where Filter ▸ Remove Object puts its result: 'replace' (the layer itself) or 'layer' (a new one)."""
        value = str(self.qsettings.value("engines/remove_result", "replace"))
        return value if value in REMOVE_RESULTS else "replace"

    @remove_result.setter
    def remove_result(self, value: str) -> None:
        if value not in REMOVE_RESULTS:
            raise ValueError(f"unknown place for results {value!r}")
        self.qsettings.setValue("engines/remove_result", value)

    @property
    def shortcuts(self) -> dict[str, tuple[str, ...]]:
        """The user's own keyboard shortcuts, by action key ("layer.duplicate", "tool.brush"): each the keys
        (QKeySequence portable text) that replace the action's default ones; () takes its shortcut away."""
        raw = self.qsettings.value("keys/shortcuts", "")
        try:
            value = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}  # a hand-edited settings file: back to the defaults rather than failing to start
        if not isinstance(value, dict):
            return {}
        return {str(k): tuple(str(x) for x in v) for k, v in value.items() if isinstance(v, list)}

    @shortcuts.setter
    def shortcuts(self, value: dict[str, tuple[str, ...]]) -> None:
        self.qsettings.setValue("keys/shortcuts", json.dumps({k: list(v) for k, v in sorted(value.items())}))

    @property
    def model_dir(self) -> Path | None:
        """A user-chosen model store folder, or None for the default (see ``apply_model_dir``)."""
        value = self.qsettings.value("models/dir", "")
        return Path(str(value)) if value else None

    @model_dir.setter
    def model_dir(self, value: str | Path | None) -> None:
        self.qsettings.setValue("models/dir", str(value) if value else "")

    def apply_model_dir(self) -> None:
        """Use ``model_dir`` for the model store from now on (at start-up and after Preferences). An explicit
        KINTSUGI_MODELS still wins, and is never written: models.paths.store_root ranks the two."""
        before = model_paths.store_root()
        model_paths.set_store_override(self.model_dir)
        if model_paths.store_root() != before and "engines.runtime" in sys.modules:
            # Sessions are cached by model id, and a custom model's id names a different file in another
            # store. Not imported when no engine ran yet: then there is nothing cached, and start-up stays fast.
            from engines import runtime

            runtime.release_all()


_instance: Settings | None = None


def app_settings() -> Settings:
    """The process-wide settings object."""
    global _instance
    if _instance is None:
        _instance = Settings()
    return _instance


def reset_app_settings(settings: Settings | None = None) -> None:
    """Replace (or drop) the process-wide settings; used by tests and the screenshot command."""
    global _instance
    _instance = settings
