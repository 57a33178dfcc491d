"""Several documents open at once, one tab each: opening never replaces the current document, each tab
keeps its own layers, history and view, closing a tab or the window asks about each one's unsaved
changes, jobs land in the document they were started on, and autosave covers every open document."""
from __future__ import annotations

import json

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QTabBar

from app import layer_ops
from app.document import Document
from app.files.autosave import AutosaveSession

Button = QMessageBox.StandardButton
DEAD_OWNER = '{"pid": 999999999, "process_start": 1.0, "started_at": 1.0}'


def _wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.is_busy and not window.files.tasks, timeout=10000)


def _answers(monkeypatch, *answers: QMessageBox.StandardButton) -> list[str]:
    """Question boxes answer ``answers`` in turn; the returned list gets each question's text."""
    asked: list[str] = []
    queue = list(answers)

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_opening_a_second_image_keeps_the_first_each_with_its_own_layers_and_history(window, coffee, chelsea):
    first = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(first, "Retouch")
    second = window.open_image_as_new_document(chelsea, "Cat")
    assert window.documents == [first, second] and window.tabs.count() == 2
    assert window.document is second and window.canvas.document is second
    assert window.tabs.tabText(0) == "Coffee *" and window.tabs.tabText(1) == "Cat"  # the unsaved marker
    assert window.history_panel.model.rowCount() == len(second.history.names) + 1  # + the "opened" row
    assert window.windowTitle().startswith("Cat")

    window.tabs.setCurrentIndex(0)
    assert window.document is first and window.canvas.document is first
    assert [layer.name for layer in window.document.layers][-1] == "Retouch"
    assert window.history_panel.model.rowCount() == len(first.history.names) + 1
    assert window.windowTitle().startswith("Coffee")
    window.action("edit.undo").trigger()  # undoes in the shown document only
    assert len(first.layers) == 1 and len(second.layers) == 1
    assert window.tabs.tabText(0) == "Coffee"  # the marker follows the history


def test_new_and_opened_files_add_tabs_and_ctrl_tab_switches(window, qtbot, coffee, chelsea, tmp_path):
    from PIL import Image

    path = tmp_path / "cat.png"
    Image.fromarray(chelsea).save(path)
    first = window.open_image_as_new_document(coffee, "Coffee")
    window.open_path(path)
    _wait_idle(qtbot, window)
    opened = window.document
    assert window.documents == [first, opened] and opened.path == path
    assert window.tabs.tabToolTip(1) == str(path)
    assert window.action("view.next_document").shortcut() == QKeySequence("Ctrl+Tab")
    assert window.action("view.previous_document").shortcut() == QKeySequence("Ctrl+Shift+Tab")
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.document is first  # wraps around
    window.action("view.previous_document").trigger()
    assert window.document is opened


def test_each_tab_keeps_its_zoom_and_scroll_position(window, coffee, chelsea):
    window.open_image_as_new_document(coffee, "Coffee")
    fit_first = window.canvas.zoom
    window.open_image_as_new_document(chelsea, "Cat")
    canvas = window.canvas
    for _ in range(4):
        canvas.zoom_in()
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().maximum() // 3)
    canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().maximum() // 2)
    zoomed = (canvas.zoom, canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value())
    assert zoomed[0] > fit_first * 1.5 and zoomed[1] > 0 and zoomed[2] > 0

    window.tabs.setCurrentIndex(0)
    assert canvas.zoom == fit_first  # still fitted to the window
    window.tabs.setCurrentIndex(1)
    assert (canvas.zoom, canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()) == zoomed


def test_closing_a_modified_tab_asks_and_cancel_keeps_it(window, monkeypatch, coffee, chelsea):
    first = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(first, "Retouch")
    second = window.open_image_as_new_document(chelsea, "Cat")
    asked = _answers(monkeypatch, Button.Cancel, Button.Discard)
    close_button = window.tabs.tabButton(0, QTabBar.ButtonPosition.RightSide)
    close_button.click()
    assert len(asked) == 1 and "Coffee" in asked[0]
    assert window.documents == [first, second] and first.history.modified
    assert window.document is first  # shown while it was asked about
    close_button.click()  # Discard this time
    assert window.documents == [second] and window.document is second
    window.action("file.close").trigger()  # unchanged: closes without asking
    assert len(asked) == 2 and window.documents == [] and window.document is None
    assert window.tabs.count() == 0 and window.windowTitle() == "Kintsugi"


def test_closing_the_window_asks_about_each_modified_document(window, qtbot, monkeypatch, coffee, chelsea,
                                                             astronaut):
    first = window.open_image_as_new_document(coffee, "Coffee")
    window.open_image_as_new_document(astronaut, "Astronaut")  # unchanged: not asked about
    second = window.open_image_as_new_document(chelsea, "Cat")
    for doc in (first, second):
        layer_ops.add_layer(doc, "Edit")
    asked = _answers(monkeypatch, Button.Discard, Button.Cancel)
    assert window.close() is False
    qtbot.wait(20)
    assert len(asked) == 2 and "Coffee" in asked[0] and "Cat" in asked[1]
    assert window.isVisible() and len(window.documents) == 3
    assert first.history.modified and second.history.modified
    asked = _answers(monkeypatch, Button.Discard, Button.Discard)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert len(asked) == 2


