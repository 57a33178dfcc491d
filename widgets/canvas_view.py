"""The canvas: paints the document composite with zoom, pan, a checkerboard and the mask overlay.

Coordinates: "image" positions are canvas pixels of the document (float; pixel (x, y) covers
[x, x+1) x [y, y+1)); "view" positions are logical pixels of the viewport widget. The mapping is
view = origin + image * zoom, where origin centres the image when it is smaller than the viewport and
follows the scroll bars otherwise.

Painting tools plug in through ``canvas.tool`` (see ``Tool``); the canvas itself never edits the document.
"""
from __future__ import annotations

import math
from typing import Callable, Protocol

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.compositor import Compositor
from app.document import Document
from app.tiles import Rect, intersect, union
from widgets.canvas_buffer import DisplayBuffer, mask_tint, premultiply
from widgets.canvas_scheduler import CompositeScheduler
from widgets.doc_bridge import DocBridge

# A paint composites at most this long, then shows what it has and continues on the next event-loop turn:
# opening a 24 MP, 10-layer document or toggling a layer stays responsive instead of freezing for seconds.
PAINT_BUDGET_S = 0.025
PIXEL_GRID_MIN_ZOOM = 8.0  # 800 %: each image pixel is big enough to show its edges

MIN_ZOOM = 0.01
MAX_ZOOM = 32.0
ZOOM_STEPS = (
    0.01, 0.02, 0.03, 0.05, 1 / 16, 1 / 12, 1 / 8, 1 / 6, 0.25, 1 / 3, 0.5, 2 / 3,
    1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0,
)
FIT_MARGIN = 16  # logical pixels left around the image by "fit"
CHECKER_SIZE = 8


class Tool(Protocol):
    """What a painting or selection tool implements; positions are image (canvas) coordinates."""

    def press(self, image_pos: QPointF, event: QMouseEvent) -> None: ...

    def move(self, image_pos: QPointF, event: QMouseEvent) -> None: ...

    def release(self, image_pos: QPointF, event: QMouseEvent) -> None: ...


def clamp_zoom(zoom: float) -> float:
    return float(min(max(zoom, MIN_ZOOM), MAX_ZOOM))


def _as_rect(rect: QRect) -> Rect:
    return rect.x(), rect.y(), rect.width(), rect.height()


