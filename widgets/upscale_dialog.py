"""Image > Upscale…: model, scale (2x/3x/4x or fit to W x H), a live preview of a crop, the time it will take.

The preview runs the fast model (realesr-animevideov3) on a 64 px crop off the UI thread; the same worker
times the chosen model on a small piece, which gives the estimate for the whole image. The upscale itself
runs as a background job; its result opens as a new image or replaces this one (one undoable step).
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.engine_results import replace_image
from app.texts import translator
from engines.base import EngineError, EngineResult, RunContext
from engines.params import ParamError, resolve_options
from engines.superres import DEFAULT_MODEL, PREVIEW_MODEL, UpscaleEngine, seconds_per_megapixel, target_size

log = logging.getLogger(__name__)

PREVIEW_CROP = 64  # input pixels; shown at 100% after upscaling
TIMING_CROP = 64  # the chosen model is timed on this much (x4plus: ~1 s on 2 cores)
FIT = "fit"
MAX_SIDE = 100000
# Tiles overlap, so the model computes more pixels than the output holds.
TILING_OVERHEAD = 1.3

OpenNew = Callable[[np.ndarray, str], Any]


_tr = translator("UpscaleDialog")


def format_duration(seconds: float) -> str:
    if seconds < 1:
        return _tr("under a second")
    if seconds < 60:
        return _tr("about {s} s").format(s=round(seconds))
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return _tr("about {m} min {s} s").format(m=minutes, s=secs)
    hours, minutes = divmod(minutes, 60)
    return _tr("about {h} h {m} min").format(h=hours, m=minutes)


def to_pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb[:, :, :3])
    h, w = rgb.shape[:2]
    return QPixmap.fromImage(QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy())


def centre_crop(pixels: np.ndarray, size: int = PREVIEW_CROP) -> np.ndarray:
    h, w = pixels.shape[:2]
    y, x = max(0, (h - size) // 2), max(0, (w - size) // 2)
    return np.ascontiguousarray(pixels[y:y + size, x:x + size, :3])


class _PreviewSignals(QObject):
    done = Signal(int, object, float)  # generation, 4x preview (RGB uint8), chosen model's seconds per MP
    failed = Signal(int, str)


class _PreviewTask(QRunnable):
    """Fast-model preview of the crop and/or a timing of the chosen model: off the UI thread."""

    def __init__(self, generation: int, crop: np.ndarray, signals: _PreviewSignals, *, make_preview: bool,
                 time_model: str | None) -> None:
        super().__init__()
        self.generation, self.crop, self.signals = generation, crop, signals
        self.make_preview, self.time_model = make_preview, time_model

    def run(self) -> None:
        try:
            preview = None
            if self.make_preview:
                engine = UpscaleEngine()
                options = resolve_options(engine.params, {"scale": "4"})
                preview = engine.run(self.crop, options, RunContext(), model_id=PREVIEW_MODEL).image
            seconds = -1.0
            if self.time_model is not None:
                seconds = seconds_per_megapixel(self.time_model, self.crop[:TIMING_CROP, :TIMING_CROP])
            self.signals.done.emit(self.generation, preview, seconds)
        except EngineError as exc:  # includes a missing model: the message says how to fetch it
            self.signals.failed.emit(self.generation, str(exc))
        except Exception as exc:  # a preview must never take the editor down
            log.exception("upscale preview failed")
            self.signals.failed.emit(self.generation, _tr("The preview failed: {error}").format(error=exc))


def _model_choices(store: Any) -> list[tuple[str, str, bool]]:
    """(id, title, ready) of every upscale model in the catalog, the default first."""
    from models.catalog import models_for_task
    from widgets.model_manager import model_title

    entries = sorted(models_for_task("upscale"), key=lambda e: (e.id != DEFAULT_MODEL, not e.builtin, e.title))
    return [(e.id, model_title(e), store.status(e.id) == "ready") for e in entries]


def deliver_result(result: EngineResult, document: Document, mode: str, layer_uid: int | None,
                   open_new: OpenNew | None, title: str) -> None:
    """Put a finished upscale where the user asked: a new image, or this one resized (one undo step)."""
    if result.image is None:
        return
    if mode == "new" and open_new is not None:
        open_new(result.image, title)
    else:
        replace_image(document, result.image, _tr("Upscale"), source_layer_uid=layer_uid)


class UpscaleDialog(QDialog):
    preview_ready = Signal()  # the preview and the estimate are shown (or their error)

    def __init__(self, document: Document, job_manager: Any = None, *, open_new: OpenNew | None = None,
                 store: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Upscale"))
        if store is None:
            from models.store import default_store

            store = default_store()
        self.document, self.job_manager, self.open_new, self.store = document, job_manager, open_new, store
        layer = document.active_layer
        if layer is None:
            raise ValueError("the document has no layer to upscale")
        self.layer_uid = layer.uid
        self.source = layer.pixels  # RGBA uint8
        self.job = None
        self.seconds_per_mp: float | None = None
        self._preview4x: np.ndarray | None = None
        self._generation = 0
        self._signals = _PreviewSignals()  # no parent: a late worker may still emit after we close
        self._signals.done.connect(self._on_preview)
        self._signals.failed.connect(self._on_preview_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._build()
        self._refresh()
        self.request_preview()

    # -- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.model_box = QComboBox(self)
        for model_id, title, ready in _model_choices(self.store):
            label = title if ready else self.tr("{title} (not installed)").format(title=title)
            self.model_box.addItem(label, model_id)
        self.scale_box = QComboBox(self)
        for text, value in (("2×", "2"), ("3×", "3"), ("4×", "4")):
            self.scale_box.addItem(text, value)
        self.scale_box.addItem(self.tr("Fit to size…"), FIT)
        self.scale_box.setCurrentIndex(2)
        self.fit_width, self.fit_height = QSpinBox(self), QSpinBox(self)
        h, w = self.source.shape[:2]
        for box, value in ((self.fit_width, w * 2), (self.fit_height, h * 2)):
            box.setRange(0, MAX_SIDE)
            box.setValue(value)
            box.setSuffix(" px")
            box.setSpecialValueText(self.tr("any"))
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.fit_width)
        fit_row.addWidget(QLabel("×", self))
        fit_row.addWidget(self.fit_height)
        self.size_label = QLabel(self)
        self.new_image = QRadioButton(self.tr("Open as a new image"), self)
        self.replace = QRadioButton(self.tr("Replace this image (undoable)"), self)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.new_image)
        self.mode_group.addButton(self.replace)
        self.new_image.setEnabled(self.open_new is not None)
        (self.new_image if self.open_new is not None else self.replace).setChecked(True)

        self.before_label, self.after_label = QLabel(self), QLabel(self)
        side = PREVIEW_CROP * 4
        for label in (self.before_label, self.after_label):
            label.setFixedSize(side, side)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: #202020;")
        self.after_label.setText(self.tr("Preparing the preview…"))
        self.estimate_label = QLabel(self.tr("Estimated time: measuring…"), self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Model:"), self.model_box)
        form.addRow(self.tr("Scale:"), self.scale_box)
        form.addRow(self.tr("Fit within:"), fit_row)
        form.addRow(self.tr("Result size:"), self.size_label)
        form.addRow(self.tr("Result:"), self.new_image)
        form.addRow("", self.replace)
        previews = QGridLayout()
        previews.addWidget(QLabel(self.tr("Bicubic"), self), 0, 0)
        previews.addWidget(QLabel(self.tr("Upscaled (fast preview model)"), self), 0, 1)
        previews.addWidget(self.before_label, 1, 0)
        previews.addWidget(self.after_label, 1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Upscale"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(previews)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        self.model_box.currentIndexChanged.connect(self._model_changed)
        for signal in (self.scale_box.currentIndexChanged, self.fit_width.valueChanged, self.fit_height.valueChanged):
            signal.connect(self._refresh)

    # -- state ----------------------------------------------------------------------------------------
    def model_id(self) -> str:
        return str(self.model_box.currentData())

    def set_model(self, model_id: str) -> None:
        self.model_box.setCurrentIndex(self.model_box.findData(model_id))

    def set_scale(self, value: str) -> None:
        """"2", "3", "4" or "fit"."""
        self.scale_box.setCurrentIndex(self.scale_box.findData(value))

    def options(self) -> dict[str, Any]:
        if self.scale_box.currentData() == FIT:
            return {"fit_width": self.fit_width.value(), "fit_height": self.fit_height.value()}
        return {"scale": self.scale_box.currentData()}

    def output_size(self) -> tuple[int, int]:
        h, w = self.source.shape[:2]
        options = self.options()
        if options.get("fit_width", 1) == 0 and options.get("fit_height", 1) == 0:
            return w, h
        return target_size(w, h, options)

    def model_ready(self) -> bool:
        return self.store.status(self.model_id()) == "ready"

    def estimated_seconds(self) -> float | None:
        if self.seconds_per_mp is None:
            return None
        h, w = self.source.shape[:2]
        overhead = TILING_OVERHEAD if max(h, w) > 256 else 1.0
        return self.seconds_per_mp * (w * h * 16 / 1e6) * overhead  # the network always works at 4x

    def _refresh(self) -> None:
        fitting = self.scale_box.currentData() == FIT
        self.fit_width.setEnabled(fitting)
        self.fit_height.setEnabled(fitting)
        w, h = self.output_size()
        self.size_label.setText(self.tr("{w} × {h} px").format(w=w, h=h))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        problem = ""
        if not self.model_ready():
            problem = self.tr("This model is not installed. Fetch it in Models > Model Manager.")
        elif fitting and self.fit_width.value() == 0 and self.fit_height.value() == 0:
            problem = self.tr("Enter a width, a height or both.")
        ok.setEnabled(not problem and self.job_manager is not None)
        self.message_label.setText(problem)
        self._show_preview()

    def _model_changed(self) -> None:
        self.seconds_per_mp = None
        self.estimate_label.setText(self.tr("Estimated time: measuring…"))
        self._refresh()
        self.request_preview()

    # -- preview --------------------------------------------------------------------------------------
    def request_preview(self) -> None:
        """Make the preview (once) and time the chosen model, in the background."""
        self._generation += 1
        make_preview = self._preview4x is None and self.store.status(PREVIEW_MODEL) == "ready"
        time_model = self.model_id() if self.model_ready() else None
        if time_model is None:
            self.estimate_label.setText(self.tr("Estimated time: unknown (model not installed)"))
        if not make_preview and time_model is None:
            if self._preview4x is None:
                self.after_label.setText(self.tr("No preview: the preview model is not installed."))
            self.preview_ready.emit()
            return
        self._pool.start(_PreviewTask(self._generation, centre_crop(self.source), self._signals,
                                      make_preview=make_preview, time_model=time_model))

    def _on_preview(self, generation: int, preview: object, seconds_per_mp: float) -> None:
        if generation != self._generation:
            return  # a newer request (another model) is on its way
        if isinstance(preview, np.ndarray):
            self._preview4x = preview
        if seconds_per_mp > 0:
            self.seconds_per_mp = seconds_per_mp
            self.estimate_label.setText(self.tr("Estimated time: {t} on this computer").format(
                t=format_duration(self.estimated_seconds() or 0.0)))
        self._show_preview()
        self.preview_ready.emit()

    def _on_preview_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.after_label.setText(self.tr("No preview"))
        self.estimate_label.setText(self.tr("Estimated time: unknown"))
        self.message_label.setText(message)
        self.preview_ready.emit()

    def _show_preview(self) -> None:
        """Bicubic and model crops as they will look at the chosen scale (the preview is made at 4x)."""
        w, _ = self.output_size()
        factor = min(max(w / self.source.shape[1], 0.25), 4.0)
        crop = centre_crop(self.source)
        self.before_label.setPixmap(to_pixmap(cv2.resize(crop, None, fx=factor, fy=factor,
                                                         interpolation=cv2.INTER_CUBIC)))
        if self._preview4x is None:
            return
        shown = self._preview4x
        if factor < 4.0:
            shown = cv2.resize(shown, None, fx=factor / 4.0, fy=factor / 4.0, interpolation=cv2.INTER_AREA)
        self.after_label.setPixmap(to_pixmap(shown))

    # -- running --------------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.job_manager is None:
            return
        mode = "new" if self.new_image.isChecked() else "replace"
        image = self.source if (self.source[:, :, 3] < 255).any() else self.source[:, :, :3]
        title = self.tr("Upscale")
        try:
            job = self.job_manager.submit("upscale", image, self.options(), model_id=self.model_id(),
                                          title=title, target=self.document)
        except ParamError as exc:
            QMessageBox.warning(self, self.tr("Upscale"), str(exc))
            return
        document, layer_uid, open_new = self.document, self.layer_uid, self.open_new
        job.finished.connect(lambda result: deliver_result(result, document, mode, layer_uid, open_new, title))
        self.job = job
        super().accept()

    def done(self, result: int) -> None:
        self._generation += 1  # late previews are ignored
        super().done(result)


def show_upscale_dialog(window: Any) -> Any:
    """Image > Upscale… for the main window; returns the submitted job, or None."""
    document = getattr(window, "document", None)
    if document is None or document.active_layer is None:
        QMessageBox.information(window, _tr("Upscale"), _tr("Open an image first."))
        return None
    dialog = UpscaleDialog(document, window.job_manager, open_new=window.open_image_as_new_document, parent=window)
    try:
        dialog.exec()
        return dialog.job
    finally:
        dialog.deleteLater()
