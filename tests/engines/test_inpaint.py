"""Inpainting on real photos with damage drawn in the test: quality against simple fills, pixels outside
the grown mask untouched, several regions and regions at the border, 16-bit and alpha, cancel."""
from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from skimage import data

from engines.base import Cancelled, RunContext
from engines.inpaint.engine import InpaintEngine, grow, split_thin
from engines.params import resolve_options


def psnr_inside(result: np.ndarray, original: np.ndarray, mask: np.ndarray) -> float:
    err = np.mean((result.astype(np.float64) - original.astype(np.float64))[mask > 0] ** 2)
    return float(10 * np.log10(255.0 ** 2 / max(err, 1e-12)))


def mean_fill(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = image.copy()
    out[mask > 0] = image[mask == 0].mean(axis=0)
    return out


def inpaint(image: np.ndarray, mask: np.ndarray, method: str | None = None, **given) -> np.ndarray:
    engine = InpaintEngine()
    result = engine.run(image, resolve_options(engine.params, given), RunContext(), mask=mask, model_id=method)
    assert result.image is not None
    return result.image


def holes(shape: tuple[int, int], seed: int, count: int = 3, radius: int = 22) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mask = np.zeros(shape, np.uint8)
    for _ in range(count):
        x, y = rng.integers(2 * radius, shape[1] - 2 * radius), rng.integers(2 * radius, shape[0] - 2 * radius)
        cv2.circle(mask, (int(x), int(y)), radius, 255, -1)
    return mask


def scratches(shape: tuple[int, int], seed: int, count: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mask = np.zeros(shape, np.uint8)
    for _ in range(count):
        (x0, y0), (x1, y1) = rng.integers(0, [shape[1], shape[0]], size=(2, 2))
        cv2.line(mask, (int(x0), int(y0)), (int(x1), int(y1)), 255, 3)
    return mask


@pytest.mark.parametrize("name", ["astronaut", "coffee", "chelsea"])
@pytest.mark.parametrize("method", ["auto", "patchmatch", "telea", "ns"])
def test_fill_beats_a_mean_colour_fill_by_far(name, method):
    image = getattr(data, name)()
    for mask in (holes(image.shape[:2], seed=1, count=12, radius=10), scratches(image.shape[:2], seed=2)):
        baseline = psnr_inside(mean_fill(image, mask), image, mask)
        assert psnr_inside(inpaint(image, mask, method, dilate=0, feather=0.0), image, mask) > baseline + 4.0


def _texture(image: np.ndarray, mask: np.ndarray) -> float:
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return float(np.abs(cv2.Laplacian(grey, cv2.CV_32F))[mask > 0].mean())


@pytest.mark.parametrize("name", ["brick", "grass", "gravel"])
def test_patchmatch_continues_texture_into_a_large_hole_where_diffusion_smears(name):
    image = np.dstack([getattr(data, name)()] * 3)
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    mask[h // 2 - 40:h // 2 + 40, w // 2 - 40:w // 2 + 40] = 255
    patch, telea = inpaint(image, mask, "patchmatch", dilate=0), inpaint(image, mask, "telea", dilate=0)
    original = _texture(image, mask)
    assert 0.6 < _texture(patch, mask) / original < 1.6
    assert _texture(telea, mask) / original < 0.5
    if name == "brick":  # a regular texture: copying it is also closer to the truth, pixel for pixel
        assert psnr_inside(patch, image, mask) > psnr_inside(telea, image, mask) + 2.0


@pytest.mark.parametrize("method", ["auto", "patchmatch", "telea"])
def test_pixels_outside_the_grown_mask_stay_bit_identical(astronaut, method):
    mask = holes(astronaut.shape[:2], seed=3) | scratches(astronaut.shape[:2], seed=4, count=3)
    out = inpaint(astronaut, mask, method, dilate=5, feather=3.0)
    outside = grow(mask, 5) == 0
    assert np.array_equal(out[outside], astronaut[outside])
    assert (out[mask > 0] != astronaut[mask > 0]).any(axis=1).mean() > 0.9  # and the holes did change


def test_regions_at_the_border_and_many_regions(coffee):
    h, w = coffee.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, 0)):
        cv2.circle(mask, (x, y), 30, 255, -1)
    mask |= holes((h, w), seed=5, count=6, radius=12)
    count = cv2.connectedComponents(mask)[0] - 1
    assert count >= 8
    out = inpaint(coffee, mask, "patchmatch", dilate=0, feather=0.0)
    assert psnr_inside(out, coffee, mask) > psnr_inside(mean_fill(coffee, mask), coffee, mask) + 4.0


def test_auto_fills_thin_scratches_by_diffusion_and_holes_by_patchmatch(astronaut):
    thin, large = scratches(astronaut.shape[:2], seed=6, count=2), holes(astronaut.shape[:2], seed=7, count=1)
    engine = InpaintEngine()
    options = resolve_options(engine.params, {})
    assert engine.run(astronaut, options, RunContext(), mask=thin).model_id == "telea"
    assert engine.run(astronaut, options, RunContext(), mask=large).model_id == "patchmatch"
    assert engine.run(astronaut, options, RunContext(), mask=thin | large).model_id == "telea+patchmatch"
    split_small, split_large = split_thin(grow(thin | large, 4), 8)
    assert not (split_small & split_large).any() and ((split_small | split_large) > 0).sum() == (
        grow(thin | large, 4) > 0).sum()


def test_sixteen_bit_stays_sixteen_bit_and_alpha_is_kept(chelsea):
    image16 = chelsea.astype(np.uint16) * 257
    alpha = np.full(chelsea.shape[:2] + (1,), 40000, np.uint16)
    rgba = np.concatenate([image16, alpha], axis=2)
    mask = holes(chelsea.shape[:2], seed=8, count=2, radius=15)
    out = inpaint(rgba, mask, "telea")
    assert out.dtype == np.uint16 and out.shape == rgba.shape
    assert np.array_equal(out[:, :, 3], rgba[:, :, 3])
    outside = grow(mask, 4) == 0
    assert np.array_equal(out[outside], rgba[outside])
    filled8 = (out[:, :, :3] // 257).astype(np.uint8)
    assert psnr_inside(filled8, chelsea, mask) > psnr_inside(mean_fill(chelsea, mask), chelsea, mask) + 4.0


def test_cancel_between_regions_raises_and_returns_nothing(coffee):
    mask = holes(coffee.shape[:2], seed=9, count=6, radius=12)
    ctx = RunContext()
    regions_done: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("region") and not message.startswith("region 0/"):
            regions_done.append(message)
            if len(regions_done) == 2:
                ctx.cancel_event.set()

    ctx.on_progress = progress
    before = coffee.copy()
    with pytest.raises(Cancelled):
        InpaintEngine().run(coffee, {"dilate": 2, "feather": 1.0}, ctx, mask=mask, model_id="patchmatch")
    assert np.array_equal(coffee, before)
    assert len(regions_done) == 2  # it stopped at the next check, without filling the remaining regions


def test_patchmatch_is_deterministic_from_any_thread(astronaut):
    mask = holes(astronaut.shape[:2], seed=10, count=1)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(inpaint(astronaut, mask, "patchmatch")))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert np.array_equal(results[0], results[1])


@pytest.fixture()
def imported_store(tmp_path, monkeypatch):
    """An empty model store of the test's own, for importing stand-in inpainting graphs."""
    from models.store import default_store

    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "store"))
    yield default_store()
    from engines.runtime import release_all

    release_all()


