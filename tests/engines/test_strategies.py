"""Strategies: whole image, tiles, crop-around-mask and resize-to-model, with plain numpy forward steps
and a stand-in ONNX graph; pixels outside the mask stay bit-identical, through 16-bit and RGBA too."""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from engines.base import RunContext
from engines.longrun import CALIBRATION_SIDE, RunCost
from engines.needs import ModelNeeds
from engines.runtime import get_cache
from engines.strategies import crop_around_mask, mask_regions, resize_to_model, tiles, whole
from engines.template import EngineInput, Output, TemplateEngine
from tests.engines.standin_models import install_standin_models, standin_session_fn


@pytest.fixture()
def photo(astronaut) -> np.ndarray:
    return astronaut[:300, :350].astype(np.float32) / 255.0  # not a multiple of anything


def _three_regions(shape: tuple[int, int]) -> np.ndarray:
    """A disc in the middle, a block in the top-left corner and a bar along the right border."""
    mask = np.zeros(shape, np.uint8)
    cv2.circle(mask, (170, 150), 40, 255, -1)
    mask[:30, :50] = 255
    mask[100:260, -12:] = 180  # soft values count as masked
    return mask


def _inverting(calls: list[tuple[int, ...]], multiple: int = 1):
    def fn(pixels: np.ndarray, mask: np.ndarray) -> np.ndarray:
        assert pixels.shape[0] % multiple == 0 and pixels.shape[1] % multiple == 0
        assert mask.shape == pixels.shape[:2] and mask.dtype == np.uint8 and mask.any()
        calls.append(pixels.shape)
        return 1.0 - pixels
    return fn


def test_whole_pads_to_the_multiple_and_crops_back(photo):
    seen = []

    def fn(pixels):
        seen.append(pixels.shape)
        return np.repeat(np.repeat(pixels, 2, axis=0), 2, axis=1)

    out = whole(fn, photo, needs=ModelNeeds(multiple=16), scale=2)
    assert seen == [(304, 352, 3)]
    np.testing.assert_array_equal(out, np.repeat(np.repeat(photo, 2, axis=0), 2, axis=1))


def test_whole_fits_a_static_model_into_its_square(photo):
    seen = []

    def fn(pixels):
        seen.append(pixels.shape)
        return pixels

    out = whole(fn, photo, needs=ModelNeeds(fixed_size=128))
    assert seen == [(128, 128, 3)] and out.shape == photo.shape
    assert np.abs(out - photo).mean() < 0.03  # down to 128 px and back up


def test_tiles_of_a_static_model_are_its_size_and_blend_back_exactly(photo):
    seen = set()

    def fn(pixels):
        seen.add(pixels.shape)
        return pixels

    out = tiles(fn, photo, tile=999, overlap=32, needs=ModelNeeds(fixed_size=128))
    assert seen == {(128, 128, 3)}
    assert np.abs(out - photo).max() < 1e-6


def test_crop_around_mask_changes_only_masked_pixels_in_each_region(photo):
    mask = _three_regions(photo.shape[:2])
    calls: list[tuple[int, ...]] = []
    out = crop_around_mask(_inverting(calls, 8), photo, mask, needs=ModelNeeds(multiple=8))
    assert len(calls) == 3  # one crop per region
    inside = mask > 0
    np.testing.assert_array_equal(out[~inside], photo[~inside])  # bit-identical outside
    np.testing.assert_array_equal(out[inside], 1.0 - photo[inside])
    # each crop: the region plus half its larger side (at least 16 px) around it, clipped to the image
    _, boxes = mask_regions(mask)
    spans = sorted((rows.start, rows.stop, cols.start, cols.stop) for _, rows, cols in boxes)
    assert spans == [(0, 30 + 25, 0, 50 + 25),  # corner block 30 x 50
                     (20, 300, 338 - 80, 350),  # bar 160 x 12 on the right border
                     (110 - 40, 191 + 40, 130 - 40, 211 + 40)]  # disc 81 px across


def test_crop_around_mask_fits_each_crop_into_a_static_model(photo):
    seen: list[tuple[int, ...]] = []

    def fn(pixels: np.ndarray, mask: np.ndarray) -> np.ndarray:
        seen.append(pixels.shape)
        assert mask.shape == (128, 128) and mask.any()
        return 1.0 - pixels

    mask = _three_regions(photo.shape[:2])
    out = crop_around_mask(fn, photo, mask, needs=ModelNeeds(fixed_size=128), cost=RunCost())
    assert seen == [(128, 128, 3)] * 3  # no smaller calibration crop for a static model
    inside = mask > 0
    np.testing.assert_array_equal(out[~inside], photo[~inside])
    assert np.abs(out[inside] - (1.0 - photo[inside])).mean() < 0.05


