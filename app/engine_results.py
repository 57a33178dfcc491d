"""Putting an engine's result into a document, always as ONE undo step, on the UI thread: the only way
engine results enter a document.

    apply_result(doc, result, mode, name=..., source_layer_uid=None, mask=None) -> what was added/changed
    apply_job_result(job, mode=None)        # job.target is the Document the job was started from
    is_stale(job)                           # the document changed since the job was submitted

Modes:
    "layer"    a new layer above the source layer (or the active one); ``mask`` becomes its layer mask, so
               the result shows only where the mask is on, and painting the mask shows more or less of it.
    "replace"  the source layer's pixels are replaced (blended through ``mask`` when given). A result of
               another size (an upscale) resizes the whole document instead: every layer, mask and the
               selection are scaled and the source layer becomes the result.
    "mask"     a mask result becomes a new active mask.
    "selection" a mask result becomes the selection (placed at the source layer's offset).
    "alpha"    a mask result multiplies the source layer's alpha (remove the background).
A mask result in "layer" mode is the source layer's pixels cut out by the mask, on a new layer.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from app import layer_ops
from app.document import Document, Layer, Mask
from app.geometry import Scale, transform_planes
from app.history import DocumentError, StaleResultError
from app.pixel_ops import to_rgba
from app.snapshots import record, whole_image_events
from app.texts import translator
from engines.base import EngineResult

if TYPE_CHECKING:
    from app.jobs import Job

MODES = ("layer", "replace", "mask", "selection", "alpha")


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
        return ("mask", "selection", "layer", "alpha")
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
    (``layer_ops.layer_from_result``). ``mask`` (canvas- or result-sized) becomes its layer mask."""
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


def canvas_plane(doc: Document, mask: np.ndarray, layer: Layer | None) -> np.ndarray:
    """A canvas-sized plane from an engine mask made on ``layer``'s pixels (pasted at its offset, zeros
    elsewhere) or on the canvas; any other size is resized to the layer (or canvas) first."""
    if mask.shape == (doc.height, doc.width) and (layer is None or layer.offset == (0, 0)):
        return np.ascontiguousarray(mask, dtype=np.uint8)
    if layer is None:
        return cv2.resize(mask, (doc.width, doc.height), interpolation=cv2.INTER_LINEAR)
    if mask.shape != (layer.height, layer.width):
        mask = cv2.resize(mask, (layer.width, layer.height), interpolation=cv2.INTER_LINEAR)
    out = np.zeros((doc.height, doc.width), np.uint8)
    (ox, oy), (x0, y0) = layer.offset, (max(layer.offset[0], 0), max(layer.offset[1], 0))
    x1, y1 = min(ox + layer.width, doc.width), min(oy + layer.height, doc.height)
    if x1 > x0 and y1 > y0:
        out[y0:y1, x0:x1] = mask[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
    return out


def layer_plane(doc: Document, mask: np.ndarray, layer: Layer) -> np.ndarray:
    """``mask`` as ``layer`` sees it: a layer-sized mask as is, a canvas-sized one cut at the layer's offset
    (zeros where the layer leaves the canvas)."""
    if mask.shape == (layer.height, layer.width):
        return np.ascontiguousarray(mask, dtype=np.uint8)
    if mask.shape != (doc.height, doc.width):
        raise DocumentError(_tr("The mask does not have the size of the layer."))
    out = np.zeros((layer.height, layer.width), np.uint8)
    ox, oy = layer.offset
    x0, y0 = max(ox, 0), max(oy, 0)
    x1, y1 = min(ox + layer.width, doc.width), min(oy + layer.height, doc.height)
    if x1 > x0 and y1 > y0:
        out[y0 - oy:y1 - oy, x0 - ox:x1 - ox] = mask[y0:y1, x0:x1]
    return out


def select_result(doc: Document, mask: np.ndarray, name: str, *, source_layer_uid: int | None = None,
                  mode: str = "replace") -> None:
    """A mask result as the selection (``mode``: "replace", "add", "subtract", "intersect"), one undo step;
    an empty result deselects."""
    from app import selection_ops  # selection_ops imports layer_ops, as this module does: no cycle, lazily

    _require_ui_thread()
    layer = doc.active_layer if source_layer_uid is None else doc.layer_by_uid(source_layer_uid)
    selection_ops.apply_selection(doc, canvas_plane(doc, mask, layer), mode, name)


def alpha_result(doc: Document, mask: np.ndarray, name: str, *, source_layer_uid: int | None = None) -> Layer:
    """Multiply the source layer's alpha by a mask result (255 keeps, 0 clears): remove the background,
    as one undo step. The colours stay, so undo and a later mask edit lose nothing."""
    _require_ui_thread()
    layer = _source_layer(doc, source_layer_uid)
    keep = layer_plane(doc, mask, layer).astype(np.uint16)
    with doc.history.paint(layer.uid, name) as tx:
        tx.touch(None)
        alpha = tx.array[:, :, 3].astype(np.uint16)
        tx.array[:, :, 3] = ((alpha * keep + 127) // 255).astype(np.uint8)
    doc.notify("pixels", doc.layer_rect(layer))
    return layer


def cutout_layer(doc: Document, mask: np.ndarray, name: str, *, source_layer_uid: int | None = None) -> Layer:
    """The source layer's pixels where a mask result is on, as a new layer above it: one undo step."""
    layer = _source_layer(doc, source_layer_uid)
    return add_result_layer(doc, layer.pixels, name, source_layer_uid=layer.uid,
                            mask=layer_plane(doc, mask, layer))


def apply_result(doc: Document, result: EngineResult, mode: str, *, name: str,
                 source_layer_uid: int | None = None, mask: np.ndarray | None = None) -> Layer | Mask | None:
    """Apply an engine result in ``mode`` (one of ``MODES``), as one undo step. Returns the layer or mask
    added or changed (None for "selection")."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode in ("mask", "selection", "alpha") or (mode == "layer" and result.image is None):
        if result.mask is None:
            raise DocumentError(_tr("This result has no mask."))
        if mode == "selection":
            select_result(doc, result.mask, name, source_layer_uid=source_layer_uid)
            return None
        if mode == "alpha":
            return alpha_result(doc, result.mask, name, source_layer_uid=source_layer_uid)
        if mode == "layer":
            return cutout_layer(doc, result.mask, name, source_layer_uid=source_layer_uid)
        layer = doc.active_layer if source_layer_uid is None else doc.layer_by_uid(source_layer_uid)
        return add_result_mask(doc, canvas_plane(doc, result.mask, layer), name)
    if result.image is None:
        raise DocumentError(_tr("This result has no image."))
    if mode == "layer":
        return add_result_layer(doc, result.image, name, source_layer_uid=source_layer_uid, mask=mask)
    return replace_layer_pixels(doc, result.image, name, source_layer_uid=source_layer_uid, mask=mask)


def is_stale(job: "Job") -> bool:
    """True when the job's document changed (a step pushed, undone or redone) since the job was submitted.
    A job without a document (``target`` not a Document) is never stale."""
    doc = job.target
    return isinstance(doc, Document) and job.revision != doc.history.revision


def apply_job_result(job: "Job", mode: str | None = None, *, source_layer_uid: int | None = None,
                     mask: np.ndarray | None = None, allow_stale: bool = False) -> Layer | Mask | None:
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
        cls = engine_class(job.task)
        modes = cls.result_modes or modes_for(cls.output_kind)
        if not modes:
            raise DocumentError(_tr("This result cannot be added to the image."))
        mode = modes[0]
    return apply_result(doc, job.result, mode, name=job.title, source_layer_uid=source_layer_uid, mask=mask)
