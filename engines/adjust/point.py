"""Point operations (each output pixel depends only on the same input pixel) as lookup tables.

A tone curve is a function of one value in 0..1. It is evaluated once for every code value of the image's
dtype (256 for 8-bit, 65536 for 16-bit) and applied with a table lookup, so a 24 MP photo costs one
pass whatever the curve, and 16-bit images keep all their levels. Alpha is never touched: operations
take and return (H, W, 3) colour; callers split alpha off (engines/adjust/engine.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import cv2
import numpy as np
from scipy.interpolate import PchipInterpolator

from engines.adjust.measured import WHOLE, Placement

Curve = Callable[[np.ndarray], np.ndarray]  # float64 values in 0..1 -> values (clipped to 0..1 later)


def peak(dtype: np.dtype) -> int:
    if dtype == np.uint8:
        return 255
    if dtype == np.uint16:
        return 65535
    raise ValueError(f"adjustments need an 8- or 16-bit image, not {dtype}")


def lut_for(curve: Curve, dtype: np.dtype) -> np.ndarray:
    """The curve as a table over every code value of ``dtype``."""
    top = peak(dtype)
    x = np.arange(top + 1, dtype=np.float64) / top
    y = np.clip(np.nan_to_num(curve(x), nan=0.0), 0.0, 1.0)
    lut: np.ndarray = np.rint(y * top).astype(dtype)
    return lut


def apply_luts(rgb: np.ndarray, luts: Sequence[np.ndarray]) -> np.ndarray:
    """One table per channel (or one for all three)."""
    if len(luts) == 1:
        luts = [luts[0]] * 3
    if rgb.dtype == np.uint8:
        return cv2.LUT(rgb, np.stack(luts, axis=-1).reshape(256, 1, 3))
    out = np.empty_like(rgb)
    for channel, lut in enumerate(luts):
        np.take(lut, rgb[..., channel], out=out[..., channel])
    return out


def apply_curve(rgb: np.ndarray, curve: Curve | Sequence[Curve]) -> np.ndarray:
    curves = [curve] if callable(curve) else list(curve)
    return apply_luts(rgb, [lut_for(c, rgb.dtype) for c in curves])


# -- the curves ------------------------------------------------------------------------------------------
def levels_curve(black: float = 0.0, white: float = 1.0, gamma: float = 1.0,
                 out_black: float = 0.0, out_white: float = 1.0) -> Curve:
    """Input black/white points map to the output ones; gamma > 1 brightens the midtones (as in
    Photoshop's and GIMP's Levels)."""
    if not 0.0 <= black < white <= 1.0:
        raise ValueError("levels need 0 <= black < white <= 1")
    if gamma <= 0:
        raise ValueError("gamma must be positive")

    def curve(x: np.ndarray) -> np.ndarray:
        t = np.clip((x - black) / (white - black), 0.0, 1.0) ** (1.0 / gamma)
        return out_black + t * (out_white - out_black)

    return curve


def gamma_curve(gamma: float) -> Curve:
    """The power law s = r^(1/gamma): gamma 1 is the identity, above 1 brightens."""
    return levels_curve(gamma=gamma)


def brightness_contrast_curve(brightness: float, contrast: float) -> Curve:
    """brightness and contrast in -1..1. Contrast pivots about mid-grey (a slope of tan((c+1)·45°), as
    GIMP's legacy mode); brightness shifts the result."""
    slope = float(np.tan((contrast + 1.0) * np.pi / 4.0)) if contrast < 1.0 else 1e6

    def curve(x: np.ndarray) -> np.ndarray:
        return (x - 0.5) * slope + 0.5 + brightness

    return curve


def points_curve(points: Sequence[tuple[float, float]]) -> Curve:
    """A smooth curve through (input, output) points in 0..1 that never overshoots (monotone cubic):
    what a Curves dialog draws. Flat beyond the first and last point."""
    pts = sorted((float(x), float(y)) for x, y in points)
    xs = [p[0] for p in pts]
    if len(pts) < 2 or len(set(xs)) != len(xs):
        raise ValueError("a curve needs at least two points with different inputs")
    spline = PchipInterpolator(xs, [p[1] for p in pts])

    def curve(x: np.ndarray) -> np.ndarray:
        return spline(np.clip(x, xs[0], xs[-1]))

    return curve


def invert_curve() -> Curve:
    return lambda x: 1.0 - x


def threshold_curve(level: float) -> Curve:
    return lambda x: (x >= level).astype(np.float64)


def posterize_curve(levels: int) -> Curve:
    """``levels`` evenly spaced output values (2..256)."""
    if levels < 2:
        raise ValueError("posterize needs at least 2 levels")
    steps = levels - 1
    return lambda x: np.floor(x * levels).clip(0, steps) / steps


# -- measured from the image (two phases: engines/adjust/measured.py) ----------------------------------
def percentile_points(channel: np.ndarray, clip: float) -> tuple[float, float]:
    """(black, white) in 0..1: the values below which / above which ``clip`` of the pixels lie."""
    top = peak(channel.dtype)
    histogram = np.bincount(channel.ravel(), minlength=top + 1).astype(np.float64)
    cumulative = np.cumsum(histogram) / max(histogram.sum(), 1.0)
    black = int(np.searchsorted(cumulative, clip, side="right"))
    white = int(np.searchsorted(cumulative, 1.0 - clip, side="left"))
    if white <= black:  # a flat image: nothing to stretch
        return 0.0, 1.0
    return black / top, white / top


@dataclass(frozen=True)
class Levels:
    """Measured black and white points (0..1): one pair for all three channels, or one per channel."""

    points: tuple[tuple[float, float], ...]

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        return apply_curve(rgb, [levels_curve(black, white) for black, white in self.points])


def measure_auto_contrast(rgb: np.ndarray, clip: float = 0.005) -> Levels:
    """Auto contrast: the darkest and brightest ``clip`` of the pixels become black and white, the same for
    all channels (so colours keep their balance): a faded print gets its range back."""
    lum = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    black, white = percentile_points(lum, clip)
    lows, highs = zip(*(percentile_points(rgb[..., c], clip) for c in range(3)))
    # Channels may reach further than luminance: take the widest range so no channel clips hard.
    return Levels(((min(black, *lows), max(white, *highs)),))


def measure_auto_levels(rgb: np.ndarray, clip: float = 0.005) -> Levels:
    """Auto levels: each channel stretched by its own percentiles (also removes a colour cast)."""
    return Levels(tuple(percentile_points(rgb[..., c], clip) for c in range(3)))
