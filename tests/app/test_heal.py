"""Healing brush (clone + Poisson re-blend) and spot healing (footprint -> crop and mask -> inpaint engine ->
paste), on photos, without a window."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app import heal, layer_ops, selection_ops
from app.brush import BrushSettings
from app.clone import CloneSource, start_clone_stroke
from app.document import Document, Layer
from app.stroke import PaintStroke
from app.tiles import intersect
from engines.base import RunContext
from engines.registry import create_engine

SPACE = (385, 481)  # astronaut: dark, textured sky (mean about 20)
SUIT = (289, 153)  # astronaut: the bright, even suit (mean about 210)
SETTINGS = BrushSettings(size=30, hardness=0.5)


def _stroke(stroke, start, step, count):
    for i in range(1, count + 1):
        stroke.add(start[0] + step[0] * i, start[1] + step[1] * i)
    return stroke.finish()


def _healed(doc, patch):
    """The stroke's clone step replaced by its blend, as the tool does when the blend lands."""
    assert doc.history.undo_name == "Healing Brush"  # the plain copy, recorded at once
    assert heal.apply_heal(doc, patch, patch.blend())


def _heal(image, source, start, step=(5, 0), count=10, settings=SETTINGS):
    """A healing stroke from ``start`` copying from ``source``; (document, the stroke's coverage on the
    canvas)."""
    doc = Document.from_image(image)
    src = CloneSource()
    src.set_point(*source)
    stroke = heal.HealStroke(doc, doc.active_layer, settings, src, *start)
    _healed(doc, _stroke(stroke, start, step, count))
    return doc, _canvas_coverage(stroke.footprint, doc)


def _canvas_coverage(footprint, doc):
    rect = intersect(footprint.bounds, doc.canvas_rect)
    cov = np.zeros((doc.height, doc.width), np.float32)
    cov[rect[1]:rect[1] + rect[3], rect[0]:rect[0] + rect[2]] = footprint.coverage(rect)
    return cov


def _surroundings(cov):
    """Pixels within 4 px outside the stroke."""
    touched = (cov > 0).astype(np.uint8)
    return cv2.dilate(touched, np.ones((9, 9), np.uint8)).astype(bool) & ~touched.astype(bool)


def _high_pass(image):
    grey = image.astype(np.float32).mean(axis=2)
    return grey - cv2.GaussianBlur(grey, (0, 0), 3)


def test_poisson_blend_gives_a_copy_in_another_tone_the_targets_values(astronaut):
    target = astronaut[100:180, 200:300].astype(np.float64)
    region = np.zeros(target.shape[:2], bool)
    cv2.circle(region.view(np.uint8), (50, 40), 30, 1, -1)
    out = heal.poisson_blend(target + 60.0, target, region)  # same gradients, another tone
    np.testing.assert_allclose(out, target, atol=1e-3)
    other = astronaut[300:380, 100:200].astype(np.float64)
    out = heal.poisson_blend(other, target, region)
    assert np.array_equal(out[~region], target[~region])
    assert np.abs(out[region] - target[region]).mean() > 10  # the other picture's texture came in


def test_the_healing_brush_copies_texture_in_the_destinations_tone(astronaut):
    doc, cov = _heal(astronaut, SPACE, SUIT)
    healed = doc.layers[0].pixels
    core, ring = cov > 0.9, _surroundings(cov)
    tone = astronaut[ring].mean()
    assert abs(healed[..., :3][core].mean() - tone) < 4
    # The texture is the source's: the fine detail of the healed core is the sky's, not the suit's.
    shift = (SPACE[1] - SUIT[1], SPACE[0] - SUIT[0])
    source_detail = np.roll(_high_pass(astronaut), (-shift[0], -shift[1]), axis=(0, 1))[core]
    assert np.corrcoef(_high_pass(healed[..., :3])[core], source_detail)[0, 1] > 0.8
    assert np.array_equal(healed[..., :3][cov == 0], astronaut[cov == 0])
    assert (healed[..., 3] == 255).all()
    assert doc.history.names == ["Healing Brush"]
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[..., :3], astronaut)

    plain = Document.from_image(astronaut)  # the clone stamp, for comparison, keeps the sky's darkness
    src = CloneSource()
    src.set_point(*SPACE)
    _stroke(start_clone_stroke(plain, plain.active_layer, SETTINGS, src, *SUIT), SUIT, (5, 0), 10)
    assert abs(plain.layers[0].pixels[..., :3][core].mean() - tone) > 150


