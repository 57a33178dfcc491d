"""Clone stamp: paints with pixels copied from another part of the same layer, through soft dabs.

Alt+click sets the source point. In *aligned* mode the offset between source and brush is fixed by the
first stroke after that and kept for every later stroke (so several strokes continue one copy);
non-aligned mode restarts at the source point with each stroke. Dabs sample the layer as it was before
the current stroke, so a stroke never picks up its own paint. No Qt.
"""
from __future__ import annotations

from typing import Any

from app.brush import BrushSettings
from app.document import Document
from app.history import DocumentError
from app.stroke import PaintStroke
from app.texts import translator
from app.tiles import Rect

_tr = translator("Clone")


class CloneSource:
    """The source point and the source->brush offset rule."""

    def __init__(self, aligned: bool = True) -> None:
        self.aligned = aligned
        self.point: tuple[float, float] | None = None
        self.offset: tuple[float, float] | None = None  # source - brush, while it applies

    def set_point(self, x: float, y: float) -> None:
        self.point = (float(x), float(y))
        self.offset = None

    def offset_for_stroke(self, x: float, y: float) -> tuple[float, float]:
        """The offset a stroke starting at (x, y) uses (fixes it in aligned mode)."""
        if self.point is None:
            raise DocumentError(_tr("Alt+click to choose where to clone from first."))
        if self.offset is None or not self.aligned:
            self.offset = (self.point[0] - x, self.point[1] - y)
        return self.offset

    def source_at(self, x: float, y: float) -> tuple[float, float] | None:
        """Where the brush at (x, y) copies from (for drawing the source cross-hair)."""
        if self.offset is None:
            return self.point
        return x + self.offset[0], y + self.offset[1]


def start_clone_stroke(doc: Document, target: Any, settings: BrushSettings, source: CloneSource,
                       x: float, y: float, pressure: float = 1.0) -> PaintStroke:
    """Begin a clone stroke at (x, y) on ``target`` (a layer); continue with ``add`` / ``finish``."""
    dx, dy = source.offset_for_stroke(x, y)
    # Whole-pixel offset: copies stay sharp (no resampling blur).
    ix, iy = int(round(dx)), int(round(dy))
    stroke = PaintStroke(doc, target, settings, _tr("Clone Stamp"))
    writer = stroke.writer

    def sample(rect: Rect) -> Any:
        return writer.original((rect[0] + ix, rect[1] + iy, rect[2], rect[3]))

    writer.source = sample
    stroke.begin(x, y, pressure)
    return stroke
