"""Layer masks: they hide a layer's pixels in the composite, every operation on them is one exact undo
step, they follow the layer through geometry and merges, and .ora keeps them (other readers see the
masked pixels)."""
from __future__ import annotations

import zipfile

import numpy as np
import pytest
from PIL import Image

from app import canvas_ops, layer_ops
from app import layer_masks as lm
from app.compositor import Compositor
from app.document import Document, Layer, LayerMaskTarget
from app.files.ora import load_ora, save_ora
from app.history import DocumentError
from tests.app.test_layer_ops import check_undoable


@pytest.fixture
def doc(astronaut, coffee) -> Document:
    """The astronaut with a coffee layer over part of it (placed at an offset), the coffee active."""
    d = Document.from_image(astronaut[:120, :160])
    d.layers.append(Layer.from_rgb("coffee", coffee[:60, :80], offset=(40, 30)))
    d.active_layer_index = 1
    return d


def render(doc: Document) -> np.ndarray:
    return Compositor(doc, follow=False).render()


def half_mask(layer: Layer) -> np.ndarray:
    """Shows the layer's left half, hides its right half."""
    mask = np.zeros((layer.height, layer.width), np.uint8)
    mask[:, : layer.width // 2] = 255
    return mask


def test_a_layer_mask_hides_the_pixels_it_is_black_on(doc, astronaut, coffee):
    coffee_layer = doc.layers[1]
    check_undoable(doc, lambda: lm.add_layer_mask(doc, "reveal"), "Add Layer Mask")
    assert np.array_equal(render(doc)[30:90, 40:120, :3], coffee[:60, :80])  # all white: all shown
    with doc.history.paint(LayerMaskTarget(coffee_layer.uid), "Paint Mask") as tx:
        tx.touch((0, 0, 80, 60))
        tx.array[...] = half_mask(coffee_layer)
    out = render(doc)
    assert np.array_equal(out[30:90, 40:80, :3], coffee[:60, :40])  # left half: the coffee
    assert np.array_equal(out[30:90, 80:120, :3], astronaut[30:90, 80:120])  # right half: what is below
    assert np.array_equal(coffee_layer.pixels[..., :3], coffee[:60, :80])  # nothing is lost under the mask
    doc.history.undo()
    assert np.array_equal(render(doc)[30:90, 40:120, :3], coffee[:60, :80])


def test_grey_in_the_mask_is_partial_transparency(doc, astronaut, coffee):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "hide")
    assert np.array_equal(render(doc)[..., :3], astronaut[:120, :160])  # all black: all hidden
    layer.mask = np.full(layer.mask.shape, 128, np.uint8)
    out = render(doc)[30:90, 40:120, :3].astype(np.float32)
    expected = (coffee[:60, :80].astype(np.float32) * 128 + astronaut[30:90, 40:120].astype(np.float32) * 127) / 255
    assert np.abs(out - expected).max() <= 1.5


def test_disabling_shows_the_whole_layer_and_each_change_is_one_step(doc, coffee, astronaut):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "hide")
    check_undoable(doc, lambda: lm.set_layer_mask_enabled(doc, False), "Disable Layer Mask")
    assert np.array_equal(render(doc)[30:90, 40:120, :3], coffee[:60, :80])
    check_undoable(doc, lambda: lm.set_layer_mask_enabled(doc, True), "Enable Layer Mask")
    check_undoable(doc, lambda: lm.invert_layer_mask(doc), "Invert Layer Mask")
    assert (layer.mask == 255).all()
    check_undoable(doc, lambda: lm.delete_layer_mask(doc), "Delete Layer Mask")
    assert layer.mask is None
    with pytest.raises(DocumentError):
        lm.delete_layer_mask(doc)


