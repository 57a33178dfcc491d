"""Background engine jobs: a queue per model session, worker threads, progress with ETA, cancel.

    manager = JobManager()
    job = manager.submit("upscale", image, {"scale": 4}, model_id=None, device="auto", title="Upscale",
                         target=doc)   # job.revision = doc.history.revision (engine_results.is_stale)
    job.progress.connect(...)   # (fraction, message) on the UI thread
    job.finished.connect(...)   # (EngineResult) on the UI thread
    job.failed.connect(...)     # (message) on the UI thread
    job.cancelled.connect(...)
    job.cancel()

Jobs that use the same model run one after another, in submission order (a session is never shared by two
running jobs); jobs for different models run at the same time. Each job owns a private copy of its
input and its own result, so two jobs on two documents can never mix their images.
QtCore only: signals from worker threads are relayed through a queued connection to the thread the job
was created on (the UI thread), so every connected callable runs there.

A job has no Qt parent: it lives as long as something holds it (the manager's list until
``forget_finished``, a panel row, a dialog), so a forgotten job frees its result. The manager forgets only
jobs whose signals were all delivered, so no queued delivery is left for a job that is gone.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from enum import Enum
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from app.document import Document
from app.texts import translator
from engines import memory
from engines.base import Cancelled, Engine, EngineError, EngineResult, RunContext
from engines.params import ParamError, resolve_options
from engines.registry import create_engine, engine_class

log = logging.getLogger(__name__)
_ids = itertools.count(1)


_tr = translator("Jobs")


class JobState(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


def estimate_eta(elapsed: float, fraction: float) -> float | None:
    """Seconds left, from the time spent so far; None until there is enough progress to tell."""
    if fraction <= 0.01 or elapsed < 0.2 or fraction >= 1.0:
        return None if fraction < 1.0 else 0.0
    return elapsed * (1.0 - fraction) / fraction


class Job(QObject):
    """One engine run. Public signals are always emitted on the thread that created the job."""

    progress = Signal(float, str)  # fraction 0..1, message
    started = Signal()
    finished = Signal(object)  # EngineResult
    failed = Signal(str)  # message for the user
    cancelled = Signal()
    state_changed = Signal(str)  # JobState value
    _relay = Signal(str)  # worker thread -> job's thread (queued)

    def __init__(
        self,
        task: str,
        title: str,
        image: np.ndarray,
        options: dict[str, Any],
        *,
        mask: np.ndarray | None,
        model_id: str | None,
        model_key: str,
        device: str,
        manager: "JobManager",
        target: Any = None,
    ) -> None:
        super().__init__()
        self.id = next(_ids)
        self.task = task
        self.title = title
        self.options = options
        self.model_id = model_id
        self.model_key = model_key
        self.device = device
        self.target = target  # what the result belongs to (e.g. the Document); never read here
        # The document's history revision at submit: a result made from an older state is stale.
        self.revision: int | None = target.history.revision if isinstance(target, Document) else None
        self._manager = manager
        self.image: np.ndarray | None = image
        self.mask: np.ndarray | None = mask
        self.state = JobState.QUEUED
        self.fraction = 0.0
        self.message: str = _tr("Waiting…")
        self.error = ""
        self.result: EngineResult | None = None
        self.notes: list[str] = []
        self.submitted_at = time.monotonic()
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self.cancel_event = threading.Event()
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- what the UI reads --------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        if self.started_at is None:
            return 0.0
        return (self.ended_at or time.monotonic()) - self.started_at

    @property
    def eta(self) -> float | None:
        """Estimated seconds left while running, else None."""
        if self.state is not JobState.RUNNING:
            return None
        return estimate_eta(self.elapsed, self.fraction)

    @property
    def is_finished(self) -> bool:
        return self.state.finished

    @property
    def is_settled(self) -> bool:
        """Finished, and every signal of it delivered on the job's thread."""
        with self._lock:
            return self.state.finished and not self._pending

    def cancel(self) -> None:
        """Stop between tiles if running; drop from the queue if waiting. Safe from any thread."""
        self.cancel_event.set()
        self._manager.cancel_queued(self)

    # -- called from the worker thread --------------------------------------------------------------
    def _on_progress(self, fraction: float, message: str) -> None:
        with self._lock:
            self.fraction = max(0.0, min(1.0, fraction))
            self.message = message
        self._post_progress()

    def _set_state(self, state: JobState) -> None:
        with self._lock:  # the new state and its pending delivery at once: is_settled never sees one alone
            self.state = state
            if state is JobState.RUNNING:
                self.started_at = time.monotonic()
            elif state.finished:
                self.ended_at = time.monotonic()
                self.image = None  # the input copy dies with the job
                self.mask = None
            self._pending.add(state.value)
        self._relay.emit(state.value)

    def _post_progress(self) -> None:
        # Coalesced: at most one pending progress event, always showing the latest value, so a fast
        # engine cannot flood the UI thread's event queue.
        with self._lock:
            if "progress" in self._pending:
                return
            self._pending.add("progress")
        self._relay.emit("progress")

    # -- on the job's thread ------------------------------------------------------------------------
    @Slot(str)
    def _deliver(self, what: str) -> None:
        with self._lock:
            self._pending.discard(what)
            fraction, message = self.fraction, self.message
        if what == "progress":
            if not self.state.finished:
                self.progress.emit(fraction, message)
            return
        self.state_changed.emit(what)
        if what == JobState.RUNNING.value:
            self.started.emit()
        elif what == JobState.DONE.value:
            self.progress.emit(1.0, message)
            self.finished.emit(self.result)
        elif what == JobState.FAILED.value:
            self.failed.emit(self.error)
        elif what == JobState.CANCELLED.value:
            self.cancelled.emit()
        if self.state.finished and what == self.state.value:
            self._manager.job_finished.emit(self)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = [fn]
        self.setAutoDelete(True)

    def run(self) -> None:
        # Drop the callable (and the job it holds) once run: the Python side of a runnable can outlive it.
        self._fn.pop()()


