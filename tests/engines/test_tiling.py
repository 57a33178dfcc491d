"""Tiling: exact against a whole-image run, smooth seams, padding, progress, cancel; memory-based tile size."""
from __future__ import annotations

import numpy as np
import pytest

from engines import memory
from engines.base import Cancelled, RunContext
from engines.runtime import get_cache
from engines.tiling import _starts, tiled_apply
from tests.engines.standin_models import STANDIN_CONV_RADIUS, install_standin_models, standin_session_fn


@pytest.fixture()
def standin(monkeypatch, tmp_path):
    install_standin_models(monkeypatch, tmp_path)
    yield
    get_cache().release_all()


def _whole(loaded, image: np.ndarray) -> np.ndarray:
    return standin_session_fn(loaded)(image)


def test_tiled_equals_whole_image_when_overlap_covers_receptive_field(standin, astronaut):
    image = astronaut[100:250, 180:350].astype(np.float32) / 255.0  # 150 x 170: not a tile multiple
    loaded = get_cache().get("standin-conv", "cpu")
    whole = _whole(loaded, image)
    overlap = 16
    assert overlap // 4 >= STANDIN_CONV_RADIUS  # the dropped margin covers what a cut edge corrupts
    calls = []

    def fn(tile):
        calls.append(tile.shape)
        return standin_session_fn(loaded)(tile)

    tiled = tiled_apply(image, fn, tile=64, overlap=overlap)
    assert len(calls) > 4  # really tiled
    assert tiled.shape == whole.shape
    assert np.abs(tiled - whole).max() < 1e-5


def test_too_small_overlap_is_not_exact(standin, astronaut):
    # Guards the test above: with no overlap the cut edges must show, or the comparison proves nothing.
    image = astronaut[100:228, 180:372].astype(np.float32) / 255.0  # 128 x 192: tiles meet edge to edge
    loaded = get_cache().get("standin-conv", "cpu")
    tiled = tiled_apply(image, standin_session_fn(loaded), tile=64, overlap=0)
    assert np.abs(tiled - _whole(loaded, image)).max() > 1e-3


def test_tiled_upscale_equals_whole_image(standin, chelsea):
    image = chelsea[50:170, 100:230].astype(np.float32) / 255.0
    loaded = get_cache().get("standin-upscale2", "cpu")
    whole = standin_session_fn(loaded)(image)
    tiled = tiled_apply(image, standin_session_fn(loaded), scale=2, tile=48, overlap=16)
    assert tiled.shape == (240, 260, 3) == whole.shape
    assert np.abs(tiled - whole).max() < 1e-5


def test_seams_blend_smoothly():
    # Each tile returns a different constant: a hard seam would jump by up to 1 between neighbours.
    image = np.zeros((200, 300, 1), np.float32)
    values = iter(np.linspace(0.0, 1.0, 50))

    def fn(tile):
        return np.full(tile.shape, next(values), np.float32)

    out = tiled_apply(image, fn, tile=96, overlap=32)
    steps = max(np.abs(np.diff(out, axis=0)).max(), np.abs(np.diff(out, axis=1)).max())
    assert steps < 0.12
    assert out.min() >= 0.0 and out.max() <= 1.0


@pytest.mark.parametrize("height,width,tile,overlap,multiple", [
    (1, 1, 64, 8, 1), (63, 65, 64, 8, 1), (65, 300, 64, 32, 8), (129, 513, 128, 40, 4),
    (700, 30, 96, 48, 16), (257, 257, 64, 100, 1), (50, 70, 30, 3, 4),
])
def test_identity_is_exact_for_any_geometry(height, width, tile, overlap, multiple):
    rng = np.random.default_rng(height * 1000 + width)
    image = rng.random((height, width, 3), dtype=np.float32)
    shapes = []

    def fn(t):
        shapes.append(t.shape)
        assert t.shape[0] % multiple == 0 and t.shape[1] % multiple == 0
        return t

    out = tiled_apply(image, fn, tile=tile, overlap=overlap, multiple=multiple)
    assert out.shape == image.shape
    assert np.abs(out - image).max() < 1e-5
    assert len(set(shapes)) == 1  # one tile shape for the whole image


def test_starts_overlap_at_least_nominal():
    for total in range(65, 600, 7):
        starts = _starts(total, 64, 16)
        assert starts[0] == 0 and starts[-1] == total - 64
        gaps = np.diff(starts)
        assert (64 - gaps >= 16).all()


