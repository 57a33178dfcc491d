"""A long one-tile upscale with the real x4plus model: cancel lands within a second and progress moves
from the start (one onnxruntime run of a minute or more, terminated from another thread)."""
from __future__ import annotations

import threading
import time

from engines.base import Cancelled, RunContext
from engines.params import resolve_options
from engines.runtime import get_cache
from engines.superres import UpscaleEngine

BEST = "realesrgan-x4plus"
SIDE = 512  # one tile of x4plus at this size is a minute of CPU time or more


def test_one_tile_x4plus_upscale_cancels_within_a_second_with_moving_progress(astronaut):
    assert astronaut.shape[:2] == (SIDE, SIDE)
    engine = UpscaleEngine()
    seen: list[tuple[float, float, str]] = []
    started = threading.Event()
    box: dict[str, object] = {}

    def on_progress(fraction: float, message: str) -> None:
        seen.append((time.monotonic(), fraction, message))
        if message == "tile 0/1":  # the model is loaded: its one tile starts now
            started.set()

    ctx = RunContext(device="cpu", on_progress=on_progress)

    def work() -> None:
        try:
            engine.run(astronaut, resolve_options(engine.params, {"tile": SIDE}), ctx, model_id=BEST)
        except BaseException as exc:  # noqa: BLE001 - checked below
            box["error"] = exc
        finally:
            box["end"] = time.monotonic()

    thread = threading.Thread(target=work)
    thread.start()
    assert started.wait(120)
    tile_started = time.monotonic()
    time.sleep(2.0)
    cancelled_at = time.monotonic()
    ctx.cancel()
    thread.join(30)
    assert isinstance(box.get("error"), Cancelled)
    assert box["end"] - cancelled_at < 1.0  # type: ignore[operator]
    # the premise: that one tile would have run for well over 20 s
    assert get_cache().get(BEST, "cpu").cost.expected(3 * SIDE * SIDE) > 20
    during = [f for t, f, m in seen if tile_started <= t <= cancelled_at and m == "tile 1/1"]
    assert len(during) >= 3 and during == sorted(during) and len(set(during)) == len(during)
    assert during[0] > 0.02
