"""The user's operations on layers, masks and the selection, each one undoable step on ``doc.history``.

Structural changes are recorded as snapshots (``app.snapshots``): operations never write into an existing
array, they replace it. The pure pixel work is ``app.pixel_ops``; the whole-image operations (crop, canvas
size, scale, rotate, flip) are ``app.canvas_ops`` over ``app.geometry`` and are re-exported here, so
``layer_ops.X`` stays the one name for every operation.

Functions take a layer as a ``Layer``, its uid, or None for the active layer. Problems a user can
cause raise ``DocumentError`` with a message meant for them.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from app.canvas_ops import ANCHORS, crop_canvas, flip_image, resize_canvas, rotate_image, scale_image
from app.compositor import Source, render_sources, sources_of
from app.document import BlendMode, Document, Layer, Mask
from app.history import DocumentError
from app.pixel_ops import as_plane, scale_alpha, to_rgba
from app.snapshots import Event, record
from app.texts import translator
from app.tiles import EMPTY_RECT, Rect, intersect, union

__all__ = [
    "DocumentError", "add_layer", "delete_layer", "duplicate_layer", "rename_layer", "move_layer_to",
    "move_layer_up", "move_layer_down", "set_layer_visible", "set_layer_locked", "set_layer_opacity",
    "set_layer_blend_mode", "merge_down", "merge_visible", "flatten", "layer_from_selection", "layer_from_result",
    "offset_layer", "crop_canvas", "resize_canvas", "scale_image", "rotate_image", "flip_image",
    "add_mask", "delete_mask", "set_active_mask", "set_selection", "add_layer_object", "ANCHORS",
]


_tr = translator("LayerOps")


# -- helpers ------------------------------------------------------------------------------------
def _layer(doc: Document, layer: Layer | int | None) -> Layer:
    if layer is None:
        active = doc.active_layer
        if active is None:
            raise DocumentError(_tr("There is no layer to work on."))
        return active
    return layer if isinstance(layer, Layer) else doc.layer_by_uid(layer)


def _mask(doc: Document, mask: Mask | int | None) -> Mask:
    if mask is None:
        active = doc.active_mask
        if active is None:
            raise DocumentError(_tr("There is no mask to work on."))
        return active
    return mask if isinstance(mask, Mask) else doc.mask_by_uid(mask)


def _shown(doc: Document, layer: Layer) -> Rect:
    """Canvas area a layer covers (empty when off the canvas)."""
    return intersect(doc.layer_rect(layer), doc.canvas_rect) or EMPTY_RECT


def _layer_events(doc: Document, *layers: Layer, repaint: bool = True) -> Callable[[], list[Event]]:
    def events() -> list[Event]:
        rect: Rect | None = None
        if repaint:
            for layer in layers:
                rect = union(rect, _shown(doc, layer))
        return [("layers", rect or EMPTY_RECT)]

    return events


def _unwritable(layer: Layer) -> None:
    if layer.locked:
        raise DocumentError(_tr("The layer “{name}” is locked.").format(name=layer.name))


def _result_rgba(image: np.ndarray) -> np.ndarray:
    if image.dtype not in (np.uint8, np.uint16) or image.ndim not in (2, 3):
        raise DocumentError(_tr("The result is not an 8- or 16-bit image."))
    return to_rgba(image)


# -- layer list ---------------------------------------------------------------------------------
def add_layer(
    doc: Document,
    name: str | None = None,
    *,
    index: int | None = None,
    pixels: np.ndarray | None = None,
    offset: tuple[int, int] = (0, 0),
    step_name: str | None = None,
) -> Layer:
    """A new layer (transparent, canvas-sized unless ``pixels`` given) above the active one."""
    if pixels is None:
        pixels = np.zeros((doc.height, doc.width, 4), np.uint8)
    layer = Layer(name or _tr("Layer {n}").format(n=len(doc.layers) + 1), pixels, offset=(offset[0], offset[1]))
    at = doc.active_layer_index + 1 if index is None else index
    return add_layer_object(doc, layer, at, step_name or _tr("Add Layer"))


def delete_layer(doc: Document, layer: Layer | int | None = None) -> None:
    target = _layer(doc, layer)
    rect = _shown(doc, target)

    def change() -> None:
        at = doc.layers.index(target)
        del doc.layers[at]
        doc.active_layer_index = min(at, len(doc.layers) - 1)

    record(doc, _tr("Delete Layer"), change, lambda: [("layers", rect)])


def duplicate_layer(doc: Document, layer: Layer | int | None = None) -> Layer:
    src = _layer(doc, layer)
    copy = Layer(
        _tr("{name} copy").format(name=src.name), src.pixels.copy(), visible=src.visible, locked=False,
        opacity=src.opacity, blend_mode=src.blend_mode, offset=src.offset,
        mask=None if src.mask is None else src.mask.copy(), mask_enabled=src.mask_enabled,
    )
    return add_layer_object(doc, copy, doc.layers.index(src) + 1, _tr("Duplicate Layer"))


def add_layer_object(doc: Document, layer: Layer, index: int, step_name: str) -> Layer:
    """Insert a ready-made layer at ``index`` as one step (the building block of the "new layer" ops)."""
    at = min(max(index, 0), len(doc.layers))

    def change() -> Layer:
        doc.layers.insert(at, layer)
        doc.active_layer_index = at
        return layer

    def events() -> list[Event]:
        return [("layers", _shown(doc, layer) if layer in doc.layers else EMPTY_RECT)]

    return record(doc, step_name, change, events)


def rename_layer(doc: Document, layer: Layer | int | None, name: str) -> None:
    target = _layer(doc, layer)
    name = name.strip()
    if not name:
        raise DocumentError(_tr("A layer name cannot be empty."))
    if name == target.name:
        return
    record(doc, _tr("Rename Layer"), lambda: setattr(target, "name", name), _layer_events(doc, repaint=False))


def move_layer_to(doc: Document, layer: Layer | int | None, index: int) -> None:
    """Reorder: put the layer at ``index`` in the bottom-to-top stack (clamped to the stack)."""
    target = _layer(doc, layer)
    at = min(max(index, 0), len(doc.layers) - 1)
    if doc.layers.index(target) == at:
        return
    was_active = doc.active_layer is target

    def change() -> None:
        active = doc.active_layer
        doc.layers.remove(target)
        doc.layers.insert(at, target)
        doc.active_layer_index = doc.layers.index(target if was_active else active) if active else -1

    record(doc, _tr("Move Layer Order"), change, _layer_events(doc, target))


def move_layer_up(doc: Document, layer: Layer | int | None = None) -> None:
    target = _layer(doc, layer)
    move_layer_to(doc, target, doc.layers.index(target) + 1)


def move_layer_down(doc: Document, layer: Layer | int | None = None) -> None:
    target = _layer(doc, layer)
    move_layer_to(doc, target, doc.layers.index(target) - 1)


# -- layer properties ---------------------------------------------------------------------------
def set_layer_visible(doc: Document, layer: Layer | int | None, visible: bool) -> None:
    target = _layer(doc, layer)
    if target.visible == bool(visible):
        return
    name = _tr("Show Layer") if visible else _tr("Hide Layer")
    record(doc, name, lambda: setattr(target, "visible", bool(visible)), _layer_events(doc, target))


def set_layer_locked(doc: Document, layer: Layer | int | None, locked: bool) -> None:
    target = _layer(doc, layer)
    if target.locked == bool(locked):
        return
    name = _tr("Lock Layer") if locked else _tr("Unlock Layer")
    record(doc, name, lambda: setattr(target, "locked", bool(locked)), _layer_events(doc, repaint=False))


def set_layer_opacity(doc: Document, layer: Layer | int | None, opacity: float) -> None:
    """Consecutive changes to one layer's opacity (a slider drag) merge into one step."""
    target = _layer(doc, layer)
    value = min(max(float(opacity), 0.0), 1.0)
    if value == target.opacity:
        return
    record(
        doc, _tr("Layer Opacity"), lambda: setattr(target, "opacity", value), _layer_events(doc, target),
        key=("opacity", target.uid),
    )


