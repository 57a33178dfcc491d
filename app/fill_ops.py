"""Bucket fill and gradients on the active layer (or its layer mask while that is edited: a gradient
from black to white fades the layer out), each one undo step (only the changed area is stored).

Both honour the selection: with one, only selected pixels change (soft selections blend). No Qt widgets.
"""
from __future__ import annotations

import numpy as np

from app import layer_masks, selection_ops
from app.document import Document, Layer, LayerMaskTarget
from app.history import DocumentError
from app.pixel_ops import LUMA
from app.texts import translator
from app.tiles import Rect, intersect

RGB = tuple[int, int, int]


_tr = translator("FillOps")


def _layer(doc: Document) -> Layer:
    layer = doc.active_layer
    if layer is None:
        raise DocumentError(_tr("There is no layer to work on."))
    if layer.locked:
        raise DocumentError(_tr("The layer “{name}” is locked.").format(name=layer.name))
    return layer


def _paint_weighted(doc: Document, layer: Layer, name: str, weight: np.ndarray, color: np.ndarray,
                    area: Rect) -> bool:
    """Blend ``color`` ((h, w, 3) or (3,) float) over ``layer`` within canvas ``area`` with ``weight``
    ((h, w) float 0..1 for ``area``), normal "over" compositing, as one step."""
    x, y, w, h = area
    ox, oy = layer.offset
    if not weight.any():
        return False
    target = layer_masks.paint_target(doc, layer)
    if isinstance(target, LayerMaskTarget):
        # On a layer mask the colour's grey is what is painted (black hides, white shows).
        level = np.asarray(color, np.float32) @ np.asarray(LUMA, np.float32)
        with doc.history.paint(target, name) as tx:
            tx.touch(area)
            view = tx.array[y - oy:y - oy + h, x - ox:x - ox + w]
            view[...] = np.rint(view * (1 - weight) + level * weight).astype(np.uint8)
        doc.notify("pixels", area)
        return True
    with doc.history.paint(layer.uid, name) as tx:
        tx.touch(area)
        view = layer.pixels[y - oy:y - oy + h, x - ox:x - ox + w]
        da = view[..., 3].astype(np.float32) / 255
        keep = da * (1 - weight)
        out_a = weight + keep
        safe = np.where(out_a > 0, out_a, 1)[..., None]
        rgb = (np.asarray(color, np.float32) * weight[..., None] + view[..., :3] * keep[..., None]) / safe
        changed = weight > 0
        view[..., :3] = np.where(changed[..., None], np.rint(rgb), view[..., :3]).astype(np.uint8)
        view[..., 3] = np.where(changed, np.rint(out_a * 255), view[..., 3]).astype(np.uint8)
    doc.notify("pixels", area)
    return True


def _layer_area(doc: Document, layer: Layer) -> Rect | None:
    """Where the layer and canvas overlap, narrowed to the selection's bounds when there is one."""
    area = intersect(doc.layer_rect(layer), doc.canvas_rect)
    sel_box = selection_ops.bounds(doc.selection)
    if area is not None and doc.selection is not None:
        area = None if sel_box is None else intersect(area, sel_box)
    return area


def bucket_fill(doc: Document, point: tuple[float, float], color: RGB, tolerance: int = 32,
                contiguous: bool = True, opacity: float = 1.0, sample_merged: bool = False) -> bool:
    """Fill the region like the pixel under ``point`` (canvas coordinates) with ``color``."""
    layer = _layer(doc)
    region = selection_ops.sample_region(doc, point, tolerance, contiguous, sample_merged)
    if doc.selection is not None:
        region = np.minimum(region, doc.selection)
    area = _layer_area(doc, layer)
    box = selection_ops.bounds(region)
    area = None if area is None or box is None else intersect(area, box)
    if area is None:
        return False
    x, y, w, h = area
    weight = region[y:y + h, x:x + w].astype(np.float32) * (float(opacity) / 255)
    return _paint_weighted(doc, layer, _tr("Fill"), weight, np.asarray(color[:3], np.float32), area)


def gradient_t(area: Rect, start: tuple[float, float], end: tuple[float, float], kind: str = "linear") -> np.ndarray:
    """Position 0..1 along the gradient for each pixel centre of canvas ``area``: projection on the
    start->end line ("linear") or distance from start over |end - start| ("radial")."""
    x, y, w, h = area
    xs = np.arange(x, x + w, dtype=np.float32) + 0.5 - start[0]
    ys = np.arange(y, y + h, dtype=np.float32) + 0.5 - start[1]
    dx, dy = end[0] - start[0], end[1] - start[1]
    length2 = dx * dx + dy * dy
    if length2 < 1e-6:
        return np.zeros((h, w), np.float32)
    if kind == "radial":
        t = np.sqrt(ys[:, None] ** 2 + xs[None, :] ** 2) / np.float32(np.sqrt(length2))
    elif kind == "linear":
        t = (ys[:, None] * np.float32(dy) + xs[None, :] * np.float32(dx)) / np.float32(length2)
    else:
        raise ValueError(f"unknown gradient kind {kind!r}")
    return np.clip(t, 0, 1)


def gradient_fill(doc: Document, start: tuple[float, float], end: tuple[float, float], fg: RGB, bg: RGB,
                  kind: str = "linear", opacity: float = 1.0) -> bool:
    """Foreground-to-background gradient over the active layer (within the selection)."""
    layer = _layer(doc)
    area = _layer_area(doc, layer)
    if area is None:
        return False
    x, y, w, h = area
    t = gradient_t(area, start, end, kind)[..., None]
    color = np.asarray(fg[:3], np.float32) * (1 - t) + np.asarray(bg[:3], np.float32) * t
    weight = np.full((h, w), float(opacity), np.float32)
    if doc.selection is not None:
        weight *= doc.selection[y:y + h, x:x + w].astype(np.float32) / 255
    return _paint_weighted(doc, layer, _tr("Gradient"), weight, color, area)
