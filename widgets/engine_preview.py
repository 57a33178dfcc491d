"""Engine previews off the UI thread: one at a time, a newer request cancels the running one.

The signals object has no parent on purpose: a preview still running when its dialog closes may emit
afterwards, into an object nobody listens to any more.
"""
from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.texts import translator
from engines.base import Cancelled, Engine, EngineError, RunContext
from widgets.engine_extra import PreviewRequest

log = logging.getLogger(__name__)

_tr = translator("EngineDialog")


def mask_view(before: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A mask result as the preview shows it: red over the image where the mask is on."""
    weight = (mask.astype(np.float32) / 255.0)[:, :, None] * 0.6
    red = np.array([230, 40, 40], np.float32)
    return np.rint(before[:, :, :3] * (1.0 - weight) + red * weight).astype(np.uint8)


class _Signals(QObject):
    done = Signal(int, object)  # generation, what the preview shows (RGB uint8)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, generation: int, engine: type[Engine], request: PreviewRequest, ctx: RunContext,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.engine, self.request, self.ctx, self.signals = generation, engine, request, ctx, signals

    def run(self) -> None:
        req = self.request
        try:
            result = self.engine().run(req.image, req.options, self.ctx, mask=req.mask, model_id=req.model_id)
            if (self.engine.output_kind == "mask" or req.show_mask) and result.mask is not None:
                shown = mask_view(req.before, result.mask)
            elif result.image is not None:
                shown = req.present(result.image)
            else:
                raise EngineError(_tr("This engine has nothing to preview."))
            self.signals.done.emit(self.generation, shown)
        except Cancelled:
            pass  # a newer request took over
        except EngineError as exc:  # includes a missing model: the message says how to fetch it
            self.signals.failed.emit(self.generation, str(exc))
        except Exception as exc:  # a preview must never take the editor down
            log.exception("%s preview failed", self.engine.task)
            self.signals.failed.emit(self.generation, _tr("The preview failed: {error}").format(error=exc))


class PreviewRunner(QObject):
    """``request()`` a preview; ``ready(image)`` or ``failed(message)`` follow for the latest one only."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, engine: type[Engine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._generation = 0
        self._ctx: RunContext | None = None
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def request(self, request: PreviewRequest, device: str) -> None:
        self.cancel()
        self._ctx = RunContext(device=device)
        self._pool.start(_Task(self._generation, self.engine, request, self._ctx, self._signals))

    def cancel(self) -> None:
        """Forget the running preview (it stops at its next progress report) and drop queued ones."""
        self._generation += 1
        if self._ctx is not None:
            self._ctx.cancel()
        self._pool.clear()

    def shutdown(self, timeout_ms: int) -> None:
        self.cancel()
        self._pool.waitForDone(timeout_ms)

    def _done(self, generation: int, image: object) -> None:
        if generation == self._generation:
            self.ready.emit(image)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)
