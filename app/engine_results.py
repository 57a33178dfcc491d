"""Putting an engine's result into a document, always as ONE undo step, on the UI thread: the only way
engine results enter a document.

    apply_result(doc, result, mode, name=..., source_layer_uid=None, mask=None) -> what was added/changed
    apply_job_result(job, mode=None)        # job.target is the Document the job was started from
    is_stale(job)                           # the document changed since the job was submitted

Modes:
    "layer"    a new layer above the source layer (or the active one); ``mask`` becomes its alpha, so the
               result shows only where the mask is on (non-destructive).
    "replace"  the source layer's pixels are replaced (blended through ``mask`` when given). A result of
               another size (an upscale) resizes the whole document instead: every layer, mask and the
               selection are scaled and the source layer becomes the result.
    "mask"     a mask result becomes a new active mask.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from app import layer_ops
from app.document import Document, Layer, Mask
from app.geometry import Scale, transform_planes
from app.history import DocumentError
from app.pixel_ops import to_rgba
from app.snapshots import record, whole_image_events
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


def modes_for(output_kind: str) -> tuple[str, ...]:
    """Modes that make sense for an engine's output kind (first = the default)."""
    if output_kind == "image":
        return ("layer", "replace")
    if output_kind == "mask":
        return ("mask",)
    return ()


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
    if image.shape[:2] != layer.pixels.shape[:2]:
        return replace_image(doc, image, name, source_layer_uid=layer.uid)
    pixels = to_rgba(image)
    if image.ndim == 3 and image.shape[2] == 3:
        pixels[:, :, 3] = layer.pixels[:, :, 3]  # an RGB result keeps the layer's transparency (a new array)
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
    result; other layers, masks and the selection are scaled as Image > Scale does. One undo step.
    The layer keeps the result's array when it already is RGBA (no copy of a large upscale); the array is
    read-only from then on."""
    _require_ui_thread()
    source = _source_layer(doc, source_layer_uid)
    pixels = to_rgba(image)
    sx, sy = pixels.shape[1] / source.width, pixels.shape[0] / source.height
    geometry = Scale(doc.width, doc.height, max(1, round(doc.width * sx)), max(1, round(doc.height * sy)))
    record(doc, name, lambda: transform_planes(doc, geometry, replace={source.uid: pixels}), whole_image_events)
    return source


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


class StaleResultError(DocumentError):
    """The image changed while the job ran: its result belongs to an older state of the document."""


def is_stale(job: "Job") -> bool:
    """True when the job's document changed (a step pushed, undone or redone) since the job was submitted.
    A job without a document (``target`` not a Document) is never stale."""
    doc = job.target
    return isinstance(doc, Document) and job.revision != doc.history.revision


def apply_job_result(job: "Job", mode: str | None = None, *, source_layer_uid: int | None = None,
                     mask: np.ndarray | None = None, allow_stale: bool = False) -> Layer | Mask:
    """Apply a finished job's result to the Document it was started from (``job.target``). A stale result
    (the document changed meanwhile) raises StaleResultError unless ``allow_stale``: the user asked for
    it after the change, knowing the result is of the earlier image."""
    from engines.registry import engine_class

    doc = job.target
    if not isinstance(doc, Document):
        raise DocumentError(_tr("This job was not started from an open image."))
    if job.result is None:
        raise DocumentError(_tr("This job has no result to apply."))
    if not allow_stale and is_stale(job):
        raise StaleResultError(_tr("The image changed while “{title}” was running, so its result was not "
                                   "applied.").format(title=job.title))
    if mode is None:
        modes = modes_for(engine_class(job.task).output_kind)
        if not modes:
            raise DocumentError(_tr("This result cannot be added to the image."))
        mode = modes[0]
    return apply_result(doc, job.result, mode, name=job.title, source_layer_uid=source_layer_uid, mask=mask)
