"""Strokes: pointer positions -> evenly spaced dabs, a stabiliser, and one undo step per stroke.

``PaintStroke`` ties the pieces together for a tool: it opens the history's paint transaction on the
target (a layer, a mask or the selection), turns pointer samples into dabs with ``DabSpacer``, writes them
with ``app.brush.DabWriter`` (touching only the dab rects), notifies the document so the canvas repaints
just those rects, and commits everything as one step when the stroke ends. Pure numpy, no Qt.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterable

from app.brush import BrushSettings, DabWriter, PixelSource
from app.document import SELECTION, Document
from app.tiles import Rect, union

Point = tuple[float, float, float]  # x, y (canvas pixels), pressure 0..1


class DabSpacer:
    """Places dabs along a polyline every ``spacing(pressure)`` pixels, carrying the remainder across
    segments so spacing stays even however the pointer samples arrive."""

    def __init__(self, spacing: Callable[[float], float]) -> None:
        self._spacing = spacing
        self._last: Point | None = None
        self._since = 0.0  # distance travelled since the last dab

    @property
    def last(self) -> Point | None:
        return self._last

    def start(self, x: float, y: float, pressure: float = 1.0) -> list[Point]:
        self._last = (x, y, pressure)
        self._since = 0.0
        return [(x, y, pressure)]

    def to(self, x: float, y: float, pressure: float = 1.0) -> list[Point]:
        if self._last is None:
            return self.start(x, y, pressure)
        lx, ly, lp = self._last
        length = math.hypot(x - lx, y - ly)
        self._last = (x, y, pressure)
        if length == 0:
            return []
        out: list[Point] = []
        pos = 0.0
        need = max(self._spacing(lp), 0.25) - self._since
        while pos + need <= length:
            pos += need
            t = pos / length
            p = lp + (pressure - lp) * t
            out.append((lx + (x - lx) * t, ly + (y - ly) * t, p))
            need = max(self._spacing(p), 0.25)
        self._since = (self._since + length) if not out else (length - pos)
        return out


class Smoother:
    """Stabiliser: each output point moves a fraction (1 - strength) of the way towards the pointer.
    ``finish`` catches up with the last real position so a stroke ends where the pointer did."""

    def __init__(self, strength: float = 0.0) -> None:
        self.strength = float(min(max(strength, 0.0), 0.95))
        self._pos: Point | None = None
        self._target: Point | None = None

    def reset(self, point: Point) -> Point:
        self._pos = self._target = point
        return point

    def feed(self, point: Point) -> Point:
        if self._pos is None or self.strength <= 0:
            return self.reset(point)
        k = 1.0 - self.strength
        px, py, pp = self._pos
        x, y, p = point
        self._pos = (px + (x - px) * k, py + (y - py) * k, pp + (p - pp) * k)
        self._target = point
        return self._pos

    def finish(self, steps: int = 8) -> list[Point]:
        """Points from the smoothed position to the pointer's last position."""
        if self._pos is None or self._target is None or self._pos == self._target:
            return []
        (px, py, pp), (x, y, p) = self._pos, self._target
        self._pos = self._target
        return [(px + (x - px) * i / steps, py + (y - py) * i / steps, pp + (p - pp) * i / steps)
                for i in range(1, steps + 1)]


class PaintStroke:
    """One stroke of a brush-like tool on ``target`` (Layer/uid, Mask/uid, or document.SELECTION).

    Raises app.history.DocumentError if the target cannot be painted (a locked layer)."""

    def __init__(
        self,
        doc: Document,
        target: Any,
        settings: BrushSettings,
        name: str,
        *,
        mode: str = "paint",
        color: tuple[int, int, int] = (0, 0, 0),
        level: int = 255,
        source: PixelSource | None = None,
        clip_to_selection: bool = True,
    ) -> None:
        self.doc = doc
        self.settings = settings.clamped()
        self._tx = doc.history.paint(target, name)
        clip = doc.selection if clip_to_selection and target != SELECTION else None
        self._writer = DabWriter(self._tx.array, self._tx.origin, mode=mode, color=color, level=level,
                                 opacity=self.settings.opacity, clip=clip, source=source,
                                 before_write=self._tx.touch)
        self._spacer = DabSpacer(self.settings.spacing_px)
        self._smoother = Smoother(self.settings.smoothing)
        self._what = self._tx.what
        self.dirty: Rect | None = None  # union of everything this stroke wrote
        self.last_point: Point | None = None  # where the stroke is now (after smoothing)
        self._done = False

    @property
    def writer(self) -> DabWriter:
        return self._writer

    def begin(self, x: float, y: float, pressure: float = 1.0) -> Rect | None:
        point = self._smoother.reset((x, y, pressure))
        return self._paint(self._spacer.start(*point))

    def add(self, x: float, y: float, pressure: float = 1.0) -> Rect | None:
        """A new pointer sample; returns the canvas rect repainted (also sent to the document)."""
        point = self._smoother.feed((x, y, pressure))
        return self._paint(self._spacer.to(*point))

    def line_to(self, x: float, y: float, pressure: float = 1.0) -> Rect | None:
        """A straight segment from the current point (Shift+click), bypassing the stabiliser."""
        self._smoother.reset((x, y, pressure))
        return self._paint(self._spacer.to(x, y, pressure))

    def finish(self) -> Any:
        """Catch up with the pointer and record the stroke as one step (None if nothing changed)."""
        if self._done:
            return None
        self._paint(p for q in self._smoother.finish() for p in self._spacer.to(*q))
        self._done = True
        return self._tx.commit()

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self._tx.rollback()

    def _paint(self, dabs: Iterable[Point]) -> Rect | None:
        s = self.settings
        rect: Rect | None = None
        for x, y, p in dabs:
            written = self._writer.dab(x, y, s.size_at(p), s.hardness, s.flow_at(p))
            rect = union(rect, written)
            self.last_point = (x, y, p)
        if rect is not None:
            self.dirty = union(self.dirty, rect)
            self.doc.notify(self._what, rect)
        return rect
