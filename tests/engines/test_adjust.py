"""Adjustments and restoration filters, numerically, on real photos."""
from __future__ import annotations

import pickle

import cv2
import numpy as np
import pytest

from engines.adjust import color, filters, local, point
from engines.adjust.engine import AdjustEngine, parse_curve, parse_levels
from engines.adjust.measured import MEASUREMENTS
from engines.base import EngineInputError, RunContext
from engines.params import ParamError, resolve_options


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    err = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 10 * np.log10(255.0 ** 2 / max(err, 1e-12))


def faded(image: np.ndarray) -> np.ndarray:
    """An old print: tones squeezed into 60..190, and a yellow-brown cast."""
    x = 60 + image.astype(np.float32) * (130 / 255)
    x *= np.array([1.0, 0.93, 0.78], np.float32)
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def run(image: np.ndarray, mask: np.ndarray | None = None, **given) -> np.ndarray:
    engine = AdjustEngine()
    options = resolve_options(engine.params, given)
    engine.check_options(options)
    return engine.run(image, options, RunContext(), mask=mask).image


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_gamma_one_and_default_levels_are_the_identity(astronaut, dtype):
    image = astronaut.astype(dtype) * (257 if dtype == np.uint16 else 1)
    assert np.array_equal(point.apply_curve(image, point.gamma_curve(1.0)), image)
    assert np.array_equal(point.apply_curve(image, point.levels_curve()), image)
    assert np.array_equal(run(image), image)  # nothing switched on


def test_levels_map_the_black_and_white_points(coffee):
    curve = point.levels_curve(black=50 / 255, white=200 / 255)
    out = point.apply_curve(coffee, curve)
    assert out[coffee <= 50].max() == 0 and out[coffee >= 200].min() == 255
    mid = (coffee > 60) & (coffee < 190)
    expected = (coffee[mid].astype(np.float64) - 50) / 150 * 255
    assert np.abs(out[mid] - expected).max() <= 0.5 + 1e-9
    assert parse_levels("50,200,1") == (50 / 255, 200 / 255, 1.0)
    with pytest.raises(EngineInputError):
        parse_levels("200,50,1")


def test_gamma_above_one_brightens_the_midtones_only(coffee):
    out = point.apply_curve(coffee, point.gamma_curve(2.0))
    mid = (coffee > 30) & (coffee < 220)
    assert (out[mid] >= coffee[mid]).all() and out[mid].mean() > coffee[mid].mean() + 20
    assert (out[coffee == 0] == 0).all() and (out[coffee == 255] == 255).all()


def test_auto_contrast_and_white_balance_restore_a_faded_colour_photo(astronaut):
    old = faded(astronaut)
    repaired = run(old, auto_contrast=True, auto_white_balance=True)
    assert psnr(repaired, astronaut) > psnr(old, astronaut) + 3
    assert psnr(run(old, auto_contrast=True), astronaut) > psnr(old, astronaut) + 1


def sepia(grey: np.ndarray) -> np.ndarray:
    """A toned print: warm brown in the mid-tones, yellowed paper in the lights."""
    x = grey.astype(np.float32)[..., None] / 255.0
    tint = np.concatenate([np.ones_like(x), 0.88 + 0.06 * x, 0.62 + 0.2 * x], axis=2)
    return np.clip(np.rint(x * tint * 255.0), 0, 255).astype(np.uint8)


def test_cast_removal_makes_a_sepia_print_neutral(astronaut):
    grey = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY)
    toned = sepia(grey)
    neutral = run(toned, remove_cast=1.0)
    chroma = lambda x: np.abs(cv2.cvtColor(x, cv2.COLOR_RGB2Lab)[..., 1:].astype(np.float32) - 128).mean()  # noqa: E731
    assert chroma(toned) > 5 and chroma(neutral) < chroma(toned) / 5
    # Lightness is kept: the neutral print is the grey photo's tones.
    assert np.abs(cv2.cvtColor(neutral, cv2.COLOR_RGB2Lab)[..., 0].astype(int)
                  - cv2.cvtColor(toned, cv2.COLOR_RGB2Lab)[..., 0]).mean() < 1.5


