"""Select ▸ Subject, Layer ▸ Remove Background, Layer ▸ Replace Background… and Select ▸ Refine Edge… in the
main window, on a real photo: each a background job or worker whose result lands as one undo step."""
from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from app import selection_ops
from widgets.refine_edge_dialog import RefineEdgeDialog
from widgets.segment_actions import Background, ReplaceBackgroundDialog, replace_background

TIMEOUT_MS = 120_000
CENTRE = (300, 200)  # skimage's coffee: the cup, in the middle of the photo
CORNER = (5, 395)  # the table in the bottom-left corner


def _last(doc) -> str | None:
    names = doc.history.names
    return names[-1] if names else None


def _open(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    assert doc is not None
    return doc


def test_select_subject_selects_the_cup_as_one_step(window, qtbot, coffee):
    doc = _open(window, coffee)
    action = window.action("select.subject")
    assert action.shortcut() == QKeySequence("Ctrl+Alt+A") and action.isEnabled()
    steps = len(doc.history.names)
    action.trigger()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert doc.history.names[-1] == "Select Subject"
    selected = doc.selection > 127
    assert selected[CENTRE[1], CENTRE[0]] and not selected[CORNER[1], CORNER[0]]
    assert 0.05 < selected.mean() < 0.8
    assert window.action("select.refine_edge").isEnabled()


def test_remove_background_clears_the_alpha_and_undo_restores_it(window, qtbot, coffee):
    doc = _open(window, coffee)
    layer = doc.active_layer
    window.action("layer.remove_background").trigger()
    qtbot.waitUntil(lambda: _last(doc) == "Remove Background", timeout=TIMEOUT_MS)
    alpha = layer.pixels[:, :, 3]
    assert alpha[CENTRE[1], CENTRE[0]] == 255 and alpha[CORNER[1], CORNER[0]] == 0
    assert 0.2 < (alpha == 0).mean() < 0.95
    assert np.array_equal(layer.pixels[:, :, :3], coffee)  # colours kept under the transparency
    doc.history.undo()
    assert (layer.pixels[:, :, 3] == 255).all()


def test_replace_background_with_a_colour_on_a_new_layer(window, qtbot, coffee):
    doc = _open(window, coffee)
    replace_background(window, Background("colour", (0, 200, 0), new_layer=True))
    qtbot.waitUntil(lambda: len(doc.layers) == 2, timeout=TIMEOUT_MS)
    assert _last(doc) == "Replace Background"
    top = doc.layers[1].pixels
    assert tuple(top[CORNER[1], CORNER[0], :3]) == (0, 200, 0)
    assert np.array_equal(top[CENTRE[1], CENTRE[0], :3], coffee[CENTRE[1], CENTRE[0]])
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee)  # the photo itself is untouched


def test_replace_background_in_place_by_a_blur_is_one_undo_step(window, qtbot, coffee):
    doc = _open(window, coffee)
    replace_background(window, Background("blur", blur=15.0, new_layer=False))
    qtbot.waitUntil(lambda: _last(doc) == "Replace Background", timeout=TIMEOUT_MS)
    pixels = doc.layers[0].pixels[:, :, :3].astype(int)
    assert len(doc.layers) == 1
    corner = (slice(340, 400), slice(0, 60))
    def detail(a):  # how much neighbouring pixels differ: the wood's grain
        return np.abs(np.diff(a[corner].astype(int), axis=1)).mean()

    assert detail(pixels) < detail(coffee) * 0.3  # the table is blurred
    assert np.abs(pixels[CENTRE[1], CENTRE[0]] - coffee[CENTRE[1], CENTRE[0]]).max() <= 1
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee)


