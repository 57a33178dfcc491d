"""Whole-image geometry (crop, canvas size, scale, quarter turns and flips) over every plane of a document.

``transform_planes`` is the one place that knows which planes a document has: layers (placed planes,
with their own size and offset, and their layer masks, placed with them) and the canvas-sized masks and
selection. A plane type added later (adjustment layers) is added there, and every geometry handles it. A
geometry says what happens to the canvas size, to a placed plane (its offset and its array) and to a canvas plane. It
returns new arrays and never writes into the old ones, so snapshots can keep them for undo.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from app.document import Document
from app.pixel_ops import move_plane, resize, turn
from app.snapshots import DocState, capture, restore
from app.tiles import Rect, intersect

Offset = tuple[int, int]


class Geometry(Protocol):
    def size(self) -> tuple[int, int]:
        """The canvas size afterwards."""

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        """Where a placed plane of ``shape`` at ``offset`` goes."""

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        """A placed plane's array afterwards (RGBA or single-channel)."""

    def canvas(self, array: np.ndarray) -> np.ndarray:
        """A canvas-sized plane's array afterwards."""


def transform_planes(doc: Document, geometry: Geometry, replace: dict[int, np.ndarray] | None = None) -> None:
    """Apply ``geometry`` to every plane of ``doc`` and to its size. Layers whose uid is in ``replace``
    take those pixels (already in the new geometry: an upscaled result) instead of being resampled."""
    restore(doc, transformed(capture(doc), geometry, replace))


def transformed(state: DocState, geometry: Geometry, replace: dict[int, np.ndarray] | None = None) -> DocState:
    """``state`` with ``geometry`` applied to every plane and to the size (see ``transform_planes``). It reads
    only ``state``, never the document, so it may run off the UI thread while the document waits."""
    replace = replace or {}
    layers = []
    for s in state.layers:
        uid = s.layer.uid
        pixels = replace[uid] if uid in replace else geometry.placed(s.pixels, s.offset)
        layer_mask = None
        if s.mask is not None:
            # The layer mask is a placed plane of the layer's own size: it goes where the pixels go.
            layer_mask = geometry.placed(s.mask, s.offset)
            if layer_mask.shape != pixels.shape[:2]:  # a result made in the new geometry may round differently
                layer_mask = resize(layer_mask, pixels.shape[1], pixels.shape[0],
                                    layer_mask.size < pixels.shape[0] * pixels.shape[1])
        layers.append(dataclasses.replace(s, pixels=pixels, mask=layer_mask,
                                          offset=geometry.offset(s.offset, s.pixels.shape)))
    masks = tuple(dataclasses.replace(m, data=geometry.canvas(m.data)) for m in state.masks)
    selection = None if state.selection is None else geometry.canvas(state.selection)
    width, height = geometry.size()
    return dataclasses.replace(state, width=width, height=height, layers=tuple(layers), masks=masks,
                               selection=selection)


@dataclass(frozen=True)
class Crop:
    """Keep ``rect`` (inside the canvas); placed planes lose what lies outside it."""

    rect: Rect

    def size(self) -> tuple[int, int]:
        return self.rect[2], self.rect[3]

    def _part(self, offset: Offset, shape: tuple[int, ...]) -> Rect | None:
        return intersect((offset[0], offset[1], shape[1], shape[0]), self.rect)

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        part = self._part(offset, shape)
        return (0, 0) if part is None else (part[0] - self.rect[0], part[1] - self.rect[1])

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        part = self._part(offset, array.shape)
        if part is None:  # keep a valid (1 x 1, empty) plane rather than an empty array
            return np.zeros((1, 1) + array.shape[2:], array.dtype)
        x, y, w, h = part
        lx, ly = x - offset[0], y - offset[1]
        return array[ly:ly + h, lx:lx + w].copy()

    def canvas(self, array: np.ndarray) -> np.ndarray:
        x, y, w, h = self.rect
        return array[y:y + h, x:x + w].copy()


@dataclass(frozen=True)
class CanvasSize:
    """A new canvas size with the old image moved by (dx, dy); placed planes keep all their pixels."""

    width: int
    height: int
    dx: int
    dy: int

    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        return offset[0] + self.dx, offset[1] + self.dy

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        return array

    def canvas(self, array: np.ndarray) -> np.ndarray:
        return move_plane(array, self.width, self.height, self.dx, self.dy)


@dataclass(frozen=True)
class Scale:
    """Resample to ``width`` × ``height`` from a canvas of ``old_width`` × ``old_height`` (cubic to grow,
    area to shrink, premultiplied where there is transparency)."""

    old_width: int
    old_height: int
    width: int
    height: int

    @property
    def _factors(self) -> tuple[float, float]:
        return self.width / self.old_width, self.height / self.old_height

    @property
    def _grow(self) -> bool:
        sx, sy = self._factors
        return sx * sy > 1

    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        sx, sy = self._factors
        return int(round(offset[0] * sx)), int(round(offset[1] * sy))

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        sx, sy = self._factors
        w = max(1, int(round(array.shape[1] * sx)))
        h = max(1, int(round(array.shape[0] * sy)))
        return resize(array, w, h, self._grow)

    def canvas(self, array: np.ndarray) -> np.ndarray:
        return resize(array, self.width, self.height, self._grow)


@dataclass(frozen=True)
class Turn:
    """A quarter turn or flip (``kind`` in pixel_ops.TURNS) of a canvas of ``width`` × ``height``."""

    kind: str
    width: int
    height: int

    def size(self) -> tuple[int, int]:
        return (self.height, self.width) if self.kind in ("rot90", "rot270") else (self.width, self.height)

    def offset(self, offset: Offset, shape: tuple[int, ...]) -> Offset:
        (ox, oy), h, w = offset, shape[0], shape[1]
        return {
            "rot90": (self.height - oy - h, ox),
            "rot180": (self.width - ox - w, self.height - oy - h),
            "rot270": (oy, self.width - ox - w),
            "flip-h": (self.width - ox - w, oy),
            "flip-v": (ox, self.height - oy - h),
        }[self.kind]

    def placed(self, array: np.ndarray, offset: Offset) -> np.ndarray:
        return turn(array, self.kind)

    def canvas(self, array: np.ndarray) -> np.ndarray:
        return turn(array, self.kind)
