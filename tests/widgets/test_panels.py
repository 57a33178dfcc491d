"""Layers and history panels: they mirror the document, and edits made in them are undoable steps."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app import layer_masks, layer_ops
from app.document import BlendMode, Document
from widgets.doc_bridge import DocBridge
from widgets.history_panel import HistoryPanel
from widgets.layers_panel import COL_EYE, COL_LOCK, COL_MASK, COL_NAME, UID_ROLE, LayersPanel


@pytest.fixture
def setup(qtbot, chelsea):
    bridge = DocBridge()
    layers = LayersPanel(bridge)
    history = HistoryPanel(bridge)
    for w in (layers, history):
        qtbot.addWidget(w)
        w.resize(320, 420)
        w.show()
    doc = Document.from_image(chelsea, name="Photo")
    bridge.attach(doc)
    layers._test_bridge = bridge
    return doc, layers, history


def _names(panel: LayersPanel) -> list[str]:
    return [panel.tree.topLevelItem(i).text(COL_NAME) for i in range(panel.tree.topLevelItemCount())]


def _click_cell(qtbot, tree, item, column):
    rect = tree.visualItemRect(item)
    cell = tree.visualRect(tree.indexFromItem(item, column))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert rect.contains(cell.center())


def test_lists_layers_top_first_with_thumbnails(setup):
    doc, panel, _ = setup
    layer_ops.add_layer(doc, "Retouch")
    assert _names(panel) == ["Retouch", "Photo"]
    top = panel.tree.topLevelItem(0)
    assert top.data(COL_NAME, UID_ROLE) == doc.layers[1].uid
    photo_icon = panel.tree.topLevelItem(1).icon(COL_NAME)
    assert not photo_icon.isNull()
    image = photo_icon.pixmap(40, 40).toImage()
    # The cat thumbnail is not a flat colour.
    colours = {image.pixel(x, 20) for x in range(0, 40, 3)}
    assert len(colours) > 3


def test_eye_click_hides_layer_and_undo_restores(setup, qtbot):
    doc, panel, _ = setup
    item = panel.tree.topLevelItem(0)
    _click_cell(qtbot, panel.tree, item, COL_EYE)
    assert doc.layers[0].visible is False
    assert doc.history.names[-1]  # recorded as a named step
    doc.history.undo()
    assert doc.layers[0].visible is True


def test_lock_click_locks_layer(setup, qtbot):
    doc, panel, _ = setup
    _click_cell(qtbot, panel.tree, panel.tree.topLevelItem(0), COL_LOCK)
    assert doc.layers[0].locked is True
    doc.history.undo()
    assert doc.layers[0].locked is False


def test_opacity_slider_changes_document_as_one_undoable_step(setup):
    doc, panel, _ = setup
    steps_before = len(doc.history)
    for value in (90, 70, 45):  # a drag: several values, one step
        panel.opacity.setValue(value)
    assert doc.layers[0].opacity == pytest.approx(0.45)
    assert panel.opacity_box.value() == 45
    assert len(doc.history) == steps_before + 1
    doc.history.undo()
    assert doc.layers[0].opacity == pytest.approx(1.0)
    assert panel.opacity.value() == 100  # the panel follows the document back


def test_blend_mode_combo(setup):
    doc, panel, _ = setup
    panel.blend.setCurrentIndex(panel.blend.findData(BlendMode.MULTIPLY.value))
    assert doc.layers[0].blend_mode == BlendMode.MULTIPLY
    doc.history.undo()
    assert doc.layers[0].blend_mode == BlendMode.NORMAL
    assert panel.blend.currentData() == BlendMode.NORMAL.value


def test_buttons_add_duplicate_move_merge_delete(setup):
    doc, panel, _ = setup
    panel.add_button.click()
    assert len(doc.layers) == 2 and panel.tree.topLevelItemCount() == 2
    panel.duplicate_button.click()
    assert len(doc.layers) == 3
    moved_uid = doc.active_layer.uid
    panel.down_button.click()
    assert doc.index_of(moved_uid) == 1
    panel.merge_button.click()
    assert len(doc.layers) == 2
    panel.delete_button.click()
    assert len(doc.layers) == 1
    assert _names(panel) == [doc.layers[0].name]


def test_rename_by_editing_the_name(setup):
    doc, panel, _ = setup
    item = panel.tree.topLevelItem(0)
    item.setText(COL_NAME, "Cat")  # what the in-place editor does on commit
    assert doc.layers[0].name == "Cat"
    doc.history.undo()
    assert doc.layers[0].name == "Photo"


def test_locked_layer_error_is_reported_not_raised(setup, qtbot):
    doc, panel, _ = setup
    layer_ops.set_layer_locked(doc, None, True)
    layer_ops.add_layer(doc, "Top")
    layer_ops.set_layer_visible(doc, doc.layers[0], False)
    messages: list[str] = []
    panel.errorRaised.connect(messages.append)
    panel.merge_button.setEnabled(True)
    panel.merge_button.click()  # merging into a hidden, locked layer is refused
    assert messages and all(isinstance(m, str) and m for m in messages)
    assert len(doc.layers) == 2


def test_masks_listed_with_thumbnails_and_selectable(setup):
    doc, panel, _ = setup
    data = np.zeros((doc.height, doc.width), np.uint8)
    data[50:150, 100:300] = 255
    layer_ops.add_mask(doc, "Scratches", data)
    layer_ops.add_mask(doc, "Sky")
    assert panel.masks.topLevelItemCount() == 2
    first = panel.masks.topLevelItem(0)
    assert first.text(0) == "Scratches" and not first.icon(0).isNull()
    panel.masks.setCurrentItem(first)
    assert doc.active_mask.name == "Scratches"
    panel.delete_mask_button.click()
    assert [m.name for m in doc.masks] == ["Sky"]


def test_history_lists_steps_and_click_goes_back(setup, qtbot):
    doc, _, history = setup
    layer_ops.add_layer(doc, "A")
    layer_ops.add_layer(doc, "B")
    layer_ops.set_layer_opacity(doc, None, 0.5)
    model = history.model
    assert model.rowCount() == 4  # "Opened" + three steps
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels[1:] == doc.history.names
    assert history.view.currentIndex().row() == 3
    rect = history.view.visualRect(model.index(1, 0))
    qtbot.mouseClick(history.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert doc.history.index == 1
    assert [layer.name for layer in doc.layers] == ["Photo", "A"]
    assert history.view.currentIndex().row() == 1
    rect = history.view.visualRect(model.index(3, 0))
    qtbot.mouseClick(history.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert doc.history.index == 3 and doc.layers[-1].opacity == pytest.approx(0.5)


# -- layer masks: a click chooses what the painting tools edit, Shift-click disables -------------------
def _mask_icon_pixels(panel) -> np.ndarray:
    icon = panel.tree.topLevelItem(0).icon(COL_MASK)
    image = icon.pixmap(40, 40).toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(40, 40, 4).copy()


def test_a_layer_mask_shows_and_clicks_choose_what_is_painted(setup, qtbot):
    doc, panel, _ = setup
    item = panel.tree.topLevelItem(0)
    assert item.icon(COL_MASK).isNull()  # no mask yet
    layer_masks.add_layer_mask(doc, "reveal")
    item = panel.tree.topLevelItem(0)
    assert not item.icon(COL_MASK).isNull() and doc.editing_layer_mask
    _click_cell(qtbot, panel.tree, item, COL_NAME)
    assert not doc.editing_layer_mask
    _click_cell(qtbot, panel.tree, panel.tree.topLevelItem(0), COL_MASK)
    assert doc.editing_layer_mask


def test_shift_click_disables_the_mask_as_one_step(setup, qtbot):
    doc, panel, _ = setup
    layer_masks.add_layer_mask(doc, "hide")
    before = _mask_icon_pixels(panel)
    steps = len(doc.history)
    cell = panel.tree.visualRect(panel.tree.indexFromItem(panel.tree.topLevelItem(0), COL_MASK))
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     cell.center())
    assert doc.layers[0].mask_enabled is False and len(doc.history) == steps + 1
    crossed = _mask_icon_pixels(panel)
    red = (crossed[..., 0] > 180) & (crossed[..., 1] < 80)
    assert red.sum() > 40 and not ((before[..., 0] > 180) & (before[..., 1] < 80)).any()
    doc.history.undo()
    assert doc.layers[0].mask_enabled is True
