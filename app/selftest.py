"""Self-test: open the bundled sample, run every registered engine on a small image, print a report.

Used by `python main.py self-test` (and `Kintsugi --self-test` in the frozen app); the installer build
fails if it fails. It checks the things a packaged build can get wrong: missing Qt plugins, missing
models, an onnxruntime without a usable provider, resources left out of the bundle. What each engine is
given comes from its class: a mask when it needs one, and its ``selftest_options``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from functools import partial
from typing import Callable, TextIO

import numpy as np

from app.paths import resource_path

SELFTEST_SIDE = 96  # long side of the engines' input: quick, and the sample's face is still found


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


Check = tuple[str, Callable[[], str]]


def _check(name: str, func: Callable[[], str]) -> CheckResult:
    start = time.perf_counter()
    try:
        detail = func() or "ok"
        ok = True
    except Exception as exc:  # the report must list every failure, not stop at the first
        detail = f"{type(exc).__name__}: {exc}"
        ok = False
    return CheckResult(name, ok, detail, time.perf_counter() - start)


def _sample_image() -> np.ndarray:
    from app.files.image_io import read_image_array

    pixels, _meta = read_image_array(resource_path("samples/old_photo.jpg"))
    return pixels


def _small(image: np.ndarray, side: int = SELFTEST_SIDE) -> np.ndarray:
    import cv2

    h, w = image.shape[:2]
    scale = side / max(h, w)
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


def _centre_mask(shape: tuple[int, ...]) -> np.ndarray:
    """A filled ellipse over the middle of the image, for engines that need a mask."""
    h, w = shape[:2]
    yy, xx = np.mgrid[:h, :w]
    inside = ((yy - h / 2) / (h / 4)) ** 2 + ((xx - w / 2) / (w / 4)) ** 2 <= 1.0
    return np.where(inside, 255, 0).astype(np.uint8)


def _run_engine(task: str, image: np.ndarray) -> str:
    from engines.base import RunContext
    from engines.params import resolve_options
    from engines.registry import engine_class

    cls = engine_class(task)
    engine = cls()
    options = resolve_options(cls.params, dict(cls.selftest_options))
    mask = _centre_mask(image.shape) if cls.needs_mask else None
    result = engine.run(image, options, RunContext(device="auto"), mask=mask)
    output = {"image": result.image, "mask": result.mask, "data": result.data}.get(cls.output_kind)
    if output is None or (isinstance(output, np.ndarray) and output.size == 0):
        raise RuntimeError(f"the engine returned no {cls.output_kind}")
    return f"{result.model_id or cls.default_model or 'no model'} on {result.provider or 'n/a'}"


def engine_checks(sample: np.ndarray) -> list[Check]:
    """One check per registered engine, run on a small copy of ``sample``."""
    from engines.registry import task_names

    small = _small(sample)
    return [(f"engine {task}", partial(_run_engine, task, small)) for task in task_names()]


def run_self_test(out: TextIO = sys.stdout) -> bool:
    import onnxruntime as ort

    results: list[CheckResult] = []
    results.append(_check("onnxruntime providers", lambda: ", ".join(ort.get_available_providers())))
    results.append(_check("Qt platform plugin", _qt_check))
    sample: dict[str, np.ndarray] = {}

    def open_sample() -> str:
        sample["image"] = _sample_image()
        h, w = sample["image"].shape[:2]
        return f"{w}x{h}"

    results.append(_check("open bundled sample", open_sample))
    if "image" in sample:
        results += [_check(name, fn) for name, fn in engine_checks(sample["image"])]
    width = max(len(r.name) for r in results)
    for r in results:
        status = "PASS" if r.ok else "FAIL"
        print(f"{status}  {r.name:<{width}}  {r.seconds * 1000:8.0f} ms  {r.detail}", file=out)
    failed = [r for r in results if not r.ok]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed", file=out)
    return not failed


def _qt_check() -> str:
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication(["kintsugi-self-test"])
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("a non-GUI Qt application is already running")
    image = QImage(8, 8, QImage.Format.Format_RGBA8888)
    painter = QPainter(image)
    painter.drawText(0, 8, "K")
    painter.end()
    return f"{app.platformName()}"


def cmd_self_test(args: argparse.Namespace) -> int:
    from app.cli import EXIT_FAILED, EXIT_OK

    # Headless by default: with no display Qt's default platform plugin (xcb) aborts the process. Qt
    # reads this when the QGuiApplication is made (in _qt_check), and a platform the caller set is kept.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return EXIT_OK if run_self_test() else EXIT_FAILED


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("self-test", help="run every registered engine on the sample and report")
    parser.set_defaults(func=cmd_self_test)
