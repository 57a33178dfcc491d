"""Contrast operations that look at a pixel's neighbourhood or the whole histogram: local contrast
(CLAHE) and histogram equalisation. Both act on lightness (Lab L) only, so colours do not shift."""
from __future__ import annotations

import cv2
import numpy as np

from engines.adjust.color import back, unit
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


def local_contrast(rgb: np.ndarray, clip_limit: float = 2.0, tile: int = 8) -> np.ndarray:
    """CLAHE (contrast-limited adaptive histogram equalisation) on lightness: ``tile`` × ``tile`` regions,
    each histogram clipped at ``clip_limit`` times its mean to keep noise from being amplified."""
    lightness, lab = _split_lightness(rgb)
    clahe = cv2.createCLAHE(clipLimit=float(clip_limit), tileGridSize=(int(tile), int(tile)))
    return _merge_lightness(clahe.apply(lightness), lab, rgb.dtype)


def equalize(rgb: np.ndarray) -> np.ndarray:
    """Global histogram equalisation of lightness: the cumulative histogram becomes the tone curve."""
    lightness, lab = _split_lightness(rgb)
    top = peak(rgb.dtype)
    histogram = np.bincount(lightness.ravel(), minlength=top + 1).astype(np.float64)
    cdf = np.cumsum(histogram)
    first = cdf[np.nonzero(histogram)[0][0]]
    span = max(cdf[-1] - first, 1.0)
    lut = np.rint(np.clip((cdf - first) / span, 0.0, 1.0) * top).astype(rgb.dtype)
    return _merge_lightness(lut[lightness], lab, rgb.dtype)
