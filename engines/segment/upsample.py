"""A mask found on a small working copy, brought to full size along the photo's own edges.

The small mask is blurred a little and scaled up; only in the band where that soft mask is undecided is it
guided by the full-size photo (a guided filter, He et al. 2013, on the grey image, with its coefficients
computed at a quarter of the size: the "fast guided filter", He & Sun 2015), then thresholded. The band is
processed in tiles, so the cost follows the mask's outline, not the image's area.
"""
from __future__ import annotations

import cv2
import numpy as np

TILE = 256
SUBSAMPLE = 4  # the fast guided filter's coefficient subsampling
EPSILON = 1e-3  # guided filter regulariser for a grey guide in 0..1


def guided_filter(guide: np.ndarray, source: np.ndarray, radius: int, eps: float = EPSILON,
                  subsample: int = SUBSAMPLE) -> np.ndarray:
    """The (fast) guided filter: ``source`` smoothed while following the edges of ``guide`` (both float32,
    same shape); the linear coefficients are found on a copy ``subsample`` times smaller."""
    height, width = guide.shape
    small = (max(1, width // subsample), max(1, height // subsample))
    guide_s = cv2.resize(guide, small, interpolation=cv2.INTER_AREA)
    source_s = cv2.resize(source, small, interpolation=cv2.INTER_AREA)
    reach = max(1, radius // subsample)
    size = (2 * reach + 1, 2 * reach + 1)

    def box(values: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(values, -1, size, borderType=cv2.BORDER_REFLECT)

    mean_i, mean_p = box(guide_s), box(source_s)
    var_i = box(guide_s * guide_s) - mean_i * mean_i
    cov_ip = box(guide_s * source_s) - mean_i * mean_p
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    a_full = cv2.resize(box(a), (width, height), interpolation=cv2.INTER_LINEAR)
    b_full = cv2.resize(box(b), (width, height), interpolation=cv2.INTER_LINEAR)
    out: np.ndarray = a_full * guide + b_full
    return out


def upsample_mask(small: np.ndarray, grey: np.ndarray) -> np.ndarray:
    """``small`` (h, w) uint8 0/255 or float 0..1 mask -> (H, W) uint8 0/255 of ``grey`` (H, W) uint8's size."""
    height, width = grey.shape
    factor = max(height / small.shape[0], width / small.shape[1])
    prob: np.ndarray = small.astype(np.float32)
    if small.dtype == np.uint8:
        prob /= 255.0
    if factor <= 1.0:
        up = cv2.resize(prob, (width, height), interpolation=cv2.INTER_LINEAR)
        return np.where(up >= 0.5, 255, 0).astype(np.uint8)
    prob = cv2.GaussianBlur(prob, (0, 0), 0.7)
    up = cv2.resize(prob, (width, height), interpolation=cv2.INTER_LINEAR)
    out = np.where(up >= 0.5, 255, 0).astype(np.uint8)
    radius = max(2, int(round(factor * 1.5)))
    band = (up > 0.02) & (up < 0.98)
    # Only tiles holding a band pixel are filtered, each with a margin of the filter's reach.
    margin = 2 * radius + 2
    for ty, tx in _band_tiles(band):
        y0, x0 = ty * TILE, tx * TILE
        y1, x1 = min(height, y0 + TILE), min(width, x0 + TILE)
        py0, px0, py1, px1 = max(0, y0 - margin), max(0, x0 - margin), min(height, y1 + margin), min(width, x1 + margin)
        guide = grey[py0:py1, px0:px1].astype(np.float32) / 255.0
        filtered = guided_filter(guide, up[py0:py1, px0:px1], radius)
        piece = np.clip(filtered[y0 - py0:y1 - py0, x0 - px0:x1 - px0], 0.0, 1.0)
        inside = band[y0:y1, x0:x1]
        out[y0:y1, x0:x1][inside] = np.where(piece[inside] >= 0.5, 255, 0).astype(np.uint8)
    return out


def _band_tiles(band: np.ndarray) -> set[tuple[int, int]]:
    """Tile indices (row, column) of every tile with a band pixel."""
    height, width = band.shape
    rows = (height + TILE - 1) // TILE
    cols = (width + TILE - 1) // TILE
    padded = np.zeros((rows * TILE, cols * TILE), bool)
    padded[:height, :width] = band
    hit = padded.reshape(rows, TILE, cols, TILE).any(axis=(1, 3))
    return {(int(r), int(c)) for r, c in zip(*np.nonzero(hit), strict=True)}
