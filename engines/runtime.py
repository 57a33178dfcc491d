"""onnxruntime sessions: provider choice, a per-(model, provider) cache under a memory budget, one run at a
time per session, and the out-of-memory fallback (smaller tiles, then the CPU).

Public API (engines depend on exactly this):
    get_cache().get(model_id, device="auto", file=None, *, ctx=None, variant=None) -> LoadedModel
        variant=Variant(name, build): a session of a graph derived from the model file (``build() ->
        bytes``, e.g. style's shared-statistics graphs), cached, budgeted and freed like the model's own
    LoadedModel.run(output_names, feeds, ctx=None) -> list[np.ndarray]   # serialised per session; with a
        ctx: cancel stops it at once and, inside ctx.unit(...), progress moves while it runs (longrun.py)
    LoadedModel.provider                                        # provider actually used
    LoadedModel.cost                                            # its measured speed (longrun.RunCost)
    model_path(model_id, file=None) -> Path                     # raises ModelUnavailableError
    run_with_fallback(model_id, device, ctx, work, tile, *, file=None, min_tile=64) -> (result, provider)
    release_all()                                               # "Free memory" in the GUI
    providers_for(device) -> list[str]; is_allocation_error(exc) -> bool; provider_label(provider) -> str

A model whose file fails the store's background checksum check (models.store.on_corrupt) loses its cached
sessions; the next request for it raises ModelUnavailableError with the store's message.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import onnxruntime as ort
import psutil

from engines import longrun, memory
from engines.base import Cancelled, EngineError, ModelUnavailableError, RunContext
from models import store as model_store
from models.errors import ModelNotReady

log = logging.getLogger(__name__)

# Preference order for "auto" and "gpu"; the CPU is always the last resort.
GPU_PROVIDERS = ("DmlExecutionProvider", "CUDAExecutionProvider", "CoreMLExecutionProvider")
CPU_PROVIDER = "CPUExecutionProvider"
DEVICES = ("auto", "gpu", "cpu")

# Text of the errors onnxruntime, CUDA, cuDNN, DirectML and the C++ runtime raise when memory runs out.
ALLOCATION_MARKERS = (
    "failed to allocate",
    "out of memory",
    "outofmemory",
    "bad_alloc",
    "cudnn_status_alloc_failed",
    "cublas_status_alloc_failed",
    "cuda_error_out_of_memory",
    "e_outofmemory",
    "8007000e",  # E_OUTOFMEMORY as DirectML prints it
    "887a0005",  # DXGI_ERROR_DEVICE_REMOVED: what Windows reports when a GPU job exhausts VRAM
    "not enough memory",
    "allocation failed",
)

_LABELS = {
    "DmlExecutionProvider": "GPU (DirectML)",
    "CUDAExecutionProvider": "GPU (CUDA)",
    "CoreMLExecutionProvider": "GPU (Core ML)",
    CPU_PROVIDER: "CPU",
}

# Cached-session memory is estimated as file size x this when the RSS delta is smaller (weights are
# often stored in fp16 and expanded, and the optimiser keeps pre-packed copies).
SESSION_SIZE_FACTOR = 3


def provider_label(provider: str) -> str:
    """Short user-facing name of an execution provider."""
    return _LABELS.get(provider, provider.replace("ExecutionProvider", ""))


def available_providers() -> list[str]:
    return list(ort.get_available_providers())


def providers_for(device: str) -> list[str]:
    """Providers to try for a device setting, best first; the CPU always ends the list."""
    if device not in DEVICES:
        raise ValueError(f"unknown device {device!r}; expected one of {', '.join(DEVICES)}")
    if device == "cpu":
        return [CPU_PROVIDER]
    available = set(available_providers())
    return [p for p in GPU_PROVIDERS if p in available] + [CPU_PROVIDER]


def is_allocation_error(exc: BaseException) -> bool:
    """True when ``exc`` means "out of memory" (on any device) rather than a bug or a bad model."""
    if isinstance(exc, MemoryError):
        return True
    text = str(exc).lower()
    return any(marker in text for marker in ALLOCATION_MARKERS)


def model_path(model_id: str, file: str | None = None) -> Path:
    try:
        return model_store.default_store().require(model_id, file)
    except ModelNotReady as exc:
        raise ModelUnavailableError(str(exc)) from exc


def session_options(provider: str) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.intra_op_num_threads = memory.physical_cores()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if provider == "DmlExecutionProvider":
        # DirectML supports neither memory patterns nor parallel execution.
        options.enable_mem_pattern = False
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    else:
        options.enable_mem_pattern = True
    options.log_severity_level = 3  # errors only: provider fallbacks are reported through ctx.note
    return options


def run_options(provider: str) -> ort.RunOptions | None:
    """CPU runs hand their free arena chunks back after each run, so RSS after a job falls back instead of
    staying at the job's peak (the arena itself stays on: disabling it made runs ~30% slower)."""
    if provider != CPU_PROVIDER:
        return None
    options = ort.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


