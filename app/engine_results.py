"""Putting an engine's result into a document, always as ONE undo step, on the UI thread.

    apply_result(doc, result, mode, name=..., source_layer_uid=None, mask=None) -> what was added/changed
    apply_job_result(job, mode=None)        # job.target is the Document the job was started from

Modes:
    "layer"    a new layer above the source layer (or the active one); ``mask`` becomes its alpha, so the
               result shows only where the mask is on (non-destructive).
    "replace"  the source layer's pixels are replaced (blended through ``mask`` when given). A result of
               another size (an upscale) resizes the whole document instead: every layer, mask and the
               selection are scaled and the source layer becomes the result.
    "mask"     a mask result becomes a new active mask.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from app import layer_ops
from app.document import Document, Layer, Mask
from app.history import Command, DocumentError
from app.texts import translator
from engines.base import EngineResult

if TYPE_CHECKING:
    from app.jobs import Job

MODES = ("layer", "replace", "mask")


_tr = translator("EngineResults")


def _require_ui_thread() -> None:
    """Documents are only changed on the UI thread (listeners repaint widgets)."""
    from PySide6.QtCore import QCoreApplication, QThread

    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is not app.thread():
        raise RuntimeError("engine results must be applied on the UI thread")


def _rgba(image: np.ndarray) -> np.ndarray:
    """uint8 RGBA from an engine image ((H, W) grey, RGB or RGBA; uint8 or uint16)."""
    if image.dtype == np.uint16:
        image = ((image.astype(np.uint32) + 128) // 257).astype(np.uint8)
    return Layer.from_rgb("", np.ascontiguousarray(image, dtype=np.uint8)).pixels


def modes_for(output_kind: str) -> tuple[str, ...]:
    """Modes that make sense for an engine's output kind (first = the default)."""
    if output_kind == "image":
        return ("layer", "replace")
    if output_kind == "mask":
        return ("mask",)
    return ()


# -- commands -------------------------------------------------------------------------------------
@dataclass
class _DocState:
    """Everything a resize changes: canvas size, layers (pixels, offsets), masks' data, selection."""

    width: int
    height: int
    layers: list[Layer]
    mask_data: dict[int, np.ndarray]
    selection: np.ndarray | None
    active_layer_index: int

    @classmethod
    def capture(cls, doc: Document) -> "_DocState":
        return cls(doc.width, doc.height, list(doc.layers), {m.uid: m.data for m in doc.masks},
                   doc.selection, doc.active_layer_index)

    def restore(self, doc: Document) -> None:
        doc.width, doc.height = self.width, self.height
        doc.layers = list(self.layers)
        for m in doc.masks:
            if m.uid in self.mask_data:
                m.data = self.mask_data[m.uid]
        doc.selection = self.selection
        doc.active_layer_index = self.active_layer_index

    def nbytes(self) -> int:
        total = sum(layer.pixels.nbytes for layer in self.layers) + sum(d.nbytes for d in self.mask_data.values())
        return total + (0 if self.selection is None else self.selection.nbytes)


class ReplaceDocumentCommand(Command):
    """Swaps the whole document state (used when a result has another size than the canvas)."""

    def __init__(self, name: str, before: _DocState, after: _DocState) -> None:
        self.name = name
        self.before = before
        self.after = after

    def redo(self, doc: Document) -> None:
        self.after.restore(doc)
        doc.notify("canvas", None)

    def undo(self, doc: Document) -> None:
        self.before.restore(doc)
        doc.notify("canvas", None)

    def held_bytes(self, applied: bool) -> int:
        return (self.before if applied else self.after).nbytes()


# -- applying ---------------------------------------------------------------------------------------
def _source_layer(doc: Document, uid: int | None) -> Layer:
    if uid is not None:
        return doc.layer_by_uid(uid)
    if doc.active_layer is None:
        raise DocumentError(_tr("There is no layer to put the result on."))
    return doc.active_layer


def add_result_layer(doc: Document, image: np.ndarray, name: str, *, source_layer_uid: int | None = None,
                     mask: np.ndarray | None = None) -> Layer:
    """A new layer from an engine image, above the source layer, as one undo step
    (``layer_ops.layer_from_result``). ``mask`` (canvas- or result-sized) becomes the layer's alpha."""
    _require_ui_thread()
    h, w = image.shape[:2]
    source = doc.active_layer if source_layer_uid is None else doc.layer_by_uid(source_layer_uid)
    if source is not None and (h, w) == (source.height, source.width):
        offset = source.offset  # the engine ran on this layer's pixels
    elif (w, h) == (doc.width, doc.height):
        offset = (0, 0)  # the engine ran on the flattened canvas
    else:
        raise DocumentError(_tr("The result is {w} × {h} pixels but the image is {cw} × {ch}: use "
                                "“Replace image” or open the result as a new image.").format(
                                    w=w, h=h, cw=doc.width, ch=doc.height))
    if mask is not None and mask.shape != (h, w):
        mask = mask[offset[1]:offset[1] + h, offset[0]:offset[0] + w]
    index = doc.index_of(source.uid) + 1 if source is not None else len(doc.layers)
    return layer_ops.layer_from_result(doc, image, mask=mask, name=name, offset=offset, index=index,
                                       step_name=name)


