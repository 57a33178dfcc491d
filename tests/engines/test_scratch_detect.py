"""Scratch and dust detection on real photos: damage drawn here, then found; clean photos left alone."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage import data

from engines.base import Cancelled, RunContext
from engines.inpaint.scratches import detect_scratches

VISIBLE = 20  # levels a drawn defect must change a pixel by to count as damage (white on white is no defect)
STRENGTH = (0.7, 1.0)  # how far a defect moves a pixel towards white or black


def grey_photo() -> np.ndarray:
    return np.dstack([data.camera()] * 3)


SUPER = 4  # strokes are drawn this many times larger and shrunk, for true 1..3 px widths with soft edges


def _soft(canvas: np.ndarray) -> np.ndarray:
    # Shrinking anti-aliases; scanner optics then blur every edge a little more.
    small = cv2.resize(canvas, None, fx=1 / SUPER, fy=1 / SUPER, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (0, 0), 0.5)


def _stroke(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A straight or gently bent (sagitta up to 6 % of its length) stroke, 60 px or longer, inside the picture."""
    h, w = shape[:2]
    while True:
        start = rng.uniform(0.05, 0.95, 2) * (w, h)
        end = rng.uniform(0.05, 0.95, 2) * (w, h)
        length = float(np.hypot(*(end - start)))
        if length >= 60:
            break
    normal = np.array([start[1] - end[1], end[0] - start[0]]) / length
    t = np.linspace(0.0, 1.0, 64)[:, None]
    points = start + t * (end - start) + rng.uniform(-0.06, 0.06) * length * 4 * t * (1 - t) * normal
    return np.round(points * SUPER).astype(np.int32)


