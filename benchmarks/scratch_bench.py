"""Find Scratches and Dust (engines/inpaint/scratches.py): time per megapixel and peak memory at 512² and at a
12 MP 4000×3000 scan, for both kinds together and each alone. The 12 MP scan comes twice: the photo scaled
up (smooth, little to look at) and the photo tiled (detail everywhere, as in a sharp scan: the slow case,
since faint lines are then checked against the texture along their length).

Usage: python benchmarks/scratch_bench.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys

import common  # noqa: F401  (puts the project root on sys.path)
import cv2
import numpy as np
from common import RssSampler, Stopwatch, photo, print_table, write_json

from engines.inpaint.scratches import detect_scratches  # noqa: E402

SCENES = [("scaled", 512, 512), ("scaled", 4000, 3000), ("tiled", 4000, 3000)]
KINDS = ["both", "scratches", "dust"]


def scene_image(scene: str, width: int, height: int) -> np.ndarray:
    base = photo(512)
    if scene == "scaled":
        return cv2.resize(base, (width, height), interpolation=cv2.INTER_CUBIC)
    reps = (-(-height // base.shape[0]), -(-width // base.shape[1]), 1)
    return np.ascontiguousarray(np.tile(base, reps)[:height, :width])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row at 512² (the best is kept)")
    args = parser.parse_args(argv)
    rows = []
    for scene, width, height in SCENES:
        image = scene_image(scene, width, height)
        megapixels = width * height / 1e6
        for kinds in KINDS:
            runs = args.repeat if megapixels < 1 else 1
            best = float("inf")
            with RssSampler() as memory:
                for _ in range(runs):
                    with Stopwatch() as watch:
                        mask = detect_scratches(image, kinds=kinds)
                    best = min(best, watch.seconds)
            rows.append({"size": f"{width}x{height}", "scene": scene, "kinds": kinds, "s": best,
                         "ms_per_mp": best * 1000 / megapixels, "peak_growth_mib": memory.growth_mib,
                         "marked_pct": 100 * float((mask > 0).mean())})
            print(f"{width}x{height} {scene} {kinds}: {best:.2f} s", flush=True)
    print_table(rows, ["size", "scene", "kinds", "s", "ms_per_mp", "peak_growth_mib", "marked_pct"],
                "\nFind Scratches and Dust, default settings, on the astronaut photo scaled up or tiled")
    write_json("scratches", {"rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