def test_padding_to_multiple_and_grey_input():
    image = np.random.default_rng(0).random((37, 53), dtype=np.float32)
    out = tiled_apply(image, lambda t: t * 2, tile=64, multiple=16)
    assert out.shape == (37, 53, 1)
    assert np.allclose(out[:, :, 0], image * 2, atol=1e-6)


def test_progress_is_monotonic_and_reaches_the_end_of_its_span():
    seen: list[float] = []
    messages: list[str] = []
    ctx = RunContext(on_progress=lambda f, m: (seen.append(f), messages.append(m)))
    tiled_apply(np.zeros((200, 200, 3), np.float32), lambda t: t, tile=64, overlap=16, ctx=ctx, span=(0.2, 0.9))
    assert seen[0] == pytest.approx(0.2) and seen[-1] == pytest.approx(0.9)
    assert all(b >= a for a, b in zip(seen, seen[1:]))
    assert len(seen) == 1 + 16 and messages[-1] == "tile 16/16"

    seen.clear()
    tiled_apply(np.zeros((90, 90, 3), np.float32), lambda t: t, tile=64, overlap=16, ctx=ctx)
    assert seen[-1] == 1.0


def test_cancel_lands_between_tiles():
    ctx = RunContext()
    calls = []

    def fn(t):
        calls.append(1)
        if len(calls) == 2:
            ctx.cancel()  # e.g. the user pressed Cancel while tile 2 was running
        return t

    with pytest.raises(Cancelled):
        tiled_apply(np.zeros((300, 300, 3), np.float32), fn, tile=64, overlap=16, ctx=ctx)
    assert len(calls) == 2  # tile 2 finished, tile 3 never started


def test_cancel_before_start_runs_no_tile():
    ctx = RunContext()
    ctx.cancel()
    calls = []
    with pytest.raises(Cancelled):
        tiled_apply(np.zeros((100, 100, 3), np.float32), lambda t: calls.append(1) or t, tile=64, ctx=ctx)
    assert calls == []


def test_bad_tile_output_is_reported():
    with pytest.raises(ValueError, match="tile function returned"):
        tiled_apply(np.zeros((100, 100, 3), np.float32), lambda t: t[:10], tile=64)


# -- tile size from memory ---------------------------------------------------------------------------
def test_tile_for_memory_fits_the_budget_and_the_multiple():
    side = memory.tile_for_memory(16384, 4 * memory.GIB, fraction=0.5, multiple=8, maximum=4096)
    assert side % 8 == 0
    assert side * side * 16384 <= 2 * memory.GIB
    assert (side + 8) ** 2 * 16384 > 2 * memory.GIB - 8 * 16384 * (2 * side + 8)  # largest such tile
    small = memory.tile_for_memory(16384, 256 * memory.MIB, multiple=8)
    assert 64 <= small < side
    assert memory.tile_for_memory(1, 64 * memory.GIB, maximum=1024) == 1024
    assert memory.tile_for_memory(1e9, 1, minimum=64) == 64


def test_choose_tile_uses_ram_for_cpu_and_gpu_figure_when_known(monkeypatch):
    monkeypatch.setenv("KINTSUGI_GPU_MEMORY_MB", "512")
    monkeypatch.setattr(memory, "free_ram_bytes", lambda: 16 * memory.GIB)
    cpu = memory.choose_tile(4096, "CPUExecutionProvider", maximum=8192)
    gpu = memory.choose_tile(4096, "CUDAExecutionProvider", maximum=8192)
    assert gpu < cpu
    assert gpu == memory.tile_for_memory(4096, 512 * memory.MIB, maximum=8192)
    monkeypatch.delenv("KINTSUGI_GPU_MEMORY_MB")
    monkeypatch.setattr(memory, "_nvidia_smi", lambda: None)
    assert memory.free_bytes_for("DmlExecutionProvider") == memory.UNKNOWN_GPU_BYTES


def test_physical_cores_and_session_budget(monkeypatch):
    assert 1 <= memory.physical_cores() <= (__import__("os").cpu_count() or 1)
    monkeypatch.setenv("KINTSUGI_SESSION_BUDGET_MB", "100")
    assert memory.session_budget_bytes() == 100 * memory.MIB
    monkeypatch.delenv("KINTSUGI_SESSION_BUDGET_MB")
    assert 512 * memory.MIB <= memory.session_budget_bytes() <= 4 * memory.GIB