def set_layer_blend_mode(doc: Document, layer: Layer | int | None, mode: BlendMode | str) -> None:
    target = _layer(doc, layer)
    try:
        value = BlendMode(mode)
    except ValueError:
        raise DocumentError(_tr("Unknown blend mode “{mode}”.").format(mode=mode)) from None
    if value == target.blend_mode:
        return
    record(doc, _tr("Blend Mode"), lambda: setattr(target, "blend_mode", value), _layer_events(doc, target))


def offset_layer(doc: Document, layer: Layer | int | None, dx: int, dy: int) -> None:
    """Move a layer by (dx, dy) pixels; consecutive moves of one layer (a drag) merge into one step."""
    target = _layer(doc, layer)
    _unwritable(target)
    if dx == 0 and dy == 0:
        return
    new = (target.offset[0] + int(dx), target.offset[1] + int(dy))
    record(
        doc, _tr("Move Layer"), lambda: setattr(target, "offset", new), _layer_events(doc, target),
        key=("offset", target.uid),
    )


# -- combining layers ---------------------------------------------------------------------------
def merge_down(doc: Document, layer: Layer | int | None = None) -> Layer:
    """Blend a layer (with its mode, opacity and layer mask) into the one below; the lower keeps its own
    name, mode and opacity, and grows to cover both. Layer masks are applied: the result has none."""
    upper = _layer(doc, layer)
    at = doc.layers.index(upper)
    if at == 0:
        raise DocumentError(_tr("There is no layer below “{name}” to merge into.").format(name=upper.name))
    lower = doc.layers[at - 1]
    _unwritable(lower)
    if not upper.visible:
        raise DocumentError(_tr("The layer “{name}” is hidden; show it before merging.").format(name=upper.name))
    area = union(doc.layer_rect(lower), doc.layer_rect(upper))
    assert area is not None
    pixels = render_sources(
        [
            Source(lower.pixels, lower.offset, 1.0, BlendMode.NORMAL, lower.shown_mask),
            Source(upper.pixels, upper.offset, float(upper.opacity), upper.blend_mode, upper.shown_mask),
        ],
        area,
    )

    def change() -> Layer:
        lower.mask = None
        lower.pixels = pixels
        lower.offset = (area[0], area[1])
        doc.layers.remove(upper)
        doc.active_layer_index = doc.layers.index(lower)
        return lower

    return record(doc, _tr("Merge Down"), change, _layer_events(doc, lower, upper))


