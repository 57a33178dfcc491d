"""Long model runs: cancel that lands within a fraction of a second, and progress that moves while one
run goes on (a 512 px x4plus upscale is one onnxruntime run of a minute or more).

- Cancel: every run with a RunContext gets its own ``RunOptions``; ``ctx.cancel()`` sets its
  ``terminate`` flag through an ``on_cancel`` hook, which stops onnxruntime at its next node. Runs
  expected to be long (or of unknown length) run on a helper thread while the caller polls the cancel
  event (app.jobs sets it directly): on cancel the caller raises ``Cancelled`` at once and the terminated
  run ends in the background, after its current node. At exit, runs still going are terminated and
  waited for (onnxruntime aborts the process when it is torn down under a running session).
- Progress: each model session learns its speed (``RunCost``: seconds per input element, from its last
  run large enough to tell). Inside ``ctx.unit(start, end)``, a long run reports estimated progress on a
  timer, linear up to 90 % of the unit at the expected end, then creeping towards it.
- ``calibrate``: before a long first unit on a model of unknown speed, the strategies time it once on a
  small crop (about 1/64 of the unit's cost), so even a one-tile job's progress moves.
"""
from __future__ import annotations

import atexit
import math
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import onnxruntime as ort

from engines.base import Cancelled, RunContext, WorkUnit

POLL_S = 0.05  # how often a waiting caller looks at the cancel event
TICK_S = 0.25  # how often estimated progress is reported
DETACH_ABOVE_S = 0.5  # runs expected to take longer (or unknown) run on a helper thread
MIN_TIMED_ELEMENTS = 3 * 32 * 32  # smaller runs are dominated by per-node overhead: they teach no speed
CALIBRATION_SIDE = 32
CALIBRATE_ABOVE = 64  # calibrate only units at least this many calibration crops large
EXIT_WAIT_S = 30.0  # a terminated run ends after its current node: seconds at most

T = TypeVar("T")


class RunCost:
    """Seconds per input element of one model session, from its last run large enough to tell."""

    def __init__(self) -> None:
        self._per_element: float | None = None

    @property
    def known(self) -> bool:
        return self._per_element is not None

    def expected(self, elements: int) -> float | None:
        return None if self._per_element is None else self._per_element * elements

    def record(self, elements: int, seconds: float) -> None:
        if elements >= MIN_TIMED_ELEMENTS:
            self._per_element = seconds / elements


def estimated_fraction(unit: WorkUnit, progress: float) -> float:
    """Where progress stands ``progress`` (elapsed / expected) into ``unit``: 90 % of the unit at the
    expected end, then creeping towards its end without reaching it (the estimate may be short)."""
    share = 0.9 * progress if progress <= 1.0 else 1.0 - 0.1 * math.exp(-(progress - 1.0))
    return unit.start + (unit.end - unit.start) * min(share, 0.99)


def run_cancellable(
    call: Callable[[ort.RunOptions], T], options: ort.RunOptions, ctx: RunContext, expected: float | None
) -> T:
    """``call(options)`` (one session.run) so that cancel stops it at once; see the module docstring."""
    ctx.check_cancelled()

    def terminate() -> None:
        options.terminate = True

    unregister = ctx.on_cancel(terminate)
    try:
        if expected is not None and expected < DETACH_ABOVE_S:
            try:
                return call(options)
            except Exception:
                if options.terminate:
                    raise Cancelled() from None
                raise
        return _detached(call, options, ctx, expected)
    finally:
        unregister()


_running: dict[threading.Thread, ort.RunOptions] = {}  # detached runs going on now
_running_lock = threading.Lock()


@atexit.register
def _stop_running() -> None:
    with _running_lock:
        running = list(_running.items())
    for _thread, options in running:
        options.terminate = True
    for thread, _ in running:
        thread.join(EXIT_WAIT_S)


def _detached(call: Callable[[ort.RunOptions], T], options: ort.RunOptions, ctx: RunContext,
              expected: float | None) -> T:
    out: list[T] = []  # the result, or
    error: list[BaseException] = []  # what the call raised
    done = threading.Event()

    def work() -> None:
        try:
            out.append(call(options))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            error.append(exc)
        finally:
            with _running_lock:
                del _running[threading.current_thread()]
            done.set()

    thread = threading.Thread(target=work, name="kintsugi-model-run", daemon=True)
    with _running_lock:
        _running[thread] = options
    thread.start()
    start = time.monotonic()
    next_tick = start + TICK_S
    unit = ctx.current_unit
    while not done.wait(POLL_S):
        if ctx.cancelled:
            options.terminate = True  # the abandoned run stops after its current node
            raise Cancelled()
        now = time.monotonic()
        if unit is not None and expected and now >= next_tick:
            fraction = estimated_fraction(unit, (now - start) / expected)
            if fraction > ctx.shown:
                ctx.progress(fraction, unit.message)
            next_tick = now + TICK_S
    if error:
        if options.terminate:
            raise Cancelled() from None
        raise error[0]
    return out[0]


def calibrate(cost: RunCost | None, height: int, width: int, multiple: int, run_crop: Callable[[int], Any]) -> None:
    """Before a unit of ``height`` x ``width`` on a model whose speed is not known yet, call
    ``run_crop(side)`` (the model on a side x side crop) so the runtime learns the speed from it."""
    if cost is None or cost.known:
        return
    side = CALIBRATION_SIDE + (-CALIBRATION_SIDE) % max(1, multiple)
    if min(height, width) >= side and height * width >= CALIBRATE_ABOVE * side * side:
        run_crop(side)
