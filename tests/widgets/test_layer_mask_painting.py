"""Painting a layer mask with the brush and eraser: black hides the layer, white shows it again, the layer's
pixels are never touched, and each stroke is one undo step."""
from __future__ import annotations

import numpy as np

from app import layer_masks
from app.compositor import Compositor
from app.document import Layer
from tests.widgets.test_tools import drag


def _coffee_masked_over_cat(rig, coffee, chelsea):
    """A coffee layer over the cat with an all-white layer mask (the mask is what the tools paint)."""
    manager, load = rig
    doc = load(chelsea[:120, :200])
    doc.layers.append(Layer.from_rgb("coffee", coffee[:120, :200]))
    doc.active_layer_index = 1
    layer_masks.add_layer_mask(doc, "reveal")
    return manager, doc


def test_the_brush_hides_and_the_eraser_reveals_on_a_layer_mask(rig, coffee, chelsea):
    manager, doc = _coffee_masked_over_cat(rig, coffee, chelsea)
    assert doc.editing_layer_mask
    brush = manager.set_tool("brush")
    brush.settings.size, brush.settings.hardness = 12, 1.0
    manager.ctx.colors.set_foreground((0, 0, 0))
    manager.ctx.colors.set_background((255, 255, 255))
    steps = len(doc.history)
    drag(brush, [(30.5, 60.5), (100.5, 60.5), (170.5, 60.5)])
    assert len(doc.history) == steps + 1
    layer = doc.layers[1]
    assert layer.mask[60, 100] == 0 and layer.mask[10, 100] == 255
    assert np.array_equal(layer.pixels[..., :3], coffee[:120, :200])  # the pixels stay as they were
    shown = Compositor(doc, follow=False).render()
    assert np.array_equal(shown[60, 100, :3], chelsea[60, 100]) and np.array_equal(shown[10, 100, :3], coffee[10, 100])
    eraser = manager.set_tool("eraser")
    eraser.settings.size, eraser.settings.hardness = 12, 1.0
    drag(eraser, [(90.5, 60.5), (110.5, 60.5)])
    assert layer.mask[60, 100] == 255 and layer.mask[60, 150] == 0
    doc.history.undo()
    assert layer.mask[60, 100] == 0


def test_a_grey_brush_makes_the_layer_partly_transparent(rig, coffee, chelsea):
    manager, doc = _coffee_masked_over_cat(rig, coffee, chelsea)
    brush = manager.set_tool("brush")
    brush.settings.size, brush.settings.hardness = 12, 1.0
    manager.ctx.colors.set_foreground((128, 128, 128))
    drag(brush, [(100.5, 60.5)])
    assert abs(int(doc.layers[1].mask[60, 100]) - 128) <= 1


def test_editing_the_pixels_again_paints_the_layer(rig, coffee, chelsea):
    manager, doc = _coffee_masked_over_cat(rig, coffee, chelsea)
    layer_masks.edit_layer_mask(doc, False)
    brush = manager.set_tool("brush")
    brush.settings.size, brush.settings.hardness = 12, 1.0
    manager.ctx.colors.set_foreground((0, 0, 255))
    drag(brush, [(100.5, 60.5)])
    assert tuple(doc.layers[1].pixels[60, 100, :3]) == (0, 0, 255) and (doc.layers[1].mask == 255).all()


def test_a_gradient_on_the_layer_mask_fades_the_layer(rig, coffee, chelsea):
    manager, doc = _coffee_masked_over_cat(rig, coffee, chelsea)
    manager.ctx.colors.set_foreground((255, 255, 255))
    manager.ctx.colors.set_background((0, 0, 0))
    gradient = manager.set_tool("gradient")
    drag(gradient, [(0.0, 60.0), (100.0, 60.0), (200.0, 60.0)])
    mask = doc.layers[1].mask
    assert mask[60, 2] > 240 and mask[60, 197] < 15 and 100 < mask[60, 100] < 155
    assert np.array_equal(doc.layers[1].pixels[..., :3], coffee[:120, :200])
    doc.history.undo()
    assert (doc.layers[1].mask == 255).all()
