"""Straighten and crop a portrait from the eye line: free framing or ID-photo presets.

The output is placed so that the midpoint of the eyes lands at ``eye_line_y`` (fraction of the output
height from the top, centred horizontally), the eye line is level (unless ``straighten`` is off) and the
head (chin to crown) spans ``head_height`` of the output height. The crown is not in the mesh: it is
estimated as the forehead-top point (10) pushed up by a quarter of the chin-to-forehead distance.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import cv2
import numpy as np

from engines.faces.roi import warp_crop

CHIN, FOREHEAD_TOP = 152, 10
CROWN_EXTRA = 0.25  # the mesh top sits at the hairline; the crown is about this much higher
BOX_HEAD_RATIO = 1.6  # without a mesh: head height ~ detector box height x this


@dataclass(frozen=True)
class Preset:
    title: str
    width: int  # output pixels (ID presets at 300 dpi)
    height: int
    eye_line_y: float
    head_height: float


PRESETS: dict[str, Preset] = {
    "portrait-4x5": Preset("Portrait 4:5", 1200, 1500, 0.40, 0.55),
    "square": Preset("Square 1:1", 1200, 1200, 0.42, 0.55),
    # ICAO / EU passport 35x45 mm: head 32-36 mm of 45, eyes about 0.38 from the top.
    "passport-35x45": Preset("Passport 35 x 45 mm", 413, 531, 0.38, 0.75),
    # US passport and visa 2x2 in: head 1-1 3/8 in, eyes 1 1/8 - 1 3/8 in from the bottom.
    "us-2x2": Preset("US passport 2 x 2 in", 600, 600, 0.38, 0.60),
}


def _eyes_and_head(face: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, float]:
    """(image-left eye, image-right eye, head height in pixels) from the engine's face JSON."""
    eyes = np.asarray(face["points5"], np.float64)[:2]
    mesh = face.get("landmarks468")
    if mesh:
        pts = np.asarray(mesh, np.float64)[:, :2]
        head = float(np.linalg.norm(pts[CHIN] - pts[FOREHEAD_TOP])) * (1.0 + CROWN_EXTRA)
    else:
        x0, y0, x1, y1 = face["box"]
        head = float(y1 - y0) * BOX_HEAD_RATIO
    return eyes[0], eyes[1], max(head, 1.0)


def align_matrix(
    face: Mapping[str, Any],
    size: tuple[int, int],
    eye_line_y: float = 0.4,
    head_height: float = 0.55,
    straighten: bool = True,
) -> np.ndarray:
    """2x3 matrix from output pixels to image pixels for ``align_crop``."""
    out_w, out_h = int(size[0]), int(size[1])
    left, right, head = _eyes_and_head(face)
    angle = math.atan2(right[1] - left[1], right[0] - left[0]) if straighten else 0.0
    scale = head / (head_height * out_h)  # image pixels per output pixel
    c, s = math.cos(angle) * scale, math.sin(angle) * scale
    a = np.array([[c, -s], [s, c]])
    anchor_out = np.array([out_w / 2.0, eye_line_y * out_h])
    offset = (left + right) / 2 - a @ anchor_out
    return np.hstack([a, offset[:, None]])


def align_crop(
    rgb: np.ndarray,
    face: Mapping[str, Any],
    size: tuple[int, int] | None = None,
    eye_line_y: float | None = None,
    head_height: float | None = None,
    *,
    preset: str | None = None,
    straighten: bool = True,
    background: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Crop and straighten ``rgb`` around ``face`` (a face dict from FacesEngine's JSON).

    ``preset`` (a key of PRESETS) fills in size, eye line and head height; explicit arguments override
    it. Areas outside the photo are filled with ``background`` (default: the edge pixels repeated)."""
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"Unknown preset {preset!r}; choose one of: {', '.join(PRESETS)}.")
    base = PRESETS[preset] if preset else Preset("", 800, 1000, 0.4, 0.55)
    size = size or (base.width, base.height)
    eye_line_y = base.eye_line_y if eye_line_y is None else float(eye_line_y)
    head_height = base.head_height if head_height is None else float(head_height)
    if not (0.0 < eye_line_y < 1.0 and 0.0 < head_height <= 2.0):
        raise ValueError("The eye line must lie inside the picture and the head height must be positive.")
    matrix = align_matrix(face, size, eye_line_y, head_height, straighten)
    value: float | tuple[int, ...]
    if background is None:
        mode, value = cv2.BORDER_REPLICATE, 0
    else:
        mode, value = cv2.BORDER_CONSTANT, tuple(int(v) for v in background)
    return warp_crop(rgb, matrix, int(size[0]), int(size[1]), border_mode=mode, border_value=value,
                     interpolation=cv2.INTER_CUBIC)
