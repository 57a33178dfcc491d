"""Iris landmarks: per eye, an upright crop 2.3x the eye-corner span goes through the iris model.

The model was trained on the subject's right eye (image left); the other eye is mirrored before and the
points after. Outputs per eye: iris centre + 4 contour points, and 71 eye-region points whose first 16
trace the eyelids.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engines.faces.detector import Runner
from engines.faces.roi import Roi, crop_roi

MODEL_ID = "iris"
INPUT_NAME = "input_1"
OUTPUTS = ["output_eyes_contours_and_brows", "output_iris"]
INPUT_SIZE = 64
ROI_SCALE = 2.3
# Eye corners in the mesh, in image-left -> image-right order for each eye: (outer, inner), (inner, outer).
EYE_CORNERS = {"left": (33, 133), "right": (362, 263)}  # "left" = image left (the subject's right eye)
EYELID_POINTS = 16


@dataclass
class IrisResult:
    center: np.ndarray  # (2,)
    contour: np.ndarray  # (4, 2)
    radius: float
    eyelid: np.ndarray  # (16, 2)


def eye_roi(mesh: np.ndarray, side: str) -> Roi:
    a, b = (mesh[i, :2] for i in EYE_CORNERS[side])
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    centre = (a + b) / 2
    return Roi(float(centre[0]), float(centre[1]), float(np.linalg.norm(b - a)) * ROI_SCALE, angle)


def run_iris_eye(rgb: np.ndarray, runner: Runner, mesh: np.ndarray, side: str) -> IrisResult:
    roi = eye_roi(mesh, side)
    crop = crop_roi(rgb, roi, INPUT_SIZE).astype(np.float32) / 255.0
    flip = side == "right"
    if flip:
        crop = crop[:, ::-1]
    tensor = np.ascontiguousarray(crop.transpose(2, 0, 1)[None])
    contours, iris = runner.run(OUTPUTS, {INPUT_NAME: tensor})
    eye_pts = contours.reshape(71, 3)[:, :2].astype(np.float64)
    iris_pts = iris.reshape(5, 3)[:, :2].astype(np.float64)
    if flip:
        eye_pts[:, 0] = INPUT_SIZE - eye_pts[:, 0]
        iris_pts[:, 0] = INPUT_SIZE - iris_pts[:, 0]
    eye_img = roi.to_image(eye_pts, INPUT_SIZE)
    iris_img = roi.to_image(iris_pts, INPUT_SIZE)
    radius = float(np.linalg.norm(iris_img[1:] - iris_img[0], axis=1).mean())
    return IrisResult(iris_img[0], iris_img[1:], radius, eye_img[:EYELID_POINTS])


def detect_iris(rgb: np.ndarray, runner: Runner, mesh: np.ndarray) -> dict[str, IrisResult]:
    return {side: run_iris_eye(rgb, runner, mesh, side) for side in ("left", "right")}
