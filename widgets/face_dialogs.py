"""Face actions for the main window: find faces, make a mask of a face region, Align & Crop.

``window`` is the main window (``document``, ``job_manager``, ``statusBar()``,
``open_image_as_new_document``). Detection runs as a background job on the visible composite; its
result is kept per document in ``widgets.face_results.face_results()``. Actions that need faces find
them first when there are none yet, then carry on when the job finishes.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.compositor import render_sources, sources_of
from app.document import Document, Mask
from app.history import DocumentError
from app.layer_ops import add_mask
from app.texts import translator
from engines.faces.align import PRESETS, align_crop
from engines.faces.regions import faces_region_mask
from engines.params import ParamError
from widgets.face_results import face_label, face_results, faces_found_text, region_text
from widgets.pixmaps import to_pixmap

PREVIEW_HEIGHT = 260
CUSTOM = "custom"


_tr = translator("Faces")


def _inform(window: Any, text: str) -> None:
    """A short note in the window's status bar."""
    window.statusBar().showMessage(text, 6000)


def composite_rgb(doc: Document) -> np.ndarray:
    """The visible image as (H, W, 3) uint8, transparent areas over white (faces are found on what the
    user sees, in canvas coordinates, so masks line up with the canvas)."""
    rgba = render_sources(sources_of(doc.layers), (0, 0, doc.width, doc.height)).astype(np.float32)
    alpha = rgba[:, :, 3:] / 255.0
    return np.rint(rgba[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)


def detect_faces(
    window: Any,
    options: dict[str, Any] | None = None,
    on_done: Callable[[Document, list[dict[str, Any]]], None] | None = None,
) -> Any:
    """Queue face detection for the window's document; returns the job (or None when there is nothing
    to do). ``on_done(document, faces)`` runs on the UI thread after the result is stored."""
    doc = window.document
    if doc is None or not doc.layers:
        _inform(window, _tr("Open an image first."))
        return None
    try:
        job = window.job_manager.submit("faces", composite_rgb(doc), options or {}, title=_tr("Find faces"),
                                        target=doc)
    except ParamError as exc:
        QMessageBox.warning(window, _tr("Faces"), str(exc))
        return None

    def finished(result: Any) -> None:
        face_results().set(doc, result.data)
        faces = result.data["faces"]
        if not faces:
            _inform(window, _tr("No faces found. Try a lower minimum confidence or another detector."))
        else:
            _inform(window, faces_found_text(len(faces)))
        if on_done is not None:
            on_done(doc, faces)

    job.finished.connect(finished)
    job.failed.connect(lambda message: _inform(window, _tr("Finding faces failed: {0}").format(message)))
    return job


def _with_faces(window: Any, then: Callable[[Document, list[dict[str, Any]]], Any]) -> Any:
    """Run ``then`` with the stored faces, finding them first when there are none."""
    doc = window.document
    if doc is None:
        _inform(window, _tr("Open an image first."))
        return None
    if face_results().get(doc) is not None:
        return then(doc, face_results().chosen_faces(doc))

    def found(found_doc: Document, faces: list[dict[str, Any]]) -> None:
        if faces:
            then(found_doc, face_results().chosen_faces(found_doc))

    return detect_faces(window, on_done=found)


def make_region_mask(doc: Document, faces: list[dict[str, Any]], region: str, feather: float = 0) -> Mask | None:
    """Add a mask of ``region`` over ``faces`` to ``doc`` (one undoable step); None when no face."""
    if not faces:
        return None
    data = faces_region_mask(faces, region, (doc.height, doc.width), feather)
    name = _tr("Face: {region}").format(region=region_text(region))
    return add_mask(doc, name, data)


def select_face_region(window: Any, region: str, feather: float = 0) -> Any:
    """Make a new mask of ``region`` (see engines.faces.regions.REGION_NAMES) of the selected face, or of
    every face. Returns the Mask, or the detection job when faces had to be found first."""
    def make(doc: Document, faces: list[dict[str, Any]]) -> Mask | None:
        if not faces:
            _inform(window, _tr("No faces found."))
            return None
        try:
            return make_region_mask(doc, faces, region, feather)
        except (ValueError, DocumentError) as exc:
            QMessageBox.warning(window, _tr("Faces"), str(exc))
            return None

    return _with_faces(window, make)


class AlignCropDialog(QDialog):
    """Straighten and crop a portrait from the eye line: presets for ID photos or a custom frame."""

    def __init__(self, rgb: np.ndarray, faces: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Align and Crop Face"))
        self.rgb = rgb
        self.faces = faces

        form = QFormLayout()
        self.face = QComboBox(self)
        for index, face in enumerate(faces):
            self.face.addItem(face_label(index, face), index)
        form.addRow(self.tr("Face:"), self.face)
        self.preset = QComboBox(self)
        self.preset.addItem(self.tr("Custom"), CUSTOM)
        for key, preset in PRESETS.items():
            self.preset.addItem(self.tr(preset.title), key)
        form.addRow(self.tr("Preset:"), self.preset)
        size_row = QHBoxLayout()
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box in (self.width_box, self.height_box):
            box.setRange(16, 20000)
            box.setSuffix(self.tr(" px"))
            size_row.addWidget(box)
        form.addRow(self.tr("Size:"), size_row)
        self.eye_line = QDoubleSpinBox(self)
        self.eye_line.setRange(5, 95)
        self.eye_line.setSuffix(" %")
        self.eye_line.setToolTip(self.tr("Height of the eyes, from the top of the picture."))
        form.addRow(self.tr("Eye line:"), self.eye_line)
        self.head = QDoubleSpinBox(self)
        self.head.setRange(10, 150)
        self.head.setSuffix(" %")
        self.head.setToolTip(self.tr("Chin to top of the head, as a share of the picture's height."))
        form.addRow(self.tr("Head height:"), self.head)
        self.straighten = QCheckBox(self.tr("Level the eyes"), self)
        self.straighten.setChecked(True)
        form.addRow("", self.straighten)

        self.preview = QLabel(self)
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Crop to New Image"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(self.buttons)
        layout.addLayout(left)
        layout.addWidget(self.preview, 1)

        self._apply_preset("portrait-4x5")
        self.preset.currentIndexChanged.connect(lambda _i: self._apply_preset(self.preset.currentData()))
        for box in (self.width_box, self.height_box, self.eye_line, self.head):
            box.valueChanged.connect(self._edited)
        self.face.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.straighten.toggled.connect(lambda _on: self.update_preview())
        self.update_preview()

    def _apply_preset(self, key: str) -> None:
        if key == CUSTOM or key not in PRESETS:
            return
        preset = PRESETS[key]
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(key))
        self.preset.blockSignals(False)
        for box, value in ((self.width_box, preset.width), (self.height_box, preset.height),
                           (self.eye_line, preset.eye_line_y * 100), (self.head, preset.head_height * 100)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.update_preview()

    def _edited(self) -> None:
        """Editing a number leaves the preset: the frame is now custom."""
        key = self.preset.currentData()
        if key in PRESETS:
            p = PRESETS[key]
            same = (
                (self.width_box.value(), self.height_box.value()) == (p.width, p.height)
                and abs(self.eye_line.value() - p.eye_line_y * 100) < 1e-6
                and abs(self.head.value() - p.head_height * 100) < 1e-6
            )
            if not same:
                self.preset.blockSignals(True)
                self.preset.setCurrentIndex(0)
                self.preset.blockSignals(False)
        self.update_preview()

    def options(self) -> dict[str, Any]:
        return {
            "size": (self.width_box.value(), self.height_box.value()),
            "eye_line_y": self.eye_line.value() / 100.0,
            "head_height": self.head.value() / 100.0,
            "straighten": self.straighten.isChecked(),
        }

    def selected_face(self) -> dict[str, Any]:
        return self.faces[int(self.face.currentData() or 0)]

    def result_image(self) -> np.ndarray:
        return align_crop(self.rgb, self.selected_face(), **self.options())

    def update_preview(self) -> None:
        opts = self.options()
        w, h = opts["size"]
        scale = min(1.0, PREVIEW_HEIGHT / h)  # the preview is made small directly: cheap on every edit
        opts["size"] = (max(1, round(w * scale)), max(1, round(h * scale)))
        self.preview.setPixmap(to_pixmap(align_crop(self.rgb, self.selected_face(), **opts)))


def show_align_crop_dialog(window: Any) -> Any:
    """Image > Align and Crop Face…: opens the dialog (finding faces first if needed); the crop opens as
    a new image. Returns the dialog's result image, the detection job, or None."""
    def open_dialog(doc: Document, faces: list[dict[str, Any]]) -> np.ndarray | None:
        if not faces:
            _inform(window, _tr("No faces found."))
            return None
        all_faces = face_results().faces(doc)
        dialog = AlignCropDialog(composite_rgb(doc), all_faces, window)
        chosen = face_results().selected(doc)
        if 0 <= chosen < len(all_faces):
            dialog.face.setCurrentIndex(chosen)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            image = dialog.result_image()
        finally:
            dialog.deleteLater()
        window.open_image_as_new_document(image, _tr("Face crop"))
        return image

    return _with_faces(window, open_dialog)
