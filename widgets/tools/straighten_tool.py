"""Straighten: drag a line along the horizon or a print's edge; on release the image turns so the line is
level (or vertical, when it is nearer to vertical), as one undo step. "Crop corners" cuts the result to the
largest rectangle without transparent corners. The logic is ``app.straighten``."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QTransform

from app import straighten
from app.history import DocumentError
from engines.params import Param
from widgets.geometry_runs import start_edit
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, ToolOption, draw_outline, tr

CROP = Param("crop", "bool", True, "Crop corners")
RESAMPLING = Param("resampling", "choice", "bicubic", "Resampling",
                   choices=("bicubic", "lanczos", "bilinear", "nearest"),
                   choice_labels=(("bicubic", "Bicubic"), ("lanczos", "Lanczos"), ("bilinear", "Bilinear"),
                                  ("nearest", "Nearest neighbour")))


class StraightenTool(BaseTool):
    name = "straighten"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.crop: bool = CROP.default
        self.resampling: str = RESAMPLING.default
        self.start: tuple[float, float] | None = None
        self.end: tuple[float, float] | None = None
        self.last_angle: float | None = None  # the turn of the last line applied (clockwise degrees)

    def title(self) -> str:
        return tr("Straighten")

    def options(self) -> list[ToolOption]:
        return [ToolOption.attribute(self, CROP), ToolOption.attribute(self, RESAMPLING)]

    def on_press(self, ev: ToolEvent) -> None:
        self.doc()
        self.start = self.end = ev.pos
        self.ctx.update_overlay()

    def on_move(self, ev: ToolEvent) -> None:
        if self.start is not None:
            self.end = ev.pos
            self.ctx.update_overlay()

    def on_release(self, ev: ToolEvent) -> None:
        if self.start is None:
            return
        start, end = self.start, ev.pos
        self.cancel()
        self.ctx.update_overlay()
        try:
            straighten.level_angle(start, end)
        except DocumentError:
            return  # a click, not a line: nothing to straighten, and nothing worth a message
        self.last_angle = straighten.level_angle(start, end)
        start_edit(self.ctx.run_busy, straighten.straighten(self.doc(), start, end, self.crop, self.resampling))

    def wants_key(self, key: int) -> bool:
        return self.start is not None and key == Qt.Key.Key_Escape

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if self.start is not None and key == Qt.Key.Key_Escape:
            self.cancel()
            self.ctx.update_overlay()
            return True
        return False

    def cancel(self) -> None:
        self.start = self.end = None

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if self.start is None or self.end is None:
            return
        a, b = transform.map(QPointF(*self.start)), transform.map(QPointF(*self.end))
        draw_outline(painter, lambda: painter.drawLine(a, b))
        try:
            angle = straighten.level_angle(self.start, self.end)
        except DocumentError:
            return
        label = tr("Turn {0:+.2f}°").format(angle)
        for colour, nudge in ((Qt.GlobalColor.black, 1), (Qt.GlobalColor.white, 0)):  # readable on any image
            painter.setPen(colour)
            painter.drawText(b + QPointF(12 + nudge, -8 + nudge), label)
