"""An engine's result on the canvas while its dialog is open: the visible part of the active layer, computed
off the UI thread with the dialog's options, mask and model, drawn over the layer right of a split line.

    preview = canvas_preview_for(dialog)   # None unless the engine says ``canvas_preview`` and a canvas shows it
    preview.show_options(options, model_id, mask, device)   # the dialog's (debounced) preview request

What is computed, so that the preview equals the result at the scale it is seen (``plan``):

- at 100 % and closer: the visible part of the layer, in image pixels;
- zoomed out: the same full-resolution part, resampled (area) to the screen's pixels, while the part has at
  most ``FULL_RES_LIMIT`` pixels; above that (a large document at fit) a copy of it downscaled to the
  screen's pixels is computed instead. That is exact for point operations but not for sizes in pixels (a
  blur radius acts larger), and the dialog says so under its own preview (``note``).

The part is computed with a margin of ``MARGIN`` image pixels (plus the mask feather) that is cut off
afterwards, so a neighbourhood filter that reaches less far sees what it sees in the full run. Two reach
further: a Gaussian blur radius above about 40 px or a sharpen radius above about 32 px (a level or two off
near the part's edges), and Canny's hysteresis, which follows weak edges any distance.

Operations that measure the whole image (auto contrast and levels, white balance, colour cast, equalise,
CLAHE's tile tables, Sobel's scale: engines/adjust/measured.py) get the whole layer's measurements
(``RecipeEngine.measured``), taken on the worker thread once per options and layer revision (``Measures``;
a pan or zoom reuses them) on the full-size layer, since percentiles of a reduced copy differ. Placed at
the part's offset, they make the part in image pixels equal to the full result's, CLAHE included (its
tables are blended at the whole image's tile positions). On a reduced copy they are applied to averaged
pixels, like the point operations there: close, not exact.

Left of the split line the canvas shows itself (before); right of it the result (after). The window-modal
dialog keeps input from the canvas, so the line follows the split of the dialog's own preview (drag it
there) or ``set_split``. A pan, zoom or resize asks for a new result after a short pause; the last one stays
drawn where it belongs meanwhile. Closing the dialog (OK, Cancel, the job ending) takes the preview away.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any, Callable

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel

from app.document import Document
from app.texts import translator
from app.tiles import Rect, intersect
from engines.adjust.measured import MEASUREMENTS, Measurements
from engines.adjust.recipe_engine import RecipeEngine
from engines.base import Cancelled, Engine, EngineError, RunContext

log = logging.getLogger(__name__)

_tr = translator("EngineDialog")

MARGIN = 128  # image pixels computed around the visible part and cut off: the reach of the filters
FULL_RES_LIMIT = 4_000_000  # zoomed out, parts up to this many pixels are computed at full resolution
VIEW_DELAY_MS = 150  # a pan or zoom asks for one new result when it rests
CHECKER = 8  # the canvas's checkerboard square, behind a result with transparency


@dataclass(frozen=True)
class Region:
    """Where one preview is computed, in layer pixels."""

    rect: Rect  # the visible part of the layer
    padded: Rect  # ``rect`` with the margin, inside the layer
    scale: float  # result pixels per image pixel (1: image pixels)
    reduced: bool  # computed on a downscaled copy: sizes in pixels act larger than in the result


@dataclass(frozen=True)
class Shown:
    """A finished preview."""

    rect: Rect  # canvas pixels it covers
    after: np.ndarray  # the result there at the region's scale, RGB or RGBA uint8
    image: QImage  # ``after`` as drawn
    reduced: bool
    options: dict[str, Any]  # what it was computed with


@dataclass(frozen=True)
class _Run:
    options: dict[str, Any]
    model_id: str | None
    mask: np.ndarray | None  # in layer pixels
    device: str


def plan(visible: Rect, layer_size: tuple[int, int], screen_scale: float, margin: int) -> Region:
    """The region for the visible part ``visible`` of a layer, seen at ``screen_scale`` device pixels per
    image pixel (zoom × device pixel ratio)."""
    x, y, w, h = visible
    scale = min(1.0, screen_scale)
    reduced = scale < 1.0 and w * h > FULL_RES_LIMIT
    x0, y0 = max(0, x - margin), max(0, y - margin)
    x1, y1 = min(layer_size[0], x + w + margin), min(layer_size[1], y + h + margin)
    return Region(visible, (x0, y0, x1 - x0, y1 - y0), scale, reduced)


class ReducedCopy:
    """The last downscaled copy of the layer's part (and of the mask there), kept so that a slider moved
    while the view rests costs the engine only, not a resize of a large part. Used by one worker thread."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._copy: tuple[np.ndarray, np.ndarray | None] = (np.zeros((0, 0, 3), np.uint8), None)

    def get(self, source: np.ndarray, mask: np.ndarray | None, padded: Rect,
            size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray | None]:
        key = (id(source), id(mask), padded, size)
        if key != self._key:
            px, py, pw, ph = padded
            image = cv2.resize(source[py:py + ph, px:px + pw], size, interpolation=cv2.INTER_AREA)
            part = None if mask is None else cv2.resize(mask[py:py + ph, px:px + pw], size,
                                                         interpolation=cv2.INTER_AREA)
            self._key, self._copy = key, (image, part)
        return self._copy


