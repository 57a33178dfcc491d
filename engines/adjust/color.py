"""Colour operations: hue/saturation/lightness, colour balance, white balance, colour cast, black and white.

They work in float32 0..1 (``unit``) and return the input's dtype (``back``), so 16-bit stays 16-bit.
Lab and HLS conversions are OpenCV's on float32 (L 0..100, a/b about -127..127; H 0..360).
"""
from __future__ import annotations

import cv2
import numpy as np

from engines.adjust.point import peak


def unit(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) / np.float32(peak(rgb.dtype))


def back(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    top = peak(dtype)
    return np.rint(np.clip(values, 0.0, 1.0) * top).astype(dtype)


def hue_saturation_lightness(rgb: np.ndarray, hue: float = 0.0, saturation: float = 0.0,
                             lightness: float = 0.0) -> np.ndarray:
    """hue in degrees (-180..180); saturation and lightness in -1..1 (-1: grey / black, +1: double /
    white), as in Photoshop's Hue/Saturation."""
    hls = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2HLS)
    h, l, s = hls[..., 0], hls[..., 1], hls[..., 2]
    h += hue
    np.mod(h, 360.0, out=h)
    s *= 1.0 + saturation
    np.clip(s, 0.0, 1.0, out=s)
    if lightness > 0:
        l += (1.0 - l) * lightness
    else:
        l *= 1.0 + lightness
    return back(cv2.cvtColor(hls, cv2.COLOR_HLS2RGB), rgb.dtype)


def color_balance(rgb: np.ndarray, shadows: tuple[float, float, float] = (0, 0, 0),
                  midtones: tuple[float, float, float] = (0, 0, 0),
                  highlights: tuple[float, float, float] = (0, 0, 0),
                  preserve_luminosity: bool = True) -> np.ndarray:
    """Shift (cyan-red, magenta-green, yellow-blue) in -1..1 per tonal range; the ranges are smooth
    weights of the pixel's lightness, so the shifts blend without bands."""
    x = unit(rgb)
    lum = x @ np.array([0.299, 0.587, 0.114], np.float32)
    weights = (
        np.clip(1.0 - lum / 0.5, 0.0, 1.0),  # shadows
        1.0 - np.abs(lum - 0.5) * 2.0,  # midtones
        np.clip((lum - 0.5) / 0.5, 0.0, 1.0),  # highlights
    )
    out = x.copy()
    for weight, shift in zip(weights, (shadows, midtones, highlights)):
        out += weight[..., None] * (np.asarray(shift, np.float32) * 0.5)
    if preserve_luminosity:
        new_lum = out @ np.array([0.299, 0.587, 0.114], np.float32)
        out += (lum - new_lum)[..., None]
    return back(out, rgb.dtype)


def gray_world_gains(rgb: np.ndarray, clip: float = 0.02) -> np.ndarray:
    """Per-channel gains that make the average of the mid-tones grey (the brightest and darkest
    ``clip`` are left out: a lamp or a shadow would otherwise steer the balance)."""
    x = unit(rgb).reshape(-1, 3)
    lum = x.mean(axis=1)
    low, high = np.quantile(lum, [clip, 1.0 - clip])
    middle = x[(lum >= low) & (lum <= high)]
    if len(middle) == 0:
        middle = x
    means = np.maximum(middle.mean(axis=0), 1e-6)
    return (means.mean() / means).astype(np.float32)


def auto_white_balance(rgb: np.ndarray) -> np.ndarray:
    return back(unit(rgb) * gray_world_gains(rgb), rgb.dtype)


def remove_color_cast(rgb: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Sepia, yellowing or a blue cast -> neutral: in Lab, the cast is the mean a/b of the mid-tones,
    subtracted everywhere with ``strength`` (0..1), and its saturation-weighted remainder is kept so
    real colours survive. Lightness is untouched."""
    lab = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2Lab)
    lightness = lab[..., 0]
    middle = (lightness > 15) & (lightness < 90)
    if not middle.any():
        middle = np.ones_like(lightness, bool)
    cast = np.array([np.median(lab[..., 1][middle]), np.median(lab[..., 2][middle])], np.float32)
    lab[..., 1:] -= cast * np.float32(strength)
    return back(cv2.cvtColor(lab, cv2.COLOR_Lab2RGB), rgb.dtype)


def black_and_white(rgb: np.ndarray, red: float = 0.3, green: float = 0.59, blue: float = 0.11) -> np.ndarray:
    """Grey from a channel mix (the weights are normalised to sum to 1, so brightness is kept), as a
    three-channel image."""
    weights = np.array([red, green, blue], np.float32)
    total = float(weights.sum())
    if abs(total) < 1e-6:
        raise ValueError("the channel mix must not add up to zero")
    grey = unit(rgb) @ (weights / total)
    return back(np.repeat(grey[..., None], 3, axis=2), rgb.dtype)