@pytest.mark.parametrize("source, start, step", [(SPACE, (310, 0), (3, 0)), (SUIT, (0, 250), (0, 3))],
                         ids=["dark onto the top edge", "bright onto the left edge"])
def test_healing_along_the_image_border_reaches_the_edge_in_the_right_tone(astronaut, source, start, step):
    doc, cov = _heal(astronaut, source, start, step)
    healed = doc.layers[0].pixels[..., :3]
    core = cov > 0.9
    assert abs(healed[core].mean() - astronaut[_surroundings(cov)].mean()) < 6
    edge = core[0] if step[1] == 0 else core[:, 0]
    on_edge = healed[0] if step[1] == 0 else healed[:, 0]
    original_edge = astronaut[0] if step[1] == 0 else astronaut[:, 0]
    # The edge row itself is healed (OpenCV's seamlessClone leaves a mask's outer pixels alone).
    assert np.any(on_edge[edge] != original_edge[edge], axis=-1).mean() > 0.8


def test_healing_keeps_alpha_and_stays_in_the_selection(astronaut):
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    rgba[140:170, :, 3] = 120  # a half-transparent band through the stroke
    doc = Document.from_image(rgba)
    layer_ops.set_selection(doc, selection_ops.rect_mask((512, 512), (0, 0, 315, 512)))
    src = CloneSource()
    src.set_point(*SPACE)
    stroke = heal.HealStroke(doc, doc.active_layer, SETTINGS, src, *SUIT)
    _healed(doc, _stroke(stroke, SUIT, (5, 0), 10))
    healed = doc.layers[0].pixels
    cov = _canvas_coverage(stroke.footprint, doc)
    assert np.array_equal(healed[..., 3], rgba[..., 3])
    assert np.array_equal(healed[:, 316:], rgba[:, 316:])  # outside the selection
    left = (cov > 0.9) & (np.arange(512) < 310)[None, :]
    assert np.any(healed[..., :3][left] != astronaut[left], axis=-1).mean() > 0.9
    assert len(doc.history) == 2 and doc.history.undo_name == "Healing Brush"


def test_a_blend_that_finds_the_document_changed_leaves_the_copy(astronaut):
    doc = Document.from_image(astronaut)
    src = CloneSource()
    src.set_point(*SPACE)
    patch = _stroke(heal.HealStroke(doc, doc.active_layer, SETTINGS, src, *SUIT), SUIT, (5, 0), 10)
    copied = doc.layers[0].pixels.copy()
    layer_ops.add_layer(doc)  # the user went on before the blend landed
    assert not heal.apply_heal(doc, patch, patch.blend())
    assert np.array_equal(doc.layers[0].pixels, copied) and doc.history.names[0] == "Healing Brush"
    doc.history.undo()
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[..., :3], astronaut)


def test_the_footprint_covers_what_a_brush_stroke_paints(chelsea):
    settings = BrushSettings(size=17, hardness=0.3, flow=0.6, spacing=0.2, smoothing=0.5)
    points = [(40.0 + 7 * i, 60.0 + 3 * (i % 4)) for i in range(20)]
    doc = Document.from_image(chelsea)
    mask = layer_ops.add_mask(doc, "m")
    stroke = PaintStroke(doc, mask.uid, settings, "Mask Brush", clip_to_selection=False)
    footprint = heal.Footprint(settings)
    stroke.begin(*points[0])
    footprint.begin(*points[0])
    for p in points[1:]:
        stroke.add(*p)
        footprint.add(*p)
    stroke.finish()
    footprint.finish()
    painted = doc.active_mask.data.astype(np.float32)
    assert footprint.bounds == intersect(footprint.bounds, doc.canvas_rect)
    expected = np.zeros_like(painted)
    x, y, w, h = footprint.bounds
    expected[y:y + h, x:x + w] = footprint.coverage(footprint.bounds) * 255
    assert painted.max() > 200 and np.abs(painted - expected).max() <= 1


# -- spot healing -------------------------------------------------------------------------------------------
def _line(a, b, n=10):
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n + 1)]


def _footprint(points, size, hardness=0.8):
    footprint = heal.Footprint(BrushSettings(size=size, hardness=hardness))
    footprint.begin(*points[0])
    for p in points[1:]:
        footprint.add(*p)
    footprint.finish()
    return footprint


