"""Select ▸ Subject, Layer ▸ Remove Background and Layer ▸ Replace Background…: the segment engine run on
the active layer with no prompts (its "auto" way: a person model, else a salient-object model, else GrabCut
from the middle), as a background job (Jobs panel: progress, cancel). Its mask lands as one undo step, only
if the image did not change meanwhile (``app.engine_results``): as the selection, as the layer's alpha, or,
for Replace Background, under a new background made off the UI thread (``engines.segment.background``),
on a new layer or in place.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.document import Document, Layer
from app.engine_results import apply_result, is_stale
from app.history import DocumentError
from app.jobs import Job
from app.texts import Text, shown, translator
from engines.base import EngineResult
from widgets.engine_dialog import Delivery
from widgets.file_dialogs import FileTask, ask_place_path, run_in_background

TASK = "segment"
SUBJECT_TITLE = Text("SegmentActions", "Select Subject")
REMOVE_TITLE = Text("SegmentActions", "Remove Background")
REPLACE_TITLE = Text("SegmentActions", "Replace Background")
BACKGROUNDS = ("colour", "blur", "image")  # engines.segment.background.MODES

_tr = translator("SegmentActions")
_tasks: set[FileTask] = set()  # background computations in flight (a task must outlive its callbacks)


def _source(window: Any) -> tuple[Document, Layer, np.ndarray] | None:
    """The document, its active layer and what the engine gets (RGB unless the layer has transparency)."""
    doc = window.document
    layer = None if doc is None else doc.active_layer
    if doc is None or layer is None:
        window.show_error(_tr("Open an image first."))
        return None
    pixels = layer.pixels
    return doc, layer, pixels if (pixels[:, :, 3] < 255).any() else pixels[:, :, :3]


def _submit(window: Any, doc: Document, image: np.ndarray, title: Text) -> Job:
    return window.job_manager.submit(TASK, image, {}, device=window.settings.device, title=title, target=doc)


def _subject_into(window: Any, title: Text, mode: str) -> Job | None:
    """The active layer's subject, found in the background, applied in ``mode`` (one undo step)."""
    source = _source(window)
    if source is None:
        return None
    doc, layer, image = source
    job = _submit(window, doc, image, title)
    job.finished.connect(Delivery(weakref.ref(job), mode, layer.uid, None, None, window))
    return job


def select_subject(window: Any) -> Job | None:
    """Select ▸ Subject: the main subject of the active layer becomes the selection (one undo step)."""
    return _subject_into(window, SUBJECT_TITLE, "selection")


def remove_background(window: Any) -> Job | None:
    """Layer ▸ Remove Background: everything but the subject becomes transparent (one undo step; the colours
    stay in the layer, so undo or a later mask edit loses nothing)."""
    return _subject_into(window, REMOVE_TITLE, "alpha")


@dataclass(frozen=True)
class Background:
    """What Replace Background puts behind the subject, and where the result goes."""

    mode: str  # "colour", "blur" or "image"
    colour: tuple[int, int, int] = (255, 255, 255)
    blur: float = 25.0  # px (the Gaussian's sigma)
    path: Path | None = None  # the other image, for "image"
    new_layer: bool = True  # else the layer is changed in place


def compose(image: np.ndarray, alpha: np.ndarray, background: Background) -> np.ndarray:
    """The subject of ``image`` over ``background`` (worker thread: it may read a file and blur 24 MP)."""
    from app.files import open_document
    from app.files.export import flatten
    from engines.segment.background import replace_background

    other = None
    if background.mode == "image":
        if background.path is None:
            raise DocumentError(_tr("Choose the image to put behind the subject."))
        other = flatten(open_document(background.path))[:, :, :3]
    out = replace_background(image, alpha, background.mode, colour=background.colour, blur=background.blur,
                             other=other)
    if out.shape[2] == 4:
        out[:, :, 3] = 255  # the new background is opaque: nothing of the layer stays see-through
    return out


