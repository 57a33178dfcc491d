"""The "filter" engine through `run filter`: blur, median, edges, morphology; masks; 16-bit."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli
from engines.adjust.measured import MEASUREMENTS
from engines.base import RunContext
from engines.params import resolve_options
from engines.registry import create_engine


def laplacian_energy(rgb: np.ndarray) -> float:
    grey = cv2.cvtColor(rgb.astype(np.float32), cv2.COLOR_RGB2GRAY)
    return float(np.mean(cv2.Laplacian(grey, cv2.CV_32F) ** 2))


def specks(size: int = 64) -> np.ndarray:
    rng = np.random.default_rng(1)
    image = np.full((size, size, 3), 128, np.uint8)
    noise = rng.random((size, size))
    image[noise < 0.03] = 0
    image[noise > 0.97] = 255
    return image


def square(size: int = 64) -> np.ndarray:
    image = np.zeros((size, size, 3), np.uint8)
    image[16:48, 16:48] = 255
    return image


def _run(tmp_path, image, *flags):
    source, out = tmp_path / "in.png", tmp_path / "out.png"
    Image.fromarray(image).save(source)
    assert run_cli(["run", "filter", str(source), "-o", str(out), *flags]) == EXIT_OK
    return np.asarray(Image.open(out))


def test_blur_lowers_the_laplacian_energy(tmp_path, coffee):
    result = _run(tmp_path, coffee, "--blur", "2")
    assert result.shape == coffee.shape
    assert laplacian_energy(result) < 0.3 * laplacian_energy(coffee)


def test_median_removes_salt_and_pepper(tmp_path):
    image = specks()
    result = _run(tmp_path, image, "--median", "3")
    inner = result[2:-2, 2:-2]
    assert ((inner == 0) | (inner == 255)).mean() < 0.005 < ((image == 0) | (image == 255)).mean()
    source = tmp_path / "in.png"
    assert run_cli(["run", "filter", str(source), "-o", str(tmp_path / "x.png"), "--median", "4"]) == EXIT_BAD_INPUT


def test_edges_find_the_outline_of_a_square(tmp_path):
    for method in ("canny", "sobel"):
        result = _run(tmp_path, square(), "--edges", method)[..., 0]
        assert result[16:48, 15:18].max() > 100 and result[15:18, 16:48].max() > 100  # the outline
        assert result[24:40, 24:40].max() == 0 and result[:8, :8].max() == 0  # inside and outside: flat


def test_morphology_open_removes_a_speck(tmp_path):
    image = square()
    image[5, 5] = 255  # a one-pixel speck
    result = _run(tmp_path, image, "--morphology", "open", "--morphology-radius", "1")
    assert result[5, 5].max() == 0 and result[32, 32].min() == 255


def test_nothing_switched_on_leaves_the_image_alone(tmp_path, coffee):
    assert np.array_equal(_run(tmp_path, coffee), coffee)


def _options(**given):
    return resolve_options(create_engine("filter").params, given)


def test_with_a_mask_pixels_outside_stay_identical(coffee):
    mask = np.zeros(coffee.shape[:2], np.uint8)
    mask[100:300, 200:400] = 255
    result = create_engine("filter").run(coffee, _options(blur=3.0), RunContext(device="cpu"), mask=mask).image
    outside = mask == 0
    assert np.array_equal(result[outside], coffee[outside])
    assert laplacian_energy(result[120:280, 220:380]) < 0.5 * laplacian_energy(coffee[120:280, 220:380])


def test_sixteen_bit_stays_sixteen_bit(coffee):
    image16 = coffee.astype(np.uint16) * 257
    engine = create_engine("filter")
    for options in ({"blur": 2.0}, {"median": 7}, {"bilateral": 5}, {"morphology": "close"}, {"edges": "sobel"}):
        result = engine.run(image16, _options(**options), RunContext(device="cpu")).image
        assert result.dtype == np.uint16 and result.shape == image16.shape, options
        assert not np.array_equal(result, image16), options


def test_sixteen_bit_stays_sixteen_bit_on_the_command_line(tmp_path, coffee):
    image16 = coffee.astype(np.uint16) * 257
    source, out = tmp_path / "in16.png", tmp_path / "out16.png"
    cv2.imwrite(str(source), cv2.cvtColor(image16, cv2.COLOR_RGB2BGR))
    assert run_cli(["run", "filter", str(source), "-o", str(out), "--blur", "2"]) == EXIT_OK
    result = cv2.imread(str(out), cv2.IMREAD_UNCHANGED)
    assert result.dtype == np.uint16 and result.shape == image16.shape
    assert laplacian_energy(result) < 0.3 * laplacian_energy(image16)


def test_sobel_on_a_part_with_the_whole_images_scale_equals_that_part_of_the_full_run(coffee, astronaut):
    engine = create_engine("filter")
    for photo, given in ((coffee, {"edges": "sobel"}), (astronaut, {"blur": 1.5, "edges": "sobel"})):
        options = _options(**given)
        full = engine.run(photo, options, RunContext(device="cpu")).image
        measurements = engine.measured(photo, options)
        assert np.array_equal(full, engine.run(photo, {**options, MEASUREMENTS: measurements},
                                               RunContext(device="cpu")).image)  # unmeasured: the same run
        x, y, w, h, margin = 60, 40, 180, 120, 16  # away from the strongest edges
        part = photo[y - margin:y + h + margin, x - margin:x + w + margin]
        inner = (slice(margin, -margin), slice(margin, -margin))
        placed = engine.run(part, {**options, MEASUREMENTS: measurements.at(x - margin, y - margin)},
                            RunContext(device="cpu")).image[inner]
        expected = full[y:y + h, x:x + w].astype(np.int64)
        assert np.abs(placed - expected).max() <= 1
        alone = engine.run(part, options, RunContext(device="cpu")).image[inner]  # scaled to its own edges
        assert alone.mean() > expected.mean() + 5
