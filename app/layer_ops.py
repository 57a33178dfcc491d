"""The user's document operations, each one undoable step on ``doc.history``.

Most operations are recorded as before/after snapshots of the document's structure: references to the
layer and mask objects and their attributes, including the pixel arrays. That costs no memory for the
arrays both sides share; operations therefore never write into an existing array, they replace it
(painting, which does write in place, goes through ``History.paint`` and XOR tile deltas instead).
Whole-image rotations and flips are exactly invertible, so they store nothing at all.

Functions take a layer as a ``Layer``, its uid, or None for the active layer. Problems a user can
cause raise ``DocumentError`` with a message meant for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import cv2
import numpy as np

from app.compositor import Source, render_sources, sources_of
from app.document import BlendMode, Document, Layer, Mask
from app.history import Command, DocumentError
from app.texts import translator
from app.tiles import EMPTY_RECT, Rect, intersect, normalize, union

Event = tuple[str, "Rect | None"]

__all__ = [
    "DocumentError", "add_layer", "delete_layer", "duplicate_layer", "rename_layer", "move_layer_to",
    "move_layer_up", "move_layer_down", "set_layer_visible", "set_layer_locked", "set_layer_opacity",
    "set_layer_blend_mode", "merge_down", "flatten", "layer_from_selection", "layer_from_result",
    "offset_layer", "crop_canvas", "resize_canvas", "scale_image", "rotate_image", "flip_image",
    "add_mask", "delete_mask", "set_active_mask", "set_selection", "add_layer_object", "ANCHORS",
]


_tr = translator("LayerOps")


# -- snapshots ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _LayerState:
    layer: Layer
    name: str
    visible: bool
    locked: bool
    opacity: float
    blend_mode: BlendMode
    offset: tuple[int, int]
    pixels: np.ndarray


@dataclass(frozen=True)
class _MaskState:
    mask: Mask
    name: str
    data: np.ndarray
    visible: bool
    color: tuple[int, int, int]


@dataclass(frozen=True)
class _DocState:
    width: int
    height: int
    layers: tuple[_LayerState, ...]
    active_layer_index: int
    masks: tuple[_MaskState, ...]
    active_mask_index: int
    selection: np.ndarray | None

    def arrays(self) -> dict[int, np.ndarray]:
        found = {id(s.pixels): s.pixels for s in self.layers}
        found.update({id(m.data): m.data for m in self.masks})
        if self.selection is not None:
            found[id(self.selection)] = self.selection
        return found


def _capture(doc: Document) -> _DocState:
    return _DocState(
        doc.width,
        doc.height,
        tuple(
            _LayerState(l, l.name, l.visible, l.locked, l.opacity, l.blend_mode, l.offset, l.pixels)
            for l in doc.layers
        ),
        doc.active_layer_index,
        tuple(_MaskState(m, m.name, m.data, m.visible, m.color) for m in doc.masks),
        doc.active_mask_index,
        doc.selection,
    )


def _restore(doc: Document, state: _DocState) -> None:
    doc.width, doc.height = state.width, state.height
    for s in state.layers:
        layer = s.layer
        layer.name, layer.visible, layer.locked = s.name, s.visible, s.locked
        layer.opacity, layer.blend_mode, layer.offset, layer.pixels = s.opacity, s.blend_mode, s.offset, s.pixels
    doc.layers = [s.layer for s in state.layers]
    doc.active_layer_index = state.active_layer_index
    for m in state.masks:
        m.mask.name, m.mask.data, m.mask.visible, m.mask.color = m.name, m.data, m.visible, m.color
    doc.masks = [m.mask for m in state.masks]
    doc.active_mask_index = state.active_mask_index
    doc.selection = state.selection


def _merge_events(a: list[Event], b: list[Event]) -> list[Event]:
    rects: dict[str, Rect | None] = {}
    for what, rect in a + b:
        if what in rects:
            old = rects[what]
            rects[what] = None if old is None or rect is None else (union(old, rect) or EMPTY_RECT)
        else:
            rects[what] = rect
    return list(rects.items())


class SnapshotCommand(Command):
    """Restores the document structure before or after a change.

    When leaving a side, that side is captured again: later steps may have swapped array objects for
    equal-content copies (rotations do), and the live objects are the ones that hold the right pixels.
    """

    def __init__(self, name: str, before: _DocState, after: _DocState, events: list[Event], key: Any = None) -> None:
        self.name = name
        self.before = before
        self.after = after
        self.events = events
        self.coalesce_key = key

    def redo(self, doc: Document) -> None:
        self.before = _capture(doc)
        _restore(doc, self.after)
        _emit(doc, self.events)

    def undo(self, doc: Document) -> None:
        self.after = _capture(doc)
        _restore(doc, self.before)
        _emit(doc, self.events)

    def held_bytes(self, applied: bool) -> int:
        gone, live = (self.before, self.after) if applied else (self.after, self.before)
        live_ids = live.arrays()
        return sum(a.nbytes for i, a in gone.arrays().items() if i not in live_ids)

    def absorb(self, newer: Command) -> None:
        assert isinstance(newer, SnapshotCommand)
        self.after = newer.after
        self.events = _merge_events(self.events, newer.events)


def _emit(doc: Document, events: list[Event]) -> None:
    for what, rect in events:
        doc.notify(what, rect)


def _record(
    doc: Document,
    name: str,
    change: Callable[[], Any],
    events: Callable[[], list[Event]],
    key: Any = None,
) -> Any:
    """Run ``change`` (which must replace arrays, never write into them) and record it as one step.
    ``events`` is called before and after the change; the union of both is what gets repainted."""
    doc.history.check_can_record()
    before = _capture(doc)
    old_events = events()
    result = change()
    all_events = _merge_events(old_events, events())
    doc.history.push(SnapshotCommand(name, before, _capture(doc), all_events, key), applied=True)
    _emit(doc, all_events)
    return result


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


def _whole_image_events(doc: Document) -> list[Event]:
    return [("canvas", None), ("layers", None), ("masks", None), ("selection", None)]


def _unwritable(layer: Layer) -> None:
    if layer.locked:
        raise DocumentError(_tr("The layer “{name}” is locked.").format(name=layer.name))


def _to_u8_rgba(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint16:
        image = ((image.astype(np.uint32) + 128) // 257).astype(np.uint8)
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise DocumentError(_tr("The result is not an 8- or 16-bit image."))
    return Layer.from_rgb("", image).pixels.copy()


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
    layer = Layer(name or _tr("Layer {n}").format(n=len(doc.layers) + 1), pixels, offset=tuple(offset))
    at = doc.active_layer_index + 1 if index is None else index
    return add_layer_object(doc, layer, at, step_name or _tr("Add Layer"))


def delete_layer(doc: Document, layer: Layer | int | None = None) -> None:
    target = _layer(doc, layer)
    rect = _shown(doc, target)

    def change() -> None:
        at = doc.layers.index(target)
        del doc.layers[at]
        doc.active_layer_index = min(at, len(doc.layers) - 1)

    _record(doc, _tr("Delete Layer"), change, lambda: [("layers", rect)])


def duplicate_layer(doc: Document, layer: Layer | int | None = None) -> Layer:
    src = _layer(doc, layer)
    copy = Layer(
        _tr("{name} copy").format(name=src.name), src.pixels.copy(), visible=src.visible, locked=False,
        opacity=src.opacity, blend_mode=src.blend_mode, offset=src.offset,
    )
    return add_layer_object(doc, copy, doc.layers.index(src) + 1, _tr("Duplicate Layer"))


def add_layer_object(doc: Document, layer: Layer, index: int, step_name: str) -> Layer:
    """Insert a ready-made layer at ``index`` as one step (the building block of the "new layer" ops)."""
    at = min(max(index, 0), len(doc.layers))

    def change() -> Layer:
        doc.layers.insert(at, layer)
        doc.active_layer_index = at
        return layer

    return _record(doc, step_name, change, lambda: [("layers", _shown(doc, layer) if layer in doc.layers else EMPTY_RECT)])


def rename_layer(doc: Document, layer: Layer | int | None, name: str) -> None:
    target = _layer(doc, layer)
    name = name.strip()
    if not name:
        raise DocumentError(_tr("A layer name cannot be empty."))
    if name == target.name:
        return
    _record(doc, _tr("Rename Layer"), lambda: setattr(target, "name", name), _layer_events(doc, repaint=False))


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

    _record(doc, _tr("Move Layer Order"), change, _layer_events(doc, target))


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
    _record(doc, name, lambda: setattr(target, "visible", bool(visible)), _layer_events(doc, target))


def set_layer_locked(doc: Document, layer: Layer | int | None, locked: bool) -> None:
    target = _layer(doc, layer)
    if target.locked == bool(locked):
        return
    name = _tr("Lock Layer") if locked else _tr("Unlock Layer")
    _record(doc, name, lambda: setattr(target, "locked", bool(locked)), _layer_events(doc, repaint=False))


def set_layer_opacity(doc: Document, layer: Layer | int | None, opacity: float) -> None:
    """Consecutive changes to one layer's opacity (a slider drag) merge into one step."""
    target = _layer(doc, layer)
    value = min(max(float(opacity), 0.0), 1.0)
    if value == target.opacity:
        return
    _record(
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
    _record(doc, _tr("Blend Mode"), lambda: setattr(target, "blend_mode", value), _layer_events(doc, target))


def offset_layer(doc: Document, layer: Layer | int | None, dx: int, dy: int) -> None:
    """Move a layer by (dx, dy) pixels; consecutive moves of one layer (a drag) merge into one step."""
    target = _layer(doc, layer)
    _unwritable(target)
    if dx == 0 and dy == 0:
        return
    new = (target.offset[0] + int(dx), target.offset[1] + int(dy))
    _record(
        doc, _tr("Move Layer"), lambda: setattr(target, "offset", new), _layer_events(doc, target),
        key=("offset", target.uid),
    )


# -- combining layers ---------------------------------------------------------------------------
def merge_down(doc: Document, layer: Layer | int | None = None) -> Layer:
    """Blend a layer (with its mode and opacity) into the one below; the lower keeps its own
    name, mode and opacity, and grows to cover both."""
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
            Source(lower.pixels, lower.offset, 1.0, BlendMode.NORMAL),
            Source(upper.pixels, upper.offset, float(upper.opacity), upper.blend_mode),
        ],
        area,
    )

    def change() -> Layer:
        lower.pixels = pixels
        lower.offset = (area[0], area[1])
        doc.layers.remove(upper)
        doc.active_layer_index = doc.layers.index(lower)
        return lower

    return _record(doc, _tr("Merge Down"), change, _layer_events(doc, lower, upper))


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

    return _record(doc, _tr("Flatten Image"), change, lambda: [("layers", doc.canvas_rect)])


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
    pixels = src.pixels[ly:ly + h, lx:lx + w].copy()
    weight = doc.selection[y:y + h, x:x + w].astype(np.uint16)
    pixels[..., 3] = (pixels[..., 3] * weight + 127) // 255
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
    With ``mask`` ((h, w) uint8, 255 = keep), the result shows only where the mask is on."""
    pixels = _to_u8_rgba(image)
    if mask is not None:
        if mask.shape != pixels.shape[:2]:
            raise DocumentError(_tr("The mask does not have the size of the result."))
        weight = mask.astype(np.uint16)
        pixels[..., 3] = (pixels[..., 3] * weight + 127) // 255
    new = Layer(name or _tr("Result"), pixels, offset=tuple(offset))
    at = doc.active_layer_index + 1 if index is None else index
    return add_layer_object(doc, new, at, step_name or _tr("New Layer from Result"))


# -- whole-canvas geometry ----------------------------------------------------------------------
ANCHORS: dict[str, tuple[float, float]] = {
    "top-left": (0, 0), "top": (0.5, 0), "top-right": (1, 0),
    "left": (0, 0.5), "center": (0.5, 0.5), "right": (1, 0.5),
    "bottom-left": (0, 1), "bottom": (0.5, 1), "bottom-right": (1, 1),
}


def _check_size(width: int, height: int) -> tuple[int, int]:
    width, height = int(width), int(height)
    if width <= 0 or height <= 0:
        raise DocumentError(_tr("The size must be at least 1 × 1 pixel."))
    if width * height > 1_000_000_000:
        raise DocumentError(_tr("{w} × {h} pixels is too large.").format(w=width, h=height))
    return width, height


def _move_plane(plane: np.ndarray | None, width: int, height: int, dx: int, dy: int) -> np.ndarray | None:
    """A (height, width) copy of a mask/selection with its content moved by (dx, dy); the rest is 0."""
    if plane is None:
        return None
    out = np.zeros((height, width), np.uint8)
    part = intersect((dx, dy, plane.shape[1], plane.shape[0]), (0, 0, width, height))
    if part is not None:
        x, y, w, h = part
        out[y:y + h, x:x + w] = plane[y - dy:y - dy + h, x - dx:x - dx + w]
    return out


def crop_canvas(doc: Document, rect: Rect) -> None:
    """Cut the canvas to ``rect``; layer pixels outside it are discarded."""
    crop = intersect(normalize(rect), doc.canvas_rect)
    if crop is None:
        raise DocumentError(_tr("The crop area is outside the image."))
    cx, cy, cw, ch = crop

    def change() -> None:
        for layer in doc.layers:
            part = intersect(doc.layer_rect(layer), crop)
            if part is None:  # keep a valid (1 x 1, transparent) layer rather than an empty array
                layer.pixels, layer.offset = np.zeros((1, 1, 4), np.uint8), (0, 0)
                continue
            x, y, w, h = part
            lx, ly = x - layer.offset[0], y - layer.offset[1]
            layer.pixels = layer.pixels[ly:ly + h, lx:lx + w].copy()
            layer.offset = (x - cx, y - cy)
        for mask in doc.masks:
            mask.data = mask.data[cy:cy + ch, cx:cx + cw].copy()
        if doc.selection is not None:
            doc.selection = doc.selection[cy:cy + ch, cx:cx + cw].copy()
        doc.width, doc.height = cw, ch

    _record(doc, _tr("Crop"), change, lambda: _whole_image_events(doc))


def resize_canvas(doc: Document, width: int, height: int, anchor: str | tuple[float, float] = "center") -> None:
    """Change the canvas size, placing the old image by ``anchor`` (a name in ANCHORS or fractions
    (fx, fy)). Layers keep all their pixels, also those now off the canvas."""
    width, height = _check_size(width, height)
    fx, fy = ANCHORS[anchor] if isinstance(anchor, str) else anchor
    dx = int(round((width - doc.width) * fx))
    dy = int(round((height - doc.height) * fy))
    if (width, height) == doc.size and dx == dy == 0:
        return

    def change() -> None:
        for layer in doc.layers:
            layer.offset = (layer.offset[0] + dx, layer.offset[1] + dy)
        for mask in doc.masks:
            mask.data = _move_plane(mask.data, width, height, dx, dy)
        doc.selection = _move_plane(doc.selection, width, height, dx, dy)
        doc.width, doc.height = width, height

    _record(doc, _tr("Canvas Size"), change, lambda: _whole_image_events(doc))


def _resize(array: np.ndarray, width: int, height: int, grow: bool) -> np.ndarray:
    """cv2.resize with INTER_CUBIC to enlarge and INTER_AREA to shrink; RGBA with transparency is
    resized premultiplied so transparent pixels' colours do not bleed into the edges."""
    interp = cv2.INTER_CUBIC if grow else cv2.INTER_AREA
    if array.ndim == 2 or array[..., 3].min() == 255:
        return cv2.resize(array, (width, height), interpolation=interp)
    premul = array.astype(np.float32)
    premul[..., :3] *= premul[..., 3:4] * np.float32(1 / 255)
    scaled = np.clip(cv2.resize(premul, (width, height), interpolation=interp), 0, 255)
    alpha = scaled[..., 3:4]
    scaled[..., :3] = np.divide(scaled[..., :3] * 255, alpha, out=np.zeros_like(scaled[..., :3]), where=alpha > 0)
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def scale_image(doc: Document, width: int, height: int) -> None:
    """Resample every layer, mask and the selection to a new image size."""
    width, height = _check_size(width, height)
    if (width, height) == doc.size:
        return
    sx, sy = width / doc.width, height / doc.height
    grow = sx * sy > 1

    def change() -> None:
        for layer in doc.layers:
            lw = max(1, int(round(layer.width * sx)))
            lh = max(1, int(round(layer.height * sy)))
            layer.pixels = _resize(layer.pixels, lw, lh, grow)
            layer.offset = (int(round(layer.offset[0] * sx)), int(round(layer.offset[1] * sy)))
        for mask in doc.masks:
            mask.data = _resize(mask.data, width, height, grow)
        if doc.selection is not None:
            doc.selection = _resize(doc.selection, width, height, grow)
        doc.width, doc.height = width, height

    _record(doc, _tr("Scale Image"), change, lambda: _whole_image_events(doc))


