"""Canvas frame times: panning and zooming a 24-megapixel, 10-layer document.

    .venv/bin/python benchmarks/bench_view.py [--frames 40] [--view 1400x900]

Builds a 6000 x 4000 document of 10 photo layers (mixed blend modes), shows it in the editor's
CanvasView offscreen, and times each frame the way the view draws it on screen (`repaint()`:
a synchronous paintEvent of the whole viewport). Scenarios: opening (paints composite progressively
under a time budget: each paint's time, and the time until all 24 MP are composited), panning
at fit / 100 % / 400 % (scroll-bar steps like a Space-drag), stepping the zoom in and out through the
wheel's zoom steps, and a repaint after a 100 px brush dab while zoomed out. Prints a table (median,
p95 and worst frame per scenario) and writes benchmarks/results/view.json.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: F401,E402  (puts the project root on sys.path)
from bench_core import build_document  # noqa: E402
from common import machine, print_table, write_json  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.readonly import writable  # noqa: E402
from widgets.canvas_view import CanvasView  # noqa: E402
from widgets.doc_bridge import DocBridge  # noqa: E402

WIDTH, HEIGHT = 6000, 4000


def frame_ms(view: CanvasView) -> float:
    start = time.perf_counter()
    view.viewport().repaint()
    return (time.perf_counter() - start) * 1000


def summary(name: str, times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"scenario": name, "frames": len(times), "median_ms": statistics.median(times), "p95_ms": p95,
            "worst_ms": ordered[-1], "fps_at_median": 1000 / max(statistics.median(times), 1e-6)}


def pan(view: CanvasView, zoom: float, frames: int) -> list[float]:
    view.set_zoom(zoom)
    frame_ms(view)  # settle: the first frame at a new zoom may rebuild the scaled copy
    times = []
    for i in range(frames):
        step = 40 if (i // 10) % 2 == 0 else -40  # back and forth, like a hand dragging
        view.scroll_by(step, step // 2)
        times.append(frame_ms(view))
    return times


def zoom_steps(view: CanvasView, frames: int) -> list[float]:
    view.fit_to_view()
    frame_ms(view)
    anchor = QPointF(view.viewport().width() / 3, view.viewport().height() / 3)
    times = []
    for i in range(frames):
        factor = 1.25 if (i // 8) % 2 == 0 else 0.8  # eight wheel notches in, eight out
        view.zoom_by(factor, anchor)
        times.append(frame_ms(view))
    return times


def dab_then_frame(view: CanvasView, doc, frames: int) -> list[float]:
    """Paint a 100 px square on the top layer at fit zoom and time the frame that shows it."""
    view.fit_to_view()
    frame_ms(view)
    layer = doc.layers[-1]
    times = []
    for i in range(frames):
        x, y = 500 + 97 * i, 800 + 41 * i
        with writable(layer.pixels):  # a benchmark paints behind the history's back, as a dab's write
            layer.pixels[y:y + 100, x:x + 100, :3] = (i * 37) % 255
        doc.notify("pixels", (x, y, 100, 100))
        start = time.perf_counter()
        QApplication.processEvents()  # deliver the change to the view as the app would
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--view", default="1400x900", help="viewport size, WxH")
    args = parser.parse_args()
    vw, vh = (int(v) for v in args.view.lower().split("x"))

    app = QApplication.instance() or QApplication(sys.argv)
    doc = build_document(WIDTH, HEIGHT)
    bridge = DocBridge()
    view = CanvasView(bridge)
    view.resize(vw, vh)
    view.show()
    app.processEvents()
    bridge.attach(doc)
    # Opening: paints composite progressively (a time budget each), so time every paint until done.
    opening, start = [], time.perf_counter()
    while True:
        opening.append(frame_ms(view))
        app.processEvents()
        if view.compositing_done:
            break
    until_done = time.perf_counter() - start

    rows = [summary("opening: each paint while compositing", opening)]
    fit = view.fit_zoom()
    rows.append(summary(f"pan zoomed out ({fit * 160:.0f} %)", pan(view, fit * 1.6, args.frames)))
    rows.append(summary("pan at 100 %", pan(view, 1.0, args.frames)))
    rows.append(summary("pan at 400 %", pan(view, 4.0, args.frames)))
    rows.append(summary("zoom in/out by wheel steps", zoom_steps(view, args.frames)))
    rows.append(summary("100 px dab, then frame (zoomed out)", dab_then_frame(view, doc, args.frames)))

    print_table(rows, ["scenario", "frames", "median_ms", "p95_ms", "worst_ms", "fps_at_median"],
                title=f"Canvas frames: {WIDTH}x{HEIGHT}, {len(doc.layers)} layers, viewport {vw}x{vh}")
    print(f"opening: fully composited after {until_done:.2f} s in {len(opening)} paints")
    write_json("view", {"machine": machine(), "document": f"{WIDTH}x{HEIGHT}, {len(doc.layers)} layers",
                        "viewport": [vw, vh], "opening_complete_s": until_done, "opening_paints": len(opening),
                        "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
