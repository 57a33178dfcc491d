"""Style's shared-statistics graphs are sessions of the runtime's cache: reused, counted in the memory
budget, and freed by "Free memory" (runtime.release_all) like every other session."""
from __future__ import annotations

import gc
import weakref

import cv2

from engines import style as st
from engines.base import RunContext
from engines.params import resolve_options
from engines.runtime import get_cache, release_all


def _tiled_style_run(image) -> None:
    engine = st.StyleEngine()
    engine.run(image, resolve_options(engine.params, {"style": "12", "tile": 512}), RunContext(device="cpu"))


def test_shared_statistics_sessions_live_in_the_budget_and_are_freed(astronaut):
    photo = cv2.resize(astronaut, (640, 640), interpolation=cv2.INTER_AREA)  # tiled at 512: both graphs
    _tiled_style_run(photo)
    cache = get_cache()
    variants = [m for m in cache.loaded() if m.variant is not None]
    assert sorted(m.variant for m in variants) == ["shared-norm", "statistics"]
    assert all(m.model_id == st.PRESETS_MODEL and m.size_bytes > 0 for m in variants)
    assert cache.used_bytes() >= sum(m.size_bytes for m in variants)
    _tiled_style_run(photo)  # a second run reuses them
    assert {id(m) for m in cache.loaded() if m.variant is not None} == {id(m) for m in variants}

    sessions = [weakref.ref(m.session) for m in variants]
    del variants
    release_all()
    gc.collect()
    assert cache.loaded() == []
    assert all(ref() is None for ref in sessions)  # nothing else holds a style session
