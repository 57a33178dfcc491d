"""The dab engine: round anti-aliased soft dabs written into a layer, a mask or the selection.

A stroke is a series of dabs. Like Photoshop and Krita, *flow* is how much one dab adds and *opacity* caps
the whole stroke: each stroke keeps a coverage value per pixel (0..1, built up by the dabs) and the
original pixels, and every pixel is recomputed as ``original blended with colour at coverage * opacity``.
So overlapping dabs never exceed the stroke opacity, and a dab costs only numpy work on its own rect.

Coverage and originals live in lazily created tiles, so a stroke on a 24 MP layer holds memory only for
the area it touched. Pure numpy, no Qt.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from app.tiles import Rect, intersect

MIN_SIZE = 1.0
MAX_SIZE = 2000.0
TILE = 128

# Source of pixels for a dab (clone stamp): canvas rect -> (h, w, 4) uint8 straight RGBA.
PixelSource = Callable[[Rect], np.ndarray]


@dataclass
class BrushSettings:
    """What the tool-options bar edits; shared by brush, eraser, mask brush and clone stamp."""

    size: float = 30.0  # diameter in image pixels
    hardness: float = 0.8  # 0 = all falloff, 1 = hard edge (still anti-aliased over one pixel)
    opacity: float = 1.0  # cap for the whole stroke
    flow: float = 1.0  # amount one dab adds
    spacing: float = 0.15  # distance between dabs as a fraction of the diameter
    smoothing: float = 0.0  # stabiliser strength 0..0.95 (see app.stroke.Smoother)
    pressure_size: bool = True
    pressure_opacity: bool = False

    def clamped(self) -> "BrushSettings":
        return BrushSettings(
            size=float(min(max(self.size, MIN_SIZE), MAX_SIZE)),
            hardness=float(min(max(self.hardness, 0.0), 1.0)),
            opacity=float(min(max(self.opacity, 0.0), 1.0)),
            flow=float(min(max(self.flow, 0.0), 1.0)),
            spacing=float(min(max(self.spacing, 0.01), 5.0)),
            smoothing=float(min(max(self.smoothing, 0.0), 0.95)),
            pressure_size=self.pressure_size,
            pressure_opacity=self.pressure_opacity,
        )

    def size_at(self, pressure: float) -> float:
        # A light touch still leaves a thin line rather than nothing.
        scale = max(0.05, min(pressure, 1.0)) if self.pressure_size else 1.0
        return max(MIN_SIZE * 0.5, self.size * scale)

    def flow_at(self, pressure: float) -> float:
        return self.flow * (max(0.0, min(pressure, 1.0)) if self.pressure_opacity else 1.0)

    def spacing_px(self, pressure: float) -> float:
        return max(0.5, self.spacing * self.size_at(pressure))


@lru_cache(maxsize=64)
def _dab_cached(diameter_q: int, hardness_q: int, fx_q: int, fy_q: int, quant: int) -> np.ndarray:
    diameter = diameter_q / 4
    hardness = hardness_q / 100
    fx, fy = fx_q / quant, fy_q / quant
    r = diameter / 2
    size_x = math.ceil(fx + r) - math.floor(fx - r)
    size_y = math.ceil(fy + r) - math.floor(fy - r)
    x0, y0 = math.floor(fx - r), math.floor(fy - r)
    # Distance from each pixel centre to the dab centre.
    xs = (np.arange(size_x, dtype=np.float32) + (x0 + 0.5 - fx)) ** 2
    ys = (np.arange(size_y, dtype=np.float32) + (y0 + 0.5 - fy)) ** 2
    d = np.sqrt(ys[:, None] + xs[None, :])
    # Falloff band: the soft part, never narrower than one pixel (that is the anti-aliasing). It ends half
    # a pixel outside the radius so that a hard dab is half covered at its edge and has the disc's area.
    width = max(r * (1.0 - hardness), 1.0)
    t = np.clip((r + 0.5 - d) / np.float32(width), 0.0, 1.0)
    alpha = t * t * (3.0 - 2.0 * t)  # smoothstep: no visible ring where the falloff starts
    alpha.setflags(write=False)
    return alpha


def dab_alpha(cx: float, cy: float, diameter: float, hardness: float) -> tuple[Rect, np.ndarray]:
    """(canvas rect, float32 alpha 0..1) of one round dab centred at (cx, cy) in canvas pixels."""
    diameter = float(min(max(diameter, 0.25), MAX_SIZE))
    quant = 4 if diameter <= 64 else 2  # sub-pixel positions; coarser for big dabs where it cannot show
    fx = cx - math.floor(cx)
    fy = cy - math.floor(cy)
    fx_q, fy_q = int(round(fx * quant)), int(round(fy * quant))
    diameter_q = int(round(diameter * 4)) if diameter <= 64 else int(round(diameter)) * 4
    alpha = _dab_cached(diameter_q, int(round(hardness * 100)), fx_q, fy_q, quant)
    r = diameter_q / 8
    ox = math.floor(fx_q / quant - r) + math.floor(cx)
    oy = math.floor(fy_q / quant - r) + math.floor(cy)
    return (ox, oy, alpha.shape[1], alpha.shape[0]), alpha


class _Tile:
    __slots__ = ("orig", "cov")

    def __init__(self, orig: np.ndarray) -> None:
        self.orig = orig
        self.cov = np.zeros(orig.shape[:2], np.float32)


class DabWriter:
    """Writes the dabs of one stroke into ``array`` (a layer's RGBA pixels or a (H, W) mask plane).

    ``origin`` is the array's top-left on the canvas (a layer's offset). ``mode`` is "paint" or "erase".
    ``color`` is RGB for layers; planes paint towards ``level`` (255: on; a layer mask painted with a grey
    colour takes its grey) and erase towards 0. ``source`` replaces the colour with
    pixels from elsewhere (clone stamp). ``clip`` is a canvas-sized uint8 plane (the selection) that
    limits where the stroke shows.
    """

    def __init__(
        self,
        array: np.ndarray,
        origin: tuple[int, int] = (0, 0),
        *,
        mode: str = "paint",
        color: tuple[int, int, int] = (0, 0, 0),
        level: int = 255,
        opacity: float = 1.0,
        clip: np.ndarray | None = None,
        source: PixelSource | None = None,
        before_write: Callable[[Rect], None] | None = None,
    ) -> None:
        if mode not in ("paint", "erase"):
            raise ValueError(f"unknown dab mode {mode!r}")
        self.array = array
        self.origin = origin
        self.mode = mode
        self.color = np.asarray(color[:3], np.float32)
        self.level = np.float32(min(max(level, 0), 255))
        self.opacity = float(min(max(opacity, 0.0), 1.0))
        self.clip = clip
        self.source = source
        self.before_write = before_write  # e.g. the history transaction's touch
        self._tiles: dict[tuple[int, int], _Tile] = {}
        self._rgba = array.ndim == 3

    def dab(self, cx: float, cy: float, diameter: float, hardness: float, flow: float = 1.0) -> Rect | None:
        """Add one dab at canvas (cx, cy); returns the canvas rect written (None when off the target)."""
        rect, alpha = dab_alpha(cx, cy, diameter, hardness)
        return self.dab_with(rect, alpha, flow)

    def dab_with(self, rect: Rect, alpha: np.ndarray, flow: float) -> Rect | None:
        """Add a dab given as (canvas rect, alpha) (custom shapes; ``dab`` builds round ones)."""
        ox, oy = self.origin
        h, w = self.array.shape[:2]
        local = intersect((rect[0] - ox, rect[1] - oy, rect[2], rect[3]), (0, 0, w, h))
        if local is None or flow <= 0:
            return None
        lx, ly, lw, lh = local
        if self.before_write is not None:
            self.before_write((lx + ox, ly + oy, lw, lh))
        src = None
        if self.source is not None:
            src = self.source((lx + ox, ly + oy, lw, lh))
        t = TILE
        for ty in range(ly // t, (ly + lh - 1) // t + 1):
            for tx in range(lx // t, (lx + lw - 1) // t + 1):
                # The part of the dab inside this tile, in array coordinates.
                x0, y0 = max(lx, tx * t), max(ly, ty * t)
                x1, y1 = min(lx + lw, (tx + 1) * t, w), min(ly + lh, (ty + 1) * t, h)
                if x1 <= x0 or y1 <= y0:
                    continue
                tile = self._tile(ty, tx)
                a = alpha[y0 + oy - rect[1]:y1 + oy - rect[1], x0 + ox - rect[0]:x1 + ox - rect[0]]
                cov = tile.cov[y0 - ty * t:y1 - ty * t, x0 - tx * t:x1 - tx * t]
                cov += (1.0 - cov) * (a * np.float32(flow))
                eff = cov * np.float32(self.opacity)
                if self.clip is not None:
                    eff = eff * (self.clip[y0 + oy:y1 + oy, x0 + ox:x1 + ox] * np.float32(1 / 255))
                orig = tile.orig[y0 - ty * t:y1 - ty * t, x0 - tx * t:x1 - tx * t]
                sub = None if src is None else src[y0 - ly:y1 - ly, x0 - lx:x1 - lx]
                self.array[y0:y1, x0:x1] = self._blend(orig, eff, sub)
        return lx + ox, ly + oy, lw, lh

    def original(self, rect: Rect) -> np.ndarray:
        """The target's pixels in canvas ``rect`` as they were before this stroke (zeros outside the
        target): what a clone stamp samples, so a stroke never copies its own dabs."""
        x, y, w, h = rect
        ox, oy = self.origin
        out = np.zeros((h, w) + self.array.shape[2:], np.uint8)
        ah, aw = self.array.shape[:2]
        local = intersect((x - ox, y - oy, w, h), (0, 0, aw, ah))
        if local is None:
            return out
        lx, ly, lw, lh = local
        dst = out[ly + oy - y:ly + oy - y + lh, lx + ox - x:lx + ox - x + lw]
        dst[...] = self.array[ly:ly + lh, lx:lx + lw]
        t = TILE
        for ty in range(ly // t, (ly + lh - 1) // t + 1):  # touched tiles: take the saved originals
            for tx in range(lx // t, (lx + lw - 1) // t + 1):
                tile = self._tiles.get((ty, tx))
                if tile is None:
                    continue
                part = intersect(local, (tx * t, ty * t, tile.orig.shape[1], tile.orig.shape[0]))
                if part is None:
                    continue
                px, py, pw, ph = part
                dst[py - ly:py - ly + ph, px - lx:px - lx + pw] = tile.orig[py - ty * t:py - ty * t + ph,
                                                                            px - tx * t:px - tx * t + pw]
        return out

    def _tile(self, ty: int, tx: int) -> _Tile:
        tile = self._tiles.get((ty, tx))
        if tile is None:
            t = TILE
            tile = _Tile(self.array[ty * t:(ty + 1) * t, tx * t:(tx + 1) * t].copy())
            self._tiles[(ty, tx)] = tile
        return tile

    def _blend(self, orig: np.ndarray, eff: np.ndarray, src: np.ndarray | None) -> np.ndarray:
        if not self._rgba:
            d = orig.astype(np.float32)
            out = d * (1.0 - eff) if self.mode == "erase" else d + (self.level - d) * eff
            return np.rint(out).astype(np.uint8)
        da = orig[..., 3].astype(np.float32) * np.float32(1 / 255)
        if self.mode == "erase":
            out = orig.copy()
            out[..., 3] = np.rint(da * (1.0 - eff) * 255.0).astype(np.uint8)
            return out
        if src is None:
            sa, color = eff, self.color
        else:
            sa, color = eff * (src[..., 3] * np.float32(1 / 255)), src[..., :3].astype(np.float32)
        keep = da * (1.0 - sa)
        out_a = sa + keep
        safe = np.where(out_a > 0, out_a, 1.0)
        rgb = (color * sa[..., None] + orig[..., :3].astype(np.float32) * keep[..., None]) / safe[..., None]
        out = np.empty_like(orig)
        out[..., :3] = np.where((out_a > 0)[..., None], np.rint(rgb), orig[..., :3]).astype(np.uint8)
        out[..., 3] = np.rint(out_a * 255.0).astype(np.uint8)
        return out
