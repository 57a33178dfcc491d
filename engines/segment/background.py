"""What a subject mask is used for: the subject cut out (RGBA), or put on another background.

Both keep the image's dtype (8 or 16 bit) and work on straight (not premultiplied) colour; ``alpha`` is an
(H, W) uint8 mask, 255 = subject, soft values where the edge was refined.
"""
from __future__ import annotations

import cv2
import numpy as np

from engines.base import EngineInputError

MODES = ("colour", "blur", "image")


def _check(image: np.ndarray, alpha: np.ndarray) -> None:
    if image.ndim != 3 or image.shape[2] not in (3, 4) or image.dtype not in (np.uint8, np.uint16):
        raise EngineInputError("The image must be 8- or 16-bit RGB or RGBA.")
    if alpha.shape != image.shape[:2]:
        raise EngineInputError("The subject mask does not have the size of the image.")


def _peak(image: np.ndarray) -> float:
    return 65535.0 if image.dtype == np.uint16 else 255.0


def cutout(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """The subject as RGBA of the image's dtype: its alpha is the image's own alpha times the mask."""
    _check(image, alpha)
    peak = _peak(image)
    weight = alpha.astype(np.float32) / 255.0
    if image.shape[2] == 4:
        weight *= image[:, :, 3].astype(np.float32) / peak
    out = np.empty(image.shape[:2] + (4,), image.dtype)
    out[:, :, :3] = image[:, :, :3]
    out[:, :, 3] = np.rint(weight * peak).astype(image.dtype)
    return out


def _cover(other: np.ndarray, size: tuple[int, int], dtype: np.dtype) -> np.ndarray:
    """``other`` scaled to cover (height, width) and centre-cropped, as RGB of ``dtype``."""
    if other.ndim == 2:
        other = cv2.cvtColor(other, cv2.COLOR_GRAY2RGB)
    other = other[:, :, :3]
    if other.dtype != dtype:
        scale = _peak(np.empty(0, dtype)) / _peak(other)
        other = np.clip(np.rint(other.astype(np.float32) * scale), 0, _peak(np.empty(0, dtype))).astype(dtype)
    height, width = size
    factor = max(height / other.shape[0], width / other.shape[1])
    new_w, new_h = max(width, round(other.shape[1] * factor)), max(height, round(other.shape[0] * factor))
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    scaled = cv2.resize(other, (new_w, new_h), interpolation=interpolation)
    top, left = (new_h - height) // 2, (new_w - width) // 2
    return np.ascontiguousarray(scaled[top:top + height, left:left + width])


def replace_background(image: np.ndarray, alpha: np.ndarray, mode: str, *,
                       colour: tuple[int, int, int] = (255, 255, 255), blur: float = 25.0,
                       other: np.ndarray | None = None) -> np.ndarray:
    """The subject over a new background: a flat ``colour`` (8-bit RGB, scaled for 16-bit images), the
    photo's own background blurred by ``blur`` px (sigma; the subject's colour is kept out of the blur so
    no halo bleeds in), or ``other`` scaled to cover the image. Same shape and dtype as ``image``."""
    _check(image, alpha)
    if mode not in MODES:
        raise EngineInputError(f"Unknown background {mode!r}; one of {', '.join(MODES)}.")
    peak = _peak(image)
    rgb = image[:, :, :3].astype(np.float32)
    weight = (alpha.astype(np.float32) / 255.0)[:, :, None]
    if mode == "colour":
        back: np.ndarray = np.empty_like(rgb)
        back[:] = np.asarray(colour, np.float32) * (peak / 255.0)
    elif mode == "blur":
        if blur <= 0:
            raise EngineInputError("The background blur must be more than 0 px.")
        # Normalised blur of the background alone: the subject does not smear into its surroundings.
        keep = 1.0 - weight
        spread = cv2.GaussianBlur(keep[:, :, 0], (0, 0), blur)[:, :, None]
        back = cv2.GaussianBlur(rgb * keep, (0, 0), blur) / np.maximum(spread, 1e-4)
        back = np.where(spread > 1e-4, back, cv2.GaussianBlur(rgb, (0, 0), blur))
    else:
        if other is None:
            raise EngineInputError("Choose the image to put behind the subject.")
        back = _cover(other, image.shape[:2], image.dtype).astype(np.float32)
    out = image.copy()
    out[:, :, :3] = np.clip(np.rint(rgb * weight + back * (1.0 - weight)), 0, peak).astype(image.dtype)
    return out