def test_replace_background_dialog_reads_its_choices(window, qtbot, tmp_path):
    dialog = ReplaceBackgroundDialog(window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.set_colour(QColor(10, 20, 30))
    assert dialog.background() == Background("colour", (10, 20, 30), 25.0, None, True)
    dialog.mode_buttons["image"].setChecked(True)
    assert not ok.isEnabled()  # no file chosen yet
    dialog.path_edit.setText(str(tmp_path / "beach.jpg"))
    dialog.in_place.setChecked(True)
    assert ok.isEnabled()
    chosen = dialog.background()
    assert (chosen.mode, chosen.path, chosen.new_layer) == ("image", tmp_path / "beach.jpg", False)


def _selected_cup(window, coffee):
    doc = _open(window, coffee)
    selection_ops.apply_selection(doc, selection_ops.ellipse_mask((doc.height, doc.width), (190, 20, 220, 200)))
    return doc


def test_refine_edge_previews_on_the_canvas_and_applies_on_ok(window, qtbot, coffee):
    doc = _selected_cup(window, coffee)
    original = doc.selection.copy()
    steps = len(doc.history.names)
    dialog = RefineEdgeDialog(window, window)
    dialog.radius_box.setValue(6)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview[0][0] == 6, timeout=TIMEOUT_MS)
    preview = window.canvas.mask_preview
    assert preview is not None and np.array_equal(preview, dialog.preview[1])
    soft = (preview > 0) & (preview < 255)
    assert soft.sum() > 100
    edge = selection_ops.grow(original, 7) > selection_ops.shrink(original, 7)
    assert not (soft & ~edge).any() and np.array_equal(preview[~edge], original[~edge])
    assert doc.history.names[steps:] == []  # nothing written yet
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert doc.history.names[steps:] == ["Refine Edge"]
    assert np.array_equal(doc.selection, preview) and window.canvas.mask_preview is None
    doc.history.undo()
    assert np.array_equal(doc.selection, original)


def test_refine_edge_cancel_leaves_the_document_untouched(window, qtbot, coffee):
    doc = _selected_cup(window, coffee)
    original, steps = doc.selection.copy(), list(doc.history.names)
    dialog = RefineEdgeDialog(window, window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=TIMEOUT_MS)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert np.array_equal(doc.selection, original) and doc.history.names == steps
    assert window.canvas.mask_preview is None


def test_refine_edge_ok_before_the_preview_applies_it_when_it_lands(window, qtbot, coffee):
    doc = _selected_cup(window, coffee)
    dialog = RefineEdgeDialog(window, window)
    dialog.show()
    dialog.radius_box.setValue(12)  # a new radius: its preview is only scheduled
    dialog.accept()
    assert dialog.isVisible() and _last(doc) != "Refine Edge"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT_MS)
    assert _last(doc) == "Refine Edge"
    assert ((doc.selection > 0) & (doc.selection < 255)).any()


def test_smart_select_tool_is_in_the_tool_bar_with_shift_w(window):
    action = window.tool_bar.tool_actions["smart_select"]
    assert action.shortcut() == QKeySequence("Shift+W") and not action.icon().isNull()
    action.trigger()
    assert window.tools.current.name == "smart_select"


def _view(canvas, x, y):
    return canvas.image_to_view(QPointF(x, y)).toPoint()


def test_smart_select_with_the_mouse_and_enter_on_the_canvas(window, qtbot, coffee):
    doc = _open(window, coffee)
    canvas = window.canvas
    canvas.actual_pixels()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_W, Qt.KeyboardModifier.ShiftModifier)
    tool = window.tools.current
    assert tool.name == "smart_select"
    tool.method = "grabcut"
    vp = canvas.viewport()
    a, b = _view(canvas, 170, 10), _view(canvas, 420, 300)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 6):
        QTest.mouseMove(vp, a + (b - a) * (i / 5))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    spoon = _view(canvas, 365, 285)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, spoon)
    assert tool.box is not None and tool.points[-1][2] is False  # Alt+click: a background point
    qtbot.waitUntil(lambda: not tool.busy, timeout=TIMEOUT_MS)
    steps = len(doc.history.names)
    QTest.keyClick(canvas, Qt.Key.Key_Return)  # the tool's, not Filter ▸ Remove Object's
    assert doc.history.names[steps:] == ["Smart Select"]
    assert doc.selection[140, 290] > 127 and doc.selection[285, 365] == 0


def test_replace_background_with_another_image(window, qtbot, coffee, chelsea, tmp_path):
    doc = _open(window, coffee)
    beach = tmp_path / "other.png"
    Image.fromarray(chelsea).save(beach)
    replace_background(window, Background("image", path=beach, new_layer=False))
    qtbot.waitUntil(lambda: _last(doc) == "Replace Background", timeout=TIMEOUT_MS)
    pixels = doc.layers[0].pixels
    assert np.abs(pixels[CORNER[1], CORNER[0], :3].astype(int) - coffee[CORNER[1], CORNER[0]]).max() > 30
    assert np.array_equal(pixels[CENTRE[1], CENTRE[0], :3], coffee[CENTRE[1], CENTRE[0]])


def test_replace_background_says_when_the_other_image_cannot_be_read(window, qtbot, coffee, tmp_path, messages):
    doc = _open(window, coffee)
    replace_background(window, Background("image", path=tmp_path / "missing.png"))
    qtbot.waitUntil(lambda: bool(messages), timeout=TIMEOUT_MS)
    assert "missing.png" in messages[-1][1]
    assert len(doc.layers) == 1 and _last(doc) != "Replace Background"
