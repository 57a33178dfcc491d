"""Operations on the active mask, each one undo step.

Edits of a mask's content go through the history's paint transaction (XOR tile deltas: only tiles that
really changed are kept, compressed), so clearing a mostly empty mask costs almost nothing to undo.
``mask_to_selection`` records through ``layer_ops.set_selection``. No Qt widgets.

Morphology works on grey values (a soft edge stays soft): erode takes each pixel's neighbourhood minimum,
dilate its maximum, open (erode then dilate) removes specks smaller than the kernel, close (dilate then
erode) fills holes smaller than it, and the top-hats keep only what open or close took away.
"""
from __future__ import annotations

from typing import Callable

import cv2
import numpy as np

from app import layer_ops, selection_ops
from app.document import Document, Mask
from app.history import DocumentError
from app.texts import Text, translator
from engines.adjust.filters import MORPHOLOGY

_tr = translator("MaskOps")

MORPHOLOGY_OPERATIONS = tuple(MORPHOLOGY)  # erode, dilate, open, close, tophat, blackhat
MORPHOLOGY_SHAPES = {"ellipse": cv2.MORPH_ELLIPSE, "square": cv2.MORPH_RECT}


def ensure_mask(doc: Document) -> Mask:
    """The active mask, creating an empty one named "Mask" (its own undo step) when there is none."""
    if doc.active_mask is not None:
        return doc.active_mask
    return layer_ops.add_mask(doc, _tr("Mask"))


def _active(doc: Document) -> Mask:
    mask = doc.active_mask
    if mask is None:
        raise DocumentError(_tr("There is no mask to work on."))
    return mask


def _edit(doc: Document, name: str, compute: Callable[[np.ndarray], np.ndarray], mask: Mask | None = None) -> bool:
    """Replace the mask's content with ``compute(current)`` as one step; False when nothing changed."""
    mask = mask or _active(doc)
    new = compute(mask.data)
    if new.shape != mask.data.shape:
        raise DocumentError(_tr("The mask must be the size of the image."))
    if np.array_equal(new, mask.data):
        return False
    with doc.history.paint(mask.uid, name) as tx:
        tx.touch(None)
        tx.array[...] = new
    doc.notify("masks", None)
    return True


def clear_mask(doc: Document) -> bool:
    return _edit(doc, _tr("Clear Mask"), np.zeros_like)


def fill_mask(doc: Document, value: int = 255) -> bool:
    """Fill the mask (within the selection, if there is one) with ``value``."""
    sel = doc.selection

    def compute(data: np.ndarray) -> np.ndarray:
        if sel is None:
            return np.full_like(data, value)
        w = sel.astype(np.float32) / 255
        return np.rint(data * (1 - w) + value * w).astype(np.uint8)

    return _edit(doc, _tr("Fill Mask"), compute)


def invert_mask(doc: Document) -> bool:
    return _edit(doc, _tr("Invert Mask"), lambda d: 255 - d)


def grow_mask(doc: Document, radius: int) -> bool:
    return _edit(doc, _tr("Grow Mask"), lambda d: selection_ops.grow(d, radius))


def shrink_mask(doc: Document, radius: int) -> bool:
    return _edit(doc, _tr("Shrink Mask"), lambda d: selection_ops.shrink(d, radius))


def feather_mask(doc: Document, radius: float) -> bool:
    return _edit(doc, _tr("Feather Mask"), lambda d: selection_ops.feather(d, radius))


def morphed(data: np.ndarray, operation: str, radius: int, shape: str = "ellipse") -> np.ndarray:
    """``data`` (H, W) after grey morphology with a (2 * radius + 1)-pixel kernel of ``shape``; the one
    computation behind both the dialog's preview and the undo step, so they agree bit for bit."""
    if operation not in MORPHOLOGY:
        raise ValueError(f"unknown morphology operation {operation!r}; one of {', '.join(MORPHOLOGY)}")
    if shape not in MORPHOLOGY_SHAPES:
        raise ValueError(f"unknown kernel shape {shape!r}; one of {', '.join(MORPHOLOGY_SHAPES)}")
    if radius < 1:
        raise ValueError(f"the radius must be at least 1 pixel, not {radius}")
    # engines.adjust.filters.morphology only knows a round kernel, so its operation table is reused here
    # with the kernel the user chose.
    side = 2 * int(radius) + 1
    kernel = cv2.getStructuringElement(MORPHOLOGY_SHAPES[shape], (side, side))
    return cv2.morphologyEx(data, MORPHOLOGY[operation], kernel)


def _morphology_name(operation: str) -> Text:
    return {
        "erode": _tr("Erode Mask"),
        "dilate": _tr("Dilate Mask"),
        "open": _tr("Remove Specks from Mask"),
        "close": _tr("Fill Holes in Mask"),
        "tophat": _tr("White Top-Hat of Mask"),
        "blackhat": _tr("Black Top-Hat of Mask"),
    }[operation]


def morphology(doc: Document, operation: str, radius: int, shape: str = "ellipse") -> bool:
    """Erode, dilate, open, close, white or black top-hat the active mask (see ``morphed``) as one step
    named after the operation; False when the mask did not change."""
    result = morphed(_active(doc).data, operation, radius, shape)
    return _edit(doc, _morphology_name(operation), lambda _d: result)


def mask_from_selection(doc: Document) -> bool:
    """Set the active mask (created if needed) to the selection."""
    if doc.selection is None:
        raise DocumentError(_tr("Nothing is selected."))
    sel = doc.selection.copy()
    return _edit(doc, _tr("Mask from Selection"), lambda d: sel, ensure_mask(doc))


def mask_to_selection(doc: Document) -> None:
    """Select what the active mask covers (an empty mask deselects)."""
    data = _active(doc).data
    layer_ops.set_selection(doc, data.copy() if data.any() else None, _tr("Selection from Mask"))
