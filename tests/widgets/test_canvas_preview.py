"""The canvas preview of cheap engines' dialogs (widgets/canvas_preview.py): the engine's result on the visible
part of the layer, equal to the full run there at the scale it is seen, following zoom, split and mask,
gone when the dialog closes, and the document untouched until OK."""
from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from app import layer_ops
from engines.adjust.engine import AdjustEngine
from engines.adjust.filter_engine import FilterEngine
from engines.base import RunContext
from tests.engines.test_adjust import faded
from widgets import canvas_preview
from widgets.canvas_preview import plan
from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 30_000


def _open(window, qtbot, image, action):
    doc = window.open_image_as_new_document(image, "Photo")
    window.action(action).trigger()
    dialog = next(d for d in window.findChildren(EngineDialog) if d.isVisible())
    assert dialog.canvas_preview is not None
    return doc, dialog, dialog.canvas_preview


def _wait(qtbot, preview, done):
    qtbot.waitUntil(lambda: preview.shown is not None and done(preview.shown), timeout=TIMEOUT_MS)
    return preview.shown


def _full_run(engine, image, dialog, mask=None):
    return engine().run(image, dialog.options(), RunContext(), mask=mask).image


def _crop(image, rect):
    x, y, w, h = rect
    return image[y:y + h, x:x + w]


def _close(dialog, qtbot):
    dialog.shutdown()
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT_MS):
        dialog.reject()


def _shown_on_canvas(window, x, y):
    """The canvas's colour at image pixel (x, y) as painted (100 % zoom and closer)."""
    canvas = window.canvas
    view = canvas.image_to_view(QPointF(x + 0.5, y + 0.5))
    colour = canvas.viewport().grab().toImage().pixelColor(math.floor(view.x()), math.floor(view.y()))
    return colour.red(), colour.green(), colour.blue()


def test_plan_uses_image_pixels_from_100_percent_and_a_reduced_copy_only_for_large_parts(monkeypatch):
    monkeypatch.setattr(canvas_preview, "FULL_RES_LIMIT", 1_000_000)
    close = plan((100, 50, 800, 600), (2000, 1000), 2.0, 128)
    assert close.scale == 1.0 and not close.reduced
    assert close.padded == (0, 0, 1028, 778)  # the margin, cut at the layer's edges
    small = plan((0, 0, 1000, 1000), (2000, 1000), 0.5, 128)
    assert small.scale == 0.5 and not small.reduced  # a million pixels: still computed at full size
    large = plan((0, 0, 2000, 1000), (2000, 1000), 0.5, 128)
    assert large.scale == 0.5 and large.reduced and large.padded == (0, 0, 2000, 1000)


def test_levels_preview_on_the_canvas_equals_the_full_run_and_follows_the_zoom(window, qtbot, coffee):
    doc, dialog, preview = _open(window, qtbot, coffee, "engine.adjust.Levels")
    window.canvas.set_zoom(2.0)  # about a quarter of the photo is visible
    dialog.set_value("black_point", 40)
    dialog.set_value("white_point", 200)
    shown = _wait(qtbot, preview, lambda s: s.options["black_point"] == 40 and s.options["white_point"] == 200)
    expected = _full_run(AdjustEngine, coffee, dialog)
    x, y, w, h = shown.rect
    assert 0 < w * h < coffee.shape[0] * coffee.shape[1] / 2  # only the visible part was computed
    assert np.array_equal(shown.after, _crop(expected, shown.rect))  # the image pixels, exactly
    # Painted right of the split line, the canvas shows the result; left of it, the photo as it is.
    cut = window.canvas.view_to_image(QPointF(preview.cut(), 0)).x()
    row = y + h // 2
    right, left = min(x + w - 1, int(cut) + 8), max(x, int(cut) - 8)
    assert _shown_on_canvas(window, right, row) == tuple(expected[row, right])
    assert _shown_on_canvas(window, left, row) == tuple(coffee[row, left])
    assert not np.array_equal(expected[row, right], coffee[row, right])

    window.canvas.set_zoom(4.0, QPointF(10, 10))  # closer, near the top-left corner: a new, smaller part
    closer = _wait(qtbot, preview, lambda s: s.rect != shown.rect)
    assert closer.rect[2] < w and np.array_equal(closer.after, _crop(expected, closer.rect))

    window.canvas.set_zoom(0.5)  # zoomed out: the full-size result resampled to the screen's pixels
    far = _wait(qtbot, preview, lambda s: s.after.shape[0] < s.rect[3])
    assert far.rect == (0, 0, coffee.shape[1], coffee.shape[0]) and not far.reduced
    assert np.array_equal(far.after, cv2.resize(expected, (300, 200), interpolation=cv2.INTER_AREA))
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee)  # the document is untouched until OK
    _close(dialog, qtbot)
    assert preview.shown is None and preview.paint not in window.overlay_host.painters
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee)
    window.canvas.actual_pixels()  # the whole photo in view: where the result was, the photo shows again
    assert _shown_on_canvas(window, right, row) == tuple(coffee[row, right])


