"""A before/after preview: the original left of a split line the user drags, the result right of it."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.pixmaps import to_qimage

BACKGROUND = QColor(32, 32, 32)
MINIMUM = QSize(256, 256)


class SplitPreview(QWidget):
    """Both images drawn into the same rectangle (never enlarged past 1:1, so pixels stay honest)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(MINIMUM)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.split = 0.5
        self.before: QImage | None = None
        self.after: QImage | None = None
        self.captions = ("", "")

    def set_images(self, before: np.ndarray | None, after: np.ndarray | None) -> None:
        self.before = None if before is None else to_qimage(before)
        self.after = None if after is None else to_qimage(after)
        self.update()

    def set_captions(self, before: str, after: str) -> None:
        self.captions = (before, after)
        self.update()

    def set_split(self, fraction: float) -> None:
        self.split = min(max(fraction, 0.0), 1.0)
        self.update()

    def image_rect(self) -> QRect:
        """Where the images are drawn: fitted to the widget, centred, at most 1:1."""
        if self.before is None:
            return QRect()
        size = QSize(self.before.size())
        if size.width() > self.width() or size.height() > self.height():
            size.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x, y = (self.width() - size.width()) // 2, (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.minimumSize().expandedTo(self.before.size() if self.before is not None else QSize())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = self.image_rect()
        if self.before is not None:
            painter.drawImage(QRectF(rect), self.before)
        if self.after is not None and not rect.isNull():
            cut = rect.left() + round(rect.width() * self.split)
            painter.save()
            painter.setClipRect(QRect(cut, rect.top(), rect.right() - cut + 1, rect.height()))
            painter.drawImage(QRectF(rect), self.after)
            painter.restore()
            painter.setPen(QPen(QColor(255, 255, 255, 220), 1))
            painter.drawLine(QPointF(cut + 0.5, rect.top()), QPointF(cut + 0.5, rect.bottom()))
            self._captions(painter, rect, cut)
        painter.end()

    def _captions(self, painter: QPainter, rect: QRect, cut: int) -> None:
        metrics = painter.fontMetrics()
        for text, left in ((self.captions[0], True), (self.captions[1], False)):
            if not text:
                continue
            width = metrics.horizontalAdvance(text) + 10
            x = max(rect.left(), cut - width - 4) if left else min(cut + 4, rect.right() - width)
            box = QRect(x, rect.top() + 4, width, metrics.height() + 4)
            painter.fillRect(box, QColor(0, 0, 0, 140))
            painter.setPen(QColor(240, 240, 240))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._drag(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._drag(event)

    def _drag(self, event: QMouseEvent) -> None:
        rect = self.image_rect()
        if rect.width() > 0:
            self.set_split((event.position().x() - rect.left()) / rect.width())