class JobManager(QObject):
    """Runs jobs on a thread pool; one running job per model session, the rest wait in order."""

    job_added = Signal(object)  # Job
    job_finished = Signal(object)  # Job, in any final state

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_threads: int = 4,
        engine_factory: Callable[[str], Engine] = create_engine,
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._engine_factory = engine_factory
        self._lock = threading.Lock()
        self._busy: set[str] = set()  # model keys with a running job
        self._waiting: dict[str, deque[Job]] = {}
        self._jobs: list[Job] = []

    # -- submitting ---------------------------------------------------------------------------------
    def submit(
        self,
        task: str,
        image: np.ndarray,
        options: dict[str, Any] | None = None,
        mask: np.ndarray | None = None,
        model_id: str | None = None,
        device: str = "auto",
        title: str | None = None,
        target: Any = None,
    ) -> Job:
        """Queue ``task`` on a private copy of ``image``. Raises ParamError for bad options and
        KeyError for an unknown task (both synchronously, before anything runs)."""
        cls = engine_class(task)
        resolved = resolve_options(cls.params, dict(options or {}))
        if cls.needs_mask and mask is None:
            raise ParamError(_tr("This tool needs a mask: paint or select the area first."))
        model_key = model_id or cls.default_model or f"task:{task}"
        job = Job(
            task, title or cls.title, np.array(image, copy=True), resolved,
            mask=None if mask is None else np.array(mask, copy=True),
            model_id=model_id, model_key=model_key, device=device, target=target, manager=self,
        )
        with self._lock:
            self._jobs.append(job)
            start_now = model_key not in self._busy
            if start_now:
                self._busy.add(model_key)
            else:
                self._waiting.setdefault(model_key, deque()).append(job)
        self.job_added.emit(job)
        if start_now:
            self._start(job)
        return job

    def _start(self, job: Job) -> None:
        self._pool.start(_Runnable(lambda: self._execute(job)))

    # -- the worker ---------------------------------------------------------------------------------
    def _execute(self, job: Job) -> None:
        try:
            if job.cancel_event.is_set():
                raise Cancelled()
            job._set_state(JobState.RUNNING)
            ctx = RunContext(on_progress=job._on_progress, cancel_event=job.cancel_event, device=job.device)
            engine = self._engine_factory(job.task)
            assert job.image is not None
            result = engine.run(job.image, job.options, ctx, mask=job.mask, model_id=job.model_id)
            ctx.check_cancelled()  # a cancel during the last unit of work still cancels
            result.notes = list(dict.fromkeys([*ctx.notes, *result.notes]))
            job.result, job.notes = result, result.notes
            job._set_state(JobState.DONE)
        except Cancelled:
            job._set_state(JobState.CANCELLED)
        except (EngineError, ParamError) as exc:
            job.error = str(exc)
            job._set_state(JobState.FAILED)
        except MemoryError:
            job.error = _tr("Not enough memory for this image. Close other programs or use a smaller image.")
            job._set_state(JobState.FAILED)
        except Exception as exc:  # a bug: keep the traceback in the log, show one line to the user
            log.exception("job %s (%s) failed", job.id, job.task)
            job.error = _tr("Unexpected error in {task}: {error}").format(task=job.title, error=exc)
            job._set_state(JobState.FAILED)
        finally:
            memory.trim_heap()  # the job's buffers are gone: give the memory back to the system
            self._next(job.model_key)

    def _next(self, model_key: str) -> None:
        """Start the next job waiting for this model, or mark the model free."""
        with self._lock:
            queue = self._waiting.get(model_key)
            nxt = queue.popleft() if queue else None
            if nxt is None:
                self._busy.discard(model_key)
                self._waiting.pop(model_key, None)
        if nxt is not None:
            self._start(nxt)

    def cancel_queued(self, job: Job) -> None:
        """Drop ``job`` from its model's queue if it is still waiting there (``Job.cancel`` calls this)."""
        with self._lock:
            queue = self._waiting.get(job.model_key)
            if not queue or job not in queue:
                return
            queue.remove(job)
        job._set_state(JobState.CANCELLED)

    # -- overview -----------------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs)

    def active_jobs(self) -> list[Job]:
        return [j for j in self.jobs() if not j.is_finished]

    def forget_finished(self) -> None:
        """Drop finished jobs from the list; a job nothing else holds is freed with its result. Jobs whose
        last signal is still on its way stay until it has been delivered."""
        with self._lock:
            self._jobs = [j for j in self._jobs if not j.is_settled]

    def cancel_all(self) -> None:
        for job in self.active_jobs():
            job.cancel()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Process events until every job has finished and its signals were delivered (tests, CLI,
        shutdown). Returns False on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self._pool.waitForDone(20)
            QCoreApplication.processEvents()
            if all(j.is_settled for j in self.jobs()) and self._pool.activeThreadCount() == 0:
                QCoreApplication.processEvents()
                return True
        return False

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Cancel everything and wait for the workers (call before the application quits)."""
        self.cancel_all()
        self._pool.waitForDone(QDeadlineTimer(int(timeout_s * 1000)))
