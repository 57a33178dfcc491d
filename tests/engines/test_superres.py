"""The upscale engine on real photos with the real Real-ESRGAN models from the store."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from skimage.color import rgb2lab

from engines import runtime
from engines.base import Cancelled, EngineError, RunContext
from engines.params import resolve_options
from engines.registry import create_engine
from engines.superres import PREVIEW_MODEL, UpscaleEngine, seconds_per_megapixel, target_size

FAST = PREVIEW_MODEL  # realesr-animevideov3
BEST = "realesrgan-x4plus"


@pytest.fixture(scope="module")
def engine() -> UpscaleEngine:
    engine = create_engine("upscale")
    assert isinstance(engine, UpscaleEngine)
    return engine


def upscale(engine, image, model_id=FAST, ctx=None, **options):
    return engine.run(image, resolve_options(engine.params, options), ctx or RunContext(), model_id=model_id)


def gradient_energy(rgb: np.ndarray) -> float:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1)
    return float(np.mean(gx * gx + gy * gy))


@pytest.mark.parametrize("model_id, photo_name", [(BEST, "astronaut"), (FAST, "coffee")])
def test_upscaled_photo_is_sharper_than_bicubic_and_keeps_its_colours(engine, request, model_id, photo_name):
    photo = request.getfixturevalue(photo_name)
    crop = photo[120:184, 180:244]  # 64 x 64
    out = upscale(engine, crop, model_id)
    assert out.image.shape == (256, 256, 3) and out.image.dtype == np.uint8
    assert out.model_id == model_id and out.provider
    bicubic = cv2.resize(crop, (256, 256), interpolation=cv2.INTER_CUBIC)
    assert gradient_energy(out.image) > 1.3 * gradient_energy(bicubic)
    delta_e = np.linalg.norm(rgb2lab(out.image) - rgb2lab(bicubic), axis=2)
    assert delta_e.mean() < 6.0


def test_tiles_match_a_whole_image_run_fast_model(engine, coffee):
    crop = coffee[100:228, 200:360]  # 128 x 160: 3 x 4 tiles of 64
    whole = upscale(engine, crop, tile=1024).image.astype(int)
    tiled = upscale(engine, crop, tile=64, overlap=32).image.astype(int)
    assert np.abs(tiled - whole).max() <= 1


def test_tiles_match_a_whole_image_run_x4plus(engine, coffee):
    # RRDBNet's receptive field is far wider than 32 px: a few pixels next to the cut differ by more than
    # one level, but the seams are blended away and nearly every pixel agrees within 1/255.
    crop = coffee[100:196, 200:296]  # 96 x 96
    whole = upscale(engine, crop, BEST, tile=1024).image.astype(int)
    tiled = upscale(engine, crop, BEST, tile=64, overlap=32).image.astype(int)
    diff = np.abs(tiled - whole)
    assert diff.mean() < 1.0
    assert np.mean(diff <= 1) > 0.85
    assert np.mean(diff <= 8) > 0.995


def test_progress_per_tile_and_cancel_between_tiles(engine, astronaut):
    crop = astronaut[:96, :96]
    seen: list[tuple[float, str]] = []
    upscale(engine, crop, tile=32, overlap=8, ctx=RunContext(on_progress=lambda f, m: seen.append((f, m))))
    tile_messages = [m for _, m in seen if m.startswith("tile ")]
    assert "tile 16/16" in tile_messages and len(tile_messages) >= 16
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0

    calls: list[str] = []
    ctx = RunContext()

    def cancel_after_first_tile(fraction: float, message: str) -> None:
        calls.append(message)
        if message == "tile 1/16":
            ctx.cancel()

    ctx.on_progress = cancel_after_first_tile
    with pytest.raises(Cancelled):
        upscale(engine, crop, tile=32, overlap=8, ctx=ctx)
    assert "tile 2/16" not in calls


@pytest.mark.parametrize("scale", ["2", "3", "4"])
def test_scale_gives_the_size_asked_for(engine, chelsea, scale):
    crop = chelsea[100:150, 200:270]  # 50 x 70
    out = upscale(engine, crop, scale=scale).image
    s = int(scale)
    assert out.shape == (50 * s, 70 * s, 3)
    # resampled from the x4 result, not an enlarged bicubic: still close to the photo
    small = cv2.resize(out, (70, 50), interpolation=cv2.INTER_AREA)
    assert np.abs(small.astype(int) - crop.astype(int)).mean() < 6


def test_fit_to_width_and_height(engine, chelsea):
    crop = chelsea[100:150, 200:270]  # 50 x 70
    assert upscale(engine, crop, fit_width=150, fit_height=150).image.shape == (107, 150, 3)
    assert upscale(engine, crop, fit_width=200).image.shape == (143, 200, 3)
    out = upscale(engine, crop, fit_height=40)
    assert out.image.shape == (40, 56, 3) and out.notes  # smaller than the image: resized, and says so
    assert target_size(70, 50, {"scale": "3"}) == (210, 150)


def test_alpha_is_kept_and_upscaled_smoothly(engine, astronaut):
    crop = astronaut[200:248, 200:248]
    alpha = np.tile(np.linspace(0, 255, 48, dtype=np.float32), (48, 1)).astype(np.uint8)
    out = upscale(engine, np.dstack([crop, alpha]), scale="2").image
    assert out.shape == (96, 96, 4)
    expected_alpha = cv2.resize(alpha, (96, 96), interpolation=cv2.INTER_CUBIC)
    assert np.abs(out[:, :, 3].astype(int) - expected_alpha.astype(int)).max() <= 1
    rgb_only = upscale(engine, crop, scale="2").image
    np.testing.assert_array_equal(out[:, :, :3], rgb_only)


def test_sixteen_bit_input_gives_sixteen_bit_output(engine, coffee):
    crop = coffee[150:198, 300:348]
    rng = np.random.default_rng(0)
    deep = (crop.astype(np.uint16) * 257 + rng.integers(0, 200, crop.shape)).astype(np.uint16)
    out = upscale(engine, deep, scale="2").image
    assert out.dtype == np.uint16 and out.shape == (96, 96, 3)
    # same picture as the 8-bit run, at 16-bit precision
    eight = upscale(engine, crop, scale="2").image
    assert np.abs(out.astype(np.float64) / 257 - eight).mean() < 1.0
    assert len(np.unique(out)) > 2 * len(np.unique(eight))


def test_measured_speed_and_bare_benchmark(engine, astronaut):
    crop = astronaut[100:164, 100:164]
    assert 0 < seconds_per_megapixel(FAST, crop, "cpu") < 60
    model_id, feeds, outputs = engine.bare_benchmark(crop)
    assert model_id == BEST and outputs == ["output"] and feeds["input"].shape == (1, 3, 64, 64)
    assert feeds["input"].dtype == np.float32 and feeds["input"].max() <= 1.0


def test_bad_input_gets_a_clear_message(engine, astronaut):
    with pytest.raises(EngineError, match="RGB"):
        upscale(engine, astronaut[:, :, 0])
    with pytest.raises(EngineError, match="8- or 16-bit"):
        upscale(engine, astronaut.astype(np.float32))


# -- plumbing: any ESRGAN-like ONNX, whatever its names, scale or static shape (stand-in graphs) -------

def _standin_upscaler(path: Path, scale: int, fixed: int | None) -> None:
    size = [1, 3, fixed, fixed] if fixed else [1, 3, "h", "w"]
    out_size = [1, 3, fixed * scale, fixed * scale] if fixed else [1, 3, "sh", "sw"]
    scales = helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, scale, scale])
    node = helper.make_node("Resize", ["pixels", "", "scales"], ["bigger"], mode="nearest")
    graph = helper.make_graph([node], "standin", [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, size)],
                              [helper.make_tensor_value_info("bigger", TensorProto.FLOAT, out_size)], [scales])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # what the converter writes; readable by every onnxruntime we ship
    onnx.save(model, path)


@pytest.mark.parametrize("fixed", [None, 16])
def test_any_esrgan_like_model_runs_with_its_own_scale_and_names(engine, astronaut, tmp_path, monkeypatch, fixed):
    model_id = f"standin-x2-{'static' if fixed else 'dynamic'}"
    path = tmp_path / f"{model_id}.onnx"
    _standin_upscaler(path, 2, fixed)
    monkeypatch.setattr(runtime, "model_path", lambda mid, file=None: path)
    try:
        crop = astronaut[:40, :40]
        out = upscale(engine, crop, model_id, scale="4")  # two passes of the 2x model
        expected = np.repeat(np.repeat(crop, 4, axis=0), 4, axis=1)
        assert out.image.shape == (160, 160, 3)
        np.testing.assert_array_equal(out.image, expected)
    finally:
        runtime.get_cache().release(model_id)
