"""An engine session's predictions off the UI thread, for tools that answer every click (Smart Select).

    worker = SessionWorker("segment", post=fn)          # post(result) also runs on the worker thread
    worker.ready.connect(fn(request_id, result, extra))  # on the UI thread, only for the newest request
    worker.failed.connect(fn(message))
    rid = worker.request(key, image_or_None, prompts, options, model_id)
    worker.drop()                                         # the image or layer changed, the tool closed

The session (``engine.open_session``) is opened on the worker thread too, the first time a request comes
with an image for a new ``key``; later requests for the same key reuse it. Newest request wins: a request
made while another runs replaces any waiting one, and an answer to a request that is no longer the newest
is dropped. One worker thread: a session is used by one thread at a time.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, Hashable

import numpy as np
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from app.texts import translator
from engines.base import EngineError, EngineResult
from engines.params import ParamError
from engines.prompts import Prompt
from engines.registry import create_engine
from engines.session import EngineSession

log = logging.getLogger(__name__)
_tr = translator("Tools")


@dataclass
class _Request:
    id: int
    key: Hashable
    image: np.ndarray | None  # set when the session for ``key`` must be opened first
    prompts: tuple[Prompt, ...]
    options: dict[str, Any]
    model_id: str | None


class _Loop(QRunnable):
    def __init__(self, worker: "SessionWorker") -> None:
        super().__init__()
        self.worker = worker

    def run(self) -> None:
        self.worker._serve()


class SessionWorker(QObject):
    ready = Signal(int, object, object)  # request id, EngineResult, what ``post`` made of it
    failed = Signal(str)  # a message for the user
    _done = Signal(int, object, object, str)  # worker -> UI thread (queued)

    def __init__(self, task: str, post: Callable[[EngineResult], Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self._post = post
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: _Request | None = None
        self._running = False
        self._session: EngineSession | None = None
        self._session_key: Hashable = None
        self._opened_key: Hashable = None  # what the UI thread already handed an image over for
        self._drops = 0  # drop() calls: a session opened before the latest drop is not kept
        self.latest = 0  # the newest request's id; older answers are dropped
        self.last_ms = 0.0  # how long the last answered prediction took on the worker (benchmarks, tests)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def needs_image(self, key: Hashable) -> bool:
        """Whether a request for ``key`` must bring the image (no session is open or being opened for it)."""
        return key != self._opened_key

    def request(self, key: Hashable, image: np.ndarray | None, prompts: Sequence[Prompt],
                options: dict[str, Any], model_id: str | None = None) -> int:
        """Queue a prediction; returns its id. ``image`` (the caller's private copy) is required when
        ``needs_image(key)``."""
        if self.needs_image(key) and image is None:
            raise ValueError("the first request for a new key must bring the image")
        opening = self.needs_image(key)
        self.latest = rid = next(self._ids)
        self._opened_key = key
        req = _Request(rid, key, image if opening else None, tuple(prompts), dict(options), model_id)
        with self._lock:
            if self._pending is not None and self._pending.image is not None and req.image is None:
                req.image = self._pending.image  # the replaced request was to open the session: keep that
            self._pending = req
            start = not self._running
            self._running = True
        if start:
            self._pool.start(_Loop(self))
        return rid

    def drop(self) -> None:
        """Forget the session and any answer on its way (the next request opens a new one)."""
        self.latest = next(self._ids)
        self._opened_key = None
        with self._lock:
            self._pending = None
            self._session_key = None
            self._drops += 1
            if not self._running:
                self._session = None  # else the worker lets it go when it finishes

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the worker thread to go idle (tests, shutdown); queued answers still need the event loop."""
        return self._pool.waitForDone(timeout_ms)

    # -- the worker thread ------------------------------------------------------------------------------
    def _serve(self) -> None:
        while True:
            with self._lock:
                req, self._pending = self._pending, None
                if req is None:
                    self._running = False
                    if self._session_key is None:
                        self._session = None
                    return
                session = self._session if req.image is None and self._session_key == req.key else None
                drops = self._drops
            started = time.perf_counter()
            try:
                if session is None:
                    if req.image is None:
                        raise EngineError(_tr("The image changed: click again."))
                    session = create_engine(self.task).open_session(req.image, model_id=req.model_id)
                    with self._lock:
                        if drops == self._drops:
                            self._session, self._session_key = session, req.key
                result = session.predict(req.prompts, req.options)
                extra = self._post(result) if self._post is not None else None
                self.last_ms = (time.perf_counter() - started) * 1000.0
                self._send(req.id, result, extra, "")
            except (EngineError, ParamError) as exc:
                self._send(req.id, None, None, str(exc))
            except MemoryError:
                self._send(req.id, None, None, _tr("Not enough memory for this image."))
            except Exception as exc:  # a bug: keep the traceback in the log, show one line to the user
                log.exception("%s session prediction failed", self.task)
                self._send(req.id, None, None, _tr("Unexpected error: {error}").format(error=exc))

    def _send(self, rid: int, result: EngineResult | None, extra: Any, error: str) -> None:
        try:
            self._done.emit(rid, result, extra, error)
        except RuntimeError:  # the worker object was deleted (the window closed mid-prediction): nobody waits
            log.debug("prediction %s finished after its tool was gone", rid)

    # -- back on the UI thread --------------------------------------------------------------------------
    @Slot(int, object, object, str)
    def _deliver(self, rid: int, result: EngineResult | None, extra: Any, error: str) -> None:
        if rid != self.latest:
            return  # a newer request (or a drop) came since: this answer is stale
        if error:
            self.failed.emit(error)
        else:
            self.ready.emit(rid, result, extra)
