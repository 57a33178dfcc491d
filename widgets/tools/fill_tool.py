"""Bucket fill (G): fills the area like the clicked pixel with the foreground colour."""
from __future__ import annotations

from app import fill_ops
from widgets.tools.base import (
    CONTIGUOUS,
    OPACITY,
    SAMPLE_MERGED,
    TOLERANCE,
    BaseTool,
    ToolContext,
    ToolEvent,
    ToolOption,
    tr,
)


class FillTool(BaseTool):
    name = "fill"
    shortcut = "G"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.tolerance: int = TOLERANCE.default
        self.contiguous: bool = CONTIGUOUS.default
        self.opacity: float = OPACITY.default
        self.sample_merged: bool = SAMPLE_MERGED.default

    def title(self) -> str:
        return tr("Fill")

    def options(self) -> list[ToolOption]:
        return [ToolOption.attribute(self, param) for param in (TOLERANCE, OPACITY, CONTIGUOUS, SAMPLE_MERGED)]

    def on_press(self, ev: ToolEvent) -> None:
        doc = self.doc()
        if 0 <= ev.x < doc.width and 0 <= ev.y < doc.height:
            fill_ops.bucket_fill(doc, ev.pos, self.ctx.colors.fg_rgb(), self.tolerance, self.contiguous,
                                 self.opacity, self.sample_merged)
