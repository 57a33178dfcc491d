"""The model-folder setting: KINTSUGI_MODELS > the Preferences folder > portable > platform folder, and a
change applies at once (store, custom models and cached sessions), without a restart."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest
import tomli_w
from PySide6.QtCore import QSettings

from app.settings import Settings
from models import paths
from models.catalog import load_catalog
from models.store import default_store


@pytest.fixture()
def settings(tmp_path: Path) -> Iterator[Settings]:
    yield Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    paths.set_store_override(None)


def custom_store(folder: Path, model_id: str) -> Path:
    """A store folder holding one imported (custom) model in its custom.toml."""
    folder.mkdir(parents=True)
    record = {"id": model_id, "task": "upscale", "licence": "unknown", "custom": True,
              "files": [{"name": f"{model_id}.onnx", "sha256": "0" * 64, "size": 1}]}
    (folder / "custom.toml").write_text(tomli_w.dumps({"model": [record]}), "utf-8")
    return folder


def test_the_environment_variable_wins_over_the_setting(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "from-env"))
    settings.model_dir = tmp_path / "from-preferences"
    settings.apply_model_dir()
    assert os.environ["KINTSUGI_MODELS"] == str(tmp_path / "from-env")  # never overwritten
    assert default_store().root == tmp_path / "from-env"
    monkeypatch.delenv("KINTSUGI_MODELS")  # without it, the setting is next in line
    assert default_store().root == tmp_path / "from-preferences"


def test_a_changed_folder_applies_without_restart(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("KINTSUGI_MODELS", raising=False)
    settings.model_dir = custom_store(tmp_path / "first", "custom-first")
    settings.apply_model_dir()
    assert default_store().root == tmp_path / "first" and "custom-first" in load_catalog()

    from engines import runtime  # an engine ran: sessions built from the first folder's files are cached

    released = []
    monkeypatch.setattr(runtime, "release_all", lambda: released.append(True))
    settings.model_dir = custom_store(tmp_path / "second", "custom-second")
    settings.apply_model_dir()
    assert default_store().root == tmp_path / "second"
    catalog = load_catalog()
    assert "custom-second" in catalog and "custom-first" not in catalog
    assert released == [True]
    settings.apply_model_dir()  # nothing changed: the cached sessions stay
    assert released == [True]

    settings.model_dir = None  # back to the default folder
    settings.apply_model_dir()
    assert default_store().root == paths.store_root() != tmp_path / "second"


def test_the_command_line_uses_the_preferences_model_folder(tmp_path, monkeypatch, capsys):
    from app.cli import run_cli
    from app.settings import Settings, reset_app_settings
    from models import paths

    monkeypatch.delenv("KINTSUGI_MODELS", raising=False)
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    chosen = tmp_path / "my models"
    settings = Settings()
    settings.model_dir = chosen
    settings.sync()
    reset_app_settings(None)
    try:
        assert run_cli(["models", "path"]) == 0
        assert str(chosen) in capsys.readouterr().out
    finally:
        paths.set_store_override(None)
        reset_app_settings(None)
