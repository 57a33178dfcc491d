"""line_evidence: a faint straight line is told from texture by its mean along its length."""
import cv2
import numpy as np
import pytest
from skimage import data

from engines.inpaint.line_measures import line_evidence, local_median

REACH, WINDOW, SNR = 4, 41, 4.0  # what detect_scratches passes at its default width and sensitivity


def drawn_line(shape: tuple[int, int]) -> np.ndarray:
    line = np.zeros(shape, np.uint8)
    cv2.line(line, (40, 60), (shape[1] - 40, shape[0] - 100), 1, 1)
    return line


def evidence(lum: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    where = np.ones(lum.shape, np.uint8) if where is None else where
    return line_evidence(lum, REACH, WINDOW, SNR, where, lambda done: None)


def away_from(mask: np.ndarray) -> np.ndarray:
    return cv2.dilate(mask, np.ones((15, 15), np.uint8)) == 0


def test_a_line_fainter_than_the_grain_per_pixel_is_found_along_its_length():
    rng = np.random.default_rng(0)
    grain = np.clip(0.5 + rng.normal(0, 0.1, (512, 512)), 0, 1).astype(np.float32)
    line = drawn_line(grain.shape)
    damaged = grain.copy()
    damaged[line > 0] += 0.3  # 3 sigma of the grain: a per-pixel threshold there would mark grain too
    found = evidence(damaged)
    assert found[line > 0].mean() >= 0.6
    assert found[away_from(line)].mean() <= 0.002


def test_a_line_across_a_real_photo_is_found_and_the_photo_mostly_not():
    lum = cv2.cvtColor(data.coffee(), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    line = drawn_line(lum.shape)
    damaged = lum.copy()
    damaged[line > 0] = np.clip(damaged[line > 0] - 0.2, 0, 1)
    found = evidence(damaged)
    assert found[line > 0].mean() >= 0.5
    assert found[away_from(line)].mean() <= 0.05


def test_isolated_specks_are_not_lines():
    rng = np.random.default_rng(1)
    grain = np.clip(0.5 + rng.normal(0, 0.05, (512, 512)), 0, 1).astype(np.float32)
    specks = np.zeros(grain.shape, np.uint8)
    for y in range(50, 470, 60):
        for x in range(50, 470, 60):
            cv2.circle(specks, (x, y), 2, 1, -1)
    grain[specks > 0] = 1.0
    found = evidence(grain)
    assert found[cv2.dilate(specks, np.ones((9, 9), np.uint8)) > 0].mean() <= 0.01


def test_evidence_is_only_reported_where_asked_and_progress_ends_done():
    rng = np.random.default_rng(2)
    grain = np.clip(0.5 + rng.normal(0, 0.1, (1200, 600)), 0, 1).astype(np.float32)
    line = drawn_line(grain.shape)
    grain[line > 0] += 0.3
    where = np.zeros(grain.shape, np.uint8)
    where[700:] = 1  # the bottom part only, several bands away from the top
    seen: list[float] = []
    found = line_evidence(grain, REACH, WINDOW, SNR, where, seen.append)
    assert not found[:700].any()
    assert found[700:][line[700:] > 0].mean() >= 0.6
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)


def test_local_median_follows_the_neighbourhood_not_single_pixels():
    plane = np.full((200, 200), 0.1, np.float32)
    plane[:, 100:] = 0.2
    plane[50, 50] = 0.25  # a lone outlier does not move the median
    median = local_median(plane, 21)
    assert median[50, 50] == pytest.approx(0.1, abs=0.003)
    assert median[100, 180] == pytest.approx(0.2, abs=0.003)
