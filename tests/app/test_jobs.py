"""Background jobs: results, progress on the UI thread, queueing per model, concurrency across models,
cancel, failures, two documents at once; and applying results to a document as one undo step."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QThread

from app.compositor import masked
from app.jobs import JobState, estimate_eta
from engines.base import RunContext
from engines.params import ParamError
from engines.registry import create_engine
from tests.engines.standin_models import StandinHooks


def _direct(image, model_id=None, **options):
    """The stand-in engine run directly, to compare a job's result with."""
    engine = create_engine("standin-conv")
    opts = {"tile": 64, "overlap": 16, "delay": 0.0, "tag": "", "invert": False, **options}
    return engine.run(image, opts, RunContext(device="cpu"), model_id=model_id).image


def test_job_delivers_result_and_progress_on_the_ui_thread(manager, qtbot, astronaut):
    image = astronaut[:150, :150]
    threads, fractions = [], []
    job = manager.submit("standin-conv", image, {"tile": 64}, device="cpu", title="Stand-in")
    job.progress.connect(lambda f, m: (threads.append(QThread.currentThread()), fractions.append(f)))
    job.finished.connect(lambda r: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
        pass
    result = blocker.args[0]
    assert job.state is JobState.DONE and job.result is result
    assert result.provider == "CPUExecutionProvider" and result.model_id == "standin-conv"
    np.testing.assert_array_equal(result.image, _direct(image))
    assert threads and all(t is QThread.currentThread() for t in threads)  # all on the UI thread
    assert fractions[-1] == 1.0 and all(b >= a for a, b in zip(fractions, fractions[1:]))
    assert job.image is None  # the job's input copy is released when it ends
    assert job.title == "Stand-in" and job.elapsed > 0


def test_job_input_is_a_private_copy(manager, qtbot, astronaut):
    image = astronaut[:100, :100].copy()
    expected = _direct(image)
    StandinHooks.on_tile = lambda tag, n: image.fill(0) if n == 1 else None  # the document changes meanwhile
    job = manager.submit("standin-conv", image, {}, device="cpu")
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    np.testing.assert_array_equal(job.result.image, expected)


def test_same_model_jobs_queue_in_order(manager, qtbot, astronaut, coffee):
    a = manager.submit("standin-conv", astronaut[:128, :128], {"tag": "a", "delay": 0.05}, device="cpu")
    b = manager.submit("standin-conv", coffee[:128, :128], {"tag": "b"}, device="cpu")
    assert b.state is JobState.QUEUED
    assert manager.wait(30)
    assert StandinHooks.log == [("start", "a"), ("end", "a"), ("start", "b"), ("end", "b")]
    assert a.state is b.state is JobState.DONE


def test_jobs_for_different_models_run_concurrently(manager, qtbot, astronaut):
    both_running = threading.Barrier(2, timeout=10)
    met = []

    def meet(tag, n):
        if n == 1:
            both_running.wait()  # each job waits for the other: only passes if they run at once
            met.append(tag)

    StandinHooks.on_tile = meet
    manager.submit("standin-conv", astronaut[:64, :64], {"tag": "a"}, model_id="standin-conv", device="cpu")
    manager.submit("standin-conv", astronaut[:64, :64], {"tag": "b"}, model_id="standin-conv-b", device="cpu")
    assert manager.wait(30)
    assert sorted(met) == ["a", "b"]
    assert all(j.state is JobState.DONE for j in manager.jobs())


def test_two_documents_at_once_keep_their_own_results(manager, qtbot, astronaut, coffee, chelsea):
    inputs = {"doc1": astronaut[:140, :150], "doc2": coffee[:150, :140], "doc3": chelsea[:120, :130]}
    jobs = {
        "doc1": manager.submit("standin-conv", inputs["doc1"], {"tag": "1"}, device="cpu", target="doc1"),
        "doc2": manager.submit("standin-conv", inputs["doc2"], {"tag": "2"}, device="cpu", target="doc2"),
        "doc3": manager.submit("standin-conv", inputs["doc3"], {"tag": "3", "invert": True},
                               model_id="standin-conv-b", device="cpu", target="doc3"),
    }
    assert manager.wait(60)
    for name, job in jobs.items():
        assert job.target == name
        other = name == "doc3"  # a different model, running at the same time as doc1 and doc2
        expected = _direct(inputs[name], "standin-conv-b" if other else None, invert=other)
        assert job.result.image.shape == expected.shape
        np.testing.assert_array_equal(job.result.image, expected)


def test_cancel_running_job_stops_between_tiles(manager, qtbot, astronaut):
    started = threading.Event()
    tiles = []

    def on_tile(tag, n):
        tiles.append(n)
        started.set()

    StandinHooks.on_tile = on_tile
    job = manager.submit("standin-conv", astronaut, {"tile": 64, "delay": 0.05}, device="cpu")
    assert started.wait(10)
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.cancel()
    assert job.state is JobState.CANCELLED and job.result is None
    assert len(tiles) < 81  # 512 px in 64 px tiles with overlap is 81 tiles; it stopped early


def test_cancel_queued_job_never_runs(manager, qtbot, astronaut):
    gate = threading.Event()
    StandinHooks.on_tile = lambda tag, n: gate.wait(10) if tag == "a" else None
    a = manager.submit("standin-conv", astronaut[:64, :64], {"tag": "a"}, device="cpu")
    b = manager.submit("standin-conv", astronaut[:64, :64], {"tag": "b"}, device="cpu")
    with qtbot.waitSignal(b.cancelled, timeout=5000):
        b.cancel()
    gate.set()
    assert manager.wait(20)
    assert a.state is JobState.DONE and b.state is JobState.CANCELLED
    assert ("start", "b") not in StandinHooks.log


def test_failures_are_reported_with_a_message(manager, qtbot, astronaut):
    missing = manager.submit("standin-conv", astronaut[:64, :64], {}, model_id="standin-missing", device="cpu")
    with qtbot.waitSignal(missing.failed, timeout=10000) as blocker:
        pass
    assert "not installed" in blocker.args[0] and missing.state is JobState.FAILED
    small = manager.submit("standin-data", astronaut[:4, :4], {})
    with qtbot.waitSignal(small.failed, timeout=10000) as blocker:
        pass
    assert blocker.args[0] == "Image too small for statistics."
    ok = manager.submit("standin-data", astronaut, {})
    with qtbot.waitSignal(ok.finished, timeout=10000) as blocker:
        pass
    assert blocker.args[0].data["width"] == 512


def test_bad_options_fail_at_submit(manager):
    with pytest.raises(ParamError):
        manager.submit("standin-conv", np.zeros((8, 8, 3), np.uint8), {"tile": 1})
    with pytest.raises(ParamError):
        manager.submit("standin-conv", np.zeros((8, 8, 3), np.uint8), {"nonsense": 1})
    with pytest.raises(KeyError):
        manager.submit("no-such-task", np.zeros((8, 8, 3), np.uint8), {})
    assert manager.jobs() == []


def test_eta_from_elapsed_time():
    assert estimate_eta(10.0, 0.25) == pytest.approx(30.0)
    assert estimate_eta(10.0, 0.0) is None
    assert estimate_eta(0.0, 0.5) is None
    assert estimate_eta(5.0, 1.0) == 0.0


def test_job_manager_signals(manager, qtbot, astronaut):
    added, finished = [], []
    manager.job_added.connect(added.append)
    manager.job_finished.connect(finished.append)
    job = manager.submit("standin-mask", astronaut, {"threshold": 100})
    assert manager.wait(10)
    assert added == [job] and finished == [job]
    assert job.result.mask.shape == (512, 512) and set(np.unique(job.result.mask)) <= {0, 255}
    manager.forget_finished()
    assert manager.jobs() == []


# -- applying results to a document --------------------------------------------------------------------
def _doc(image):
    from app.document import Document

    return Document.from_image(image)


def test_result_as_new_layer_is_one_undo_step(manager, qtbot, astronaut):
    from app.engine_results import apply_job_result

    image = astronaut[:96, :128]
    doc = _doc(image)
    job = manager.submit("standin-conv", doc.layers[0].pixels[:, :, :3], {"invert": True}, device="cpu",
                         title="Stand-in", target=doc)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    steps = len(doc.history)
    layer = apply_job_result(job)
    assert len(doc.layers) == 2 and doc.active_layer is layer and layer.name == "Stand-in"
    np.testing.assert_array_equal(layer.pixels[:, :, :3], job.result.image)
    assert len(doc.history) == steps + 1
    doc.history.undo()
    assert len(doc.layers) == 1 and doc.active_layer_index == 0
    doc.history.redo()
    assert doc.layers[1] is layer


def test_result_layer_through_a_mask_and_replace(astronaut, qtbot):
    from app.engine_results import apply_result
    from engines.base import EngineResult

    doc = _doc(astronaut[:64, :64])
    original = doc.layers[0].pixels.copy()
    mask = np.zeros((64, 64), np.uint8)
    mask[:, 32:] = 255
    result = EngineResult(image=np.full((64, 64, 3), 7, np.uint8))
    layer = apply_result(doc, result, "layer", name="Masked", mask=mask)
    shown = masked(layer.pixels, layer.shown_mask)[:, :, 3]  # the mask comes as the layer's mask
    assert layer.mask is not None and (shown[:, :32] == 0).all() and (shown[:, 32:] == 255).all()

    doc.history.undo()
    apply_result(doc, result, "replace", name="Replace", mask=mask)
    pixels = doc.layers[0].pixels
    assert (pixels[:, 32:, :3] == 7).all()
    np.testing.assert_array_equal(pixels[:, :32], original[:, :32])
    doc.history.undo()
    np.testing.assert_array_equal(doc.layers[0].pixels, original)


def test_larger_result_resizes_the_document_in_one_step(astronaut, qtbot):
    from app.document import Mask
    from app.engine_results import apply_result
    from engines.base import EngineResult

    doc = _doc(astronaut[:50, :60])
    doc.masks.append(Mask("m", np.full((50, 60), 255, np.uint8)))
    upscaled = np.zeros((100, 120, 3), np.uint8)
    apply_result(doc, EngineResult(image=upscaled), "replace", name="Upscale")
    assert doc.size == (120, 100) and doc.layers[0].pixels.shape == (100, 120, 4)
    assert doc.masks[0].data.shape == (100, 120)
    doc.history.undo()
    assert doc.size == (60, 50) and doc.masks[0].data.shape == (50, 60)
    np.testing.assert_array_equal(doc.layers[0].pixels[:, :, :3], astronaut[:50, :60])

    from app.history import DocumentError

    with pytest.raises(DocumentError, match="Replace image"):
        apply_result(doc, EngineResult(image=upscaled), "layer", name="Upscale")


def test_mask_result_becomes_the_active_mask(manager, qtbot, astronaut):
    from app.engine_results import apply_job_result

    doc = _doc(astronaut)
    job = manager.submit("standin-mask", astronaut, {"threshold": 100}, target=doc, title="Bright")
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    mask = apply_job_result(job)
    assert doc.active_mask is mask and mask.name == "Bright"
    np.testing.assert_array_equal(mask.data, job.result.mask)
    doc.history.undo()
    assert doc.masks == [] and doc.active_mask is None


def test_forgotten_jobs_free_their_results(manager, qtbot, astronaut):
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication

    jobs = [manager.submit("standin-conv", astronaut[:96, :96], {"tag": str(i)}, device="cpu") for i in range(3)]
    assert manager.wait(30)
    results = [weakref.ref(job.result) for job in jobs]
    finished = [weakref.ref(job) for job in jobs]
    del jobs
    manager.forget_finished()
    gc.collect()
    QCoreApplication.processEvents()
    assert [r() for r in results] == [None] * 3 and [j() for j in finished] == [None] * 3


def test_a_job_whose_signals_are_on_their_way_is_kept(manager, qtbot, astronaut):
    job = manager.submit("standin-mask", astronaut[:32, :32], {})
    while not job.is_finished:  # finished on the worker; the deliveries wait for this thread's events
        QThread.msleep(5)
    manager.forget_finished()
    assert manager.jobs() == [job] and not job.is_settled
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    manager.forget_finished()
    assert manager.jobs() == []
