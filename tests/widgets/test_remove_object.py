"""Filter ▸ Remove Object (Enter) and Filter ▸ Inpaint…: a painted mask's area filled from its
surroundings on a real photo, as one undo step, in place or on a new layer; Enter still finishes a crop."""
from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt

from app import layer_ops
from app.compositor import masked
from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 60_000


def _damaged(coffee: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The photo with a dark blot drawn on it, and a mask over the blot."""
    mask = np.zeros(coffee.shape[:2], np.uint8)
    cv2.circle(mask, (300, 60), 18, 255, -1)
    damaged = coffee.copy()
    damaged[mask > 0] = (20, 10, 5)
    return damaged, mask


def _error(result: np.ndarray, coffee: np.ndarray, mask: np.ndarray) -> float:
    return float(np.abs(result[:, :, :3].astype(np.float32) - coffee)[mask > 0].mean())


def test_enter_removes_the_masked_object_in_place_as_one_step(window, qtbot, coffee):
    damaged, mask = _damaged(coffee)
    doc = window.open_image_as_new_document(damaged, "Coffee")
    layer_ops.add_mask(doc, "Blot", mask)
    steps = len(doc.history.names)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert len(doc.layers) == 1
    result = doc.layers[0].pixels
    assert _error(result, coffee, mask) < _error(damaged, coffee, mask) / 4  # the blot is gone
    outside = cv2.dilate(mask, np.ones((11, 11), np.uint8)) == 0
    assert np.array_equal(result[:, :, :3][outside], damaged[outside])
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], damaged)


def test_remove_object_on_a_new_layer_when_preferred(window, qtbot, coffee, settings):
    settings.remove_result = "layer"
    damaged, mask = _damaged(coffee)
    doc = window.open_image_as_new_document(damaged, "Coffee")
    layer_ops.add_mask(doc, "Blot", mask)
    window.action("filter.remove_object").trigger()
    qtbot.waitUntil(lambda: len(doc.layers) == 2, timeout=TIMEOUT_MS)
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], damaged)  # the photo itself is untouched
    patch = doc.layers[1].pixels
    shown = masked(patch, doc.active_layer.shown_mask)[:, :, 3]  # the mask comes as the layer's mask
    assert (shown[mask > 0] == 255).all() and (shown[mask == 0] == 0).all()


def test_without_a_mask_it_says_what_to_do(window, coffee, messages):
    window.open_image_as_new_document(coffee, "Coffee")
    assert not window.action("filter.remove_object").isEnabled()
    from widgets.remove_object import remove_object

    assert remove_object(window) is None
    assert any("mask" in text for _kind, text in messages)


def test_enter_finishes_a_crop_instead_when_the_crop_tool_has_a_rectangle(window, qtbot, coffee):
    damaged, mask = _damaged(coffee)
    doc = window.open_image_as_new_document(damaged, "Coffee")
    layer_ops.add_mask(doc, "Blot", mask)
    window.tools.set_tool("crop")
    crop = window.tools.current
    crop.rect = (10.0, 10.0, 200.0, 100.0)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert (doc.width, doc.height) == (200, 100)
    assert all(job.task != "inpaint" for job in window.job_manager.jobs())


def test_inpaint_dialog_offers_the_methods_and_previews(window, qtbot, coffee):
    damaged, mask = _damaged(coffee)
    doc = window.open_image_as_new_document(damaged, "Coffee")
    layer_ops.add_mask(doc, "Blot", mask)
    window.action("engine.inpaint").trigger()
    dialog = window.findChild(EngineDialog)
    assert dialog is not None
    methods = [dialog.model_box.itemData(i) for i in range(dialog.model_box.count())]
    assert methods[:4] == ["auto", "patchmatch", "telea", "ns"]
    assert dialog.result_mode() == "replace" and dialog.use_mask()
    dialog.set_model("telea")
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    steps = len(doc.history.names)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert _error(doc.layers[0].pixels, coffee, mask) < _error(damaged, coffee, mask) / 4


def test_find_scratches_dialog_previews_what_it_finds_and_adds_it_as_a_mask(window, qtbot, coffee):
    from tests.engines.test_scratch_detect import draw_damage

    damaged, lines, _dots = draw_damage(coffee, seed=31)
    doc = window.open_image_as_new_document(damaged, "Coffee")
    window.action("engine.scratches").trigger()
    dialog = window.findChild(EngineDialog)
    assert dialog is not None and dialog.model_id() == "auto"  # built-in repair, no download needed
    dialog.set_result_mode("mask")
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: doc.active_mask is not None, timeout=TIMEOUT_MS)
    assert (doc.active_mask.data[lines] > 0).mean() > 0.5
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], damaged)  # only the mask: nothing repaired yet