def test_crop_around_mask_with_a_model_matches_a_whole_image_run_inside(monkeypatch, tmp_path, photo):
    install_standin_models(monkeypatch, tmp_path)
    try:
        loaded = get_cache().get("standin-conv", "cpu")
        run = standin_session_fn(loaded)
        mask = _three_regions(photo.shape[:2])
        out = crop_around_mask(lambda pixels, m: run(pixels), photo, mask)
        inside = mask > 0
        np.testing.assert_array_equal(out[~inside], photo[~inside])
        # margins (>= 16 px) exceed the stand-in's receptive radius (3): each crop sees all it needs
        assert np.abs(out[inside] - run(photo)[inside]).max() < 1e-5
    finally:
        get_cache().release_all()


def test_crop_progress_is_per_region_and_in_order(photo):
    seen: list[tuple[float, str]] = []
    ctx = RunContext(on_progress=lambda f, m: seen.append((f, m)))
    crop_around_mask(_inverting([]), photo, _three_regions(photo.shape[:2]), ctx=ctx, span=(0.1, 0.7))
    fractions = [f for f, _ in seen]
    assert fractions == pytest.approx([0.1, 0.3, 0.5, 0.7])
    assert [m for _, m in seen] == ["region 0/3", "region 1/3", "region 2/3", "region 3/3"]


def test_resize_to_model_runs_small_and_pastes_only_masked_pixels_at_full_size(photo):
    mask = _three_regions(photo.shape[:2])
    calls: list[tuple[int, ...]] = []
    out = resize_to_model(_inverting(calls, 4), photo, mask, size=100, needs=ModelNeeds(multiple=4))
    assert calls == [(88, 100, 3)]  # 300 x 350 -> 86 x 100, padded to multiples of 4
    inside = mask > 0
    np.testing.assert_array_equal(out[~inside], photo[~inside])
    assert np.abs(out[inside] - (1.0 - photo[inside])).mean() < 0.05  # the small result, enlarged
    everywhere = resize_to_model(lambda pixels, m: 1.0 - pixels, photo, None, size=100)
    assert np.abs(everywhere - (1.0 - photo)).mean() < 0.05


class StandinHealEngine(TemplateEngine):
    """Inverts inside each masked region (a stand-in for inpainting on crop-around-mask)."""

    task = "standin-heal"
    title = "Stand-in heal"
    model_task = "standin"
    default_model = ""
    needs = ModelNeeds(multiple=8, mask="required")

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        out = crop_around_mask(lambda pixels, mask: 1.0 - pixels, job.rgb, job.mask, needs=self.needs, ctx=ctx)
        return Output("standin", image=out)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_masked_engine_round_trips_16_bit_and_rgba(astronaut, dtype):
    peak = np.iinfo(dtype).max
    rng = np.random.default_rng(3)
    rgb = astronaut.astype(dtype) * (257 if dtype == np.uint16 else 1)
    image = np.dstack([rgb, rng.integers(0, peak, rgb.shape[:2]).astype(dtype)])
    mask = _three_regions(image.shape[:2])
    out = StandinHealEngine().run(image, {}, RunContext(), mask=mask).image
    assert out.dtype == dtype and out.shape == image.shape
    outside, full = mask == 0, mask == 255
    np.testing.assert_array_equal(out[outside], image[outside])
    np.testing.assert_array_equal(out[full][:, :3], peak - image[full][:, :3])
    np.testing.assert_array_equal(out[:, :, 3], image[:, :, 3])


def test_an_unknown_model_speed_is_measured_on_a_small_crop_first(photo):
    big = np.zeros((CALIBRATION_SIDE * 8, CALIBRATION_SIDE * 8, 3), np.float32)
    seen = []
    cost = RunCost()

    def fn(pixels):
        seen.append(pixels.shape[:2])
        cost.record(pixels.size, 0.01)  # what LoadedModel.run does for the model it runs
        return pixels

    whole(fn, big, cost=cost)
    assert seen == [(CALIBRATION_SIDE, CALIBRATION_SIDE), big.shape[:2]]
    seen.clear()
    whole(fn, big, cost=cost)  # known now
    assert seen == [big.shape[:2]]
    seen.clear()
    tiles(fn, photo, tile=64, overlap=16, cost=RunCost())  # small tiles: not worth measuring
    assert (CALIBRATION_SIDE, CALIBRATION_SIDE) not in seen
