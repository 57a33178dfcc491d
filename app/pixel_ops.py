"""Pure pixel operations on arrays (no document, no history): conversion to the document's RGBA, resizing
with premultiplied alpha, moving a plane, weighting alpha, quarter turns and flips."""
from __future__ import annotations

from typing import Callable

import cv2
import numpy as np

from app.tiles import intersect


def to_rgba(image: np.ndarray) -> np.ndarray:
    """(h, w, 4) uint8 straight RGBA from (h, w) grey, RGB or RGBA, uint8 or uint16 (rounded to 8 bits).
    An image that already is contiguous RGBA uint8 comes back as itself, not copied."""
    if image.dtype == np.uint16:
        image = ((image.astype(np.uint32) + 128) // 257).astype(np.uint8)
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.shape[2] == 3:
        image = np.concatenate([image, np.full(image.shape[:2] + (1,), 255, np.uint8)], axis=2)
    return np.ascontiguousarray(image, dtype=np.uint8)


LUMA = (0.299, 0.587, 0.114)  # Rec. 601 weights of R, G, B


def grey(color: tuple[int, int, int]) -> int:
    """The grey level of an RGB colour: what it paints on a layer mask (black hides, white shows)."""
    r, g, b = color[:3]
    return int(round(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b))


def scale_alpha(pixels: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """A copy of RGBA ``pixels`` with alpha multiplied by ``weight`` ((h, w) uint8, 255 = unchanged)."""
    out = pixels.copy()
    out[..., 3] = (pixels[..., 3] * weight.astype(np.uint16) + 127) // 255
    return out


def as_plane(data: np.ndarray) -> np.ndarray:
    """A uint8 (0..255) copy of a mask-like array; bool becomes 0/255."""
    if data.dtype == bool:
        return np.where(data, np.uint8(255), np.uint8(0))
    return np.array(data, dtype=np.uint8, copy=True)


def resize(array: np.ndarray, width: int, height: int, grow: bool) -> np.ndarray:
    """cv2.resize with INTER_CUBIC to enlarge and INTER_AREA to shrink; RGBA with transparency is
    resized premultiplied so transparent pixels' colours do not bleed into the edges."""
    interp = cv2.INTER_CUBIC if grow else cv2.INTER_AREA
    if array.ndim == 2 or array[..., 3].min() == 255:
        return cv2.resize(array, (width, height), interpolation=interp)
    premul = array.astype(np.float32)
    premul[..., :3] *= premul[..., 3:4] * np.float32(1 / 255)
    scaled = np.clip(cv2.resize(premul, (width, height), interpolation=interp), 0, 255)
    alpha = scaled[..., 3:4]
    scaled[..., :3] = np.divide(scaled[..., :3] * 255, alpha, out=np.zeros_like(scaled[..., :3]), where=alpha > 0)
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def move_plane(plane: np.ndarray, width: int, height: int, dx: int, dy: int) -> np.ndarray:
    """A (height, width) copy of a canvas plane with its content moved by (dx, dy); the rest is 0."""
    out = np.zeros((height, width), np.uint8)
    part = intersect((dx, dy, plane.shape[1], plane.shape[0]), (0, 0, width, height))
    if part is not None:
        x, y, w, h = part
        out[y:y + h, x:x + w] = plane[y - dy:y - dy + h, x - dx:x - dx + w]
    return out


# Quarter turns and flips: (function on an array, the name of the inverse).
TURNS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    "rot90": (lambda a: np.rot90(a, -1), "rot270"),  # clockwise
    "rot180": (lambda a: np.rot90(a, 2), "rot180"),
    "rot270": (lambda a: np.rot90(a, 1), "rot90"),
    "flip-h": (lambda a: a[:, ::-1], "flip-h"),
    "flip-v": (lambda a: a[::-1], "flip-v"),
}


def turn(array: np.ndarray, kind: str) -> np.ndarray:
    """A contiguous copy of ``array`` turned or flipped (``kind`` in TURNS)."""
    return TURNS[kind][0](array).copy()  # .copy() is C-contiguous
