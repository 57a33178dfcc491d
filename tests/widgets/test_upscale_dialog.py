"""The Upscale dialog on its own (the engine dialog with its upscale options): a real photo, the real
models, a real JobManager."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialogButtonBox

from app.document import Document
from app.jobs import JobManager
from engines.superres import PREVIEW_MODEL
from widgets.engine_dialog import EngineDialog
from widgets.upscale_dialog import format_duration

TIMEOUT_MS = 60_000


@pytest.fixture
def document(astronaut) -> Document:
    return Document.from_image(astronaut[100:196, 150:278])  # 128 x 96


@pytest.fixture
def manager(qtbot):
    manager = JobManager()
    yield manager
    manager.shutdown()


@pytest.fixture(autouse=True)
def dialogs():
    """Dialogs made by a test; their previews and timings are finished before the next test."""
    made: list[EngineDialog] = []
    yield made
    for dialog in made:
        dialog.shutdown()


def _open(qtbot, document, manager, dialogs, **kwargs) -> EngineDialog:
    dialog = EngineDialog("upscale", document, manager, **kwargs)
    qtbot.addWidget(dialog)
    dialogs.append(dialog)
    return dialog


def _ok_enabled(dialog: EngineDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_preview_and_time_estimate_come_from_the_models(qtbot, document, manager, dialogs):
    dialog = _open(qtbot, document, manager, dialogs)
    extra = dialog.extra
    assert dialog.model_id() == "realesrgan-x4plus"  # the default: photos
    qtbot.waitUntil(lambda: extra.seconds_per_mp is not None, timeout=TIMEOUT_MS)
    assert extra.seconds_per_mp > 0
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    assert dialog.preview_image.shape[:2] == (256, 256)  # the 64 px crop at 4x, shown at 100 %
    assert dialog.preview.after is not None and dialog.preview.after.size() == QSize(256, 256)
    assert "Estimated time:" in extra.estimate_label.text() and "measuring" not in extra.estimate_label.text()
    slow = extra.estimated_seconds()
    # the fast model measures faster: the estimate follows the chosen model
    dialog.set_model(PREVIEW_MODEL)
    qtbot.waitUntil(lambda: extra.seconds_per_mp is not None, timeout=TIMEOUT_MS)
    assert extra.estimated_seconds() < slow


def test_scale_and_fit_set_the_result_size(qtbot, document, manager, dialogs):
    dialog = _open(qtbot, document, manager, dialogs)
    extra = dialog.extra
    extra.set_scale("2")
    assert extra.output_size() == (256, 192) and "256 × 192" in extra.size_label.text()
    extra.set_scale("3")
    size_options = {k: dialog.options()[k] for k in ("scale", "fit_width", "fit_height")}
    assert size_options == {"scale": "3", "fit_width": 0, "fit_height": 0} and extra.output_size() == (384, 288)
    extra.set_scale("fit")
    assert extra.fit_width.isEnabled()
    extra.fit_width.setValue(200)
    extra.fit_height.setValue(0)
    assert extra.output_size() == (200, 150)
    extra.fit_width.setValue(0)
    assert not _ok_enabled(dialog) and dialog.message_label.text()  # nothing to fit to: says so
    extra.fit_height.setValue(300)
    assert _ok_enabled(dialog) and extra.output_size() == (400, 300)


def test_replace_is_one_undoable_step(qtbot, document, manager, dialogs):
    dialog = _open(qtbot, document, manager, dialogs)
    dialog.set_model(PREVIEW_MODEL)
    dialog.extra.set_scale("2")
    dialog.set_result_mode("replace")
    before = document.active_layer.pixels.copy()
    dialog.accept()
    assert dialog.job is not None
    qtbot.waitUntil(lambda: document.width == 256, timeout=TIMEOUT_MS)
    assert (document.width, document.height) == (256, 192)
    assert document.active_layer.pixels.shape == (192, 256, 4)
    assert document.history.undo_name == "Upscale"
    document.history.undo()
    assert (document.width, document.height) == (128, 96)
    np.testing.assert_array_equal(document.active_layer.pixels, before)


def test_new_image_goes_to_the_window(qtbot, document, manager, dialogs):
    opened: list[tuple[np.ndarray, str]] = []
    dialog = _open(qtbot, document, manager, dialogs, open_new=lambda image, title: opened.append((image, title)))
    assert dialog.result_mode() == "new"
    dialog.set_model(PREVIEW_MODEL)
    dialog.extra.set_scale("4")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(opened), timeout=TIMEOUT_MS)
    image, title = opened[0]
    assert image.shape == (384, 512, 3) and image.dtype == np.uint8 and title
    assert (document.width, document.height) == (128, 96)  # the open image is left alone


class _MissingStore:
    """A store where nothing is installed (stands in for a fresh machine)."""

    def status(self, model_id: str) -> str:
        return "missing"


def test_missing_model_is_explained_and_cannot_start(qtbot, document, manager, dialogs):
    dialog = _open(qtbot, document, manager, dialogs, store=_MissingStore())
    assert not _ok_enabled(dialog)
    assert "Model Manager" in dialog.message_label.text()
    assert "not installed" in dialog.model_box.currentText()
    assert "unknown" in dialog.extra.estimate_label.text()


def test_durations_read_like_a_person_wrote_them():
    assert format_duration(0.3) == "under a second"
    assert format_duration(12.4) == "about 12 s"
    assert format_duration(200) == "about 3 min 20 s"
    assert format_duration(7300) == "about 2 h 1 min"
