"""Gradient (Shift+G): drag from where the foreground colour is to where the background colour is."""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QPainter, QTransform

from app import fill_ops
from engines.params import Param
from widgets.tools.base import OPACITY, BaseTool, ToolContext, ToolEvent, ToolOption, draw_outline, tr

KIND = Param("kind", "choice", "linear", "Shape", choices=("linear", "radial"),
             choice_labels=(("linear", "Linear"), ("radial", "Radial")))


class GradientTool(BaseTool):
    name = "gradient"
    shortcut = "Shift+G"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.kind: str = KIND.default
        self.opacity: float = OPACITY.default
        self.start: tuple[float, float] | None = None
        self.end: tuple[float, float] | None = None

    def title(self) -> str:
        return tr("Gradient")

    def options(self) -> list[ToolOption]:
        return [ToolOption.attribute(self, KIND), ToolOption.attribute(self, OPACITY)]

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        self.start = self.end = ev.pos

    def on_move(self, ev: ToolEvent) -> None:
        if self.start is not None:
            self.end = ev.pos
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if self.start is None:
            return
        start, self.start, self.end = self.start, None, None
        self.ctx.update_overlay()
        if start == ev.pos:
            return
        colors = self.ctx.colors
        fill_ops.gradient_fill(self.doc(), start, ev.pos, colors.fg_rgb(), colors.bg_rgb(), self.kind, self.opacity)

    def cancel(self) -> None:
        self.start = self.end = None

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if self.start is None or self.end is None:
            return
        line = QLineF(transform.map(QPointF(*self.start)), transform.map(QPointF(*self.end)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_outline(painter, lambda: painter.drawLine(line))
