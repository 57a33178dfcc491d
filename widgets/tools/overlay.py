"""Drawing over the canvas: the overlay host, and the selection's marching ants.

The canvas paints the document; tools, the selection outline and the compare view draw on top through
``OverlayHost``. It uses ``canvas.add_overlay_painter(fn)`` when the canvas offers that hook, and
otherwise a transparent child widget over the canvas viewport that lets the mouse through.
Painters are ``fn(painter, canvas)`` working in viewport coordinates.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QWidget

from app import selection_ops

OverlayPainter = Callable[[QPainter, Any], None]
ANTS_INTERVAL_MS = 120
ANTS_DASH = 4  # dash and gap length in screen pixels


def canvas_transform(canvas: Any) -> QTransform:
    origin, zoom = canvas.origin(), canvas.zoom
    return QTransform(zoom, 0, 0, zoom, origin.x(), origin.y())


class _OverlayWidget(QWidget):
    """Transparent child of the viewport that runs the painters; resizes with the viewport."""

    def __init__(self, host: "OverlayHost", viewport: QWidget) -> None:
        super().__init__(viewport)
        self._host = host
        self.setObjectName("canvasOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(viewport.rect())
        viewport.installEventFilter(self)
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self._host.paint(painter)
        painter.end()


class OverlayHost:
    """Runs overlay painters over a canvas, in the order they were added."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.painters: list[OverlayPainter] = []
        self.widget: QWidget | None = None
        self._uses_hook = hasattr(canvas, "add_overlay_painter")
        if self._uses_hook:
            canvas.add_overlay_painter(self._paint_from_canvas)
        else:
            self.widget = _OverlayWidget(self, canvas.viewport())

    def add(self, painter: OverlayPainter) -> None:
        self.painters.append(painter)

    def _paint_from_canvas(self, painter: QPainter, canvas: Any) -> None:
        self.paint(painter)

    def paint(self, painter: QPainter) -> None:
        if self.canvas.document is None:
            return
        for fn in self.painters:
            painter.save()
            fn(painter, self.canvas)
            painter.restore()

    def update(self, rect: QRect | None = None) -> None:
        """Repaint ``rect`` (viewport pixels) or everything."""
        for widget in (self.canvas.viewport(), self.widget):
            if widget is None:
                continue
            if rect is None:
                widget.update()
            else:
                widget.update(rect)


class MarchingAnts(QObject):
    """The selection's outline as an animated dashed line (contours recomputed when it changes)."""

    def __init__(self, canvas: Any, bridge: Any, host: OverlayHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.host = host
        self.offset = 0
        self.visible = True
        self._path: QPainterPath | None = None
        self._stale = True
        self.timer = QTimer(self)
        self.timer.setInterval(ANTS_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        bridge.selectionChanged.connect(lambda _r: self.refresh())
        bridge.canvasChanged.connect(self.refresh)
        bridge.documentReplaced.connect(lambda _d: self.refresh())
        host.add(self.paint)
        self.refresh()

    def refresh(self) -> None:
        self._stale = True
        doc = self.canvas.document
        has = doc is not None and doc.selection is not None
        if has and self.visible:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        self.host.update()

    def contours(self) -> list[np.ndarray]:
        doc = self.canvas.document
        return selection_ops.outline(None if doc is None else doc.selection)

    def path(self) -> QPainterPath:
        """The outline in image coordinates (cached until the selection changes)."""
        if self._stale or self._path is None:
            path = QPainterPath()
            for contour in self.contours():
                path.addPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in contour]))
                path.closeSubpath()
            self._path = path
            self._stale = False
        return self._path

    def _tick(self) -> None:
        self.offset = (self.offset + 1) % (2 * ANTS_DASH)
        path = self.path()
        if not path.isEmpty():
            # Only the outline's box: the animation must not re-render the whole view.
            box = canvas_transform(self.canvas).mapRect(path.boundingRect()).toAlignedRect()
            self.host.update(box.adjusted(-2, -2, 2, 2))

    def paint(self, painter: QPainter, canvas: Any) -> None:
        if not self.visible:
            return
        path = self.path()
        if path.isEmpty():
            return
        painter.setTransform(canvas_transform(canvas))
        white = QPen(QColor(255, 255, 255), 1)
        white.setCosmetic(True)
        black = QPen(QColor(0, 0, 0), 1)
        black.setCosmetic(True)
        black.setDashPattern([ANTS_DASH, ANTS_DASH])
        black.setDashOffset(self.offset)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(white)
        painter.drawPath(path)
        painter.setPen(black)
        painter.drawPath(path)
