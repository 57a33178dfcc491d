"""Face detectors: BlazeFace (short / full range) and CenterFace, with their pre- and post-processing.

Every detector returns ``Detection`` objects in image pixels (see roi.py for the coordinate convention).
Keypoints: BlazeFace gives 6 (subject's right eye = image left, left eye, nose tip, mouth centre, right
and left ear tragion); CenterFace gives 5 (two eyes, nose tip, two mouth corners). Index 0 and 1 are the
eyes in both, which is all the landmark crops need.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from engines.faces.anchors import FULL_RANGE, SHORT_RANGE, SsdSpec, ssd_anchors
from engines.faces.roi import Roi, crop_roi

RAW_SCORE_LIMIT = 80.0  # logits beyond this overflow float32 in exp()
NMS_IOU = 0.3


class Runner(Protocol):
    def run(self, output_names: list[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]: ...


@dataclass
class Detection:
    box: np.ndarray  # (4,) x0, y0, x1, y1
    score: float
    keypoints: np.ndarray  # (k, 2)
    detector: str

    @property
    def width(self) -> float:
        return float(self.box[2] - self.box[0])

    @property
    def height(self) -> float:
        return float(self.box[3] - self.box[1])


@dataclass(frozen=True)
class BlazeFaceModel:
    model_id: str
    spec: SsdSpec
    input_name: str
    outputs: tuple[str, str]  # (regressors, classificators)


BLAZEFACE = {
    "blazeface-short": BlazeFaceModel("blazeface-short", SHORT_RANGE, "input", ("regressors", "classificators")),
    "blazeface-full": BlazeFaceModel(
        "blazeface-full", FULL_RANGE, "input", ("reshaped_regressor_face_4", "reshaped_classifier_face_4")
    ),
}


def iou_matrix(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    a = boxes_a[:, None, :]
    b = boxes_b[None, :, :]
    iw = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    ih = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    inter = iw * ih
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    iou: np.ndarray = inter / np.maximum(area_a + area_b - inter, 1e-9)
    return iou


def weighted_nms(dets: list[Detection], iou: float = NMS_IOU) -> list[Detection]:
    """MediaPipe's weighted NMS: each cluster (IoU > iou with its best member) becomes the score-weighted
    mean of its boxes and keypoints, keeping the best score. A plain NMS pass then drops a duplicate the
    averaging can leave behind."""
    if not dets:
        return []
    order = sorted(dets, key=lambda d: d.score, reverse=True)
    boxes = np.array([d.box for d in order])
    remaining = np.ones(len(order), bool)
    merged: list[Detection] = []
    for i, best in enumerate(order):
        if not remaining[i]:
            continue
        overlaps = iou_matrix(boxes[i : i + 1], boxes)[0]
        cluster = np.flatnonzero(remaining & (overlaps > iou))
        remaining[cluster] = False
        weights = np.array([order[j].score for j in cluster])
        weights = weights / weights.sum()
        box = (boxes[cluster] * weights[:, None]).sum(axis=0)
        kps = (np.stack([order[j].keypoints for j in cluster]) * weights[:, None, None]).sum(axis=0)
        merged.append(Detection(box, best.score, kps, best.detector))
    return plain_nms(merged, iou)


def plain_nms(dets: list[Detection], iou: float = NMS_IOU) -> list[Detection]:
    order = sorted(dets, key=lambda d: d.score, reverse=True)
    kept: list[Detection] = []
    for det in order:
        if kept and iou_matrix(det.box[None], np.array([k.box for k in kept])).max() > iou:
            continue
        kept.append(det)
    return kept


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -RAW_SCORE_LIMIT, RAW_SCORE_LIMIT)))
    return out


def letterbox_roi(width: int, height: int) -> Roi:
    """The square (centred, padded) that holds the whole image: MediaPipe's FIT letterbox."""
    return Roi(width / 2.0, height / 2.0, float(max(width, height)), 0.0)


def blazeface_input(rgb: np.ndarray, model: BlazeFaceModel) -> tuple[np.ndarray, Roi]:
    """NCHW float input scaled to -1..1 and the ROI that maps model pixels back to the image."""
    roi = letterbox_roi(rgb.shape[1], rgb.shape[0])
    n = model.spec.input_size
    crop = crop_roi(rgb, roi, n).astype(np.float32)
    tensor = (crop / 127.5 - 1.0).transpose(2, 0, 1)[None]
    return np.ascontiguousarray(tensor), roi


