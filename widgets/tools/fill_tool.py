"""Bucket fill (G): fills the area like the clicked pixel with the foreground colour."""
from __future__ import annotations

from app import fill_ops
from widgets.tools.base import BaseTool, Option, ToolContext, ToolEvent, tr


class FillTool(BaseTool):
    name = "fill"
    shortcut = "G"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.tolerance = 32
        self.contiguous = True
        self.opacity = 1.0
        self.sample_merged = False

    def title(self) -> str:
        return tr("Fill")

    def options(self) -> list[Option]:
        return [
            Option("tolerance", tr("Tolerance"), "int", lambda: self.tolerance,
                   lambda v: setattr(self, "tolerance", int(v)), 0, 255),
            Option("opacity", tr("Opacity"), "percent", lambda: self.opacity, lambda v: setattr(self, "opacity", v)),
            Option("contiguous", tr("Contiguous"), "check", lambda: self.contiguous,
                   lambda v: setattr(self, "contiguous", bool(v))),
            Option("sample_merged", tr("All layers"), "check", lambda: self.sample_merged,
                   lambda v: setattr(self, "sample_merged", bool(v))),
        ]

    def on_press(self, ev: ToolEvent) -> None:
        doc = self.doc()
        if 0 <= ev.x < doc.width and 0 <= ev.y < doc.height:
            fill_ops.bucket_fill(doc, ev.pos, self.ctx.colors.fg_rgb(), self.tolerance, self.contiguous,
                                 self.opacity, self.sample_merged)
