"""The canvas: paints the document composite with zoom, pan, a checkerboard and the mask overlay.

Coordinates: "image" positions are canvas pixels of the document (float; pixel (x, y) covers
[x, x+1) x [y, y+1)); "view" positions are logical pixels of the viewport widget. The mapping is
view = origin + image * zoom, where origin centres the image when it is smaller than the viewport and
follows the scroll bars otherwise.

Painting tools plug in through ``canvas.tool`` (see ``Tool``); the canvas itself never edits the document.
"""
from __future__ import annotations

import math
import time
from typing import Callable, Protocol, runtime_checkable

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.document import Document
from widgets.doc_bridge import DocBridge

# A paint composites at most this long, then shows what it has and continues on the next event-loop turn:
# opening a 24 MP, 10-layer document or toggling a layer stays responsive instead of freezing for seconds.
PAINT_BUDGET_S = 0.025
COMPOSITE_CHUNK = 512  # large dirty regions are composited in pieces of this side, visible ones first
PIXEL_GRID_MIN_ZOOM = 8.0  # 800 %: each image pixel is big enough to show its edges

MIN_ZOOM = 0.01
MAX_ZOOM = 32.0
ZOOM_STEPS = (
    0.01, 0.02, 0.03, 0.05, 1 / 16, 1 / 12, 1 / 8, 1 / 6, 0.25, 1 / 3, 0.5, 2 / 3,
    1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0,
)
FIT_MARGIN = 16  # logical pixels left around the image by "fit"
CHECKER_SIZE = 8


@runtime_checkable
class Tool(Protocol):
    """What a painting or selection tool implements; positions are image (canvas) coordinates."""

    def press(self, image_pos: QPointF, event: QMouseEvent) -> None: ...

    def move(self, image_pos: QPointF, event: QMouseEvent) -> None: ...

    def release(self, image_pos: QPointF, event: QMouseEvent) -> None: ...


def clamp_zoom(zoom: float) -> float:
    return float(min(max(zoom, MIN_ZOOM), MAX_ZOOM))


