"""Move (V): drag the active layer; one drag is one undo step (layer_ops merges consecutive moves)."""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor

from app import layer_ops
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, tr


class MoveTool(BaseTool):
    name = "move"
    shortcut = "V"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.cursor = QCursor(Qt.CursorShape.SizeAllCursor)
        self._anchor: tuple[float, float] | None = None
        self._moved = (0, 0)

    def title(self) -> str:
        return tr("Move")

    def on_press(self, ev: ToolEvent) -> None:
        doc = self.doc()
        if doc.active_layer is None:
            return
        self._anchor = ev.pos
        self._moved = (0, 0)

    def on_move(self, ev: ToolEvent) -> None:
        if self._anchor is None:
            return
        # Whole pixels from the press point, so slow drags do not lose fractions.
        dx = math.floor(ev.x - self._anchor[0] + 0.5)
        dy = math.floor(ev.y - self._anchor[1] + 0.5)
        step = (dx - self._moved[0], dy - self._moved[1])
        if step != (0, 0):
            layer_ops.offset_layer(self.doc(), None, *step)
            self._moved = (dx, dy)

    def on_release(self, ev: ToolEvent) -> None:
        self.on_move(ev)
        self._anchor = None

    def cancel(self) -> None:
        self._anchor = None