def test_a_job_started_on_one_tab_lands_in_its_document_while_another_is_shown(window, qtbot, coffee, chelsea):
    mask = np.zeros(coffee.shape[:2], np.uint8)
    cv2.circle(mask, (300, 60), 18, 255, -1)
    damaged = coffee.copy()
    damaged[mask > 0] = (20, 10, 5)
    first = window.open_image_as_new_document(damaged, "Coffee")
    layer_ops.add_mask(first, "Blot", mask)
    steps = len(first.history.names)
    window.action("filter.remove_object").trigger()
    second = window.open_image_as_new_document(chelsea, "Cat")  # shown while the job runs
    qtbot.waitUntil(lambda: len(first.history.names) == steps + 1, timeout=60_000)
    assert window.document is second and len(second.history.names) == 0
    assert np.array_equal(second.layers[0].pixels[:, :, :3], chelsea)
    repaired = first.layers[0].pixels[:, :, :3].astype(np.int16)
    assert np.abs(repaired - coffee)[mask > 0].mean() < np.abs(damaged.astype(np.int16) - coffee)[mask > 0].mean() / 4
    assert window.tabs.tabText(0) == "Coffee *"


def test_autosave_writes_a_snapshot_of_each_modified_document(window, qtbot, coffee, chelsea, astronaut):
    first = window.open_image_as_new_document(coffee, "Coffee")
    window.open_image_as_new_document(astronaut, "Astronaut")  # unchanged: nothing to save
    second = window.open_image_as_new_document(chelsea, "Cat")
    for doc in (first, second):
        layer_ops.add_layer(doc, "Edit")
    assert window.autosave_now()
    _wait_idle(qtbot, window)
    folder = window.files.autosave.folder
    titles = sorted(json.loads(path.read_text())["title"] for path in folder.glob("doc-*.json"))
    assert titles == ["Cat", "Coffee"] and len(list(folder.glob("*.ora"))) == 2
    window.close_document(first)  # Discard (the recorded message boxes' answer): its snapshot goes
    assert [json.loads(path.read_text())["title"] for path in folder.glob("doc-*.json")] == ["Cat"]
    assert len(list(folder.glob("*.ora"))) == 1


def test_recovery_opens_every_autosaved_document_in_a_tab(window, monkeypatch, coffee, chelsea):
    from widgets import recovery_dialog

    crashed = AutosaveSession()
    crashed.write(Document.from_image(coffee, name="Coffee work"), "one", "Coffee")
    crashed.write(Document.from_image(chelsea, name="Cat work"), "two", "Cat")
    (crashed.folder / "session.json").write_text(DEAD_OWNER)
    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec",
                        lambda dialog: setattr(dialog, "choice", "recover") or 1)
    already = window.open_image_as_new_document(coffee, "Open before")
    window.offer_crash_recovery()
    assert window.documents[0] is already and len(window.documents) == 3
    assert [window.tabs.tabText(i) for i in range(3)] == ["Open before", "Coffee *", "Cat *"]
    assert [doc.layers[0].name for doc in window.documents[1:]] == ["Coffee work", "Cat work"]


def test_revert_reloads_in_the_same_tab_and_keeps_its_view(window, qtbot, messages, coffee, chelsea, tmp_path):
    from PIL import Image

    path = tmp_path / "cat.png"
    Image.fromarray(chelsea).save(path)
    other = window.open_image_as_new_document(coffee, "Coffee")
    edited = window.open_path_now(path)
    window.canvas.zoom_in()
    zoom = window.canvas.zoom
    layer_ops.add_layer(edited, "Edit")
    messages.answer = Button.Yes
    window.action("file.revert").trigger()
    _wait_idle(qtbot, window)
    reverted = window.document
    assert reverted is not edited and reverted.path == path and len(reverted.layers) == 1
    assert window.documents == [other, reverted] and window.tabs.tabText(1) == "cat.png"
    assert window.canvas.zoom == zoom


def test_opening_a_file_that_is_open_shows_its_tab(window, qtbot, coffee, chelsea, tmp_path):
    from PIL import Image

    path = tmp_path / "cat.png"
    Image.fromarray(chelsea).save(path)
    window.open_path(path)
    _wait_idle(qtbot, window)
    cat = window.document
    window.open_image_as_new_document(coffee, "Coffee")
    count = window.tabs.count()
    window.open_path(tmp_path / "." / "cat.png")  # the same file, however it is named
    _wait_idle(qtbot, window)
    assert window.tabs.count() == count and window.document is cat


def test_before_after_keeps_each_documents_original(window, coffee, chelsea):
    first = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(first, "Dark", pixels=np.dstack([np.zeros_like(coffee), np.full(coffee.shape[:2], 255,
                                                                                           np.uint8)]))
    window.open_image_as_new_document(chelsea, "Cat")
    window.tabs.setCurrentIndex(0)
    original = window.compare_view._original
    assert original is not None and original[..., :3].max() > 0  # the coffee as opened, not the dark edit
    np.testing.assert_array_equal(original[..., :3], coffee)


def test_a_spot_heal_lands_in_its_own_document_after_a_tab_switch(window, qtbot, coffee, chelsea):
    from tests.widgets.test_tools import drag

    first = window.open_image_as_new_document(chelsea, "Cat")
    tool = window.tools.set_tool("spot_heal")
    tool.settings.size = 9
    drag(tool, [(40.5 + 4 * i, 200.5) for i in range(20)])  # a stroke across the cat
    assert len(tool.pending) == 1
    second = window.open_image_as_new_document(coffee, "Coffee")  # shown before the repair lands
    assert window.document is second
    assert all(spot.doc is first for spot in tool.pending)
    qtbot.waitUntil(lambda: not tool.pending, timeout=30_000)
    assert first.history.names == ["Spot Healing Brush"]
    assert second.history.names == []
    assert not np.array_equal(first.layers[0].pixels[..., :3], chelsea)
