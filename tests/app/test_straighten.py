"""Free rotation and Straighten (app.straighten over app.warp): angles, canvas fits, every plane turned
together, premultiplied edges, one undo step; a tilted photo straightened back from a line along its edge."""
from __future__ import annotations

import math

import numpy as np
import pytest

from app import layer_ops
from app.compositor import render_sources, sources_of
from app.document import Document, Layer
from app.history import DocumentError
from app.straighten import inner_size, level_angle, rotate_free, rotation, straighten
from tests.app.scenes import psnr, tilted_on_table, top_edge


def composite(doc: Document) -> np.ndarray:
    return render_sources(sources_of(doc.layers), doc.canvas_rect)


def test_level_angle_levels_horizontal_lines_and_plumbs_near_vertical_ones():
    assert level_angle((10, 10), (110, 10)) == 0
    assert level_angle((0, 0), (100, 100 * math.tan(math.radians(4)))) == pytest.approx(-4)
    assert level_angle((100, 0), (0, 100 * math.tan(math.radians(4)))) == pytest.approx(4)  # drawn leftwards
    assert level_angle((50, 0), (50 + 100 * math.tan(math.radians(7)), 100)) == pytest.approx(7)  # a wall
    with pytest.raises(DocumentError):
        level_angle((5, 5), (6, 6))


def test_inner_size_is_the_largest_rectangle_inside_the_turned_one():
    w, h, degrees = 600, 400, 8.0
    iw, ih = inner_size(w, h, degrees)
    s, c = math.sin(math.radians(degrees)), math.cos(math.radians(degrees))
    assert iw * c + ih * s == pytest.approx(w, abs=1e-6) or iw * s + ih * c == pytest.approx(h, abs=1e-6)
    for scale in (1.01, 1.05):  # any larger rectangle of the same shape sticks out
        assert iw * scale * c + ih * scale * s > w or iw * scale * s + ih * scale * c > h
    assert inner_size(w, h, 0) == (600, 400) and inner_size(w, h, 90) == (400, 600)


