"""Mask-limited results: check a mask, turn it into blend weights (with an optional feather), and blend
an engine's result into the original so that pixels outside the mask stay exactly as they were."""
from __future__ import annotations

import cv2
import numpy as np

from engines.base import EngineInputError
from engines.needs import MaskNeed


def check_mask(mask: np.ndarray | None, size: tuple[int, int], need: MaskNeed, title: str) -> np.ndarray | None:
    """The mask an engine gets: None when it takes none (a mask given anyway is not its business),
    else an (H, W) uint8 mask of the image's size that is not empty."""
    if need == "none":
        return None
    if mask is None:
        if need == "required":
            raise EngineInputError(f"{title} needs a mask: paint or select the area first.")
        return None
    if mask.shape != size:
        raise EngineInputError("The mask does not have the size of the image.")
    if mask.dtype != np.uint8:
        raise EngineInputError(f"The mask must be 8-bit, not {mask.dtype}.")
    if not mask.any():
        raise EngineInputError(
            f"The mask is empty: paint where {title.lower()} should apply, or apply it without the mask.")
    return mask


BLEND_BAND_PIXELS = 1 << 20  # blended a band of about this many pixels at a time (bounded float temporaries)


def mask_weights(mask: np.ndarray, feather: float = 0.0) -> np.ndarray:
    """Mask (H, W) uint8 -> weights 0..1 that fade in over ``feather`` px *inside* the mask, so pixels
    outside it get weight 0 and stay exactly as they were."""
    alpha = mask.astype(np.float32) / 255.0
    if feather > 0:
        inside = (mask > 0).astype(np.uint8)
        # distance to the nearest unmasked pixel; a mask touching the image border fades there too
        bordered = cv2.copyMakeBorder(inside, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
        dist = cv2.distanceTransform(bordered, cv2.DIST_L2, 5)[1:-1, 1:-1]
        t = np.clip(dist / float(feather), 0.0, 1.0)
        alpha *= t * t * (3.0 - 2.0 * t)  # smoothstep: no visible band at either end
    return alpha


def blend(original: np.ndarray, result: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """weights * result + (1 - weights) * original, in the images' own integer type; where the weight
    is 0 the original's pixels are copied, bit for bit. Only the box around the weighted pixels is
    computed, in float, a band of rows at a time, so a repair on a large photo costs little memory."""
    out = original.copy()
    on = weights > 0
    rows, cols = np.flatnonzero(on.any(axis=1)), np.flatnonzero(on.any(axis=0))
    if not len(rows):
        return out
    peak = float(np.iinfo(original.dtype).max)
    x0, x1 = int(cols[0]), int(cols[-1]) + 1
    band = max(1, BLEND_BAND_PIXELS // (x1 - x0))
    for y0 in range(int(rows[0]), int(rows[-1]) + 1, band):
        box = (slice(y0, min(y0 + band, int(rows[-1]) + 1)), slice(x0, x1))
        base = original[box].astype(np.float32)
        mixed = base + weights[box][:, :, None] * (result[box].astype(np.float32) - base)
        part = np.rint(np.clip(mixed, 0, peak)).astype(original.dtype)
        untouched = ~on[box]
        part[untouched] = original[box][untouched]
        out[box] = part
    return out
