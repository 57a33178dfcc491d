"""Crop (C): drag the area to keep (optionally with a fixed aspect ratio), then Enter or double-click to
crop; Escape cancels. Outside the area is dimmed while choosing."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QTransform

from app import layer_ops
from engines.params import Param
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, ToolOption, draw_outline, tr, view_rect

ASPECTS: list[tuple[str, float | None]] = [
    ("free", None), ("1:1", 1.0), ("4:3", 4 / 3), ("3:2", 3 / 2), ("16:9", 16 / 9),
]
ASPECT = Param("aspect", "choice", "free", "Aspect", choices=tuple(key for key, _ in ASPECTS),
               choice_labels=(("free", "Free"),))
PORTRAIT = Param("portrait", "bool", False, "Portrait")


def constrain(start: tuple[float, float], end: tuple[float, float], aspect: float | None,
              portrait: bool = False) -> tuple[float, float, float, float]:
    """The rect (x, y, w, h) from ``start`` towards ``end``, with w/h = aspect (h/w when ``portrait``);
    the longer side follows the pointer."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    if aspect is not None and dx and dy:
        ratio = 1 / aspect if portrait else aspect
        w, h = abs(dx), abs(dy)
        if w / h > ratio:
            h = w / ratio
        else:
            w = h * ratio
        dx = w if dx > 0 else -w
        dy = h if dy > 0 else -h
    x0, x1 = sorted((start[0], start[0] + dx))
    y0, y1 = sorted((start[1], start[1] + dy))
    return x0, y0, x1 - x0, y1 - y0


class CropTool(BaseTool):
    name = "crop"
    shortcut = "C"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.aspect: str = ASPECT.default
        self.portrait: bool = PORTRAIT.default
        self.rect: tuple[float, float, float, float] | None = None
        self._start: tuple[float, float] | None = None

    def title(self) -> str:
        return tr("Crop")

    def options(self) -> list[ToolOption]:
        return [ToolOption.attribute(self, ASPECT), ToolOption.attribute(self, PORTRAIT)]

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        if ev.double and self.rect is not None:
            self.apply()
            return
        self._start = ev.pos
        self.rect = None

    def on_move(self, ev: ToolEvent) -> None:
        if self._start is not None:
            self.rect = constrain(self._start, ev.pos, dict(ASPECTS)[self.aspect], self.portrait)
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if self._start is not None:
            self.on_move(ev)
            self._start = None
            if self.rect is not None and (self.rect[2] < 1 or self.rect[3] < 1):
                self.rect = None
            self.ctx.update_overlay()

    def apply(self) -> bool:
        """Crop the canvas to the chosen rect (whole pixels); False when there is none."""
        if self.rect is None:
            return False
        x, y, w, h = self.rect
        self.rect = None
        self.ctx.update_overlay()
        x0, y0 = round(x), round(y)
        layer_ops.crop_canvas(self.doc(), (x0, y0, max(1, round(x + w) - x0), max(1, round(y + h) - y0)))
        return True

    def wants_key(self, key: int) -> bool:
        return self.rect is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if self.rect is None:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._guard(lambda _ev: self.apply(), None)  # type: ignore[arg-type]
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel()
            self.ctx.update_overlay()
            return True
        return False

    def cancel(self) -> None:
        self.rect = None
        self._start = None

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        doc = self.ctx.document
        if self.rect is None or doc is None:
            return
        x, y, w, h = self.rect
        inner = view_rect(transform, x, y, x + w, y + h)
        outer = transform.mapRect(QRectF(0, 0, doc.width, doc.height))
        path = QPainterPath()
        path.addRect(outer)
        path.addRect(inner)  # odd-even fill: the outside only
        painter.fillPath(path, QColor(0, 0, 0, 120))
        draw_outline(painter, lambda: painter.drawRect(inner))