# Whole-image transforms: (function on an array, inverse transform name).
_TRANSFORMS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "rot90": (lambda a: np.rot90(a, -1), "rot270"),  # clockwise
    "rot180": (lambda a: np.rot90(a, 2), "rot180"),
    "rot270": (lambda a: np.rot90(a, 1), "rot90"),
    "flip-h": (lambda a: a[:, ::-1], "flip-h"),
    "flip-v": (lambda a: a[::-1], "flip-v"),
}


def _transform_offset(kind: str, doc_w: int, doc_h: int, layer: Layer) -> tuple[int, int]:
    (ox, oy), w, h = layer.offset, layer.width, layer.height
    return {
        "rot90": (doc_h - oy - h, ox),
        "rot180": (doc_w - ox - w, doc_h - oy - h),
        "rot270": (oy, doc_w - ox - w),
        "flip-h": (doc_w - ox - w, oy),
        "flip-v": (ox, doc_h - oy - h),
    }[kind]


def _transform(doc: Document, kind: str) -> None:
    fn = _TRANSFORMS[kind][0]
    for layer in doc.layers:
        layer.offset = _transform_offset(kind, doc.width, doc.height, layer)
        layer.pixels = np.ascontiguousarray(fn(layer.pixels))
    for mask in doc.masks:
        mask.data = np.ascontiguousarray(fn(mask.data))
    if doc.selection is not None:
        doc.selection = np.ascontiguousarray(fn(doc.selection))
    if kind in ("rot90", "rot270"):
        doc.width, doc.height = doc.height, doc.width


