"""onnxruntime sessions: provider choice, a per-(model, provider) cache, one run at a time per session.

Public API (engines depend on exactly this):
    get_cache().get(model_id, device="auto", file=None) -> LoadedModel
    LoadedModel.run(output_names, feeds) -> list[np.ndarray]   # serialised per session
    LoadedModel.provider                                        # provider actually used
    model_path(model_id, file=None) -> Path                     # raises ModelUnavailableError
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort

from engines.base import ModelUnavailableError

# Preference order for "auto" and "gpu"; the CPU is always the last resort.
GPU_PROVIDERS = ("DmlExecutionProvider", "CUDAExecutionProvider", "CoreMLExecutionProvider")
CPU_PROVIDER = "CPUExecutionProvider"


def providers_for(device: str) -> list[str]:
    available = set(ort.get_available_providers())
    if device == "cpu":
        return [CPU_PROVIDER]
    gpus = [p for p in GPU_PROVIDERS if p in available]
    return gpus + [CPU_PROVIDER]


def model_path(model_id: str, file: str | None = None) -> Path:
    from models.errors import ModelNotReady
    from models.store import default_store

    try:
        return default_store().require(model_id, file)
    except ModelNotReady as exc:
        raise ModelUnavailableError(str(exc)) from exc


@dataclass
class LoadedModel:
    model_id: str
    session: ort.InferenceSession
    provider: str
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, output_names: list[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        with self.lock:  # one inference per session at a time: jobs never interleave on one session
            return self.session.run(output_names, feeds)


class SessionCache:
    def __init__(self) -> None:
        self._sessions: dict[tuple[str, str | None, str], LoadedModel] = {}
        self._lock = threading.Lock()

    def get(self, model_id: str, device: str = "auto", file: str | None = None) -> LoadedModel:
        key = (model_id, file, device)
        with self._lock:
            if key in self._sessions:
                return self._sessions[key]
        path = model_path(model_id, file)
        options = ort.SessionOptions()
        session = ort.InferenceSession(str(path), sess_options=options, providers=providers_for(device))
        loaded = LoadedModel(model_id, session, session.get_providers()[0])
        with self._lock:
            self._sessions[key] = loaded
        return loaded

    def release_all(self) -> None:
        with self._lock:
            self._sessions.clear()


_cache = SessionCache()


def get_cache() -> SessionCache:
    return _cache
