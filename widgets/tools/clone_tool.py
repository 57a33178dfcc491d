"""Clone stamp (S): Alt+click sets the source, then paint to copy from there with soft dabs."""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainter, QTransform

from app import clone
from app.brush import BrushSettings
from app.history import DocumentError
from engines.params import Param
from widgets.tools.base import ToolContext, ToolEvent, ToolOption, draw_outline, tr
from widgets.tools.brush_tool import BrushTool

ALIGNED = Param("aligned", "bool", True, "Aligned")


class CloneTool(BrushTool):
    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx, "brush", BrushSettings(size=40, hardness=0.5))
        self.name = "clone"
        self.kind = "clone"
        self.shortcut = "S"
        self.source = clone.CloneSource(aligned=ALIGNED.default)

    @property
    def on_mask(self) -> bool:
        return False

    @property
    def erasing(self) -> bool:
        return False

    def title(self) -> str:
        return tr("Clone Stamp")

    def options(self) -> list[ToolOption]:
        keep = {"size", "hardness", "opacity", "flow", "spacing", "smoothing", "pressure_size"}
        return [o for o in super().options() if o.key in keep] + [ToolOption.attribute(self.source, ALIGNED)]

    def on_press(self, ev: ToolEvent) -> None:
        if ev.alt:
            self.source.set_point(ev.x, ev.y)
            self.ctx.update_overlay()
            return
        doc = self.doc()
        if doc.active_layer is None:
            raise DocumentError(tr("There is no layer to paint on."))
        self.cancel()
        self.stroke = clone.start_clone_stroke(doc, doc.active_layer, self.settings, self.source,
                                               ev.x, ev.y, ev.pressure)
        self.hover = ev.pos

    def on_hover(self, ev: ToolEvent) -> None:
        super().on_hover(ev)
        if self.source.point is not None:
            self.ctx.update_overlay()  # the source cross-hair follows the brush

    def on_move(self, ev: ToolEvent) -> None:
        self._move_outline(ev.pos)
        if self.stroke is not None:
            self.stroke.add(ev.x, ev.y, ev.pressure)
            self.ctx.update_overlay()  # the source cross-hair moves too

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        super().paint_overlay(painter, transform)
        src = self.source.source_at(*self.hover) if self.hover is not None else self.source.point
        if src is None:
            return
        c = transform.map(QPointF(*src))
        r = max(self.settings.size * transform.m11() / 2, 4.0)
        arm = 6.0

        def draw() -> None:
            painter.drawEllipse(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
            painter.drawLine(QLineF(c.x() - arm, c.y(), c.x() + arm, c.y()))
            painter.drawLine(QLineF(c.x(), c.y() - arm, c.x(), c.y() + arm))

        draw_outline(painter, draw)
