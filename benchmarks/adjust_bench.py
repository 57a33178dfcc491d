"""Adjustments and restoration filters: full-size apply time at 24 MP, and the preview's work (the same
operation on a screen-sized 1400×900 copy, what a live preview computes) for each operation. Then the
canvas preview (widgets/canvas_preview.py) in a 1400×900 canvas at fit, 70 % and 100 %: the time from a
request to its result being ready (worker thread, median of a few), for a point operation and a filter,
with the view at rest (options changing) and right after a zoom step.

Usage: python benchmarks/adjust_bench.py [--side-mp 24]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
# (row name, options): the canvas preview's latency, target < 100 ms for point operations.
CANVAS = [("levels", {"levels": "20,235,1.1"}), ("unsharp mask", {"sharpen": 1.0, "sharpen_radius": 2.0})]
CANVAS_VIEW = (1400, 900)
CANVAS_REPEATS = 5


def timed(engine: AdjustEngine, image: np.ndarray, given: dict) -> float:
    options = resolve_options(engine.params, given)
    with Stopwatch() as watch:
        engine.run(image, options, RunContext())
    return watch.seconds


def canvas_rows(full: np.ndarray) -> list[dict]:
    """Request-to-ready times of the canvas preview on a one-layer document of ``full``."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.document import Document
    from widgets.canvas_preview import CanvasPreview
    from widgets.canvas_view import CanvasView
    from widgets.doc_bridge import DocBridge
    from widgets.tools.overlay import OverlayHost

    app = QApplication.instance() or QApplication(sys.argv)
    doc = Document.from_image(full)
    bridge = DocBridge()
    view = CanvasView(bridge)
    view.resize(*CANVAS_VIEW)
    view.show()
    bridge.attach(doc)
    view.flush()
    app.processEvents()
    layer = doc.active_layer
    preview = CanvasPreview(AdjustEngine, view, OverlayHost(view), doc, layer.uid, layer.pixels[:, :, :3])
    engine = AdjustEngine()

    def ready_ms(options: dict) -> float:
        loop = QEventLoop()
        preview.ready.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        begin = time.perf_counter()
        preview.show_options(options, None, None, "cpu")
        loop.exec()
        preview.ready.disconnect(loop.quit)
        return (time.perf_counter() - begin) * 1000

    rows = []
    ready_ms(resolve_options(engine.params, CANVAS[0][1]))  # warms up imports and lookup tables
    for zoom_name, zoom in (("fit", view.fit_zoom()), ("70 %", 0.7), ("100 %", 1.0)):
        for name, given in CANVAS:
            options = resolve_options(engine.params, given)
            moved = []  # each after a zoom step: a new part (and, reduced, a new downscaled copy)
            for step in range(CANVAS_REPEATS):
                view.set_zoom(zoom * (1.02 if step % 2 == 0 else 1.0))
                app.processEvents()
                moved.append(ready_ms(options))
            view.set_zoom(zoom)
            app.processEvents()
            ready_ms(options)
            still = [ready_ms(options) for _ in range(CANVAS_REPEATS)]  # options changing, the view at rest
            shown = preview.shown
            x, y, w, h = shown.rect
            rows.append({"operation": name, "zoom": zoom_name, "median_ms": statistics.median(still),
                         "view_change_ms": statistics.median(moved), "part": f"{w}x{h}",
                         "computed": "reduced size" if shown.reduced else "full resolution",
                         "shown": f"{shown.after.shape[1]}x{shown.after.shape[0]}"})
            print(f"canvas {name} at {zoom_name}: {rows[-1]['median_ms']:.0f} ms, after a view change "
                  f"{rows[-1]['view_change_ms']:.0f} ms", flush=True)
    preview.close()
    preview.shutdown(60_000)
    return rows


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
    canvas = canvas_rows(full)
    print_table(canvas, ["operation", "zoom", "median_ms", "view_change_ms", "part", "computed", "shown"],
                f"\nCanvas preview in a {CANVAS_VIEW[0]}×{CANVAS_VIEW[1]} view: request to result ready")
    write_json("adjust", {"document": f"{width}x{height}", "preview": "1400x900", "rows": rows,
                          "canvas_view": f"{CANVAS_VIEW[0]}x{CANVAS_VIEW[1]}", "canvas_rows": canvas})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
