"""Photos of prints made from real photos, for the Straighten and perspective tests: a print lying tilted on
a table, and one photographed at an angle. Built with OpenCV alone, independent of the code under test."""
from __future__ import annotations

import math

import cv2
import numpy as np

PALE_TABLE = 230  # coffee's top edge is dark on one side and bright on the other: a pale table shows it all
DARK_TABLE = 30
# Where a print's corners lie in the photo of it (canvas coordinates), clockwise from top-left.
QUAD = np.array([[150.0, 90.0], [636.4, 130.0], [580.8, 627.6], [110.0, 572.0]])


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(((a.astype(np.float64) - b.astype(np.float64)) ** 2).mean())
    return 10 * math.log10(255 ** 2 / mse)


def _on_table(picture: np.ndarray, cover: np.ndarray, grey: int, seed: int) -> np.ndarray:
    table = np.random.default_rng(seed).normal(grey, 3, picture.shape[:2] + (3,)).clip(0, 255)
    return (picture * cover + table * (1 - cover)).round().astype(np.uint8)


def tilted_on_table(photo: np.ndarray, degrees: float) -> np.ndarray:
    """``photo`` turned clockwise by ``degrees`` on a pale grainy table, the canvas grown to hold it all."""
    h, w = photo.shape[:2]
    turn = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), -degrees, 1.0)  # OpenCV: positive = CCW
    a = math.radians(degrees)
    size = (math.ceil(w * abs(math.cos(a)) + h * abs(math.sin(a))) + 40,
            math.ceil(w * abs(math.sin(a)) + h * abs(math.cos(a))) + 40)
    turn[:, 2] += ((size[0] - 1) / 2 - (w - 1) / 2, (size[1] - 1) / 2 - (h - 1) / 2)
    photo_rgba = np.dstack([photo, np.full((h, w), 255, np.uint8)])
    turned = cv2.warpAffine(photo_rgba, turn, size, flags=cv2.INTER_CUBIC).astype(np.float32)
    return _on_table(turned[..., :3], turned[..., 3:4] / 255, PALE_TABLE, 3)


def top_edge(scene: np.ndarray, columns: tuple[int, int]) -> list[tuple[float, float]]:
    """Where the print's top edge is in two columns of a ``tilted_on_table`` scene, as a user would click
    it: the first row (whole pixels) that stands out from the table."""
    points = []
    for x in columns:
        bright = np.flatnonzero(np.abs(scene[:, x].astype(int) - PALE_TABLE).max(axis=1) > 40)
        points.append((x + 0.5, float(bright[0])))
    return points


def photographed(print_: np.ndarray, quad: np.ndarray = QUAD) -> np.ndarray:
    """``print_`` seen in perspective with its corners at ``quad``, on a dark grainy table (warped in
    pixel-centre coordinates, where pixel i spans i - 0.5 .. i + 0.5)."""
    h, w = print_.shape[:2]
    src = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, (quad - 0.5).astype(np.float32))
    size = (int(quad[:, 0].max()) + 120, int(quad[:, 1].max()) + 100)
    seen = cv2.warpPerspective(print_, matrix, size, flags=cv2.INTER_CUBIC).astype(np.float32)
    cover = cv2.warpPerspective(np.full((h, w), 1, np.float32), matrix, size, flags=cv2.INTER_LINEAR)[..., None]
    return _on_table(seen, cover, DARK_TABLE, 7)
