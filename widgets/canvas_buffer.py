"""What the canvas draws from: a premultiplied RGBA copy of the composite, plus a mipmap pyramid for
zoomed-out views. Pure numpy and QImage (no widget), so it is tested on its own.

Rectangles are ``app.tiles.Rect`` tuples (x, y, w, h) in canvas pixels.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
from PySide6.QtGui import QImage

from app.tiles import Rect

_FORMAT = QImage.Format.Format_RGBA8888_Premultiplied


def premultiply(rgba: np.ndarray) -> np.ndarray:
    """Straight RGBA uint8 -> premultiplied (what QPainter blends fastest and what resizing needs)."""
    out = rgba.copy()
    alpha = rgba[..., 3:4].astype(np.uint16)
    out[..., :3] = ((rgba[..., :3].astype(np.uint16) * alpha + 127) // 255).astype(np.uint8)
    return out


def mask_tint(mask: np.ndarray, rgb: tuple[int, int, int], opacity: float) -> np.ndarray:
    """The mask overlay for a (h, w) uint8 mask: ``rgb`` at ``opacity`` times the mask, premultiplied."""
    alpha = mask.astype(np.float32) * opacity
    out = np.empty(mask.shape + (4,), np.uint8)
    for c, value in enumerate(rgb):
        out[..., c] = np.rint(alpha * (value / 255.0)).astype(np.uint8)
    out[..., 3] = np.rint(alpha).astype(np.uint8)
    return out


def level_for(zoom: float) -> int:
    """The pyramid level to draw at ``zoom``: the smallest one still at least as large as the view."""
    return max(0, int(math.floor(math.log2(1.0 / zoom) + 1e-9))) if zoom < 1.0 else 0


def _halve(block: np.ndarray, width: int, height: int) -> np.ndarray:
    """Mean of 2 x 2 blocks of ``block`` -> (height, width, 4), repeating the last row/column if odd."""
    bh, bw = block.shape[:2]
    if bh < 2 * height or bw < 2 * width:
        block = cv2.copyMakeBorder(block, 0, 2 * height - bh, 0, 2 * width - bw, cv2.BORDER_REPLICATE)
    return cv2.resize(block, (width, height), interpolation=cv2.INTER_AREA).reshape(height, width, 4)


def _wrap(pixels: np.ndarray) -> QImage:
    h, w = pixels.shape[:2]
    return QImage(pixels.data, w, h, w * 4, _FORMAT)  # shares the array's memory: keep both together


class DisplayBuffer:
    """A premultiplied RGBA image the size of the canvas, plus a mipmap pyramid for zoom < 1.

    Level k is 1/2**k of the canvas, each pixel the mean of a 2 x 2 block of level k-1 (edges repeated
    where a side is odd). Zoomed out, the view draws the level just larger than the zoom with bilinear
    filtering: no aliasing or shimmer, and changing the zoom costs nothing, where rebuilding one exact
    downscale per zoom step cost a full pass over the canvas (~100 ms at 24 MP). Levels are built once,
    lazily, and a write updates only the blocks it covers in each level."""

    def __init__(self, width: int, height: int) -> None:
        self.pixels = np.zeros((height, width, 4), np.uint8)
        self.image = _wrap(self.pixels)
        self._levels: list[tuple[np.ndarray, QImage]] = []  # index i holds level i + 1

    def write(self, rect: Rect, premultiplied: np.ndarray | int) -> None:
        """Put premultiplied pixels (or one value for all) into ``rect`` and the built pyramid levels."""
        x0, y0, w, h = rect
        x1, y1 = x0 + w, y0 + h
        self.pixels[y0:y1, x0:x1] = premultiplied
        above = self.pixels
        for small, _ in self._levels:  # refresh only the blocks under the rect, level by level
            x0, y0 = x0 // 2, y0 // 2
            x1, y1 = min(small.shape[1], (x1 + 1) // 2), min(small.shape[0], (y1 + 1) // 2)
            small[y0:y1, x0:x1] = _halve(above[2 * y0:2 * y1, 2 * x0:2 * x1], x1 - x0, y1 - y0)
            above = small

    def _ensure_level(self, zoom: float) -> int:
        """Build the pyramid down to the level for ``zoom`` (or to 1 px); returns the level to use."""
        wanted = level_for(zoom)
        while len(self._levels) < wanted:
            top = self._levels[-1][0] if self._levels else self.pixels
            if min(top.shape[:2]) <= 1:
                break
            h, w = top.shape[:2]
            small = np.ascontiguousarray(_halve(top, (w + 1) // 2, (h + 1) // 2))
            self._levels.append((small, _wrap(small)))
        return min(wanted, len(self._levels))

    def level_pixels(self, zoom: float) -> np.ndarray:
        """The pyramid level for ``zoom`` as an array (level 0 is ``pixels``), built when first needed."""
        level = self._ensure_level(zoom)
        return self._levels[level - 1][0] if level else self.pixels

    def level_image(self, zoom: float) -> QImage:
        """The same level as a QImage, to draw with bilinear filtering."""
        level = self._ensure_level(zoom)
        return self._levels[level - 1][1] if level else self.image
