"""Flattening the layer stack into straight RGBA, for a rect or as a cached full canvas.

``render(rect)`` composites just that rect (float32, premultiplied accumulation, only the layers that
overlap it), so a small dirty region of a large document is cheap. ``composite()`` keeps a full-canvas
uint8 cache and re-renders only the regions ``invalidate`` marked dirty (the compositor follows the
document's notifications by itself unless told not to).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, NamedTuple

import numpy as np

from app.blend import Scratch, composite_over, to_straight_u8
from app.document import BlendMode, Layer
from app.pixel_ops import scale_alpha
from app.tiles import Rect, intersect, normalize, rect_is_empty, union

if TYPE_CHECKING:
    from app.document import Document

BAND_PIXELS = 65536  # regions are rendered in bands of about this many pixels, so buffers stay in cache
MAX_DIRTY_RECTS = 32  # beyond this, dirty rects collapse into their bounding box
_REPAINT_WHAT = ("pixels", "layers", "canvas")


class Source(NamedTuple):
    """What compositing needs from a layer (merge-down passes modified copies of these)."""

    pixels: np.ndarray
    offset: tuple[int, int]
    opacity: float
    mode: BlendMode
    mask: np.ndarray | None = None  # (h, w) uint8 layer mask of ``pixels``: scales their alpha


def sources_of(layers: Iterable[Layer]) -> list[Source]:
    """The visible, non-transparent layers, bottom to top."""
    return [
        Source(layer.pixels, layer.offset, float(layer.opacity), layer.blend_mode, layer.shown_mask)
        for layer in layers
        if layer.visible and layer.opacity > 0
    ]


def masked(pixels: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """RGBA ``pixels`` with their alpha scaled by a layer ``mask`` of the same (h, w) (rounded to the
    nearest level); ``pixels`` themselves when there is no mask."""
    return pixels if mask is None else scale_alpha(pixels, mask)


def render_sources(sources: list[Source], rect: Rect, out: np.ndarray | None = None) -> np.ndarray:
    """Composite ``sources`` over a transparent backdrop within ``rect``; (h, w, 4) uint8 straight,
    written into ``out`` when given."""
    x, y, w, h = rect
    if out is None:
        out = np.zeros((h, w, 4), np.uint8)
    rows = max(1, BAND_PIXELS // max(w, 1))
    for band_y in range(y, y + h, rows):
        band_h = min(rows, y + h - band_y)
        _render_band(sources, (x, band_y, w, band_h), out[band_y - y:band_y - y + band_h])
    return out


def _render_band(sources: list[Source], rect: Rect, out: np.ndarray) -> None:
    x, y, w, h = rect
    scratch = Scratch.for_thread()
    acc = scratch.get("acc", (3, h, w))
    acc_a = scratch.get("acc_a", (h, w))
    acc.fill(0)
    acc_a.fill(0)
    for src in sources:
        lh, lw = src.pixels.shape[:2]
        part = intersect(rect, (src.offset[0], src.offset[1], lw, lh))
        if part is None:
            continue  # a layer contributes nothing outside its own area
        px, py, pw, ph = part
        lx, ly = px - src.offset[0], py - src.offset[1]
        ax, ay = px - x, py - y
        mask = None if src.mask is None else src.mask[ly:ly + ph, lx:lx + pw]
        composite_over(
            acc[:, ay:ay + ph, ax:ax + pw],
            acc_a[ay:ay + ph, ax:ax + pw],
            masked(src.pixels[ly:ly + ph, lx:lx + pw], mask),
            src.opacity,
            src.mode,
            scratch,
        )
    to_straight_u8(acc, acc_a, out, scratch)


class Compositor:
    """The document's flattened image, with a dirty-region cache for the canvas."""

    def __init__(self, doc: "Document", *, follow: bool = True) -> None:
        self._doc = doc
        self._cache = np.zeros((doc.height, doc.width, 4), np.uint8)
        self._dirty: list[Rect] = [doc.canvas_rect]
        self._follow = follow
        if follow:
            doc.subscribe(self._on_change)

    def close(self) -> None:
        """Stop following the document."""
        if self._follow:
            self._doc.unsubscribe(self._on_change)
            self._follow = False

    def render(self, rect: Rect | None = None) -> np.ndarray:
        """Straight-alpha RGBA uint8 of canvas ``rect`` (x, y, w, h); the whole canvas when None.
        Parts of ``rect`` outside the canvas come out transparent."""
        canvas = self._doc.canvas_rect
        rect = canvas if rect is None else normalize(rect)
        out = np.zeros((rect[3], rect[2], 4), np.uint8)
        inside = intersect(rect, canvas)
        if inside is not None:
            ox, oy = inside[0] - rect[0], inside[1] - rect[1]
            render_sources(sources_of(self._doc.layers), inside, out[oy:oy + inside[3], ox:ox + inside[2]])
        return out

    def invalidate(self, rect: Rect | None = None) -> None:
        """Mark a canvas region (None: everything) for re-rendering on the next ``composite()``."""
        canvas = self._doc.canvas_rect
        if self._cache.shape[:2] != (self._doc.height, self._doc.width):
            self._cache = np.zeros((self._doc.height, self._doc.width, 4), np.uint8)
            rect = None
        if rect is None:
            self._dirty = [canvas]
            return
        clipped = intersect(normalize(rect), canvas)
        if clipped is None:
            return
        # Fold the new rect into any it overlaps, so overlapping work is not done twice.
        merged = True
        while merged:
            merged = False
            for i, other in enumerate(self._dirty):
                if intersect(clipped, other) is not None:
                    clipped = union(clipped, other)
                    del self._dirty[i]
                    merged = True
                    break
        self._dirty.append(clipped)
        if len(self._dirty) > MAX_DIRTY_RECTS:
            box: Rect | None = None
            for r in self._dirty:
                box = union(box, r)
            self._dirty = [box] if box is not None else []

    @property
    def dirty_rects(self) -> list[Rect]:
        return list(self._dirty)

    def composite(self) -> np.ndarray:
        """The full canvas (H, W, 4) uint8, re-rendering only dirty regions. Do not modify it."""
        if self._cache.shape[:2] != (self._doc.height, self._doc.width):
            self.invalidate(None)
        if self._dirty:
            sources = sources_of(self._doc.layers)
            for x, y, w, h in self._dirty:
                render_sources(sources, (x, y, w, h), self._cache[y:y + h, x:x + w])
            self._dirty = []
        return self._cache

    def _on_change(self, what: str, rect: Rect | None) -> None:
        if what in _REPAINT_WHAT and not rect_is_empty(rect):
            self.invalidate(None if what == "canvas" else rect)
