"""Engine results entering a document: Replace of an upscale scales the other layers as Image > Scale does,
and a result of a document that changed meanwhile is refused, not applied blindly."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from app import layer_ops
from app.document import Document
from app.engine_results import apply_job_result, apply_result, is_stale
from app.history import StaleResultError
from engines.base import EngineResult
from tests.engines.standin_models import StandinHooks


def _doc_with_transparent_shape(photo: np.ndarray) -> Document:
    doc = Document.from_image(photo[:60, :80])
    shape = np.zeros((60, 80, 4), np.uint8)
    shape[..., 1] = 255  # invisible green where the layer is transparent
    shape[20:40, 25:55] = (255, 0, 0, 255)  # an opaque red shape
    layer_ops.add_layer(doc, "shape", pixels=shape)
    return doc


def test_replace_with_an_upscale_scales_other_layers_like_image_scale(astronaut, qtbot):
    replaced = _doc_with_transparent_shape(astronaut)
    scaled = _doc_with_transparent_shape(astronaut)
    upscaled = np.zeros((120, 160, 3), np.uint8)
    apply_result(replaced, EngineResult(image=upscaled), "replace", name="Upscale",
                 source_layer_uid=replaced.layers[0].uid)
    layer_ops.scale_image(scaled, 160, 120).run()
    ours, theirs = replaced.layers[1].pixels, scaled.layers[1].pixels
    assert ours.shape == theirs.shape == (120, 160, 4)
    seen = ours[..., 3] > 0
    # Straight-alpha cubic resizing mixed the invisible green into the red edge (a colour fringe).
    assert np.abs(ours[seen, :3].astype(int) - theirs[seen, :3].astype(int)).max() <= 1
    assert (ours[seen, 1] <= 1).all()
    assert np.array_equal(ours[..., 3], theirs[..., 3])
    assert np.array_equal(replaced.layers[0].pixels[..., :3], upscaled)
    replaced.history.undo()
    assert replaced.size == (80, 60) and replaced.layers[1].pixels.shape == (60, 80, 4)


def test_result_of_a_changed_document_is_stale_and_refused(manager, qtbot, astronaut):
    doc = Document.from_image(astronaut[:64, :64])
    gate = threading.Event()
    StandinHooks.on_tile = lambda tag, n: gate.wait(10)
    job = manager.submit("standin-conv", doc.layers[0].pixels, {}, device="cpu", title="Stand-in", target=doc)
    assert job.revision == doc.history.revision
    layer_ops.rename_layer(doc, None, "edited while the job ran")
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert is_stale(job)
    steps = doc.history.names
    with pytest.raises(StaleResultError):
        apply_job_result(job)
    assert doc.history.names == steps and len(doc.layers) == 1
    layer = apply_job_result(job, allow_stale=True)  # the user asked for it anyway
    assert doc.layers[-1] is layer


def test_undo_back_to_the_submitted_state_still_counts_as_changed(manager, qtbot, astronaut):
    doc = Document.from_image(astronaut[:64, :64])
    job = manager.submit("standin-conv", doc.layers[0].pixels, {}, device="cpu", target=doc)
    layer_ops.add_layer(doc)
    doc.history.undo()  # the pixels match again, but the revision moved: the result is not trusted
    assert manager.wait(20)
    assert is_stale(job)
    assert not is_stale(manager.submit("standin-conv", np.zeros((8, 8, 3), np.uint8), {}, target="not a doc"))


def test_result_layer_does_not_freeze_the_engine_output(astronaut, qtbot):
    doc = Document.from_image(astronaut[:32, :32])
    result = EngineResult(image=np.full((32, 32, 4), 9, np.uint8))
    layer = apply_result(doc, result, "layer", name="Result")
    assert result.image.flags.writeable and not layer.pixels.flags.writeable
    assert not np.shares_memory(layer.pixels, result.image)
