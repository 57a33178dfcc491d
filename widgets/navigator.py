"""Navigator: a thumbnail of the whole image with the part the canvas shows outlined; click or drag in it
to move the view there."""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

THUMB_MAX = 256  # thumbnail pixels on its longer side
REFRESH_MS = 400  # pixel changes redraw the thumbnail at most this often (painting must stay fluid)


class Navigator(QWidget):
    def __init__(self, canvas: Any, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.canvas = canvas
        self.setMinimumSize(QSize(120, 90))
        self._thumb: QImage | None = None
        self._thumb_pixels: np.ndarray | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.rebuild)
        canvas.displayChanged.connect(self._schedule)  # follows the canvas as it composites
        bridge.canvasChanged.connect(self.rebuild)
        bridge.documentReplaced.connect(lambda _d: self.rebuild())
        canvas.zoomChanged.connect(lambda _z: self.update())
        canvas.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())
        canvas.verticalScrollBar().valueChanged.connect(lambda _v: self.update())
        self.rebuild()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(THUMB_MAX, THUMB_MAX * 3 // 4)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def rebuild(self) -> None:
        doc = self.canvas.document
        if doc is None:
            self._thumb = self._thumb_pixels = None
        else:
            scale = THUMB_MAX / max(doc.width, doc.height)
            full = self.canvas.displayed(scale)  # a small pyramid level the canvas already keeps
            size = (max(1, round(doc.width * scale)), max(1, round(doc.height * scale)))
            small = np.ascontiguousarray(cv2.resize(full, size, interpolation=cv2.INTER_AREA))
            self._thumb_pixels = small
            self._thumb = QImage(small.data, size[0], size[1], size[0] * 4,
                                 QImage.Format.Format_RGBA8888_Premultiplied)
        self.update()

    # -- geometry ------------------------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the whole image is drawn in this widget."""
        doc = self.canvas.document
        if doc is None:
            return QRectF()
        scale = min(self.width() / doc.width, self.height() / doc.height)
        w, h = doc.width * scale, doc.height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def visible_rect(self) -> QRectF:
        """The canvas's visible part, in image pixels (clipped to the image)."""
        doc = self.canvas.document
        if doc is None:
            return QRectF()
        vp = self.canvas.viewport().rect()
        return self.canvas.view_rect_to_image(QRectF(vp)).intersected(QRectF(0, 0, doc.width, doc.height))

    def _to_widget(self, r: QRectF) -> QRectF:
        target = self.image_rect()
        s = target.width() / self.canvas.document.width
        return QRectF(target.left() + r.left() * s, target.top() + r.top() * s, r.width() * s, r.height() * s)

    def center_on(self, pos: QPointF) -> None:
        """Scroll the canvas so that the image point under widget position ``pos`` is in the middle."""
        doc = self.canvas.document
        target = self.image_rect()
        if doc is None or target.isEmpty():
            return
        s = doc.width / target.width()
        ix, iy = (pos.x() - target.left()) * s, (pos.y() - target.top()) * s
        vp = self.canvas.viewport()
        zoom = self.canvas.zoom
        self.canvas.horizontalScrollBar().setValue(round(ix * zoom - vp.width() / 2))
        self.canvas.verticalScrollBar().setValue(round(iy * zoom - vp.height() / 2))

    # -- events ----------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if self._thumb is None:
            painter.end()
            return
        target = self.image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.fillRect(target, QColor(200, 200, 200))
        painter.drawImage(target, self._thumb)
        pen = QPen(QColor(230, 40, 40), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self._to_widget(self.visible_rect()))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.center_on(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.center_on(event.position())
