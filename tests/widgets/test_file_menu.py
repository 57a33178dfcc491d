"""File ▸ Close, Revert, Save a Copy… and Place…, through the window's actions."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from app import layer_ops
from app.files import open_document
from tests.widgets.modal import answer_next_dialog
from widgets import file_dialogs

Buttons = QMessageBox.StandardButton


@pytest.fixture
def coffee_png(tmp_path, coffee) -> Path:
    path = tmp_path / "coffee.png"
    Image.fromarray(coffee).save(path)
    return path


def _painted(doc) -> None:
    """An edit: a new layer with a red square."""
    pixels = np.zeros((doc.height, doc.width, 4), np.uint8)
    pixels[50:150, 50:150] = (255, 0, 0, 255)
    layer_ops.add_layer(doc, "Paint", pixels=pixels)


def test_close_an_unchanged_document_at_once(window, coffee_png, messages):
    assert window.action("file.close").shortcut() == QKeySequence("Ctrl+W")
    window.open_path_now(coffee_png)
    window.action("file.close").trigger()
    assert window.document is None and messages == []
    assert not window.action("file.close").isEnabled() and not window.action("file.save").isEnabled()
    assert window.windowTitle() == "Kintsugi"


def test_close_asks_about_unsaved_changes(window, coffee_png, messages):
    doc = window.open_path_now(coffee_png)
    _painted(doc)
    messages.answer = Buttons.Cancel
    window.action("file.close").trigger()
    assert window.document is doc and messages[-1][0] == "question"
    messages.answer = Buttons.Discard
    window.action("file.close").trigger()
    assert window.document is None


def test_revert_reloads_from_disk_after_confirmation(window, qtbot, coffee_png, coffee, messages):
    doc = window.open_path_now(coffee_png)
    _painted(doc)
    messages.answer = Buttons.Cancel
    window.action("file.revert").trigger()
    assert window.document is doc and len(doc.layers) == 2
    messages.answer = Buttons.Yes
    window.action("file.revert").trigger()
    qtbot.waitUntil(lambda: window.document is not doc and not window.is_busy, timeout=10_000)
    fresh = window.document
    assert len(fresh.layers) == 1 and np.array_equal(fresh.layers[0].pixels[..., :3], coffee)
    assert not fresh.history.modified and fresh.path == coffee_png
    assert "coffee.png" in window.windowTitle()


def test_revert_needs_a_file(window, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    assert not window.action("file.revert").isEnabled()


@pytest.mark.parametrize("name", ["copy.ora", "copy.png"])
def test_save_a_copy_keeps_the_documents_file_and_unsaved_state(window, qtbot, monkeypatch, tmp_path, coffee_png,
                                                                coffee, name):
    doc = window.open_path_now(coffee_png)
    _painted(doc)
    target = tmp_path / name
    monkeypatch.setattr(file_dialogs, "ask_save_copy_path", lambda parent, hint: target)
    if target.suffix == ".png":
        answer_next_dialog(lambda dialog: dialog.png_box.setValue(1))  # an image copy asks the export options
    window.action("file.save_copy").trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.is_busy, timeout=10_000)
    assert doc.path == coffee_png and doc.history.modified and window.document is doc
    assert "coffee.png" in window.windowTitle()
    copy = open_document(target)
    expected = coffee.copy()
    expected[50:150, 50:150] = (255, 0, 0)
    if target.suffix == ".ora":
        assert [layer.name for layer in copy.layers] == ["Background", "Paint"]
    from app.compositor import Compositor

    assert np.array_equal(Compositor(copy, follow=False).render()[..., :3], expected)


def test_place_adds_the_image_centred_as_one_step(window, qtbot, monkeypatch, tmp_path, coffee, chelsea):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    path = tmp_path / "cat.png"
    Image.fromarray(chelsea).save(path)
    monkeypatch.setattr(file_dialogs, "ask_place_path", lambda parent, hint: path)
    window.action("file.place").trigger()
    assert window.is_busy  # read off the UI thread
    qtbot.waitUntil(lambda: len(doc.layers) == 2 and not window.is_busy, timeout=10_000)
    placed = doc.layers[1]
    assert placed.name == "cat" and doc.active_layer is placed
    assert placed.offset == ((600 - 451) // 2, (400 - 300) // 2)
    assert np.array_equal(placed.pixels[..., :3], chelsea) and placed.pixels[..., 3].min() == 255
    assert doc.history.undo_name == "Place Image"
    window.action("edit.undo").trigger()
    assert len(doc.layers) == 1
