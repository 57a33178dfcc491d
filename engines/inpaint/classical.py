"""Inpainting without a learned model: fast diffusion (OpenCV's Telea and Navier-Stokes) for thin scratches
and live brushes, and PatchMatch (pypatchmatch) for large holes and texture.

Each function takes a piece as the strategies hand it (float32 (h, w, 3) 0..1 and an (h, w) uint8 mask, 255
= fill) and returns the filled piece in the same form; only masked pixels change.
"""
from __future__ import annotations

import threading

import cv2
import numpy as np
import patchmatch

from engines.fitting import resize, resize_mask

DIFFUSION_RADIUS = 5  # px of known neighbourhood each filled pixel is estimated from
PATCH_RADIUS = 5  # PatchMatch compares (2r+1)² patches: large enough for photo texture, still fast
# PatchMatch's time grows with the crop's area: larger crops are filled at this long side, the fill upscaled.
PATCHMATCH_MAX_SIDE = 1600
_seed_lock = threading.Lock()  # the library's random seed is global: set it and run under one lock


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.rint(np.clip(pixels, 0.0, 1.0) * 255.0).astype(np.uint8))


def _paste(pixels: np.ndarray, filled8: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = np.array(pixels, np.float32, copy=True)
    inside = mask > 0
    out[inside] = filled8[inside].astype(np.float32) / 255.0
    return out


def diffusion(pixels: np.ndarray, mask: np.ndarray, *, method: str = "telea",
              radius: int = DIFFUSION_RADIUS) -> np.ndarray:
    """Telea's fast marching or Navier-Stokes fluid fill: smooth, tens of ms for a scratch."""
    flag = cv2.INPAINT_TELEA if method == "telea" else cv2.INPAINT_NS
    hole = np.ascontiguousarray((mask > 0).astype(np.uint8) * 255)
    return _paste(pixels, cv2.inpaint(to_uint8(pixels), hole, radius, flag), mask)


def patch_match(pixels: np.ndarray, mask: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Copies of the photo's own patches, so texture (grass, fabric, paper grain) continues into the hole.
    Seeded: the same input gives the same fill."""
    height, width = mask.shape
    factor = min(1.0, PATCHMATCH_MAX_SIDE / max(height, width))
    small, small_mask = pixels, mask
    if factor < 1.0:
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        small, small_mask = resize(np.asarray(pixels, np.float32), *size), resize_mask(mask, *size)
    hole = np.ascontiguousarray((small_mask > 0).astype(np.uint8) * 255)
    with _seed_lock:
        patchmatch.set_random_seed(seed)
        filled = patchmatch.inpaint(to_uint8(small), hole, patch_size=PATCH_RADIUS)
    if factor < 1.0:
        filled = to_uint8(resize(filled.astype(np.float32) / 255.0, width, height))
    return _paste(pixels, filled, mask)
