"""Overlapping tiles with seam-free blending, padding to a model's multiple, progress and cancel.

Public API:
    tiled_apply(image, fn, *, scale=1, tile=512, overlap=32, multiple=1, ctx=None, span=(0.0, 1.0))
image: (H, W, C) float32. fn: takes an (h, w, C) float32 tile whose h, w are multiples of `multiple`
and returns (h*scale, w*scale, C_out) float32. Returns (H*scale, W*scale, C_out) float32.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from engines.base import RunContext

TileFn = Callable[[np.ndarray], np.ndarray]


def _pad_to_multiple(tile: np.ndarray, multiple: int) -> tuple[np.ndarray, int, int]:
    h, w = tile.shape[:2]
    ph = (-h) % multiple
    pw = (-w) % multiple
    if ph or pw:
        mode = "reflect" if h > ph and w > pw else "edge"
        tile = np.pad(tile, ((0, ph), (0, pw), (0, 0)), mode=mode)
    return tile, h, w


def _ramp(length: int, overlap_before: int, overlap_after: int) -> np.ndarray:
    """1-D weights: half-sine rise over the leading overlap and fall over the trailing one."""
    weights = np.ones(length, np.float32)
    if overlap_before > 0:
        t = (np.arange(overlap_before, dtype=np.float32) + 0.5) / overlap_before
        weights[:overlap_before] = np.sin(t * np.pi / 2) ** 2
    if overlap_after > 0:
        t = (np.arange(overlap_after, dtype=np.float32) + 0.5) / overlap_after
        weights[length - overlap_after:] = np.cos(t * np.pi / 2) ** 2
    return weights


def _starts(total: int, tile: int, overlap: int) -> list[int]:
    if total <= tile:
        return [0]
    step = tile - overlap
    starts = list(range(0, total - tile, step)) + [total - tile]
    return sorted(set(starts))


def tiled_apply(
    image: np.ndarray,
    fn: TileFn,
    *,
    scale: int = 1,
    tile: int = 512,
    overlap: int = 32,
    multiple: int = 1,
    ctx: RunContext | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> np.ndarray:
    height, width = image.shape[:2]
    overlap = min(overlap, tile // 2)
    ys = _starts(height, tile, overlap)
    xs = _starts(width, tile, overlap)
    out: np.ndarray | None = None
    weight_sum = np.zeros((height * scale, width * scale, 1), np.float32)
    total = len(ys) * len(xs)
    done = 0
    for y in ys:
        for x in xs:
            if ctx is not None:
                ctx.check_cancelled()
            h = min(tile, height - y)
            w = min(tile, width - x)
            padded, _, _ = _pad_to_multiple(image[y:y + h, x:x + w], multiple)
            result = fn(padded)[: h * scale, : w * scale]
            if out is None:
                out = np.zeros((height * scale, width * scale, result.shape[2]), np.float32)
            # Overlap only where a neighbour exists, so image borders keep full weight.
            oy0 = overlap * scale if y > 0 else 0
            oy1 = overlap * scale if y + h < height else 0
            ox0 = overlap * scale if x > 0 else 0
            ox1 = overlap * scale if x + w < width else 0
            wy = _ramp(h * scale, oy0, oy1)
            wx = _ramp(w * scale, ox0, ox1)
            weight = (wy[:, None] * wx[None, :])[:, :, None]
            sy, sx = y * scale, x * scale
            out[sy:sy + h * scale, sx:sx + w * scale] += result * weight
            weight_sum[sy:sy + h * scale, sx:sx + w * scale] += weight
            done += 1
            if ctx is not None:
                frac = span[0] + (span[1] - span[0]) * done / total
                ctx.report(frac, f"tile {done}/{total}")
    assert out is not None
    return out / np.maximum(weight_sum, 1e-8)
