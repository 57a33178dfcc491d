"""Rotated square regions of interest and the affine crops that feed the models.

Coordinates are continuous image pixels: pixel (i, j) covers [j, j+1) x [i, i+1), so a box around the
whole image is [0, 0, W, H]. A crop of N x N pixels maps crop point (u, v) to image point
``A @ (u, v, 1)``; ``Roi.crop_matrix(N)`` gives that A, and points found in the crop map back with
``to_image``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Roi:
    """A square of side ``size`` centred on (cx, cy), rotated by ``angle`` radians (image y points down,
    so a positive angle turns the square's x axis clockwise on screen)."""

    cx: float
    cy: float
    size: float
    angle: float = 0.0

    def crop_matrix(self, n: int) -> np.ndarray:
        """2x3 matrix from crop coordinates (0..n) to image coordinates."""
        s = self.size / n
        c, si = math.cos(self.angle), math.sin(self.angle)
        a = np.array([[c * s, -si * s], [si * s, c * s]])
        centre = np.array([self.cx, self.cy])
        offset = centre - a @ np.array([n / 2.0, n / 2.0])
        return np.hstack([a, offset[:, None]])

    def to_image(self, points: np.ndarray, n: int) -> np.ndarray:
        """Map (k, 2+) crop points to the image; extra columns (z) scale with the crop."""
        points = np.asarray(points, np.float64)
        m = self.crop_matrix(n)
        out = points.copy()
        out[:, :2] = points[:, :2] @ m[:, :2].T + m[:, 2]
        if points.shape[1] > 2:
            out[:, 2:] = points[:, 2:] * (self.size / n)
        return out

    def corners(self) -> np.ndarray:
        return self.to_image(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float64), 1)


def roi_from_points(points: np.ndarray, eye_a: np.ndarray, eye_b: np.ndarray, scale: float) -> Roi:
    """Square ROI around ``points``, upright along the line eye_a -> eye_b (eye_a is the subject's right
    eye, normally on image left), ``scale`` times the points' longer extent in that upright frame."""
    d = np.asarray(eye_b, np.float64) - np.asarray(eye_a, np.float64)
    angle = math.atan2(d[1], d[0])
    c, s = math.cos(angle), math.sin(angle)
    pts = np.asarray(points, np.float64)[:, :2]
    upright = pts @ np.array([[c, -s], [s, c]])  # rotate by -angle: the eye line becomes level
    lo, hi = upright.min(axis=0), upright.max(axis=0)
    mid = (lo + hi) / 2
    centre = np.array([[c, s], [-s, c]]).T @ mid  # back to image frame
    size = float(max(hi - lo)) * scale
    return Roi(float(centre[0]), float(centre[1]), max(size, 1.0), angle)


def warp_crop(
    image: np.ndarray,
    matrix: np.ndarray,
    out_w: int,
    out_h: int,
    *,
    border_mode: int = cv2.BORDER_CONSTANT,
    border_value: float | tuple[float, ...] = 0,
    interpolation: int = cv2.INTER_LINEAR,
) -> np.ndarray:
    """Sample ``image`` at ``matrix`` @ (u, v) for every output pixel centre.

    When the crop shrinks the image by more than 1.5x, the region it covers is first reduced with
    INTER_AREA so that the crop does not alias (warpAffine samples only 2x2 neighbours)."""
    m = np.asarray(matrix, np.float64).copy()
    shrink = math.sqrt(abs(np.linalg.det(m[:, :2])))
    src = image
    if shrink > 1.5:
        corners = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float64) @ m[:, :2].T + m[:, 2]
        h, w = image.shape[:2]
        x0 = int(max(math.floor(corners[:, 0].min()) - 2, 0))
        y0 = int(max(math.floor(corners[:, 1].min()) - 2, 0))
        x1 = int(min(math.ceil(corners[:, 0].max()) + 2, w))
        y1 = int(min(math.ceil(corners[:, 1].max()) + 2, h))
        if x1 - x0 >= 2 and y1 - y0 >= 2:
            k = shrink / 1.2  # leave a little resolution for the rotation's interpolation
            sw, sh = max(int(round((x1 - x0) / k)), 1), max(int(round((y1 - y0) / k)), 1)
            src = cv2.resize(image[y0:y1, x0:x1], (sw, sh), interpolation=cv2.INTER_AREA)
            fx, fy = sw / (x1 - x0), sh / (y1 - y0)
            m[0] = [m[0, 0] * fx, m[0, 1] * fx, (m[0, 2] - x0) * fx]
            m[1] = [m[1, 0] * fy, m[1, 1] * fy, (m[1, 2] - y0) * fy]
    # Output pixel centres are (j + 0.5, i + 0.5); source pixel index = continuous coordinate - 0.5.
    sample = m.copy()
    sample[:, 2] = m[:, :2] @ np.array([0.5, 0.5]) + m[:, 2] - 0.5
    if src.ndim == 3 and src.shape[2] > 4:
        raise ValueError("images with more than 4 channels are not supported")
    return cv2.warpAffine(
        src,
        sample,
        (int(out_w), int(out_h)),
        flags=interpolation | cv2.WARP_INVERSE_MAP,
        borderMode=border_mode,
        borderValue=border_value,
    )


def crop_roi(image: np.ndarray, roi: Roi, n: int, border_mode: int = cv2.BORDER_CONSTANT) -> np.ndarray:
    """An n x n crop of ``roi`` (same dtype and channels as ``image``)."""
    return warp_crop(image, roi.crop_matrix(n), n, n, border_mode=border_mode)
