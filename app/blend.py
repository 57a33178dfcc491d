"""W3C Compositing and Blending Level 1: separable blend modes and source-over compositing.

Everything works on float32 in 0..1, planar (channel first, so alpha broadcasts along rows rather than
over a length-3 axis, which numpy handles slowly), in place into reusable per-thread scratch buffers,
so the compositor can run on a small dirty rect without whole-image temporaries or page faults. The
accumulated backdrop is kept premultiplied (colour * alpha) because source-over needs no division that
way; only non-normal modes divide once per layer to get the straight backdrop colour Cb that B(Cb, Cs)
needs.
"""
from __future__ import annotations

import math
import threading
from typing import Callable

import cv2
import numpy as np

from app.document import BlendMode

F32 = np.float32
_INV255 = F32(1.0 / 255.0)
_ONE = F32(1.0)
_HALF = F32(0.5)
_TWO = F32(2.0)


class Scratch:
    """Reusable float32/bool buffers handed out by name; one pool per thread."""

    _local = threading.local()

    def __init__(self) -> None:
        self._pools: dict[tuple[str, str], np.ndarray] = {}
        self._views: dict[tuple[str, str, tuple[int, ...]], np.ndarray] = {}  # get() is hot: cache views

    @classmethod
    def for_thread(cls) -> "Scratch":
        scratch = getattr(cls._local, "scratch", None)
        if scratch is None:
            scratch = cls._local.scratch = cls()
        return scratch

    def get(self, name: str, shape: tuple[int, ...], dtype: type = np.float32) -> np.ndarray:
        """A contiguous buffer of ``shape`` (contents undefined), valid until the next get of ``name``."""
        dt = np.dtype(dtype).str
        view = self._views.get((name, dt, shape))
        if view is not None:
            return view
        size = math.prod(shape)
        pool = self._pools.get((name, dt))
        if pool is None or pool.size < size:
            pool = self._pools[(name, dt)] = np.empty(max(size, 1), dtype)
            self._views = {k: v for k, v in self._views.items() if k[:2] != (name, dt)}
        if len(self._views) > 256:  # many different rect sizes: start over rather than grow forever
            self._views.clear()
        view = self._views[(name, dt, shape)] = pool[:size].reshape(shape)
        return view


# Blend functions: fn(cb, cs, out, scratch) writes B(Cb, Cs) into out; cb and cs are read only.
BlendFn = Callable[[np.ndarray, np.ndarray, np.ndarray, Scratch], None]


