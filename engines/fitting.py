"""Fitting one piece of an image to what a model takes, and undoing that on the model's output:
padding to a multiple (reflect, so edges see plausible context), or fitting into a static model's square.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from engines.needs import ModelNeeds


def pad_to(piece: np.ndarray, height: int, width: int) -> np.ndarray:
    """``piece`` (H, W[, C]) padded at the bottom and right to ``height`` x ``width``."""
    h, w = piece.shape[:2]
    ph, pw = height - h, width - w
    if not (ph or pw):
        return piece
    # Reflect needs more pixels than the pad; tiny pieces repeat the edge instead.
    mode: Literal["reflect", "edge"] = "reflect" if h > ph and w > pw else "edge"
    return np.pad(piece, ((0, ph), (0, pw)) + ((0, 0),) * (piece.ndim - 2), mode=mode)


def pad_to_multiple(piece: np.ndarray, multiple: int) -> np.ndarray:
    h, w = piece.shape[:2]
    return pad_to(piece, h + (-h) % multiple, w + (-w) % multiple)


def resize(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """Area-averaged when shrinking, bicubic when enlarging; keeps a single channel's axis."""
    shrinking = width <= pixels.shape[1] and height <= pixels.shape[0]
    out = cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC)
    return out[:, :, None] if pixels.ndim == 3 and out.ndim == 2 else out


def resize_mask(mask: np.ndarray, width: int, height: int) -> np.ndarray:
    """A uint8 mask resized so that every pixel it touches stays masked (a hole never shrinks away)."""
    touched = cv2.resize(mask, (width, height), interpolation=cv2.INTER_AREA) > 0
    return np.where(touched, 255, 0).astype(np.uint8)


@dataclass(frozen=True)
class Fitted:
    """A piece as the model gets it, and how to turn the model's output back into the piece's size."""

    pixels: np.ndarray
    height: int  # the piece's own size
    width: int
    content: tuple[int, int]  # (h, w) of the piece inside ``pixels`` (resized when fitted into a square)

    def undo(self, out: np.ndarray, scale: int = 1) -> np.ndarray:
        """The model's output (``scale`` times the input) cropped, and resized back if it was fitted."""
        ch, cw = self.content
        out = out[:ch * scale, :cw * scale]
        if (ch, cw) != (self.height, self.width):
            out = resize(np.ascontiguousarray(out), self.width * scale, self.height * scale)
        return out

    def mask(self, mask: np.ndarray) -> np.ndarray:
        """The piece's mask (H, W) uint8 with the same geometry; resizing keeps any touched pixel masked."""
        if (self.height, self.width) != self.content:
            mask = resize_mask(mask, self.content[1], self.content[0])
        return pad_to(mask, *self.pixels.shape[:2])


def fit(piece: np.ndarray, needs: ModelNeeds) -> Fitted:
    """``piece`` (H, W, C) float32 padded to ``needs.multiple``, or, for a static-shape model, resized so
    its long side is ``needs.fixed_size`` and padded to that square."""
    h, w = piece.shape[:2]
    if needs.fixed_size is None:
        return Fitted(pad_to_multiple(piece, needs.multiple), h, w, (h, w))
    side = needs.fixed_size
    factor = side / max(h, w)
    ch, cw = max(1, min(side, round(h * factor))), max(1, min(side, round(w * factor)))
    content = piece if (ch, cw) == (h, w) else resize(piece, cw, ch)
    return Fitted(pad_to(content, side, side), h, w, (ch, cw))
