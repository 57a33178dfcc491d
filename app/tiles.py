"""Rectangles, a tile grid, and XOR tile deltas: the storage behind pixel-edit undo steps.

A pixel edit is stored as the XOR of the tile before and after the edit, compressed. XOR is its own
inverse, so the same delta turns "after" back into "before" (undo) and "before" into "after" (redo),
and a brush stroke's delta is mostly zeros, which zlib squeezes to almost nothing. This relies on the
history being linear: a step is only ever replayed on exactly the state it was recorded against.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterator, overload

import numpy as np

Rect = tuple[int, int, int, int]  # (x, y, w, h)

TILE = 128
EMPTY_RECT: Rect = (0, 0, 0, 0)


# -- rectangles ---------------------------------------------------------------------------------
def rect_is_empty(rect: Rect | None) -> bool:
    return rect is not None and (rect[2] <= 0 or rect[3] <= 0)


def intersect(a: Rect, b: Rect) -> Rect | None:
    """The overlap of two rects, or None when they do not overlap."""
    x0 = max(a[0], b[0])
    y0 = max(a[1], b[1])
    x1 = min(a[0] + a[2], b[0] + b[2])
    y1 = min(a[1] + a[3], b[1] + b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1 - x0, y1 - y0


@overload
def union(a: Rect, b: Rect) -> Rect: ...
@overload
def union(a: Rect | None, b: Rect | None) -> Rect | None: ...
def union(a: Rect | None, b: Rect | None) -> Rect | None:
    """Bounding box of two rects; empty or None operands are ignored."""
    if a is None or rect_is_empty(a):
        return None if b is None or rect_is_empty(b) else b
    if b is None or rect_is_empty(b):
        return a
    x0 = min(a[0], b[0])
    y0 = min(a[1], b[1])
    x1 = max(a[0] + a[2], b[0] + b[2])
    y1 = max(a[1] + a[3], b[1] + b[3])
    return x0, y0, x1 - x0, y1 - y0


def translate(rect: Rect, dx: int, dy: int) -> Rect:
    return rect[0] + dx, rect[1] + dy, rect[2], rect[3]


def normalize(rect: Rect) -> Rect:
    """Integer rect with non-negative size (a drag from bottom-right to top-left gives negative sizes)."""
    x, y, w, h = (int(round(v)) for v in rect)
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    return x, y, w, h


# -- tile grid ----------------------------------------------------------------------------------
def tiles_in(rect: Rect, shape: tuple[int, ...], tile: int = TILE) -> Iterator[tuple[int, int]]:
    """(ty, tx) of every tile of an array of ``shape`` that ``rect`` (array coordinates) touches."""
    clipped = intersect(rect, (0, 0, int(shape[1]), int(shape[0])))
    if clipped is None:
        return
    x, y, w, h = clipped
    for ty in range(y // tile, (y + h - 1) // tile + 1):
        for tx in range(x // tile, (x + w - 1) // tile + 1):
            yield ty, tx


def tile_slices(key: tuple[int, int], shape: tuple[int, ...], tile: int = TILE) -> tuple[slice, slice]:
    ty, tx = key
    return (slice(ty * tile, min((ty + 1) * tile, shape[0])), slice(tx * tile, min((tx + 1) * tile, shape[1])))


def tile_rect(key: tuple[int, int], shape: tuple[int, ...], tile: int = TILE) -> Rect:
    ys, xs = tile_slices(key, shape, tile)
    return xs.start, ys.start, xs.stop - xs.start, ys.stop - ys.start


# -- XOR deltas ---------------------------------------------------------------------------------
@dataclass
class TileDelta:
    """before XOR after of one tile; zlib level 1 when that saves space (it is cheap either way)."""

    data: bytes
    shape: tuple[int, ...]
    compressed: bool

    @classmethod
    def encode(cls, delta: np.ndarray) -> "TileDelta":
        raw = delta.tobytes()
        packed = zlib.compress(raw, 1)
        if len(packed) < len(raw) * 3 // 4:
            return cls(packed, delta.shape, True)
        return cls(raw, delta.shape, False)

    def decode(self) -> np.ndarray:
        raw = zlib.decompress(self.data) if self.compressed else self.data
        return np.frombuffer(raw, np.uint8).reshape(self.shape)

    @property
    def nbytes(self) -> int:
        return len(self.data) + 64  # plus a rough per-object overhead


class TileDeltas:
    """The changed tiles of one array, applied by XOR (the same call undoes and redoes)."""

    def __init__(self, shape: tuple[int, ...], tile: int = TILE) -> None:
        self.shape = tuple(shape)
        self.tile = tile
        self.tiles: dict[tuple[int, int], TileDelta] = {}

    def add(self, key: tuple[int, int], before: np.ndarray, after: np.ndarray) -> bool:
        """Record a tile if it changed; returns whether it did."""
        delta = np.bitwise_xor(before, after)
        if not delta.any():
            return False
        self.tiles[key] = TileDelta.encode(delta)
        return True

    def apply(self, array: np.ndarray) -> None:
        if array.shape != self.shape:
            raise RuntimeError(f"history out of step: array {array.shape}, recorded {self.shape}")
        for key, delta in self.tiles.items():
            ys, xs = tile_slices(key, self.shape, self.tile)
            view = array[ys, xs]
            np.bitwise_xor(view, delta.decode(), out=view)

    def bounds(self) -> Rect | None:
        """Bounding rect (array coordinates) of the changed tiles."""
        out: Rect | None = None
        for key in self.tiles:
            out = union(out, tile_rect(key, self.shape, self.tile))
        return out

    @property
    def nbytes(self) -> int:
        return sum(d.nbytes for d in self.tiles.values())

    def __bool__(self) -> bool:
        return bool(self.tiles)
