"""Image ▸ Trim, the Canvas Size anchor and Scale's resampling methods, on real photos."""
from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from app import canvas_ops
from app.compositor import render_sources, sources_of
from app.document import Document
from app.history import DocumentError
from app.trim import content_rect, trim


def composite(doc: Document) -> np.ndarray:
    return render_sources(sources_of(doc.layers), doc.canvas_rect)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(((a.astype(np.float64) - b.astype(np.float64)) ** 2).mean())
    return 10 * math.log10(255 ** 2 / mse)


def test_trim_removes_exactly_a_noisy_border_of_the_corner_colour(chelsea):
    top, bottom, left, right = 17, 5, 23, 31
    h, w = chelsea.shape[:2]
    framed = np.empty((h + top + bottom, w + left + right, 3), np.uint8)
    noise = np.random.default_rng(1).integers(-3, 4, framed.shape)
    framed[...] = np.clip(np.array([244, 240, 232]) + noise, 0, 255)  # a scanner's off-white, with noise
    framed[top:top + h, left:left + w] = chelsea
    doc = Document.from_image(framed)
    with pytest.raises(DocumentError):
        trim(doc, tolerance=0)  # without a tolerance the noise counts as picture: no uniform border
    assert trim(doc, tolerance=8) == (left, top, w, h)
    assert doc.size == (w, h) and np.array_equal(composite(doc)[..., :3], chelsea)
    assert doc.history.undo_name == "Trim"
    doc.history.undo()
    assert doc.size == framed.shape[1::-1]


def test_trim_removes_a_transparent_border_and_refuses_when_there_is_none(coffee):
    doc = Document.from_image(coffee)
    with pytest.raises(DocumentError):
        trim(doc)
    canvas_ops.resize_canvas(doc, 700, 450, "bottom-right")
    assert trim(doc) == (100, 50, 600, 400)
    assert np.array_equal(composite(doc)[..., :3], coffee)
    blank = Document.from_image(np.zeros((20, 30, 4), np.uint8))
    with pytest.raises(DocumentError):
        trim(blank)
    with pytest.raises(DocumentError):
        content_rect(composite(doc), 300)


@pytest.mark.parametrize("anchor, where", [
    ("top-left", (0, 0)), ("top", (50, 0)), ("top-right", (100, 0)), ("left", (0, 30)), ("center", (50, 30)),
    ("right", (100, 30)), ("bottom-left", (0, 60)), ("bottom", (50, 60)), ("bottom-right", (100, 60)),
])
def test_canvas_anchor_puts_the_image_where_expected(chelsea, anchor, where):
    doc = Document.from_image(chelsea)
    canvas_ops.resize_canvas(doc, 551, 360, anchor)
    x, y = where
    out = composite(doc)
    assert np.array_equal(out[y:y + 300, x:x + 451, :3], chelsea)
    assert out[..., 3].sum() == 255 * 300 * 451  # and nothing else is on the canvas


def test_scale_resampling_methods_differ_as_expected(astronaut):
    """Halved and enlarged back: nearest neighbour only repeats pixels, bilinear blurs, bicubic and
    Lanczos keep more detail (closer to the original)."""
    small = cv2.resize(astronaut, (256, 256), interpolation=cv2.INTER_AREA)
    results = {}
    for method in ("nearest", "bilinear", "bicubic", "lanczos"):
        doc = Document.from_image(small)
        canvas_ops.scale_image(doc, 512, 512, method).run()
        assert doc.size == (512, 512)
        results[method] = doc.layers[0].pixels[..., :3]
    nearest = results["nearest"]
    assert np.array_equal(nearest, np.repeat(np.repeat(small, 2, axis=0), 2, axis=1))
    quality = {m: psnr(r, astronaut) for m, r in results.items()}
    assert quality["nearest"] < quality["bilinear"] < quality["bicubic"] <= quality["lanczos"] + 0.3
    detail = {m: float(np.abs(np.diff(r.astype(int), axis=1)).mean()) for m, r in results.items()}
    assert detail["bilinear"] < detail["bicubic"]
    with pytest.raises(ValueError):
        canvas_ops.scale_image(Document.from_image(small), 300, 300, "sinc")


def test_scale_with_a_method_resamples_transparency_premultiplied(coffee):
    pixels = np.dstack([coffee, np.full(coffee.shape[:2], 255, np.uint8)])
    pixels[:, 300:] = (0, 255, 0, 0)  # hidden green must not bleed into the edge
    doc = Document.from_image(pixels)
    canvas_ops.scale_image(doc, 900, 600, "lanczos").run()
    out = doc.layers[0].pixels
    seen = out[..., 3] > 0
    green_cast = out[..., 1].astype(int) - np.maximum(out[..., 0], out[..., 2]).astype(int)
    assert green_cast[seen].max() < 60
