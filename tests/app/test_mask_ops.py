"""Mask operations: each one undoable step, grow/shrink by the right radius, selection round trips,
and the mask brush painting the active mask."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app import layer_ops, mask_ops, selection_ops
from app.brush import BrushSettings
from app.document import Document
from app.history import DocumentError
from app.stroke import PaintStroke


@pytest.fixture
def doc(chelsea):
    return Document.from_image(chelsea)


def test_ensure_mask_creates_one_named_mask_once(doc):
    mask = mask_ops.ensure_mask(doc)
    assert mask.name == "Mask" and doc.active_mask is mask and len(doc.history) == 1
    assert mask_ops.ensure_mask(doc) is mask and len(doc.history) == 1


def test_every_operation_is_one_step_and_undo_restores_exactly(doc):
    mask = mask_ops.ensure_mask(doc)
    disc = selection_ops.ellipse_mask((doc.height, doc.width), (150, 80, 120, 120))
    layer_ops.set_selection(doc, disc)
    ops = [
        lambda: mask_ops.mask_from_selection(doc),
        lambda: mask_ops.grow_mask(doc, 7),
        lambda: mask_ops.shrink_mask(doc, 3),
        lambda: mask_ops.feather_mask(doc, 4),
        lambda: mask_ops.invert_mask(doc),
        lambda: mask_ops.fill_mask(doc),
        lambda: mask_ops.clear_mask(doc),
    ]
    for op in ops:
        steps, before = len(doc.history), mask.data.copy()
        assert op() is True
        assert len(doc.history) == steps + 1
        after = mask.data.copy()
        assert not np.array_equal(before, after)
        doc.history.undo()
        assert np.array_equal(mask.data, before)
        doc.history.redo()
        assert np.array_equal(mask.data, after)
    assert mask_ops.clear_mask(doc) is False  # already clear: no step


def test_grow_and_shrink_mask_by_radius(doc):
    mask = mask_ops.ensure_mask(doc)
    layer_ops.set_selection(doc, selection_ops.rect_mask((doc.height, doc.width), (100, 100, 60, 40)))
    mask_ops.mask_from_selection(doc)
    mask_ops.grow_mask(doc, 6)
    assert selection_ops.bounds(mask.data) == (94, 94, 72, 52)
    mask_ops.shrink_mask(doc, 10)
    assert selection_ops.bounds(mask.data) == (104, 104, 52, 32)


def test_fill_respects_the_selection_and_mask_to_selection(doc):
    mask = mask_ops.ensure_mask(doc)
    sel = selection_ops.rect_mask((doc.height, doc.width), (10, 10, 20, 20))
    layer_ops.set_selection(doc, sel)
    mask_ops.fill_mask(doc)
    assert np.array_equal(mask.data, sel)
    layer_ops.set_selection(doc, None)
    mask_ops.invert_mask(doc)
    mask_ops.mask_to_selection(doc)
    assert np.array_equal(doc.selection, 255 - sel)


def test_operations_without_a_mask_or_selection_explain_themselves(doc):
    with pytest.raises(DocumentError):
        mask_ops.invert_mask(doc)
    with pytest.raises(DocumentError):
        mask_ops.mask_from_selection(doc)


def test_mask_brush_paints_the_active_mask_in_one_step(doc):
    mask = mask_ops.ensure_mask(doc)
    layer_before = doc.layers[0].pixels.copy()
    stroke = PaintStroke(doc, mask, BrushSettings(size=16, hardness=1.0), "Mask Brush")
    stroke.begin(50, 50)
    stroke.add(150, 50)
    stroke.finish()
    assert mask.data[50, 100] == 255 and mask.data[50 + 12, 100] == 0
    assert np.array_equal(doc.layers[0].pixels, layer_before)
    painted = mask.data.copy()
    eraser = PaintStroke(doc, mask, BrushSettings(size=8, hardness=1.0), "Mask Eraser", mode="erase")
    eraser.begin(100, 50)
    eraser.finish()
    assert mask.data[50, 100] == 0 and mask.data[50, 60] == 255
    doc.history.undo()
    assert np.array_equal(mask.data, painted)


# -- morphology on a mask drawn from a real photo --------------------------------------------------
def _coins_mask() -> np.ndarray:
    """The coins of skimage's photo as a mask with soft (blurred) edges, made with scipy, not the code
    under test."""
    from scipy import ndimage
    from skimage import data, filters

    coins = data.coins()
    solid = ndimage.binary_opening(ndimage.binary_fill_holes(coins > filters.threshold_otsu(coins)), iterations=2)
    return cv2.GaussianBlur(solid.astype(np.uint8) * 255, (0, 0), 1.5)


@pytest.fixture
def coins_doc():
    from skimage import data

    doc = Document.from_image(np.dstack([data.coins()] * 3))
    layer_ops.add_mask(doc, "Coins", _coins_mask())
    return doc


def _distances(inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distance of each pixel to the nearest outside pixel, and of each to the nearest inside one."""
    inside8 = inside.astype(np.uint8)
    return cv2.distanceTransform(inside8, cv2.DIST_L2, 5), cv2.distanceTransform(1 - inside8, cv2.DIST_L2, 5)