class Measures:
    """The whole layer's measurements for the latest key (options, layer revision), so that a pan or zoom
    reuses them. Used by one worker thread."""

    def __init__(self) -> None:
        self._key: Any = None
        self._found: Measurements | None = None

    def get(self, key: Any, measure: Callable[[], Measurements]) -> Measurements:
        if self._found is None or key != self._key:
            self._found, self._key = measure(), key
        return self._found


def render(engine: type[Engine], source: np.ndarray, run: _Run, region: Region, ctx: RunContext,
           reduced: ReducedCopy, measurements: Measurements | None = None) -> np.ndarray:
    """The engine's result on ``region`` of the layer ``source`` (worker thread); ``measurements``: the whole
    layer's, for a recipe engine."""
    x, y, w, h = region.rect
    px, py, pw, ph = region.padded
    image = source[py:py + ph, px:px + pw]
    mask = None if run.mask is None else run.mask[py:py + ph, px:px + pw]
    options, scale = run.options, region.scale
    if measurements is not None:
        options = {**options, MEASUREMENTS: measurements.at(px, py, scale if region.reduced else 1.0)}
    if region.reduced:
        image, mask = reduced.get(source, run.mask, region.padded,
                                  (max(1, round(pw * scale)), max(1, round(ph * scale))))
        if "feather" in options:  # the mask's soft edge is in pixels: keep its look on the smaller copy
            options = {**options, "feather": options["feather"] * scale}
        ox, oy = round((x - px) * scale), round((y - py) * scale)
        inner = (slice(oy, oy + max(1, round(h * scale))), slice(ox, ox + max(1, round(w * scale))))
    else:
        inner = (slice(y - py, y - py + h), slice(x - px, x - px + w))
    if mask is not None and not mask.any():
        result = image  # nothing of the mask here: the result is the layer as it is
    else:
        out = engine().run(np.ascontiguousarray(image), options, ctx, mask=mask, model_id=run.model_id)
        if out.image is None:
            raise EngineError(_tr("This engine has nothing to preview."))
        result = out.image
    after = np.ascontiguousarray(result[inner])
    if scale < 1.0 and not region.reduced:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        after = cv2.resize(after, size, interpolation=cv2.INTER_AREA)
    return after


def qimage(pixels: np.ndarray) -> QImage:
    """An (H, W, 3|4) uint8 array as a QImage that owns its pixels (straight alpha)."""
    h, w, channels = pixels.shape
    fmt = QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
    return QImage(pixels.data, w, h, channels * w, fmt).copy()


def checker_brush() -> QBrush:
    tile = QPixmap(2 * CHECKER, 2 * CHECKER)
    tile.fill(QColor(204, 204, 204))
    painter = QPainter(tile)
    painter.fillRect(0, 0, CHECKER, CHECKER, QColor(153, 153, 153))
    painter.fillRect(CHECKER, CHECKER, CHECKER, CHECKER, QColor(153, 153, 153))
    painter.end()
    return QBrush(tile)


class _Signals(QObject):
    done = Signal(int, object)  # generation, Shown
    failed = Signal(int)  # generation; the dialog's own preview says why