def _normal(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    np.copyto(out, cs)


def _multiply(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    np.multiply(cb, cs, out=out)


def _screen(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    tmp = s.get("t1", cb.shape)
    np.multiply(cb, cs, out=tmp)
    np.add(cb, cs, out=out)
    out -= tmp


def _step(x: np.ndarray, edge: float, out: np.ndarray) -> np.ndarray:
    """1.0 where x > edge, else 0.0 (for x within edge - 1 .. edge + 1). Arithmetic instead of a
    boolean select, because numpy's masked copy is ~30x slower than a plain float op."""
    np.subtract(x, F32(edge), out=out)
    return np.ceil(out, out=out)


def _hard_light(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    # Cs <= 0.5: Multiply(Cb, 2Cs) = 2 Cb Cs; else Screen(Cb, 2Cs - 1) = 1 - 2 (1 - Cb)(1 - Cs)
    np.multiply(cb, cs, out=out)
    out *= _TWO
    high = s.get("t1", cb.shape)
    tmp = s.get("t2", cb.shape)
    np.subtract(_ONE, cb, out=high)
    np.subtract(_ONE, cs, out=tmp)
    high *= tmp
    high *= -_TWO
    high += _ONE
    high -= out
    high *= _step(cs, 0.5, tmp)
    out += high


def _overlay(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    _hard_light(cs, cb, out, s)


def _darken(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    np.minimum(cb, cs, out=out)


def _lighten(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    np.maximum(cb, cs, out=out)


_TINY = F32(1e-30)  # stands in for a zero divisor: x / tiny saturates to 1 after the min


def _color_dodge(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    # Cb == 0 -> 0; Cs == 1 -> 1; else min(1, Cb / (1 - Cs)). With the divisor floored at tiny,
    # Cb == 0 gives 0 and Cs == 1 (Cb > 0) gives a huge value that the min turns into 1.
    denom = s.get("t1", cb.shape)
    np.subtract(_ONE, cs, out=denom)
    np.maximum(denom, _TINY, out=denom)
    np.divide(cb, denom, out=out)
    np.minimum(out, _ONE, out=out)


def _color_burn(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    # Cb == 1 -> 1; Cs == 0 -> 0; else 1 - min(1, (1 - Cb) / Cs); the tiny floor handles both ends.
    denom = s.get("t1", cb.shape)
    np.maximum(cs, _TINY, out=denom)
    np.subtract(_ONE, cb, out=out)
    np.divide(out, denom, out=out)
    np.minimum(out, _ONE, out=out)
    np.subtract(_ONE, out, out=out)


def _soft_light(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    # D(Cb) = ((16Cb - 12)Cb + 4)Cb when Cb <= 0.25, else sqrt(Cb)
    d = s.get("t1", cb.shape)
    poly = s.get("t2", cb.shape)
    step = s.get("t3", cb.shape)
    np.multiply(cb, F32(16), out=poly)
    poly -= F32(12)
    poly *= cb
    poly += F32(4)
    poly *= cb
    np.sqrt(cb, out=d)
    d -= poly
    d *= _step(cb, 0.25, step)
    d += poly
    # Cs <= 0.5: Cb - (1 - 2Cs) Cb (1 - Cb) = Cb + (2Cs - 1) Cb (1 - Cb); else Cb + (2Cs - 1)(D - Cb)
    np.subtract(_ONE, cb, out=poly)
    poly *= cb  # Cb (1 - Cb)
    d -= cb  # D - Cb
    d -= poly
    d *= _step(cs, 0.5, step)
    poly += d  # the factor that multiplies (2Cs - 1)
    np.multiply(cs, _TWO, out=out)
    out -= _ONE
    out *= poly
    out += cb


def _difference(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    np.subtract(cb, cs, out=out)
    np.abs(out, out=out)


def _exclusion(cb: np.ndarray, cs: np.ndarray, out: np.ndarray, s: Scratch) -> None:
    tmp = s.get("t1", cb.shape)
    np.multiply(cb, cs, out=tmp)
    tmp *= _TWO
    np.add(cb, cs, out=out)
    out -= tmp


BLEND_FUNCTIONS: dict[BlendMode, BlendFn] = {
    BlendMode.NORMAL: _normal,
    BlendMode.MULTIPLY: _multiply,
    BlendMode.SCREEN: _screen,
    BlendMode.OVERLAY: _overlay,
    BlendMode.DARKEN: _darken,
    BlendMode.LIGHTEN: _lighten,
    BlendMode.COLOR_DODGE: _color_dodge,
    BlendMode.COLOR_BURN: _color_burn,
    BlendMode.HARD_LIGHT: _hard_light,
    BlendMode.SOFT_LIGHT: _soft_light,
    BlendMode.DIFFERENCE: _difference,
    BlendMode.EXCLUSION: _exclusion,
}


def blend(mode: BlendMode, cb: np.ndarray, cs: np.ndarray) -> np.ndarray:
    """B(Cb, Cs) for straight colours in 0..1 (float32 arrays of the same shape), as a new array."""
    cb = np.ascontiguousarray(cb, np.float32)
    cs = np.ascontiguousarray(cs, np.float32)
    out = np.empty_like(cb)
    BLEND_FUNCTIONS[BlendMode(mode)](cb, cs, out, Scratch())
    return out


def composite_over(
    acc: np.ndarray,
    acc_a: np.ndarray,
    src: np.ndarray,
    opacity: float,
    mode: BlendMode,
    scratch: Scratch | None = None,
) -> None:
    """Composite one layer onto the backdrop, in place.

    acc: (3, h, w) float32 premultiplied backdrop colour; acc_a: (h, w) float32 backdrop alpha;
    src: (h, w, 4) uint8 straight RGBA of the layer over the same area; opacity: layer opacity 0..1.
    Cs' = (1 - ab) Cs + ab B(Cb, Cs);  co = as Cs' + (1 - as) cb;  ao = as + ab (1 - as).
    """
    s = scratch or Scratch.for_thread()
    h, w = acc_a.shape
    planes = cv2.split(np.ascontiguousarray(src) if src.strides[1] != 4 else src)
    cs = s.get("cs", (3, h, w))
    for c in range(3):
        np.multiply(planes[c], _INV255, out=cs[c])
    a_s = s.get("as", (h, w))
    np.multiply(planes[3], F32(float(opacity) / 255.0), out=a_s)
    if mode != BlendMode.NORMAL:
        # Straight backdrop colour; where ab == 0 the premultiplied colour is 0 too, so 0 / tiny = 0.
        cb = s.get("cb", (3, h, w))
        safe_a = s.get("safe_a", (h, w))
        np.maximum(acc_a, _TINY, out=safe_a)
        np.divide(acc, safe_a, out=cb)
        np.minimum(cb, _ONE, out=cb)  # float rounding can push Cb a hair above 1
        mixed = s.get("mix", (3, h, w))
        BLEND_FUNCTIONS[BlendMode(mode)](cb, cs, mixed, s)
        mixed -= cs
        mixed *= acc_a
        cs += mixed  # Cs' = Cs + ab (B - Cs)
    # co = as Cs' + (1 - as) cb  ==  cb + as (Cs' - cb)  (premultiplied cb: one op fewer)
    cs -= acc
    cs *= a_s
    acc += cs
    # ao = ab + as (1 - ab)
    rest = s.get("rest", (h, w))
    np.subtract(_ONE, acc_a, out=rest)
    rest *= a_s
    acc_a += rest


def to_straight_u8(acc: np.ndarray, acc_a: np.ndarray, out: np.ndarray, scratch: Scratch | None = None) -> None:
    """Write planar premultiplied (acc (3, h, w), acc_a (h, w)) into ``out`` (h, w, 4) uint8 straight RGBA."""
    s = scratch or Scratch.for_thread()
    h, w = acc_a.shape
    color = s.get("color", (3, h, w))
    safe_a = s.get("safe_a", (h, w))
    np.maximum(acc_a, _TINY, out=safe_a)
    np.divide(acc, safe_a, out=color)
    color *= F32(255)
    color += _HALF  # the float -> uint8 cast truncates; +0.5 makes it round
    np.clip(color, 0, 255, out=color)
    for c in range(3):
        out[..., c] = color[c]
    alpha = s.get("alpha", (h, w))
    np.multiply(acc_a, F32(255), out=alpha)
    alpha += _HALF
    np.clip(alpha, 0, 255, out=alpha)
    out[..., 3] = alpha
