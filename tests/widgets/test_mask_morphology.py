"""Layer ▸ Mask Morphology…: the preview is drawn on the canvas's mask overlay without touching the
document, Cancel leaves everything as it was, OK applies exactly what the preview showed as one step."""
from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from scipy import ndimage
from skimage import data, filters

from app import layer_ops, mask_ops
from widgets.mask_morphology_dialog import MaskMorphologyDialog

TIMEOUT_MS = 20_000
SPECKS = ((40, 85), (200, 85), (240, 150), (130, 224), (280, 295))  # (x, y) in the gaps between the coins


def _coins() -> tuple[np.ndarray, np.ndarray]:
    """skimage's coins photo and a soft mask of its coins, with 5-px dust specks drawn between them."""
    coins = data.coins()
    solid = ndimage.binary_fill_holes(coins > filters.threshold_otsu(coins))
    mask = cv2.GaussianBlur(ndimage.binary_opening(solid, iterations=2).astype(np.uint8) * 255, (0, 0), 1.5)
    assert all(mask[y - 6:y + 7, x - 6:x + 7].max() == 0 for x, y in SPECKS)  # really between the coins
    for x, y in SPECKS:
        cv2.circle(mask, (x, y), 2, 255, -1)
    return np.dstack([coins] * 3), mask


def _grab(window) -> np.ndarray:
    image = window.canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def _at(window, shot: np.ndarray, x: int, y: int) -> np.ndarray:
    p = window.canvas.image_to_view(QPointF(x + 0.5, y + 0.5)).toPoint()
    return shot[p.y(), p.x()].astype(int)


def _open(window):
    rgb, mask = _coins()
    doc = window.open_image_as_new_document(rgb, "Coins")
    layer_ops.add_mask(doc, "Coins", mask)
    window.canvas.set_mask_overlay_visible(True)
    window.canvas.flush()
    return doc


def _dialog(window, qtbot, operation: str, radius: int, shape: str = "ellipse") -> MaskMorphologyDialog:
    """The dialog set to these options, once the canvas previews them."""
    dialog = MaskMorphologyDialog(window, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.operation_box.setCurrentIndex(dialog.operation_box.findData(operation))
    dialog.radius_box.setValue(radius)
    dialog.shape_box.setCurrentIndex(dialog.shape_box.findData(shape))
    assert dialog.options() == (operation, radius, shape)
    expected = mask_ops.morphed(window.document.active_mask.data, operation, radius, shape)
    qtbot.waitUntil(lambda: window.canvas.mask_preview is not None
                    and np.array_equal(window.canvas.mask_preview, expected), timeout=TIMEOUT_MS)
    return dialog


def test_the_menu_entry_needs_an_active_mask(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    action = window.action("layer.mask_morphology")
    assert not action.isEnabled()
    layer_ops.add_mask(doc, "Mask", np.full(coffee.shape[:2], 255, np.uint8))
    assert action.isEnabled()
    layer_ops.delete_mask(doc)
    assert not action.isEnabled()


def test_the_preview_is_drawn_on_the_canvas_and_cancel_changes_nothing(window, qtbot):
    doc = _open(window)
    mask = doc.active_mask
    before, names, revision = mask.data.copy(), doc.history.names, doc.history.revision
    shown_before = _grab(window)
    speck, coin = SPECKS[0], (97, 52)
    dialog = _dialog(window, qtbot, "open", 4)
    previewed = _grab(window)
    # The speck's tint is gone from the canvas, the coin keeps its tint; the document is untouched.
    assert _at(window, shown_before, *speck)[0] - _at(window, previewed, *speck)[0] > 40
    assert np.abs(_at(window, shown_before, *coin) - _at(window, previewed, *coin)).max() <= 1
    assert np.array_equal(mask.data, before) and doc.history.revision == revision
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.canvas.mask_preview is None
    assert np.array_equal(mask.data, before)
    assert doc.history.names == names and doc.history.revision == revision
    assert np.array_equal(_grab(window), shown_before)


def test_ok_applies_exactly_what_the_preview_showed_as_one_step(window, qtbot):
    doc = _open(window)
    mask = doc.active_mask
    before, steps = mask.data.copy(), len(doc.history)
    dialog = _dialog(window, qtbot, "close", 3, "square")
    shown = window.canvas.mask_preview.copy()
    assert not np.array_equal(shown, before)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert np.array_equal(mask.data, shown)
    assert window.canvas.mask_preview is None
    assert len(doc.history) == steps + 1 and doc.history.undo_name == "Fill Holes in Mask"
    window.undo()
    assert np.array_equal(mask.data, before)


def test_the_preview_follows_a_mask_changed_while_the_dialog_is_open(window, qtbot):
    doc = _open(window)
    dialog = _dialog(window, qtbot, "erode", 2)
    mask_ops.invert_mask(doc)  # as an engine result landing meanwhile would
    expected = mask_ops.morphed(doc.active_mask.data, "erode", 2)
    qtbot.waitUntil(lambda: np.array_equal(window.canvas.mask_preview, expected), timeout=TIMEOUT_MS)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert np.array_equal(doc.active_mask.data, expected)
