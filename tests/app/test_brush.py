"""Dab engine and strokes: softness profile, opacity cap, flow, spacing, smoothing, pressure, undo."""
from __future__ import annotations

import math

import numpy as np
import pytest

from app import layer_ops
from app.brush import BrushSettings, DabWriter, dab_alpha
from app.document import SELECTION, Document, Layer
from app.history import DocumentError
from app.stroke import DabSpacer, PaintStroke, Smoother

RED = (255, 0, 0)


def _stroke(doc, settings, a, b, target=None, **kw):
    stroke = PaintStroke(doc, target if target is not None else doc.active_layer, settings, "Brush", **kw)
    stroke.begin(*a)
    stroke.add(*b)
    stroke.finish()
    return stroke


def test_dab_profile_is_opaque_in_the_middle_and_soft_at_the_edge():
    rect, alpha = dab_alpha(50.5, 50.5, 40, hardness=0.5)
    x0, y0 = rect[0], rect[1]
    centre = alpha[50 - y0, 50 - x0]
    assert centre == pytest.approx(1.0)
    # The dab's rect is the radius around the centre; along a row alpha never increases outwards and
    # has (almost) vanished at the radius.
    assert rect == (30, 30, 41, 41)
    row = alpha[50 - y0, 50 - x0:]
    assert np.all(np.diff(row) <= 1e-6)
    assert row[20] < 0.01 and alpha[0, 0] == 0
    # Inside the hard core (radius * hardness = 10 px) it is fully on; between core and edge partial.
    assert alpha[50 - y0, 50 + 9 - x0] == pytest.approx(1.0)
    partial = alpha[50 - y0, 50 + 15 - x0]
    assert 0.05 < partial < 0.95
    # A softer brush puts less paint down overall; a hard one covers about the disc area.
    _, soft = dab_alpha(50.5, 50.5, 40, hardness=0.0)
    _, hard = dab_alpha(50.5, 50.5, 40, hardness=1.0)
    assert soft.sum() < alpha.sum() < hard.sum()
    assert hard.sum() == pytest.approx(math.pi * 20 ** 2, rel=0.03)


def test_stroke_paints_expected_pixels_and_undo_restores_exactly(astronaut):
    doc = Document.from_image(astronaut)
    before = doc.layers[0].pixels.copy()
    settings = BrushSettings(size=21, hardness=0.5, spacing=0.1)
    _stroke(doc, settings, (100.5, 200.5, 1.0), (300.5, 200.5, 1.0), color=RED)
    px = doc.layers[0].pixels
    # The centre line is exactly the colour; just outside the hard core it is a partial blend;
    # beyond the radius nothing changed.
    assert np.array_equal(px[200, 120:280, :3], np.tile(RED, (160, 1)))
    edge = px[200 + 8, 200, :3].astype(int)
    orig = before[200 + 8, 200, :3].astype(int)
    assert 0 < np.abs(edge - orig).max() and not np.array_equal(edge, RED)
    assert np.array_equal(px[200 + 12:, :], before[200 + 12:, :])
    assert np.array_equal(px[:200 - 11, :], before[:200 - 11, :])
    assert len(doc.history) == 1 and doc.history.names == ["Brush"]
    painted = px.copy()
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels, before)
    doc.history.redo()
    assert np.array_equal(doc.layers[0].pixels, painted)


def test_opacity_caps_overlapping_dabs_and_flow_builds_up():
    doc = Document.from_image(np.full((60, 200, 3), 255, np.uint8))
    capped = BrushSettings(size=20, hardness=1.0, opacity=0.5, flow=1.0, spacing=0.05)
    _stroke(doc, capped, (20, 30, 1), (180, 30, 1), color=(0, 0, 0))
    # Hundreds of overlapping dabs, yet the middle is exactly 50 % grey.
    assert np.all(np.abs(doc.layers[0].pixels[30, 30:170, 0].astype(int) - 128) <= 1)

    doc2 = Document.from_image(np.full((60, 200, 3), 255, np.uint8))
    light = BrushSettings(size=20, hardness=1.0, opacity=1.0, flow=0.1, spacing=1.0)
    one = _stroke(doc2, light, (100, 30, 1), (100, 30, 1), color=(0, 0, 0))
    single = 255 - int(doc2.layers[0].pixels[30, 100, 0])
    assert one.dirty is not None
    doc3 = Document.from_image(np.full((60, 200, 3), 255, np.uint8))
    dense = BrushSettings(size=20, hardness=1.0, opacity=1.0, flow=0.1, spacing=0.05)
    _stroke(doc3, dense, (20, 30, 1), (180, 30, 1), color=(0, 0, 0))
    built = 255 - int(doc3.layers[0].pixels[30, 100, 0])
    assert single == pytest.approx(0.1 * 255, abs=1)
    assert built > 3 * single  # many low-flow dabs over one spot add up


def test_eraser_lowers_alpha_and_keeps_colour():
    rgba = np.zeros((50, 50, 4), np.uint8)
    rgba[...] = (10, 200, 30, 255)
    doc = Document.from_image(rgba)
    _stroke(doc, BrushSettings(size=10, hardness=1.0), (10.5, 25.5, 1), (40.5, 25.5, 1), mode="erase")
    px = doc.layers[0].pixels
    assert px[25, 25, 3] == 0 and np.array_equal(px[25, 25, :3], (10, 200, 30))
    assert px[5, 25, 3] == 255