def replace_background(window: Any, background: Background) -> Job | None:
    """Find the subject of the active layer, then put ``background`` behind it: one undo step."""
    source = _source(window)
    if source is None:
        return None
    doc, layer, image = source
    job = _submit(window, doc, image, REPLACE_TITLE)
    ref = weakref.ref(job)
    uid = layer.uid

    def landed(result: EngineResult) -> None:
        done = ref()
        if done is None or result.mask is None:
            return
        if is_stale(done):
            window.show_error(_tr("The image changed while the subject was being found, so the background was "
                                  "not replaced."), shown(REPLACE_TITLE))
            return
        revision, pixels = doc.history.revision, doc.layer_by_uid(uid).pixels
        task: FileTask | None = None

        def finish(picture: np.ndarray) -> None:
            _tasks.discard(task)  # type: ignore[arg-type]
            if doc.history.revision != revision:
                window.show_error(_tr("The image changed meanwhile, so the background was not replaced."),
                                  shown(REPLACE_TITLE))
                return
            try:
                apply_result(doc, EngineResult(image=picture), "layer" if background.new_layer else "replace",
                             name=REPLACE_TITLE, source_layer_uid=uid)
            except DocumentError as exc:
                window.show_error(str(exc), shown(REPLACE_TITLE))

        def failed(exc: BaseException) -> None:
            _tasks.discard(task)  # type: ignore[arg-type]
            window.show_error(str(exc), shown(REPLACE_TITLE))

        # The layer's pixels are read-only between edits, and an edit makes a new revision: no copy needed.
        task = run_in_background(lambda: compose(pixels, result.mask, background), finish, failed)
        _tasks.add(task)

    job.finished.connect(landed)
    return job


class ReplaceBackgroundDialog(QDialog):
    """Layer ▸ Replace Background…: a colour, a blur of the photo's own background, or another image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Replace Background"))
        self.colour = QColor(255, 255, 255)
        self.mode_buttons: dict[str, QRadioButton] = {
            "colour": QRadioButton(self.tr("A colour"), self),
            "blur": QRadioButton(self.tr("The photo's own background, blurred"), self),
            "image": QRadioButton(self.tr("Another image"), self),
        }
        self.modes = QButtonGroup(self)
        for button in self.mode_buttons.values():
            self.modes.addButton(button)
        self.mode_buttons["colour"].setChecked(True)
        self.colour_button = QPushButton(self)
        self.colour_button.clicked.connect(self._pick_colour)
        self.blur_box = QSpinBox(self)
        self.blur_box.setRange(1, 200)
        self.blur_box.setValue(25)
        self.blur_box.setSuffix(self.tr(" px"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Image file"))
        self.path_edit.textChanged.connect(lambda _text: self._sync())
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.new_layer = QRadioButton(self.tr("On a new layer"), self)
        self.in_place = QRadioButton(self.tr("In place (undoable)"), self)
        self.new_layer.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.mode_buttons["colour"], self.colour_button)
        form.addRow(self.mode_buttons["blur"], self.blur_box)
        form.addRow(self.mode_buttons["image"], path_row)
        where = QVBoxLayout()
        where.addWidget(self.new_layer)
        where.addWidget(self.in_place)
        form.addRow(self.tr("Result:"), where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for button in self.mode_buttons.values():
            button.toggled.connect(lambda _on: self._sync())
        self._sync()

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self._sync()

    def _pick_colour(self) -> None:
        picked = QColorDialog.getColor(self.colour, self, self.tr("Background Colour"))
        if picked.isValid():
            self.set_colour(picked)
            self.mode_buttons["colour"].setChecked(True)

    def _browse(self) -> None:
        path = ask_place_path(self)
        if path is not None:
            self.path_edit.setText(str(path))
            self.mode_buttons["image"].setChecked(True)

    def mode(self) -> str:
        return next(key for key, button in self.mode_buttons.items() if button.isChecked())

    def _sync(self) -> None:
        self.colour_button.setText(self.colour.name())
        self.colour_button.setStyleSheet(f"background-color: {self.colour.name()}; "
                                         f"color: {'black' if self.colour.lightness() > 128 else 'white'};")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.mode() != "image" or bool(self.path_edit.text().strip()))

    def background(self) -> Background:
        path = self.path_edit.text().strip()
        return Background(self.mode(), (self.colour.red(), self.colour.green(), self.colour.blue()),
                          float(self.blur_box.value()), Path(path) if path else None, self.new_layer.isChecked())


def show_replace_background_dialog(window: Any) -> Job | None:
    """Ask what goes behind the subject, then start; None when cancelled or there is no image."""
    if window.document is None or window.document.active_layer is None:
        window.show_error(_tr("Open an image first."))
        return None
    dialog = ReplaceBackgroundDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return replace_background(window, dialog.background())
