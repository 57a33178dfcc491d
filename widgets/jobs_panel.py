"""The jobs panel (a dock's contents): one row per background job with a progress bar, message, ETA and
a cancel button; a notification when a job ends; "Clear finished" and "Free memory".

    panel = JobsPanel(job_manager, parent)       # dock contents
    panel.notified.connect(...)                  # (text) each time a job ends
    JobsStatusIndicator(job_manager, parent)     # compact summary for the status bar
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.jobs import Job, JobManager, JobState
from app.texts import shown, translator

MAX_FINISHED_ROWS = 20
NOTIFY_MS = 6000


_tr = translator("JobsPanel")


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return _tr("{n} s").format(n=seconds)
    if seconds < 3600:
        return _tr("{m} min {s} s").format(m=seconds // 60, s=seconds % 60)
    return _tr("{h} h {m} min").format(h=seconds // 3600, m=(seconds % 3600) // 60)


def describe(job: Job) -> str:
    """One line of status for a job (message and ETA, or how it ended)."""
    if job.state is JobState.QUEUED:
        return _tr("Waiting for the model to be free…")
    if job.state is JobState.RUNNING:
        eta = job.eta
        left = _tr("about {t} left").format(t=format_duration(eta)) if eta is not None else _tr("estimating…")
        return f"{job.message} — {left}" if job.message else left
    if job.state is JobState.DONE:
        text = _tr("Done in {t}").format(t=format_duration(job.elapsed))
        provider = job.result.provider if job.result is not None else ""
        return text + (f" ({provider.replace('ExecutionProvider', '')})" if provider else "")
    if job.state is JobState.FAILED:
        return _tr("Failed: {error}").format(error=job.error)
    return _tr("Cancelled")


class JobRow(QFrame):
    """Title, progress bar, status line and a cancel button for one job."""

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(shown(job.title), self)
        self.title.setStyleSheet("font-weight: bold")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(_tr("Cancel"))
        self.cancel_button.setToolTip(_tr("Stop this job (it stops after the current tile)"))
        self.cancel_button.clicked.connect(self._cancel)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        job.progress.connect(self.refresh)
        job.state_changed.connect(self.refresh)
        self.refresh()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText(_tr("Cancelling…"))
        self.job.cancel()

    def refresh(self, *_: object) -> None:
        job = self.job
        self.title.setText(shown(job.title))  # in the current language, also after a switch
        self.bar.setValue(int(round(job.fraction * 1000)) if job.state is not JobState.DONE else 1000)
        self.bar.setFormat(f"{job.fraction * 100:.0f}%" if not job.is_finished else "")
        if job.is_finished:
            self.cancel_button.hide()
            notes = "\n".join(job.notes)
            self.setToolTip(notes)
            self.status.setText(describe(job) + (f"\n{notes}" if notes else ""))
        elif self.cancel_button.isEnabled():
            self.status.setText(describe(job))


class JobsPanel(QWidget):
    """Every job of a JobManager; the newest at the top."""

    notified = Signal(str)  # the text shown when a job ends

    def __init__(self, job_manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.manager = job_manager
        self.rows: dict[int, JobRow] = {}
        self._list = QWidget(self)
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._list)
        self.empty_label = QLabel(_tr("No jobs. Engines you run appear here."), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.clear_button = QPushButton(_tr("Clear finished"), self)
        self.clear_button.clicked.connect(self.clear_finished)
        self.free_button = QPushButton(_tr("Free memory"), self)
        self.free_button.setToolTip(_tr("Unload the models kept in memory between jobs"))
        self.free_button.clicked.connect(self.free_memory)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.free_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._toast: QLabel | None = None
        # ETAs change with time even when no progress arrives.
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        job_manager.job_added.connect(self.add_job)
        job_manager.job_finished.connect(self._job_ended)
        for job in job_manager.jobs():
            self.add_job(job)
        self._update_empty()

    def retranslate(self) -> None:
        self.empty_label.setText(_tr("No jobs. Engines you run appear here."))
        self.clear_button.setText(_tr("Clear finished"))
        self.free_button.setText(_tr("Free memory"))
        self.free_button.setToolTip(_tr("Unload the models kept in memory between jobs"))
        for row in self.rows.values():
            row.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add_job(self, job: Job) -> None:
        if job.id in self.rows:
            return
        row = JobRow(job, self._list)
        self.rows[job.id] = row
        self._list_layout.insertWidget(0, row)
        self._update_empty()

    def _tick(self) -> None:
        for row in self.rows.values():
            if row.job.state is JobState.RUNNING:
                row.refresh()

    def _job_ended(self, job: Job) -> None:
        row = self.rows.get(job.id)
        if row is not None:
            row.refresh()
        if job.state is JobState.DONE:
            text = _tr("{title} finished in {t}.").format(title=job.title, t=format_duration(job.elapsed))
        elif job.state is JobState.FAILED:
            text = _tr("{title} failed: {error}").format(title=job.title, error=job.error)
        else:
            text = _tr("{title} was cancelled.").format(title=job.title)
        self.notify(text)
        self._trim()

    def notify(self, text: str) -> None:
        """Status-bar message in a main window, else a small popup that fades after a few seconds."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, NOTIFY_MS)
        elif self.isVisible():
            self._show_toast(text)
        self.notified.emit(text)

    def _show_toast(self, text: str) -> None:
        if self._toast is None:
            self._toast = QLabel(self, Qt.WindowType.ToolTip)
            self._toast.setMargin(8)
            self._toast.setWordWrap(True)
        self._toast.setText(text)
        self._toast.adjustSize()
        corner = self.mapToGlobal(QPoint(self.width() - self._toast.width(), self.height() - self._toast.height()))
        self._toast.move(corner)
        self._toast.show()
        QTimer.singleShot(NOTIFY_MS, self._toast, self._toast.hide)

    def clear_finished(self) -> None:
        for job_id, row in list(self.rows.items()):
            if row.job.is_finished:
                self._remove(job_id)
        self.manager.forget_finished()
        self._update_empty()

    def free_memory(self) -> None:
        from engines.runtime import release_all

        release_all()
        self.notify(_tr("Models unloaded from memory."))

    def _trim(self) -> None:
        finished = [job_id for job_id, row in self.rows.items() if row.job.is_finished]
        for job_id in sorted(finished)[:-MAX_FINISHED_ROWS]:
            self._remove(job_id)

    def _remove(self, job_id: int) -> None:
        row = self.rows.pop(job_id)
        self._list_layout.removeWidget(row)
        row.deleteLater()

    def _update_empty(self) -> None:
        self.empty_label.setVisible(not self.rows)


class JobsStatusIndicator(QWidget):
    """Compact status-bar summary: how many jobs run and the first one's progress."""

    def __init__(self, job_manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = job_manager
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        active = self.manager.active_jobs()
        running = [j for j in active if j.state is JobState.RUNNING]
        self.setVisible(bool(active))
        if not active:
            return
        first = running[0] if running else active[0]
        self.bar.setValue(int(round(first.fraction * 1000)))
        more = _tr(" (+{n} more)").format(n=len(active) - 1) if len(active) > 1 else ""
        self.label.setText(f"{shown(first.title)}{more}")
