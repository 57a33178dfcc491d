"""Document core: dirty-region compositing speed and history memory.

    .venv/bin/python benchmarks/bench_core.py [--repeats 60] [--strokes 100]

Prints a table and writes benchmarks/results/core.json.
Compositing: a 4000x3000 document of 10 photo layers (skimage photos resized; mixed blend modes,
some semi-transparent, one offset) - the median and best time to re-composite one 256x256 dirty region
(Compositor.invalidate + composite, a different region each time), and one full composite.
History: --strokes brush-like strokes (short random polylines drawn with cv2.line/cv2.circle through
History.paint) on one 6000x4000 (24 MP) layer - RSS growth (psutil), the history's own byte count,
and the time to undo and redo one stroke (median over the last 20 strokes).
"""
from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.compositor import Compositor  # noqa: E402
from app.document import BlendMode, Document, Layer  # noqa: E402

MODES = [
    BlendMode.NORMAL, BlendMode.MULTIPLY, BlendMode.SCREEN, BlendMode.OVERLAY, BlendMode.SOFT_LIGHT,
    BlendMode.COLOR_DODGE, BlendMode.COLOR_BURN, BlendMode.DIFFERENCE, BlendMode.HARD_LIGHT, BlendMode.LIGHTEN,
]


def _photos() -> list[np.ndarray]:
    from skimage import data

    return [data.astronaut(), data.coffee(), data.chelsea(), data.rocket(), data.immunohistochemistry()]


def build_document(width: int = 4000, height: int = 3000) -> Document:
    photos = _photos()
    rng = np.random.default_rng(0)
    doc = Document(width, height)
    for i, mode in enumerate(MODES):
        rgb = cv2.resize(photos[i % len(photos)], (width, height), interpolation=cv2.INTER_CUBIC)
        if i % 2:
            rgb = rgb[::-1].copy()
        if i in (3, 6):  # semi-transparent gradients
            alpha = np.broadcast_to(np.linspace(40, 255, width).astype(np.uint8)[None, :], (height, width))
            rgb = np.dstack([rgb, alpha])
        layer = Layer.from_rgb(f"layer {i}", rgb, blend_mode=mode, opacity=0.6 + 0.04 * i)
        if i == 8:
            layer.offset = (int(rng.integers(100, 500)), int(rng.integers(100, 500)))
        doc.layers.append(layer)
    return doc


def bench_compositing(repeats: int) -> dict:
    doc = build_document()
    comp = Compositor(doc)
    t0 = time.perf_counter()
    comp.composite()
    full_s = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    times, cpu_times = [], []
    for _ in range(repeats):
        x = int(rng.integers(0, doc.width - 256))
        y = int(rng.integers(0, doc.height - 256))
        doc.notify("pixels", (x, y, 256, 256))  # what a brush dab does
        t0, c0 = time.perf_counter(), time.thread_time()
        comp.composite()
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.thread_time() - c0)
    comp.close()
    return {
        "document": f"{doc.width}x{doc.height}, {len(doc.layers)} layers",
        "dirty_256_median_ms": float(np.median(times) * 1e3),
        "dirty_256_best_ms": float(np.min(times) * 1e3),
        # CPU time of this thread: what the work costs when the machine is shared with other jobs
        "dirty_256_median_cpu_ms": float(np.median(cpu_times) * 1e3),
        "full_composite_s": full_s,
    }


def bench_history(strokes: int) -> dict:
    proc = psutil.Process()
    rng = np.random.default_rng(2)
    photo = _photos()[0]
    doc = Document.from_image(cv2.resize(photo, (6000, 4000), interpolation=cv2.INTER_CUBIC))
    layer = doc.layers[0]
    gc.collect()  # the compositing benchmark's document must be gone before the baseline
    rss0 = proc.memory_info().rss
    undo_times, redo_times, stroke_times = [], [], []
    for i in range(strokes):
        start = rng.integers(0, [6000, 4000])
        pts = [start]
        for _ in range(int(rng.integers(3, 8))):
            pts.append(np.clip(pts[-1] + rng.integers(-150, 151, 2), 0, [5999, 3999]))
        pts_arr = np.array(pts)
        thickness = int(rng.integers(4, 40))
        color = tuple(int(v) for v in rng.integers(0, 256, 3)) + (255,)
        x0, y0 = pts_arr.min(axis=0) - thickness
        x1, y1 = pts_arr.max(axis=0) + thickness
        t0 = time.perf_counter()
        with doc.history.paint(layer.uid, "Brush Stroke") as tx:
            tx.touch((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
            for a, b in zip(pts, pts[1:]):
                cv2.line(layer.pixels, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), color, thickness)
            cv2.circle(layer.pixels, (int(pts[-1][0]), int(pts[-1][1])), thickness, color, -1)
        stroke_times.append(time.perf_counter() - t0)
        if i >= strokes - 20:
            t0 = time.perf_counter()
            doc.history.undo()
            undo_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            doc.history.redo()
            redo_times.append(time.perf_counter() - t0)
    rss1 = proc.memory_info().rss
    return {
        "layer": "6000x4000 RGBA (96 MB)",
        "strokes": strokes,
        "steps_kept": len(doc.history),
        "history_bytes": doc.history.nbytes,
        "rss_growth_bytes": rss1 - rss0,
        "stroke_commit_median_ms": float(np.median(stroke_times) * 1e3),
        "undo_median_ms": float(np.median(undo_times) * 1e3),
        "redo_median_ms": float(np.median(redo_times) * 1e3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--strokes", type=int, default=100)
    args = parser.parse_args()
    comp = bench_compositing(args.repeats)
    gc.collect()
    hist = bench_history(args.strokes)
    rows = [
        ("composite 256x256 dirty, median", f"{comp['dirty_256_median_ms']:.2f} ms"),
        ("composite 256x256 dirty, best", f"{comp['dirty_256_best_ms']:.2f} ms"),
        ("composite 256x256 dirty, median CPU", f"{comp['dirty_256_median_cpu_ms']:.2f} ms"),
        ("full composite 4000x3000", f"{comp['full_composite_s']:.2f} s"),
        (f"history bytes after {hist['strokes']} strokes", f"{hist['history_bytes'] / 2**20:.2f} MiB"),
        ("RSS growth over the strokes", f"{hist['rss_growth_bytes'] / 2**20:.1f} MiB"),
        ("stroke commit, median", f"{hist['stroke_commit_median_ms']:.2f} ms"),
        ("undo one stroke, median", f"{hist['undo_median_ms']:.2f} ms"),
        ("redo one stroke, median", f"{hist['redo_median_ms']:.2f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    out = ROOT / "benchmarks" / "results" / "core.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": {"platform": platform.platform(), "cpus": psutil.cpu_count(), "python": platform.python_version()},
        "compositing": comp,
        "history": hist,
    }
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
