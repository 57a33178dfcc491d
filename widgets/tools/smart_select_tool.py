"""Smart Select (Shift+W): drag a box around an object and/or click on it; the segment engine finds it.

A click adds a foreground point, Alt+click a background one (what is not part of the object), a drag sets
the box; with "Drag: Paints the object" a drag paints over what belongs to the object instead (Alt: what
does not), to fix a region the clicks miss. Backspace takes the last prompt back. After each change the
engine's session (opened once per image and method, on the worker thread: ``session_worker.py``) predicts
again off the UI thread, and the predicted area is tinted over the canvas. Enter or a double click commits
it to the selection as one undo step (Shift on the first click or drag adds to the selection, else the
tool's mode applies, as with the other selection tools); Escape drops it. "Refine edge" computes soft
edges (matting) on commit.

The prompts are in canvas pixels; the engine sees the active layer's pixels, so they are moved by the
layer's offset on the way in and the mask is placed at the offset on the way out.
"""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from app import selection_ops
from app.document import Document, Layer
from app.engine_results import canvas_plane
from app.history import DocumentError
from app.texts import Text
from engines.base import EngineResult
from engines.params import Param
from engines.prompts import Box, Points, Prompt, Strokes
from widgets.tools.base import TEXT_CONTEXT, ToolContext, ToolEvent, ToolOption, draw_outline, tr, view_rect
from widgets.tools.selection_tools import SelectionTool
from widgets.tools.session_worker import SessionWorker

TASK = "segment"
DRAG_MIN_VIEW_PX = 5  # a press that moves less than this on screen is a click, not a box
TINT = (40, 150, 255)  # the predicted area's colour over the photo
TINT_ALPHA = 110  # of 255
POINT_RADIUS_VIEW_PX = 5
FG_COLOR, BG_COLOR = QColor(60, 220, 90), QColor(240, 60, 60)
_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Backspace)

REFINE = Param("refine_edge", "bool", False, "Refine edge")
DRAG = Param("drag", "choice", "box", "Drag", choices=("box", "brush"),
             choice_labels=(("box", "Draws a box"), ("brush", "Paints the object (Alt: not the object)")))
BRUSH = Param("brush_size", "int", 20, "Brush size", minimum=2, maximum=500, unit="px")
METHOD = Param("method", "choice", "auto", "Method", choices=("auto", "grabcut"),
               choice_labels=(("auto", "Best available"), ("grabcut", "GrabCut (colour)")))