class TransformCommand(Command):
    """A rotation or flip of the whole image; exactly invertible, so it stores no pixels."""

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind

    def redo(self, doc: Document) -> None:
        _transform(doc, self.kind)
        _emit(doc, _whole_image_events(doc))

    def undo(self, doc: Document) -> None:
        _transform(doc, _TRANSFORMS[self.kind][1])
        _emit(doc, _whole_image_events(doc))


def rotate_image(doc: Document, degrees: int) -> None:
    """Rotate the whole image clockwise by 90, 180 or 270 degrees."""
    degrees = int(degrees) % 360
    if degrees not in (90, 180, 270):
        raise DocumentError(_tr("Rotation must be 90, 180 or 270 degrees."))
    names = {90: _tr("Rotate 90° Clockwise"), 180: _tr("Rotate 180°"), 270: _tr("Rotate 90° Counter-clockwise")}
    doc.history.push(TransformCommand(names[degrees], f"rot{degrees}"))  # push checks before applying


def flip_image(doc: Document, horizontal: bool = True) -> None:
    """Mirror the whole image left-right (horizontal) or top-bottom."""
    if horizontal:
        doc.history.push(TransformCommand(_tr("Flip Horizontal"), "flip-h"))
    else:
        doc.history.push(TransformCommand(_tr("Flip Vertical"), "flip-v"))