def _interior(shape: tuple[int, int], margin: int) -> np.ndarray:
    keep = np.zeros(shape, bool)
    keep[margin:-margin, margin:-margin] = True
    return keep


@pytest.mark.parametrize("shape", ["ellipse", "square"])
def test_erode_and_dilate_move_the_mask_edge_by_the_radius(coins_doc, shape):
    mask, radius = coins_doc.active_mask, 6
    before = mask.data >= 128
    to_outside, to_inside = _distances(before)
    far = max(radius + 1.5, radius * np.sqrt(2) + 1.5) if shape == "square" else radius + 1.5
    away = _interior(before.shape, 2 * radius)  # the image border does not erode (OpenCV's default)
    assert mask_ops.morphology(coins_doc, "erode", radius, shape)
    eroded = mask.data >= 128
    assert eroded.sum() < before.sum() * 0.8
    assert not eroded[away & (to_outside <= radius - 1)].any()  # everything within the radius of the edge went
    assert eroded[away & (to_outside > far)].all()  # everything deeper stayed
    coins_doc.history.undo()
    assert mask_ops.morphology(coins_doc, "dilate", radius, shape)
    dilated = mask.data >= 128
    assert dilated.sum() > before.sum() * 1.2
    assert dilated[to_inside <= radius - 1].all()
    assert not dilated[to_inside > far].any()
    # Area gained per edge pixel: the radius for a round kernel, 4/pi of it (the mean width) for a square.
    grown = (dilated.sum() - before.sum()) / (cv2.Canny(before.astype(np.uint8) * 255, 1, 1) > 0).sum()
    expected = radius * (4 / np.pi if shape == "square" else 1.0)
    assert expected * 0.85 < grown < expected * 1.15


def test_morphology_works_on_grey_values_not_only_on_black_and_white(coins_doc):
    soft = coins_doc.active_mask.data.copy()
    for operation in ("erode", "dilate", "open", "close"):
        result = mask_ops.morphed(soft, operation, 4)
        assert ((result > 0) & (result < 255)).sum() > 1000  # soft edges stay soft
        # Grey morphology commutes with thresholding: at every level it is the binary operation.
        for level in (40, 128, 220):
            binary = mask_ops.morphed((soft >= level).astype(np.uint8) * 255, operation, 4)
            assert np.array_equal(result >= level, binary > 0), (operation, level)


def test_open_removes_specks_smaller_than_the_radius_and_keeps_the_coins(coins_doc):
    rng = np.random.default_rng(3)
    base = coins_doc.active_mask.data.copy()
    to_outside, to_inside = _distances(base >= 128)
    ys, xs = np.nonzero(_interior(base.shape, 10) & (to_inside > 12))
    picks = rng.choice(len(ys), 25, replace=False)
    specked = base.copy()
    for y, x in zip(ys[picks], xs[picks]):
        cv2.circle(specked, (int(x), int(y)), 2, 255, -1)  # 5-px dust
    layer_ops.add_mask(coins_doc, "Dusty", specked)
    assert mask_ops.morphology(coins_doc, "open", 4)
    opened = coins_doc.active_mask.data
    assert (opened[ys[picks], xs[picks]] == 0).all() and opened[to_inside > 8].max() == 0
    # Deeper than the kernel plus the soft edge, the coins are untouched (the blur's border aside).
    assert (opened[_interior(base.shape, 12) & (to_outside > 8)] == 255).all()
    coins = base >= 128
    assert ((opened >= 128) & coins).sum() / coins.sum() > 0.97
    assert coins_doc.history.undo_name == "Remove Specks from Mask"


