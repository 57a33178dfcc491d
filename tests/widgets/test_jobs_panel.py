"""The jobs panel: a row per job with progress, status and cancel; a notification when a job ends."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QMainWindow

from app.jobs import JobState
from engines.runtime import get_cache
from tests.engines.standin_models import StandinHooks
from widgets.jobs_panel import JobsPanel, JobsStatusIndicator, format_duration


def test_rows_progress_and_notification(manager, qtbot, astronaut):
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = JobsPanel(manager, window)
    window.setCentralWidget(panel)
    window.show()
    assert panel.empty_label.isVisible()
    job = manager.submit("standin-conv", astronaut[:128, :128], {"tile": 64}, device="cpu", title="Stand-in")
    row = panel.rows[job.id]
    assert row.title.text() == "Stand-in" and not panel.empty_label.isVisible()
    with qtbot.waitSignal(panel.notified, timeout=20000) as blocker:
        pass
    assert "Stand-in finished in" in blocker.args[0]
    assert "Stand-in finished in" in window.statusBar().currentMessage()
    assert row.bar.value() == 1000 and row.cancel_button.isHidden()
    assert row.status.text().startswith("Done in")
    panel.clear_finished()
    assert panel.rows == {} and manager.jobs() == [] and panel.empty_label.isVisible()


def test_cancel_button_and_eta(manager, qtbot, astronaut):
    panel = JobsPanel(manager)
    qtbot.addWidget(panel)
    panel.show()
    started = threading.Event()
    StandinHooks.on_tile = lambda tag, n: started.set()
    job = manager.submit("standin-conv", astronaut, {"tile": 64, "delay": 0.05}, device="cpu", title="Slow")
    assert started.wait(10)
    qtbot.waitUntil(lambda: job.fraction > 0.05 and job.elapsed > 0.3, timeout=10000)
    panel._tick()
    assert "left" in panel.rows[job.id].status.text()
    indicator = JobsStatusIndicator(manager)
    qtbot.addWidget(indicator)
    assert not indicator.isHidden() and indicator.label.text() == "Slow" and indicator.bar.value() > 0
    with qtbot.waitSignal(panel.notified, timeout=20000) as blocker:
        panel.rows[job.id].cancel_button.click()
    assert blocker.args[0] == "Slow was cancelled." and job.state is JobState.CANCELLED
    assert panel.rows[job.id].status.text() == "Cancelled"


def test_failure_is_shown_and_status_indicator(manager, qtbot, astronaut):
    panel = JobsPanel(manager)
    indicator = JobsStatusIndicator(manager)
    qtbot.addWidget(panel)
    qtbot.addWidget(indicator)
    job = manager.submit("standin-conv", astronaut[:64, :64], {}, model_id="standin-missing", title="Broken")
    with qtbot.waitSignal(panel.notified, timeout=10000) as blocker:
        pass
    assert blocker.args[0].startswith("Broken failed:") and "not installed" in blocker.args[0]
    assert "not installed" in panel.rows[job.id].status.text()
    indicator.refresh()
    assert indicator.isHidden()  # nothing running


def test_free_memory_releases_sessions(manager, qtbot):
    get_cache().get("standin-conv", "cpu")
    panel = JobsPanel(manager)
    qtbot.addWidget(panel)
    panel.free_button.click()
    assert get_cache().loaded() == []


def test_format_duration():
    assert format_duration(5.4) == "5 s"
    assert format_duration(125) == "2 min 5 s"
    assert format_duration(3 * 3600 + 120) == "3 h 2 min"
