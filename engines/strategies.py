"""Where a model runs on an image: the whole image, overlapping tiles, crops around each masked region,
or a downscaled copy. An engine's forward step picks one and gives it the model as a function.

    whole(fn, image, needs=..., scale=1)                     one run, padded to the model's multiple
    tiles(fn, image, tile=, overlap=, needs=..., scale=1)    overlapping tiles, seam-free (engines.tiling)
    crop_around_mask(fn, image, mask, needs=..., margin=)    each connected mask region on its own crop
    resize_to_model(fn, image, mask, size=, needs=...)       at most ``size`` px a side, result upscaled

``fn(pixels) -> pixels`` takes and returns float32 (h, w, C) (``scale`` times larger for upscalers); the
mask strategies call ``fn(pixels, mask)`` with the piece's (h, w) uint8 mask. Every strategy returns a
float32 image of the input's size (times ``scale``). The mask strategies change only masked pixels: the
rest is the input, bit for bit (the engine template then blends with the mask's soft weights). With
``ctx``, progress goes from ``span[0]`` to ``span[1]``, per piece and estimated within long pieces
(``cost``: LoadedModel.cost of the model ``fn`` runs; see engines.longrun).
"""
from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from engines.adapt import PEAKS
from engines.base import RunContext
from engines.fitting import Fitted, fit, resize, resize_mask
from engines.longrun import RunCost, calibrate
from engines.needs import ModelNeeds
from engines.tiling import TileFn, tiled_apply, unit

MaskedFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
Span = tuple[float, float]

ANY = ModelNeeds()
REGION_MARGIN = 0.5  # context around a masked region, as a share of its larger side
MIN_MARGIN = 16  # px: small regions still get some context


def _report(ctx: RunContext | None, fraction: float, message: str) -> None:
    if ctx is not None:
        ctx.report(fraction, message)


def _run_fitted(fn: TileFn, fitted: Fitted, needs: ModelNeeds, ctx: RunContext | None, span: Span, message: str,
                cost: RunCost | None) -> np.ndarray:
    pixels = fitted.pixels
    if needs.fixed_size is None:  # a static model takes no smaller crop; its first piece teaches its speed
        calibrate(cost, pixels.shape[0], pixels.shape[1], needs.multiple, lambda side: fn(pixels[:side, :side]))
    with unit(ctx, span[0], span[1], message):
        return np.asarray(fn(pixels), np.float32)


def whole(fn: TileFn, image: np.ndarray, *, needs: ModelNeeds = ANY, scale: int = 1,
          ctx: RunContext | None = None, span: Span = (0.0, 1.0), message: str = "processing",
          cost: RunCost | None = None) -> np.ndarray:
    """``fn`` on the whole image in one run (padded to ``needs.multiple`` or fitted into
    ``needs.fixed_size``), cropped back."""
    _report(ctx, span[0], message)
    fitted = fit(image, needs)
    out = fitted.undo(_run_fitted(fn, fitted, needs, ctx, span, message, cost), scale)
    _report(ctx, span[1], message)
    return out


def tiles(fn: TileFn, image: np.ndarray, *, tile: int, overlap: int, needs: ModelNeeds = ANY, scale: int = 1,
          ctx: RunContext | None = None, span: Span = (0.0, 1.0), cost: RunCost | None = None) -> np.ndarray:
    """``fn`` over overlapping tiles blended with half-sine weights (engines.tiling); a static-shape
    model's tiles are exactly its input size."""
    if needs.fixed_size is not None:
        tile = multiple = needs.fixed_size
    else:
        multiple = needs.multiple
    return tiled_apply(image, fn, scale=scale, tile=tile, overlap=overlap, multiple=multiple, ctx=ctx,
                       span=span, cost=cost)


def _masked_piece(fn: MaskedFn, piece: np.ndarray, mask: np.ndarray, needs: ModelNeeds, ctx: RunContext | None,
                  span: Span, message: str, cost: RunCost | None) -> np.ndarray:
    """``fn`` on one piece and its mask, fitted to the model and back to the piece's size."""
    fitted = fit(piece, needs)
    fitted_mask = fitted.mask(mask)
    return fitted.undo(_run_fitted(lambda pixels: fn(pixels, fitted_mask[:pixels.shape[0], :pixels.shape[1]]),
                                   fitted, needs, ctx, span, message, cost))


