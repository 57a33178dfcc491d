"""The style-transfer dialog on its own (the engine dialog with its style picker): cached gallery
thumbnails, live preview, painting as a style, and the result added as a new layer through a real
JobManager."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from app.compositor import masked
from app.document import Document, Mask
from engines.style_presets import NUM_PRESETS


@pytest.fixture(scope="module", autouse=True)
def style_models() -> None:
    from models.store import default_store

    store = default_store()
    for model_id in ("style-multistyle26", "style-arbitrary"):
        if store.status(model_id) != "ready":
            store.fetch(model_id)


@pytest.fixture
def document(chelsea) -> Document:
    return Document.from_image(chelsea)


@pytest.fixture
def dialogs():
    """Dialogs made by a test; their worker threads are finished before the next test."""
    made = []
    yield made
    for dialog in made:
        dialog.shutdown()


@pytest.fixture
def manager(qtbot):
    from app.jobs import JobManager

    manager = JobManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def make_dialog(qtbot, dialogs, tmp_path, manager, monkeypatch):
    from widgets import style_dialog
    from widgets.engine_dialog import EngineDialog

    monkeypatch.setattr(style_dialog, "default_cache_dir", lambda: tmp_path / "styles")

    def make(document):
        dialog = EngineDialog("style", document, manager)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog
    return make


def test_gallery_thumbnails_are_rendered_once_and_cached(qtbot, make_dialog, document, tmp_path):
    from widgets.style_dialog import thumbnail_path

    dialog = make_dialog(document)
    with qtbot.waitSignal(dialog.extra.thumbnails_ready, timeout=120_000):
        pass
    gallery = dialog.extra.gallery
    assert gallery.count() == NUM_PRESETS
    files = [thumbnail_path(tmp_path / "styles", i) for i in range(NUM_PRESETS)]
    assert all(f.is_file() for f in files)
    assert all(not gallery.item(i).icon().isNull() for i in range(NUM_PRESETS))
    pixels = [np.asarray(Image.open(f)) for f in files[:3]]
    assert np.abs(pixels[0].astype(int) - pixels[1]).mean() > 5  # different styles, not one image
    stamps = [f.stat().st_mtime_ns for f in files]
    again = make_dialog(document)  # a second dialog reads the cache, renders nothing
    with qtbot.waitSignal(again.extra.thumbnails_ready, timeout=60_000):
        pass
    assert [f.stat().st_mtime_ns for f in files] == stamps


def test_preview_follows_choices_on_a_downscaled_copy(qtbot, make_dialog, document, chelsea, coffee, tmp_path):
    dialog = make_dialog(document)
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        pass
    first = dialog.preview_image.copy()
    assert first.shape[:2] == dialog.small.shape[:2] and max(first.shape[:2]) <= 384
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        dialog.extra.select_preset(19)
    assert np.abs(dialog.preview_image.astype(int) - first).mean() > 5
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        dialog.set_value("strength", 0.0)
    np.testing.assert_array_equal(dialog.preview_image, dialog.small)
    painting = tmp_path / "painting.png"
    Image.fromarray(coffee).save(painting)
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        dialog.set_value("strength", 1.0)
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        dialog.extra.set_style_image(str(painting))
    assert dialog.options()["style_image"] == str(painting)
    assert dialog.model_id() == "style-arbitrary"  # a picture as the style needs the arbitrary network
    assert np.abs(dialog.preview_image.astype(int) - dialog.small).mean() > 5


def test_bad_painting_shows_a_message_not_a_traceback(qtbot, make_dialog, document, tmp_path):
    dialog = make_dialog(document)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a picture")
    with qtbot.waitSignal(dialog.preview_ready, timeout=60_000):
        dialog.extra.set_style_image(str(bad))
    assert "could not be read" in dialog.preview_status.text()
    assert "Traceback" not in dialog.preview_status.text()


def test_accept_adds_the_result_as_a_new_layer_masked(qtbot, make_dialog, document, chelsea):
    mask = np.zeros(chelsea.shape[:2], np.uint8)
    mask[50:250, 100:350] = 255
    document.masks.append(Mask("area", mask))
    document.active_mask_index = 0
    dialog = make_dialog(document)
    assert dialog.mask_only.isEnabled()
    dialog.mask_only.setChecked(True)
    dialog.extra.select_preset(5)
    assert dialog.result_mode() == "layer"
    dialog.accept()
    assert dialog.job is not None
    with qtbot.waitSignal(dialog.job.finished, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: len(document.layers) == 2, timeout=10_000)
    layer = document.layers[1]
    assert document.active_layer is layer and layer.offset == (0, 0)
    shown = masked(layer.pixels, layer.shown_mask)[:, :, 3]
    assert (shown[mask == 0] == 0).all()  # outside: hidden by its layer mask, so untouched
    inside = mask > 0
    assert (layer.pixels[:, :, 3][inside] == 255).all()
    assert np.abs(layer.pixels[:, :, :3][inside].astype(int) - chelsea[inside]).mean() > 15
    assert document.history.can_undo
    document.history.undo()
    assert len(document.layers) == 1
