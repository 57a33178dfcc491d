"""Layer masks as user operations: add (reveal all, hide all, from the selection), delete, apply into the
layer's alpha, disable/enable, invert, and the choice of what painting tools edit. Each change is one undo
step (``app.snapshots.record``); painting a layer mask goes through ``doc.history.paint`` with a
``LayerMaskTarget`` like any other plane.
"""
from __future__ import annotations

from typing import Literal

import numpy as np

from app.document import Document, Layer, LayerMaskTarget
from app.history import DocumentError
from app.pixel_ops import scale_alpha
from app.snapshots import Event, record
from app.texts import translator

_tr = translator("LayerOps")

Fill = Literal["reveal", "hide", "selection"]
FILLS: tuple[Fill, ...] = ("reveal", "hide", "selection")


def _layer(doc: Document, layer: Layer | None) -> Layer:
    target = layer if layer is not None else doc.active_layer
    if target is None:
        raise DocumentError(_tr("There is no layer."))
    return target


def _with_mask(doc: Document, layer: Layer | None) -> Layer:
    target = _layer(doc, layer)
    if target.mask is None:
        raise DocumentError(_tr("The layer “{name}” has no layer mask.").format(name=target.name))
    return target


def _events(doc: Document, layer: Layer) -> list[Event]:
    return [("pixels", doc.layer_rect(layer)), ("layers", (0, 0, 0, 0))]


def _selection_part(doc: Document, layer: Layer) -> np.ndarray:
    """The selection under the layer's area, (h, w) uint8; 0 where the layer reaches past the canvas."""
    out = np.zeros((layer.height, layer.width), np.uint8)
    if doc.selection is None:
        return out
    x, y = layer.offset
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + layer.width, doc.width), min(y + layer.height, doc.height)
    if x1 > x0 and y1 > y0:
        out[y0 - y:y1 - y, x0 - x:x1 - x] = doc.selection[y0:y1, x0:x1]
    return out


def add_layer_mask(doc: Document, fill: Fill = "reveal", layer: Layer | None = None) -> Layer:
    """Give a layer a mask: all white (shows everything), all black (hides everything) or the selection
    (shows only what is selected); painting tools then edit the mask."""
    target = _layer(doc, layer)
    if target.mask is not None:
        raise DocumentError(_tr("The layer “{name}” already has a layer mask.").format(name=target.name))
    if fill == "selection":
        if doc.selection is None:
            raise DocumentError(_tr("Nothing is selected."))
        data = _selection_part(doc, target)
    elif fill in ("reveal", "hide"):
        data = np.full((target.height, target.width), 255 if fill == "reveal" else 0, np.uint8)
    else:
        raise ValueError(f"fill must be one of {FILLS}, not {fill!r}")

    def change() -> Layer:
        target.mask, target.mask_enabled = data, True
        doc.editing_layer_mask = True
        return target

    return record(doc, _tr("Add Layer Mask"), change, lambda: _events(doc, target))


def delete_layer_mask(doc: Document, layer: Layer | None = None) -> None:
    """Drop the mask: the layer shows all its pixels again."""
    target = _with_mask(doc, layer)

    def change() -> None:
        target.mask = None
        doc.editing_layer_mask = False

    record(doc, _tr("Delete Layer Mask"), change, lambda: _events(doc, target))


def apply_layer_mask(doc: Document, layer: Layer | None = None) -> None:
    """Bake the mask into the layer's alpha (what the layer shows stays the same) and drop it."""
    target = _with_mask(doc, layer)
    if target.locked:
        raise DocumentError(_tr("The layer “{name}” is locked.").format(name=target.name))
    assert target.mask is not None
    pixels = scale_alpha(target.pixels, target.mask) if target.mask_enabled else target.pixels

    def change() -> None:
        target.pixels, target.mask = pixels, None
        doc.editing_layer_mask = False

    record(doc, _tr("Apply Layer Mask"), change, lambda: _events(doc, target))


def set_layer_mask_enabled(doc: Document, enabled: bool, layer: Layer | None = None) -> None:
    """Disable (show the layer as if it had no mask) or enable the mask again."""
    target = _with_mask(doc, layer)
    if target.mask_enabled == enabled:
        return

    def change() -> None:
        target.mask_enabled = enabled

    record(doc, _tr("Enable Layer Mask") if enabled else _tr("Disable Layer Mask"), change,
           lambda: _events(doc, target))


def invert_layer_mask(doc: Document, layer: Layer | None = None) -> None:
    """Show what was hidden and hide what was shown."""
    target = _with_mask(doc, layer)
    assert target.mask is not None
    inverted = 255 - target.mask

    def change() -> None:
        target.mask = inverted

    record(doc, _tr("Invert Layer Mask"), change, lambda: _events(doc, target))


def edit_layer_mask(doc: Document, editing: bool) -> None:
    """Choose what painting tools edit on the active layer: its mask (True) or its pixels. Not a history
    step, like choosing the active layer."""
    layer = doc.active_layer
    editing = bool(editing and layer is not None and layer.mask is not None)
    if editing != doc.editing_layer_mask:
        doc.editing_layer_mask = editing
        doc.notify("layers", (0, 0, 0, 0))


def paint_target(doc: Document, layer: Layer) -> Layer | LayerMaskTarget:
    """What a painting tool's transaction on ``layer`` edits: its mask while the mask is being edited."""
    if doc.editing_layer_mask and layer.mask is not None and layer is doc.active_layer:
        return LayerMaskTarget(layer.uid)
    return layer
