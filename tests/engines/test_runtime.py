"""Runtime plumbing: providers, session options, the session cache and its budget, and the OOM fallback
(smaller tiles, then the CPU) with a fake "GPU" provider that raises onnxruntime's allocation error, and
the sessions of a model whose file fails the store's background checksum check."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tomli_w

import engines.runtime as runtime
from engines import memory
from engines.base import Cancelled, EngineError, ModelUnavailableError, RunContext
from engines.tiling import tiled_apply
from models import store as store_mod
from models.store import ModelStore
from tests.engines.standin_models import build_standin_conv, install_standin_models, standin_session_fn

FAKE_GPU = "CUDAExecutionProvider"
ORT_OOM = (
    "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running Conv node. "
    "Status Message: bfc_arena.cc:376 AllocateRawInternal Failed to allocate memory for requested buffer "
    "of size 67108864"
)


@pytest.fixture()
def standin(monkeypatch, tmp_path):
    paths = install_standin_models(monkeypatch, tmp_path)
    yield paths
    runtime.get_cache().release_all()


class FakeGpuSession:
    """A real CPU session that claims to be on a GPU and runs out of memory above `max_pixels`."""

    def __init__(self, real: ort.InferenceSession, max_pixels: int, log: list) -> None:
        self.real, self.max_pixels, self.log = real, max_pixels, log

    def get_providers(self):
        return [FAKE_GPU, runtime.CPU_PROVIDER]

    def get_inputs(self):
        return self.real.get_inputs()

    def get_outputs(self):
        return self.real.get_outputs()

    def run(self, names, feeds):
        x = feeds["input"]
        self.log.append(x.shape[2])
        if x.shape[2] * x.shape[3] > self.max_pixels:
            raise RuntimeError(ORT_OOM)
        return self.real.run(names, feeds)


@pytest.fixture()
def fake_gpu(monkeypatch, standin):
    """Pretend a CUDA provider exists; `state` sets how many pixels fit and whether creation fails."""
    state = {"max_pixels": 10**9, "fail_create": False, "runs": [], "created": []}
    real_create = runtime.create_session
    monkeypatch.setattr(runtime, "available_providers", lambda: [FAKE_GPU, runtime.CPU_PROVIDER])

    def create(path, providers):
        state["created"].append(providers[0])
        if providers[0] == FAKE_GPU:
            if state["fail_create"]:
                raise RuntimeError("CUDA failure 100: no CUDA-capable device is detected")
            return FakeGpuSession(real_create(path, [runtime.CPU_PROVIDER]), state["max_pixels"], state["runs"])
        return real_create(path, providers)

    monkeypatch.setattr(runtime, "create_session", create)
    return state


def _work(image):
    def work(loaded, tile):
        return tiled_apply(image, standin_session_fn(loaded), tile=tile, overlap=16)
    return work


def test_providers_for_device_setting(monkeypatch):
    assert runtime.providers_for("cpu") == ["CPUExecutionProvider"]
    assert runtime.providers_for("auto")[-1] == "CPUExecutionProvider"
    monkeypatch.setattr(runtime, "available_providers",
                        lambda: ["CPUExecutionProvider", "CUDAExecutionProvider", "DmlExecutionProvider"])
    assert runtime.providers_for("gpu") == ["DmlExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"]
    assert runtime.providers_for("cpu") == ["CPUExecutionProvider"]
    with pytest.raises(ValueError):
        runtime.providers_for("tpu")


def test_session_options():
    options = runtime.session_options("CPUExecutionProvider")
    assert options.intra_op_num_threads == memory.physical_cores()
    assert options.graph_optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    assert options.enable_mem_pattern
    run = runtime.run_options("CPUExecutionProvider")
    assert run.get_run_config_entry("memory.enable_memory_arena_shrinkage") == "cpu:0"
    assert runtime.run_options("CUDAExecutionProvider") is None
    dml = runtime.session_options("DmlExecutionProvider")
    assert not dml.enable_mem_pattern and dml.execution_mode == ort.ExecutionMode.ORT_SEQUENTIAL


def test_cache_reuses_sessions_and_reports_provider(standin):
    cache = runtime.get_cache()
    a = cache.get("standin-conv", "cpu")
    assert a.provider == "CPUExecutionProvider"
    assert cache.get("standin-conv", "cpu") is a
    if runtime.providers_for("auto") == ["CPUExecutionProvider"]:
        assert cache.get("standin-conv", "auto") is a  # same provider, same session
    assert a.input_names == ["input"] and a.output_names == ["output"]
    cache.release_all()
    assert cache.loaded() == []
    assert cache.get("standin-conv", "cpu") is not a


def test_cache_evicts_least_recently_used_beyond_budget(standin):
    cache = runtime.SessionCache(budget_bytes=10**12)
    a = cache.get("standin-conv", "cpu")
    b = cache.get("standin-conv-b", "cpu")
    assert cache.get("standin-conv", "cpu") is a  # a is now the most recently used
    cache.budget_bytes = a.size_bytes + b.size_bytes  # a third session goes over the budget
    cache.get("standin-upscale2", "cpu")
    ids = [m.model_id for m in cache.loaded()]
    assert "standin-conv-b" not in ids and ids[-1] == "standin-upscale2"
    assert cache.used_bytes() <= cache.budget_bytes or ids == ["standin-upscale2"]
    assert b.size_bytes >= standin["standin-conv-b"].stat().st_size * runtime.SESSION_SIZE_FACTOR


def test_missing_model_is_model_unavailable(standin):
    with pytest.raises(ModelUnavailableError):
        runtime.get_cache().get("no-such-model", "cpu")


def test_corrupt_model_is_model_unavailable(standin, tmp_path, monkeypatch):
    bad = tmp_path / "standin-corrupt.onnx"
    bad.write_bytes(b"not an onnx file")
    monkeypatch.setattr(runtime, "model_path", lambda model_id, file=None: bad)
    with pytest.raises(ModelUnavailableError, match="could not be loaded"):
        runtime.get_cache().get("standin-corrupt", "cpu")


@pytest.mark.parametrize("message,expected", [
    (ORT_OOM, True),
    ("std::bad_alloc", True),
    ("CUDNN_STATUS_ALLOC_FAILED", True),
    ("CUDA error cudaErrorMemoryAllocation: out of memory", True),
    ("DirectML: E_OUTOFMEMORY (0x8007000E)", True),
    ("Invalid input name: image", False),
    ("Got invalid dimensions for input: input", False),
])
def test_is_allocation_error(message, expected):
    assert runtime.is_allocation_error(RuntimeError(message)) is expected
    assert runtime.is_allocation_error(MemoryError())


def test_fallback_halves_tiles_on_gpu_out_of_memory(fake_gpu, astronaut):
    image = astronaut[:160, :160].astype(np.float32) / 255.0
    fake_gpu["max_pixels"] = 64 * 64  # 128 px tiles do not fit, 64 px tiles do
    ctx = RunContext(device="auto")
    out, provider = runtime.run_with_fallback("standin-conv", "auto", ctx, _work(image), 128, min_tile=32)
    assert provider == FAKE_GPU
    # Tiles are fitted to the image (at most the size asked for): the first try is over 64 px and fails.
    assert 64 < fake_gpu["runs"][0] <= 128 and fake_gpu["runs"][-1] == 64
    assert any("retried with 64 px tiles" in n for n in ctx.notes)
    cpu = runtime.get_cache().get("standin-conv", "cpu")
    assert np.abs(out - standin_session_fn(cpu)(image)).max() < 1e-5


def test_fallback_moves_to_cpu_when_even_small_tiles_fail(fake_gpu, astronaut):
    image = astronaut[:100, :100].astype(np.float32) / 255.0
    fake_gpu["max_pixels"] = 0  # nothing fits on the "GPU"
    ctx = RunContext(device="gpu")
    out, provider = runtime.run_with_fallback("standin-conv", "gpu", ctx, _work(image), 64, min_tile=32)
    assert provider == "CPUExecutionProvider"
    small, large = sorted(set(fake_gpu["runs"]))  # tried <=64 px then <=32 px tiles on the GPU
    assert 32 < large <= 64 and small <= 32
    assert any("ran on the CPU instead" in n for n in ctx.notes)
    assert all(m.provider != FAKE_GPU for m in runtime.get_cache().loaded())  # GPU session released
    cpu = runtime.get_cache().get("standin-conv", "cpu")
    assert np.abs(out - standin_session_fn(cpu)(image)).max() < 1e-5


def test_gpu_session_that_fails_to_build_falls_back_to_cpu(fake_gpu):
    fake_gpu["fail_create"] = True
    ctx = RunContext(device="auto")
    loaded = runtime.get_cache().get("standin-conv", "auto", ctx=ctx)
    assert loaded.provider == "CPUExecutionProvider"
    assert any("could not load" in n for n in ctx.notes)
    runtime.get_cache().get("standin-conv", "auto", ctx=ctx)
    assert fake_gpu["created"].count(FAKE_GPU) == 1  # a failing GPU is not retried on every job


def test_fallback_gives_up_with_a_clear_message_on_cpu(standin):
    ctx = RunContext(device="cpu")

    def work(loaded, tile):
        raise RuntimeError(ORT_OOM)

    with pytest.raises(EngineError, match="Not enough memory"):
        runtime.run_with_fallback("standin-conv", "cpu", ctx, work, 256, min_tile=64)
    assert [n for n in ctx.notes if "retried" in n] and len(ctx.notes) == 2  # 128, then 64


def test_fallback_does_not_retry_other_errors_or_cancel(standin):
    calls = []

    def broken(loaded, tile):
        calls.append(tile)
        raise ValueError("shape mismatch")

    with pytest.raises(ValueError):
        runtime.run_with_fallback("standin-conv", "cpu", RunContext(), broken, 256)

    def cancelled(loaded, tile):
        calls.append(tile)
        raise Cancelled()

    with pytest.raises(Cancelled):
        runtime.run_with_fallback("standin-conv", "cpu", RunContext(), cancelled, 256)
    assert calls == [256, 256]


# -- a model file that fails the store's background check --------------------------------------------------
@pytest.fixture()
def rotten_standin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """standin-conv as a store model whose hash an earlier session cached, then hit by bit rot (one weight
    byte flipped, size and mtime kept). Yields the next session's store, which runtime.model_path asks."""
    path = build_standin_conv(tmp_path / "store" / "standin-conv" / "standin-conv.onnx", seed=1)
    data = path.read_bytes()
    entry = {"id": "standin-conv", "task": "style", "title": "standin", "licence": "MIT", "builtin": True,
             "files": [{"name": path.name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}],
             "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/standin-conv.onnx"]}]}
    (tmp_path / "cat").mkdir()
    (tmp_path / "cat" / "standin.toml").write_text(tomli_w.dumps({"model": [entry]}), "utf-8")

    def session() -> ModelStore:
        return ModelStore(tmp_path / "store", tmp_path / "cat", tmp_path / "bundled")

    session().require("standin-conv")  # hashed and cached
    weights = onnx.load(str(path)).graph.initializer[2].raw_data  # still loads with a wrong weight
    at = data.index(weights) + len(weights) // 2
    st = path.stat()
    path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    store = session()
    monkeypatch.setattr(store_mod, "default_store", lambda: store)
    yield store
    runtime.get_cache().release_all()


def test_sessions_of_a_model_failing_its_background_check_are_dropped(rotten_standin, monkeypatch):
    gate = threading.Event()
    real = store_mod.sha256_file
    monkeypatch.setattr(store_mod, "sha256_file", lambda p, *a: gate.wait(10) and real(p, *a))
    cache = runtime.get_cache()
    loaded = cache.get("standin-conv", "cpu")  # the first job starts at once, on the file being checked
    assert loaded in cache.loaded()
    gate.set()
    rotten_standin.join_checks()

    assert all(m.model_id != "standin-conv" for m in cache.loaded())
    with pytest.raises(ModelUnavailableError, match="standin-conv.onnx failed its SHA-256 check. Fetch it again"):
        cache.get("standin-conv", "cpu")


def test_session_built_while_the_check_fails_is_not_used(rotten_standin, monkeypatch):
    real_create = runtime.create_session

    def create(path, providers):
        rotten_standin.join_checks()  # the check ends while the session is being built
        return real_create(path, providers)

    monkeypatch.setattr(runtime, "create_session", create)
    with pytest.raises(ModelUnavailableError, match="failed its SHA-256 check"):
        runtime.get_cache().get("standin-conv", "cpu")
    assert runtime.get_cache().loaded() == []
