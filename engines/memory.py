"""Memory estimates: how much is free on the device a model runs on, and how large a tile fits in it.

Engines pick their tile size here before tiling, so a large image never asks for more memory than the
machine has; `engines.runtime.run_with_fallback` still halves the tile if the estimate was too hopeful.

Public API:
    physical_cores() -> int
    free_ram_bytes() -> int
    free_gpu_bytes() -> int | None                     # None when the GPU's free memory is unknown
    free_bytes_for(provider) -> int
    tile_for_memory(bytes_per_pixel, free_bytes, ...) -> int
    choose_tile(bytes_per_pixel, provider, ...) -> int
    session_budget_bytes() -> int                      # how much RAM cached sessions may hold
    trim_heap() -> None                                # give freed memory back to the system
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import math
import os
import shutil
import subprocess
import sys

import psutil

MIB = 1024 * 1024
GIB = 1024 * MIB

# Used when a GPU provider cannot tell us its free memory (DirectML, CoreML): small enough for
# integrated GPUs; an out-of-memory error still shrinks the tile further.
UNKNOWN_GPU_BYTES = 2 * GIB
# Share of the free memory one job's tiles may take: the rest is for the output buffer, the
# session's own arena, the editor and other programs.
DEFAULT_FRACTION = 0.4


def physical_cores() -> int:
    """Physical cores (hyper-threads share caches and only slow onnxruntime's intra-op pool)."""
    return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)


def free_ram_bytes() -> int:
    return int(psutil.virtual_memory().available)


def _env_mib(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return max(0, int(float(value) * MIB))
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _nvidia_smi() -> str | None:
    return shutil.which("nvidia-smi")


def free_gpu_bytes() -> int | None:
    """Free memory of the first GPU: KINTSUGI_GPU_MEMORY_MB if set, else nvidia-smi when present."""
    override = _env_mib("KINTSUGI_GPU_MEMORY_MB")
    if override is not None:
        return override
    exe = _nvidia_smi()
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=3, check=True,
        ).stdout
        return int(out.split()[0]) * MIB
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def free_bytes_for(provider: str | None) -> int:
    """Free memory where `provider` allocates: the GPU for GPU providers, RAM for the CPU."""
    if provider and provider != "CPUExecutionProvider":
        known = free_gpu_bytes()
        return known if known is not None else UNKNOWN_GPU_BYTES
    return free_ram_bytes()


def tile_for_memory(
    bytes_per_pixel: float,
    free_bytes: int,
    *,
    fraction: float = DEFAULT_FRACTION,
    multiple: int = 1,
    minimum: int = 64,
    maximum: int = 2048,
) -> int:
    """Largest square tile side whose estimated working memory fits in ``fraction`` of ``free_bytes``,
    rounded down to ``multiple`` and clamped to [minimum, maximum]."""
    multiple = max(1, int(multiple))
    budget = max(0.0, float(free_bytes) * fraction)
    side = int(math.sqrt(budget / max(float(bytes_per_pixel), 1.0)))
    side = min(max(side, minimum), maximum)
    side -= side % multiple
    return max(side, multiple)


def choose_tile(
    bytes_per_pixel: float,
    provider: str | None,
    *,
    multiple: int = 1,
    minimum: int = 64,
    maximum: int = 2048,
    fraction: float = DEFAULT_FRACTION,
) -> int:
    """Tile side for a model costing ``bytes_per_pixel`` on ``provider``, from the memory free now."""
    return tile_for_memory(
        bytes_per_pixel, free_bytes_for(provider),
        fraction=fraction, multiple=multiple, minimum=minimum, maximum=maximum,
    )


def session_budget_bytes() -> int:
    """RAM that cached inference sessions may keep: KINTSUGI_SESSION_BUDGET_MB, else 15% of the
    machine's memory, between 512 MiB and 4 GiB."""
    override = _env_mib("KINTSUGI_SESSION_BUDGET_MB")
    if override is not None:
        return override
    total = int(psutil.virtual_memory().total)
    return int(min(max(total * 0.15, 512 * MIB), 4 * GIB))


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc only (not musl)


def trim_heap() -> None:
    """Return freed heap pages to the system after a job or "Free memory" (glibc keeps them otherwise,
    so the process would look as large as its biggest job forever). No-op elsewhere."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