@pytest.mark.parametrize("convention", ["lama", "migan"])
def test_learned_models_of_either_contract_fill_only_the_hole_at_full_resolution(imported_store, tmp_path,
                                                                                  convention):
    """Stand-in graphs of the LaMa (float, 1 = hole, static 512²) and MI-GAN (uint8, 255 = keep, any size)
    contracts: the hole gets the stand-in's grey, everything outside the grown mask stays bit-identical, on
    a photo larger than the model's square with regions at the border."""
    from models.importer import import_model_file
    from tests.engines.standin_models import standin_lama_onnx, standin_migan_onnx

    build = standin_lama_onnx if convention == "lama" else standin_migan_onnx
    model = import_model_file(build(tmp_path / f"standin-{convention}.onnx"), store=imported_store).model_id
    image = cv2.resize(data.astronaut(), (1200, 900), interpolation=cv2.INTER_CUBIC)
    mask = holes(image.shape[:2], seed=11, count=3, radius=60)
    mask[:30, :200] = 255  # a region at the border
    result = InpaintEngine().run(image, {"dilate": 0, "feather": 0.0}, RunContext(), mask=mask, model_id=model)
    assert result.model_id == model and result.image is not None
    assert np.array_equal(result.image[mask == 0], image[mask == 0])
    inside = result.image[mask > 0].astype(np.int16)
    assert np.abs(inside - 128).max() <= 2  # the stand-in's fill, resized back without drifting


def test_auto_takes_an_installed_learned_model_for_large_areas_and_diffusion_for_scratches(imported_store,
                                                                                          tmp_path, astronaut):
    from models.importer import import_model_file
    from tests.engines.standin_models import standin_migan_onnx

    model = import_model_file(standin_migan_onnx(tmp_path / "standin-migan.onnx"), store=imported_store).model_id
    mask = holes(astronaut.shape[:2], seed=12, count=1) | scratches(astronaut.shape[:2], seed=13, count=2)
    result = InpaintEngine().run(astronaut, {"dilate": 2, "feather": 0.0}, RunContext(), mask=mask)
    assert result.model_id == f"telea+{model}"


def test_a_graph_that_is_not_an_inpainter_is_refused_with_its_inputs_named(imported_store, tmp_path, astronaut):
    from engines.base import EngineError
    from models.importer import import_model_file
    from tests.engines.standin_models import build_standin_conv

    model = import_model_file(build_standin_conv(tmp_path / "standin-conv.onnx", scale=2), store=imported_store,
                              task="upscale").model_id
    with pytest.raises(EngineError, match="not an inpainting model"):
        InpaintEngine().run(astronaut, {}, RunContext(), mask=holes(astronaut.shape[:2], seed=14), model_id=model)