def test_a_spot_patch_is_the_stroke_with_context_inside_the_layer(coffee):
    doc = Document.from_image(coffee)
    dab = _footprint([(300.5, 200.5)], 40)
    patch = heal.spot_patch(doc, doc.active_layer, dab)
    bx, by, bw, bh = dab.bounds
    x, y, w, h = patch.rect
    assert bx - x == by - y == x + w - bx - bw == 21  # half the dab's side
    assert patch.mask.shape == (h, w) and set(np.unique(patch.mask)) == {0, 255}
    covered = dab.coverage(patch.rect) > 0
    assert (patch.mask[covered] == 255).all() and (patch.mask > 0).sum() > covered.sum()
    assert not patch.mask[0].any() and not patch.mask[:, 0].any()
    corner = _footprint([(3.0, 390.0)], 10)
    bx, by, bw, bh = corner.bounds
    small = heal.spot_patch(doc, doc.active_layer, corner)
    assert small.rect == (0, by - 16, bx + bw + 16, 400 - by + 16)  # 16 px context, cut at the layer's edge
    assert heal.spot_patch(doc, doc.active_layer, _footprint([(900.0, 900.0)], 10)) is None


def test_a_spot_patch_reads_and_writes_an_offset_layer(chelsea):
    doc = Document.from_image(np.zeros((300, 451, 3), np.uint8))
    layer = Layer.from_rgb("photo", chelsea, offset=(30, -20))
    layer_ops.add_layer_object(doc, layer, 1, "Add Layer")
    patch = heal.spot_patch(doc, layer, _footprint([(130.0, 80.0)], 20))
    x, y, w, h = patch.rect
    assert np.array_equal(heal.patch_rgb(doc, patch), chelsea[y + 20:y + 20 + h, x - 30:x - 30 + w])
    repaired = heal.patch_rgb(doc, patch)
    repaired[patch.mask > 0] = (0, 255, 0)
    heal.apply_spot_heal(doc, patch, repaired)
    assert tuple(layer.pixels[100, 100]) == (0, 255, 0, 255)  # canvas (130, 80)
    assert doc.history.undo_name == "Spot Healing Brush"


def test_a_spot_heal_writes_only_changed_pixels_inside_the_selection(chelsea):
    rgba = np.dstack([chelsea, np.full(chelsea.shape[:2], 200, np.uint8)])
    doc = Document.from_image(rgba)
    layer_ops.set_selection(doc, selection_ops.rect_mask((300, 451), (0, 0, 100, 300)))
    patch = heal.spot_patch(doc, doc.active_layer, _footprint([(80.0, 100.0), (120.0, 100.0)], 16))
    steps = len(doc.history)
    heal.apply_spot_heal(doc, patch, heal.patch_rgb(doc, patch))
    assert len(doc.history) == steps  # nothing changed: nothing recorded
    repaired = heal.patch_rgb(doc, patch)
    repaired[patch.mask > 0] = (255, 0, 255)
    heal.apply_spot_heal(doc, patch, repaired)
    px = doc.layers[0].pixels
    assert tuple(px[100, 90, :3]) == (255, 0, 255) and np.array_equal(px[:, 100:], rgba[:, 100:])
    assert (px[..., 3] == 200).all()
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels, rgba)


@pytest.mark.parametrize("method", [None, "telea", "ns", "patchmatch"])
def test_a_spot_heal_repairs_a_drawn_scratch_with_the_inpaint_engine(chelsea, method):
    damaged = chelsea.copy()
    cv2.line(damaged, (20, 200), (100, 230), (15, 10, 10), 3, cv2.LINE_AA)
    doc = Document.from_image(damaged)
    points = [(20 + 8 * i, 200 + 3 * i) for i in range(11)]
    patch = heal.spot_patch(doc, doc.active_layer, _footprint(points, 9))
    result = create_engine("inpaint").run(heal.patch_rgb(doc, patch), {"dilate": 2}, RunContext(), mask=patch.mask,
                                          model_id=method)
    heal.apply_spot_heal(doc, patch, result.image)
    repaired = doc.layers[0].pixels[..., :3].astype(int)
    scratch = np.any(damaged != chelsea, axis=-1)
    before = np.abs(damaged[scratch].astype(int) - chelsea[scratch]).mean()
    after = np.abs(repaired[scratch] - chelsea[scratch]).mean()
    assert after < before / 4
    x, y, w, h = patch.rect
    outside = np.ones(scratch.shape, bool)
    outside[y:y + h, x:x + w] = False
    assert np.array_equal(repaired[outside], damaged[outside])
    assert doc.history.names == ["Spot Healing Brush"]
