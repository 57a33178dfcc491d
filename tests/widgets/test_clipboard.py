"""Edit ▸ Cut / Copy / Copy Merged / Paste / Paste in Place through the system clipboard."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QGuiApplication, QImage

from app import layer_ops, selection_ops
from app.compositor import Compositor
from app.document import BlendMode
from widgets import clipboard

BOX = (100, 80, 200, 120)  # x, y, w, h of the rectangle selection on coffee (600 x 400)


@pytest.fixture
def photo(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    selection_ops.apply_selection(doc, selection_ops.rect_mask((doc.height, doc.width), BOX))
    return doc


def _clipboard_rgba() -> np.ndarray:
    image = QGuiApplication.clipboard().image().convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def test_copy_puts_the_selected_pixels_on_the_clipboard_as_an_image(window, photo, coffee):
    window.action("edit.copy").trigger()
    x, y, w, h = BOX
    got = _clipboard_rgba()
    assert got.shape == (h, w, 4) and got[..., 3].min() == 255
    assert np.array_equal(got[..., :3], coffee[y:y + h, x:x + w])  # what another application pastes


def test_copy_merged_takes_the_composite(window, photo, coffee):
    layer_ops.add_layer(photo, "Red", pixels=np.dstack([np.full((400, 600), c, np.uint8) for c in (255, 0, 0, 255)]))
    layer_ops.set_layer_blend_mode(photo, None, BlendMode.MULTIPLY)
    window.action("edit.copy").trigger()
    x, y, w, h = BOX
    assert (_clipboard_rgba()[..., :3] == (255, 0, 0)).all()  # Copy: the active (red) layer only
    window.action("edit.copy_merged").trigger()
    expected = Compositor(photo, follow=False).render()[y:y + h, x:x + w]
    assert np.array_equal(_clipboard_rgba(), expected)
    assert expected[..., 1].max() == 0 and expected[..., 0].max() > 0  # multiply by red: no green left


def test_cut_then_paste_in_place_restores_the_picture_as_one_step_each(window, photo, coffee):
    window.action("edit.cut").trigger()
    x, y, w, h = BOX
    base = photo.layers[0]
    assert base.pixels[y:y + h, x:x + w, 3].max() == 0 and base.pixels[:y, :, 3].min() == 255
    assert photo.history.undo_name == "Cut"
    window.action("edit.paste_in_place").trigger()
    assert len(photo.layers) == 2 and photo.layers[1].offset == (x, y)
    assert photo.history.undo_name == "Paste"
    assert np.array_equal(Compositor(photo, follow=False).render()[..., :3], coffee)
    window.action("edit.undo").trigger()
    window.action("edit.undo").trigger()
    assert len(photo.layers) == 1 and np.array_equal(base.pixels[..., :3], coffee)
    assert base.pixels[..., 3].min() == 255


def test_paste_goes_to_the_view_centre(window, photo):
    window.action("edit.copy").trigger()
    window.canvas.actual_pixels()
    window.canvas.flush()
    viewport = window.canvas.viewport()
    middle = window.canvas.view_to_image(QPointF(viewport.width() / 2, viewport.height() / 2))
    window.action("edit.paste").trigger()
    pasted = photo.active_layer
    x, y, w, h = BOX
    assert pasted.name == "Pasted Layer" and pasted.pixels.shape[:2] == (h, w)
    assert abs(pasted.offset[0] + w / 2 - middle.x()) <= 1 and abs(pasted.offset[1] + h / 2 - middle.y()) <= 1


def test_soft_selection_copies_partial_alpha(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    soft = selection_ops.feather(selection_ops.rect_mask((400, 600), BOX), 8)
    selection_ops.apply_selection(doc, soft)
    window.action("edit.copy").trigger()
    x, y, w, h = selection_ops.bounds(soft)
    got = _clipboard_rgba()
    assert got.shape[:2] == (h, w)
    assert np.array_equal(got[..., 3], soft[y:y + h, x:x + w])


def test_an_image_from_another_application_pastes_at_the_view_centre(window, photo, chelsea):
    image = QImage(np.ascontiguousarray(chelsea).data, 451, 300, 451 * 3, QImage.Format.Format_RGB888).copy()
    mime = QMimeData()
    mime.setImageData(image)  # no Kintsugi position: Paste in Place falls back to the view centre
    QGuiApplication.clipboard().setMimeData(mime)
    window.action("edit.paste_in_place").trigger()
    pasted = photo.active_layer
    assert np.array_equal(pasted.pixels[..., :3], chelsea) and pasted.pixels[..., 3].min() == 255


def test_empty_clipboard_and_cut_without_selection_are_messages(window, coffee, messages):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    QGuiApplication.clipboard().clear()
    window.action("edit.paste").trigger()
    assert messages[-1] == ("warning", "The clipboard holds no image.")
    assert len(doc.layers) == 1
    assert not window.action("edit.cut").isEnabled()  # Cut needs a selection
    assert clipboard.get_image() is None
