"""What the menus and panels ask of the document, expressed with app.layer_ops and app.selection_ops
(one undoable step each).

Kept in one place so that the main window and the layers panel agree on names and on which errors are
the user's (shown as a message) rather than bugs.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication

from app import layer_ops, mask_ops, selection_ops
from app.document import BlendMode, Document, Layer
from app.files.errors import FileError
from app.history import DocumentError
from app.pixel_ops import to_rgba
from app.texts import Text
from engines.base import EngineError

# Exceptions whose message is written for the user: show it, do not log a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (DocumentError, FileError, EngineError)


# -- layers ---------------------------------------------------------------------------------------
def add_layer(doc: Document) -> Layer:
    return layer_ops.add_layer(doc)


def duplicate_layer(doc: Document) -> Layer:
    return layer_ops.duplicate_layer(doc)


def delete_layer(doc: Document) -> None:
    layer_ops.delete_layer(doc)


def merge_down(doc: Document) -> Layer:
    return layer_ops.merge_down(doc)


def move_layer(doc: Document, direction: int) -> None:
    """+1 moves the active layer up the stack (towards the top), -1 down."""
    if direction > 0:
        layer_ops.move_layer_up(doc)
    else:
        layer_ops.move_layer_down(doc)


def set_layer_visible(doc: Document, uid: int, visible: bool) -> None:
    layer_ops.set_layer_visible(doc, uid, visible)


def set_layer_locked(doc: Document, uid: int, locked: bool) -> None:
    layer_ops.set_layer_locked(doc, uid, locked)


def set_layer_opacity(doc: Document, uid: int, opacity: float) -> None:
    layer_ops.set_layer_opacity(doc, uid, opacity)


def set_layer_blend_mode(doc: Document, uid: int, mode: BlendMode) -> None:
    layer_ops.set_layer_blend_mode(doc, uid, mode)


def rename_layer(doc: Document, uid: int, name: str) -> None:
    layer_ops.rename_layer(doc, uid, name)


def set_layer_properties(doc: Document, uid: int, *, name: str, opacity: float, blend_mode: BlendMode,
                         locked: bool) -> None:
    """Layer ▸ Layer Properties…: every changed property as one undo step."""
    with doc.history.group(Text("DocOps", "Layer Properties")):
        layer_ops.rename_layer(doc, uid, name)
        layer_ops.set_layer_opacity(doc, uid, opacity)
        layer_ops.set_layer_blend_mode(doc, uid, blend_mode)
        layer_ops.set_layer_locked(doc, uid, locked)


def flatten(doc: Document) -> Layer:
    return layer_ops.flatten(doc)


def merge_visible(doc: Document) -> Layer:
    return layer_ops.merge_visible(doc)


def layer_from_selection(doc: Document) -> Layer:
    return layer_ops.layer_from_selection(doc)


def add_image_layer(doc: Document, pixels: np.ndarray, name: str, step_name: str,
                    centre: tuple[float, float] | None = None) -> Layer:
    """An image (placed or pasted) as a new layer above the active one, centred on ``centre`` (canvas
    coordinates; the canvas's centre when None), as one undo step."""
    h, w = pixels.shape[:2]
    cx, cy = centre if centre is not None else (doc.width / 2, doc.height / 2)
    offset = (math.floor(cx - w / 2), math.floor(cy - h / 2))  # (W - w) // 2 on the canvas's centre
    return layer_ops.add_layer(doc, name, pixels=to_rgba(pixels), offset=offset, step_name=step_name)


def add_layers(doc: Document, layers: list[Layer], step_name: str) -> None:
    """Put imported layers (bottom to top) above the active layer, as one undo step."""
    at = doc.active_layer_index + 1
    with doc.history.group(step_name):
        for offset, layer in enumerate(layers):
            layer_ops.add_layer_object(doc, layer, at + offset, step_name)


# -- masks ----------------------------------------------------------------------------------------
def set_active_mask(doc: Document, uid: int | None) -> None:
    layer_ops.set_active_mask(doc, uid)


def delete_mask(doc: Document) -> None:
    if doc.active_mask is None:
        raise DocumentError(QCoreApplication.translate("DocOps", "There is no mask to delete."))
    layer_ops.delete_mask(doc)


def mask_from_selection(doc: Document) -> None:
    if doc.selection is None or not doc.selection.any():
        raise DocumentError(QCoreApplication.translate("DocOps", "Nothing is selected."))
    layer_ops.add_mask(doc, data=doc.selection)


def clear_mask(doc: Document) -> None:
    mask_ops.clear_mask(doc)


def fill_mask(doc: Document) -> None:
    mask_ops.fill_mask(doc)


def invert_mask(doc: Document) -> None:
    mask_ops.invert_mask(doc)


def grow_mask(doc: Document, radius: int) -> None:
    mask_ops.grow_mask(doc, radius)


def shrink_mask(doc: Document, radius: int) -> None:
    mask_ops.shrink_mask(doc, radius)


def feather_mask(doc: Document, radius: float) -> None:
    mask_ops.feather_mask(doc, radius)


def selection_from_mask(doc: Document) -> None:
    mask_ops.mask_to_selection(doc)


# -- selection ------------------------------------------------------------------------------------
def select_all(doc: Document) -> None:
    selection_ops.select_all(doc)


def select_none(doc: Document) -> None:
    selection_ops.select_none(doc)


def invert_selection(doc: Document) -> None:
    selection_ops.invert_selection(doc)


def grow_selection(doc: Document, radius: int) -> None:
    selection_ops.grow_selection(doc, radius)


def shrink_selection(doc: Document, radius: int) -> None:
    selection_ops.shrink_selection(doc, radius)


def feather_selection(doc: Document, radius: float) -> None:
    selection_ops.feather_selection(doc, radius)


def border_selection(doc: Document, width: int) -> None:
    selection_ops.border_selection(doc, width)


# -- whole image ----------------------------------------------------------------------------------
def crop_to_selection(doc: Document) -> None:
    if doc.selection is None or not doc.selection.any():
        raise DocumentError(QCoreApplication.translate("DocOps", "Select the area to keep first."))
    ys, xs = np.nonzero(doc.selection)
    x0, y0 = int(xs.min()), int(ys.min())
    layer_ops.crop_canvas(doc, (x0, y0, int(xs.max()) - x0 + 1, int(ys.max()) - y0 + 1))


def rotate(doc: Document, degrees: int) -> None:
    layer_ops.rotate_image(doc, degrees)


def flip(doc: Document, horizontal: bool) -> None:
    layer_ops.flip_image(doc, horizontal)
