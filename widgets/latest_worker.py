"""One worker thread for a dialog's preview: ``submit(key, fn)`` runs ``fn()`` off the UI thread after the
inputs have rested for a debounce, the newest request wins (queued ones are dropped), and the answer comes
back on the UI thread as ``done(key, result, error)``, where the dialog shows it only if ``key`` is still
current. Used by the canvas-previewed dialogs (Mask Morphology, Refine Edge)."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal


class _Signals(QObject):
    done = Signal(object, object, str)  # key, the result (None on failure), an error message


class _Task(QRunnable):
    def __init__(self, key: object, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.key, self.fn, self.signals = key, fn, signals

    def run(self) -> None:
        try:
            self.signals.done.emit(self.key, self.fn(), "")
        except Exception as exc:  # noqa: BLE001 - an engine input error or a bug: the dialog says it
            self.signals.done.emit(self.key, None, str(exc))


class LatestWorker(QObject):
    """``schedule()`` (debounced) calls ``request`` on the UI thread, which calls ``run(key, fn)``."""

    def __init__(self, parent: QObject, debounce_ms: int, request: Callable[[], None],
                 on_done: Callable[[Any, Any, str], None]) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(request)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # a newer request waits for the running one; queued ones are dropped
        self._signals = _Signals()  # no parent: a task finishing after the dialog closed emits into nothing
        self._on_done = on_done
        self._signals.done.connect(on_done)

    def schedule(self, *_changed: object) -> None:
        self._timer.start()  # not connected directly: QTimer.start(int) would take a new value as msec

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def run(self, key: object, fn: Callable[[], Any]) -> None:
        self._pool.clear()
        self._pool.start(_Task(key, fn, self._signals))

    def stop(self) -> None:
        """No more answers: the dialog is closing."""
        self._timer.stop()
        self._pool.clear()
        self._signals.done.disconnect(self._on_done)
