"""SSD anchor centres for the BlazeFace detectors (MediaPipe's SsdAnchorsCalculator, fixed-size case).

Consecutive layers with the same stride share one feature map; each contributes two anchors per cell
when an interpolated scale is used (short range) and one otherwise (full range). With fixed anchor size
only the centres matter: the box regression is relative to the input size.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class SsdSpec:
    input_size: int
    strides: tuple[int, ...]
    interpolated_scale: bool  # True: 2 anchors per aspect ratio per layer, False: 1
    offset: float = 0.5


SHORT_RANGE = SsdSpec(128, (8, 16, 16, 16), True)
FULL_RANGE = SsdSpec(192, (4,), False)


@lru_cache(maxsize=8)
def ssd_anchors(spec: SsdSpec) -> np.ndarray:
    """(N, 2) anchor centres (x, y) normalised to 0..1, in the order the model's outputs use."""
    per_layer = 2 if spec.interpolated_scale else 1
    centres: list[np.ndarray] = []
    i = 0
    while i < len(spec.strides):
        stride = spec.strides[i]
        count = 0
        while i < len(spec.strides) and spec.strides[i] == stride:
            count += per_layer
            i += 1
        cells = int(np.ceil(spec.input_size / stride))
        ys, xs = np.meshgrid(np.arange(cells), np.arange(cells), indexing="ij")
        grid = np.stack([(xs + spec.offset) / cells, (ys + spec.offset) / cells], axis=-1).reshape(-1, 1, 2)
        centres.append(np.repeat(grid, count, axis=1).reshape(-1, 2))
    return np.concatenate(centres).astype(np.float32)