def flatten(doc: Document) -> Layer:
    """All visible layers into one canvas-sized layer (hidden layers are discarded)."""
    if not doc.layers:
        raise DocumentError(_tr("There are no layers to flatten."))
    pixels = render_sources(sources_of(doc.layers), doc.canvas_rect)
    merged = Layer(_tr("Background"), pixels)

    def change() -> Layer:
        doc.layers = [merged]
        doc.active_layer_index = 0
        return merged

    return record(doc, _tr("Flatten Image"), change, lambda: [("layers", doc.canvas_rect)])


def merge_visible(doc: Document) -> Layer:
    """The visible layers into one canvas-sized layer where the lowest of them was, keeping its name;
    hidden layers stay as they are."""
    visible = [layer for layer in doc.layers if layer.visible]
    if len(visible) < 2:
        raise DocumentError(_tr("Merge Visible needs at least two visible layers."))
    target = visible[0]
    _unwritable(target)
    pixels = render_sources(sources_of(visible), doc.canvas_rect)
    merged = Layer(target.name, pixels)

    def change() -> Layer:
        doc.layers = [merged if layer is target else layer for layer in doc.layers
                      if not layer.visible or layer is target]
        doc.active_layer_index = doc.layers.index(merged)
        return merged

    return record(doc, _tr("Merge Visible"), change, lambda: [("layers", doc.canvas_rect)])