GraphSource = Path | bytes  # a model file, or a graph derived from one


def create_session(source: GraphSource, providers: list[str]) -> ort.InferenceSession:
    """Build one session (module-level so tests can stand a fake GPU provider in for it)."""
    graph = source if isinstance(source, bytes) else str(source)
    return ort.InferenceSession(graph, sess_options=session_options(providers[0]), providers=providers)


@dataclass
class LoadedModel:
    model_id: str
    session: ort.InferenceSession
    provider: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    file: str | None = None
    variant: str | None = None  # a graph derived from the file (see SessionCache.get)
    size_bytes: int = 0  # estimated memory the session holds
    cost: longrun.RunCost = field(default_factory=longrun.RunCost)

    def run(
        self, output_names: list[str] | None, feeds: dict[str, np.ndarray], ctx: RunContext | None = None
    ) -> list[np.ndarray]:
        """One inference. With ``ctx``, cancel stops it at once (longrun.run_cancellable)."""
        elements = sum(int(np.size(v)) for v in feeds.values())

        def call(options: ort.RunOptions | None) -> list[np.ndarray]:
            with self.lock:  # one inference per session at a time: jobs never interleave on one session
                start = time.perf_counter()
                out: list[np.ndarray]
                if options is None:
                    out = self.session.run(output_names, feeds)
                else:
                    out = self.session.run(output_names, feeds, options)
                self.cost.record(elements, time.perf_counter() - start)
                return out

        if ctx is None:
            return call(run_options(self.provider))
        return longrun.run_cancellable(call, run_options(self.provider) or ort.RunOptions(), ctx,
                                       self.cost.expected(elements))

    @property
    def input_names(self) -> list[str]:
        return [i.name for i in self.session.get_inputs()]

    @property
    def output_names(self) -> list[str]:
        return [o.name for o in self.session.get_outputs()]


@dataclass(frozen=True)
class Variant:
    """A graph derived from a model file: ``build()`` returns its bytes (called once per session)."""

    name: str
    build: Callable[[], bytes]


_Key = tuple[str, "str | None", "str | None", str]  # (model id, file, variant name, preferred provider)


