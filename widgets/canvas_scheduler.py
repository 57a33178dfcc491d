"""Which parts of the canvas to composite next, and when to stop for this paint.

Small dirty regions (a brush dab) are done at once. Large ones (opening a 24 MP, 10-layer document,
toggling a layer) are cut into pieces of ``CHUNK`` pixels a side, and a paint with a time budget does the
pieces the view shows first and stops once the budget is spent, so the UI thread gets control back and
the rest follows on later paints. Pure logic over ``app.tiles.Rect`` tuples with an injectable clock: it
knows nothing of widgets, renderers or buffers (``work`` does the compositing).
"""
from __future__ import annotations

import time
from typing import Callable

from app.tiles import Rect, intersect, union

CHUNK = 512
MERGE_OVER = 16  # more dirty rects than this (a long stroke's dabs) are done as one bounding box


def chunks(region: Rect, side: int = CHUNK) -> list[Rect]:
    """``region`` cut into squares of at most ``side``, row by row."""
    x0, y0, w, h = region
    if w <= side and h <= side:
        return [region]
    return [(x, y, min(side, x0 + w - x), min(side, y0 + h - y))
            for y in range(y0, y0 + h, side)
            for x in range(x0, x0 + w, side)]


class CompositeScheduler:
    """Dirty regions of one canvas, handed to ``work(rect)`` in pieces under a time budget."""

    def __init__(self, work: Callable[[Rect], None], clock: Callable[[], float] = time.perf_counter) -> None:
        self._work = work
        self._clock = clock
        self._canvas: Rect = (0, 0, 0, 0)
        self._dirty: list[Rect] = []  # as reported, not yet cut into pieces
        self._pending: list[Rect] = []  # pieces not composited yet, in the order they will be done

    def reset(self, width: int, height: int) -> None:
        """A new or resized canvas: everything is dirty, earlier pieces no longer apply."""
        self._canvas = (0, 0, width, height)
        self._dirty = [self._canvas]
        self._pending = []

    def add(self, rect: Rect) -> Rect | None:
        """Mark ``rect`` dirty; returns the part of it on the canvas (None when there is none)."""
        clipped = intersect(rect, self._canvas)
        if clipped is not None:
            self._dirty.append(clipped)
        return clipped

    @property
    def done(self) -> bool:
        return not self._dirty and not self._pending

    @property
    def pending(self) -> int:
        """Pieces known to be left (dirty regions not cut into pieces yet are not counted)."""
        return len(self._pending)

    def run(self, budget_s: float | None = None, visible: Rect | None = None) -> bool:
        """Composite pending pieces, those overlapping ``visible`` first; with ``budget_s``, stop once that
        long has passed (after at least one piece, so every paint makes progress). Returns whether any
        piece was composited; ``done`` tells whether more are left."""
        if self._dirty:
            rects = self._dirty
            if len(rects) > MERGE_OVER:
                box: Rect | None = None
                for r in rects:
                    box = union(box, r)
                rects = [box] if box is not None else []
            self._dirty = []
            self._pending = [piece for region in rects for piece in chunks(region)] + self._pending
        if budget_s is not None and visible is not None and len(self._pending) > 1:
            # Sorted on every budgeted run, so pieces scrolled into view since the last paint come next.
            self._pending.sort(key=lambda r: intersect(r, visible) is None)  # stable: order kept otherwise
        start = self._clock()
        wrote = bool(self._pending)
        while self._pending:
            self._work(self._pending.pop(0))
            if budget_s is not None and self._clock() - start > budget_s:
                break
        return wrote