def test_close_fills_holes_smaller_than_the_radius_and_adds_nothing_far_away(coins_doc):
    rng = np.random.default_rng(5)
    base = coins_doc.active_mask.data.copy()
    to_outside, to_inside = _distances(base >= 128)
    ys, xs = np.nonzero(to_outside > 10)
    picks = rng.choice(len(ys), 25, replace=False)
    holed = base.copy()
    for y, x in zip(ys[picks], xs[picks]):
        cv2.circle(holed, (int(x), int(y)), 2, 0, -1)
    layer_ops.add_mask(coins_doc, "Holed", holed)
    assert mask_ops.morphology(coins_doc, "close", 4)
    closed = coins_doc.active_mask.data
    assert (closed[ys[picks], xs[picks]] == 255).all()
    assert (closed[_interior(base.shape, 12) & (to_outside > 8)] == 255).all()
    assert closed[to_inside > 4 + 5].max() == 0  # never beyond the kernel's and the soft edge's reach
    assert coins_doc.history.undo_name == "Fill Holes in Mask"


def test_top_hats_keep_only_thin_bright_lines_or_thin_gaps(coins_doc):
    base = coins_doc.active_mask.data.copy()
    to_outside, to_inside = _distances(base >= 128)
    lines = np.zeros_like(base)
    for y in (85, 224):  # rows between the rows of coins
        cv2.line(lines, (10, y), (373, y), 255, 3)
    layer_ops.add_mask(coins_doc, "Scratches", np.maximum(base, lines))
    assert mask_ops.morphology(coins_doc, "tophat", 5)
    tophat = coins_doc.active_mask.data
    on_line = (lines > 0) & (to_inside > 3)
    assert tophat[on_line].min() >= 200
    assert tophat[_interior(base.shape, 12) & (to_outside > 4) & (lines == 0)].max() < 16  # no coins left
    assert (tophat >= 128).sum() < 1.5 * (lines > 0).sum()
    gaps = np.zeros_like(base)
    for x in (100, 260):
        cv2.line(gaps, (x, 0), (x, base.shape[0] - 1), 255, 3)
    layer_ops.add_mask(coins_doc, "Cracked", np.where(gaps > 0, 0, base).astype(np.uint8))
    assert mask_ops.morphology(coins_doc, "blackhat", 5)
    blackhat = coins_doc.active_mask.data
    in_coin = (gaps > 0) & (to_outside > 5)
    assert in_coin.sum() > 500 and blackhat[in_coin].min() >= 200
    away = _interior(base.shape, 12)
    assert blackhat[away & (gaps == 0) & (to_outside > 6)].max() < 16  # the coins' insides are not dark gaps
    assert blackhat[away & (to_inside > 2 * 5)].max() == 0  # nor is the open background
    assert (blackhat >= 128).sum() < 1.2 * ((gaps > 0) & (base >= 128)).sum()
    assert coins_doc.history.undo_name == "Black Top-Hat of Mask"


def test_morphology_is_one_step_named_after_it_and_undo_restores_exactly(coins_doc):
    mask = coins_doc.active_mask
    before = mask.data.copy()
    names = {}
    for operation in mask_ops.MORPHOLOGY_OPERATIONS:
        steps = coins_doc.history.index
        assert mask_ops.morphology(coins_doc, operation, 3, "square")
        assert coins_doc.history.index == len(coins_doc.history) == steps + 1
        after = mask.data.copy()
        assert np.array_equal(after, mask_ops.morphed(before, operation, 3, "square"))
        names[operation] = coins_doc.history.undo_name
        coins_doc.history.undo()
        assert np.array_equal(mask.data, before)
        coins_doc.history.redo()
        assert np.array_equal(mask.data, after)
        coins_doc.history.undo()
    assert len(set(names.values())) == len(names)
    assert names["erode"] == "Erode Mask" and names["dilate"] == "Dilate Mask"


def test_morphology_refuses_bad_input(coins_doc, doc):
    with pytest.raises(DocumentError):
        mask_ops.morphology(doc, "open", 2)  # no mask
    with pytest.raises(ValueError):
        mask_ops.morphology(coins_doc, "melt", 2)
    with pytest.raises(ValueError):
        mask_ops.morphology(coins_doc, "open", 2, "triangle")
    with pytest.raises(ValueError):
        mask_ops.morphology(coins_doc, "open", 0)
    empty = layer_ops.add_mask(coins_doc, "Empty")
    assert mask_ops.morphology(coins_doc, "dilate", 3) is False  # nothing changed: no step
    assert coins_doc.history.undo_name == "Add Mask" and not empty.data.any()
