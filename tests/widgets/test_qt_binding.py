"""The pinned Qt binding must not leak or drop references to Python's singletons.

PySide6 6.12.0 on CPython 3.11 dropped one reference to None on every void method call and to True on
every signal emit; after a few thousand calls the interpreter aborted ("deallocating None"), taking the
user's unsaved work with it. This guards the pin in requirements.txt.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget


class _Emitter(QObject):
    changed = Signal(int)


def _delta(obj: object, call, times: int = 2000) -> int:
    before = sys.getrefcount(obj)
    for _ in range(times):
        call()
    return sys.getrefcount(obj) - before


def test_void_calls_keep_none_alive(qtbot) -> None:
    widget, label, pixmap = QWidget(), QLabel(), QPixmap(4, 4)
    qtbot.addWidget(widget)
    qtbot.addWidget(label)
    for call in (widget.update, lambda: label.setText("x"), pixmap.fill):
        assert abs(_delta(None, call)) < 50


def test_signal_emit_keeps_true_and_none_alive(qtbot) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.changed.connect(received.append)
    assert abs(_delta(True, lambda: emitter.changed.emit(1))) < 50
    assert abs(_delta(None, lambda: emitter.changed.emit(1))) < 50
    assert len(received) == 4000