def draw_damage(image: np.ndarray, seed: int, scratches: int = 6, specks: int = 40
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``image`` with thin bright and dark scratches and dust specks; returns it with the scratch and speck
    pixels it visibly changed (boolean planes). A defect moves a pixel part of the way to white (emulsion
    scraped off a print, dust on a negative) or to black (a scratched negative, a hair), so a white
    scratch over a white shirt hardly shows, as on a real print."""
    rng = np.random.default_rng(seed)
    h, w = image.shape[:2]
    up = np.zeros((h, w), np.float32)  # share of the way to white, per pixel
    down = np.zeros((h, w), np.float32)  # share of the way to black
    lines = np.zeros((h, w), bool)
    dots = np.zeros((h, w), bool)
    for i in range(scratches + specks):
        alpha = np.zeros((h * SUPER, w * SUPER), np.float32)
        if i < scratches:
            width = int(rng.integers(1, 4))
            cv2.polylines(alpha, [_stroke(rng, image.shape)], False, 1.0, SUPER * width - 1, cv2.LINE_8)
        else:
            centre = (int(rng.integers(8, w - 8)) * SUPER, int(rng.integers(8, h - 8)) * SUPER)
            cv2.circle(alpha, centre, int(rng.uniform(1.0, 2.5) * SUPER), 1.0, -1, cv2.LINE_8)
        alpha = _soft(alpha)
        target = up if i % 2 == 0 else down
        np.maximum(target, alpha * rng.uniform(*STRENGTH), out=target)
        (lines if i < scratches else dots)[...] |= alpha >= 0.5
    x = image.astype(np.float32)
    x += up[..., None] * (255 - x)
    x *= 1 - down[..., None]
    damaged = np.rint(x).astype(np.uint8)
    visible = np.abs(damaged.astype(np.int16) - image).max(axis=2) >= VISIBLE
    return damaged, lines & visible, dots & visible & ~lines


PHOTOS = {"astronaut": data.astronaut, "coffee": data.coffee, "camera": grey_photo}
# The issue's target: 0.8 of the drawn defects' pixels at the default sensitivity. Pooled over these six
# damage patterns the detector marks 0.80 (astronaut), 0.81 (coffee) and 0.86 (camera); specks alone
# 0.47-0.60, so lines carry it. Other seeds (6-11) give 0.77-0.84, so the margin is thin by design.
RECALL = 0.8


def highlights(image: np.ndarray, rows: slice, cols: slice) -> np.ndarray:
    """Bright compact spots (stars, catchlights, glints) inside a region: a white top-hat well above the
    surroundings."""
    lum = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    spots = cv2.morphologyEx(lum, cv2.MORPH_TOPHAT, disk) > 0.15
    region = np.zeros_like(spots)
    region[rows, cols] = True
    return spots & region


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_drawn_scratches_and_specks_are_found(name):
    image = PHOTOS[name]()
    hit = total = 0
    for seed in range(6):
        damaged, lines, dots = draw_damage(image, seed)
        found = detect_scratches(damaged) > 0
        hit += found[lines | dots].sum()
        total += (lines | dots).sum()
    assert hit / total >= RECALL


@pytest.mark.parametrize("name", ["astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "camera"])
def test_a_clean_photo_is_barely_marked(name):
    image = grey_photo() if name == "camera" else getattr(data, name)()
    assert (detect_scratches(image) > 0).mean() <= 0.025


@pytest.mark.parametrize(("name", "rows", "cols"), [
    ("hubble_deep_field", slice(None), slice(None)),  # the stars
    ("astronaut", slice(80, 125), slice(160, 260)),  # catchlights
    ("astronaut", slice(350, None), slice(280, None)),  # glints on the helmet
    ("chelsea", slice(80, 180), slice(120, 380)),  # catchlights
])
def test_stars_catchlights_and_glints_are_mostly_left_alone(name, rows, cols):
    image = getattr(data, name)()
    spots = highlights(image, rows, cols)
    assert spots.sum() > 100  # the region does hold highlights
    assert (detect_scratches(image) > 0)[spots].mean() <= 0.3


def test_the_sample_photos_scratches_crease_and_dust_are_found():
    """The bundled sample's own damage, rebuilt layer by layer from its generator (same seed)."""
    import sys
    from pathlib import Path

    from PIL import Image

    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    sys.path.insert(0, str(samples))
    try:
        import make_sample as ms
    finally:
        sys.path.remove(str(samples))
    rng = np.random.default_rng(ms.SEED)
    img = ms.grain(ms.vignette_and_stains(ms.sepia(data.astronaut()), rng), rng)
    layers = {}
    for step in ("dust", "scratches", "crease"):
        before = img.copy()
        img = getattr(ms, step)(img, rng)
        layers[step] = np.abs(img - before).max(axis=2) > 0.15
    found = detect_scratches(np.asarray(Image.open(samples / "old_photo.jpg").convert("RGB"))) > 0
    assert found[layers["crease"]].mean() >= 0.95
    assert found[layers["scratches"]].mean() >= 0.9
    assert found[layers["dust"]].mean() >= 0.6


@pytest.mark.parametrize("name", ["astronaut", "rocket", "hubble_deep_field"])
def test_higher_sensitivity_never_marks_fewer_pixels(name):
    image = getattr(data, name)()
    for picture in (image, draw_damage(image, 4)[0]):
        counts = [int((detect_scratches(picture, s) > 0).sum()) for s in np.linspace(0, 1, 6)]
        assert counts == sorted(counts) and counts[0] < counts[-1]


def test_the_same_picture_in_any_type_gives_nearly_the_same_mask(coffee):
    damaged, _lines, _dots = draw_damage(coffee, 5)
    as8 = detect_scratches(damaged) > 0
    as16 = detect_scratches(damaged.astype(np.uint16) * 257) > 0
    asfloat = detect_scratches(damaged.astype(np.float32) / 255) > 0
    for other in (as16, asfloat):
        assert (as8 ^ other).sum() <= 0.02 * max(as8.sum(), 1)


def test_kinds_split_dust_from_scratches(coffee):
    damaged, lines, dots = draw_damage(coffee, 6)
    dust = detect_scratches(damaged, kinds="dust") > 0
    scratches = detect_scratches(damaged, kinds="scratches") > 0
    assert dust[dots].mean() >= 0.4 and dust[lines].mean() <= 0.05
    assert scratches[lines].mean() >= 0.7 and scratches[dots].mean() <= 0.15
    both = detect_scratches(damaged) > 0
    assert np.array_equal(both, dust | scratches)
    with pytest.raises(ValueError):
        detect_scratches(damaged, kinds="hair")


def test_a_grey_plane_gives_the_mask_of_its_rgb_copy():
    grey = data.camera()
    plane = detect_scratches(grey) > 0
    rgb = detect_scratches(grey_photo()) > 0
    assert np.array_equal(plane, rgb)


def test_progress_is_reported_up_to_the_end(coffee):
    seen = []
    detect_scratches(coffee, ctx=RunContext(on_progress=lambda fraction, message: seen.append(fraction)))
    assert len(seen) >= 5 and seen == sorted(seen) and seen[-1] == 1.0


def test_cancel_stops_the_search(coffee):
    ctx = RunContext()
    ctx.cancel_event.set()
    with pytest.raises(Cancelled):
        detect_scratches(coffee, ctx=ctx)