class CanvasView(QAbstractScrollArea):
    """Shows the document bound to a DocBridge; zoom 1 %..3200 %, pan, fit, mask overlay."""

    zoomChanged = Signal(float)
    cursorMoved = Signal(object)  # QPointF in image pixels, or None when the pointer leaves the image
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
        self._renderer: Compositor | None = None
        self._composite: DisplayBuffer | None = None
        self._overlay: DisplayBuffer | None = None
        self._scheduler = CompositeScheduler(self._composite_piece)
        self._overlay_all_dirty = True
        self._overlay_dirty: Rect | None = None  # bounding box of mask dabs since the last paint
        self._overlay_visible = True
        self._mask_preview: np.ndarray | None = None  # shown instead of the active mask's data (dialogs)
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
        self._mask_preview = None  # made for the old canvas size or document
        if doc is None:
            self._renderer = self._composite = self._overlay = None
        else:
            self._renderer = Compositor(doc, follow=False)  # renders on demand; dirty regions come from the bridge
            self._composite = DisplayBuffer(doc.width, doc.height)
            self._overlay = DisplayBuffer(doc.width, doc.height)
            self._scheduler.reset(doc.width, doc.height)
            self._overlay_all_dirty = True
        if self._fit_mode:
            self.fit_to_view()
        else:
            self.set_zoom(self._zoom)
        self.viewport().update()

    def _update_image_rect(self, rect: Rect) -> None:
        """Repaint only the part of the viewport that shows canvas ``rect``."""
        x, y, w, h = rect
        self.viewport().update(self.image_rect_to_view(QRectF(x, y, w, h)).toAlignedRect().adjusted(-1, -1, 1, 1))

    def invalidate_rect(self, rect: QRect) -> None:
        """Re-render ``rect`` (canvas pixels) at the next paint; repaint only its part of the viewport."""
        if self._doc is None:
            return
        clipped = self._scheduler.add(_as_rect(rect))
        if clipped is not None:
            self._update_image_rect(clipped)

    def _on_masks_changed(self, rect: QRect) -> None:
        # A mask-brush dab changes a small rect: re-tint only that part of the overlay, so the mask brush
        # stays fast on large images. A whole-canvas rect (mask added, removed, switched) redoes it all.
        if self._doc is not None and not rect.isEmpty() and rect != QRect(0, 0, self._doc.width, self._doc.height):
            self._overlay_dirty = union(self._overlay_dirty, _as_rect(rect))
            self._update_image_rect(_as_rect(rect))
            return
        self._overlay_all_dirty = True
        self.viewport().update()

    @property
    def compositing_done(self) -> bool:
        """True when every dirty region reached the display buffer (benchmarks wait for it)."""
        return self._scheduler.done

    def _composite_piece(self, rect: Rect) -> None:
        self._composite.write(rect, premultiply(self._renderer.render(rect)))

    def _visible_image_rect(self) -> Rect:
        return _as_rect(self.view_rect_to_image(QRectF(self.viewport().rect())).toAlignedRect())

    def flush(self, budget_s: float | None = None) -> None:
        """Bring the display buffers up to date (tests and screenshots call it directly). With
        ``budget_s`` (paintEvent), stop compositing after that long and schedule another paint for the
        rest, the visible pieces first (see widgets/canvas_scheduler.py)."""
        if self._doc is None:
            return
        visible = self._visible_image_rect() if budget_s is not None else None
        if self._scheduler.run(budget_s, visible):
            self.displayChanged.emit()
        if not self._scheduler.done:
            viewport = self.viewport()  # as the context too: no call once the canvas is gone
            QTimer.singleShot(0, viewport, viewport.update)
        canvas = (0, 0, self._doc.width, self._doc.height)
        if self._overlay_all_dirty:
            self._paint_overlay(canvas)
        elif self._overlay_dirty is not None:
            region = intersect(self._overlay_dirty, canvas)
            if region is not None:
                self._paint_overlay(region)
        self._overlay_all_dirty, self._overlay_dirty = False, None

    def _paint_overlay(self, region: Rect) -> None:
        mask = self._doc.active_mask
        data = self._mask_preview
        if data is None and mask is not None:
            data = mask.data
        if data is None:
            self._overlay.write(region, 0)
            return
        x, y, w, h = region
        rgb = self._overlay_color.red(), self._overlay_color.green(), self._overlay_color.blue()
        self._overlay.write(region, mask_tint(data[y:y + h, x:x + w], rgb, self._overlay_opacity))

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

    @property
    def mask_preview(self) -> np.ndarray | None:
        return self._mask_preview

    def set_mask_preview(self, data: np.ndarray | None) -> None:
        """Tint ``data`` ((H, W) uint8, the canvas size) instead of the active mask until None: a dialog
        previews a mask edit without writing to the document. Shown even while the overlay is hidden."""
        if data is not None and (self._doc is None or data.shape != (self._doc.height, self._doc.width)):
            raise ValueError("a mask preview must be the size of the canvas")
        self._mask_preview = data
        self._overlay_all_dirty = True
        self.viewport().update()

    def set_mask_overlay_style(self, color: QColor, opacity: float) -> None:
        self._overlay_color = QColor(color)
        self._overlay_opacity = float(min(max(opacity, 0.0), 1.0))
        self._overlay_all_dirty = True
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

    def view_state(self) -> tuple[bool, float, int, int]:
        """(fit to window, zoom, scroll x, scroll y): what a document tab restores when shown again."""
        return self._fit_mode, self._zoom, self.horizontalScrollBar().value(), self.verticalScrollBar().value()

    def restore_view(self, state: tuple[bool, float, int, int]) -> None:
        fit, zoom, x, y = state
        if fit:
            self.fit_to_view()
            return
        self._fit_mode = False
        self.set_zoom(zoom)
        self.horizontalScrollBar().setValue(x)
        self.verticalScrollBar().setValue(y)

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
        if self._doc is None:
            painter.end()
            return
        self.flush(budget_s=PAINT_BUDGET_S)
        target = self.image_rect_to_view(QRectF(0, 0, self._doc.width, self._doc.height))
        brush = QBrush(self._checker)
        brush.setTransform(brush.transform().translate(target.left(), target.top()))
        painter.fillRect(target.intersected(QRectF(event.rect())), brush)
        self._draw_buffer(painter, self._composite, target, QRectF(event.rect()))
        if self._mask_preview is not None or (self._overlay_visible and self._doc.active_mask is not None):
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

    def _draw_buffer(self, painter: QPainter, buf: DisplayBuffer, target: QRectF, exposed: QRectF) -> None:
        if self._zoom < 0.999:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, buf.level_image(self._zoom))
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
