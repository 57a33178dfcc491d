"""The one place where an engine's input image becomes what networks take, and their output an image again.

In:  (H, W, 3|4) uint8 or uint16 (and grey (H, W), (H, W, 1|2) for engines that take it), checked with a
     message for the user; seen as float32 RGB 0..1 without the alpha, or as 8-bit RGB.
Out: float32 RGB 0..1 of any size -> the input's type (clip + round), with the input's alpha: as it was
     when the size is unchanged, else resized once (bicubic: smooth, no invented detail).
"""
from __future__ import annotations

from functools import cached_property

import cv2
import numpy as np

from engines.base import EngineInputError
from engines.needs import ModelNeeds

PEAKS = {np.dtype(np.uint8): 255.0, np.dtype(np.uint16): 65535.0}


def check_image(image: np.ndarray, needs: ModelNeeds, title: str) -> None:
    """Raise EngineInputError when ``image`` is not one the engine can take."""
    channels = image.shape[2] if image.ndim == 3 else (1 if image.ndim == 2 else 0)
    layouts = (1, 2, 3, 4) if needs.grey else (3, 4)
    if channels not in layouts:
        kind = "a grey, RGB or RGBA image" if needs.grey else "an RGB or RGBA image"
        raise EngineInputError(f"{title} needs {kind}, not an array of shape {image.shape}.")
    if image.dtype not in PEAKS:
        raise EngineInputError(f"{title} needs an 8- or 16-bit image, not {image.dtype}.")
    if min(image.shape[:2]) < needs.min_side:
        raise EngineInputError(f"The image is too small for {title.lower()} (at least {needs.min_side} px a side).")


def to_float(image: np.ndarray) -> np.ndarray:
    """RGB float32 0..1 (H, W, 3) of an 8- or 16-bit grey, RGB or RGBA image; alpha is left out."""
    colour = image[:, :, None] if image.ndim == 2 else image
    colour = colour[:, :, :1] if colour.shape[2] in (1, 2) else colour[:, :, :3]
    rgb = colour.astype(np.float32)
    rgb /= PEAKS[image.dtype]
    return rgb if rgb.shape[2] == 3 else np.repeat(rgb, 3, axis=2)


class Source:
    """The input image of one run, with the views of it that engines use, each made on first use (a
    detector on a 24 MP photo needs no float copy of it)."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        self.peak = PEAKS[image.dtype]

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[0], self.image.shape[1]

    @property
    def has_alpha(self) -> bool:
        return self.image.ndim == 3 and self.image.shape[2] in (2, 4)

    @cached_property
    def rgb(self) -> np.ndarray:
        """float32 (H, W, 3) 0..1."""
        return to_float(self.image)

    @cached_property
    def rgb8(self) -> np.ndarray:
        """uint8 (H, W, 3), for models with their own 8-bit preprocessing (the face detectors)."""
        img = self.image
        if img.dtype == np.uint16:
            img = (img // 257).astype(np.uint8)  # floor, as the detectors were validated with
        if img.ndim == 2:
            img = img[:, :, None]
        img = np.repeat(img[:, :, :1], 3, axis=2) if img.shape[2] in (1, 2) else img[:, :, :3]
        return np.ascontiguousarray(img)

    def with_alpha(self, rgb: np.ndarray) -> np.ndarray:
        """``rgb`` (H, W, 3) of the input's own type and size (an engine that worked in it) with the input's
        alpha put back."""
        if not self.has_alpha:
            return rgb
        out = np.empty((*rgb.shape[:2], 4), self.image.dtype)
        out[:, :, :3] = rgb
        out[:, :, 3] = self.image[:, :, -1]
        return out

    def to_image(self, pixels: np.ndarray) -> np.ndarray:
        """``pixels`` float32 (h, w, 3) 0..1 -> an image of the input's type with its alpha. ``pixels`` is
        worked on in place (at 4x a 24 MP result is ~1 GB of float32; each temporary costs as much)."""
        pixels = np.asarray(pixels, np.float32)
        if "rgb" in self.__dict__ and np.may_share_memory(pixels, self.rgb):
            pixels = pixels.copy()  # the result is the input itself (e.g. strength 0): keep the input
        np.clip(pixels, 0.0, 1.0, out=pixels)
        pixels *= self.peak
        np.rint(pixels, out=pixels)
        h, w = pixels.shape[:2]
        if not self.has_alpha:
            return pixels.astype(self.image.dtype)
        out = np.empty((h, w, 4), self.image.dtype)
        out[:, :, :3] = pixels
        if (h, w) == self.size:
            out[:, :, 3] = self.image[:, :, -1]
        else:
            straight = self.image[:, :, -1].astype(np.float32) / self.peak
            alpha: np.ndarray = cv2.resize(straight, (w, h), interpolation=cv2.INTER_CUBIC)
            np.clip(alpha, 0.0, 1.0, out=alpha)
            alpha *= self.peak
            out[:, :, 3] = np.rint(alpha, out=alpha)
        return out