def add_result_mask(doc: Document, mask: np.ndarray, name: str) -> Mask:
    """A new active mask from an engine's mask output, as one undo step (``layer_ops.add_mask``)."""
    _require_ui_thread()
    if mask.shape != (doc.height, doc.width):
        mask = cv2.resize(mask, (doc.width, doc.height), interpolation=cv2.INTER_LINEAR)
    return layer_ops.add_mask(doc, name, np.ascontiguousarray(mask, dtype=np.uint8))


def replace_layer_pixels(doc: Document, image: np.ndarray, name: str, *, source_layer_uid: int | None = None,
                         mask: np.ndarray | None = None) -> Layer:
    """Replace a layer's pixels with a same-size result (through ``mask`` when given): one undo step.
    A result of another size resizes the whole document instead (see ``replace_image``)."""
    _require_ui_thread()
    layer = _source_layer(doc, source_layer_uid)
    pixels = _rgba(image)
    if pixels.shape[:2] != layer.pixels.shape[:2]:
        return replace_image(doc, image, name, source_layer_uid=layer.uid)
    if image.ndim == 3 and image.shape[2] == 3:
        pixels[:, :, 3] = layer.pixels[:, :, 3]  # an RGB result keeps the layer's transparency
    with doc.history.paint(layer.uid, name) as tx:
        tx.touch(None)
        if mask is None:
            tx.array[...] = pixels
        else:
            x, y = layer.offset
            local = mask[y:y + layer.height, x:x + layer.width] if mask.shape != pixels.shape[:2] else mask
            weight = local.astype(np.float32)[:, :, None] / 255.0
            blended = tx.array.astype(np.float32) * (1.0 - weight) + pixels.astype(np.float32) * weight
            tx.array[...] = np.clip(np.rint(blended), 0, 255).astype(np.uint8)
    doc.notify("pixels", doc.layer_rect(layer))
    return layer


def replace_image(doc: Document, image: np.ndarray, name: str, *, source_layer_uid: int | None = None) -> Layer:
    """Resize the document to a result of another size (e.g. an upscale): the source layer becomes the
    result, other layers, masks and the selection are scaled to match. One undo step."""
    _require_ui_thread()
    source = _source_layer(doc, source_layer_uid)
    pixels = _rgba(image)
    sx, sy = pixels.shape[1] / source.width, pixels.shape[0] / source.height
    width, height = max(1, round(doc.width * sx)), max(1, round(doc.height * sy))
    before = _DocState.capture(doc)
    layers = []
    for layer in doc.layers:
        offset = (round(layer.offset[0] * sx), round(layer.offset[1] * sy))
        if layer.uid == source.uid:
            new_pixels = pixels
        else:
            size = (max(1, round(layer.width * sx)), max(1, round(layer.height * sy)))
            new_pixels = cv2.resize(layer.pixels, size, interpolation=cv2.INTER_CUBIC)
        layers.append(Layer(name=layer.name, pixels=new_pixels, visible=layer.visible, locked=layer.locked,
                            opacity=layer.opacity, blend_mode=layer.blend_mode, offset=offset, uid=layer.uid))
    masks = {m.uid: cv2.resize(m.data, (width, height), interpolation=cv2.INTER_LINEAR) for m in doc.masks}
    selection = None if doc.selection is None else cv2.resize(doc.selection, (width, height),
                                                               interpolation=cv2.INTER_LINEAR)
    after = _DocState(width, height, layers, masks, selection, doc.active_layer_index)
    doc.history.push(ReplaceDocumentCommand(name, before, after))
    return doc.layer_by_uid(source.uid)


def apply_result(doc: Document, result: EngineResult, mode: str, *, name: str,
                 source_layer_uid: int | None = None, mask: np.ndarray | None = None) -> Layer | Mask:
    """Apply an engine result in ``mode`` ("layer", "replace" or "mask"), as one undo step."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "mask":
        if result.mask is None:
            raise DocumentError(_tr("This result has no mask."))
        return add_result_mask(doc, result.mask, name)
    if result.image is None:
        raise DocumentError(_tr("This result has no image."))
    if mode == "layer":
        return add_result_layer(doc, result.image, name, source_layer_uid=source_layer_uid, mask=mask)
    return replace_layer_pixels(doc, result.image, name, source_layer_uid=source_layer_uid, mask=mask)


def apply_job_result(job: "Job", mode: str | None = None, *, source_layer_uid: int | None = None,
                     mask: np.ndarray | None = None) -> Layer | Mask:
    """Apply a finished job's result to the Document it was started from (``job.target``)."""
    from engines.registry import engine_class

    doc = job.target
    if not isinstance(doc, Document):
        raise DocumentError(_tr("This job was not started from an open image."))
    if job.result is None:
        raise DocumentError(_tr("This job has no result to apply."))
    if mode is None:
        modes = modes_for(engine_class(job.task).output_kind)
        if not modes:
            raise DocumentError(_tr("This result cannot be added to the image."))
        mode = modes[0]
    return apply_result(doc, job.result, mode, name=job.title, source_layer_uid=source_layer_uid, mask=mask)
