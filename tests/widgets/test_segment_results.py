"""Where a segment mask goes (app.engine_results): the selection, the layer's alpha, a cut-out layer or a
mask, each one undo step, placed at the layer's offset; and the engine dialog offers those modes."""
from __future__ import annotations

import numpy as np
import pytest

from app import layer_ops
from app.document import Document
from app.engine_results import apply_result, modes_for
from engines.base import EngineResult


def _mask(h: int, w: int) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    mask[10:30, 20:50] = 255
    mask[30:32, 20:50] = 128  # a soft edge
    return mask


def test_mask_results_offer_selection_and_alpha_and_segment_selects_first(qtbot):
    from engines.registry import engine_class

    assert modes_for("mask") == ("mask", "selection", "layer", "alpha")
    assert engine_class("segment").result_modes[0] == "selection"  # Select Subject makes a selection


def test_selection_mode_places_a_layer_mask_at_the_layer_offset(coffee, qtbot):
    doc = Document.from_image(coffee)
    layer = layer_ops.add_layer(doc, "patch", pixels=np.dstack([coffee[:60, :80], np.full((60, 80), 255, np.uint8)]))
    layer_ops.offset_layer(doc, layer, 100, 50)
    steps = len(doc.history.names)
    assert apply_result(doc, EngineResult(mask=_mask(60, 80)), "selection", name="Select Subject",
                        source_layer_uid=layer.uid) is None
    assert doc.history.names[steps:] == ["Select Subject"]
    expected = np.zeros((doc.height, doc.width), np.uint8)
    expected[50:110, 100:180] = _mask(60, 80)
    assert np.array_equal(doc.selection, expected)
    doc.history.undo()
    assert doc.selection is None


def test_alpha_mode_multiplies_the_layer_alpha_and_undo_restores_it(coffee, qtbot):
    doc = Document.from_image(coffee[:60, :80])
    layer = doc.layers[0]
    with doc.history.paint(layer.uid, "half") as tx:  # the layer already has some transparency
        tx.touch(None)
        tx.array[:, :40, 3] = 100
    before = layer.pixels.copy()
    apply_result(doc, EngineResult(mask=_mask(60, 80)), "alpha", name="Remove Background")
    alpha = layer.pixels[:, :, 3]
    assert np.array_equal(layer.pixels[:, :, :3], before[:, :, :3])  # the colours stay
    assert alpha[0, 0] == 0 and alpha[15, 30] == 100 and alpha[15, 45] == 255 and alpha[31, 45] == 128
    assert doc.history.names[-1] == "Remove Background"
    doc.history.undo()
    assert np.array_equal(layer.pixels, before)


def test_layer_mode_cuts_the_subject_out_onto_a_new_layer(coffee, qtbot):
    doc = Document.from_image(coffee[:60, :80])
    apply_result(doc, EngineResult(mask=_mask(60, 80)), "layer", name="Subject")
    assert len(doc.layers) == 2
    cut = doc.layers[1].pixels
    # The mask comes as the new layer's own mask where layers have one, else in its alpha.
    layer_mask = getattr(doc.layers[1], "mask", None)
    shown = cut[:, :, 3] if layer_mask is None else (cut[:, :, 3].astype(int) * layer_mask + 127) // 255
    assert np.array_equal(shown, _mask(60, 80))
    assert np.array_equal(cut[15, 30, :3], coffee[15, 30])
    doc.history.undo()
    assert len(doc.layers) == 1


def test_mask_mode_of_an_offset_layer_lands_where_the_layer_is(coffee, qtbot):
    doc = Document.from_image(coffee)
    layer = layer_ops.add_layer(doc, "patch", pixels=np.full((60, 80, 4), 255, np.uint8))
    layer_ops.offset_layer(doc, layer, 10, 20)
    added = apply_result(doc, EngineResult(mask=_mask(60, 80)), "mask", name="Subject", source_layer_uid=layer.uid)
    assert added.data[20 + 15, 10 + 30] == 255 and added.data[15, 30] == 0


def test_a_result_without_a_mask_is_refused(coffee, qtbot):
    from app.history import DocumentError

    doc = Document.from_image(coffee[:20, :20])
    with pytest.raises(DocumentError):
        apply_result(doc, EngineResult(image=coffee[:20, :20]), "alpha", name="x")


def test_engine_dialog_lists_the_segment_modes_with_labels(coffee, qtbot):
    from app.jobs import JobManager
    from widgets.engine_dialog import EngineDialog

    jobs = JobManager()
    doc = Document.from_image(coffee)
    dialog = EngineDialog("segment", doc, jobs)
    qtbot.addWidget(dialog)
    assert list(dialog.mode_buttons) == ["selection", "mask", "layer", "alpha"]
    texts = [b.text() for b in dialog.mode_buttons.values()]
    assert texts[0] == "Select it" and len(set(texts)) == 4
    dialog.shutdown()
    jobs.shutdown()
