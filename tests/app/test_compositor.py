"""Compositor: rect rendering, offsets, visibility, and the dirty-region cache."""
from __future__ import annotations

import numpy as np

from app.compositor import Compositor
from app.document import BlendMode, Document, Layer
from app.readonly import writable


def _doc(astronaut, coffee) -> Document:
    doc = Document(160, 120)
    doc.layers.append(Layer.from_rgb("photo", astronaut[:120, :160]))
    top = Layer.from_rgb("coffee", coffee[:50, :70], opacity=0.6, blend_mode=BlendMode.SCREEN, offset=(100, 90))
    doc.layers.append(top)  # hangs off the right and bottom edges
    return doc


def test_render_rect_equals_crop_of_full_render(astronaut, coffee):
    comp = Compositor(_doc(astronaut, coffee), follow=False)
    full = comp.render()
    assert full.shape == (120, 160, 4)
    for rect in [(0, 0, 160, 120), (95, 85, 40, 30), (3, 7, 1, 1), (120, 100, 40, 20)]:
        x, y, w, h = rect
        assert np.array_equal(comp.render(rect), full[y:y + h, x:x + w])


def test_offset_layer_lands_at_its_offset_and_is_clipped(astronaut, coffee):
    doc = _doc(astronaut, coffee)
    comp = Compositor(doc, follow=False)
    out = comp.render()
    # Outside the top layer: just the photo.
    assert np.array_equal(out[:90, :, :3], astronaut[:90, :160])
    # Inside: screen makes it at least as bright as the photo, and different from it.
    region = out[90:120, 100:160, :3].astype(int)
    assert (region >= astronaut[90:120, 100:160].astype(int) - 1).all()
    assert not np.array_equal(region, astronaut[90:120, 100:160])


def test_hidden_and_zero_opacity_layers_are_ignored(astronaut, coffee):
    doc = _doc(astronaut, coffee)
    comp = Compositor(doc, follow=False)
    doc.layers[1].visible = False
    assert np.array_equal(comp.render()[..., :3], astronaut[:120, :160])
    doc.layers[1].visible = True
    doc.layers[1].opacity = 0.0
    assert np.array_equal(comp.render()[..., :3], astronaut[:120, :160])


def test_rect_outside_canvas_is_transparent(astronaut, coffee):
    comp = Compositor(_doc(astronaut, coffee), follow=False)
    out = comp.render((150, -5, 20, 10))
    assert out.shape == (10, 20, 4)
    assert (out[:5] == 0).all() and (out[:, 10:] == 0).all()
    assert (out[5:, :10, 3] == 255).all()


def test_composite_rerenders_only_dirty_regions(astronaut, coffee):
    doc = _doc(astronaut, coffee)
    comp = Compositor(doc, follow=False)
    first = comp.composite().copy()
    assert np.array_equal(first, comp.render())
    # Change pixels in two places but invalidate only one: the cache must update exactly there.
    with writable(doc.layers[0].pixels) as pixels:  # behind the history's back, on purpose
        pixels[10:30, 10:30, :3] = 0
        pixels[60:80, 60:80, :3] = 255
    comp.invalidate((10, 10, 20, 20))
    cached = comp.composite()
    assert (cached[10:30, 10:30, :3] == 0).all()
    assert np.array_equal(cached[60:80, 60:80], first[60:80, 60:80])  # not invalidated: untouched
    comp.invalidate(None)
    assert np.array_equal(comp.composite(), comp.render())


def test_follows_document_notifications(astronaut, coffee):
    doc = _doc(astronaut, coffee)
    comp = Compositor(doc)
    comp.composite()
    assert comp.dirty_rects == []
    doc.notify("layers", (0, 0, 0, 0))  # empty rect: nothing to repaint
    doc.notify("selection", (0, 0, 50, 50))  # not a pixel change
    assert comp.dirty_rects == []
    with writable(doc.layers[0].pixels) as pixels:
        pixels[:5, :5, :3] = 7
    doc.notify("pixels", (0, 0, 5, 5))
    doc.notify("pixels", (3, 3, 5, 5))  # overlaps: merged into one rect
    assert comp.dirty_rects == [(0, 0, 8, 8)]
    assert (comp.composite()[:5, :5, :3] == 7).all()
    comp.close()
    doc.notify("pixels", None)
    assert comp.dirty_rects == []


def test_canvas_size_change_reallocates_cache(astronaut, coffee):
    doc = _doc(astronaut, coffee)
    comp = Compositor(doc)
    comp.composite()
    doc.width, doc.height = 100, 80
    doc.notify("canvas", None)
    out = comp.composite()
    assert out.shape == (80, 100, 4)
    assert np.array_equal(out, comp.render())


def test_large_region_is_rendered_in_bands_consistently(astronaut):
    """A region taller than one band gives the same pixels as rendering its rows separately."""
    doc = Document(512, 512)
    doc.layers.append(Layer.from_rgb("a", astronaut))
    top = Layer.from_rgb("b", astronaut[::-1], opacity=0.5, blend_mode=BlendMode.OVERLAY)
    doc.layers.append(top)
    comp = Compositor(doc, follow=False)
    whole = comp.render()
    rows = np.concatenate([comp.render((0, y, 512, 32)) for y in range(0, 512, 32)])
    assert np.array_equal(whole, rows)
