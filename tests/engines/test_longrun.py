"""Long model runs: cancel lands at once (RunOptions.terminate from another thread, or the cancel event
set directly as app.jobs does), onnxruntime's terminate error becomes Cancelled, progress moves on a
timer inside a long run, and a model's speed is learned from its runs. Stand-in graphs only."""
from __future__ import annotations

import threading
import time

import numpy as np
import onnxruntime as ort
import pytest

from engines import longrun
from engines.base import Cancelled, RunContext, WorkUnit
from engines.runtime import get_cache
from engines.tiling import tiled_apply
from tests.engines.standin_models import install_standin_models, standin_session_fn

SIDE = 512  # the stand-in chain takes ~5 s at this size on two cores, in ~300 short nodes


@pytest.fixture()
def chain(monkeypatch, tmp_path):
    install_standin_models(monkeypatch, tmp_path)
    loaded = get_cache().get("standin-chain", "cpu")
    loaded.run(["output"], {"input": np.zeros((1, 3, 64, 64), np.float32)})  # warm: first runs plan memory
    yield loaded
    get_cache().release_all()


def _feeds(side: int = SIDE) -> dict[str, np.ndarray]:
    return {"input": np.random.default_rng(0).random((1, 3, side, side), np.float32)}


def _cancel_later(ctx: RunContext, after: float, directly: bool) -> dict[str, float]:
    when: dict[str, float] = {}

    def cancel() -> None:
        when["t"] = time.monotonic()
        if directly:
            ctx.cancel_event.set()  # what app.jobs does: no hooks called
        else:
            ctx.cancel()

    threading.Timer(after, cancel).start()
    return when


@pytest.mark.parametrize("directly", [False, True])
def test_cancel_stops_a_running_model_at_once(chain, directly):
    ctx = RunContext(device="cpu")
    when = _cancel_later(ctx, 0.5, directly)
    with pytest.raises(Cancelled):
        chain.run(["output"], _feeds(), ctx)
    assert time.monotonic() - when["t"] < 0.5
    # the terminated run ends by itself and lets go of the session: the next run works
    out = chain.run(["output"], _feeds(64), RunContext(device="cpu"))[0]
    assert out.shape == (1, 3, 64, 64)


def test_a_short_run_is_terminated_through_the_hook_and_reports_cancelled():
    ctx = RunContext()
    options = ort.RunOptions()
    started = threading.Event()

    def call(opts: ort.RunOptions) -> list:
        started.set()
        deadline = time.monotonic() + 5
        while not opts.terminate and time.monotonic() < deadline:
            time.sleep(0.005)
        raise RuntimeError("[ONNXRuntimeError] : 1 : FAIL : Exiting due to terminate flag being set to true.")

    threading.Thread(target=lambda: (started.wait(), ctx.cancel())).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        longrun.run_cancellable(call, options, ctx, expected=0.01)  # short: runs on the caller's thread
    assert time.monotonic() - start < 1.0 and options.terminate


def test_other_errors_are_not_taken_for_cancel():
    def call(opts: ort.RunOptions) -> list:
        raise ValueError("bad input")

    for expected in (0.01, None):  # on the caller's thread, and detached
        with pytest.raises(ValueError, match="bad input"):
            longrun.run_cancellable(call, ort.RunOptions(), RunContext(), expected)


def test_progress_moves_inside_a_long_unit_and_stays_in_it():
    seen: list[float] = []
    ctx = RunContext(on_progress=lambda f, m: seen.append(f))

    def call(opts: ort.RunOptions) -> str:
        time.sleep(1.6)
        return "done"

    with ctx.unit(0.2, 0.6, "tile 1/1"):
        assert longrun.run_cancellable(call, ort.RunOptions(), ctx, expected=1.0) == "done"
    assert len(seen) >= 4 and seen == sorted(seen) and len(set(seen)) == len(seen)
    assert 0.2 < seen[0] and seen[-1] < 0.6
    # the estimate: linear up to 90 % of the unit at the expected end, then creeping towards its end
    unit = WorkUnit(0.2, 0.6, "")
    assert longrun.estimated_fraction(unit, 0.5) == pytest.approx(0.2 + 0.4 * 0.45)
    assert longrun.estimated_fraction(unit, 1.0) == pytest.approx(0.2 + 0.4 * 0.9)
    assert longrun.estimated_fraction(unit, 1.0) < longrun.estimated_fraction(unit, 2.0) < 0.6


def test_speed_is_learned_from_runs_large_enough_to_tell(chain):
    cost = longrun.RunCost()
    cost.record(100, 1.0)
    assert not cost.known and cost.expected(10) is None
    cost.record(10_000, 2.0)
    assert cost.expected(5_000) == pytest.approx(1.0)
    chain.run(["output"], _feeds(128))
    assert chain.cost.expected(3 * 128 * 128) > 0


def test_a_one_tile_job_shows_progress_from_the_start(chain):
    """A single tile of a model whose speed is unknown: calibrated on a small crop, then estimated."""
    moving: list[float] = []
    ticked = threading.Event()

    def on_progress(fraction: float, message: str) -> None:
        if 0 < fraction < 1:
            moving.append(fraction)
        if len(moving) >= 3:
            ticked.set()

    ctx = RunContext(device="cpu", on_progress=on_progress)
    chain.cost = longrun.RunCost()  # as a fresh session
    image = np.random.default_rng(1).random((SIDE, SIDE, 3), np.float32)
    when: dict[str, float] = {}

    def cancel_once_progress_moved() -> None:
        if ticked.wait(30):
            when["t"] = time.monotonic()
            ctx.cancel_event.set()

    threading.Thread(target=cancel_once_progress_moved).start()
    with pytest.raises(Cancelled):
        tiled_apply(image, standin_session_fn(chain, ctx), tile=SIDE, ctx=ctx, span=(0.0, 1.0), cost=chain.cost)
    assert time.monotonic() - when["t"] < 0.5
    assert chain.cost.known  # measured on the small crop
    assert moving == sorted(moving) and len(set(moving)) == len(moving)
