"""The pixel side of Edit ▸ Cut / Copy / Copy Merged: what is taken from the document, and clearing it
for Cut (one undo step). Putting pixels on the system clipboard and pasting them is widgets/clipboard.py;
a paste becomes a layer through ``widgets.doc_ops.add_image_layer``. No Qt."""
from __future__ import annotations

import numpy as np

from app import selection_ops
from app.compositor import render_sources, sources_of
from app.document import Document
from app.history import DocumentError
from app.pixel_ops import scale_alpha
from app.texts import translator
from app.tiles import Rect, intersect

_tr = translator("ClipboardOps")


def _area(doc: Document) -> Rect:
    """The selection's bounds, or the whole canvas when nothing is selected."""
    if doc.selection is None:
        return doc.canvas_rect
    box = selection_ops.bounds(doc.selection)
    if box is None:
        raise DocumentError(_tr("Nothing is selected."))
    return box


def copied_pixels(doc: Document, merged: bool = False) -> tuple[np.ndarray, tuple[int, int]]:
    """What Copy takes: straight RGBA (h, w, 4) uint8 of the selection's bounds (the canvas when nothing
    is selected), with alpha scaled by the selection, and that area's canvas (x, y). From the active
    layer, or with ``merged`` from the composite of the visible layers."""
    x, y, w, h = _area(doc)
    if merged:
        pixels = render_sources(sources_of(doc.layers), (x, y, w, h))
    else:
        layer = doc.active_layer
        if layer is None:
            raise DocumentError(_tr("There is no layer to copy from."))
        pixels = np.zeros((h, w, 4), np.uint8)
        part = intersect((x, y, w, h), doc.layer_rect(layer))
        if part is not None:
            px, py, pw, ph = part
            lx, ly = px - layer.offset[0], py - layer.offset[1]
            pixels[py - y:py - y + ph, px - x:px - x + pw] = layer.pixels[ly:ly + ph, lx:lx + pw]
    if doc.selection is not None:
        pixels = scale_alpha(pixels, doc.selection[y:y + h, x:x + w])
    if not pixels[..., 3].any():
        raise DocumentError(_tr("The selected area is empty."))
    return pixels, (x, y)


def clear_selected(doc: Document) -> None:
    """Erase the selected pixels of the active layer (partly where the selection is soft), one step."""
    layer = doc.active_layer
    if layer is None or doc.selection is None:
        raise DocumentError(_tr("Select the area to cut first."))
    shown = intersect(doc.layer_rect(layer), doc.canvas_rect)
    area = None if shown is None else intersect(_area(doc), shown)
    if area is None:
        return
    x, y, w, h = area
    ox, oy = layer.offset
    keep = 255 - doc.selection[y:y + h, x:x + w]
    with doc.history.paint(layer.uid, _tr("Cut")) as tx:
        tx.touch(area)
        view = layer.pixels[y - oy:y - oy + h, x - ox:x - ox + w]
        view[..., 3] = (view[..., 3] * keep.astype(np.uint16) + 127) // 255
    doc.notify("pixels", area)


def cut(doc: Document) -> tuple[np.ndarray, tuple[int, int]]:
    """Copy the selected pixels of the active layer, then erase them there (one undo step)."""
    copied = copied_pixels(doc)
    clear_selected(doc)
    return copied