class SessionCache:
    """Sessions per (model, file, variant, provider), least recently used dropped first beyond the budget."""

    def __init__(self, budget_bytes: int | None = None) -> None:
        self._sessions: OrderedDict[_Key, LoadedModel] = OrderedDict()
        self._lock = threading.Lock()
        self._creating: dict[_Key, threading.Lock] = {}
        self._failed_gpu: set[_Key] = set()  # GPU sessions that would not build
        self._invalidated: dict[str, int] = {}  # model id -> how often its file failed a check (see invalidate)
        self.budget_bytes = memory.session_budget_bytes() if budget_bytes is None else int(budget_bytes)

    # -- lookup -------------------------------------------------------------------------------------
    def get(
        self,
        model_id: str,
        device: str = "auto",
        file: str | None = None,
        *,
        ctx: RunContext | None = None,
        variant: Variant | None = None,
    ) -> LoadedModel:
        """The cached session of a model file, or of a graph derived from it (``variant``)."""
        providers = providers_for(device)
        name = None if variant is None else variant.name
        while providers[0] != CPU_PROVIDER and (model_id, file, name, providers[0]) in self._failed_gpu:
            providers = providers[1:]
        key: _Key = (model_id, file, name, providers[0])
        with self._lock:
            if key in self._sessions:
                self._sessions.move_to_end(key)
                return self._sessions[key]
            creating = self._creating.setdefault(key, threading.Lock())
        with creating:  # two jobs asking for the same new session build it once
            with self._lock:
                if key in self._sessions:
                    self._sessions.move_to_end(key)
                    return self._sessions[key]
                invalidated = self._invalidated.get(model_id, 0)
            loaded = self._create(key, providers, device, ctx, variant)
            with self._lock:
                self._creating.pop(key, None)
                intact = self._invalidated.get(model_id, 0) == invalidated
                if intact:
                    self._sessions[key] = loaded
                    self._evict_over_budget(keep=key)
        if not intact:  # the file failed its check while the session was built: ask the store again
            return self.get(model_id, device, file, ctx=ctx, variant=variant)
        return loaded

    def _create(
        self, key: _Key, providers: list[str], device: str, ctx: RunContext | None, variant: Variant | None
    ) -> LoadedModel:
        model_id, file, name, _ = key
        path = model_path(model_id, file)
        source: GraphSource = path if variant is None else variant.build()
        rss_before = psutil.Process().memory_info().rss
        try:
            session = create_session(source, providers)
        except Exception as exc:
            if providers[0] == CPU_PROVIDER:
                raise ModelUnavailableError(f"Model {model_id} could not be loaded: {exc}") from exc
            log.warning("session for %s on %s failed: %s", model_id, providers[0], exc)
            self._failed_gpu.add(key)
            if ctx is not None:
                ctx.note(f"{provider_label(providers[0])} could not load {model_id}; running on the CPU.")
            try:
                session = create_session(source, [CPU_PROVIDER])
            except Exception as cpu_exc:
                raise ModelUnavailableError(f"Model {model_id} could not be loaded: {cpu_exc}") from cpu_exc
        provider = session.get_providers()[0]
        if device == "gpu" and provider == CPU_PROVIDER and ctx is not None:
            ctx.note("No usable GPU was found; running on the CPU.")
        rss_delta = psutil.Process().memory_info().rss - rss_before
        graph_bytes = len(source) if isinstance(source, bytes) else path.stat().st_size
        size = max(graph_bytes * SESSION_SIZE_FACTOR, rss_delta)
        return LoadedModel(model_id, session, provider, file=file, variant=name, size_bytes=int(size))

    # -- memory -------------------------------------------------------------------------------------
    def _evict_over_budget(self, keep: _Key) -> None:
        while self.used_bytes() > self.budget_bytes:
            victim = next((k for k in self._sessions if k != keep), None)
            if victim is None:
                return
            log.info("releasing session %s (over the %d MiB budget)", victim, self.budget_bytes // memory.MIB)
            del self._sessions[victim]

    def used_bytes(self) -> int:
        return sum(m.size_bytes for m in self._sessions.values())

    def loaded(self) -> list[LoadedModel]:
        """Cached sessions, least recently used first."""
        with self._lock:
            return list(self._sessions.values())

    def release(self, model_id: str, provider: str | None = None) -> None:
        """Drop the cached sessions of one model (on one provider, or all)."""
        with self._lock:
            for key in [k for k in self._sessions if k[0] == model_id and provider in (None, k[3])]:
                del self._sessions[key]
        gc.collect()
        memory.trim_heap()

    def invalidate(self, model_id: str) -> None:
        """Stop using a model whose file failed its checksum: drop its sessions, and keep a session being
        built from that file right now out of the cache."""
        with self._lock:
            self._invalidated[model_id] = self._invalidated.get(model_id, 0) + 1
        self.release(model_id)

    def release_all(self) -> None:
        """Drop every cached session; a session a running job still holds dies when that job ends."""
        with self._lock:
            self._sessions.clear()
            self._failed_gpu.clear()
        gc.collect()
        memory.trim_heap()


_cache = SessionCache()
model_store.on_corrupt(lambda model_id, message: _cache.invalidate(model_id))


def get_cache() -> SessionCache:
    return _cache


def release_all() -> None:
    _cache.release_all()


T = TypeVar("T")


def run_with_fallback(
    model_id: str,
    device: str,
    ctx: RunContext,
    work: Callable[[LoadedModel, int], T],
    tile: int,
    *,
    file: str | None = None,
    min_tile: int = 64,
) -> tuple[T, str]:
    """Run ``work(loaded_model, tile)``; on an allocation error halve the tile (down to ``min_tile``),
    then reload the model on the CPU and start again from ``tile``. Returns (result, provider used).

    ``work`` must be restartable (it is called again from the beginning after a failure).
    """
    loaded = _cache.get(model_id, device, file, ctx=ctx)
    current = int(tile)
    while True:
        try:
            return work(loaded, current), loaded.provider
        except Cancelled:
            raise
        except Exception as exc:
            if not is_allocation_error(exc):
                raise
            log.warning("out of memory on %s with %d px tiles: %s", loaded.provider, current, exc)
            gc.collect()
            if current // 2 >= min_tile:
                current //= 2
                ctx.note(f"Out of memory on the {provider_label(loaded.provider)}: retried with {current} px tiles.")
                continue
            if loaded.provider != CPU_PROVIDER:
                ctx.note(f"Out of memory on the {provider_label(loaded.provider)}: ran on the CPU instead.")
                _cache.release(model_id, loaded.provider)  # give the GPU memory back
                loaded = _cache.get(model_id, "cpu", file, ctx=ctx)
                current = int(tile)
                continue
            raise EngineError(
                "Not enough memory for this image, even in small tiles. "
                "Close other programs or use a smaller image."
            ) from exc
