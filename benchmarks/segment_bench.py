"""Subject selection: ms per image for each path at 512² and 2048² (the person model through the engine vs.
a bare onnxruntime session on the same model and input; GrabCut from a box; edge matting), and the Smart
Select tool's latency from a click to the full-size mask at 2048² (a session open, clicks added one by one).

Photos: the astronaut (person) and the coffee cup (GrabCut from a box around the cup), resized.

Usage: python benchmarks/segment_bench.py [--quick]
"""
from __future__ import annotations

import argparse
import statistics
import sys
from functools import partial

import common  # noqa: F401  (puts the project root on sys.path)
import cv2
import numpy as np
from common import Stopwatch, print_table, write_json

from engines.base import RunContext  # noqa: E402
from engines.prompts import Box, Points  # noqa: E402
from engines.registry import create_engine  # noqa: E402
from engines.segment import learned  # noqa: E402
from engines.segment.matting import refine_edge  # noqa: E402

SIDES = (512, 2048)
CUP_BOX = (70 / 600, 10 / 400, 485 / 600, 395 / 400)  # of the photo's width and height
CLICKS = ((365 / 600, 285 / 400, False), (60 / 600, 200 / 400, False), (290 / 600, 350 / 400, True),
          (440 / 600, 120 / 400, True), (530 / 600, 60 / 400, False))
PREDICT_TARGET_MS = 300.0


def _photo(name: str, side: int) -> np.ndarray:
    from skimage import data

    image = getattr(data, name)()
    return cv2.resize(image, (side, side), interpolation=cv2.INTER_AREA if side < 512 else cv2.INTER_CUBIC)


def _best_ms(fn, repeats: int) -> float:
    fn()  # warm: sessions built, caches filled
    times = []
    for _ in range(repeats):
        with Stopwatch() as watch:
            fn()
        times.append(watch.seconds * 1000)
    return min(times)


def _cup_box(side: int) -> Box:
    x0, y0, x1, y1 = CUP_BOX
    return Box(x0 * side, y0 * side, x1 * side, y1 * side)


def person_rows(repeats: int, sides: tuple[int, ...]) -> list[dict]:
    import onnxruntime as ort

    from engines.runtime import model_path

    if "selfie" not in learned.installed("person"):
        return [{"path": "person (selfie)", "note": "not installed"}]
    engine = create_engine("segment")
    session = ort.InferenceSession(str(model_path("selfie")), providers=["CPUExecutionProvider"])
    rows = []
    for side in sides:
        image = _photo("astronaut", side)
        pipeline = _best_ms(partial(engine.run, image, {}, RunContext(), model_id="selfie"), repeats)
        small = cv2.resize(image, (256, 256), interpolation=cv2.INTER_AREA)
        bare = _best_ms(partial(session.run, None, {"input_1": small[None].astype(np.float32) / 255}), repeats)
        rows.append({"path": "person (selfie)", "size": f"{side}x{side}", "ms": pipeline, "bare_ms": bare,
                     "note": "bare: one onnxruntime run of the 256² input"})
    return rows


def grabcut_rows(repeats: int, sides: tuple[int, ...]) -> list[dict]:
    engine = create_engine("segment")
    rows = []
    for side in sides:
        image = _photo("coffee", side)
        box = _cup_box(side)
        ms = _best_ms(partial(engine.run, image, {}, RunContext(), model_id="grabcut", inputs=(box,)), repeats)
        rows.append({"path": "GrabCut from a box", "size": f"{side}x{side}", "ms": ms,
                     "note": "new session each time: working copy + first iterations + full-size edge"})
    return rows


def matting_rows(repeats: int, sides: tuple[int, ...]) -> list[dict]:
    engine = create_engine("segment")
    rows = []
    for side in sides:
        image = _photo("coffee", side)
        mask = engine.run(image, {}, RunContext(), model_id="grabcut", inputs=(_cup_box(side),)).mask
        assert mask is not None
        radius = max(4, round(8 * side / 1024))
        ms = _best_ms(partial(refine_edge, image, mask, radius), repeats)
        soft = refine_edge(image, mask, radius)
        rows.append({"path": f"edge matting (radius {radius} px)", "size": f"{side}x{side}", "ms": ms,
                     "note": f"{int(((soft > 0) & (soft < 255)).sum())} soft px"})
    return rows


def predict_latency(side: int = 2048) -> dict:
    """Click-to-mask: one session, the box first, then each click added to the prompts before."""
    image = _photo("coffee", side)
    session = create_engine("segment").open_session(image, "grabcut")
    box = _cup_box(side)
    with Stopwatch() as first:
        session.predict([box])
    xy: list[tuple[float, float]] = []
    labels: list[bool] = []
    times = []
    for fx, fy, label in CLICKS:
        xy.append((fx * side, fy * side))
        labels.append(label)
        with Stopwatch() as watch:
            session.predict([box, Points.of(xy, labels)])
        times.append(watch.seconds * 1000)
    return {"size": f"{side}x{side}", "box_ms": first.seconds * 1000, "click_ms": times,
            "median_ms": statistics.median(times), "max_ms": max(times), "target_ms": PREDICT_TARGET_MS}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="512² only, one repeat")
    args = parser.parse_args(argv)
    sides = SIDES[:1] if args.quick else SIDES
    repeats = 1 if args.quick else 3
    rows = person_rows(repeats, sides) + grabcut_rows(repeats, sides) + matting_rows(repeats, sides)
    print_table(rows, ["path", "size", "ms", "bare_ms", "note"], "Subject selection: ms per image (best of runs)")
    latency = predict_latency()
    print(f"\nSmart Select at {latency['size']}: box {latency['box_ms']:.0f} ms, then per click median "
          f"{latency['median_ms']:.0f} ms, worst {latency['max_ms']:.0f} ms (target {PREDICT_TARGET_MS:.0f} ms)")
    write_json("segment", {"rows": rows, "predict": latency,
                           "models_note": "salient (u2net), matting (MODNet) and SAM models are not installed "
                           "on this machine (no internet to fetch them): no rows for them."})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
