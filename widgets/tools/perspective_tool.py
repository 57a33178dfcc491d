"""Perspective (Shift+C): four corner handles, placed on the print's corners when its edge stands out from
the background (else on the image's corners); drag them onto the corners of the print, then Enter or a
double-click warps the image to a rectangle, as one undo step. Escape puts the handles back where they
started. The logic is ``app.perspective``."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPolygonF, QTransform

from app import perspective
from widgets.geometry_runs import start_edit
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, ToolOption, draw_outline, tr
from widgets.tools.straighten_tool import RESAMPLING

HANDLE_PX = 6  # half the side of a corner handle, in screen pixels
GRAB_PX = 14  # how near (screen pixels) a press must be to a corner to move it


class PerspectiveTool(BaseTool):
    name = "perspective"
    shortcut = "Shift+C"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.resampling: str = RESAMPLING.default
        self.corners: np.ndarray | None = None  # (4, 2) in image pixels: TL, TR, BR, BL
        self.found = False  # the corners came from finding the print, not from the image's corners
        self._start_corners: np.ndarray | None = None
        self._for: tuple[int, int, int] | None = None  # (document id, width, height) the corners are for
        self._dragging: int | None = None

    def title(self) -> str:
        return tr("Perspective")

    def options(self) -> list[ToolOption]:
        return [ToolOption.attribute(self, RESAMPLING)]

    def place_corners(self) -> None:
        """Start the handles on the print's corners if it can be found, else on the image's."""
        doc = self.ctx.document
        if doc is None:
            self.corners = None
            return
        # The canvas's composite is premultiplied; a print's outline is found the same on it.
        found = perspective.find_print(self.ctx.canvas.composite())
        self.found = found is not None
        self.corners = found if found is not None else perspective.default_corners(doc.width, doc.height)
        self._start_corners = self.corners.copy()
        self._for = (id(doc), doc.width, doc.height)

    def _fresh(self) -> bool:
        """Whether the handles belong to the document as it is (not to one replaced, cropped or undone)."""
        doc = self.ctx.document
        return doc is not None and self.corners is not None and self._for == (id(doc), doc.width, doc.height)

    def _current(self) -> np.ndarray:
        self.doc()
        if not self._fresh():
            self.place_corners()
        assert self.corners is not None
        return self.corners

    def on_hover(self, ev: ToolEvent) -> None:
        super().on_hover(ev)
        if self.ctx.document is not None and not self._fresh():
            self.place_corners()
            self.ctx.update_overlay()

    def activate(self) -> None:
        if self.ctx.document is not None:
            self.place_corners()

    def on_press(self, ev: ToolEvent) -> None:
        corners = self._current()
        if ev.double:
            self.apply()
            return
        distance = np.hypot(*(corners - np.array(ev.pos)).T) * self.ctx.zoom
        nearest = int(np.argmin(distance))
        self._dragging = nearest if distance[nearest] <= GRAB_PX else None

    def on_move(self, ev: ToolEvent) -> None:
        if self._dragging is not None and self.corners is not None:
            self.corners[self._dragging] = ev.pos
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        self.on_move(ev)
        self._dragging = None

    def apply(self) -> None:
        """Start warping the image so the quadrilateral becomes the canvas."""
        corners = self._current()
        start_edit(self.ctx.run_busy, perspective.correct_perspective(self.doc(), corners, self.resampling))
        self.corners = None
        self.ctx.update_overlay()

    def wants_key(self, key: int) -> bool:
        return self._fresh() and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if not self._fresh():
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._guard(lambda _ev: self.apply(), None)  # type: ignore[arg-type]
            return True
        if key == Qt.Key.Key_Escape and self._start_corners is not None:
            self.corners = self._start_corners.copy()
            self.ctx.update_overlay()
            return True
        return False

    def cancel(self) -> None:
        self._dragging = None

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        doc = self.ctx.document
        if doc is None or self.corners is None or not self._fresh():
            return
        quad = QPolygonF([transform.map(QPointF(float(x), float(y))) for x, y in self.corners])
        path = QPainterPath()
        path.addRect(transform.mapRect(QRectF(0, 0, doc.width, doc.height)))
        path.addPolygon(quad)  # odd-even fill: outside the print only
        painter.fillPath(path, QColor(0, 0, 0, 120))
        draw_outline(painter, lambda: painter.drawPolygon(quad))
        for point in quad:
            handle = QRectF(point.x() - HANDLE_PX, point.y() - HANDLE_PX, 2 * HANDLE_PX, 2 * HANDLE_PX)
            painter.fillRect(handle, QColor(255, 255, 255, 200))
            draw_outline(painter, lambda h=handle: painter.drawRect(h))
