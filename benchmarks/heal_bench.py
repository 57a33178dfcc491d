"""Healing tools on a 24 MP layer: spot-heal latency per method, and the healing brush's re-blend.

    .venv/bin/python benchmarks/heal_bench.py [--repeats 7] [--width 6000 --height 4000]

Spot heal: the real tool on a canvas with a JobManager, as in the window. Latency is from the end of a
40-px dab (the tool's on_release: footprint, crop, mask, submit) to the repaired crop being pasted as an
undo step (engine run on a worker thread, result delivered on the UI thread, paste); the median over dabs
on different spots, after one warm-up dab per method. Target: under 150 ms. Its parts (medians each):
release (crop and submit, UI thread), engine (the job's run), delivery and paste (the rest).
Healing brush, for a 100-px-long stroke at the tool's default 40-px brush and at 100 px: the re-blend
(coverage weights and Poisson solve, on a worker thread in the tool) and the UI thread's share (recording
the clone step and taking the crops at release; replacing the step when the blend lands).
Prints a table and writes benchmarks/results/heal.json.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: F401,E402  (puts the project root on sys.path)
import cv2  # noqa: E402
import numpy as np  # noqa: E402
from common import print_table, write_json  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from skimage import data  # noqa: E402

from app.brush import BrushSettings  # noqa: E402
from app.clone import CloneSource  # noqa: E402
from app.document import Document  # noqa: E402
from app.heal import HealStroke, apply_heal  # noqa: E402
from app.jobs import JobManager  # noqa: E402
from widgets.canvas_view import CanvasView  # noqa: E402
from widgets.doc_bridge import DocBridge  # noqa: E402
from widgets.tools.base import ToolContext, ToolEvent  # noqa: E402
from widgets.tools.heal_tools import SpotHealTool  # noqa: E402

METHODS = ("telea", "patchmatch", "auto")
TARGET_MS = 150.0
DAB = 40


def _photo(width: int, height: int) -> np.ndarray:
    return cv2.resize(data.astronaut(), (width, height), interpolation=cv2.INTER_CUBIC)


def _spots(width: int, height: int, count: int) -> list[tuple[float, float]]:
    """Dab centres spread over the image, one per run (none repairs what another already did)."""
    rng = np.random.default_rng(7)
    return [(float(x) + 0.5, float(y) + 0.5) for x, y in zip(rng.integers(200, width - 200, count),
                                                              rng.integers(200, height - 200, count))]


def spot_heal_rows(doc: Document, tool: SpotHealTool, jobs: JobManager, repeats: int) -> list[dict]:
    landed: list[float] = []
    doc.subscribe(lambda what, rect: landed.append(time.perf_counter()) if what == "history" else None)
    rows = []
    spots = _spots(doc.width, doc.height, (repeats + 1) * len(METHODS))
    for method in METHODS:
        tool.method = method
        total, release, engine = [], [], []
        for run in range(repeats + 1):  # the first dab warms the engine up (imports, first allocations)
            x, y = spots.pop()
            tool.on_press(ToolEvent(x, y))
            landed.clear()
            start = time.perf_counter()
            tool.on_release(ToolEvent(x, y))
            submitted = time.perf_counter()
            while tool.pending:
                QApplication.processEvents()
            job = jobs.jobs()[-1]
            if run == 0 or not landed:
                continue
            total.append((landed[-1] - start) * 1000)
            release.append((submitted - start) * 1000)
            engine.append(job.elapsed * 1000)
            jobs.forget_finished()
        used = job.result.model_id if job.result else ""
        row = {"method": method, "used": used, "latency_ms": statistics.median(total),
               "release_ms": statistics.median(release), "engine_ms": statistics.median(engine),
               # the result's way back to the UI thread and its paste
               "deliver_paste_ms": statistics.median(t - r - e for t, r, e in zip(total, release, engine)),
               "max_ms": max(total), "under_target": statistics.median(total) < TARGET_MS}
        rows.append(row)
        print(f"spot heal {method}: median {row['latency_ms']:.0f} ms", flush=True)
    return rows


def heal_brush_rows(doc: Document, repeats: int) -> list[dict]:
    rows = []
    for size in (DAB, 100):
        release, blend, apply = [], [], []
        for run in range(repeats + 1):
            source = CloneSource()
            source.set_point(2000.5, 1000.5 + 150 * run)
            x0, y = 3000.5, 1000.5 + 150 * run
            stroke = HealStroke(doc, doc.active_layer, BrushSettings(size=size, hardness=0.5), source, x0, y)
            for i in range(1, 21):
                stroke.add(x0 + 5 * i, y)
            t0 = time.perf_counter()
            patch = stroke.finish()
            t1 = time.perf_counter()
            healed = patch.blend()
            t2 = time.perf_counter()
            apply_heal(doc, patch, healed)
            t3 = time.perf_counter()
            if run:  # the first loads scipy's solver
                release.append((t1 - t0) * 1000)
                blend.append((t2 - t1) * 1000)
                apply.append((t3 - t2) * 1000)
        rows.append({"brush_px": size, "stroke_px": 100, "blend_ms": statistics.median(blend),
                     "blend_max_ms": max(blend), "ui_release_ms": statistics.median(release),
                     "ui_apply_ms": statistics.median(apply)})
        print(f"healing brush {size}px: blend {rows[-1]['blend_ms']:.1f} ms", flush=True)
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--width", type=int, default=6000)
    parser.add_argument("--height", type=int, default=4000)
    args = parser.parse_args(argv)
    _app = QApplication.instance() or QApplication(["heal_bench"])  # kept alive for the run
    doc = Document.from_image(_photo(args.width, args.height))
    bridge = DocBridge()
    canvas = CanvasView(bridge)
    bridge.attach(doc)
    jobs = JobManager()
    tool = SpotHealTool(ToolContext(canvas, job_manager=jobs))
    tool.settings.size = DAB
    try:
        spot = spot_heal_rows(doc, tool, jobs, args.repeats)
        brush = heal_brush_rows(doc, args.repeats)
    finally:
        jobs.shutdown()
    size = f"{args.width}x{args.height}"
    print_table(spot, ["method", "used", "latency_ms", "release_ms", "engine_ms", "deliver_paste_ms", "max_ms",
                 "under_target"],
                f"\nSpot healing: a {DAB}-px dab on {size}, end of dab to repair pasted (median of {args.repeats}; "
                f"target < {TARGET_MS:.0f} ms)")
    print_table(brush, ["brush_px", "stroke_px", "blend_ms", "blend_max_ms", "ui_release_ms", "ui_apply_ms"],
                f"\nHealing brush: a 100-px stroke on {size}: its re-blend (worker thread) and the UI thread's share")
    write_json("heal", {"document": size, "dab_px": DAB, "target_ms": TARGET_MS, "spot_heal": spot,
                        "healing_brush": brush})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
