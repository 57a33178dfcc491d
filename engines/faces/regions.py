"""Face-part masks from the 468-point mesh (no face-parsing network ships in a registry package).

Polygons are MediaPipe mesh indices, traced in order. "left"/"right" mean image left/right, as in the
engine's JSON (so "left_eye" is the subject's right eye in a photo facing the camera).
"""
from __future__ import annotations

from typing import Any, Mapping

import cv2
import numpy as np

FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
             152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
LEFT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
RIGHT_EYE = (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249)
LEFT_BROW = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
RIGHT_BROW = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
LIPS_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146)
LIPS_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95)
# Bridge, tip, wings and base of the nose; the mask is their convex hull.
NOSE = (168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 98, 97, 326, 327, 294, 278, 344, 440, 275, 45, 220, 115, 48, 64)

# region -> (polygons to fill, polygons to cut out)
REGIONS: dict[str, tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]] = {
    "face_oval": ((FACE_OVAL,), ()),
    "left_eye": ((LEFT_EYE,), ()),
    "right_eye": ((RIGHT_EYE,), ()),
    "eyes": ((LEFT_EYE, RIGHT_EYE), ()),
    "brows": ((LEFT_BROW, RIGHT_BROW), ()),
    "lips": ((LIPS_OUTER,), (LIPS_INNER,)),
    "mouth": ((LIPS_OUTER,), ()),
    "mouth_inner": ((LIPS_INNER,), ()),
    "nose": ((NOSE,), ()),
    "skin": ((FACE_OVAL,), (LEFT_EYE, RIGHT_EYE, LEFT_BROW, RIGHT_BROW, LIPS_OUTER)),
}
REGION_NAMES: tuple[str, ...] = tuple(REGIONS) + ("irises",)
_SHIFT = 4  # fillPoly sub-pixel bits


def _fill(mask: np.ndarray, polygon: np.ndarray, value: int) -> None:
    # Continuous coordinates -> pixel-centre coordinates, in 1/16 pixel steps.
    pts = np.round((polygon[:, :2] - 0.5) * (1 << _SHIFT)).astype(np.int32)
    cv2.fillPoly(mask, [pts], value, lineType=cv2.LINE_AA, shift=_SHIFT)


def _points(face: Mapping[str, Any]) -> np.ndarray:
    mesh = face.get("landmarks468")
    if not mesh:
        raise ValueError("This face has no mesh landmarks; detect faces with the mesh turned on.")
    return np.asarray(mesh, np.float64)


def region_mask(face: Mapping[str, Any], region: str, shape: tuple[int, ...], feather: float = 0) -> np.ndarray:
    """uint8 mask (0/255, anti-aliased edges) of ``region`` of one face from the engine's JSON.

    ``shape`` is (H, W) or an image shape; ``feather`` is a Gaussian sigma in pixels that softens the edge.
    """
    if region not in REGION_NAMES:
        raise ValueError(f"Unknown face region {region!r}; choose one of: {', '.join(REGION_NAMES)}.")
    h, w = int(shape[0]), int(shape[1])
    mask: np.ndarray = np.zeros((h, w), np.uint8)
    if region == "irises":
        iris = face.get("iris") or {}
        if not iris:
            raise ValueError("This face has no iris landmarks; detect faces with irises turned on.")
        for eye in iris.values():
            centre = np.round((np.asarray(eye["center"]) - 0.5) * (1 << _SHIFT)).astype(int)
            radius = int(round(float(eye["radius"]) * (1 << _SHIFT)))
            cv2.circle(mask, (int(centre[0]), int(centre[1])), radius, 255, -1, cv2.LINE_AA, _SHIFT)
    else:
        points = _points(face)
        fill, cut = REGIONS[region]
        for indices in fill:
            poly = points[list(indices)]
            if region == "nose":
                poly = cv2.convexHull(poly[:, :2].astype(np.float32)).reshape(-1, 2).astype(np.float64)
            _fill(mask, poly, 255)
        for indices in cut:
            _fill(mask, points[list(indices)], 0)
    if feather > 0:
        mask = cv2.GaussianBlur(mask, (0, 0), float(feather))
    return mask


def faces_region_mask(
    faces: list[Mapping[str, Any]], region: str, shape: tuple[int, ...], feather: float = 0
) -> np.ndarray:
    """The union of ``region`` over several faces."""
    out = np.zeros((int(shape[0]), int(shape[1])), np.uint8)
    for face in faces:
        np.maximum(out, region_mask(face, region, shape, feather), out=out)
    return out
