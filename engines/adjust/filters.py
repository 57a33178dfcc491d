"""Neighbourhood filters: denoise, JPEG artefact reduction, sharpen, blur, edges, morphology.

8-bit images use OpenCV's fast paths; 16-bit images stay 16-bit (where OpenCV's filter only takes 8-bit,
the 16-bit path is spelled out). Colour in, colour out: (H, W, 3). Morphology also takes masks (H, W).
Sobel's scale (its strongest gradient) is measured on the image (engines/adjust/measured.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage

from engines.adjust.color import back, unit
from engines.adjust.measured import WHOLE, Placement

MORPHOLOGY = {
    "erode": cv2.MORPH_ERODE,
    "dilate": cv2.MORPH_DILATE,
    "open": cv2.MORPH_OPEN,
    "close": cv2.MORPH_CLOSE,
    "tophat": cv2.MORPH_TOPHAT,  # bright details smaller than the kernel
    "blackhat": cv2.MORPH_BLACKHAT,  # dark details smaller than the kernel
}


def denoise(rgb: np.ndarray, luminance: float = 6.0, color: float = 10.0, template: int = 7,
            search: int = 21) -> np.ndarray:
    """Non-local means with separate strengths (in 8-bit levels) for lightness and colour noise: film
    grain is mostly in lightness, sensor and scan noise also in colour. Edges survive because patches
    are compared, not pixels."""
    if luminance <= 0 and color <= 0:
        return rgb.copy()
    if rgb.dtype == np.uint8:
        return _nlm(rgb, luminance, color, template, search)
    # OpenCV's colour NL-means is 8-bit only: find the correction on an 8-bit copy and apply it to the
    # 16-bit pixels, so the fine gradations the filter leaves alone keep all 16 bits.
    coarse = np.rint(rgb / 257.0).astype(np.uint8)
    correction = _nlm(coarse, luminance, color, template, search).astype(np.int32) - coarse
    return np.clip(rgb.astype(np.int32) + correction * 257, 0, 65535).astype(np.uint16)


def _nlm(rgb8: np.ndarray, luminance: float, color: float, template: int, search: int) -> np.ndarray:
    return cv2.fastNlMeansDenoisingColored(rgb8, None, float(max(luminance, 0.01)), float(max(color, 0.01)),
                                           template, search)


def bilateral(rgb: np.ndarray, diameter: int = 9, sigma_color: float = 0.1, sigma_space: float = 5.0) -> np.ndarray:
    """Edge-preserving smoothing: neighbours count less the more their colour differs (sigma_color in
    0..1 of the range)."""
    return back(cv2.bilateralFilter(unit(rgb), int(diameter), float(sigma_color), float(sigma_space)), rgb.dtype)


def reduce_jpeg_artifacts(rgb: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """JPEG's damage is blocking and ringing in lightness and smeared, blocky colour (chroma is stored
    at half resolution): smooth colour strongly and lightness gently, both with non-local means, which
    keeps real edges."""
    return denoise(rgb, luminance=4.0 * strength, color=14.0 * strength, template=7, search=15)


def sharpen(rgb: np.ndarray, radius: float = 1.5, amount: float = 1.0, threshold: float = 0.0) -> np.ndarray:
    """Unsharp mask: add ``amount`` times the difference from a Gaussian blur of ``radius`` pixels, only
    where that difference exceeds ``threshold`` (0..1 of the range) so flat areas' noise is left alone."""
    x = unit(rgb)
    blurred = cv2.GaussianBlur(x, (0, 0), float(radius))
    detail = x - blurred
    if threshold > 0:
        detail[np.abs(detail) < threshold] = 0.0
    return back(x + float(amount) * detail, rgb.dtype)


def gaussian_blur(rgb: np.ndarray, radius: float = 2.0) -> np.ndarray:
    return cv2.GaussianBlur(rgb, (0, 0), float(radius))


def median_blur(rgb: np.ndarray, size: int = 3) -> np.ndarray:
    """Median over a ``size`` × ``size`` window (odd); removes specks and salt-and-pepper noise."""
    size = int(size) | 1
    if rgb.dtype == np.uint8 or size <= 5:  # OpenCV's 16-bit median takes only 3 and 5
        return cv2.medianBlur(rgb, size)
    return ndimage.median_filter(rgb, size=(size, size, 1), mode="reflect")


def canny_edges(rgb: np.ndarray, low: float = 0.1, high: float = 0.3, blur: float = 1.0) -> np.ndarray:
    """Canny edges (thresholds in 0..1 of the gradient range) as white lines on black."""
    grey = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2GRAY)
    if blur > 0:
        grey = cv2.GaussianBlur(grey, (0, 0), float(blur))
    grey8 = np.rint(grey * 255.0).astype(np.uint8)
    edges = cv2.Canny(grey8, float(low) * 255.0 * 4.0, float(high) * 255.0 * 4.0, L2gradient=True)
    return back(np.repeat((edges > 0)[..., None], 3, axis=2).astype(np.float32), rgb.dtype)


def _gradient(rgb: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(unit(rgb), cv2.COLOR_RGB2GRAY)
    magnitude: np.ndarray = cv2.magnitude(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    return magnitude


@dataclass(frozen=True)
class SobelEdges:
    """Gradient magnitude over the strongest gradient measured (``peak``), so that edge is white."""

    peak: float

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray:
        magnitude = _gradient(rgb)
        magnitude /= self.peak
        return back(np.repeat(magnitude[..., None], 3, axis=2), rgb.dtype)


def measure_sobel(rgb: np.ndarray) -> SobelEdges:
    return SobelEdges(max(float(_gradient(rgb).max()), 1e-6))


def sobel_edges(rgb: np.ndarray) -> np.ndarray:
    """Gradient magnitude, normalised so the strongest edge is white."""
    return measure_sobel(rgb)(rgb)


def morphology(pixels: np.ndarray, operation: str, radius: int = 1) -> np.ndarray:
    """Erode, dilate, open, close, top-hat or black-hat with a round kernel of ``radius`` pixels, on an
    image or a mask."""
    if operation not in MORPHOLOGY:
        raise ValueError(f"unknown morphology operation {operation!r}; one of {', '.join(MORPHOLOGY)}")
    side = 2 * int(radius) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    return cv2.morphologyEx(pixels, MORPHOLOGY[operation], kernel)
