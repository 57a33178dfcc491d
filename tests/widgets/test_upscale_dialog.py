"""The Upscale dialog on its own: a real photo, the real models, a real JobManager."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.document import Document
from app.jobs import JobManager
from engines.superres import PREVIEW_MODEL
from widgets.upscale_dialog import UpscaleDialog, format_duration

TIMEOUT_MS = 60_000


@pytest.fixture
def document(astronaut) -> Document:
    return Document.from_image(astronaut[100:196, 150:278])  # 128 x 96


@pytest.fixture
def manager(qtbot):
    manager = JobManager()
    yield manager
    manager.shutdown()


def _open(qtbot, document, manager, **kwargs) -> UpscaleDialog:
    dialog = UpscaleDialog(document, manager, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def _ok_enabled(dialog: UpscaleDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_preview_and_time_estimate_come_from_the_models(qtbot, document, manager):
    dialog = _open(qtbot, document, manager)
    assert dialog.model_id() == "realesrgan-x4plus"  # the default: photos
    qtbot.waitUntil(lambda: dialog.seconds_per_mp is not None, timeout=TIMEOUT_MS)
    assert dialog.seconds_per_mp > 0
    pixmap = dialog.after_label.pixmap()
    assert not pixmap.isNull() and (pixmap.width(), pixmap.height()) == (256, 256)
    assert "Estimated time:" in dialog.estimate_label.text() and "measuring" not in dialog.estimate_label.text()
    slow = dialog.estimated_seconds()
    # the fast model measures faster: the estimate follows the chosen model
    dialog.set_model(PREVIEW_MODEL)
    qtbot.waitUntil(lambda: dialog.seconds_per_mp is not None, timeout=TIMEOUT_MS)
    assert dialog.estimated_seconds() < slow


def test_scale_and_fit_set_the_result_size(qtbot, document, manager):
    dialog = _open(qtbot, document, manager)
    dialog.set_scale("2")
    assert dialog.output_size() == (256, 192) and "256 × 192" in dialog.size_label.text()
    dialog.set_scale("3")
    assert dialog.options() == {"scale": "3"} and dialog.output_size() == (384, 288)
    dialog.set_scale("fit")
    assert dialog.fit_width.isEnabled()
    dialog.fit_width.setValue(200)
    dialog.fit_height.setValue(0)
    assert dialog.output_size() == (200, 150)
    dialog.fit_width.setValue(0)
    assert not _ok_enabled(dialog) and dialog.message_label.text()  # nothing to fit to: says so
    dialog.fit_height.setValue(300)
    assert _ok_enabled(dialog) and dialog.output_size() == (400, 300)


def test_replace_is_one_undoable_step(qtbot, document, manager):
    dialog = _open(qtbot, document, manager)
    dialog.set_model(PREVIEW_MODEL)
    dialog.set_scale("2")
    dialog.replace.setChecked(True)
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


def test_new_image_goes_to_the_window(qtbot, document, manager):
    opened: list[tuple[np.ndarray, str]] = []
    dialog = _open(qtbot, document, manager, open_new=lambda image, title: opened.append((image, title)))
    assert dialog.new_image.isChecked()
    dialog.set_model(PREVIEW_MODEL)
    dialog.set_scale("4")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(opened), timeout=TIMEOUT_MS)
    image, title = opened[0]
    assert image.shape == (384, 512, 3) and image.dtype == np.uint8 and title
    assert (document.width, document.height) == (128, 96)  # the open image is left alone


class _MissingStore:
    """A store where nothing is installed (stands in for a fresh machine)."""

    def status(self, model_id: str) -> str:
        return "missing"


def test_missing_model_is_explained_and_cannot_start(qtbot, document, manager):
    dialog = _open(qtbot, document, manager, store=_MissingStore())
    assert not _ok_enabled(dialog)
    assert "Model Manager" in dialog.message_label.text()
    assert "not installed" in dialog.model_box.currentText()
    assert "unknown" in dialog.estimate_label.text()


def test_durations_read_like_a_person_wrote_them():
    assert format_duration(0.3) == "under a second"
    assert format_duration(12.4) == "about 12 s"
    assert format_duration(200) == "about 3 min 20 s"
    assert format_duration(7300) == "about 2 h 1 min"