def test_a_filter_preview_sees_past_the_visible_edges(window, qtbot, astronaut):
    _doc, dialog, preview = _open(window, qtbot, astronaut, "engine.filter.Gaussian Blur")
    dialog.set_value("blur_radius", 6.0)
    window.canvas.set_zoom(3.0)
    shown = _wait(qtbot, preview, lambda s: s.options["blur_radius"] == 6.0 and s.rect[0] > 0 and s.rect[1] > 0)
    expected = _full_run(FilterEngine, astronaut, dialog)
    assert np.array_equal(shown.after, _crop(expected, shown.rect))  # the margin gave the blur its neighbours
    _close(dialog, qtbot)


def test_preview_is_gone_after_ok_and_the_result_is_what_it_showed(window, qtbot, coffee):
    doc, dialog, preview = _open(window, qtbot, coffee, "engine.adjust.Levels")
    window.canvas.actual_pixels()
    dialog.set_value("gamma", 1.8)
    shown = _wait(qtbot, preview, lambda s: s.options["gamma"] == 1.8)
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT_MS)
    assert preview.shown is None and preview.paint not in window.overlay_host.painters
    assert np.array_equal(_crop(doc.layers[0].pixels[:, :, :3], shown.rect), shown.after)
    x, y = shown.rect[0] + 5, shown.rect[1] + 5
    window.canvas.composite()
    assert _shown_on_canvas(window, x, y) == tuple(doc.layers[0].pixels[y, x, :3])


def test_with_a_mask_the_preview_changes_only_inside_it(window, qtbot, coffee):
    doc = window.open_image_as_new_document(coffee, "Photo")
    mask = np.zeros(coffee.shape[:2], np.uint8)
    cv2.circle(mask, (300, 200), 90, 255, -1)  # the cup
    layer_ops.add_mask(doc, "Cup", mask)
    window.action("engine.adjust.Hue/Saturation").trigger()
    dialog = next(d for d in window.findChildren(EngineDialog) if d.isVisible())
    preview = dialog.canvas_preview
    dialog.mask_only.setChecked(True)
    dialog.set_value("saturation", -1.0)
    shown = _wait(qtbot, preview, lambda s: s.options["saturation"] == -1.0)
    before, inside = _crop(coffee, shown.rect), _crop(mask, shown.rect) > 0
    assert inside.any() and (~inside).any()
    assert np.array_equal(shown.after[~inside], before[~inside])
    changed = np.any(shown.after != before, axis=2)
    assert changed[inside].mean() > 0.5  # a grey cup in a coloured photo
    assert np.array_equal(shown.after, _crop(_full_run(AdjustEngine, coffee, dialog, mask), shown.rect))
    _close(dialog, qtbot)


def test_large_parts_zoomed_out_are_computed_reduced_and_the_dialog_says_so(window, qtbot, coffee, monkeypatch):
    monkeypatch.setattr(canvas_preview, "FULL_RES_LIMIT", 50_000)
    _doc, dialog, preview = _open(window, qtbot, coffee, "engine.adjust.Levels")
    window.canvas.set_zoom(0.5)
    dialog.set_value("black_point", 30)
    shown = _wait(qtbot, preview, lambda s: s.options["black_point"] == 30 and s.reduced)
    assert abs(shown.after.shape[1] - 300) <= 1 and abs(shown.after.shape[0] - 200) <= 1
    assert preview.note.text() and preview.note.isVisibleTo(dialog)
    small = cv2.resize(coffee, shown.after.shape[1::-1], interpolation=cv2.INTER_AREA)
    assert shown.after[small <= 30].max() == 0  # the levels, on the reduced copy
    _close(dialog, qtbot)


