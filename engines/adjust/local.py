"""Contrast operations that look at a pixel's neighbourhood or the whole histogram: local contrast
(CLAHE) and histogram equalisation. Both act on lightness (Lab L) only, so colours do not shift.

Both measure the image (engines/adjust/measured.py): equalise one tone table, CLAHE a table for each tile
of a grid laid over the image. CLAHE is OpenCV's (imgproc/clahe.cpp) in its own integer and float32
arithmetic, split into measuring the tables and blending them, so a part of the image can be blended with
the whole image's tables at the whole image's tile positions; a test holds it to ``cv2.createCLAHE``.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from engines.adjust.color import back, unit
from engines.adjust.measured import WHOLE, Placement
from engines.adjust.point import peak


def _split_lightness(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L as an integer channel of the image's dtype, the float Lab image)."""
    lab = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2Lab)
    top = peak(rgb.dtype)
    lightness = np.rint(lab[..., 0] * (top / 100.0)).astype(rgb.dtype)
    return lightness, lab


def _merge_lightness(lightness: np.ndarray, lab: np.ndarray, dtype: np.dtype) -> np.ndarray:
    lab[..., 0] = lightness.astype(np.float32) * (100.0 / peak(dtype))
    return back(cv2.cvtColor(lab, cv2.COLOR_Lab2RGB), dtype)


# -- CLAHE -------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ClaheTables:
    """CLAHE's measured tone tables, (tiles down, tiles across, levels), for tiles of ``tile_size`` (w, h)
    pixels from the image's top-left corner."""

    tables: np.ndarray
    tile_size: tuple[int, int]

    def blend(self, channel: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        """Each pixel of ``channel`` through the tables of the four tiles whose centres surround it, weighted
        bilinearly by its distance to them (only the nearest one or two near the image's edges)."""
        rows, across = _tile_weights(at.positions(channel.shape[0], vertical=True), self.tile_size[1],
                                     self.tables.shape[0])
        columns, sideways = _tile_weights(at.positions(channel.shape[1], vertical=False), self.tile_size[0],
                                          self.tables.shape[1])
        out = np.empty(channel.shape, np.float32)
        # Pixels between the same tile centres share four tables: one block of the image at a time.
        for r0, r1 in _runs(rows):
            top, bottom = rows[:, r0]
            up, down = across[:, r0:r1, None]
            for c0, c1 in _runs(columns):
                left, right = columns[:, c0]
                west, east = sideways[:, c0:c1]
                values = channel[r0:r1, c0:c1]
                nw, ne, sw, se = (np.take(self.tables[row, column], values).astype(np.float32)
                                  for row, column in ((top, left), (top, right), (bottom, left), (bottom, right)))
                out[r0:r1, c0:c1] = (nw * west + ne * east) * up + (sw * west + se * east) * down
        return np.clip(np.rint(out), 0, peak(channel.dtype)).astype(channel.dtype)

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        lightness, lab = _split_lightness(rgb)
        return _merge_lightness(self.blend(lightness, at), lab, rgb.dtype)


def _tile_weights(positions: np.ndarray, size: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """For pixel positions along one axis: the indices of the tiles before and after each (2, n), clamped to
    the grid, and their weights (2, n) float32, computed as OpenCV does."""
    t = positions.astype(np.float32) * (np.float32(1.0) / np.float32(size)) - np.float32(0.5)
    first = np.floor(t)
    after = t - first
    index = first.astype(np.intp)
    indices = np.stack([np.maximum(index, 0), np.minimum(index + 1, count - 1)])
    return indices, np.stack([np.float32(1.0) - after, after])


def _runs(indices: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal (before, after) tile pairs along an axis."""
    change = np.any(np.diff(indices, axis=1, prepend=-1) != 0, axis=0)
    starts = np.flatnonzero(change)
    return list(zip(starts.tolist(), [*starts[1:].tolist(), indices.shape[1]]))


def clahe_tables(channel: np.ndarray, clip_limit: float, tiles: int) -> ClaheTables:
    """CLAHE's tables on one channel (8- or 16-bit), as OpenCV makes them: a grid of ``tiles`` × ``tiles``
    over the channel (padded at the bottom and right by reflection when it does not divide); each tile's
    histogram clipped at ``clip_limit`` times its mean, the excess spread evenly (the remainder one count at
    a time on evenly spaced levels from the first), its running sum scaled to the range."""
    levels = peak(channel.dtype) + 1
    height, width = channel.shape
    if height % tiles or width % tiles:
        channel = cv2.copyMakeBorder(channel, 0, tiles - height % tiles, 0, tiles - width % tiles,
                                     cv2.BORDER_REFLECT_101)
    tile_h, tile_w = channel.shape[0] // tiles, channel.shape[1] // tiles
    histograms = np.stack([
        np.bincount(channel[row * tile_h:(row + 1) * tile_h, column * tile_w:(column + 1) * tile_w].ravel(),
                    minlength=levels)
        for row in range(tiles) for column in range(tiles)])
    area = tile_h * tile_w
    if clip_limit > 0:
        limit = max(int(clip_limit * area / levels), 1)
        excess = np.maximum(histograms - limit, 0).sum(axis=1, keepdims=True)
        histograms = np.minimum(histograms, limit) + excess // levels
        residual = excess % levels
        spacing = np.maximum(levels // np.maximum(residual, 1), 1)
        level = np.arange(levels)
        histograms += (level % spacing == 0) & (level // spacing < residual)
    scale = np.float32(levels - 1) / np.float32(area)
    tables = np.rint(np.cumsum(histograms, axis=1).astype(np.float32) * scale)
    tables = np.clip(tables, 0, levels - 1).astype(channel.dtype)
    return ClaheTables(tables.reshape(tiles, tiles, levels), (tile_w, tile_h))


def measure_local_contrast(rgb: np.ndarray, clip_limit: float = 2.0, tile: int = 8) -> ClaheTables:
    """CLAHE (contrast-limited adaptive histogram equalisation) on lightness: ``tile`` × ``tile`` regions,
    each histogram clipped at ``clip_limit`` times its mean to keep noise from being amplified."""
    return clahe_tables(_split_lightness(rgb)[0], float(clip_limit), int(tile))


def local_contrast(rgb: np.ndarray, clip_limit: float = 2.0, tile: int = 8) -> np.ndarray:
    return measure_local_contrast(rgb, clip_limit, tile)(rgb)


# -- equalise ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class LightnessTable:
    """A measured tone table for lightness, one entry per code value of the image's dtype."""

    table: np.ndarray

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        lightness, lab = _split_lightness(rgb)
        return _merge_lightness(self.table[lightness], lab, rgb.dtype)


def measure_equalize(rgb: np.ndarray) -> LightnessTable:
    """Global histogram equalisation of lightness: the cumulative histogram becomes the tone curve."""
    lightness, _ = _split_lightness(rgb)
    top = peak(rgb.dtype)
    histogram = np.bincount(lightness.ravel(), minlength=top + 1).astype(np.float64)
    cdf = np.cumsum(histogram)
    first = cdf[np.nonzero(histogram)[0][0]]
    span = max(cdf[-1] - first, 1.0)
    return LightnessTable(np.rint(np.clip((cdf - first) / span, 0.0, 1.0) * top).astype(rgb.dtype))


def equalize(rgb: np.ndarray) -> np.ndarray:
    return measure_equalize(rgb)(rgb)
