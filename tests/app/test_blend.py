"""Blend modes and source-over against a plain per-pixel float transcription of W3C Compositing Level 1."""
from __future__ import annotations

import math

import numpy as np
import pytest

from app.blend import blend
from app.compositor import Compositor
from app.document import BlendMode, Document, Layer


# -- independent reference: one pixel at a time, Python floats, straight from the spec text ----------
def ref_b(mode: BlendMode, cb: float, cs: float) -> float:
    def multiply(b, s):
        return b * s

    def screen(b, s):
        return b + s - b * s

    def hard_light(b, s):
        return multiply(b, 2 * s) if s <= 0.5 else screen(b, 2 * s - 1)

    def d(b):
        return ((16 * b - 12) * b + 4) * b if b <= 0.25 else math.sqrt(b)

    if mode is BlendMode.NORMAL:
        return cs
    if mode is BlendMode.MULTIPLY:
        return multiply(cb, cs)
    if mode is BlendMode.SCREEN:
        return screen(cb, cs)
    if mode is BlendMode.OVERLAY:
        return hard_light(cs, cb)
    if mode is BlendMode.DARKEN:
        return min(cb, cs)
    if mode is BlendMode.LIGHTEN:
        return max(cb, cs)
    if mode is BlendMode.COLOR_DODGE:
        if cb == 0:
            return 0.0
        if cs == 1:
            return 1.0
        return min(1.0, cb / (1 - cs))
    if mode is BlendMode.COLOR_BURN:
        if cb == 1:
            return 1.0
        if cs == 0:
            return 0.0
        return 1 - min(1.0, (1 - cb) / cs)
    if mode is BlendMode.HARD_LIGHT:
        return hard_light(cb, cs)
    if mode is BlendMode.SOFT_LIGHT:
        if cs <= 0.5:
            return cb - (1 - 2 * cs) * cb * (1 - cb)
        return cb + (2 * cs - 1) * (d(cb) - cb)
    if mode is BlendMode.DIFFERENCE:
        return abs(cb - cs)
    if mode is BlendMode.EXCLUSION:
        return cb + cs - 2 * cb * cs
    raise AssertionError(mode)


def ref_stack(layers: list[tuple[np.ndarray, float, BlendMode]]) -> np.ndarray:
    """Composite straight-RGBA uint8 layers (same size, no offsets) bottom to top; float64 per pixel."""
    h, w = layers[0][0].shape[:2]
    out = np.zeros((h, w, 4), np.uint8)
    for y in range(h):
        for x in range(w):
            cb, ab = [0.0, 0.0, 0.0], 0.0
            for pixels, opacity, mode in layers:
                r, g, b, a = (float(v) / 255 for v in pixels[y, x])
                a_s = a * opacity
                a_o = a_s + ab * (1 - a_s)
                co = []
                for c, cs in enumerate((r, g, b)):
                    cs2 = (1 - ab) * cs + ab * ref_b(mode, cb[c], cs)
                    co.append(cs2 * a_s + cb[c] * ab * (1 - a_s))  # premultiplied result
                cb = [v / a_o if a_o > 0 else 0.0 for v in co]
                ab = a_o
            out[y, x, :3] = [int(math.floor(v * 255 + 0.5)) for v in cb]
            out[y, x, 3] = int(math.floor(ab * 255 + 0.5))
    return out


def _with_alpha(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return np.dstack([rgb, alpha]).astype(np.uint8)


@pytest.mark.parametrize("mode", list(BlendMode))
def test_blend_mode_matches_w3c_on_photos(mode, astronaut, coffee, chelsea):
    """Three layers of real photo crops, semi-transparent with varied alpha and layer opacity."""
    size = 14
    rng = np.random.default_rng(list(BlendMode).index(mode))
    bottom = _with_alpha(astronaut[100:100 + size, 200:200 + size], rng.integers(0, 256, (size, size)))
    middle = _with_alpha(coffee[150:150 + size, 300:300 + size], rng.integers(0, 256, (size, size)))
    top = _with_alpha(chelsea[100:100 + size, 150:150 + size], np.full((size, size), 200))
    stack = [(bottom, 1.0, BlendMode.NORMAL), (middle, 0.7, mode), (top, 0.55, mode)]

    doc = Document(size, size)
    for i, (pixels, opacity, m) in enumerate(stack):
        doc.layers.append(Layer(f"l{i}", pixels, opacity=opacity, blend_mode=m))
    got = Compositor(doc, follow=False).render()
    want = ref_stack(stack)
    diff = np.abs(got.astype(int) - want.astype(int))
    assert diff.max() <= 1, f"{mode.value}: max difference {diff.max()}"
    # The mode must actually do something different from normal (guards against a no-op mode).
    if mode is not BlendMode.NORMAL:
        normal = ref_stack([(p, o, BlendMode.NORMAL) for p, o, _ in stack])
        assert not np.array_equal(want, normal)


@pytest.mark.parametrize("mode", list(BlendMode))
def test_blend_function_edge_values(mode):
    """B(Cb, Cs) at the special cases of the spec (0, 0.25, 0.5, 1) and in between."""
    values = np.array([0.0, 0.1, 0.25, 0.3, 0.5, 0.6, 0.9, 1.0], np.float32)
    cb, cs = np.meshgrid(values, values, indexing="ij")
    got = blend(mode, cb, cs)
    want = np.vectorize(lambda b, s: ref_b(mode, float(b), float(s)))(cb, cs)
    np.testing.assert_allclose(got, want, atol=2e-6)


def test_opaque_normal_top_layer_hides_everything_below(astronaut, coffee):
    doc = Document(64, 48)
    doc.layers.append(Layer.from_rgb("bottom", coffee[:48, :64], blend_mode=BlendMode.DIFFERENCE))
    doc.layers.append(Layer.from_rgb("top", astronaut[:48, :64]))
    out = Compositor(doc, follow=False).render()
    assert np.array_equal(out[..., :3], astronaut[:48, :64])
    assert (out[..., 3] == 255).all()


def test_transparent_backdrop_leaves_source_unblended(chelsea):
    """Where the backdrop is transparent, B() must not apply: Cs' = Cs (ab = 0)."""
    doc = Document(32, 32)
    doc.layers.append(Layer.from_rgb("top", chelsea[:32, :32], blend_mode=BlendMode.MULTIPLY, opacity=0.5))
    out = Compositor(doc, follow=False).render()
    assert np.array_equal(out[..., :3], chelsea[:32, :32])
    assert (out[..., 3] == 128).all()  # 255 * 0.5 rounded
