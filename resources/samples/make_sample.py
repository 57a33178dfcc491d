"""Make resources/samples/old_photo.jpg: a faded, scratched, creased "old photo" for trying the editor.

Source: skimage.data.astronaut() (Eileen Collins, NASA photograph, public domain). Deterministic (fixed
seed); needs scikit-image (a dev dependency), so the JPEG is committed and this script is not run at
build time.  Run: .venv/bin/python resources/samples/make_sample.py
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

SEED = 1905
OUT = Path(__file__).with_name("old_photo.jpg")
PAPER = np.array([236, 226, 204], np.float32) / 255.0  # the card under the torn emulsion


def sepia(rgb: np.ndarray) -> np.ndarray:
    """Greyscale toned brown, with the contrast of a faded print (lifted blacks, dull whites)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    grey = cv2.GaussianBlur(grey, (0, 0), 0.8)  # a soft old lens
    faded = 0.16 + 0.62 * grey
    tone = np.array([1.07, 0.93, 0.72], np.float32)
    return np.clip(faded[:, :, None] * tone + np.array([0.02, 0.02, 0.03], np.float32), 0, 1)


def vignette_and_stains(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot((xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2))
    img = img * (1.0 - 0.22 * np.clip(r - 0.55, 0, None)[:, :, None])
    # Uneven yellowing: a smooth random field.
    field = cv2.resize(rng.random((6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    img = img + (field[:, :, None] - 0.5) * np.array([0.05, 0.035, -0.02], np.float32)
    return img


def grain(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    noise = rng.normal(0.0, 0.045, img.shape[:2]).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 0.6)
    return img + noise[:, :, None]


def dust(img: np.ndarray, rng: np.random.Generator, count: int = 170) -> np.ndarray:
    h, w = img.shape[:2]
    layer = np.zeros((h, w), np.float32)
    for _ in range(count):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        radius = int(rng.choice([0, 1, 1, 2, 3]))
        value = float(rng.choice([-0.55, 0.6, 0.7]))  # dark specks and white spots
        cv2.circle(layer, (x, y), radius, value, -1, cv2.LINE_AA)
    # A few hairs and fibres.
    for _ in range(5):
        pts = np.cumsum(rng.normal(0, 4, (8, 2)), axis=0) + rng.uniform([0, 0], [w, h])
        cv2.polylines(layer, [pts.astype(np.int32)], False, -0.45, 1, cv2.LINE_AA)
    return img + layer[:, :, None]


def scratches(img: np.ndarray, rng: np.random.Generator, count: int = 6) -> np.ndarray:
    h, w = img.shape[:2]
    layer = np.zeros((h, w), np.float32)
    for _ in range(count):
        x0 = rng.uniform(0.05, 0.95) * w
        xs = x0 + np.cumsum(rng.normal(0, 0.6, 40))  # long, almost vertical, slightly wandering
        ys = np.linspace(rng.uniform(0, 0.3) * h, rng.uniform(0.6, 1.0) * h, 40)
        pts = np.stack([xs, ys], axis=1).astype(np.int32)
        cv2.polylines(layer, [pts], False, float(rng.uniform(0.25, 0.5)), 1, cv2.LINE_AA)
    return img + layer[:, :, None]


def crease(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A fold across the print: a bright cracked ridge with a shadow on one side."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Signed distance to the line through (0, 0.62h) and (w, 0.38h).
    p0, p1 = np.array([0, 0.62 * h]), np.array([w, 0.38 * h])
    d = p1 - p0
    dist = ((xx - p0[0]) * d[1] - (yy - p0[1]) * d[0]) / np.hypot(*d)
    dist += cv2.resize(rng.normal(0, 1, (1, 24)).astype(np.float32), (w, h)) * 1.2  # not perfectly straight
    ridge = 0.35 * np.exp(-(dist / 1.6) ** 2)
    shadow = -0.10 * np.exp(-((dist - 4.0) / 3.0) ** 2)
    cracks = (rng.random((h, w)) < 0.5) & (np.abs(dist) < 1.2)
    return img + (ridge + shadow + 0.25 * cracks)[:, :, None]


def torn_corner(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The bottom-right corner torn off along a jagged edge, showing the paper card."""
    h, w = img.shape[:2]
    n = 26
    t = np.linspace(0, 1, n)
    edge_x = w - 0.26 * w * (1 - t) + rng.normal(0, 2.5, n)
    edge_y = h - 0.22 * h * t + rng.normal(0, 2.5, n)
    poly = np.concatenate([np.stack([edge_x, edge_y], 1), [[w, h]]]).astype(np.int32)
    torn = np.zeros((h, w), np.uint8)
    cv2.fillPoly(torn, [poly], 255, cv2.LINE_AA)
    a = (torn.astype(np.float32) / 255.0)[:, :, None]
    # A pale fibrous rim where the emulsion lifted.
    rim = cv2.dilate(torn, np.ones((5, 5), np.uint8)).astype(np.float32) / 255.0 - a[:, :, 0]
    img = img + 0.18 * rim[:, :, None]
    return img * (1 - a) + PAPER * a


def make(seed: int = SEED) -> np.ndarray:
    from skimage import data

    rng = np.random.default_rng(seed)
    img = sepia(data.astronaut())
    img = vignette_and_stains(img, rng)
    img = grain(img, rng)
    img = dust(img, rng)
    img = scratches(img, rng)
    img = crease(img, rng)
    img = torn_corner(img, rng)
    return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)


def main() -> None:
    Image.fromarray(make(), "RGB").save(OUT, quality=87, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
