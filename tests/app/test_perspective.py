"""Perspective correction (app.perspective): a real photo warped onto a quadrilateral on a dark table, as
a print photographed at an angle, is found automatically and rectified back; every plane warps together."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app import layer_ops
from app.document import Document
from app.history import DocumentError
from app.perspective import correct_perspective, default_corners, find_print, order_corners, rectified_size
from tests.app.scenes import QUAD, photographed, psnr


@pytest.mark.parametrize("photo_name", ["astronaut", "coffee", "chelsea"])
def test_a_photographed_print_is_found_and_rectified(photo_name, request):
    photo = request.getfixturevalue(photo_name)
    scene = photographed(photo, QUAD)
    corners = find_print(scene)
    assert corners is not None
    assert np.abs(corners - QUAD).max() < 1.0  # every corner within a pixel
    doc = Document.from_image(scene)
    edit = correct_perspective(doc, corners)
    edit.run()
    width, height = edit.geometry.size()
    assert doc.size == (width, height) == rectified_size(corners)
    assert len(doc.history) == 1 and doc.history.undo_name == "Perspective Correction"
    rectified = doc.layers[0].pixels
    assert rectified[..., 3].min() > 250  # the table is gone: the print fills the canvas
    back = cv2.resize(rectified[..., :3], photo.shape[1::-1], interpolation=cv2.INTER_AREA)
    margin = 4
    quality = psnr(back[margin:-margin, margin:-margin], photo[margin:-margin, margin:-margin])
    assert quality > 30, quality  # as good as rectifying from the exact corners (33-41 dB)
    doc.history.undo()
    assert doc.size == (scene.shape[1], scene.shape[0])
    assert np.array_equal(doc.layers[0].pixels[..., :3], scene)


def test_the_print_is_found_on_a_large_jpeg_photo(coffee):
    """A camera's photo: larger than the search copy (found at reduced size, then scaled back) and JPEG'd."""
    scene = cv2.resize(photographed(coffee), None, fx=2.5, fy=2.5, interpolation=cv2.INTER_CUBIC)
    _ok, jpeg = cv2.imencode(".jpg", scene, [cv2.IMWRITE_JPEG_QUALITY, 75])
    corners = find_print(cv2.imdecode(jpeg, cv2.IMREAD_COLOR))
    assert corners is not None and np.abs(corners - QUAD * 2.5).max() < 2.5  # a pixel of the search copy


def test_the_rectangle_follows_the_sides_and_corners_may_come_in_any_order():
    assert rectified_size(QUAD) == (
        round(max(np.linalg.norm(QUAD[1] - QUAD[0]), np.linalg.norm(QUAD[2] - QUAD[3]))),
        round(max(np.linalg.norm(QUAD[3] - QUAD[0]), np.linalg.norm(QUAD[2] - QUAD[1]))),
    )
    shuffled = QUAD[[2, 0, 3, 1]]
    assert np.array_equal(order_corners(shuffled), QUAD)


def test_masks_and_selection_warp_with_the_image(astronaut):
    scene = photographed(astronaut, QUAD)
    doc = Document.from_image(scene)
    inside = np.zeros(scene.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, np.round(QUAD - 0.5).astype(np.int32), 255)
    layer_ops.add_mask(doc, "Print", inside)
    layer_ops.set_selection(doc, inside)
    correct_perspective(doc, QUAD).run()
    mask = doc.masks[0].data
    assert mask.shape == (doc.height, doc.width)
    assert (mask[3:-3, 3:-3] > 127).all()  # the print's area became the whole canvas
    assert np.array_equal(mask, doc.selection)


def test_no_print_and_bad_corners(coffee):
    assert find_print(coffee) is None  # a photo without a table around it
    doc = Document.from_image(coffee)
    crossed = default_corners(600, 400)[[0, 2, 1, 3]]
    for bad in (crossed, crossed[:3], np.array([[0, 0], [10, 0], [10, 0], [0, 10]])):
        with pytest.raises(DocumentError):
            correct_perspective(doc, bad)
    correct_perspective(doc, default_corners(600, 400)).run()  # the canvas's own corners: nothing moves
    assert doc.size == (600, 400)
    assert np.abs(doc.layers[0].pixels[..., :3].astype(int) - coffee).max() <= 1
