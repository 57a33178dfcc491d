"""The canvas's display buffer without a widget: premultiplying, the mask tint, and the mipmap pyramid
against a reference downscale and after partial writes."""
from __future__ import annotations

import numpy as np
import pytest

from widgets.canvas_buffer import DisplayBuffer, level_for, mask_tint, premultiply


def reference_halve(image: np.ndarray) -> np.ndarray:
    """Mean of each 2 x 2 block, rounded half up, with the last row/column repeated on odd sides."""
    h, w = image.shape[:2]
    padded = np.pad(image, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge").astype(np.int32)
    sums = padded.reshape((h + 1) // 2, 2, (w + 1) // 2, 2, 4).sum(axis=(1, 3))
    return ((sums + 2) // 4).astype(np.uint8)


def random_image(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    return rng.integers(0, 256, (h, w, 4), dtype=np.uint8)


def test_premultiply_scales_colour_by_alpha():
    rgba = np.array([[[200, 100, 50, 255], [200, 100, 50, 0], [200, 100, 51, 128]]], np.uint8)
    out = premultiply(rgba)
    assert out[0, 0].tolist() == [200, 100, 50, 255]
    assert out[0, 1].tolist() == [0, 0, 0, 0]
    assert out[0, 2].tolist() == [100, 50, 26, 128]  # rounded: 51 * 128 / 255 = 25.6


def test_mask_tint_is_premultiplied_colour_at_opacity():
    mask = np.array([[0, 255, 128]], np.uint8)
    out = mask_tint(mask, (255, 40, 0), 0.5)
    assert out[0, 0].tolist() == [0, 0, 0, 0]
    assert out[0, 1].tolist() == [128, 20, 0, 128]
    assert out[0, 2].tolist() == [64, 10, 0, 64]


@pytest.mark.parametrize("zoom, level", [(2.0, 0), (1.0, 0), (0.51, 0), (0.5, 1), (0.26, 1), (0.25, 2),
                                         (0.1, 3), (0.01, 6)])
def test_level_for_picks_the_smallest_level_still_as_large_as_the_view(zoom, level):
    assert level_for(zoom) == level


def test_pyramid_levels_match_a_reference_downscale():
    rng = np.random.default_rng(7)
    width, height = 301, 197  # odd sides at several levels
    buffer = DisplayBuffer(width, height)
    image = random_image(rng, height, width)
    buffer.write((0, 0, width, height), image)
    expected = image
    level = 0
    while min(expected.shape[:2]) > 1:  # 301 x 197 -> 151 x 99 -> ... -> 3 x 2 -> 2 x 1
        level += 1
        expected = reference_halve(expected)
        got = buffer.level_pixels(0.5 ** level)
        assert np.array_equal(got, expected), level
        qimage = buffer.level_image(0.5 ** level)
        assert (qimage.width(), qimage.height()) == (got.shape[1], got.shape[0])
    assert level == 8
    assert buffer.level_pixels(0.5 ** 12) is got  # a side of one pixel is the last level


def test_partial_writes_update_built_levels_as_a_full_rebuild_would():
    rng = np.random.default_rng(3)
    width, height = 301, 197
    incremental = DisplayBuffer(width, height)
    incremental.write((0, 0, width, height), random_image(rng, height, width))
    small = incremental.level_image(0.1)  # builds levels 1..3 (1/2, 1/4, 1/8)
    for x, y, w, h in [(0, 0, 7, 5), (290, 190, 11, 7), (33, 41, 100, 60), (150, 3, 1, 1)]:
        incremental.write((x, y, w, h), random_image(rng, h, w))
    assert incremental.level_image(0.1) is small  # updated in place, not rebuilt
    fresh = DisplayBuffer(width, height)
    fresh.write((0, 0, width, height), incremental.pixels.copy())
    for zoom in (0.5, 0.25, 0.1):
        assert np.array_equal(incremental.level_pixels(zoom), fresh.level_pixels(zoom))


def test_level_image_shows_the_level_pixels():
    buffer = DisplayBuffer(4, 4)
    buffer.write((0, 0, 4, 4), 0)
    buffer.write((0, 0, 2, 2), np.array([40, 80, 120, 200], np.uint8))
    image = buffer.level_image(0.5)  # 2 x 2: its top-left pixel is the written 2 x 2 block
    assert image.pixelColor(0, 0).alpha() == 200 and image.pixelColor(1, 1).alpha() == 0