def test_auto_white_balance_neutralises_a_tinted_grey_chart():
    ramp = np.tile(np.linspace(20, 235, 256, dtype=np.float32), (64, 1))
    tinted = np.dstack([ramp * 1.1, ramp, ramp * 0.8]).clip(0, 255).astype(np.uint8)
    balanced = color.auto_white_balance(tinted).astype(np.float32)
    spread = balanced.max(axis=2) - balanced.min(axis=2)
    assert spread[:, 10:-10].mean() < (tinted.max(axis=2) - tinted.min(axis=2)).astype(np.float32)[:, 10:-10].mean() / 4


def test_denoise_lowers_noise_on_a_flat_patch_and_keeps_edges(coffee):
    rng = np.random.default_rng(1)
    clean = coffee.copy()
    clean[:100, :200] = (120, 110, 100)  # a flat patch
    noisy = np.clip(clean + rng.normal(0, 12, clean.shape), 0, 255).astype(np.uint8)
    out = run(noisy, denoise=12, denoise_color=12)
    assert out[10:90, 10:190].std(axis=(0, 1)).mean() < noisy[10:90, 10:190].std(axis=(0, 1)).mean() / 2.5
    assert psnr(out, clean) > psnr(noisy, clean) + 1.5
    edge = (slice(95, 105), slice(0, 200))  # the patch's lower border against the photo
    assert np.abs(np.diff(out[edge].astype(np.int32), axis=0)).max() > 40


def test_sharpen_raises_edge_contrast(chelsea):
    soft = cv2.GaussianBlur(chelsea, (0, 0), 2.0)
    sharp = run(soft, sharpen=1.5, sharpen_radius=2.0)
    lap = lambda x: np.abs(cv2.Laplacian(cv2.cvtColor(x, cv2.COLOR_RGB2GRAY), cv2.CV_32F)).mean()  # noqa: E731
    assert lap(sharp) > lap(soft) * 1.5
    assert psnr(sharp, chelsea) > psnr(soft, chelsea)


def test_threshold_keeps_flat_areas_when_sharpening():
    flat = np.full((64, 64, 3), 128, np.uint8)
    flat[::7, ::5] = 131  # faint noise below the threshold
    assert np.array_equal(filters.sharpen(flat, 1.0, 2.0, threshold=0.05), flat)


def test_curves_pass_through_their_points_and_never_overshoot():
    points = parse_curve("0,0;64,100;192,200;255,255")
    lut = point.lut_for(point.points_curve(points), np.dtype(np.uint8))
    assert lut[0] == 0 and lut[64] == 100 and lut[192] == 200 and lut[255] == 255
    assert (np.diff(lut.astype(int)) >= 0).all()


def test_hue_saturation_lightness(astronaut):
    grey = color.hue_saturation_lightness(astronaut, saturation=-1.0)
    assert (grey.max(axis=2).astype(int) - grey.min(axis=2)).max() <= 1
    assert np.array_equal(color.hue_saturation_lightness(astronaut, hue=360.0), astronaut) or \
        np.abs(color.hue_saturation_lightness(astronaut, hue=360.0).astype(int) - astronaut).max() <= 1
    brighter = color.hue_saturation_lightness(astronaut, lightness=0.3)
    assert brighter.mean() > astronaut.mean() + 20


