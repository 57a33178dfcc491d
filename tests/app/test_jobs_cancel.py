"""Cancelling a long one-tile job through the JobManager: a 512 px x4plus upscale (one onnxruntime run
of a minute or more) ends within a second of cancel, its progress moved meanwhile, and the document it
would have changed is unchanged."""
from __future__ import annotations

import time

import numpy as np

from app.document import Document
from app.engine_results import apply_job_result
from app.jobs import JobManager, JobState

BEST = "realesrgan-x4plus"


def test_cancelled_one_tile_upscale_ends_within_a_second_and_leaves_the_document(qtbot, astronaut):
    doc = Document.from_image(astronaut)
    before = doc.layers[0].pixels.copy()
    steps, size = len(doc.history), (doc.width, doc.height)
    manager = JobManager()
    fractions: list[float] = []
    try:
        job = manager.submit("upscale", astronaut, {"tile": 512}, model_id=BEST, device="cpu", title="Upscale",
                             target=doc)
        job.progress.connect(lambda fraction, message: fractions.append(fraction))
        job.finished.connect(lambda result: apply_job_result(job, "replace"))
        qtbot.waitUntil(lambda: job.fraction >= 0.02, timeout=120_000)  # loaded: the one tile runs now
        qtbot.wait(2000)
        cancelled_at = time.monotonic()
        with qtbot.waitSignal(job.cancelled, timeout=5000):
            job.cancel()
        assert job.state is JobState.CANCELLED and job.result is None
        assert job.ended_at is not None and job.ended_at - cancelled_at < 1.0
        moving = [f for f in fractions if f > 0.02]
        assert len(set(moving)) >= 3 and moving == sorted(moving)
        np.testing.assert_array_equal(doc.layers[0].pixels, before)
        assert len(doc.history) == steps and (doc.width, doc.height) == size
    finally:
        manager.shutdown()