def _premultiply(rgba: np.ndarray) -> np.ndarray:
    """Straight RGBA uint8 -> premultiplied (what QPainter blends fastest and what resizing needs)."""
    out = rgba.copy()
    alpha = rgba[..., 3:4].astype(np.uint16)
    out[..., :3] = ((rgba[..., :3].astype(np.uint16) * alpha + 127) // 255).astype(np.uint8)
    return out


def _chunks(region: QRect) -> list[QRect]:
    """``region`` cut into squares of at most COMPOSITE_CHUNK, row by row."""
    if region.width() <= COMPOSITE_CHUNK and region.height() <= COMPOSITE_CHUNK:
        return [region]
    return [QRect(x, y, min(COMPOSITE_CHUNK, region.right() + 1 - x), min(COMPOSITE_CHUNK, region.bottom() + 1 - y))
            for y in range(region.top(), region.bottom() + 1, COMPOSITE_CHUNK)
            for x in range(region.left(), region.right() + 1, COMPOSITE_CHUNK)]


def make_renderer(doc: Document):
    """A compositor that renders on demand; the canvas tracks dirty regions itself from the bridge."""
    from app.compositor import Compositor

    return Compositor(doc, follow=False)


class _DisplayBuffer:
    """A premultiplied RGBA image the size of the canvas, plus a mipmap pyramid for zoom < 1.

    Level k is 1/2**k of the canvas, each pixel the mean of a 2 x 2 block of level k-1 (edges repeated
    where a side is odd). Zoomed out, the view draws the level just larger than the zoom with bilinear
    filtering: no aliasing or shimmer, and changing the zoom costs nothing, where rebuilding one exact
    downscale per zoom step cost a full pass over the canvas (~100 ms at 24 MP). Levels are built once,
    lazily, and a write updates only the blocks it covers in each level."""

    def __init__(self, width: int, height: int) -> None:
        self.pixels = np.zeros((height, width, 4), np.uint8)
        self.image = QImage(self.pixels.data, width, height, width * 4, QImage.Format.Format_RGBA8888_Premultiplied)
        self._levels: list[tuple[np.ndarray, QImage]] = []  # index i holds level i + 1

    @staticmethod
    def _halve(block: np.ndarray, width: int, height: int) -> np.ndarray:
        """Mean of 2 x 2 blocks of ``block`` -> (height, width, 4), repeating the last row/column if odd."""
        bh, bw = block.shape[:2]
        if bh < 2 * height or bw < 2 * width:
            block = cv2.copyMakeBorder(block, 0, 2 * height - bh, 0, 2 * width - bw, cv2.BORDER_REPLICATE)
        return cv2.resize(block, (width, height), interpolation=cv2.INTER_AREA).reshape(height, width, 4)

    def _build_level(self) -> None:
        above = self._levels[-1][0] if self._levels else self.pixels
        h, w = above.shape[:2]
        sw, sh = (w + 1) // 2, (h + 1) // 2
        small = np.ascontiguousarray(self._halve(above, sw, sh))
        self._levels.append((small, QImage(small.data, sw, sh, sw * 4, QImage.Format.Format_RGBA8888_Premultiplied)))

    def write(self, rect: QRect, premultiplied: np.ndarray) -> None:
        x0, y0 = rect.left(), rect.top()
        x1, y1 = x0 + rect.width(), y0 + rect.height()
        self.pixels[y0:y1, x0:x1] = premultiplied
        above = self.pixels
        for small, _ in self._levels:  # refresh only the blocks under the rect, level by level
            x0, y0 = x0 // 2, y0 // 2
            x1, y1 = min(small.shape[1], (x1 + 1) // 2), min(small.shape[0], (y1 + 1) // 2)
            if x1 <= x0 or y1 <= y0:
                return
            small[y0:y1, x0:x1] = self._halve(above[2 * y0:2 * y1, 2 * x0:2 * x1], x1 - x0, y1 - y0)
            above = small

    @staticmethod
    def level_for(zoom: float) -> int:
        """The pyramid level to draw at ``zoom``: the smallest one still at least as large as the view."""
        return max(0, int(math.floor(math.log2(1.0 / zoom) + 1e-9))) if zoom < 1.0 else 0

    def _ensure_level(self, zoom: float) -> int:
        """Build the pyramid down to the level for ``zoom`` (or to 1 px); returns the level to use."""
        wanted = self.level_for(zoom)
        while len(self._levels) < wanted:
            top = self._levels[-1][0] if self._levels else self.pixels
            if min(top.shape[:2]) <= 1:
                break
            self._build_level()
        return min(wanted, len(self._levels))

    def level_pixels(self, zoom: float) -> np.ndarray:
        level = self._ensure_level(zoom)
        return self._levels[level - 1][0] if level else self.pixels

    def scaled(self, zoom: float) -> QImage:
        """The image to draw (with bilinear filtering) at ``zoom``: a pyramid level, built when first needed."""
        level = self._ensure_level(zoom)
        return self._levels[level - 1][1] if level else self.image


class CanvasView(QAbstractScrollArea):
    """Shows the document bound to a DocBridge; zoom 1 %..3200 %, pan, fit, mask overlay."""

    zoomChanged = Signal(float)
    cursorMoved = Signal(object)  # QPointF in image pixels, or None when the pointer leaves the image
    maskOverlayToggled = Signal(bool)
    displayChanged = Signal()  # composited pixels reached the display buffer (the navigator follows it)

    def __init__(self, bridge: DocBridge | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(QSize(160, 120))
        self.tool: Tool | None = None
        self._zoom = 1.0
        self._fit_mode = True  # refit when the viewport resizes until the user zooms by hand
        self._doc: Document | None = None
        self._renderer = None
        self._composite: _DisplayBuffer | None = None
        self._overlay: _DisplayBuffer | None = None
        self._dirty: list[QRect] = []
        self._pending: list[QRect] = []  # pieces of large dirty regions not composited yet
        self._overlay_dirty = True
        self._overlay_dirty_rects: list[QRect] = []
        self._overlay_visible = True
        self._pixel_grid = True  # drawn from PIXEL_GRID_MIN_ZOOM on
        self._overlay_color = QColor(255, 40, 40)
        self._overlay_opacity = 0.45
        self._background = QColor(40, 42, 46)
        self._checker = self._make_checker()
        self._space_down = False
        self._pan_from: tuple[QPoint, int, int] | None = None
        self._bridge: DocBridge | None = None
        self._overlay_painters: list[Callable[[QPainter, "CanvasView"], None]] = []
        if bridge is not None:
            self.set_bridge(bridge)

    # -- document binding ---------------------------------------------------------------------------
    def set_bridge(self, bridge: DocBridge) -> None:
        if self._bridge is not None:
            self._bridge.documentReplaced.disconnect(self._on_document_replaced)
            self._bridge.pixelsChanged.disconnect(self.invalidate_rect)
            self._bridge.masksChanged.disconnect(self._on_masks_changed)
            self._bridge.canvasChanged.disconnect(self._rebuild)
        self._bridge = bridge
        bridge.documentReplaced.connect(self._on_document_replaced)
        bridge.pixelsChanged.connect(self.invalidate_rect)
        bridge.masksChanged.connect(self._on_masks_changed)
        bridge.canvasChanged.connect(self._rebuild)
        self._on_document_replaced(bridge.document)

    @property
    def document(self) -> Document | None:
        return self._doc

    def _on_document_replaced(self, doc: Document | None) -> None:
        self._doc = doc
        self._fit_mode = True
        self._rebuild()

    def _rebuild(self) -> None:
        doc = self._doc
        if doc is None:
            self._renderer = self._composite = self._overlay = None
        else:
            self._renderer = make_renderer(doc)
            self._composite = _DisplayBuffer(doc.width, doc.height)
            self._overlay = _DisplayBuffer(doc.width, doc.height)
            self._dirty = [QRect(0, 0, doc.width, doc.height)]
            self._pending = []
            self._overlay_dirty = True
        if self._fit_mode:
            self.fit_to_view()
        else:
            self.set_zoom(self._zoom)
        self.viewport().update()

    def invalidate_rect(self, rect: QRect) -> None:
        """Re-render ``rect`` (canvas pixels) at the next paint; repaint only its part of the viewport."""
        if self._doc is None:
            return
        rect = rect.intersected(QRect(0, 0, self._doc.width, self._doc.height))
        if rect.isEmpty():
            return
        self._dirty.append(rect)
        self.viewport().update(self.image_rect_to_view(QRectF(rect)).toAlignedRect().adjusted(-1, -1, 1, 1))

    def _on_masks_changed(self, rect: QRect) -> None:
        # A mask-brush dab changes a small rect: re-tint only that part of the overlay, so the mask brush
        # stays fast on large images. A whole-canvas rect (mask added, removed, switched) redoes it all.
        if self._doc is not None and not rect.isEmpty() and rect != QRect(0, 0, self._doc.width, self._doc.height):
            self._overlay_dirty_rects.append(rect)
            self.viewport().update(self.image_rect_to_view(QRectF(rect)).toAlignedRect().adjusted(-1, -1, 1, 1))
            return
        self._overlay_dirty = True
        self.viewport().update()

    def flush(self, budget_s: float | None = None) -> None:
        """Bring the display buffers up to date (tests and screenshots call it directly). With
        ``budget_s`` (paintEvent), stop compositing after that long and schedule another paint for the
        rest: large regions are cut into COMPOSITE_CHUNK pieces, the visible ones first."""
        if self._doc is None or self._composite is None:
            return
        if self._dirty:
            rects = self._dirty
            if len(rects) > 16:  # a long stroke's many small rects: one bounding box is cheaper
                box = rects[0]
                for r in rects[1:]:
                    box = box.united(r)
                rects = [box]
            self._dirty = []
            self._pending = [piece for region in rects for piece in _chunks(region)] + self._pending
            if budget_s is not None and len(self._pending) > 1:
                visible = self.view_rect_to_image(QRectF(self.viewport().rect())).toAlignedRect()
                self._pending.sort(key=lambda r: not r.intersects(visible))  # stable: visible pieces first
        start = time.perf_counter()
        wrote = bool(self._pending)
        while self._pending:
            region = self._pending.pop(0)
            rgba = self._renderer.render((region.x(), region.y(), region.width(), region.height()))
            self._composite.write(region, _premultiply(rgba))
            if budget_s is not None and self._pending and time.perf_counter() - start > budget_s:
                QTimer.singleShot(0, self.viewport().update)
                break
        if wrote:
            self.displayChanged.emit()
        if self._overlay_dirty:
            self._overlay_dirty = False
            self._overlay_dirty_rects = []
            self._paint_overlay()
        elif self._overlay_dirty_rects:
            rects, self._overlay_dirty_rects = self._overlay_dirty_rects, []
            box = rects[0]
            for r in rects[1:]:
                box = box.united(r)
            self._paint_overlay(box.intersected(QRect(0, 0, self._doc.width, self._doc.height)))

    def _paint_overlay(self, region: QRect | None = None) -> None:
        if self._doc is None or self._overlay is None:
            return
        if region is None:
            region = QRect(0, 0, self._doc.width, self._doc.height)
        if region.isEmpty():
            return
        mask = self._doc.active_mask
        if mask is None:
            self._overlay.write(region, 0)
            return
        x, y, w, h = region.x(), region.y(), region.width(), region.height()
        alpha = mask.data[y:y + h, x:x + w].astype(np.float32) * self._overlay_opacity
        premul = np.empty(alpha.shape + (4,), np.uint8)
        for c, value in enumerate(self._overlay_color.getRgb()[:3]):
            premul[..., c] = np.rint(alpha * (value / 255.0)).astype(np.uint8)
        premul[..., 3] = np.rint(alpha).astype(np.uint8)
        self._overlay.write(region, premul)

    def displayed(self, zoom: float) -> np.ndarray:
        """What the canvas shows, premultiplied, from the display pyramid level for ``zoom`` (at least
        that large). Composites for at most one paint budget: it never stalls on a huge document."""
        self.flush(budget_s=PAINT_BUDGET_S)
        if self._composite is None:
            return np.zeros((0, 0, 4), np.uint8)
        return self._composite.level_pixels(zoom)

    def composite(self) -> np.ndarray:
        """The displayed composite as premultiplied RGBA (flushes pending renders first)."""
        self.flush()
        return self._composite.pixels if self._composite is not None else np.zeros((0, 0, 4), np.uint8)

    # -- mask overlay -------------------------------------------------------------------------------
    @property
    def mask_overlay_visible(self) -> bool:
        return self._overlay_visible

    def set_mask_overlay_visible(self, visible: bool) -> None:
        if visible != self._overlay_visible:
            self._overlay_visible = bool(visible)
            self.viewport().update()
            self.maskOverlayToggled.emit(self._overlay_visible)

    def toggle_mask_overlay(self) -> None:
        self.set_mask_overlay_visible(not self._overlay_visible)

    def set_mask_overlay_style(self, color: QColor, opacity: float) -> None:
        self._overlay_color = QColor(color)
        self._overlay_opacity = float(min(max(opacity, 0.0), 1.0))
        self._overlay_dirty = True
        self.viewport().update()

    def set_background(self, color: QColor) -> None:
        self._background = QColor(color)
        self.viewport().update()

    # -- coordinate mapping -------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def _content_size(self) -> tuple[float, float]:
        if self._doc is None:
            return 0.0, 0.0
        return self._doc.width * self._zoom, self._doc.height * self._zoom

    def origin(self) -> QPointF:
        """View position of the image's top-left corner."""
        cw, ch = self._content_size()
        vw, vh = self.viewport().width(), self.viewport().height()
        x = (vw - cw) / 2 if cw <= vw else -self.horizontalScrollBar().value()
        y = (vh - ch) / 2 if ch <= vh else -self.verticalScrollBar().value()
        return QPointF(math.floor(x), math.floor(y))  # whole pixels keep 100 % views crisp

    def image_to_view(self, p: QPointF) -> QPointF:
        o = self.origin()
        return QPointF(o.x() + p.x() * self._zoom, o.y() + p.y() * self._zoom)

    def view_to_image(self, p: QPointF) -> QPointF:
        o = self.origin()
        return QPointF((p.x() - o.x()) / self._zoom, (p.y() - o.y()) / self._zoom)

    def image_rect_to_view(self, r: QRectF) -> QRectF:
        return QRectF(self.image_to_view(r.topLeft()), self.image_to_view(r.bottomRight()))

    def view_rect_to_image(self, r: QRectF) -> QRectF:
        return QRectF(self.view_to_image(r.topLeft()), self.view_to_image(r.bottomRight()))

    # -- zoom and scroll ----------------------------------------------------------------------------
    def _update_scrollbars(self) -> None:
        cw, ch = self._content_size()
        vw, vh = self.viewport().width(), self.viewport().height()
        for bar, content, page in ((self.horizontalScrollBar(), cw, vw), (self.verticalScrollBar(), ch, vh)):
            bar.blockSignals(True)
            bar.setRange(0, max(0, math.ceil(content - page)))
            bar.setPageStep(max(1, page))
            bar.setSingleStep(max(1, page // 20))
            bar.blockSignals(False)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the image point under ``anchor`` (view coordinates; default centre) in place."""
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        fixed = self.view_to_image(anchor)
        self._zoom = clamp_zoom(zoom)
        self._update_scrollbars()
        cw, ch = self._content_size()
        if cw > self.viewport().width():
            self.horizontalScrollBar().setValue(round(fixed.x() * self._zoom - anchor.x()))
        if ch > self.viewport().height():
            self.verticalScrollBar().setValue(round(fixed.y() * self._zoom - anchor.y()))
        self.viewport().update()
        self.zoomChanged.emit(self._zoom)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self._fit_mode = False
        self.set_zoom(self._zoom * factor, anchor)

    def zoom_in(self) -> None:
        self._fit_mode = False
        bigger = [z for z in ZOOM_STEPS if z > self._zoom * 1.001]
        self.set_zoom(bigger[0] if bigger else MAX_ZOOM)

    def zoom_out(self) -> None:
        self._fit_mode = False
        smaller = [z for z in ZOOM_STEPS if z < self._zoom / 1.001]
        self.set_zoom(smaller[-1] if smaller else MIN_ZOOM)

    def actual_pixels(self) -> None:
        """100 %: one image pixel per logical screen pixel."""
        self._fit_mode = False
        self.set_zoom(1.0)

    def fit_zoom(self) -> float:
        if self._doc is None:
            return 1.0
        vw = max(1, self.viewport().width() - 2 * FIT_MARGIN)
        vh = max(1, self.viewport().height() - 2 * FIT_MARGIN)
        return clamp_zoom(min(vw / self._doc.width, vh / self._doc.height))

    def fit_to_view(self) -> None:
        self._fit_mode = True
        self.set_zoom(self.fit_zoom())

    def scroll_by(self, dx: int, dy: int) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt override)
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fit_mode:
            self.set_zoom(self.fit_zoom())
        else:
            self._update_scrollbars()

    # -- painting -----------------------------------------------------------------------------------
    @staticmethod
    def _make_checker() -> QPixmap:
        tile = QPixmap(2 * CHECKER_SIZE, 2 * CHECKER_SIZE)
        tile.fill(QColor(204, 204, 204))
        p = QPainter(tile)
        dark = QColor(153, 153, 153)
        p.fillRect(0, 0, CHECKER_SIZE, CHECKER_SIZE, dark)
        p.fillRect(CHECKER_SIZE, CHECKER_SIZE, CHECKER_SIZE, CHECKER_SIZE, dark)
        p.end()
        return tile

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self._background)
        if self._doc is None or self._composite is None:
            painter.end()
            return
        self.flush(budget_s=PAINT_BUDGET_S)
        target = self.image_rect_to_view(QRectF(0, 0, self._doc.width, self._doc.height))
        brush = QBrush(self._checker)
        brush.setTransform(brush.transform().translate(target.left(), target.top()))
        painter.fillRect(target.intersected(QRectF(event.rect())), brush)
        self._draw_buffer(painter, self._composite, target, QRectF(event.rect()))
        if self._overlay_visible and self._doc.active_mask is not None:
            self._draw_buffer(painter, self._overlay, target, QRectF(event.rect()))
        if self._zoom >= PIXEL_GRID_MIN_ZOOM and self._pixel_grid:
            self._draw_pixel_grid(painter, target, QRectF(event.rect()))
        for paint in list(self._overlay_painters):
            painter.save()
            paint(painter, self)
            painter.restore()
        painter.end()

    def add_overlay_painter(self, fn: Callable[[QPainter, "CanvasView"], None]) -> None:
        """Draw extra things over the image (face boxes, tool cursors...) in view coordinates;
        ``fn(painter, canvas)`` maps positions with ``canvas.image_to_view``."""
        if fn not in self._overlay_painters:
            self._overlay_painters.append(fn)
            self.viewport().update()

    def remove_overlay_painter(self, fn: Callable[[QPainter, "CanvasView"], None]) -> None:
        if fn in self._overlay_painters:
            self._overlay_painters.remove(fn)
            self.viewport().update()

    def _draw_buffer(self, painter: QPainter, buf: _DisplayBuffer, target: QRectF, exposed: QRectF) -> None:
        if self._zoom < 0.999:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, buf.scaled(self._zoom))
            return
        # 100 % and closer: nearest-neighbour, and only the exposed source pixels (big zooms stay cheap).
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        src = self.view_rect_to_image(exposed.intersected(target))
        x0, y0 = max(0, math.floor(src.left())), max(0, math.floor(src.top()))
        x1 = min(self._doc.width, math.ceil(src.right()))
        y1 = min(self._doc.height, math.ceil(src.bottom()))
        if x1 <= x0 or y1 <= y0:
            return
        dest = self.image_rect_to_view(QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.drawImage(dest, buf.image, QRectF(x0, y0, x1 - x0, y1 - y0))

    def _draw_pixel_grid(self, painter: QPainter, target: QRectF, exposed: QRectF) -> None:
        """Hairlines between image pixels at high zoom, only across the exposed part of the view."""
        area = exposed.intersected(target)
        if area.isEmpty():
            return
        src = self.view_rect_to_image(area)
        x0, y0 = max(0, math.floor(src.left())), max(0, math.floor(src.top()))
        x1 = min(self._doc.width, math.ceil(src.right()))
        y1 = min(self._doc.height, math.ceil(src.bottom()))
        pen = QPen(QColor(128, 128, 128, 90))
        pen.setCosmetic(True)  # one device pixel wide at any zoom
        painter.setPen(pen)
        lines = []
        for x in range(x0, x1 + 1):
            top = self.image_to_view(QPointF(x, y0))
            lines.append(QLineF(top, self.image_to_view(QPointF(x, y1))))
        for y in range(y0, y1 + 1):
            left = self.image_to_view(QPointF(x0, y))
            lines.append(QLineF(left, self.image_to_view(QPointF(x1, y))))
        painter.drawLines(lines)

    @property
    def pixel_grid(self) -> bool:
        return self._pixel_grid

    def set_pixel_grid(self, enabled: bool) -> None:
        self._pixel_grid = bool(enabled)
        self.viewport().update()

    # -- input --------------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        mods = event.modifiers()
        delta = event.angleDelta()
        if mods & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            # Shift scrolls sideways, Ctrl scrolls up/down: zoom is the plain wheel in an image editor.
            step = -(delta.y() or delta.x())
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.scroll_by(step, 0)
            else:
                self.scroll_by(0, step)
            event.accept()
            return
        if delta.y() == 0:
            event.ignore()
            return
        # One notch (120) is a factor 2^(1/3); touchpads send smaller deltas and zoom smoothly.
        self.zoom_by(2.0 ** (delta.y() / 360.0), event.position())
        event.accept()

    def _is_pan_start(self, event: QMouseEvent) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_down
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._is_pan_start(event):
            self._pan_from = (event.position().toPoint(), self.horizontalScrollBar().value(),
                              self.verticalScrollBar().value())
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.tool is not None and self._doc is not None:
            self.tool.press(self.view_to_image(event.position()), event)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = self.view_to_image(event.position())
        if self._doc is not None and 0 <= pos.x() < self._doc.width and 0 <= pos.y() < self._doc.height:
            self.cursorMoved.emit(pos)
        else:
            self.cursorMoved.emit(None)
        if self._pan_from is not None:
            start, hx, vy = self._pan_from
            d = event.position().toPoint() - start
            self.horizontalScrollBar().setValue(hx - d.x())
            self.verticalScrollBar().setValue(vy - d.y())
            event.accept()
            return
        if self.tool is not None and self._doc is not None:
            self.tool.move(pos, event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self._update_cursor()
            event.accept()
            return
        if self.tool is not None and self._doc is not None:
            self.tool.release(self.view_to_image(event.position()), event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def set_space_pan(self, down: bool) -> None:
        """Space held (widgets/space_pan.py sees it wherever focus is): a left drag pans."""
        self._space_down = down
        self._update_cursor()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Leave:
            self.cursorMoved.emit(None)
        return super().viewportEvent(event)

    def _update_cursor(self) -> None:
        if self._space_down:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            cursor = getattr(self.tool, "cursor", None)
            if cursor is not None:
                self.viewport().setCursor(cursor)
            else:
                self.viewport().unsetCursor()

    def set_tool(self, tool: Tool | None) -> None:
        self.tool = tool
        self._update_cursor()
