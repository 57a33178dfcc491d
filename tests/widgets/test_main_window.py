"""Main window: opening photos off the UI thread, errors as messages, menus, settings, i18n, autosave."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from app import layer_ops
from app.settings import Settings


@pytest.fixture
def astronaut_png(tmp_path, astronaut) -> Path:
    path = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(path)
    return path


def test_open_path_loads_in_background_and_shows_the_photo(window, qtbot, astronaut_png, astronaut, settings):
    window.open_path(astronaut_png)
    assert window.is_busy  # the UI thread did not wait for the decoder
    qtbot.waitUntil(lambda: window.document is not None and not window.is_busy, timeout=10000)
    doc = window.document
    assert (doc.width, doc.height) == (512, 512)
    assert np.array_equal(window.canvas.composite()[..., :3], astronaut)
    assert window.layers_panel.tree.topLevelItemCount() == 1
    assert "512" in window.size_label.text()
    assert "astronaut.png" in window.windowTitle()
    assert settings.recent_files()[0] == astronaut_png.resolve()
    recent_texts = [a.text() for a in window.recent_menu.actions()]
    assert "astronaut.png" in recent_texts


def test_open_error_is_a_message_not_a_traceback(window, qtbot, tmp_path, messages):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    window.open_path(broken)
    qtbot.waitUntil(lambda: not window.is_busy, timeout=10000)
    assert window.document is None
    assert messages and messages[-1][0] == "warning"
    assert "broken.png" in messages[-1][1] and "Traceback" not in messages[-1][1]


def test_new_document_from_array_and_undo_menu(window, chelsea):
    doc = window.open_image_as_new_document(chelsea, "Cat crop")
    assert window.document is doc and doc.layers[0].name == "Cat crop"
    assert "Cat crop" in window.windowTitle()
    undo = window.action("edit.undo")
    assert not undo.isEnabled()
    window.action("layer.new").trigger()
    assert len(doc.layers) == 2
    assert undo.isEnabled() and doc.history.undo_name in undo.text()
    undo.trigger()
    assert len(doc.layers) == 1
    window.action("edit.redo").trigger()
    assert len(doc.layers) == 2


def test_image_menu_rotates_and_canvas_follows(window, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    window.action("image.rotate_cw").trigger()
    doc = window.document
    assert doc.size == (400, 600)
    assert np.array_equal(window.canvas.composite()[..., :3], np.rot90(coffee, -1))
    assert "400 × 600" in window.size_label.text()


def test_select_menu_and_mask_overlay_action(window, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    doc = window.document
    window.action("select.all").trigger()
    assert doc.selection is not None and doc.selection.min() == 255
    window.action("select.invert").trigger()
    assert doc.selection.max() == 0
    window.action("select.none").trigger()
    assert doc.selection is None
    overlay = window.action("view.mask_overlay")
    assert overlay.shortcut().toString() == "Q"
    was = window.canvas.mask_overlay_visible
    overlay.trigger()
    assert window.canvas.mask_overlay_visible is (not was)


def test_user_errors_from_menu_actions_become_messages(window, coffee, messages):
    window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.set_layer_locked(window.document, None, True)
    window.action("layer.mask_from_selection").setEnabled(True)
    window.action("layer.mask_from_selection").trigger()  # nothing selected
    assert messages and messages[-1][0] == "warning" and messages[-1][1]


def test_every_menu_has_items_and_expected_menus_exist(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    for expected in ("File", "Edit", "Image", "Layer", "Select", "Filter", "Face", "Models", "View", "Help"):
        assert expected in titles
    for action in window.menuBar().actions():
        assert action.menu().actions(), action.text()


def test_language_switch_retranslates_menus(window, settings):
    try:
        window.set_language("zh_CN")
        QApplication.processEvents()
        titles = [a.text() for a in window.menuBar().actions()]
        assert "文件(&F)" in titles
        assert window.layers_dock.windowTitle() == "图层"
        assert settings.language == "zh_CN"
    finally:
        window.set_language("en")
        QApplication.processEvents()
    assert "&File" in [a.text() for a in window.menuBar().actions()]


def test_window_state_and_theme_persist(window, settings, qtbot):
    window.set_theme("light")
    assert settings.theme == "light"
    window.set_theme("dark")
    window.close()
    assert settings.window_geometry() is not None
    assert settings.window_state() is not None
    again = Settings()  # a fresh reader of the same .ini file
    assert again.window_geometry() is not None and again.theme == "dark"


def test_autosave_snapshot_is_recoverable(window, qtbot, coffee, tmp_path):
    from app.files.autosave import list_recoverable, recover

    window.open_image_as_new_document(coffee, "Coffee")
    assert window.autosave_now() is False  # nothing changed yet
    layer_ops.add_layer(window.document, "Edit")
    assert window.autosave_now() is True
    qtbot.waitUntil(lambda: not window.files.tasks, timeout=10000)
    folder = window.files.autosave.folder
    assert any(folder.glob("*.ora"))
    # Pretend the process died: another session sees the snapshot once the marker owner is gone.
    marker = folder / "session.json"
    marker.write_text('{"pid": 999999999, "process_start": 1.0, "started_at": 1.0}')
    sessions = list_recoverable()
    assert sessions and sessions[0].folder == folder
    doc = recover(sessions[0].documents[0])
    assert [layer.name for layer in doc.layers][-1] == "Edit"


def test_crash_recovery_is_offered_only_when_sessions_exist(window, monkeypatch, chelsea):
    from app.document import Document
    from app.files.autosave import AutosaveSession
    from widgets import recovery_dialog

    offered = []

    def fake_exec(dialog):
        offered.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.choice = "recover"
        return 1

    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec", fake_exec)
    window.offer_crash_recovery()
    assert offered == []  # nothing to recover: no dialog
    crashed = AutosaveSession()
    doc = Document.from_image(chelsea, name="Cat")
    crashed.write(doc)
    (crashed.folder / "session.json").write_text('{"pid": 999999999, "process_start": 1.0, "started_at": 1.0}')
    window.offer_crash_recovery()
    assert len(offered) == 1 and "Untitled" in offered[0][0]
    assert window.document is not None and window.document.layers[0].name == "Cat"
    assert np.array_equal(window.document.layers[0].pixels[..., :3], chelsea)
    assert window.document.history.modified  # recovered work is unsaved work
