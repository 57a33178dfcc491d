"""Bucket fill (tolerance, selection), gradients, and the clone stamp (aligned and not)."""
from __future__ import annotations

import numpy as np
import pytest

from app import fill_ops, layer_ops, selection_ops
from app.brush import BrushSettings
from app.clone import CloneSource, start_clone_stroke
from app.document import Document
from app.history import DocumentError


def _ramp() -> Document:
    image = np.zeros((30, 100, 3), np.uint8)
    image[..., 1] = (np.arange(100) * 2).astype(np.uint8)[None, :]
    return Document.from_image(image)


def test_bucket_fill_respects_tolerance_and_undo():
    doc = _ramp()
    before = doc.layers[0].pixels.copy()
    assert fill_ops.bucket_fill(doc, (0.5, 10.5), (255, 0, 0), tolerance=10)
    filled = np.all(doc.layers[0].pixels[..., :3] == (255, 0, 0), axis=2)
    assert np.flatnonzero(filled.all(axis=0)).tolist() == list(range(6))  # green 0..10
    assert not filled[:, 6:].any()
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels, before)


def test_bucket_fill_stays_inside_the_selection_and_refuses_locked_layers():
    doc = Document.from_image(np.full((40, 40, 3), 50, np.uint8))
    layer_ops.set_selection(doc, selection_ops.rect_mask((40, 40), (0, 0, 20, 40)))
    fill_ops.bucket_fill(doc, (5, 5), (0, 0, 255), tolerance=0)
    px = doc.layers[0].pixels
    assert px[10, 10, 2] == 255 and px[10, 30, 2] == 50
    layer_ops.set_layer_locked(doc, None, True)
    with pytest.raises(DocumentError):
        fill_ops.bucket_fill(doc, (5, 5), (0, 0, 0))


def test_linear_and_radial_gradients_run_from_foreground_to_background():
    doc = Document.from_image(np.zeros((20, 101, 3), np.uint8))
    fill_ops.gradient_fill(doc, (0.5, 0), (100.5, 0), (0, 0, 0), (200, 100, 0))
    row = doc.layers[0].pixels[10, :, 0].astype(int)
    assert row[0] == 0 and row[100] == 200 and abs(row[50] - 100) <= 1
    assert np.all(np.diff(row) >= 0)
    doc2 = Document.from_image(np.zeros((101, 101, 3), np.uint8))
    fill_ops.gradient_fill(doc2, (50.5, 50.5), (50.5, 0.5), (255, 255, 255), (0, 0, 0), kind="radial")
    px = doc2.layers[0].pixels[..., 0].astype(int)
    assert px[50, 50] == 255 and px[50, 0] == 0 and px[0, 50] == 0
    assert abs(px[50, 25] - px[25, 50]) <= 1 and abs(px[50, 25] - 128) <= 4


def test_clone_copies_source_pixels_on_a_photo(astronaut):
    doc = Document.from_image(astronaut)
    before = doc.layers[0].pixels.copy()
    src = CloneSource(aligned=True)
    src.set_point(100, 100)
    stroke = start_clone_stroke(doc, doc.active_layer, BrushSettings(size=30, hardness=0.6), src, 300, 300)
    stroke.add(360, 300)
    stroke.finish()
    px = doc.layers[0].pixels
    # The stroke's core is an exact copy of the source area, offset (-200, -200).
    assert np.array_equal(px[295:306, 300:361], before[95:106, 100:161])
    # The soft edge is a blend of source and destination (checked where the two differ clearly).
    y = 300 + 13
    edge, dest = px[y, 310:350, :3].astype(float), before[y, 310:350, :3].astype(float)
    source = before[y - 200, 110:150, :3].astype(float)
    differ = np.abs(source - dest) > 30
    assert differ.sum() > 10
    weight = (edge - dest)[differ] / (source - dest)[differ]
    assert 0.05 < np.median(weight) < 0.95
    assert np.array_equal(px[:250], before[:250])
    assert len(doc.history) == 1
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels, before)


def test_aligned_keeps_the_offset_and_non_aligned_restarts_at_the_source():
    src = CloneSource(aligned=True)
    with pytest.raises(DocumentError):
        src.offset_for_stroke(0, 0)
    src.set_point(10, 10)
    assert src.offset_for_stroke(50, 50) == (-40, -40)
    assert src.offset_for_stroke(80, 20) == (-40, -40)
    src.aligned = False
    assert src.offset_for_stroke(80, 20) == (-70, -10)
    assert src.source_at(81, 21) == (11, 11)


def test_clone_does_not_pick_up_its_own_paint():
    # Source right next to the destination: sampling the live layer would smear the stroke's own dabs.
    image = np.zeros((40, 200, 3), np.uint8)
    image[:, :20] = (255, 255, 255)
    doc = Document.from_image(image)
    src = CloneSource()
    src.set_point(10, 20)
    stroke = start_clone_stroke(doc, doc.active_layer, BrushSettings(size=6, hardness=1.0, spacing=0.1), src, 30, 20)
    stroke.add(150, 20)
    stroke.finish()
    row = doc.layers[0].pixels[20, :, 0]
    assert row[30:40].min() == 255  # copied from the white band x 10..19
    assert row[45:150].max() == 0  # beyond it the source was black, and stays black