Box = tuple[int, slice, slice]  # (region label, rows, columns)


def mask_regions(mask: np.ndarray, margin: float = REGION_MARGIN,
                 min_margin: int = MIN_MARGIN) -> tuple[np.ndarray, list[Box]]:
    """Labels of the 8-connected regions of ``mask > 0``, and each region's box with a margin of
    ``margin`` times its larger side (at least ``min_margin``) around it, clipped to the image."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((mask > 0).astype(np.uint8), connectivity=8)
    height, width = mask.shape
    boxes = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        pad = max(min_margin, round(margin * max(w, h)))
        boxes.append((label, slice(max(0, y - pad), min(height, y + h + pad)),
                      slice(max(0, x - pad), min(width, x + w + pad))))
    return labels, boxes


def crop_around_mask(fn: MaskedFn, image: np.ndarray, mask: np.ndarray, *, needs: ModelNeeds = ANY,
                     margin: float = REGION_MARGIN, min_margin: int = MIN_MARGIN, ctx: RunContext | None = None,
                     span: Span = (0.0, 1.0), cost: RunCost | None = None) -> np.ndarray:
    """``fn`` on a crop around each connected region of the mask (the crop's whole mask goes with it, so
    a neighbouring region's pixels are not taken as good context); only the region's own pixels are
    pasted back. ``image`` is float32 0..1, or 8/16-bit: then only the crops are made float and the
    result keeps the image's type (a small repair on a large photo makes no full-size float copy)."""
    peak = PEAKS.get(image.dtype)
    out = image.copy() if peak is not None else np.array(image, np.float32, copy=True)
    labels, boxes = mask_regions(mask, margin, min_margin)
    total = len(boxes)
    step = (span[1] - span[0]) / max(total, 1)
    _report(ctx, span[0], f"region 0/{total}")
    for index, (label, rows, cols) in enumerate(boxes):
        piece_span = (span[0] + step * index, span[0] + step * (index + 1))
        piece = np.asarray(image[rows, cols], np.float32)  # the input: results do not depend on region order
        if peak is not None:
            piece /= np.float32(peak)
        result = _masked_piece(fn, piece, mask[rows, cols], needs, ctx, piece_span, f"region {index + 1}/{total}",
                               cost)
        own = labels[rows, cols] == label
        filled = result[own]
        if peak is not None:
            filled = np.rint(np.clip(filled, 0.0, 1.0) * np.float32(peak)).astype(image.dtype)
        out[rows, cols][own] = filled
        _report(ctx, piece_span[1], f"region {index + 1}/{total}")
    return out


def resize_to_model(fn: MaskedFn, image: np.ndarray, mask: np.ndarray | None, *, size: int,
                    needs: ModelNeeds = ANY, ctx: RunContext | None = None, span: Span = (0.0, 1.0),
                    cost: RunCost | None = None) -> np.ndarray:
    """``fn`` on a copy at most ``size`` px a side (area-averaged), its result upscaled (bicubic) and
    pasted where the mask is set (everywhere without a mask), at full resolution."""
    height, width = image.shape[:2]
    full_mask = np.full((height, width), 255, np.uint8) if mask is None else mask
    factor = min(1.0, size / max(height, width))
    small_w, small_h = max(1, round(width * factor)), max(1, round(height * factor))
    pixels = np.asarray(image, np.float32)
    small, small_mask = pixels, full_mask
    if factor < 1.0:
        small, small_mask = resize(pixels, small_w, small_h), resize_mask(full_mask, small_w, small_h)
    _report(ctx, span[0], "processing")
    result = _masked_piece(fn, small, small_mask, needs, ctx, span, "processing", cost)
    if factor < 1.0:
        result = resize(result, width, height)
    out = np.array(pixels, copy=True)
    inside = full_mask > 0
    out[inside] = result[inside]
    _report(ctx, span[1], "processing")
    return out
