"""Adjustments and restoration filters: full-size apply time at 24 MP, and the preview's work (the same
operation on a screen-sized 1400×900 copy, what a live preview computes) for each operation.

Usage: python benchmarks/adjust_bench.py [--side-mp 24]
"""
from __future__ import annotations

import argparse
import sys

import common  # noqa: F401  (puts the project root on sys.path)
import cv2
import numpy as np
from common import Stopwatch, photo, print_table, write_json

from engines.adjust.engine import AdjustEngine  # noqa: E402
from engines.base import RunContext  # noqa: E402
from engines.params import resolve_options  # noqa: E402

# (row name, options, kind): point operations should preview within 100 ms on any document.
OPERATIONS = [
    ("levels", {"levels": "20,235,1.1"}, "point"),
    ("curve", {"curve": "0,0;90,110;255,255"}, "point"),
    ("gamma", {"gamma": 1.4}, "point"),
    ("brightness/contrast", {"brightness": 0.1, "contrast": 0.2}, "point"),
    ("auto contrast", {"auto_contrast": True}, "point"),
    ("hue/saturation", {"saturation": 0.3, "hue": 10.0}, "colour"),
    ("auto white balance", {"auto_white_balance": True}, "colour"),
    ("remove colour cast", {"remove_cast": 1.0}, "colour"),
    ("black and white", {"black_and_white": "0.3,0.59,0.11"}, "colour"),
    ("local contrast (CLAHE)", {"local_contrast": 2.0}, "local"),
    ("equalise", {"equalize": True}, "local"),
    ("sharpen", {"sharpen": 1.0}, "filter"),
    ("denoise (NL-means)", {"denoise": 6.0, "denoise_color": 8.0}, "filter"),
    ("JPEG artefacts", {"jpeg": 1.0}, "filter"),
]


def timed(engine: AdjustEngine, image: np.ndarray, given: dict) -> float:
    options = resolve_options(engine.params, given)
    with Stopwatch() as watch:
        engine.run(image, options, RunContext())
    return watch.seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side-mp", type=float, default=24.0, help="full-size document in megapixels (3:2)")
    args = parser.parse_args(argv)
    width = int(round((args.side_mp * 1e6 * 1.5) ** 0.5))
    height = int(round(width / 1.5))
    full = cv2.resize(photo(512), (width, height), interpolation=cv2.INTER_CUBIC)
    preview = cv2.resize(full, (1400, 900), interpolation=cv2.INTER_AREA)
    engine = AdjustEngine()
    rows = []
    for name, given, kind in OPERATIONS:
        preview_s = min(timed(engine, preview, given) for _ in range(3))
        full_s = timed(engine, full, given)
        rows.append({"operation": name, "kind": kind, "preview_ms": preview_s * 1000, "full_s": full_s,
                     "s_per_mp": full_s / (width * height / 1e6)})
        print(f"{name}: preview {preview_s * 1000:.0f} ms, full {full_s:.2f} s", flush=True)
    print_table(rows, ["operation", "kind", "preview_ms", "full_s", "s_per_mp"],
                f"\nAdjustments: {width}×{height} ({width * height / 1e6:.0f} MP) and a 1400×900 preview")
    write_json("adjust", {"document": f"{width}x{height}", "preview": "1400x900", "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
