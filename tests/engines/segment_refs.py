"""Hand-drawn reference subjects for the segmentation tests (tests/data/segment/*.json) and IoU."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "segment"


def reference(name: str) -> np.ndarray:
    """The reference subject ``name`` (a polygon drawn over the photo) as an (H, W) bool mask."""
    record = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    height, width = record["size"]
    mask = np.zeros((height, width), np.uint8)
    cv2.fillPoly(mask, [np.asarray(record["polygon"], np.int32)], 255)
    return mask > 0


def iou(mask: np.ndarray, ref: np.ndarray) -> float:
    selected = mask > 127
    return float((selected & ref).sum() / (selected | ref).sum())
