"""Tells the user when a model in use turns out to be damaged (the store's background SHA-256 check,
``models.store.on_corrupt``): the check runs on a worker thread, the warning is shown on the UI thread."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from models.store import on_corrupt


class ModelAlerts(QObject):
    damaged = Signal(str, str)  # (model id, message for the user), delivered queued on the UI thread

    def __init__(self, show: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.damaged.connect(lambda _model_id, message: show(message))
        remove = on_corrupt(self.damaged.emit)
        self.destroyed.connect(lambda *_: remove())