def overlay_of(result: EngineResult) -> tuple[QImage, QPainterPath]:
    """The predicted mask as a tinted image and its outline (worker thread: QImage and QPainterPath are
    plain values, safe off the UI thread)."""
    mask = result.mask
    if mask is None:
        raise DocumentError(tr("The engine returned no mask."))
    alpha = (mask.astype(np.uint16) * TINT_ALPHA // 255).astype(np.uint8)
    rgba = np.empty((*mask.shape, 4), np.uint8)
    for channel, value in enumerate(TINT):  # premultiplied
        rgba[:, :, channel] = (alpha.astype(np.uint16) * value // 255).astype(np.uint8)
    rgba[:, :, 3] = alpha
    h, w = mask.shape
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888_Premultiplied).copy()
    path = QPainterPath()
    for contour in selection_ops.outline(mask):
        path.addPolygon(QPolygonF([QPointF(float(x) + 0.5, float(y) + 0.5) for x, y in contour]))
        path.closeSubpath()
    return image, path


def stroke_plane(strokes: list[tuple[list[tuple[float, float]], bool, int]], layer: Layer) -> np.ndarray:
    """The painted fixes in the layer's pixels as the engine takes them: 1 = the object, 2 = not it
    (a later stroke paints over an earlier one)."""
    plane = np.zeros((layer.height, layer.width), np.uint8)
    ox, oy = layer.offset
    for path, foreground, size in strokes:
        points = np.round(np.asarray(path, np.float64) - (ox, oy)).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(plane, [points], False, 1 if foreground else 2, max(1, size), cv2.LINE_8)
    return plane


class SmartSelectTool(SelectionTool):
    name = "smart_select"
    shortcut = "Shift+W"
    antialias_option = False

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.refine_edge: bool = REFINE.default
        self.method: str = METHOD.default
        self.drag: str = DRAG.default
        self.brush_size: int = BRUSH.default
        self.worker = SessionWorker(TASK, post=overlay_of, parent=ctx)
        self.worker.ready.connect(self._landed)
        self.worker.failed.connect(self._failed)
        self.box: tuple[float, float, float, float] | None = None  # canvas pixels, x0 < x1, y0 < y1
        self.points: list[tuple[float, float, bool]] = []  # canvas pixels, True = foreground
        # Painted fixes: (canvas polyline, foreground, brush size in px), in the order they were painted.
        self.strokes: list[tuple[list[tuple[float, float]], bool, int]] = []
        self._path: list[tuple[float, float]] | None = None  # the stroke being painted
        self.mask: np.ndarray | None = None  # the newest prediction (the layer's size)
        self._mask_id = 0  # the request it answered
        self._overlay: tuple[QImage, QPainterPath] | None = None
        self._drag: tuple[tuple[float, float], tuple[float, float], bool] | None = None  # start, end, alt
        self._commit_id = 0  # commit when this request's answer lands (0: no commit waiting)
        self._doc: Document | None = None  # the document and layer the prompts are on
        self._layer_uid: int | None = None

    def title(self) -> str:
        return tr("Smart Select")

    def options(self) -> list[ToolOption]:
        return super().options() + [ToolOption.attribute(self, param) for param in (REFINE, METHOD, DRAG, BRUSH)]

    # -- state ------------------------------------------------------------------------------------------
    @property
    def has_prompts(self) -> bool:
        return self.box is not None or bool(self.points) or bool(self.strokes)

    @property
    def busy(self) -> bool:
        """A prediction (or a commit) is on its way."""
        return self.has_prompts and (self._mask_id != self.worker.latest or self._commit_id != 0)

    def _source(self) -> tuple[Document, Layer]:
        doc = self.doc()
        if doc.active_layer is None:
            raise DocumentError(tr("There is no layer to select from."))
        return doc, doc.active_layer

    def _follow(self, doc: Document, layer: Layer) -> None:
        """Start over when the prompts were made on another document or layer."""
        if doc is self._doc and layer.uid == self._layer_uid:
            return
        self.release_session()
        self._doc, self._layer_uid = doc, layer.uid
        doc.subscribe(self._document_changed)

    def release_session(self) -> None:
        """Drop the prompts, the prediction and the engine session."""
        self.cancel()
        self.worker.drop()
        if self._doc is not None:
            self._doc.unsubscribe(self._document_changed)
        self._doc, self._layer_uid = None, None

    def _document_changed(self, what: str, _rect: Any) -> None:
        if what not in ("pixels", "layers", "canvas"):
            return  # a selection or mask change leaves the image the session holds as it was
        self.worker.drop()  # its image is out of date: the next prediction opens a new session
        self.mask, self._overlay, self._commit_id = None, None, 0
        if what == "canvas":
            self.cancel()  # cropped, scaled or rotated: the prompts no longer point at the same things
        elif self.has_prompts:
            QTimer.singleShot(0, self.ctx, self._predict_again)  # not inside the document's own notification
        self.ctx.update_overlay()

    def _predict_again(self) -> None:
        doc = self.ctx.document
        if doc is None or doc is not self._doc or doc.active_layer is None:
            return
        if doc.active_layer.uid != self._layer_uid:
            self.release_session()  # another layer is active now
            self.ctx.update_overlay()
            return
        self._guard(lambda _ev: self.predict(), None)  # type: ignore[arg-type]

    # -- events -----------------------------------------------------------------------------------------
    def on_press(self, ev: ToolEvent) -> None:
        doc, layer = self._source()
        self._follow(doc, layer)
        if ev.double and self.has_prompts:
            self._drag = None
            self.commit()
            return
        if not self.has_prompts:
            self._press_mode = selection_ops.mode_for(ev.shift, False, self.mode)
        self._drag = (ev.pos, ev.pos, ev.alt)
        self._path = [ev.pos] if self.drag == "brush" else None

    def on_move(self, ev: ToolEvent) -> None:
        if self._path is not None:
            self._path.append(ev.pos)
        if self._drag is not None:
            start, _end, alt = self._drag
            self._drag = (start, ev.pos, alt)
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if self._drag is None:
            return
        (x0, y0), _end, alt = self._drag
        path, self._drag, self._path = self._path, None, None
        x1, y1 = ev.pos
        zoom = self.ctx.zoom
        moved = max(abs(x1 - x0), abs(y1 - y0)) * zoom >= DRAG_MIN_VIEW_PX
        if path is not None and (moved or len(path) > 2):
            self.add_stroke([*path, ev.pos], foreground=not alt)
        elif moved and abs(x1 - x0) * zoom >= DRAG_MIN_VIEW_PX and abs(y1 - y0) * zoom >= DRAG_MIN_VIEW_PX:
            self.set_box(x0, y0, x1, y1)
        else:
            self.add_point(x1, y1, foreground=not alt)

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if not self.wants_key(key):
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._guard(lambda _ev: self.commit(), None)  # type: ignore[arg-type]
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            self._guard(lambda _ev: self.undo_prompt(), None)  # type: ignore[arg-type]
        self.ctx.update_overlay()
        return True

    def wants_key(self, key: int) -> bool:
        return self.has_prompts and key in _KEYS

    def deactivate(self) -> None:
        self.release_session()

    def cancel(self) -> None:
        self.box, self.points, self.strokes, self.mask, self._overlay = None, [], [], None, None
        self._path = None
        self._drag, self._commit_id, self._mask_id = None, 0, self.worker.latest
        self.ctx.update_overlay()

    # -- prompts ----------------------------------------------------------------------------------------
    def set_box(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A drag from (x0, y0) to (x1, y1), in canvas pixels: the object is inside (replaces a box)."""
        doc, layer = self._source()
        self._follow(doc, layer)
        self.box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        self.predict()

    def add_point(self, x: float, y: float, foreground: bool = True) -> None:
        """A click in canvas pixels: on the object (``foreground``) or on what is not part of it."""
        doc, layer = self._source()
        self._follow(doc, layer)
        ox, oy = layer.offset
        if not (0 <= x - ox < layer.width and 0 <= y - oy < layer.height):
            return  # beside the layer: nothing to point at
        self.points.append((x, y, foreground))
        self.predict()

    def add_stroke(self, path: list[tuple[float, float]], foreground: bool = True) -> None:
        """A painted fix in canvas pixels: what it covers belongs to the object (``foreground``) or not."""
        doc, layer = self._source()
        self._follow(doc, layer)
        self.strokes.append((path, foreground, int(self.brush_size)))
        self.predict()

    def undo_prompt(self) -> None:
        """Take the last painted fix or click back (the box when nothing else is left)."""
        if self.strokes:
            self.strokes.pop()
        elif self.points:
            self.points.pop()
        else:
            self.box = None
        if self.has_prompts:
            self.predict()
        else:
            self.cancel()

    def prompts(self, layer: Layer) -> list[Prompt]:
        """The prompts in the layer's pixels, as the engine takes them."""
        ox, oy = layer.offset
        out: list[Prompt] = []
        if self.box is not None:
            x0, y0, x1, y1 = self.box
            out.append(Box(max(x0 - ox, 0.0), max(y0 - oy, 0.0), min(x1 - ox, float(layer.width)),
                           min(y1 - oy, float(layer.height))))
        if self.points:
            out.append(Points.of([(x - ox, y - oy) for x, y, _fg in self.points], [fg for *_xy, fg in self.points]))
        if self.strokes:
            out.append(Strokes(stroke_plane(self.strokes, layer)))
        return out

    def predict(self, refine: bool = False) -> int:
        """Ask the session for the current prompts off the UI thread; returns the request's id."""
        doc, layer = self._source()
        self._follow(doc, layer)
        self._commit_id = 0  # a new prompt while a commit waited: the user is not done yet
        key = (id(doc), layer.uid, self.method)
        image = None
        if self.worker.needs_image(key):
            pixels = layer.pixels  # a copy: the layer may be edited on the UI thread while the session reads it
            image = pixels.copy() if (pixels[:, :, 3] < 255).any() else np.ascontiguousarray(pixels[:, :, :3])
        rid = self.worker.request(key, image, self.prompts(layer), {"refine": refine}, self.method)
        self.ctx.update_overlay()
        return rid

    # -- committing -------------------------------------------------------------------------------------
    def commit(self) -> None:
        """Put the predicted area into the selection (one undo step), at once or when the answer lands."""
        if not self.has_prompts:
            return
        if self.refine_edge:
            self._commit_id = self.predict(refine=True)
        elif self.mask is not None and self._mask_id == self.worker.latest:
            self._apply(self.mask)
        else:
            self._commit_id = self.worker.latest

    def _apply(self, mask: np.ndarray) -> None:
        doc, layer = self._source()
        plane = canvas_plane(doc, mask, layer)
        if self.feather > 0:
            plane = selection_ops.feather(plane, self.feather)
        mode = self._press_mode
        self.cancel()
        selection_ops.apply_selection(doc, plane, mode, Text(TEXT_CONTEXT, "Smart Select"))

    def _landed(self, rid: int, result: EngineResult, overlay: tuple[QImage, QPainterPath]) -> None:
        doc = self.ctx.document
        if doc is None or doc is not self._doc or not self.has_prompts or result.mask is None:
            return  # the prompts were dropped or belong to another document
        self.mask, self._mask_id, self._overlay = result.mask, rid, overlay
        if rid == self._commit_id:
            self._commit_id = 0
            self._guard(lambda _ev: self._apply(result.mask), None)  # type: ignore[arg-type]
        self.ctx.update_overlay()

    def _failed(self, message: str) -> None:
        self._commit_id, self._mask_id = 0, self.worker.latest  # settled: the next prompt asks again
        self.ctx.error(message)

    # -- drawing ----------------------------------------------------------------------------------------
    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        doc = self.ctx.document
        if doc is None or doc is not self._doc:
            return
        layer = doc.active_layer
        if self._overlay is not None and layer is not None and layer.uid == self._layer_uid:
            image, path = self._overlay
            painter.save()
            painter.setTransform(QTransform.fromTranslate(*layer.offset) * transform)
            painter.drawImage(QPointF(0, 0), image)
            pen = QPen(QColor(*TINT), 1.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.restore()
        if self.box is not None:
            box = view_rect(transform, *self.box)
            draw_outline(painter, lambda: painter.drawRect(box))
        painted = [*self.strokes, *([(self._path, not self._drag[2], self.brush_size)]
                                    if self._path is not None and self._drag is not None else [])]
        for path, foreground, size in painted:
            pen = QPen(FG_COLOR if foreground else BG_COLOR, max(1.0, size * transform.m11()))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.save()
            painter.setOpacity(0.55)
            painter.setPen(pen)
            painter.drawPolyline(QPolygonF([transform.map(QPointF(x, y)) for x, y in path]))
            painter.restore()
        if self._drag is not None and self._path is None:
            (x0, y0), (x1, y1), _alt = self._drag
            drag = view_rect(transform, x0, y0, x1, y1)
            draw_outline(painter, lambda: painter.drawRect(drag))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for x, y, foreground in self.points:
            centre = transform.map(QPointF(x, y))
            painter.setPen(QPen(QColor(255, 255, 255), 1.5))
            painter.setBrush(FG_COLOR if foreground else BG_COLOR)
            painter.drawEllipse(centre, POINT_RADIUS_VIEW_PX, POINT_RADIUS_VIEW_PX)
            if not foreground:  # a minus sign, so the two kinds differ without colour too
                painter.drawLine(centre + QPointF(-2.5, 0), centre + QPointF(2.5, 0))
        painter.restore()
