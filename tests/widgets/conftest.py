"""Fixtures for tests that drive the main window: private settings and data folders, recorded message
boxes (a real one would block the test), and a shown window."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.settings import Settings, reset_app_settings


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("KINTSUGI_DATA", str(tmp_path / "data"))
    s = Settings()
    reset_app_settings(s)
    yield s
    reset_app_settings(None)


class RecordedMessages(list):
    """(kind, text) of every message box shown; ``answer`` is what a question box returns."""

    answer = QMessageBox.StandardButton.Discard


@pytest.fixture
def messages(monkeypatch) -> RecordedMessages:
    shown = RecordedMessages()

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, text))
            return shown.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return box

    for kind in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


@pytest.fixture
def window(qtbot, settings, messages):
    from widgets.main_window import MainWindow

    win = MainWindow(settings)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.engines.is_loaded, timeout=30_000)  # the engines' menu entries are in
    yield win
    # Not qtbot.addWidget: its close would come first and ask about the test's unsaved edits.
    for doc in win.documents:
        doc.history.mark_clean()
    win.close()
    win.deleteLater()


@pytest.fixture
def rig(qtbot):
    """Tools on a canvas without a window, with a job manager for the tools that run engines: (the tool
    manager, ``load(image) -> Document`` that shows a new document on the canvas)."""
    import numpy as np

    from app.document import Document
    from app.jobs import JobManager
    from widgets.canvas_view import CanvasView
    from widgets.doc_bridge import DocBridge
    from widgets.tools.base import ToolContext
    from widgets.tools.install import build_tools

    jobs = JobManager()
    bridge = DocBridge()
    canvas = CanvasView(bridge)
    qtbot.addWidget(canvas)
    # No window to make wait: whole-image work (straighten, perspective) is done at once.
    ctx = ToolContext(canvas, job_manager=jobs, run_busy=lambda _message, work, done: done(work()))
    manager = build_tools(ctx)

    def load(image: np.ndarray) -> Document:
        doc = Document.from_image(image)
        bridge.attach(doc)
        return doc

    canvas._test_keep = (bridge, ctx, manager)
    yield manager, load
    jobs.shutdown()