def test_black_and_white_local_contrast_equalise_invert_threshold_posterize(astronaut):
    bw = run(astronaut, black_and_white="1,0,0")
    assert np.array_equal(bw[..., 0], astronaut[..., 0]) and np.array_equal(bw[..., 1], bw[..., 2])
    low = (astronaut // 4 + 96).astype(np.uint8)
    assert local.local_contrast(low, 3.0).std() > low.std() * 1.5
    eq = local.equalize(low)
    assert eq.std() > low.std() * 2
    assert np.array_equal(point.apply_curve(astronaut, point.invert_curve()), 255 - astronaut)
    th = point.apply_curve(astronaut, point.threshold_curve(0.5))
    assert set(np.unique(th)) == {0, 255}
    assert len(np.unique(point.apply_curve(astronaut, point.posterize_curve(4)))) == 4


@pytest.mark.parametrize("name", ["erode", "dilate", "open", "close", "tophat", "blackhat"])
def test_morphology_on_images_and_masks(name):
    mask = np.zeros((40, 40), np.uint8)
    mask[10:30, 10:30] = 255
    mask[5, 5] = 255  # a speck
    out = filters.morphology(mask, name, 2)
    expected = {"erode": out[10:30, 10:30].sum() < mask[10:30, 10:30].sum(),
                "dilate": out.sum() > mask.sum(),
                "open": out[5, 5] == 0 and out[20, 20] == 255,
                "close": out[20, 20] == 255,
                "tophat": out[5, 5] == 255 and out[20, 20] == 0,
                "blackhat": out[20, 20] == 0}
    assert expected[name]
    with pytest.raises(ValueError):
        filters.morphology(mask, "melt")


def test_edges_find_a_square_outline():
    square = np.zeros((80, 80, 3), np.uint8)
    square[20:60, 20:60] = 200
    canny = filters.canny_edges(square)
    assert canny[18:22, 40].max() == 255 and canny[30:50, 30:50].max() == 0
    sobel = filters.sobel_edges(square)
    assert sobel[18:22, 40].max() > 200 and sobel[30:50, 30:50].max() == 0


def test_sixteen_bit_stays_sixteen_bit_and_keeps_fine_levels(coffee):
    image = (coffee.astype(np.uint16) * 257 + 100)
    out = run(image, auto_contrast=True, denoise=4, sharpen=0.5, remove_cast=0.5)
    assert out.dtype == np.uint16
    assert len(np.unique(out % 257)) > 50  # real 16-bit values, not 8-bit ones scaled up


def test_mask_limits_the_change_and_alpha_is_kept(coffee):
    rgba = np.dstack([coffee, np.full(coffee.shape[:2], 200, np.uint8)])
    rgba[:10, :10, 3] = 0
    mask = np.zeros(coffee.shape[:2], np.uint8)
    mask[100:200, 100:300] = 255
    out = run(rgba, mask=mask, gamma=2.0)
    assert np.array_equal(out[..., 3], rgba[..., 3])
    outside = mask == 0
    assert np.array_equal(out[outside], rgba[outside])
    assert out[100:200, 100:300, :3].mean() > rgba[100:200, 100:300, :3].mean() + 15


def test_bad_text_options_are_input_errors():
    engine = AdjustEngine()
    for bad in ({"levels": "1,2"}, {"curve": "0,0"}, {"black_and_white": "0,0,0"}, {"curve": "a,b;c,d"}):
        options = resolve_options(engine.params, bad)
        with pytest.raises((EngineInputError, ValueError)):
            engine.check_options(options)
            engine.run(np.zeros((8, 8, 3), np.uint8), options, RunContext())


def test_invert_threshold_posterize_and_black_and_white_through_run_adjust_options(tmp_path, astronaut):
    from PIL import Image

    from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli

    source, out = tmp_path / "in.png", tmp_path / "out.png"
    Image.fromarray(astronaut).save(source)

    def cli(*flags: str) -> np.ndarray:
        assert run_cli(["run", "adjust", str(source), "-o", str(out), *flags]) == EXIT_OK
        return np.asarray(Image.open(out))

    assert np.array_equal(cli("--invert"), 255 - astronaut)
    assert np.array_equal(cli("--threshold", "100"), np.where(astronaut >= 100, 255, 0))
    posterized = cli("--posterize", "3")
    assert set(np.unique(posterized)) == {0, 128, 255}
    bw = cli("--black-and-white", "0,0,1")
    assert np.array_equal(bw[..., 0], astronaut[..., 2]) and np.array_equal(bw[..., 1], astronaut[..., 2])
    # In the documented order: black and white, then invert, then threshold.
    both = cli("--black-and-white", "0,0,1", "--invert", "--threshold", "200")
    assert np.array_equal(both[..., 0], np.where(255 - astronaut[..., 2] >= 200, 255, 0))
    assert np.array_equal(cli("--curve-r", "0,255;255,0")[..., 0], 255 - astronaut[..., 0])
    assert np.array_equal(cli("--curve-r", "0,255;255,0")[..., 1:], astronaut[..., 1:])
    assert run_cli(["run", "adjust", str(source), "-o", str(out), "--posterize", "1"]) == EXIT_BAD_INPUT
    assert run_cli(["run", "adjust", str(source), "-o", str(out), "--curve-g", "5,5"]) == EXIT_BAD_INPUT


def test_dialog_group_switches_on_only_its_own_operation(astronaut):
    assert np.array_equal(run(astronaut, dialog_group="Invert"), 255 - astronaut)
    assert np.array_equal(run(astronaut, dialog_group="Threshold", threshold_level=50),
                          np.where(astronaut >= 50, 255, 0))
    assert len(np.unique(run(astronaut, dialog_group="Posterize", posterize_levels=5))) == 5
    bw = run(astronaut, dialog_group="Black and White")
    assert np.array_equal(bw, color.black_and_white(astronaut, 0.3, 0.59, 0.11))
    # The GUI values are ignored outside their dialog: a Levels dialog changes nothing of these.
    assert np.array_equal(run(astronaut, dialog_group="Levels", threshold_level=50, bw_red=1.0), astronaut)
    with pytest.raises(EngineInputError):
        run(astronaut, dialog_group="Black and White", bw_red=0.5, bw_green=-0.5, bw_blue=0.0)


# -- operations that measure the whole image, run on a part with the whole image's measurements ---------
def stained(print_: np.ndarray) -> np.ndarray:
    """A yellow-brown water stain towards the bottom-right corner, so the cast differs across the print."""
    h, w = print_.shape[:2]
    yy, xx = np.mgrid[:h, :w]
    stain = np.exp(-((xx - 0.85 * w) ** 2 + (yy - 0.8 * h) ** 2) / (2 * (0.18 * w) ** 2))[..., None]
    return np.clip(np.rint(print_ * (1.0 - stain * np.array([0.0, 0.12, 0.35]))), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def photos(coffee, astronaut):
    grey = cv2.cvtColor(coffee, cv2.COLOR_RGB2GRAY)
    return {"coffee": coffee, "astronaut": astronaut, "faded": faded(astronaut), "sepia": sepia(grey),
            "stained sepia": stained(sepia(grey)), "coffee16": coffee.astype(np.uint16) * 257 + 77}


# (options, photo, how far the part may be from the full run: 0 for lookup tables, 1 level where float
# colour conversions are involved)
MEASURED = [
    ({"auto_contrast": True}, "faded", 0),
    ({"auto_contrast": True}, "coffee", 0),
    ({"auto_levels": True}, "astronaut", 0),
    ({"auto_levels": True}, "coffee16", 0),
    ({"auto_white_balance": True}, "coffee", 1),
    ({"remove_cast": 1.0}, "stained sepia", 1),
    ({"remove_cast": 0.7}, "faded", 1),
    ({"local_contrast": 2.5}, "astronaut", 1),
    ({"local_contrast": 4.0}, "coffee16", 1),
    ({"equalize": True}, "sepia", 1),
    ({"denoise": 4.0, "remove_cast": 0.6, "auto_white_balance": True, "auto_contrast": True, "local_contrast": 1.5,
      "equalize": True, "sharpen": 0.5}, "faded", 1),  # each measured on what the steps before it left
]
PART, MARGIN = (141, 97, 203, 157), 16  # off CLAHE's tile grid; the margin covers denoise's reach


def _options(**given):
    return resolve_options(AdjustEngine.params, given)


@pytest.mark.parametrize(("given", "photo", "tolerance"), MEASURED)
def test_a_part_run_with_the_whole_images_measurements_equals_that_part_of_the_full_run(photos, given, photo,
                                                                                        tolerance):
    image, engine, options = photos[photo], AdjustEngine(), _options(**given)
    full = engine.run(image, options, RunContext()).image
    measurements = pickle.loads(pickle.dumps(engine.measured(image, options)))  # a plain value
    x, y, w, h = PART
    part = image[y - MARGIN:y + h + MARGIN, x - MARGIN:x + w + MARGIN]
    inner = (slice(MARGIN, -MARGIN), slice(MARGIN, -MARGIN))
    placed = engine.run(part, {**options, MEASUREMENTS: measurements.at(x - MARGIN, y - MARGIN)}, RunContext())
    expected = full[y:y + h, x:x + w].astype(np.int64)
    assert np.abs(placed.image[inner] - expected).max() <= tolerance
    alone = engine.run(part, options, RunContext()).image[inner]  # the part measuring itself: not the result
    assert np.abs(alone - expected).max() > tolerance


@pytest.mark.parametrize(("given", "photo", "tolerance"), MEASURED)
def test_without_measurements_a_run_measures_the_image_it_is_given(photos, given, photo, tolerance):
    image, engine, options = photos[photo], AdjustEngine(), _options(**given)
    measurements = engine.measured(image, options)
    assert len(measurements.steps) == len(given) - ("denoise" in given) - ("sharpen" in given)
    assert np.array_equal(engine.run(image, options, RunContext()).image,
                          engine.run(image, {**options, MEASUREMENTS: measurements}, RunContext()).image)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize(("clip", "tiles"), [(0.0, 8), (1.0, 8), (4.0, 8), (2.0, 5)])
def test_clahe_is_opencvs_bit_for_bit(coffee, chelsea, dtype, clip, tiles):
    for photo in (coffee, chelsea):  # chelsea's 451 x 300 does not divide into the grid: padded as OpenCV does
        channel = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(dtype)
        if dtype == np.uint16:
            channel = channel * 257 + (photo[..., 0] % 97).astype(np.uint16)  # levels between the 8-bit ones
        expected = cv2.createCLAHE(clipLimit=clip, tileGridSize=(tiles, tiles)).apply(channel)
        assert np.array_equal(local.clahe_tables(channel, clip, tiles).blend(channel), expected)


def test_a_reduced_part_with_placed_clahe_tables_is_close_to_the_reduced_result(astronaut):
    engine, options = AdjustEngine(), _options(local_contrast=3.0)
    full = engine.run(astronaut, options, RunContext()).image
    measurements = engine.measured(astronaut, options)
    x, y, w, h = 100, 60, 300, 240
    small = cv2.resize(astronaut[y:y + h, x:x + w], (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    expected = cv2.resize(full[y:y + h, x:x + w], (w // 2, h // 2), interpolation=cv2.INTER_AREA).astype(np.int64)

    def error(placed):
        return np.abs(engine.run(small, {**options, MEASUREMENTS: placed}, RunContext()).image - expected).mean()

    assert error(measurements.at(x, y, 0.5)) < 2.0  # the tile centres where the reduced pixels lie
    assert error(measurements.at(x, y)) > 10.0  # read as image pixels, the tiles would be twice as large


def test_measurements_belong_to_their_options_and_cost_nothing_without_a_measured_step(coffee):
    engine = AdjustEngine()
    measurements = engine.measured(coffee, _options(auto_contrast=True))
    with pytest.raises(ValueError):
        engine.run(coffee, {**_options(auto_levels=True), MEASUREMENTS: measurements}, RunContext())
    # The mask's feather is the template's, applied after the recipe: the same measurements serve.
    feathered = _options(auto_contrast=True, feather=3.0)
    assert np.array_equal(engine.run(coffee, {**feathered, MEASUREMENTS: measurements}, RunContext()).image,
                          engine.run(coffee, feathered, RunContext()).image)
    levels = _options(gamma=1.5)
    assert engine.measured(np.zeros((0, 0, 3), np.uint8), levels).steps == ()  # no measured step: no pixel work
    with pytest.raises(ParamError):  # not a Param: a job (app.jobs resolves its options) cannot carry them
        resolve_options(engine.params, {MEASUREMENTS: measurements})
