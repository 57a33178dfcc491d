"""Edge refinement by closed-form matting and what a subject mask is used for (cutout, new backgrounds),
on real photos. The matting checks use a composite with a known soft alpha: the astronaut over the coffee
photo through a blurred disc, so how close the matte comes can be measured."""
from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from engines.base import Cancelled, EngineInputError, RunContext
from engines.segment import matting
from engines.segment.background import cutout, replace_background
from engines.segment.matting import refine_edge, trimap


def _composite(astronaut: np.ndarray, coffee: np.ndarray, size: int = 512, sigma: float = 3.0):
    fg = cv2.resize(astronaut, (size, size), interpolation=cv2.INTER_CUBIC)
    bg = cv2.resize(coffee, (size, size), interpolation=cv2.INTER_CUBIC)
    alpha = np.zeros((size, size), np.float32)
    cv2.circle(alpha, (size // 2, size // 2), int(size * 0.3), 1.0, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), sigma * size / 512)
    image = np.rint(fg * alpha[..., None] + bg * (1 - alpha[..., None])).astype(np.uint8)
    return image, alpha


def test_matting_recovers_a_known_soft_edge_better_than_the_hard_mask(astronaut, coffee):
    image, alpha = _composite(astronaut, coffee)
    hard = np.where(alpha >= 0.5, 255, 0).astype(np.uint8)
    refined = refine_edge(image, hard, 10).astype(np.float32) / 255
    edge = (alpha > 0.02) & (alpha < 0.98)
    error_hard = np.abs(hard / 255 - alpha)[edge].mean()
    error_matte = np.abs(refined - alpha)[edge].mean()
    assert error_matte < 0.5 * error_hard


def test_alpha_is_fractional_only_within_the_radius_of_the_edge(astronaut, coffee):
    image, alpha = _composite(astronaut, coffee)
    hard = np.where(alpha >= 0.5, 255, 0).astype(np.uint8)
    refined = refine_edge(image, hard, 6)
    soft = (refined > 0) & (refined < 255)
    assert soft.sum() > 1000
    assert not soft[trimap(hard, 6) != 128].any()
    assert np.array_equal(refined[trimap(hard, 6) != 128], hard[trimap(hard, 6) != 128])


def test_a_large_band_is_solved_at_a_reduced_scale_with_bounded_cost(astronaut, coffee, monkeypatch):
    image, alpha = _composite(astronaut, coffee, size=2048, sigma=3.0)
    hard = np.where(alpha >= 0.5, 255, 0).astype(np.uint8)
    solved: list[int] = []
    real = matting.solve_alpha

    def recording(rgb, tri, ctx=None):
        solved.append(int((tri == 128).sum()))
        return real(rgb, tri, ctx)

    monkeypatch.setattr(matting, "MAX_UNKNOWNS", 30_000)
    monkeypatch.setattr(matting, "solve_alpha", recording)
    start = time.perf_counter()
    refined = refine_edge(image, hard, 24)
    elapsed = time.perf_counter() - start
    band = trimap(hard, 24) == 128
    assert band.sum() > 100_000 and solved and solved[0] <= 36_000  # the downscaled system
    assert elapsed < 30
    assert not ((refined > 0) & (refined < 255))[~band].any()
    edge = (alpha > 0.02) & (alpha < 0.98)
    assert np.abs(refined / 255 - alpha)[edge].mean() < 0.5 * np.abs(hard / 255 - alpha)[edge].mean()


def test_matting_can_be_cancelled(astronaut, coffee):
    image, alpha = _composite(astronaut, coffee)
    ctx = RunContext()
    ctx.cancel()
    with pytest.raises(Cancelled):
        refine_edge(image, np.where(alpha >= 0.5, 255, 0).astype(np.uint8), 8, ctx)


def test_refine_edge_refuses_a_mask_of_another_size(astronaut):
    with pytest.raises(EngineInputError):
        refine_edge(astronaut, np.zeros((10, 10), np.uint8), 4)


def _disc_mask(shape: tuple[int, int]) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    cv2.circle(mask, (shape[1] // 2, shape[0] // 2), min(shape) // 4, 255, -1)
    return cv2.GaussianBlur(mask, (0, 0), 2)


def test_cutout_multiplies_the_image_alpha_and_keeps_16_bit(chelsea):
    mask = _disc_mask(chelsea.shape[:2])
    rgba = cutout(chelsea, mask)
    assert rgba.shape == chelsea.shape[:2] + (4,) and rgba.dtype == np.uint8
    assert np.array_equal(rgba[:, :, :3], chelsea) and np.array_equal(rgba[:, :, 3], mask)
    deep = np.dstack([chelsea.astype(np.uint16) * 257, np.full(chelsea.shape[:2], 32768, np.uint16)])
    out = cutout(deep, mask)
    assert out.dtype == np.uint16
    expected = np.rint(mask / 255 * (32768 / 65535) * 65535)
    assert np.abs(out[:, :, 3].astype(np.float64) - expected).max() <= 1


def test_replace_background_with_a_colour_keeps_the_subject(coffee):
    mask = _disc_mask(coffee.shape[:2])
    out = replace_background(coffee, mask, "colour", colour=(0, 128, 255))
    assert out.shape == coffee.shape and out.dtype == coffee.dtype
    assert np.array_equal(out[mask == 255], coffee[mask == 255])
    assert (out[mask == 0] == (0, 128, 255)).all()


def test_blurred_background_does_not_smear_the_subject_into_it(coffee):
    # A bright subject over the photo: just outside it the background must not get brighter.
    image = coffee.copy()
    mask = _disc_mask(image.shape[:2])
    hard = mask >= 128
    image[hard] = 255
    out = replace_background(image, np.where(hard, 255, 0).astype(np.uint8), "blur", blur=15)
    ring = (cv2.dilate(hard.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0) & ~hard
    plain = cv2.GaussianBlur(image, (0, 0), 15)
    assert out[ring].mean() < plain[ring].mean() - 20  # a plain blur would bleed the white in
    laplacian = lambda a: cv2.Laplacian(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY), cv2.CV_64F)[~hard].var()  # noqa: E731
    assert laplacian(out) < 0.2 * laplacian(image)
    assert np.array_equal(out[hard], image[hard])


def test_another_image_is_scaled_to_cover(coffee, astronaut):
    mask = _disc_mask(coffee.shape[:2])
    out = replace_background(coffee, mask, "image", other=astronaut)
    cover = cv2.resize(astronaut, (600, 600), interpolation=cv2.INTER_CUBIC)[100:500]
    far = mask == 0
    assert np.abs(out[far].astype(int) - cover[far].astype(int)).mean() < 2
    with pytest.raises(EngineInputError):
        replace_background(coffee, mask, "image")
    with pytest.raises(EngineInputError):
        replace_background(coffee, mask, "plasma")


def test_a_16_bit_photo_is_matted_like_its_8_bit_copy(astronaut, coffee):
    image, alpha = _composite(astronaut, coffee, size=256)
    hard = np.where(alpha >= 0.5, 255, 0).astype(np.uint8)
    assert np.array_equal(refine_edge(image.astype(np.uint16) * 257, hard, 5), refine_edge(image, hard, 5))
