"""Drawing over the canvas: the overlay host, and the selection's marching ants.

The canvas paints the document; tools, the selection outline and the compare view draw on top through
``OverlayHost``, which runs them from the canvas's ``add_overlay_painter`` hook. Painters are
``fn(painter, canvas)`` working in viewport coordinates.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from app import selection_ops

OverlayPainter = Callable[[QPainter, Any], None]
ANTS_INTERVAL_MS = 120
ANTS_DASH = 4  # dash and gap length in screen pixels


def canvas_transform(canvas: Any) -> QTransform:
    origin, zoom = canvas.origin(), canvas.zoom
    return QTransform(zoom, 0, 0, zoom, origin.x(), origin.y())


class OverlayHost:
    """Runs overlay painters over a canvas, in the order they were added."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.painters: list[OverlayPainter] = []
        canvas.add_overlay_painter(self._paint_from_canvas)

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
        viewport = self.canvas.viewport()
        if rect is None:
            viewport.update()
        else:
            viewport.update(rect)


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