def decode_blazeface(
    raw_boxes: np.ndarray, raw_scores: np.ndarray, model: BlazeFaceModel, roi: Roi, min_score: float
) -> list[Detection]:
    """Anchor decoding (MediaPipe TensorsToDetections with fixed-size anchors) and weighted NMS."""
    n = model.spec.input_size
    anchors = ssd_anchors(model.spec) * n  # anchor centres in model pixels
    raw = raw_boxes.reshape(-1, 16).astype(np.float64)
    scores = _sigmoid(raw_scores.reshape(-1).astype(np.float64))
    keep = np.flatnonzero(scores >= min_score)
    dets: list[Detection] = []
    for i in keep:
        cx, cy = raw[i, 0] + anchors[i, 0], raw[i, 1] + anchors[i, 1]
        w, h = raw[i, 2], raw[i, 3]
        if w <= 0 or h <= 0:
            continue
        kps = raw[i, 4:16].reshape(6, 2) + anchors[i]
        corners = roi.to_image(np.array([[cx - w / 2, cy - h / 2], [cx + w / 2, cy + h / 2]]), n)
        dets.append(Detection(corners.reshape(4), float(scores[i]), roi.to_image(kps, n), model.model_id))
    return weighted_nms(dets)


def detect_blazeface(rgb: np.ndarray, runner: Runner, model: BlazeFaceModel, min_score: float) -> list[Detection]:
    tensor, roi = blazeface_input(rgb, model)
    raw_boxes, raw_scores = runner.run(list(model.outputs), {model.input_name: tensor})
    return decode_blazeface(raw_boxes, raw_scores, model, roi, min_score)


# -- CenterFace ---------------------------------------------------------------------------------------
CENTERFACE_ID = "centerface"
CENTERFACE_INPUT = "input.1"
CENTERFACE_OUTPUTS = ["537", "538", "539", "540"]  # heatmap, log scale (h, w), offset (y, x), landmarks
CENTERFACE_MAX_SIDE = 1280  # long side the photo is reduced to: enough for faces of ~12 px and up


def centerface_input(rgb: np.ndarray, max_side: int = CENTERFACE_MAX_SIDE) -> tuple[np.ndarray, float]:
    """NCHW float 0..255 input padded to multiples of 32, and the factor image px -> model px."""
    h, w = rgb.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    sw, sh = max(int(round(w * scale)), 1), max(int(round(h * scale)), 1)
    small = rgb if scale == 1.0 else cv2.resize(rgb, (sw, sh), interpolation=cv2.INTER_AREA)
    ph, pw = (-sh) % 32, (-sw) % 32
    padded = np.pad(small, ((0, ph), (0, pw), (0, 0)))
    tensor = padded.astype(np.float32).transpose(2, 0, 1)[None]
    return np.ascontiguousarray(tensor), sw / w


def decode_centerface(outputs: list[np.ndarray], factor: float, min_score: float) -> list[Detection]:
    heat, scale, offset, lms = (o[0] for o in outputs)
    ys, xs = np.nonzero(heat[0] >= min_score)
    dets: list[Detection] = []
    for y, x in zip(ys, xs):
        bh, bw = math.exp(scale[0, y, x]) * 4, math.exp(scale[1, y, x]) * 4
        cy, cx = (y + offset[0, y, x] + 0.5) * 4, (x + offset[1, y, x] + 0.5) * 4
        x0, y0 = cx - bw / 2, cy - bh / 2
        points = np.array([[lms[2 * j + 1, y, x] * bw + x0, lms[2 * j, y, x] * bh + y0] for j in range(5)])
        box = np.array([x0, y0, x0 + bw, y0 + bh])
        dets.append(Detection(box / factor, float(heat[0, y, x]), points / factor, CENTERFACE_ID))
    return plain_nms(dets)


def detect_centerface(rgb: np.ndarray, runner: Runner, min_score: float) -> list[Detection]:
    tensor, factor = centerface_input(rgb)
    outputs = runner.run(CENTERFACE_OUTPUTS, {CENTERFACE_INPUT: tensor})
    return decode_centerface(outputs, factor, min_score)
