"""How long the UI thread stalls while an engine job runs in the background.

    .venv/bin/python benchmarks/bench_ui_stall.py [--engine auto|upscale|style|standin] [--size 448]

Starts the Qt application offscreen with a main window holding the jobs panel, runs one ~30 s job through
the JobManager (upscale with realesrgan-x4plus on a --size photo when its model is ready, else style on a
large photo, else a stand-in convolution), and meanwhile probes the UI thread with a 5 ms QTimer. A stall
is how much later than 5 ms a tick arrived. Reports max, p99 and mean stall (also for 2 s idle before the
job, as the baseline), prints a table and writes benchmarks/results/ui_stall.json.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: F401,E402  (puts the project root on sys.path)
from common import photo, print_table, write_json  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from app.jobs import JobManager  # noqa: E402
from widgets.jobs_panel import JobsPanel  # noqa: E402

PROBE_MS = 5


def _ready(model_id: str) -> bool:
    try:
        from models.store import READY, default_store

        return default_store().status(model_id) == READY
    except Exception:
        return False


def choose_job(kind: str, size: int) -> dict:
    """task, image, options and model for a job of roughly 30 s on this machine."""
    if kind in ("auto", "upscale") and _ready("realesrgan-x4plus"):
        return {"task": "upscale", "image": photo(size), "options": {"scale": "4"}, "model_id": "realesrgan-x4plus",
                "what": f"upscale x4plus on {size}^2"}
    if kind in ("auto", "style") and _ready("style-multistyle26"):
        side = 2048
        return {"task": "style", "image": photo(side), "options": {}, "model_id": None,
                "what": f"style on {side}^2 (repeated)", "repeat": 8}
    # Stand-in: a small conv graph with a delay per tile (no model needed).
    sys.path.insert(0, str(common.ROOT))
    from engines import registry, runtime
    from tests.engines.standin_models import STANDIN_ENGINES, build_standin_conv

    path = build_standin_conv(Path(tempfile.mkdtemp()) / "standin-conv.onnx")
    runtime.model_path = lambda model_id, file=None: path  # the stand-in has no catalog entry
    registry.ENGINE_TABLE.update(STANDIN_ENGINES)
    return {"task": "standin-conv", "image": photo(1024), "options": {"tile": 128, "delay": 0.25},
            "model_id": None, "what": "stand-in conv on 1024^2 with 0.25 s per tile"}


class StallProbe:
    """A 5 ms timer on the UI thread; records how late each tick is."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.stalls: list[float] = []
        self._last = 0

    def start(self) -> None:
        self.stalls = []
        self.clock.start()
        self._last = self.clock.nsecsElapsed()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.stalls.append(max(0.0, (now - self._last) / 1e6 - PROBE_MS))
        self._last = now

    def summary(self) -> dict:
        values = np.asarray(self.stalls or [0.0])
        return {"ticks": len(self.stalls), "max_ms": float(values.max()), "p99_ms": float(np.percentile(values, 99)),
                "mean_ms": float(values.mean()), "over_50ms": int((values > 50).sum()),
                "over_100ms": int((values > 100).sum())}


def spin(seconds: float, until=None) -> None:
    """Run the real Qt event loop for ``seconds`` or until ``until()`` is true."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    checker = QTimer()
    if until is not None:
        checker.timeout.connect(lambda: until() and loop.quit())
        checker.start(50)
    loop.exec()
    checker.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("auto", "upscale", "style", "standin"), default="auto")
    parser.add_argument("--size", type=int, default=448, help="photo side for the upscale job")
    parser.add_argument("--device", choices=("auto", "gpu", "cpu"), default="auto")
    args = parser.parse_args(argv)

    _app = QApplication.instance() or QApplication(["bench_ui_stall"])  # kept alive for the run
    window = QMainWindow()
    manager = JobManager()
    window.setCentralWidget(JobsPanel(manager, window))
    window.resize(500, 400)
    window.show()
    job_spec = choose_job(args.engine, args.size)
    probe = StallProbe()

    probe.start()
    spin(2.0)
    probe.stop()
    idle = probe.summary()

    repeat = job_spec.get("repeat", 1)
    probe.start()
    started = time.monotonic()
    jobs = []
    for _ in range(repeat):
        jobs.append(manager.submit(job_spec["task"], job_spec["image"], job_spec["options"],
                                   model_id=job_spec["model_id"], device=args.device, title="Benchmark"))
    spin(3600, until=lambda: all(j.is_finished for j in jobs))
    spin(0.2)
    probe.stop()
    busy = probe.summary()
    job_seconds = time.monotonic() - started
    states = sorted({j.state.value for j in jobs})
    errors = [j.error for j in jobs if j.error]
    manager.shutdown()

    rows = [{"phase": "idle 2 s", **idle}, {"phase": f"job ({job_seconds:.0f} s)", **busy}]
    print_table(rows, ["phase", "ticks", "max_ms", "p99_ms", "mean_ms", "over_50ms", "over_100ms"],
                title=f"UI-thread stalls with a {PROBE_MS} ms probe: {job_spec['what']} -> {', '.join(states)}")
    if errors:
        print("errors:", "; ".join(errors))
    write_json("ui_stall", {"job": job_spec["what"], "job_seconds": job_seconds, "states": states,
                            "errors": errors, "probe_ms": PROBE_MS, "idle": idle, "busy": busy})
    return 0 if states == ["done"] else 1


if __name__ == "__main__":
    sys.exit(main())
