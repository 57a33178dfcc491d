"""Resampling every plane of a document through one matrix: the geometry behind free rotation,
Straighten and perspective correction, and Scale with a chosen resampling method.

``Warp`` and ``ResampledScale`` follow ``app.geometry``'s ``Geometry`` protocol, so
``geometry.transform_planes`` turns layers, masks and the selection together. RGBA is resampled
premultiplied (as ``app.pixel_ops.resize`` does): the transparent area a rotation uncovers, and transparent
pixels' colours, never bleed into the picture's edge. Opaque planes (most photos) take a quicker 8-bit path
with the same edges.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import cv2
import numpy as np

from app.geometry import Offset, Scale
from app.tiles import Rect, intersect

# Resampling methods by the names the dialogs, tools and tests use.
RESAMPLING: dict[str, int] = {
    "nearest": cv2.INTER_NEAREST,
    "bilinear": cv2.INTER_LINEAR,
    "bicubic": cv2.INTER_CUBIC,
    "lanczos": cv2.INTER_LANCZOS4,
}
# How far (in source pixels) each method's kernel reaches: an output pixel this far inside the warped
# image's edge has only opaque neighbours, which is what cropping away the transparent corners needs.
KERNEL_REACH: dict[str, int] = {"nearest": 1, "bilinear": 1, "bicubic": 2, "lanczos": 4}


def interpolation(method: str) -> int:
    """The OpenCV flag for a method in RESAMPLING; ValueError names the known ones."""
    try:
        return RESAMPLING[method]
    except KeyError:
        raise ValueError(f"unknown resampling {method!r}; expected one of {', '.join(RESAMPLING)}") from None


def premultiplied(array: np.ndarray, resample: Callable[[np.ndarray], np.ndarray], method: str) -> np.ndarray:
    """``resample`` applied to a uint8 plane, as uint8. RGBA goes through it premultiplied, in float32, and
    is divided back; single-channel planes, and nearest neighbour (which copies pixels), go as they are."""
    if array.ndim == 2 or method == "nearest":
        return resample(np.ascontiguousarray(array))
    premul = array.astype(np.float32)
    premul[..., :3] *= premul[..., 3:4] * np.float32(1 / 255)
    out = resample(premul)
    np.clip(out, 0, 255, out=out)
    alpha = out[..., 3:4]
    colour = np.minimum(out[..., :3], alpha)  # cubic and Lanczos overshoot: no colour brighter than its alpha
    out[..., :3] = np.divide(colour * 255, alpha, out=np.zeros_like(colour), where=alpha > 0)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def translation(dx: float, dy: float) -> np.ndarray:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], np.float64)


@dataclass(frozen=True, eq=False)
class Warp:
    """Every plane mapped through ``matrix`` (3 × 3, old canvas pixel -> new canvas pixel, pixel centres
    at integer coordinates) onto a ``width`` × ``height`` canvas. Layers keep all their pixels when the
    matrix is affine and ``clip`` is off (as Canvas Size keeps them); with ``clip`` they lose what falls
    outside the new canvas (as Crop does), and under a perspective matrix they always do, since the
    mapping of far-away pixels blows up."""

    matrix: np.ndarray = field(repr=False)
    width: int
    height: int
    method: str = "bicubic"
    clip: bool = False

    @property
    def affine(self) -> bool:
        return bool(np.allclose(self.matrix[2], (0, 0, 1)))

    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def _bounds(self, offset: Offset, shape: tuple[int, ...]) -> Rect | None:
        """Where a placed plane lands on the new canvas (x, y, w, h); None when clipped away entirely."""
        canvas = (0, 0, self.width, self.height)
        if not self.affine:
            return canvas
        bounds = warped_bounds(self.matrix @ translation(*offset), shape[1], shape[0])
        return intersect(bounds, canvas) if self.clip else bounds

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        bounds = self._bounds(offset, shape)
        return (0, 0) if bounds is None else (bounds[0], bounds[1])

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        bounds = self._bounds(offset, array.shape)
        if bounds is None:  # keep a valid (1 x 1, empty) plane, as app.geometry.Crop does
            return np.zeros((1, 1) + array.shape[2:], array.dtype)
        x, y, w, h = bounds
        local = translation(-x, -y) @ self.matrix @ translation(*offset)
        return self._warp(array, local, w, h)

    def canvas(self, array: np.ndarray) -> np.ndarray:
        return self._warp(array, self.matrix, self.width, self.height)

    def _warp(self, array: np.ndarray, matrix: np.ndarray, width: int, height: int) -> np.ndarray:
        flag = interpolation(self.method)

        def resample(plane: np.ndarray, border: int = cv2.BORDER_CONSTANT) -> np.ndarray:
            # OpenCV warps up to 4 channels; a constant border is transparent (0 in every channel).
            if self.affine:
                return cv2.warpAffine(plane, matrix[:2], (width, height), flags=flag, borderMode=border,
                                      borderValue=0)
            return cv2.warpPerspective(plane, matrix, (width, height), flags=flag, borderMode=border,
                                       borderValue=0)

        if array.ndim == 3 and array[..., 3].min() == 255:
            # Opaque (most photos): colour and alpha in 8 bits, several times quicker than premultiplied
            # float. The colour is extended past the edge with the edge's own colour, so the partly
            # transparent edge pixels carry only the picture's colours, as premultiplying would give.
            colour = resample(np.ascontiguousarray(array[..., :3]), cv2.BORDER_REPLICATE)
            return np.dstack([colour, resample(np.ascontiguousarray(array[..., 3]))])
        return premultiplied(array, resample, self.method)


def warped_bounds(matrix: np.ndarray, width: int, height: int) -> Rect:
    """The pixels (x, y, w, h) that a ``width`` × ``height`` plane covers under ``matrix`` (pixel i spans
    i - 0.5 .. i + 0.5); the small epsilon keeps exact turns exact."""
    right, bottom = width - 0.5, height - 0.5
    corners = np.array([[-0.5, -0.5, 1], [right, -0.5, 1], [right, bottom, 1], [-0.5, bottom, 1]], np.float64)
    moved = corners @ matrix.T
    moved = moved[:, :2] / moved[:, 2:3]
    x0, y0 = np.floor(moved.min(axis=0) + 0.5 + 1e-6).astype(int)
    x1, y1 = np.ceil(moved.max(axis=0) - 0.5 - 1e-6).astype(int)
    return int(x0), int(y0), int(x1 - x0 + 1), int(y1 - y0 + 1)


@dataclass(frozen=True)
class ResampledScale(Scale):
    """``app.geometry.Scale`` with a chosen method from RESAMPLING instead of its automatic one."""

    method: str = "bicubic"

    def _resize(self, array: np.ndarray, width: int, height: int) -> np.ndarray:
        flag = interpolation(self.method)
        if array.ndim == 2 or array[..., 3].min() == 255:  # nothing transparent to keep out: resize the bytes
            return cv2.resize(array, (width, height), interpolation=flag)
        return premultiplied(array, lambda a: cv2.resize(a, (width, height), interpolation=flag), self.method)

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        sx, sy = self.width / self.old_width, self.height / self.old_height
        return self._resize(array, max(1, int(round(array.shape[1] * sx))), max(1, int(round(array.shape[0] * sy))))

    def canvas(self, array: np.ndarray) -> np.ndarray:
        return self._resize(array, self.width, self.height)