def test_split_follows_the_dialog_preview_and_only_cheap_engines_get_one(window, qtbot, coffee):
    doc, dialog, preview = _open(window, qtbot, coffee, "engine.adjust.Levels")
    assert preview.split == 0.5
    dialog.preview.set_split(0.2)
    qtbot.waitUntil(lambda: preview.split == pytest.approx(0.2), timeout=TIMEOUT_MS)
    _wait(qtbot, preview, lambda s: True)
    area = preview.area()
    assert preview.cut() == pytest.approx(area.left() + 0.2 * area.width())
    _close(dialog, qtbot)
    upscale = EngineDialog("upscale", doc, window.job_manager, parent=window)
    assert upscale.canvas_preview is None  # a model run is not cheap enough to follow the view
    upscale.shutdown()
    upscale.done(0)


@pytest.mark.parametrize(("action", "name", "value"), [("Auto Tone", "auto_contrast", True),
                                                       ("Local Contrast", "local_contrast", 3.0)])
def test_a_measured_adjustment_on_a_zoomed_in_view_equals_the_full_results_part(window, qtbot, astronaut, action,
                                                                                 name, value):
    photo = faded(astronaut)
    _doc, dialog, preview = _open(window, qtbot, photo, f"engine.adjust.{action}")
    window.canvas.set_zoom(3.0, QPointF(400, 300))  # a part of the photo away from its top-left corner
    dialog.set_value(name, value)
    shown = _wait(qtbot, preview, lambda s: s.options[name] == value and s.rect[0] > 0 and s.rect[1] > 0)
    assert shown.rect[2] * shown.rect[3] < photo.shape[0] * photo.shape[1] / 4
    expected = _crop(_full_run(AdjustEngine, photo, dialog), shown.rect)
    assert np.abs(shown.after.astype(np.int64) - expected).max() <= (0 if name == "auto_contrast" else 1)
    # Measured on the visible part alone (auto contrast's points, CLAHE's tiles), it would not be the result.
    alone = AdjustEngine().run(_crop(photo, shown.rect), dialog.options(), RunContext()).image
    assert np.abs(alone.astype(np.int64) - expected).max() > 1
    _close(dialog, qtbot)


def test_the_whole_layer_is_measured_once_per_options_not_per_pan(window, qtbot, astronaut, monkeypatch):
    measured = []
    original = AdjustEngine.measured

    def counting(engine, image, options, ctx=None):
        measured.append((image.shape, options["auto_contrast"], options["auto_levels"]))
        return original(engine, image, options, ctx)

    monkeypatch.setattr(AdjustEngine, "measured", counting)
    photo = faded(astronaut)
    _doc, dialog, preview = _open(window, qtbot, photo, "engine.adjust.Auto Tone")
    window.canvas.set_zoom(3.0)
    dialog.set_value("auto_contrast", True)
    first = _wait(qtbot, preview, lambda s: s.options["auto_contrast"] and s.rect[2] < photo.shape[1] / 2)
    scroll = window.canvas.horizontalScrollBar()
    scroll.setValue(scroll.value() + 200)  # a pan shows another part: the same measurements
    panned = _wait(qtbot, preview, lambda s: s.options["auto_contrast"] and s.rect[0] != first.rect[0])
    expected = _full_run(AdjustEngine, photo, dialog)
    assert np.array_equal(panned.after, _crop(expected, panned.rect))
    assert measured.count((photo.shape, True, False)) == 1  # the whole layer, once for these options
    dialog.set_value("auto_levels", True)
    _wait(qtbot, preview, lambda s: s.options["auto_levels"])
    assert measured.count((photo.shape, True, True)) == 1
    _close(dialog, qtbot)
