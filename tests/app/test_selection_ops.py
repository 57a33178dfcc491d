"""Selection shapes, magic wand (synthetic and real photo), combining, grow/shrink/feather, outline, undo."""
from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from app import selection_ops as so
from app.document import Document
from app.selection_ops import Mode


def test_rect_ellipse_and_polygon_shapes():
    rect = so.rect_mask((50, 60), (50, 40, -30, -20))  # dragged up-left
    assert rect.sum() // 255 == 30 * 20
    assert rect[20, 20] == 255 and rect[19, 20] == 0 and rect[39, 49] == 255 and rect[40, 49] == 0
    ell = so.ellipse_mask((200, 200), (20, 40, 160, 100))
    assert ell.sum() / 255 == pytest.approx(math.pi * 80 * 50, rel=0.01)
    assert ell[90, 100] == 255 and ell[90, 15] == 0 and ell[90, 21] == 255 and ell[90, 19] == 0
    partial = ((ell > 0) & (ell < 255)).sum()  # the anti-aliased rim: about one pixel per pixel of perimeter
    assert 0.5 * 2 * math.pi * 50 < partial < 1.5 * 2 * math.pi * 80
    tri = so.polygon_mask((100, 100), [(0, 0), (100, 0), (0, 100)])
    assert tri.sum() / 255 == pytest.approx(5000, rel=0.02)
    assert tri[10, 10] == 255 and tri[90, 90] == 0


def test_modifier_modes_and_combining():
    assert so.mode_for(True, False) is Mode.ADD
    assert so.mode_for(False, True) is Mode.SUBTRACT
    assert so.mode_for(True, True) is Mode.INTERSECT
    assert so.mode_for(False, False, "add") is Mode.ADD
    a = so.rect_mask((10, 10), (0, 0, 6, 10))
    b = so.rect_mask((10, 10), (4, 0, 6, 10))
    assert (so.combine(a, b, Mode.ADD) > 0).sum() == 100
    assert (so.combine(a, b, Mode.SUBTRACT) > 0).sum() == 40
    assert (so.combine(a, b, Mode.INTERSECT) > 0).sum() == 20
    assert (so.combine(None, b, Mode.INTERSECT) > 0).sum() == 0
    assert np.array_equal(so.combine(a, b, Mode.REPLACE), b)


def test_magic_wand_tolerance_and_contiguity_on_synthetic_image():
    image = np.zeros((40, 100, 3), np.uint8)
    image[:, :, 0] = np.arange(100, dtype=np.uint8)[None, :] * 2  # red ramp 0..198 in steps of 2
    image[:, 50:52] = (255, 255, 255)  # a wall in the middle
    image[:, 60:70] = (0, 0, 0)  # same colour as the far left, but beyond the wall
    sel = so.magic_wand(image, (0, 5), tolerance=20, contiguous=True)
    cols = np.flatnonzero(sel.all(axis=0))
    assert cols.tolist() == list(range(0, 11))  # red 0..20: within tolerance 20 of 0
    everywhere = so.magic_wand(image, (0, 5), tolerance=20, contiguous=False)
    assert everywhere[:, 60:70].all() and not everywhere[:, 11:50].any()
    assert so.magic_wand(image, (0, 5), 0, True)[:, 1].sum() == 0  # tolerance 0: only the exact colour


def test_magic_wand_on_a_real_photo_selects_a_connected_maximal_region(coffee):
    seed = (300, 40)  # the wall behind the cup
    tolerance = 12
    sel = so.magic_wand(coffee, seed, tolerance, contiguous=True) > 0
    ref = coffee[seed[1], seed[0]].astype(int)
    inside = np.abs(coffee[sel].astype(int) - ref).max(axis=1)
    assert sel[seed[1], seed[0]] and inside.max() <= tolerance
    assert 500 < sel.sum() < sel.size // 2
    n, labels = cv2.connectedComponents(sel.astype(np.uint8), connectivity=4)
    assert n == 2  # background + exactly one region
    # Maximal: every unselected 4-neighbour of the region is out of tolerance.
    ring = cv2.dilate(sel.astype(np.uint8), np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8)) > 0
    ring &= ~sel
    assert ring.any()
    assert (np.abs(coffee[ring].astype(int) - ref).max(axis=1) > tolerance).all()


def test_grow_and_shrink_by_radius():
    plane = np.zeros((101, 101), np.uint8)
    plane[50, 50] = 255
    grown = so.grow(plane, 10)
    ys, xs = np.nonzero(grown)
    assert np.hypot(ys - 50, xs - 50).max() <= 10.5 and grown[50, 60] == 255 and grown[50, 61] == 0
    box = so.rect_mask((100, 100), (20, 30, 50, 40))
    small = so.shrink(box, 5)
    assert so.bounds(small) == (25, 35, 40, 30)
    assert so.bounds(so.grow(box, 5)) == (15, 25, 60, 50)
    # The image border counts as outside: a full selection shrinks away from the edges.
    assert so.bounds(so.shrink(np.full((30, 30), 255, np.uint8), 3)) == (3, 3, 24, 24)


def test_feather_makes_a_symmetric_ramp():
    box = so.rect_mask((100, 100), (0, 0, 50, 100))
    soft = so.feather(box, 8)
    row = soft[50].astype(int)
    assert row[10] == 255 and row[90] == 0
    assert abs(int(row[49]) + int(row[50]) - 255) <= 2  # halfway at the old edge
    assert np.all(np.diff(row) <= 0)


def test_outline_traces_boundary_pixel_centres():
    box = so.rect_mask((50, 50), (10, 20, 15, 5))
    contours = so.outline(box)
    assert len(contours) == 1
    xs, ys = contours[0][:, 0], contours[0][:, 1]
    # Through the centres of the first and last selected pixels (x 10..24, y 20..24).
    assert xs.min() == pytest.approx(10.5) and xs.max() == pytest.approx(24.5)
    assert ys.min() == pytest.approx(20.5) and ys.max() == pytest.approx(24.5)
    assert so.outline(None) == [] and so.outline(np.zeros((5, 5), np.uint8)) == []


def test_apply_selection_is_undoable_and_empty_result_deselects():
    doc = Document.from_image(np.zeros((40, 40, 3), np.uint8))
    so.apply_selection(doc, so.rect_mask((40, 40), (0, 0, 20, 20)))
    so.apply_selection(doc, so.rect_mask((40, 40), (10, 10, 20, 20)), Mode.ADD)
    assert (doc.selection > 0).sum() == 400 + 400 - 100
    so.apply_selection(doc, so.rect_mask((40, 40), (0, 0, 40, 40)), Mode.SUBTRACT)
    assert doc.selection is None
    doc.history.undo()
    assert (doc.selection > 0).sum() == 700
    so.invert_selection(doc)
    assert (doc.selection > 0).sum() == 1600 - 700
    so.select_none(doc)
    assert doc.selection is None
    so.select_all(doc)
    assert doc.selection.min() == 255
    assert doc.history.names[-1] == "Select All"


def test_sample_region_respects_layer_offset():
    from app.document import Layer

    doc = Document(60, 60)
    pixels = np.zeros((20, 20, 4), np.uint8)
    pixels[..., 3] = 255
    pixels[:, :10] = (200, 0, 0, 255)
    doc.layers.append(Layer("small", pixels, offset=(30, 30)))
    doc.active_layer_index = 0
    plane = so.sample_region(doc, (32.5, 35.5), 5)
    assert so.bounds(plane) == (30, 30, 10, 20)
