"""Filter ▸ Filters: one entry per group of the filter engine's params; each dialog, used with its
defaults, runs that group's filter and lands as one undo step."""
from __future__ import annotations

import numpy as np

from tests.engines.test_filter_engine import laplacian_energy, specks, square
from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 30_000
GROUPS = ["Median Blur", "Bilateral", "Gaussian Blur", "Morphology", "Edges"]


def _filters_entries(window) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Filter")
    filters = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Filters")
    return [a.text() for a in filters.actions()]


def _open(window, qtbot, image, group, mask=None):
    from app.document import Mask

    qtbot.waitUntil(window.engines.is_loaded, timeout=TIMEOUT_MS)
    doc = window.open_image_as_new_document(image, "Test")
    if mask is not None:
        doc.masks.append(Mask("area", mask))
        doc.active_mask_index = 0
    window.action(f"engine.filter.{group}").trigger()
    dialog = next(d for d in window.findChildren(EngineDialog) if d.isVisible())
    assert dialog.windowTitle() == group
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    return doc, dialog


def _apply(dialog, doc, qtbot, image):
    steps = len(doc.history.names)
    assert dialog.result_mode() == "replace"
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert len(doc.layers) == 1
    result = doc.layers[-1].pixels[:, :, :3].copy()
    doc.history.undo()
    assert np.array_equal(doc.layers[-1].pixels[:, :, :3], image)
    return result


def test_every_group_has_an_entry(window, qtbot):
    qtbot.waitUntil(window.engines.is_loaded, timeout=TIMEOUT_MS)
    assert set(_filters_entries(window)) == {group + "…" for group in GROUPS}


def test_gaussian_blur_with_its_defaults_lowers_the_laplacian_energy(window, qtbot, coffee):
    doc, dialog = _open(window, qtbot, coffee, "Gaussian Blur")
    assert dialog.panel.names() == ["blur_radius"]
    assert laplacian_energy(dialog.preview_image) < laplacian_energy(dialog.small)
    result = _apply(dialog, doc, qtbot, coffee)
    assert laplacian_energy(result) < 0.3 * laplacian_energy(coffee)


def test_median_blur_removes_salt_and_pepper(window, qtbot):
    image = specks()
    doc, dialog = _open(window, qtbot, image, "Median Blur")
    result = _apply(dialog, doc, qtbot, image)[2:-2, 2:-2]
    assert ((result == 0) | (result == 255)).mean() < 0.005


def test_edges_find_the_outline_of_a_square(window, qtbot):
    image = square()
    doc, dialog = _open(window, qtbot, image, "Edges")
    panel = dialog.panel
    assert panel.names() == ["edge_method", "edge_low", "edge_high"]
    dialog.set_value("edge_method", "sobel")
    assert not panel.editor_widget("edge_low").isVisibleTo(dialog)
    dialog.set_value("edge_method", "canny")
    assert panel.editor_widget("edge_low").isVisibleTo(dialog)
    result = _apply(dialog, doc, qtbot, image)[..., 0]
    assert result[16:48, 15:18].max() == 255 and result[15:18, 16:48].max() == 255
    assert result[24:40, 24:40].max() == 0 and result[:8, :8].max() == 0


def test_morphology_open_removes_a_speck(window, qtbot):
    image = square()
    image[5, 5] = 255
    doc, dialog = _open(window, qtbot, image, "Morphology")
    assert dialog.options()["morphology_operation"] == "open"
    result = _apply(dialog, doc, qtbot, image)
    assert result[5, 5].max() == 0 and result[32, 32].min() == 255


def test_with_a_mask_pixels_outside_stay_identical(window, qtbot, coffee):
    mask = np.zeros(coffee.shape[:2], np.uint8)
    mask[100:300, 200:400] = 255
    doc, dialog = _open(window, qtbot, coffee, "Gaussian Blur", mask=mask)
    dialog.mask_only.setChecked(True)
    assert dialog.use_mask()
    dialog.set_value("blur_radius", 4.0)
    result = _apply(dialog, doc, qtbot, coffee)
    outside = mask == 0
    assert np.array_equal(result[outside], coffee[outside])
    assert laplacian_energy(result[120:280, 220:380]) < 0.5 * laplacian_energy(coffee[120:280, 220:380])