def test_apply_bakes_the_mask_into_alpha_and_keeps_the_look(doc):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "reveal")
    layer.mask = half_mask(layer)
    before = render(doc)
    check_undoable(doc, lambda: lm.apply_layer_mask(doc), "Apply Layer Mask")
    assert layer.mask is None and doc.editing_layer_mask is False
    assert (layer.pixels[:, layer.width // 2:, 3] == 0).all() and (layer.pixels[:, : layer.width // 2, 3] == 255).all()
    assert np.array_equal(render(doc), before)


def test_a_mask_from_the_selection_shows_only_the_selected_part(doc):
    layer = doc.layers[1]
    with pytest.raises(DocumentError):
        lm.add_layer_mask(doc, "selection")  # nothing selected
    selection = np.zeros((doc.height, doc.width), np.uint8)
    selection[0:50, 0:60] = 255  # overlaps the layer's top-left 20 x 20 (it starts at 40, 30)
    layer_ops.set_selection(doc, selection)
    lm.add_layer_mask(doc, "selection")
    assert layer.mask.shape == (60, 80)
    assert (layer.mask[:20, :20] == 255).all() and layer.mask[20:, :].max() == 0 and layer.mask[:, 20:].max() == 0
    with pytest.raises(DocumentError):
        lm.add_layer_mask(doc, "reveal")  # one mask per layer


def test_the_mask_follows_the_layer_through_geometry(doc):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "reveal")
    layer.mask = half_mask(layer)
    looks = render(doc)
    check_undoable(doc, lambda: canvas_ops.rotate_image(doc, 90))
    assert layer.mask.shape == layer.pixels.shape[:2] == (80, 60)
    assert np.array_equal(render(doc), np.rot90(looks, -1))
    canvas_ops.rotate_image(doc, 270)
    canvas_ops.crop_canvas(doc, (50, 40, 60, 40))
    assert layer.mask.shape == layer.pixels.shape[:2]
    assert np.array_equal(render(doc), looks[40:80, 50:110])
    canvas_ops.scale_image(doc, 120, 80).run()
    assert layer.mask.shape == layer.pixels.shape[:2]


def test_merge_down_and_flatten_apply_masks_and_duplicate_copies_them(doc):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "reveal")
    layer.mask = half_mask(layer)
    looks = render(doc)
    copy = layer_ops.duplicate_layer(doc, layer)
    assert np.array_equal(copy.mask, layer.mask) and copy.mask is not layer.mask
    layer_ops.delete_layer(doc, copy)
    merged = layer_ops.merge_down(doc, layer)
    assert merged.mask is None and np.array_equal(render(doc), looks)
    doc.history.undo()
    assert layer.mask is not None
    flat = layer_ops.flatten(doc)
    assert flat.mask is None and np.array_equal(render(doc), looks)


def test_painting_tools_edit_the_mask_only_while_it_is_chosen(doc):
    layer = doc.layers[1]
    assert lm.paint_target(doc, layer) is layer
    lm.add_layer_mask(doc, "reveal")  # a new mask is what the user paints next, as in Photoshop
    assert lm.paint_target(doc, layer) == LayerMaskTarget(layer.uid)
    lm.edit_layer_mask(doc, False)
    assert lm.paint_target(doc, layer) is layer
    assert lm.paint_target(doc, doc.layers[0]) is doc.layers[0]
    with pytest.raises(ValueError):
        doc.history.paint(LayerMaskTarget(doc.layers[0].uid), "Paint")  # the background has no mask


def test_ora_keeps_the_mask_and_the_hidden_pixels(doc, tmp_path, coffee):
    layer = doc.layers[1]
    lm.add_layer_mask(doc, "reveal")
    layer.mask = half_mask(layer)
    looks = render(doc)
    path = save_ora(doc, tmp_path / "masked.ora")
    back = load_ora(path)
    again = back.layers[1]
    assert np.array_equal(again.mask, layer.mask) and again.mask_enabled
    assert np.array_equal(again.pixels, layer.pixels)  # what the mask hides is still there
    assert np.array_equal(render(back), looks)
    with zipfile.ZipFile(path) as zf:  # what GIMP and Krita read: the layer as it looks
        shown = np.asarray(Image.open(zf.open("data/layer001.png")))
        merged = np.asarray(Image.open(zf.open("mergedimage.png")))
    assert (shown[:, 40:, 3] == 0).all() and np.array_equal(shown[:, :40, :3], coffee[:60, :40])
    assert np.array_equal(merged, looks)


def test_ora_keeps_a_disabled_mask_disabled(doc, tmp_path):
    lm.add_layer_mask(doc, "hide")
    lm.set_layer_mask_enabled(doc, False)
    back = load_ora(save_ora(doc, tmp_path / "off.ora"))
    assert back.layers[1].mask_enabled is False and (back.layers[1].mask == 0).all()
    assert np.array_equal(render(back), render(doc))


def test_a_mask_of_the_wrong_size_is_refused(coffee):
    with pytest.raises(ValueError):
        Layer.from_rgb("bad", coffee[:10, :10], mask=np.zeros((5, 5), np.uint8))
