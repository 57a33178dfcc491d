"""FaceMesh: 468 3-D landmarks from an upright face crop, with MediaPipe's two-pass cropping.

Pass 1 crops around the detector's box (1.5x its longer side), turned so the eyes are level. Pass 2
crops again around the landmarks themselves (rotation from point 33 to 263, 1.5x their extent), which
centres and scales the face the way the model was trained, and gives the final points; tilted faces get
further passes until the crop stops turning.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engines.faces.detector import Detection, Runner
from engines.faces.roi import Roi, crop_roi, roi_from_points

MODEL_ID = "facemesh"
INPUT_NAME = "input_1"
OUTPUTS = ["conv2d_20", "conv2d_30"]  # landmarks (1404 values), face-presence logit
INPUT_SIZE = 192
ROI_SCALE = 1.5
PRESENCE_MIN = 0.5
SETTLE_DEGREES = 3.0  # re-crop again while the crop still turns more than this
SETTLE_SHIFT = 0.03  # ... or moves more than this fraction of its size
RIGHT_EYE_OUTER, LEFT_EYE_OUTER = 33, 263  # subject's right eye (image left) and left eye


@dataclass
class MeshResult:
    points: np.ndarray  # (468, 3) image pixels; z in pixels, negative towards the camera
    presence: float  # face-presence probability of the last pass
    roi: Roi


def roi_from_detection(det: Detection) -> Roi:
    """MediaPipe's detection-to-ROI: box centre, 1.5x the longer side, eye line level."""
    (x0, y0, x1, y1), (eye_a, eye_b) = det.box, det.keypoints[:2]
    angle = math.atan2(eye_b[1] - eye_a[1], eye_b[0] - eye_a[0])
    return Roi((x0 + x1) / 2, (y0 + y1) / 2, max(det.width, det.height) * ROI_SCALE, angle)


def mesh_input(rgb: np.ndarray, roi: Roi) -> np.ndarray:
    crop = crop_roi(rgb, roi, INPUT_SIZE).astype(np.float32) / 255.0
    return np.ascontiguousarray(crop.transpose(2, 0, 1)[None])


def run_mesh(rgb: np.ndarray, runner: Runner, roi: Roi) -> MeshResult:
    raw, presence = runner.run(OUTPUTS, {INPUT_NAME: mesh_input(rgb, roi)})
    points = roi.to_image(raw.reshape(468, 3).astype(np.float64), INPUT_SIZE)
    prob = float(1.0 / (1.0 + np.exp(-np.clip(presence.reshape(-1)[0], -80, 80))))
    return MeshResult(points, prob, roi)


def roi_from_mesh(points: np.ndarray) -> Roi:
    return roi_from_points(points, points[RIGHT_EYE_OUTER], points[LEFT_EYE_OUTER], ROI_SCALE)


def _settled(a: Roi, b: Roi) -> bool:
    turn = abs(math.remainder(a.angle - b.angle, math.tau))
    shift = math.hypot(a.cx - b.cx, a.cy - b.cy)
    return turn < math.radians(SETTLE_DEGREES) and shift < SETTLE_SHIFT * a.size


def detect_mesh(rgb: np.ndarray, runner: Runner, det: Detection, max_passes: int = 4) -> MeshResult:
    """Landmarks for one detection: a detector-based crop, then landmark-based re-crops until the crop
    settles (two passes for most faces; strongly tilted ones need one or two more, because the
    detector's eye keypoints under-estimate large tilts)."""
    result = run_mesh(rgb, runner, roi_from_detection(det))
    for _ in range(max_passes - 1):
        roi = roi_from_mesh(result.points)
        settled = _settled(roi, result.roi)
        result = run_mesh(rgb, runner, roi)
        if settled:
            break
    return result