def layer_from_selection(doc: Document, layer: Layer | int | None = None) -> Layer:
    """A new layer holding the selected pixels of a layer (cropped to the selection's bounds)."""
    src = _layer(doc, layer)
    if doc.selection is None or not doc.selection.any():
        raise DocumentError(_tr("Nothing is selected."))
    ys, xs = np.nonzero(doc.selection)
    sel_box = (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
    part = intersect(sel_box, doc.layer_rect(src))
    if part is None:
        raise DocumentError(_tr("The selection does not touch the layer “{name}”.").format(name=src.name))
    x, y, w, h = part
    lx, ly = x - src.offset[0], y - src.offset[1]
    pixels = scale_alpha(src.pixels[ly:ly + h, lx:lx + w], doc.selection[y:y + h, x:x + w])
    new = Layer(_tr("{name} (selection)").format(name=src.name), pixels, offset=(x, y))
    return add_layer_object(doc, new, doc.layers.index(src) + 1, _tr("Layer from Selection"))


def layer_from_result(
    doc: Document,
    image: np.ndarray,
    *,
    mask: np.ndarray | None = None,
    name: str | None = None,
    offset: tuple[int, int] = (0, 0),
    index: int | None = None,
    step_name: str | None = None,
) -> Layer:
    """A new layer from an engine's (h, w, 3|4) uint8/uint16 result, above the active layer.
    With ``mask`` ((h, w) uint8, 255 = keep), the result comes with it as its layer mask: it shows only
    where the mask is on, and the user can paint the mask to show more or less of it."""
    pixels = _result_rgba(image)
    if mask is not None and mask.shape != pixels.shape[:2]:
        raise DocumentError(_tr("The mask does not have the size of the result."))
    if pixels is image:
        pixels = pixels.copy()  # the layer must not share (and make read-only) the caller's array
    new = Layer(name or _tr("Result"), pixels, offset=(offset[0], offset[1]),
                mask=None if mask is None else mask.copy())
    at = doc.active_layer_index + 1 if index is None else index
    return add_layer_object(doc, new, at, step_name or _tr("New Layer from Result"))


# -- masks and selection ------------------------------------------------------------------------
def _plane(doc: Document, data: np.ndarray) -> np.ndarray:
    if data.shape != (doc.height, doc.width):
        raise DocumentError(_tr("The mask must be the size of the image."))
    return as_plane(data)


def add_mask(doc: Document, name: str | None = None, data: np.ndarray | None = None) -> Mask:
    """A new mask (empty unless ``data`` given, (H, W) uint8 or bool), made the active one."""
    plane = np.zeros((doc.height, doc.width), np.uint8) if data is None else _plane(doc, data)
    mask = Mask(name or _tr("Mask {n}").format(n=len(doc.masks) + 1), plane)

    def change() -> Mask:
        doc.masks.append(mask)
        doc.active_mask_index = len(doc.masks) - 1
        return mask

    return record(doc, _tr("Add Mask"), change, lambda: [("masks", None if mask.visible else EMPTY_RECT)])


def delete_mask(doc: Document, mask: Mask | int | None = None) -> None:
    target = _mask(doc, mask)

    def change() -> None:
        at = doc.masks.index(target)
        del doc.masks[at]
        doc.active_mask_index = min(at, len(doc.masks) - 1)

    record(doc, _tr("Delete Mask"), change, lambda: [("masks", None)])


def set_active_mask(doc: Document, mask: Mask | int | None) -> None:
    """Choose the mask engines use (by Mask, uid, or None for no active mask)."""
    at = -1 if mask is None else doc.masks.index(_mask(doc, mask))
    if at == doc.active_mask_index:
        return
    record(doc, _tr("Choose Mask"), lambda: setattr(doc, "active_mask_index", at), lambda: [("masks", None)])


def set_selection(doc: Document, data: np.ndarray | None, name: str | None = None) -> None:
    """Replace the selection ((H, W) uint8/bool, or None to deselect) as one step."""
    plane = None if data is None else _plane(doc, data)
    if plane is None and doc.selection is None:
        return
    step = name or (_tr("Deselect") if plane is None else _tr("Select"))
    record(doc, step, lambda: setattr(doc, "selection", plane), lambda: [("selection", None)])