def test_a_tilted_photo_is_straightened_back_from_a_line_along_its_edge(coffee):
    scene = tilted_on_table(coffee, 3.7)
    doc = Document.from_image(scene)
    start, end = top_edge(scene, (scene.shape[1] // 2 - 150, scene.shape[1] // 2 + 150))
    straighten(doc, start, end, crop=True).run()
    turned = level_angle(start, end)
    assert turned == pytest.approx(-3.7, abs=0.2)
    result = composite(doc)
    assert result[..., 3].min() == 255  # the transparent corners are cropped away
    assert doc.history.undo_name == "Straighten" and len(doc.history) == 1
    # The middle of the straightened photo is the original's middle again.
    rh, rw = result.shape[:2]
    h, w = coffee.shape[:2]
    size = 200
    middle = result[(rh - size) // 2:(rh + size) // 2, (rw - size) // 2:(rw + size) // 2, :3]
    original = coffee[(h - size) // 2:(h + size) // 2, (w - size) // 2:(w + size) // 2]
    assert psnr(middle, original) > 27


def test_free_rotation_fits_expand_keep_and_inner(chelsea):
    h, w = chelsea.shape[:2]
    doc = Document.from_image(chelsea)
    rotate_free(doc, 30, "expand").run()
    a = math.radians(30)
    assert doc.size == (math.ceil(w * math.cos(a) + h * math.sin(a)), math.ceil(w * math.sin(a) + h * math.cos(a)))
    alpha = composite(doc)[..., 3].astype(np.float64)
    assert alpha.sum() / 255 == pytest.approx(w * h, rel=0.01)  # nothing of the photo was lost
    assert alpha[0, 0] == 0 and alpha[doc.height // 2, doc.width // 2] == 255
    doc.history.undo()
    rotate_free(doc, -30, "keep").run()
    assert doc.size == (w, h) and composite(doc)[0, 0, 3] == 0  # a corner turned away
    doc.history.undo()
    rotate_free(doc, 30, "inner", "lanczos").run()
    assert composite(doc)[..., 3].min() == 255
    assert doc.width < w and doc.height < h


def test_a_free_quarter_turn_equals_the_exact_one(coffee):
    exact = Document.from_image(coffee)
    layer_ops.rotate_image(exact, 90)
    free = Document.from_image(coffee)
    rotate_free(free, 90, "expand", "bicubic").run()
    assert free.size == exact.size
    assert np.array_equal(free.layers[0].pixels, exact.layers[0].pixels)


def test_layers_masks_and_selection_turn_together_in_one_undo_step(astronaut):
    doc = Document.from_image(astronaut)
    sticker = np.zeros((60, 80, 4), np.uint8)
    sticker[...] = (255, 0, 0, 255)
    doc.layers.append(Layer("Sticker", sticker, offset=(300, 40)))
    bright = np.where(astronaut.mean(axis=2) > 128, 255, 0).astype(np.uint8)
    layer_ops.add_mask(doc, "Bright", bright)
    layer_ops.set_selection(doc, bright)
    before = [layer.pixels.copy() for layer in doc.layers], doc.masks[0].data.copy(), doc.selection.copy()
    steps = len(doc.history)
    rotate_free(doc, 12.5, "expand", "bilinear").run()
    assert len(doc.history) == steps + 1
    turned_photo = doc.layers[0].pixels
    turned_bright = (turned_photo[..., :3].mean(axis=2) > 128) & (turned_photo[..., 3] == 255)
    mask_on = doc.masks[0].data > 127
    agree = (turned_bright == mask_on).mean()
    assert agree > 0.97  # the mask still covers the bright parts of the turned photo
    assert np.array_equal(doc.masks[0].data, doc.selection)
    # The sticker turned about the canvas centre with the rest: its centre moved where the matrix says.
    matrix, _w, _h = rotation(512, 512, 12.5, "expand")
    cx, cy, _one = matrix @ (300 + 39.5, 40 + 29.5, 1)
    sticker_layer = doc.layers[1]
    ys, xs = np.nonzero(sticker_layer.pixels[..., 3] > 127)
    ox, oy = sticker_layer.offset
    assert (xs.mean() + ox, ys.mean() + oy) == pytest.approx((cx, cy), abs=0.6)
    doc.history.undo()
    assert doc.size == (512, 512)
    assert all(np.array_equal(a, layer.pixels) for a, layer in zip(before[0], doc.layers))
    assert np.array_equal(before[1], doc.masks[0].data) and np.array_equal(before[2], doc.selection)


def test_turned_edges_are_resampled_premultiplied(coffee):
    """A layer with a transparent part whose hidden colour is green: turned, no green bleeds into the
    edge, as it would if colour and alpha were interpolated separately."""
    pixels = np.dstack([coffee, np.full(coffee.shape[:2], 255, np.uint8)])
    pixels[:, 300:] = (0, 255, 0, 0)
    doc = Document.from_image(pixels)
    rotate_free(doc, 20, "keep", "bicubic").run()
    out = doc.layers[0].pixels
    seen = out[..., 3] > 0
    green_cast = out[..., 1].astype(int) - np.maximum(out[..., 0], out[..., 2]).astype(int)
    assert green_cast[seen].max() < 60  # coffee has no strongly green pixel; a bleed would make them


def test_bad_angles_are_refused_with_a_message(chelsea):
    doc = Document.from_image(chelsea)
    with pytest.raises(DocumentError):
        rotate_free(doc, float("nan"))
    assert rotate_free(doc, 360) is None
    assert len(doc.history) == 0 and doc.size == (451, 300)


def test_a_cut_canvas_cuts_the_layers_and_an_expanded_one_keeps_them_whole(chelsea):
    doc = Document.from_image(chelsea)
    rotate_free(doc, 10, "keep").run()
    layer = doc.layers[0]
    (x, y), (h, w) = layer.offset, layer.pixels.shape[:2]
    assert x >= 0 and y >= 0 and x + w <= doc.width and y + h <= doc.height  # as Crop, nothing off the canvas
    wide = Document.from_image(chelsea)
    layer_ops.resize_canvas(wide, 300, 300, "top-left")  # the cat's right part now lies off the canvas
    rotate_free(wide, 10, "expand").run()
    kept = wide.layers[0].pixels[..., 3].astype(np.float64).sum() / 255
    assert kept == pytest.approx(451 * 300, rel=0.01)  # as Canvas Size, off-canvas pixels are kept
