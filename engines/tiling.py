"""Overlapping tiles with seam-free blending, padding to a model's multiple, progress and cancel.

Public API:
    tiled_apply(image, fn, *, scale=1, tile=512, overlap=32, multiple=1, ctx=None, span=(0.0, 1.0))
image: (H, W, C) or (H, W) float32. fn: takes an (h, w, C) float32 tile whose h, w are multiples of
`multiple` and returns (h*scale, w*scale, C_out) float32 (larger outputs are cropped). Returns
(H*scale, W*scale, C_out) float32.

Blending: where two tiles overlap by O pixels, each drops the O/4 pixels next to its cut edge (those saw
a truncated neighbourhood) and the two cross-fade with half-sine weights over the middle O/2. So when O/4
is at least a network's receptive-field radius, tiling gives the same result as one whole-image run.
Tiles are spread evenly, so every overlap is at least `overlap`, and all tiles have the same size
(one shape for the session: no re-planning per tile). `tile` is the largest side allowed: once the
number of tiles along an axis is known, the side shrinks to the least that still covers the axis, so an
image a little larger than two tiles costs about its own area, not three full tiles' worth.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import numpy as np

from engines.base import RunContext
from engines.fitting import pad_to_multiple
from engines.longrun import RunCost, calibrate

TileFn = Callable[[np.ndarray], np.ndarray]


def unit(ctx: RunContext | None, start: float, end: float, message: str) -> AbstractContextManager[None]:
    """``ctx.unit(...)``, or nothing without a context."""
    return nullcontext() if ctx is None else ctx.unit(start, end, message)


def _starts(total: int, tile: int, overlap: int) -> list[int]:
    """Evenly spread tile origins covering [0, total) with neighbours overlapping by >= overlap."""
    if total <= tile:
        return [0]
    count = math.ceil((total - overlap) / (tile - overlap))
    count = max(count, 2)
    return [round(i * (total - tile) / (count - 1)) for i in range(count)]


def _fitted_length(total: int, tile: int, overlap: int, multiple: int) -> int:
    """The shortest tile side (a multiple of `multiple`, at most `tile`) that covers `total` with as
    few tiles as `tile` itself would need."""
    if total <= tile:
        return total
    count = max(math.ceil((total - overlap) / (tile - overlap)), 2)
    side = math.ceil((total + (count - 1) * overlap) / count)
    side += (-side) % multiple
    return min(side, tile)


def _edge_weights(overlap: int) -> np.ndarray:
    """Rising weights across one overlap of `overlap` samples: zeros, half-sine ramp, ones."""
    margin = overlap // 4
    ramp = overlap - 2 * margin
    t = (np.arange(ramp, dtype=np.float64) + 0.5) / max(ramp, 1)
    rise = np.sin(t * np.pi / 2) ** 2
    return np.concatenate([np.zeros(margin), rise, np.ones(margin)]).astype(np.float32)


def _axis_weights(starts: list[int], length: int, scale: int) -> list[np.ndarray]:
    """1-D weight per tile along one axis (in output samples); complementary across each overlap."""
    out_len = length * scale
    weights = [np.ones(out_len, np.float32) for _ in starts]
    for i in range(len(starts) - 1):
        overlap = (starts[i] + length - starts[i + 1]) * scale
        rise = _edge_weights(overlap)
        weights[i + 1][:overlap] *= rise
        weights[i][out_len - overlap:] *= 1.0 - rise
    return weights


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
    cost: RunCost | None = None,
) -> np.ndarray:
    """``fn`` over overlapping tiles of ``image`` (see the module docstring). ``cost``: the speed of the
    model ``fn`` runs (LoadedModel.cost); when unknown, it is measured on a small crop first so progress
    can move during long tiles."""
    if image.ndim == 2:
        image = image[:, :, None]
    if image.ndim != 3 or image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"tiled_apply needs an (H, W, C) image, got shape {image.shape}")
    image = image.astype(np.float32, copy=False)
    multiple = max(1, int(multiple))
    scale = max(1, int(scale))
    # Every tile has the same padded shape: a multiple of what the model needs.
    tile = max(int(tile) - int(tile) % multiple, multiple)
    overlap = max(0, min(int(overlap), tile // 2))
    height, width = image.shape[:2]
    tile_h = _fitted_length(height, tile, overlap, multiple)
    tile_w = _fitted_length(width, tile, overlap, multiple)
    ys = _starts(height, tile_h, overlap)
    xs = _starts(width, tile_w, overlap)
    wys = _axis_weights(ys, tile_h, scale)
    wxs = _axis_weights(xs, tile_w, scale)
    total = len(ys) * len(xs)
    out: np.ndarray | None = None
    if ctx is not None:
        ctx.report(span[0], f"tile 0/{total}")
    calibrate(cost, tile_h, tile_w, multiple, lambda side: fn(pad_to_multiple(image[:side, :side], multiple)))
    step = (span[1] - span[0]) / total
    done = 0
    for y, wy in zip(ys, wys):
        for x, wx in zip(xs, wxs):
            if ctx is not None:
                ctx.check_cancelled()
            padded = pad_to_multiple(image[y:y + tile_h, x:x + tile_w], multiple)
            with unit(ctx, span[0] + step * done, span[0] + step * (done + 1), f"tile {done + 1}/{total}"):
                result = np.asarray(fn(padded), dtype=np.float32)
            if result.ndim == 2:
                result = result[:, :, None]
            oh, ow = tile_h * scale, tile_w * scale
            if result.shape[0] < oh or result.shape[1] < ow:
                raise ValueError(f"tile function returned {result.shape[:2]}, expected at least {(oh, ow)}")
            result = result[:oh, :ow]
            if out is None:
                out = np.zeros((height * scale, width * scale, result.shape[2]), np.float32)
            sy, sx = y * scale, x * scale
            out[sy:sy + oh, sx:sx + ow] += result * (wy[:, None, None] * wx[None, :, None])
            done += 1
            if ctx is not None:
                ctx.report(span[0] + (span[1] - span[0]) * done / total, f"tile {done}/{total}")
    assert out is not None
    # The tile grid is a product of rows and columns, so the weight sum factorises per axis.
    sum_y = np.zeros(height * scale, np.float32)
    for y, wy in zip(ys, wys):
        sum_y[y * scale:y * scale + len(wy)] += wy
    sum_x = np.zeros(width * scale, np.float32)
    for x, wx in zip(xs, wxs):
        sum_x[x * scale:x * scale + len(wx)] += wx
    out /= np.maximum(sum_y, 1e-8)[:, None, None]
    out /= np.maximum(sum_x, 1e-8)[None, :, None]
    return out
