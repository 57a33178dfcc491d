"""Selection tools: rectangle (M), ellipse (Shift+M), lasso (L), polygon lasso (Shift+L), magic wand (W).

Modifiers held when the mouse goes down choose how the new shape combines with the selection: Shift adds,
Alt subtracts, Shift+Alt intersects; otherwise the tool's own mode (an option) applies. A click without a
drag deselects, as in other editors. Every change is one undo step.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPolygonF, QTransform

from app import selection_ops
from app.selection_ops import Mode
from engines.params import Param
from widgets.tools.base import (
    CONTIGUOUS,
    SAMPLE_MERGED,
    TOLERANCE,
    BaseTool,
    ToolContext,
    ToolEvent,
    ToolOption,
    draw_outline,
    tr,
    view_rect,
)

CLOSE_DISTANCE_VIEW_PX = 8  # a polygon closes when clicking this close to its first point

MODE = Param("mode", "choice", Mode.REPLACE.value, "Mode", choices=tuple(mode.value for mode in Mode),
             choice_labels=((Mode.REPLACE.value, "Replace"), (Mode.ADD.value, "Add"),
                            (Mode.SUBTRACT.value, "Subtract"), (Mode.INTERSECT.value, "Intersect")))
FEATHER = Param("feather", "int", 0, "Feather", minimum=0, maximum=250, unit="px")
ANTIALIAS = Param("antialias", "bool", True, "Anti-alias")


class SelectionTool(BaseTool):
    """Shared options (mode, feather, anti-alias) and the commit of a new shape."""

    antialias_option = True

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.mode = Mode(MODE.default)
        self.feather = float(FEATHER.default)
        self.antialias: bool = ANTIALIAS.default
        self._press_mode = Mode.REPLACE

    def options(self) -> list[ToolOption]:
        out = [
            ToolOption(MODE, lambda: self.mode.value, lambda v: setattr(self, "mode", Mode(v))),
            ToolOption(FEATHER, lambda: int(self.feather), lambda v: setattr(self, "feather", float(v))),
        ]
        if self.antialias_option:
            out.append(ToolOption.attribute(self, ANTIALIAS))
        return out

    def commit_shape(self, plane: np.ndarray | None, mode: Mode) -> None:
        doc = self.doc()
        if plane is None:  # a click without a drag
            if mode is Mode.REPLACE:
                selection_ops.apply_selection(doc, np.zeros((doc.height, doc.width), np.uint8), Mode.REPLACE)
            return
        if self.feather > 0:
            plane = selection_ops.feather(plane, self.feather)
        selection_ops.apply_selection(doc, plane, mode)

    def shape(self) -> tuple[int, int]:
        doc = self.doc()
        return doc.height, doc.width


class _DragShapeTool(SelectionTool):
    """Rectangle and ellipse: drag from corner to corner."""

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.start: tuple[float, float] | None = None
        self.end: tuple[float, float] | None = None

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        self._press_mode = selection_ops.mode_for(ev.shift, ev.alt, self.mode)
        self.start = self.end = self._snap(ev.pos)
        self.ctx.update_overlay()

    def on_move(self, ev: ToolEvent) -> None:
        if self.start is not None:
            self.end = self._snap(ev.pos)
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if self.start is None:
            return
        self.end = self._snap(ev.pos)
        (x0, y0), (x1, y1) = self.start, self.end
        self.start = self.end = None
        self.ctx.update_overlay()
        if abs(x1 - x0) < 1 or abs(y1 - y0) < 1:
            self.commit_shape(None, self._press_mode)
            return
        self.commit_shape(self.make_plane((x0, y0, x1 - x0, y1 - y0)), self._press_mode)

    @staticmethod
    def _snap(pos: tuple[float, float]) -> tuple[float, float]:
        return pos

    def make_plane(self, rect: tuple[float, float, float, float]) -> np.ndarray:
        raise NotImplementedError

    def cancel(self) -> None:
        self.start = self.end = None

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if self.start is None or self.end is None:
            return
        rect = view_rect(transform, *self.start, *self.end)
        self._draw(painter, rect)

    def _draw(self, painter, rect) -> None:
        draw_outline(painter, lambda: painter.drawRect(rect))


class RectSelectTool(_DragShapeTool):
    name = "rect_select"
    shortcut = "M"
    antialias_option = False

    def title(self) -> str:
        return tr("Rectangle Select")

    @staticmethod
    def _snap(pos: tuple[float, float]) -> tuple[float, float]:
        return float(round(pos[0])), float(round(pos[1]))  # whole pixels: a rectangle has hard edges

    def make_plane(self, rect: tuple[float, float, float, float]) -> np.ndarray:
        return selection_ops.rect_mask(self.shape(), rect)


class EllipseSelectTool(_DragShapeTool):
    name = "ellipse_select"
    shortcut = "Shift+M"

    def title(self) -> str:
        return tr("Ellipse Select")

    def make_plane(self, rect: tuple[float, float, float, float]) -> np.ndarray:
        return selection_ops.ellipse_mask(self.shape(), rect, self.antialias)

    def _draw(self, painter, rect) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_outline(painter, lambda: painter.drawEllipse(rect))


class LassoTool(SelectionTool):
    """Freehand: the path the pointer draws, closed on release."""

    name = "lasso"
    shortcut = "L"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.points: list[tuple[float, float]] = []

    def title(self) -> str:
        return tr("Lasso")

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        self._press_mode = selection_ops.mode_for(ev.shift, ev.alt, self.mode)
        self.points = [ev.pos]

    def on_move(self, ev: ToolEvent) -> None:
        if self.points:
            self.points.append(ev.pos)
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if not self.points:
            return
        points, self.points = self.points + [ev.pos], []
        self.ctx.update_overlay()
        plane = selection_ops.polygon_mask(self.shape(), points, self.antialias)
        self.commit_shape(plane if plane.any() else None, self._press_mode)

    def cancel(self) -> None:
        self.points = []

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if len(self.points) > 1:
            poly = QPolygonF([transform.map(QPointF(x, y)) for x, y in self.points])
            draw_outline(painter, lambda: painter.drawPolyline(poly))


class PolygonLassoTool(SelectionTool):
    """Click the corners; double-click, click the first point, or press Enter to close; Backspace removes
    the last point, Escape cancels."""

    name = "polygon_lasso"
    shortcut = "Shift+L"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.points: list[tuple[float, float]] = []

    def title(self) -> str:
        return tr("Polygon Lasso")

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        if not self.points:
            self._press_mode = selection_ops.mode_for(ev.shift, ev.alt, self.mode)
            self.points = [ev.pos]
        elif ev.double or self._near_first(ev.pos):
            self.close()
            return
        else:
            self.points.append(ev.pos)
        self.hover = ev.pos
        self.ctx.update_overlay()

    def on_move(self, ev: ToolEvent) -> None:
        self.on_hover(ev)

    def on_hover(self, ev: ToolEvent) -> None:
        self.hover = ev.pos
        if self.points:
            self.ctx.update_overlay()

    def _near_first(self, pos: tuple[float, float]) -> bool:
        if len(self.points) < 3:
            return False
        fx, fy = self.points[0]
        return math.hypot(pos[0] - fx, pos[1] - fy) * self.ctx.zoom <= CLOSE_DISTANCE_VIEW_PX

    def close(self) -> None:
        points, self.points = self.points, []
        self.ctx.update_overlay()
        if len(points) < 3:
            return
        plane = selection_ops.polygon_mask(self.shape(), points, self.antialias)
        self.commit_shape(plane if plane.any() else None, self._press_mode)

    def wants_key(self, key: int) -> bool:
        return bool(self.points) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
                                             Qt.Key.Key_Backspace)

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if not self.points:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._guard(lambda _ev: self.close(), None)  # type: ignore[arg-type]
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        elif key == Qt.Key.Key_Backspace:
            self.points.pop()
        else:
            return False
        self.ctx.update_overlay()
        return True

    def cancel(self) -> None:
        self.points = []

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if not self.points:
            return
        pts = self.points + ([self.hover] if self.hover is not None else [])
        poly = QPolygonF([transform.map(QPointF(x, y)) for x, y in pts])
        draw_outline(painter, lambda: painter.drawPolyline(poly))


class MagicWandTool(SelectionTool):
    """Selects the area like the clicked pixel (tolerance per channel, contiguous or everywhere)."""

    name = "magic_wand"
    shortcut = "W"
    antialias_option = False

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.tolerance: int = TOLERANCE.default
        self.contiguous: bool = CONTIGUOUS.default
        self.sample_merged: bool = SAMPLE_MERGED.default

    def title(self) -> str:
        return tr("Magic Wand")

    def options(self) -> list[ToolOption]:
        return super().options() + [ToolOption.attribute(self, p) for p in (TOLERANCE, CONTIGUOUS, SAMPLE_MERGED)]

    def on_press(self, ev: ToolEvent) -> None:
        doc = self.doc()
        mode = selection_ops.mode_for(ev.shift, ev.alt, self.mode)
        if not (0 <= ev.x < doc.width and 0 <= ev.y < doc.height):
            self.commit_shape(None, mode)
            return
        plane = selection_ops.sample_region(doc, ev.pos, self.tolerance, self.contiguous, self.sample_merged)
        self.commit_shape(plane if plane.any() else None, mode)
