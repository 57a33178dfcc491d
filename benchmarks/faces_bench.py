"""Faces: detection, mesh and iris time per stage and per face on real photos (CPU by default).

    .venv/bin/python benchmarks/faces_bench.py [--repeats 15] [--device cpu]

Prints a table and writes benchmarks/results/faces.json. Needs blazeface-short, blazeface-full, facemesh,
iris and centerface in the store (`python main.py models fetch blazeface-short blazeface-full facemesh iris
centerface`). Stages are timed with our pre/post-processing included (median of --repeats runs after a
warm-up): each detector on the 512x512 astronaut, FaceMesh per face (the usual two passes), iris per face
(both eyes), and whole FacesEngine.run calls: the astronaut (detector auto = short + CenterFace, and
short only) and a 1600x1000 "group photo" of 15 pasted 25-px faces (auto), reported per face found.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import photo, print_table, write_json  # noqa: E402
from engines.base import RunContext  # noqa: E402
from engines.faces import iris as iris_mod  # noqa: E402
from engines.faces import mesh as mesh_mod  # noqa: E402
from engines.faces.detector import BLAZEFACE, detect_blazeface, detect_centerface  # noqa: E402
from engines.faces.engine import FacesEngine  # noqa: E402
from engines.params import resolve_options  # noqa: E402
from engines.runtime import get_cache  # noqa: E402


def median_ms(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm-up: session creation, first-run allocations
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def group_photo() -> np.ndarray:
    from skimage import data

    canvas = cv2.resize(data.coffee(), (1600, 1000), interpolation=cv2.INTER_AREA)
    small = cv2.resize(data.astronaut(), (128, 128), interpolation=cv2.INTER_AREA)
    for i in range(3):
        for j in range(5):
            canvas[100 + 300 * i:228 + 300 * i, 80 + 300 * j:208 + 300 * j] = small
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--device", default="cpu", choices=("cpu", "auto", "gpu"))
    args = parser.parse_args()
    cache = get_cache()
    image = photo(512)
    rows: list[dict[str, Any]] = []

    def stage(name: str, fn: Callable[[], Any], per: str = "image") -> None:
        rows.append({"stage": name, "ms": median_ms(fn, args.repeats), "per": per})

    short = cache.get("blazeface-short", args.device)
    full = cache.get("blazeface-full", args.device)
    centre = cache.get("centerface", args.device)
    mesh = cache.get("facemesh", args.device)
    iris = cache.get("iris", args.device)
    det = detect_blazeface(image, short, BLAZEFACE["blazeface-short"], 0.5)[0]
    points = mesh_mod.detect_mesh(image, mesh, det).points

    stage("detect blazeface-short 512²", lambda: detect_blazeface(image, short, BLAZEFACE["blazeface-short"], 0.5))
    stage("detect blazeface-full 512²", lambda: detect_blazeface(image, full, BLAZEFACE["blazeface-full"], 0.5))
    stage("detect centerface 512²", lambda: detect_centerface(image, centre, 0.5))
    stage("facemesh (2 passes)", lambda: mesh_mod.detect_mesh(image, mesh, det), "face")
    stage("iris (both eyes)", lambda: iris_mod.detect_iris(image, iris, points), "face")

    engine = FacesEngine()

    def run(img: np.ndarray, **options: Any) -> dict:
        ctx = RunContext(device=args.device)
        return engine.run(img, resolve_options(engine.params, options), ctx).data

    stage("engine astronaut, auto", lambda: run(image))
    stage("engine astronaut, short only", lambda: run(image, detector="short"))
    group = group_photo()
    found = len(run(group)["faces"])
    group_ms = median_ms(lambda: run(group), max(3, args.repeats // 5))
    rows.append({"stage": f"engine group 1600x1000, auto ({found} faces)", "ms": group_ms, "per": "image"})
    rows.append({"stage": "  of which per face", "ms": group_ms / max(found, 1), "per": "face"})

    print_table(rows, ["stage", "ms", "per"], title=f"Faces on {short.provider} (median of {args.repeats})")
    write_json("faces", {"device": args.device, "provider": short.provider, "repeats": args.repeats, "rows": rows})


if __name__ == "__main__":
    main()
