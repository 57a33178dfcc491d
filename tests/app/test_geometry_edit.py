"""GeometryEdit: planned on the UI thread, worked out from a capture without touching the document,
recorded as one undo step, and refused when the document moved on meanwhile."""
from __future__ import annotations

import numpy as np
import pytest

from app import canvas_ops, layer_ops
from app.document import Document
from app.history import StaleResultError
from app.straighten import rotate_free


def test_work_leaves_the_document_alone_and_apply_records_one_step(chelsea):
    doc = Document.from_image(chelsea)
    doc.selection = np.full((300, 451), 255, np.uint8)
    edit = rotate_free(doc, 10, "expand")
    after = edit.work()
    assert doc.size == (451, 300) and len(doc.history) == 0
    assert np.array_equal(doc.layers[0].pixels[..., :3], chelsea)
    size = edit.geometry.size()
    assert (after.width, after.height) == size != doc.size
    edit.apply(after)
    assert doc.size == size and doc.selection.shape == (size[1], size[0])
    assert len(doc.history) == 1 and doc.history.undo_name == "Rotate"
    doc.history.undo()
    assert doc.size == (451, 300) and np.array_equal(doc.layers[0].pixels[..., :3], chelsea)


def test_a_result_for_an_older_state_is_refused_and_changes_nothing(chelsea):
    doc = Document.from_image(chelsea)
    edit = canvas_ops.scale_image(doc, 200, 150)
    after = edit.work()
    layer_ops.add_layer(doc, "Meanwhile")
    with pytest.raises(StaleResultError):
        edit.apply(after)
    assert doc.size == (451, 300) and len(doc.layers) == 2 and doc.history.undo_name != "Scale Image"


def test_nothing_to_do_plans_nothing(chelsea):
    doc = Document.from_image(chelsea)
    assert canvas_ops.scale_image(doc, 451, 300) is None
    assert rotate_free(doc, 0, "keep") is None
