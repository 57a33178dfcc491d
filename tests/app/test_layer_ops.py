"""Every layer/canvas/mask operation: its effect, and exact undo/redo (np.array_equal)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app import layer_ops as ops
from app.compositor import Compositor
from app.document import SELECTION, BlendMode, Document, Layer
from app.history import DocumentError


# -- helpers --------------------------------------------------------------------------------------
def state(doc: Document) -> tuple:
    """A deep copy of everything a user can see or undo."""
    return (
        doc.width,
        doc.height,
        tuple(
            (layer.uid, layer.name, layer.visible, layer.locked, layer.opacity, layer.blend_mode, layer.offset,
             layer.pixels.copy(), None if layer.mask is None else layer.mask.copy(), layer.mask_enabled)
            for layer in doc.layers
        ),
        doc.active_layer_index,
        tuple((m.uid, m.name, m.visible, m.data.copy()) for m in doc.masks),
        doc.active_mask_index,
        None if doc.selection is None else doc.selection.copy(),
    )


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check_undoable(doc: Document, op, name: str | None = None):
    """Run op; it must change the document, add one step, and undo/redo must be exact (twice)."""
    before = state(doc)
    steps = len(doc.history)
    result = op()
    after = state(doc)
    assert not same(before, after), "operation changed nothing"
    assert len(doc.history) == steps + 1
    if name is not None:
        assert doc.history.names[-1] == name
    for _ in range(2):
        doc.history.undo()
        assert same(state(doc), before)
        doc.history.redo()
        assert same(state(doc), after)
    return result


@pytest.fixture
def doc(astronaut, coffee) -> Document:
    d = Document.from_image(astronaut[:96, :128])
    d.layers.append(Layer.from_rgb("coffee", coffee[:40, :60], offset=(30, 20), opacity=0.8))
    d.active_layer_index = 1
    return d


def render(doc: Document) -> np.ndarray:
    return Compositor(doc, follow=False).render()


# -- layer list -----------------------------------------------------------------------------------
def test_add_layer(doc):
    layer = check_undoable(doc, lambda: ops.add_layer(doc, "New"), "Add Layer")
    assert doc.layers[2] is layer and doc.active_layer is layer
    assert layer.pixels.shape == (96, 128, 4) and not layer.pixels.any()


def test_delete_layer(doc):
    top = doc.layers[1]
    check_undoable(doc, lambda: ops.delete_layer(doc), "Delete Layer")
    assert top not in doc.layers and doc.active_layer_index == 0
    doc.history.undo()
    assert doc.layers[1] is top  # the same object comes back (uid and identity kept)


def test_duplicate_layer_copies_pixels(doc):
    copy = check_undoable(doc, lambda: ops.duplicate_layer(doc, doc.layers[0]), "Duplicate Layer")
    assert doc.layers[1] is copy and copy.name.endswith("copy")
    assert np.array_equal(copy.pixels, doc.layers[0].pixels)
    assert not np.shares_memory(copy.pixels, doc.layers[0].pixels)


def test_rename_layer(doc):
    check_undoable(doc, lambda: ops.rename_layer(doc, None, "Cup"), "Rename Layer")
    assert doc.layers[1].name == "Cup"
    with pytest.raises(DocumentError):
        ops.rename_layer(doc, None, "  ")


def test_reorder_layers(doc):
    bottom, top = doc.layers
    extra = ops.add_layer(doc, "extra")
    check_undoable(doc, lambda: ops.move_layer_down(doc, extra), "Move Layer Order")
    assert doc.layers == [bottom, extra, top] and doc.active_layer is extra
    check_undoable(doc, lambda: ops.move_layer_to(doc, top, 0))
    assert doc.layers == [top, bottom, extra]
    check_undoable(doc, lambda: ops.move_layer_up(doc, top))
    assert doc.layers == [bottom, top, extra]


def test_layers_with_equal_names_and_pixels_stay_distinct(doc):
    twin = ops.duplicate_layer(doc)
    ops.rename_layer(doc, twin, doc.layers[1].name)
    assert np.array_equal(twin.pixels, doc.layers[1].pixels)  # same name, same pixels: still two layers
    check_undoable(doc, lambda: ops.move_layer_down(doc, twin))
    check_undoable(doc, lambda: ops.delete_layer(doc, twin))
    assert twin not in doc.layers and len(doc.layers) == 2


# -- properties -----------------------------------------------------------------------------------
def test_visibility_lock_opacity_blend(doc):
    base = render(doc)
    check_undoable(doc, lambda: ops.set_layer_visible(doc, None, False), "Hide Layer")
    assert np.array_equal(render(doc), render_only_bottom(doc))
    ops.set_layer_visible(doc, None, True)
    check_undoable(doc, lambda: ops.set_layer_locked(doc, None, True), "Lock Layer")
    assert doc.layers[1].locked
    check_undoable(doc, lambda: ops.set_layer_opacity(doc, None, 0.25), "Layer Opacity")
    assert doc.layers[1].opacity == 0.25 and not np.array_equal(render(doc), base)
    check_undoable(doc, lambda: ops.set_layer_blend_mode(doc, None, "difference"), "Blend Mode")
    assert doc.layers[1].blend_mode is BlendMode.DIFFERENCE
    with pytest.raises(DocumentError):
        ops.set_layer_blend_mode(doc, None, "sparkle")


def render_only_bottom(doc: Document) -> np.ndarray:
    solo = Document(doc.width, doc.height)
    solo.layers.append(doc.layers[0])
    return render(solo)


def test_offset_layer_moves_and_coalesces(doc):
    doc.layers[1].opacity = 1.0
    before = render(doc)
    check_undoable(doc, lambda: ops.offset_layer(doc, None, 10, 5), "Move Layer")
    ops.offset_layer(doc, None, 3, 0)  # same drag: merges with the previous move
    assert doc.layers[1].offset == (43, 25) and doc.history.names.count("Move Layer") == 1
    after = render(doc)
    assert np.array_equal(after[25:65, 43:103], before[20:60, 30:90])
    ops.set_layer_locked(doc, None, True)
    with pytest.raises(DocumentError, match="locked"):
        ops.offset_layer(doc, None, 1, 1)


# -- combining ------------------------------------------------------------------------------------
def test_merge_down_keeps_the_picture(doc):
    doc.layers[1].blend_mode = BlendMode.MULTIPLY
    before = render(doc)
    lower = doc.layers[0]
    merged = check_undoable(doc, lambda: ops.merge_down(doc), "Merge Down")
    assert merged is lower and len(doc.layers) == 1
    assert np.abs(render(doc).astype(int) - before.astype(int)).max() <= 1
    with pytest.raises(DocumentError):
        ops.merge_down(doc)  # nothing below


def test_merge_down_grows_to_cover_both(doc, chelsea):
    top = ops.add_layer(doc, pixels=Layer.from_rgb("c", chelsea[:30, :30]).pixels, offset=(110, 80))
    lower = doc.layers[1]
    check_undoable(doc, lambda: ops.merge_down(doc, top))
    assert lower.offset == (30, 20) and lower.pixels.shape == (90, 110, 4)  # union of both rects
    assert np.array_equal(lower.pixels[60:90, 80:110, :3], chelsea[:30, :30])


def test_merge_down_refuses_hidden_layer(doc):
    doc.layers[1].visible = False
    with pytest.raises(DocumentError, match="hidden"):
        ops.merge_down(doc)


def test_flatten(doc):
    doc.layers[1].blend_mode = BlendMode.SCREEN
    ops.add_layer(doc, "hidden")
    ops.set_layer_visible(doc, None, False)
    before = render(doc)
    check_undoable(doc, lambda: ops.flatten(doc), "Flatten Image")
    assert len(doc.layers) == 1
    assert np.array_equal(render(doc), before)


def test_layer_from_selection(doc):
    with pytest.raises(DocumentError, match="selected"):
        ops.layer_from_selection(doc)
    sel = np.zeros((96, 128), np.uint8)
    sel[30:50, 40:70] = 255
    sel[30:50, 40:45] = 128  # a soft edge
    ops.set_selection(doc, sel)
    new = check_undoable(doc, lambda: ops.layer_from_selection(doc), "Layer from Selection")
    src = doc.layers[1]
    assert new.offset == (40, 30) and new.pixels.shape == (20, 30, 4)
    assert np.array_equal(new.pixels[..., :3], src.pixels[10:30, 10:40, :3])
    assert (new.pixels[:, 5:, 3] == 255).all() and (new.pixels[:, :5, 3] == 128).all()


def test_layer_from_result_with_mask(doc, chelsea):
    result = chelsea[:96, :128]
    mask = np.zeros((96, 128), np.uint8)
    mask[10:40, 20:60] = 255
    layer = check_undoable(doc, lambda: ops.layer_from_result(doc, result, mask=mask, name="Restored"))
    assert doc.active_layer is layer and layer.name == "Restored"
    assert np.array_equal(layer.pixels[..., :3], result)
    # The mask comes as the layer's mask (editable later), not baked into its alpha.
    assert (layer.pixels[..., 3] == 255).all() and np.array_equal(layer.mask, mask)
    assert layer.mask is not mask
    wide = ops.layer_from_result(doc, (result.astype(np.uint16) * 257))  # 16-bit results are accepted
    assert np.array_equal(wide.pixels[..., :3], result)
    with pytest.raises(DocumentError):
        ops.layer_from_result(doc, result, mask=mask[:10])


# -- whole canvas ---------------------------------------------------------------------------------
def _with_mask_and_selection(doc: Document) -> None:
    mask = np.zeros((doc.height, doc.width), np.uint8)
    mask[5:25, 10:50] = 200
    ops.add_mask(doc, "m", mask)
    sel = np.zeros_like(mask)
    sel[60:90, 70:120] = 255
    ops.set_selection(doc, sel)


def test_crop_canvas(doc):
    _with_mask_and_selection(doc)
    before = render(doc)
    mask_before = doc.masks[0].data.copy()
    check_undoable(doc, lambda: ops.crop_canvas(doc, (20, 10, 80, 60)), "Crop")
    assert doc.size == (80, 60)
    assert np.array_equal(render(doc), before[10:70, 20:100])
    assert np.array_equal(doc.masks[0].data, mask_before[10:70, 20:100])
    assert doc.selection.shape == (60, 80)
    with pytest.raises(DocumentError):
        ops.crop_canvas(doc, (500, 500, 10, 10))


def test_resize_canvas_anchor(doc):
    _with_mask_and_selection(doc)
    before = render(doc)
    check_undoable(doc, lambda: ops.resize_canvas(doc, 148, 106, "center"), "Canvas Size")
    assert doc.size == (148, 106) and doc.layers[0].offset == (10, 5)
    out = render(doc)
    assert np.array_equal(out[5:101, 10:138], before)
    assert (out[:5, :, 3] == 0).all()
    assert doc.masks[0].data[10, 20] == 200 and doc.masks[0].data.shape == (106, 148)
    ops.resize_canvas(doc, 50, 40, "top-left")  # shrinking keeps layer pixels off the canvas
    assert doc.size == (50, 40) and doc.layers[0].pixels.shape == (96, 128, 4)
    with pytest.raises(DocumentError):
        ops.resize_canvas(doc, 0, 10)


def test_scale_image(doc):
    _with_mask_and_selection(doc)
    bottom = doc.layers[0].pixels.copy()
    check_undoable(doc, lambda: ops.scale_image(doc, 64, 48).run(), "Scale Image")
    assert doc.size == (64, 48)
    assert np.array_equal(doc.layers[0].pixels, cv2.resize(bottom, (64, 48), interpolation=cv2.INTER_AREA))
    assert doc.layers[1].offset == (15, 10) and doc.layers[1].pixels.shape == (20, 30, 4)
    assert doc.masks[0].data.shape == (48, 64) and doc.selection.shape == (48, 64)
    check_undoable(doc, lambda: ops.scale_image(doc, 200, 150).run())
    assert doc.layers[0].pixels.shape == (150, 200, 4)


def test_scale_transparent_layer_does_not_bleed_colour():
    doc = Document(40, 40)
    pixels = np.zeros((40, 40, 4), np.uint8)
    pixels[..., 1] = 255  # invisible green everywhere
    pixels[:, :20] = (255, 0, 0, 255)  # opaque red on the left
    doc.layers.append(Layer("l", pixels))
    ops.scale_image(doc, 10, 10).run()
    edge = doc.layers[0].pixels[:, 4]  # the column straddling the border
    assert (edge[:, 3] > 0).all() and (edge[:, 1] == 0).all() and (edge[:, 0] == 255).all()


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotate_image(doc, degrees):
    _with_mask_and_selection(doc)
    before = render(doc)
    mask = doc.masks[0].data.copy()
    check_undoable(doc, lambda: ops.rotate_image(doc, degrees))
    k = -degrees // 90  # clockwise
    assert np.array_equal(render(doc), np.rot90(before, k))
    assert np.array_equal(doc.masks[0].data, np.rot90(mask, k))
    assert np.array_equal(doc.selection.shape, np.rot90(mask, k).shape)
    assert doc.history.nbytes == 0  # rotations are invertible: the history holds no pixels for them


@pytest.mark.parametrize("horizontal", [True, False])
def test_flip_image(doc, horizontal):
    _with_mask_and_selection(doc)
    before = render(doc)
    sel = doc.selection.copy()
    check_undoable(doc, lambda: ops.flip_image(doc, horizontal))
    axis = 1 if horizontal else 0
    assert np.array_equal(render(doc), np.flip(before, axis))
    assert np.array_equal(doc.selection, np.flip(sel, axis))


def test_rotate_errors(doc):
    with pytest.raises(DocumentError):
        ops.rotate_image(doc, 45)


# -- masks and selection --------------------------------------------------------------------------
def test_masks(doc):
    m1 = check_undoable(doc, lambda: ops.add_mask(doc, "scratches"), "Add Mask")
    assert doc.active_mask is m1 and m1.data.shape == (96, 128)
    m2 = ops.add_mask(doc, "faces", np.ones((96, 128), bool))
    assert m2.data.max() == 255 and doc.active_mask is m2
    check_undoable(doc, lambda: ops.set_active_mask(doc, m1), "Choose Mask")
    assert doc.active_mask is m1
    check_undoable(doc, lambda: ops.delete_mask(doc, m1), "Delete Mask")
    assert doc.masks == [m2] and doc.active_mask is m2
    with pytest.raises(DocumentError):
        ops.add_mask(doc, "wrong", np.zeros((5, 5), np.uint8))


def test_selection_set_and_clear(doc):
    sel = np.zeros((96, 128), bool)
    sel[:10, :10] = True
    check_undoable(doc, lambda: ops.set_selection(doc, sel), "Select")
    assert doc.selection.dtype == np.uint8 and doc.selection[0, 0] == 255
    check_undoable(doc, lambda: ops.set_selection(doc, None), "Deselect")
    assert doc.selection is None


# -- a mixed history, walked back and forth -------------------------------------------------------
def test_mixed_history_goto_everywhere(doc):
    states = [state(doc)]

    def paint(target, value, rect):
        with doc.history.paint(target, "Brush") as tx:
            tx.touch(rect)
            x, y, w, h = rect
            ox, oy = tx.origin
            tx.array[y - oy:y - oy + h, x - ox:x - ox + w] = value

    steps = [
        lambda: ops.scale_image(doc, 160, 120).run(),
        lambda: paint(doc.layers[0].uid, 50, (0, 0, 40, 30)),
        lambda: ops.rotate_image(doc, 90),
        lambda: paint(doc.layers[1].uid, 200, (60, 50, 20, 20)),
        lambda: ops.merge_down(doc),
        lambda: ops.add_mask(doc),
        lambda: paint(doc.masks[0].uid, 255, (5, 5, 30, 30)),
        lambda: paint(SELECTION, 255, (0, 0, 50, 50)),
        lambda: ops.flip_image(doc, True),
        lambda: ops.crop_canvas(doc, (10, 10, 90, 100)),
        lambda: paint(doc.layers[0].uid, 9, (0, 0, 90, 100)),
    ]
    for i, step in enumerate(steps):
        step()
        states.append(state(doc))
        assert len(doc.history) == i + 1, doc.history.names
    for target in [0, 11, 3, 7, 1, 10, 2, 0, 11, 5]:
        doc.history.goto(target)
        assert same(state(doc), states[target]), f"state {target} differs"