class _Task(QRunnable):
    def __init__(self, generation: int, work: Callable[[RunContext], Shown], ctx: RunContext,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.work, self.ctx, self.signals = generation, work, ctx, signals

    def run(self) -> None:
        try:
            self.signals.done.emit(self.generation, self.work(self.ctx))
        except Cancelled:
            pass  # a newer request took over
        except EngineError:
            self.signals.failed.emit(self.generation)
        except Exception:  # a preview must never take the editor down
            log.exception("canvas preview failed")
            self.signals.failed.emit(self.generation)


class CanvasPreview(QObject):
    """The preview over ``canvas`` of engine ``engine`` on layer ``layer_uid`` (``source``: the pixels the
    engine is given). ``ready`` follows each result of the latest request, and a request that shows
    nothing (no part of the layer visible, or a failure)."""

    ready = Signal()

    def __init__(self, engine: type[Engine], canvas: Any, host: Any, document: Document, layer_uid: int,
                 source: np.ndarray, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine, self.canvas, self.host = engine, canvas, host
        self.document, self.layer_uid, self.source = document, layer_uid, source
        self.split = 0.5
        self.shown: Shown | None = None
        self.note = QLabel()  # the dialog puts it under its own preview
        self.note.setWordWrap(True)
        self._run: _Run | None = None
        self._closed = False
        self._split_source: Any = None
        self._checker = checker_brush()
        self._reduced = ReducedCopy()
        self._measures = Measures()
        self._measure_key: Any = None
        self._measure_ctx = RunContext()  # cancelled when the options change, not by a pan
        self._generation = 0
        self._ctx: RunContext | None = None
        self._signals = _Signals()  # no parent: a task still running after close emits into nothing
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VIEW_DELAY_MS)
        self._timer.timeout.connect(self.request)
        canvas.zoomChanged.connect(self._view_changed)
        canvas.horizontalScrollBar().valueChanged.connect(self._view_changed)
        canvas.verticalScrollBar().valueChanged.connect(self._view_changed)
        canvas.viewport().installEventFilter(self)  # a resize shows more or less of the layer
        host.painters.insert(0, self.paint)  # under the tools' cursors and the selection outline

    # -- requests -------------------------------------------------------------------------------------
    def show_options(self, options: dict[str, Any], model_id: str | None, mask: np.ndarray | None,
                     device: str) -> None:
        """Compute the preview for these (resolved) options; ``mask`` in layer pixels, or None."""
        self._run = _Run(options, model_id, mask, device)
        self.request()

    def request(self) -> None:
        """Compute the preview for the view as it is now."""
        self._timer.stop()
        run = self._run
        if run is None:
            return
        self._cancel()
        layer = self.document.layer_by_uid(self.layer_uid)
        layer_rect = self.document.layer_rect(layer)
        part = self._visible(layer_rect)
        if part is None:
            self._clear()
            self.ready.emit()
            return
        feather = math.ceil(float(run.options.get("feather", 0.0))) if run.mask is not None else 0
        screen = self.canvas.zoom * self.canvas.devicePixelRatioF()
        region = plan(part, (layer.width, layer.height), screen, MARGIN + feather)
        x, y, w, h = region.rect
        rect = (x + layer_rect[0], y + layer_rect[1], w, h)
        engine, source, reduced, measures = self.engine, self.source, self._reduced, self._measures
        key = (run.options, self.document.history.revision)
        if key != self._measure_key:
            self._measure_ctx.cancel()
            self._measure_key, self._measure_ctx = key, RunContext(device=run.device)
        measure_ctx = self._measure_ctx

        def work(ctx: RunContext) -> Shown:
            measurements = None
            if issubclass(engine, RecipeEngine):
                measurements = measures.get(key, lambda: engine().measured(source, run.options, measure_ctx))
                ctx.check_cancelled()
            after = render(engine, source, run, region, ctx, reduced, measurements)
            return Shown(rect, after, qimage(after), region.reduced, run.options)

        self._ctx = RunContext(device=run.device)
        self._pool.start(_Task(self._generation, work, self._ctx, self._signals))

    def _visible(self, layer_rect: Rect) -> Rect | None:
        """The part of the layer the viewport shows, in layer pixels."""
        view = self.canvas.view_rect_to_image(QRectF(self.canvas.viewport().rect()))
        x0, y0 = math.floor(view.left()), math.floor(view.top())
        seen = (x0, y0, math.ceil(view.right()) - x0, math.ceil(view.bottom()) - y0)
        part = intersect(seen, layer_rect)
        part = None if part is None else intersect(part, self.document.canvas_rect)
        if part is None:
            return None
        return part[0] - layer_rect[0], part[1] - layer_rect[1], part[2], part[3]

    def _view_changed(self, *_args: object) -> None:
        if self._run is not None:
            self._timer.start()

    def _cancel(self) -> None:
        self._generation += 1
        if self._ctx is not None:
            self._ctx.cancel()
        self._pool.clear()

    def _stop_measuring(self) -> None:
        self._measure_ctx.cancel()
        self._measure_key = None

    def _clear(self) -> None:
        self.shown = None
        self.note.clear()
        self.canvas.viewport().update()

    def _done(self, generation: int, shown: Shown) -> None:
        if generation != self._generation:
            return
        self.shown = shown
        self.note.setText(_tr("The canvas shows this at reduced size: sizes in pixels (a radius) look larger "
                              "there than in the result.") if shown.reduced else "")
        self.canvas.viewport().update()
        self.ready.emit()

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._clear()
            self.ready.emit()

    def hide(self) -> None:
        """No preview until the next ``show_options`` (the options are not valid)."""
        self._cancel()
        self._stop_measuring()
        self._timer.stop()
        self._run = None
        self._clear()

    def close(self, *_args: object) -> None:
        """Take the preview off the canvas for good (the dialog closed; a dialog sent to the background
        finishes a second time when its job ends)."""
        if self._closed:
            return
        self._closed = True
        self.hide()
        self.canvas.zoomChanged.disconnect(self._view_changed)
        self.canvas.horizontalScrollBar().valueChanged.disconnect(self._view_changed)
        self.canvas.verticalScrollBar().valueChanged.disconnect(self._view_changed)
        self.canvas.viewport().removeEventFilter(self)
        self.host.painters.remove(self.paint)
        if self._split_source is not None:
            self._split_source.removeEventFilter(self)
            self._split_source = None

    def shutdown(self, timeout_ms: int) -> None:
        """Wait for the worker, so no thread outlives the dialog (tests)."""
        self._cancel()
        self._stop_measuring()
        self._pool.waitForDone(timeout_ms)

    # -- the split line -------------------------------------------------------------------------------
    def set_split(self, fraction: float) -> None:
        """Where the line is, as a fraction of the preview's visible width (0.5: in the middle)."""
        fraction = min(max(fraction, 0.0), 1.0)
        if fraction != self.split:
            self.split = fraction
            self.canvas.viewport().update()

    def follow_split(self, widget: Any) -> None:
        """Keep the line where ``widget`` (a SplitPreview) has its own: it repaints whenever that moves."""
        self._split_source = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._split_source and event.type() == QEvent.Type.Paint:
            self.set_split(watched.split)
        elif event.type() == QEvent.Type.Resize and watched is self.canvas.viewport():
            self._view_changed()
        return False

    # -- painting -------------------------------------------------------------------------------------
    def area(self) -> QRectF:
        """Where the preview is drawn now, in viewport pixels (empty when nothing is)."""
        if self.shown is None or self.canvas.document is not self.document:
            return QRectF()
        target = self.canvas.image_rect_to_view(QRectF(*self.shown.rect))
        return target.intersected(QRectF(self.canvas.viewport().rect()))

    def cut(self) -> float:
        """The split line's x in viewport pixels."""
        area = self.area()
        return area.left() + self.split * area.width()

    def paint(self, painter: QPainter, canvas: Any) -> None:
        shown, area = self.shown, self.area()
        if shown is None or area.isEmpty():
            return
        cut = self.cut()
        after = QRectF(QPointF(cut, area.top()), area.bottomRight())
        painter.save()
        painter.setClipRect(after)
        if shown.after.shape[2] == 4:  # transparency shows the checkerboard, not the layer under it
            origin = canvas.origin()
            brush = QBrush(self._checker)
            brush.setTransform(brush.transform().translate(origin.x(), origin.y()))
            painter.fillRect(after, brush)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, canvas.zoom < 0.999)
        painter.drawImage(canvas.image_rect_to_view(QRectF(*shown.rect)), shown.image)
        painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 220), 1))
        painter.drawLine(QPointF(cut, area.top()), QPointF(cut, area.bottom()))
        self._captions(painter, area, cut)

    @staticmethod
    def _captions(painter: QPainter, area: QRectF, cut: float) -> None:
        metrics = painter.fontMetrics()
        for text, left in ((_tr("Before"), True), (_tr("After"), False)):
            width = metrics.horizontalAdvance(text) + 10
            x = cut - width - 4 if left else cut + 4
            box = QRect(round(x), round(area.top()) + 4, width, metrics.height() + 4)
            painter.fillRect(box, QColor(0, 0, 0, 140))
            painter.setPen(QColor(240, 240, 240))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


def canvas_preview_for(dialog: Any) -> CanvasPreview | None:
    """The canvas preview of an engine dialog over the main window, closed with the dialog; None for an
    engine that is not cheap enough (``Engine.canvas_preview``) or a dialog without a window's canvas."""
    window = dialog.parentWidget()
    canvas, host = getattr(window, "canvas", None), getattr(window, "overlay_host", None)
    if not dialog.cls.canvas_preview or canvas is None or host is None:
        return None
    preview = CanvasPreview(dialog.cls, canvas, host, dialog.document, dialog.layer_uid, dialog.run_image, dialog)
    dialog.finished.connect(preview.close)
    return preview