def test_spacer_places_dabs_evenly_across_segments():
    spacer = DabSpacer(lambda p: 5.0)
    dabs = spacer.start(0, 0)
    for x in (3, 7, 8, 20, 21.5, 40):  # irregular pointer samples
        dabs += spacer.to(x, 0)
    xs = [d[0] for d in dabs]
    assert np.allclose(np.diff(xs), 5.0)
    assert xs[-1] == pytest.approx(40.0)


def test_spacing_follows_pressure_and_pressure_narrows_the_stroke():
    settings = BrushSettings(size=40, hardness=1.0, spacing=0.25, pressure_size=True)
    assert settings.size_at(0.5) == pytest.approx(20)
    assert settings.spacing_px(0.5) == pytest.approx(5)
    widths = []
    for pressure in (1.0, 0.3):
        doc = Document.from_image(np.full((100, 200, 3), 255, np.uint8))
        _stroke(doc, settings, (30, 50, pressure), (170, 50, pressure), color=(0, 0, 0))
        widths.append(int((doc.layers[0].pixels[:, 100, 0] < 128).sum()))
    assert widths[0] == pytest.approx(40, abs=1)
    assert widths[1] == pytest.approx(12, abs=1)


def test_smoother_reduces_jitter_and_finishes_at_the_pointer():
    rng = np.random.default_rng(1)
    raw = [(float(x), float(rng.normal(0, 4)), 1.0) for x in range(0, 200, 2)]
    smoother = Smoother(0.7)
    smoother.reset(raw[0])
    out = [smoother.feed(p) for p in raw[1:]]
    assert np.std([p[1] for p in out]) < 0.5 * np.std([p[1] for p in raw])
    tail = smoother.finish()
    assert tail[-1] == raw[-1]


def test_stroke_touches_only_dab_tiles_and_notifies_small_rects():
    doc = Document.from_image(np.full((1024, 1024, 3), 200, np.uint8))
    rects = []
    doc.subscribe(lambda what, rect: rects.append((what, rect)) if what == "pixels" else None)
    stroke = _stroke(doc, BrushSettings(size=10), (300, 300, 1), (340, 300, 1), color=RED)
    command = doc.history.steps[-1]
    bounds = command.deltas.bounds()
    assert bounds is not None and bounds[2] <= 256 and bounds[3] <= 256  # a few 128 px tiles, not the image
    assert all(r is not None and r[2] <= 60 and r[3] <= 20 for _, r in rects)
    assert stroke.dirty[0] >= 290 and stroke.dirty[0] + stroke.dirty[2] <= 350


def test_selection_limits_painting_and_layer_offset_is_respected():
    doc = Document.from_image(np.full((100, 100, 3), 255, np.uint8))
    sel = np.zeros((100, 100), np.uint8)
    sel[:, :50] = 255
    layer_ops.set_selection(doc, sel)
    _stroke(doc, BrushSettings(size=20, hardness=1.0), (10, 50, 1), (90, 50, 1), color=(0, 0, 0))
    px = doc.layers[0].pixels
    assert px[50, 40, 0] == 0 and px[50, 60, 0] == 255

    doc2 = Document(100, 100)
    layer = Layer("moved", np.zeros((50, 50, 4), np.uint8), offset=(40, 30))
    doc2.layers.append(layer)
    doc2.active_layer_index = 0
    _stroke(doc2, BrushSettings(size=6, hardness=1.0), (60, 50, 1), (60, 50, 1), color=(0, 0, 255))
    assert layer.pixels[50 - 30, 60 - 40, 3] == 255 and layer.pixels[50 - 30, 60 - 40, 2] == 255


def test_locked_layer_refuses_a_stroke_and_selection_can_be_painted():
    doc = Document.from_image(np.zeros((40, 40, 3), np.uint8))
    layer_ops.set_layer_locked(doc, None, True)
    with pytest.raises(DocumentError):
        PaintStroke(doc, doc.active_layer, BrushSettings(), "Brush")
    assert doc.history.transaction is None
    _stroke(doc, BrushSettings(size=8, hardness=1.0), (20, 20, 1), (20, 20, 1), target=SELECTION)
    assert doc.selection is not None and doc.selection[20, 20] == 255 and doc.selection[0, 0] == 0
    doc.history.undo()
    assert doc.selection is None


def test_dab_writer_original_ignores_paint_of_the_current_stroke():
    array = np.zeros((300, 300, 4), np.uint8)
    array[..., 3] = 255
    array[..., 1] = np.arange(300, dtype=np.uint8)[None, :]
    writer = DabWriter(array, color=(255, 0, 0))
    writer.dab(150, 150, 50, 1.0)
    assert array[150, 150, 0] == 255
    orig = writer.original((140, 140, 20, 20))
    assert np.all(orig[..., 0] == 0) and np.array_equal(orig[0, :, 1], np.arange(140, 160))
