"""Repair the bundled sample photo as a user would, in three steps, and write the README's before/after
picture.

    .venv/bin/python scripts/repair_sample.py [--out docs/screenshots]

The steps are what these commands do (``repair`` runs the same engines with the same options):
    python main.py run scratches old_photo.jpg -o 1.png                  # scratches, the crease, dust
    python main.py run inpaint 1.png --mask corner.png -o 2.png          # the torn corner
    python main.py run adjust 2.png -o repaired.png --remove-cast 1 --auto-contrast --denoise 2
``corner.png`` is the mask a user would paint over the torn corner: here the bare card that touches the
picture's edge, found by its colour. Writes sample_before_after.png (original | repaired) into the output
folder.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from engines.base import RunContext  # noqa: E402
from engines.params import resolve_options  # noqa: E402
from engines.registry import create_engine  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "old_photo.jpg"
DEFAULT_OUT = ROOT / "docs" / "screenshots"


def torn_corner_mask(rgb: np.ndarray) -> np.ndarray:
    """The bare card where the emulsion is torn away: bright, unsaturated, touching the picture's edge."""
    saturation = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[:, :, 1]
    card = ((rgb.mean(axis=2) > 205) & (saturation < 60)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(card)
    h, w = card.shape
    mask = np.zeros((h, w), np.uint8)
    for label in range(1, count):
        x, y, bw, bh, area = stats[label]
        if area > 500 and (x == 0 or y == 0 or x + bw == w or y + bh == h):
            mask[labels == label] = 255
    return cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))


ADJUST = {"remove_cast": 1.0, "auto_contrast": True, "denoise": 2.0}


def _run(task: str, rgb: np.ndarray, mask: np.ndarray | None = None, **given: object) -> np.ndarray:
    engine = create_engine(task)
    result = engine.run(rgb, resolve_options(engine.params, dict(given)), RunContext(), mask=mask)
    assert result.image is not None
    return result.image


def repair(rgb: np.ndarray) -> np.ndarray:
    """The sample's repair: scratches and dust, the torn corner, then tone, cast and grain."""
    fixed = _run("scratches", rgb)
    fixed = _run("inpaint", fixed, torn_corner_mask(rgb))
    return _run("adjust", fixed, **ADJUST)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    original = np.asarray(Image.open(SAMPLE).convert("RGB"))
    repaired = repair(original)
    gap = np.full((original.shape[0], 8, 3), 255, np.uint8)
    Image.fromarray(np.concatenate([original, gap, repaired], axis=1)).save(args.out / "sample_before_after.png")
    print(f"wrote {args.out / 'sample_before_after.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
