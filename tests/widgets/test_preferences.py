"""Preferences: the dialog stores its choices, and a model folder chosen there is used at once, unless
KINTSUGI_MODELS names another (the user's explicit choice for this run)."""
from __future__ import annotations

import os

import pytest

from models import paths
from models.store import default_store
from widgets.preferences_dialog import PreferencesDialog


@pytest.fixture(autouse=True)
def no_override():
    yield
    paths.set_store_override(None)


def choose_folder(monkeypatch, folder) -> None:
    """Stand in for the user: type ``folder`` into the dialog and press OK."""
    def accept(dialog: PreferencesDialog) -> int:
        dialog.model_dir.setText(str(folder))
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", accept)


def test_dialog_stores_the_model_folder(qtbot, settings, tmp_path):
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.model_dir.setText(f"  {tmp_path}  ")
    dialog.store()
    assert settings.model_dir == tmp_path
    dialog.model_dir.setText("")
    dialog.store()
    assert settings.model_dir is None


def test_a_folder_chosen_in_preferences_applies_at_once(window, monkeypatch, tmp_path):
    monkeypatch.delenv("KINTSUGI_MODELS", raising=False)
    choose_folder(monkeypatch, tmp_path / "chosen")
    window.show_preferences()
    assert default_store().root == tmp_path / "chosen"
    choose_folder(monkeypatch, tmp_path / "again")
    window.show_preferences()
    assert default_store().root == tmp_path / "again"
    choose_folder(monkeypatch, "")  # back to the default folder
    window.show_preferences()
    assert default_store().root == paths.store_root() != tmp_path / "again"


def test_preferences_leave_kintsugi_models_alone(window, monkeypatch, tmp_path):
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "from-env"))
    choose_folder(monkeypatch, tmp_path / "chosen")
    window.show_preferences()
    assert os.environ["KINTSUGI_MODELS"] == str(tmp_path / "from-env")
    assert default_store().root == tmp_path / "from-env"
