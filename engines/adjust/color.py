"""Colour operations: hue/saturation/lightness, colour balance, white balance, colour cast, black and white.

They work in float32 0..1 (``unit``) and return the input's dtype (``back``), so 16-bit stays 16-bit.
Lab and HLS conversions are OpenCV's on float32 (L 0..100, a/b about -127..127; H 0..360).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from engines.adjust.measured import WHOLE, Placement
from engines.adjust.point import peak


def unit(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) / np.float32(peak(rgb.dtype))


def back(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    top = peak(dtype)
    out: np.ndarray = np.rint(np.clip(values, 0.0, 1.0) * top).astype(dtype)
    return out


def hue_saturation_lightness(rgb: np.ndarray, hue: float = 0.0, saturation: float = 0.0,
                             lightness: float = 0.0) -> np.ndarray:
    """hue in degrees (-180..180); saturation and lightness in -1..1 (-1: grey / black, +1: double /
    white), as in Photoshop's Hue/Saturation."""
    hls: np.ndarray = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2HLS)
    h, light, s = hls[..., 0], hls[..., 1], hls[..., 2]
    h += hue
    np.mod(h, 360.0, out=h)
    s *= 1.0 + saturation
    np.clip(s, 0.0, 1.0, out=s)
    if lightness > 0:
        light += (1.0 - light) * lightness
    else:
        light *= 1.0 + lightness
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
    gains: np.ndarray = (means.mean() / means).astype(np.float32)
    return gains


@dataclass(frozen=True)
class Gains:
    """Measured per-channel gains (gray world)."""

    gains: tuple[float, ...]

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        return back(unit(rgb) * np.array(self.gains, np.float32), rgb.dtype)


def measure_white_balance(rgb: np.ndarray) -> Gains:
    return Gains(tuple(float(gain) for gain in gray_world_gains(rgb)))


def auto_white_balance(rgb: np.ndarray) -> np.ndarray:
    return measure_white_balance(rgb)(rgb)


@dataclass(frozen=True)
class ColorCast:
    """Removes a measured colour cast from a toned or yellowed black-and-white print (sepia, selenium, aged
    paper): in Lab, the cast at each pixel's lightness (polynomials in L for a and b, flat below ``low`` and
    above ``high``, the lightness bands they were fitted on) is subtracted with ``strength`` (0..1); colours
    that differ from the cast keep that difference, and lightness is untouched. On a colour photo, whose
    colours are not a cast, use white balance or auto levels instead."""

    fit_a: tuple[float, ...]
    fit_b: tuple[float, ...]
    low: float
    high: float
    strength: float

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        lab: np.ndarray = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2Lab)
        lit = np.clip(lab[..., 0], self.low, self.high)  # no extrapolation past the bands seen
        strength = np.float32(self.strength)
        lab[..., 1] -= np.polyval(self.fit_a, lit).astype(np.float32) * strength
        lab[..., 2] -= np.polyval(self.fit_b, lit).astype(np.float32) * strength
        return back(cv2.cvtColor(lab, cv2.COLOR_Lab2RGB), rgb.dtype)


def measure_color_cast(rgb: np.ndarray, strength: float = 1.0) -> ColorCast:
    """The colour cast as a smooth function of lightness: the median a and b of each band of lightness,
    fitted with a quadratic. Toning and yellowing tint shadows and highlights differently (sepia is warm
    in the mid-tones, paper yellows most in the lights), so one constant shift would leave the lights
    blue. No cast (nothing to fit) when no band holds enough pixels."""
    lab = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2Lab)
    lightness = lab[..., 0].ravel()
    bands = np.clip((lightness / 5.0).astype(np.int32), 0, 19)
    centres, a_medians, b_medians, weights = [], [], [], []
    for band in range(20):
        inside = bands == band
        count = int(inside.sum())
        if count < max(50, lightness.size // 2000):
            continue
        centres.append(band * 5.0 + 2.5)
        a_medians.append(np.median(lab[..., 1].ravel()[inside]))
        b_medians.append(np.median(lab[..., 2].ravel()[inside]))
        weights.append(np.sqrt(count))
    if not centres:
        return ColorCast((0.0,), (0.0,), 0.0, 100.0, strength)
    degree = min(2, len(centres) - 1)
    fit_a = np.polyfit(centres, a_medians, degree, w=weights)
    fit_b = np.polyfit(centres, b_medians, degree, w=weights)
    return ColorCast(tuple(float(c) for c in fit_a), tuple(float(c) for c in fit_b), min(centres), max(centres),
                     strength)


def black_and_white(rgb: np.ndarray, red: float = 0.3, green: float = 0.59, blue: float = 0.11) -> np.ndarray:
    """Grey from a channel mix (the weights are normalised to sum to 1, so brightness is kept), as a
    three-channel image."""
    weights = np.array([red, green, blue], np.float32)
    total = float(weights.sum())
    if abs(total) < 1e-6:
        raise ValueError("the channel mix must not add up to zero")
    grey = unit(rgb) @ (weights / total)
    return back(np.repeat(grey[..., None], 3, axis=2), rgb.dtype)