# -- masks and selection ------------------------------------------------------------------------
def _plane(doc: Document, data: np.ndarray) -> np.ndarray:
    if data.shape != (doc.height, doc.width):
        raise DocumentError(_tr("The mask must be the size of the image."))
    if data.dtype == bool:
        return np.where(data, np.uint8(255), np.uint8(0))
    return np.array(data, dtype=np.uint8, copy=True)


def add_mask(doc: Document, name: str | None = None, data: np.ndarray | None = None) -> Mask:
    """A new mask (empty unless ``data`` given, (H, W) uint8 or bool), made the active one."""
    plane = np.zeros((doc.height, doc.width), np.uint8) if data is None else _plane(doc, data)
    mask = Mask(name or _tr("Mask {n}").format(n=len(doc.masks) + 1), plane)

    def change() -> Mask:
        doc.masks.append(mask)
        doc.active_mask_index = len(doc.masks) - 1
        return mask

    return _record(doc, _tr("Add Mask"), change, lambda: [("masks", None if mask.visible else EMPTY_RECT)])


def delete_mask(doc: Document, mask: Mask | int | None = None) -> None:
    target = _mask(doc, mask)

    def change() -> None:
        at = doc.masks.index(target)
        del doc.masks[at]
        doc.active_mask_index = min(at, len(doc.masks) - 1)

    _record(doc, _tr("Delete Mask"), change, lambda: [("masks", None)])


def set_active_mask(doc: Document, mask: Mask | int | None) -> None:
    """Choose the mask engines use (by Mask, uid, or None for no active mask)."""
    at = -1 if mask is None else doc.masks.index(_mask(doc, mask))
    if at == doc.active_mask_index:
        return
    _record(doc, _tr("Choose Mask"), lambda: setattr(doc, "active_mask_index", at), lambda: [("masks", None)])


def set_selection(doc: Document, data: np.ndarray | None, name: str | None = None) -> None:
    """Replace the selection ((H, W) uint8/bool, or None to deselect) as one step."""
    plane = None if data is None else _plane(doc, data)
    if plane is None and doc.selection is None:
        return
    step = name or (_tr("Deselect") if plane is None else _tr("Select"))
    _record(doc, step, lambda: setattr(doc, "selection", plane), lambda: [("selection", None)])

