"""Mask operations: each one undoable step, grow/shrink by the right radius, selection round trips,
and the mask brush painting the active mask."""
from __future__ import annotations

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
