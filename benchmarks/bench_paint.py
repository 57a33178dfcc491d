"""Painting speed: cost per dab at 10 / 100 / 500 px on a 24 MP (6000 x 4000) layer, history included.

    .venv/bin/python benchmarks/bench_paint.py [--dabs 200]

Each row runs one stroke through ``app.stroke.PaintStroke`` (the path the brush tool takes): dab
interpolation, the history transaction's tile touch, the dab write, the document notification, and
finally the commit into one undo step (XOR tile deltas). "per dab" is the stroke time over the number
of dabs; "commit" is the one-off time to record the step at the end; "undo" the time to undo it. Also
timed: a 24 MP magic-wand click and a full-image lasso (one-off operations). Writes
benchmarks/results/paint.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import selection_ops  # noqa: E402
from app.brush import BrushSettings  # noqa: E402
from app.document import Document  # noqa: E402
from app.stroke import PaintStroke  # noqa: E402

WIDTH, HEIGHT = 6000, 4000


def make_doc() -> Document:
    rng = np.random.default_rng(0)
    # A smooth photo-like gradient plus noise (deltas compress like a real photo's would not, so noise).
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    base = np.stack([(x * 255 // WIDTH), (y * 255 // HEIGHT), ((x + y) * 255 // (WIDTH + HEIGHT))], axis=2)
    image = np.clip(base + rng.integers(-8, 9, base.shape), 0, 255).astype(np.uint8)
    return Document.from_image(image)


def bench_size(doc: Document, size: int, dabs: int) -> dict:
    settings = BrushSettings(size=size, hardness=0.7, spacing=0.15)
    step = settings.spacing_px(1.0)
    # A zig-zag path kept inside the image, long enough for `dabs` dabs.
    length = step * (dabs - 1)
    xs = np.linspace(size, WIDTH - size, 8)
    notified: list = []

    def listener(what: str, rect) -> None:
        notified.append(rect)

    doc.subscribe(listener)
    stroke = PaintStroke(doc, doc.active_layer, settings, "Bench", color=(200, 30, 30))
    t0 = time.perf_counter()
    stroke.begin(float(xs[0]), HEIGHT / 2)
    travelled, i = 0.0, 0
    x, y = float(xs[0]), HEIGHT / 2
    while travelled < length:
        nx = min(x + 4.0, WIDTH - size)  # pointer samples every 4 px, like a fast mouse
        if nx == x:
            break
        travelled += nx - x
        x = nx
        stroke.add(x, y)
        i += 1
    t1 = time.perf_counter()
    count = int(round(travelled / step)) + 1
    stroke.finish()
    t2 = time.perf_counter()
    doc.history.undo()
    t3 = time.perf_counter()
    doc.unsubscribe(listener)
    return {
        "size_px": size,
        "dabs": count,
        "per_dab_ms": (t1 - t0) * 1000 / count,
        "commit_ms": (t2 - t1) * 1000,
        "undo_ms": (t3 - t2) * 1000,
        "pointer_samples": i,
        "repaint_rects": len(notified),
    }


def bench_oneoffs(doc: Document) -> dict:
    t0 = time.perf_counter()
    plane = selection_ops.sample_region(doc, (WIDTH / 2, HEIGHT / 2), 40, contiguous=True)
    t1 = time.perf_counter()
    selection_ops.polygon_mask((HEIGHT, WIDTH), [(10, 10), (WIDTH - 10, 300), (WIDTH - 500, HEIGHT - 10),
                                                 (50, HEIGHT - 200)])
    t2 = time.perf_counter()
    return {"magic_wand_ms": (t1 - t0) * 1000, "magic_wand_selected": int((plane > 0).sum()),
            "lasso_full_image_ms": (t2 - t1) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dabs", type=int, default=200)
    args = parser.parse_args()
    doc = make_doc()
    rows = [bench_size(doc, size, args.dabs if size < 500 else max(40, args.dabs // 4)) for size in (10, 100, 500)]
    oneoffs = bench_oneoffs(doc)
    print(f"Layer {WIDTH} x {HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP), {platform.processor() or platform.machine()}")
    print(f"{'size':>6} {'dabs':>6} {'per dab':>10} {'commit':>10} {'undo':>10}")
    for r in rows:
        print(f"{r['size_px']:>4}px {r['dabs']:>6} {r['per_dab_ms']:>8.3f}ms {r['commit_ms']:>8.1f}ms "
              f"{r['undo_ms']:>8.1f}ms")
    print(f"magic wand (24 MP, contiguous): {oneoffs['magic_wand_ms']:.0f} ms; "
          f"full-image lasso: {oneoffs['lasso_full_image_ms']:.0f} ms")
    out = ROOT / "benchmarks" / "results" / "paint.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"layer": [WIDTH, HEIGHT], "machine": platform.machine(),
                               "python": platform.python_version(), "strokes": rows, "one_offs": oneoffs},
                              indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
