"""How long the UI thread stalls during a whole-image geometry change (Free Rotate, Scale Image) on a
24 MP, two-layer document: worked out on the UI thread (how it was) against off it, as the window runs it
now (``app.geometry_edit`` through ``widgets.geometry_runs``), probed with the same 5 ms timer as
bench_ui_stall.py. Prints a table and writes benchmarks/results/geometry_stall.json.

    .venv/bin/python benchmarks/geometry_stall_bench.py
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: F401,E402  (puts the project root on sys.path)
from bench_ui_stall import StallProbe, spin  # noqa: E402
from common import photo, print_table, write_json  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import canvas_ops, straighten  # noqa: E402
from app.document import Document, Layer  # noqa: E402
from app.geometry_edit import GeometryEdit  # noqa: E402
from widgets.file_dialogs import run_in_background  # noqa: E402

WIDTH, HEIGHT = 6000, 4000

EDITS: dict[str, Callable[[Document], GeometryEdit | None]] = {
    "Free Rotate 7°, expand, bicubic": lambda doc: straighten.rotate_free(doc, 7.0),
    "Scale Image to 150 %, cubic": lambda doc: canvas_ops.scale_image(doc, WIDTH * 3 // 2, HEIGHT * 3 // 2),
}


def document() -> Document:
    tile = np.dstack([photo(500), np.full((500, 500), 255, np.uint8)])
    pixels = np.ascontiguousarray(np.tile(tile, (HEIGHT // 500, WIDTH // 500, 1)))
    doc = Document.from_image(pixels[..., :3])
    doc.layers.append(Layer("Copy", pixels.copy()))
    return doc


def planned(make: Callable[[Document], GeometryEdit | None]) -> GeometryEdit:
    edit = make(document())
    assert edit is not None
    return edit


def on_the_ui_thread(edit: GeometryEdit) -> float:
    started = time.perf_counter()
    edit.run()
    return time.perf_counter() - started


def off_the_ui_thread(edit: GeometryEdit, probe: StallProbe) -> tuple[float, dict]:
    landed: list[float] = []
    failed: list[BaseException] = []
    started = time.perf_counter()
    probe.start()
    task = run_in_background(edit.work, lambda after: (edit.apply(after), landed.append(time.perf_counter())),
                             failed.append)
    spin(600, until=lambda: bool(landed or failed))
    probe.stop()
    del task
    if failed:
        raise failed[0]
    return landed[0] - started, probe.summary()


def main() -> int:
    _app = QApplication.instance() or QApplication(["geometry_stall_bench"])  # kept alive for the run
    probe = StallProbe()
    rows = []
    for name, make in EDITS.items():
        before = on_the_ui_thread(planned(make))
        seconds, stalls = off_the_ui_thread(planned(make), probe)
        rows.append({"edit": name, "sync_stall_s": before, "async_s": seconds, "async_max_stall_ms": stalls["max_ms"],
                     "async_p99_stall_ms": stalls["p99_ms"], "ticks": stalls["ticks"]})
        print(f"{name}: {before:.2f} s stalled before; now {seconds:.2f} s, max stall {stalls['max_ms']:.0f} ms",
              flush=True)
    print_table(rows, ["edit", "sync_stall_s", "async_s", "async_max_stall_ms", "async_p99_stall_ms", "ticks"],
                f"\nUI-thread stall during geometry on {WIDTH}×{HEIGHT}, two layers (a 5 ms probe)")
    write_json("geometry_stall", {"width": WIDTH, "height": HEIGHT, "layers": 2, "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
