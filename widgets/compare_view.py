"""Before / after: the original image drawn over the canvas, left of a draggable split line, or entirely
while the backslash key is held.

"Original" is the image as it was when the document was opened (captured from the canvas's display
buffer, which holds the composite anyway); ``use_current_as_original`` moves that baseline. Each open
document (tab) keeps its own original. When the canvas size changes (crop, rotate, scale) the old
original no longer lines up, so the current image becomes the new baseline.
"""
from __future__ import annotations

import math
import weakref
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from widgets.tools.overlay import OverlayHost

HANDLE_PX = 6  # grab distance from the split line, in screen pixels
HOLD_KEY = Qt.Key.Key_Backslash
_MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease)


class CompareView(QObject):
    """State and drawing of the before/after comparison over one canvas."""

    def __init__(self, canvas: Any, bridge: Any, host: OverlayHost, window: Any = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.host = host
        self.window = window
        self.split_enabled = False
        self.split = 0.5  # position of the line as a fraction of the image width
        self.holding = False  # backslash held: show the original everywhere
        self._original: np.ndarray | None = None  # premultiplied RGBA, canvas-sized
        # Each document's original, kept while another tab is shown (dropped with the document).
        self._originals: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
        self._image: QImage | None = None
        self._scaled: tuple[float, QImage, np.ndarray] | None = None
        self._dragging = False
        self._saved_cursor: QCursor | None = None
        bridge.documentReplaced.connect(self._document_shown)
        bridge.canvasChanged.connect(self.use_current_as_original)
        host.add(self.paint)
        self._viewport = canvas.viewport()
        self._viewport.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # the hold key works wherever focus is in the window
        self.use_current_as_original()

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._original is not None and (self.split_enabled or self.holding)

    def use_current_as_original(self) -> None:
        doc = self.canvas.document
        self._show(None if doc is None else self.canvas.composite().copy())
        if doc is not None and self._original is not None:
            self._originals[doc] = self._original

    def _document_shown(self, doc: Any) -> None:
        """Another document (tab) is shown: its own original, or its current image the first time."""
        original = self._originals.get(doc) if doc is not None else None
        if original is None or original.shape[:2] != (doc.height, doc.width):
            self.use_current_as_original()
        else:
            self._show(original)

    def _show(self, original: np.ndarray | None) -> None:
        self._original = original
        if original is None:
            self._image = None
        else:
            h, w = original.shape[:2]
            self._image = QImage(original.data, w, h, w * 4, QImage.Format.Format_RGBA8888_Premultiplied)
        self._scaled = None
        self.host.update()

    def set_split_enabled(self, on: bool) -> None:
        self.split_enabled = bool(on)
        self.host.update()

    def set_split(self, fraction: float) -> None:
        self.split = float(min(max(fraction, 0.0), 1.0))
        self.host.update()

    def set_holding(self, on: bool) -> None:
        if on != self.holding:
            self.holding = bool(on)
            self.host.update()

    def split_view_x(self) -> float:
        doc = self.canvas.document
        return self.canvas.image_to_view(QPointF(self.split * (doc.width if doc else 0), 0)).x()

    # -- drawing -------------------------------------------------------------------------------------------
    def _scaled_image(self, zoom: float) -> QImage:
        """Area-averaged copy for zoomed-out views (as the canvas does), rebuilt only when the zoom changes."""
        if self._scaled is None or self._scaled[0] != zoom:
            h, w = self._original.shape[:2]
            size = (max(1, round(w * zoom)), max(1, round(h * zoom)))
            small = np.ascontiguousarray(cv2.resize(self._original, size, interpolation=cv2.INTER_AREA))
            image = QImage(small.data, size[0], size[1], size[0] * 4, QImage.Format.Format_RGBA8888_Premultiplied)
            self._scaled = (zoom, image, small)
        return self._scaled[1]

    def paint(self, painter: QPainter, canvas: Any) -> None:
        doc = canvas.document
        if not self.active or doc is None or self._original.shape[:2] != (doc.height, doc.width):
            return
        target = canvas.image_rect_to_view(QRectF(0, 0, doc.width, doc.height))
        clip = QRectF(target)
        if not self.holding:
            clip.setRight(self.split_view_x())
        painter.save()
        painter.setClipRect(clip)
        # Cover the current image first so transparent parts of the original do not show it through.
        painter.fillRect(clip, canvas.palette().window())
        if canvas.zoom < 0.999:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, self._scaled_image(canvas.zoom))
        else:
            src = canvas.view_rect_to_image(clip)
            x0, y0 = max(0, math.floor(src.left())), max(0, math.floor(src.top()))
            x1, y1 = min(doc.width, math.ceil(src.right())), min(doc.height, math.ceil(src.bottom()))
            if x1 > x0 and y1 > y0:
                dest = canvas.image_rect_to_view(QRectF(x0, y0, x1 - x0, y1 - y0))
                painter.drawImage(dest, self._image, QRectF(x0, y0, x1 - x0, y1 - y0))
        painter.restore()
        if self.split_enabled and not self.holding:
            x = self.split_view_x()
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()))
            painter.setPen(QPen(QColor(0, 0, 0), 1))
            painter.drawLine(QPointF(x + 1.5, target.top()), QPointF(x + 1.5, target.bottom()))
            painter.setPen(QColor(255, 255, 255))
            top = max(target.top(), 0) + 16
            painter.drawText(QPointF(x - 60, top), self.tr("Before"))
            painter.drawText(QPointF(x + 10, top), self.tr("After"))

    # -- input -----------------------------------------------------------------------------------------------
    def _near_line(self, x: float) -> bool:
        return self.split_enabled and not self.holding and abs(x - self.split_view_x()) <= HANDLE_PX

    def _set_from_view_x(self, x: float) -> None:
        doc = self.canvas.document
        if doc is not None:
            self.set_split(self.canvas.view_to_image(QPointF(x, 0)).x() / doc.width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Check the event type first and compare ``watched`` by identity: this also runs while the
        # window is being torn down, when calling into the canvas is no longer safe.
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return self._key(event)
        if kind not in _MOUSE or watched is not self._viewport:
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton \
                and self._near_line(event.position().x()):
            self._dragging = True
            return True
        if kind == QEvent.Type.MouseMove:
            if self._dragging:
                self._set_from_view_x(event.position().x())
                return True
            self._hover_cursor(self._near_line(event.position().x()))
        if kind == QEvent.Type.MouseButtonRelease and self._dragging:
            self._dragging = False
            return True
        return False

    def _hover_cursor(self, near: bool) -> None:
        viewport = self.canvas.viewport()
        if near and self._saved_cursor is None:
            self._saved_cursor = viewport.cursor()
            viewport.setCursor(Qt.CursorShape.SplitHCursor)
        elif not near and self._saved_cursor is not None:
            viewport.setCursor(self._saved_cursor)
            self._saved_cursor = None

    def _key(self, event: Any) -> bool:
        if event.key() != HOLD_KEY or event.isAutoRepeat():
            return False
        if self.window is not None and QApplication.activeWindow() is not self.window:
            return False
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)):
            return False  # typing a backslash somewhere
        self.set_holding(event.type() == QEvent.Type.KeyPress)
        return True
