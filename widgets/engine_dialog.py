"""The dialog of every image engine, built from the engine class's data.

    EngineDialog(task, document, job_manager, open_new=..., device=..., parent=window)

Model (the engine's ``model_task`` models, with their status, the default first), device, the params'
editors (widgets/param_panel.py), "apply only inside the mask" for engines that use one, where the
result goes (``app.engine_results.modes_for`` or the extra's modes), a before/after preview of the
engine on a downscaled copy of the layer, computed off the UI thread, and the full run as a job of the
window's JobManager with progress and cancel. The result enters the document through
``app.engine_results`` as one undo step, also when the dialog was closed while the job ran on (and is
refused, with a message, if the image changed meanwhile). An engine-specific widget
(widgets/engine_extra.py) adds what the params cannot say.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.engine_results import apply_job_result, modes_for
from app.history import DocumentError
from app.jobs import Job, JobManager
from app.texts import Text, shown, translator
from engines.base import EngineInputError, EngineResult
from engines.params import ParamError, gui_params, resolve_options
from engines.registry import engine_class
from widgets.canvas_preview import canvas_preview_for
from widgets.engine_extra import EngineExtra, PreviewRequest, extra_widget
from widgets.engine_preview import PreviewRunner
from widgets.param_panel import ParamPanel
from widgets.split_preview import SplitPreview

PREVIEW_SIDE = 384  # long side of the preview copy
PREVIEW_DELAY_MS = 150  # a dragged slider asks for one preview when it rests, not one per pixel
DEVICES = ("auto", "gpu", "cpu")
MIN_SIZE = QSize(720, 460)  # room for the preview beside the options

OpenNew = Callable[[np.ndarray, str], Any]

_tr = translator("EngineDialog")


def engine_title(cls: type) -> Text:
    """An engine's title in the interface language (it follows a later language switch, as job titles do)."""
    return Text("Engines", cls.title)


def downscale(image: np.ndarray, side: int = PREVIEW_SIDE) -> tuple[np.ndarray, float]:
    """(copy whose long side is at most ``side``, scale factor applied)."""
    h, w = image.shape[:2]
    factor = min(1.0, side / max(h, w))
    if factor >= 1.0:
        return image.copy(), 1.0
    size = (max(16, round(w * factor)), max(16, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def layer_mask(document: Document, layer_uid: int) -> np.ndarray | None:
    """The active mask cut to the layer's rectangle (zeros where the layer leaves the canvas)."""
    mask = document.active_mask
    if mask is None:
        return None
    layer = document.layer_by_uid(layer_uid)
    x, y = layer.offset
    out = np.zeros((layer.height, layer.width), np.uint8)
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + layer.width, document.width), min(y + layer.height, document.height)
    if x1 > x0 and y1 > y0:
        out[y0 - y:y1 - y, x0 - x:x1 - x] = mask.data[y0:y1, x0:x1]
    return out


def _mode_label(mode: str) -> str:
    return {
        "layer": _tr("Add as a new layer"),
        "replace": _tr("Replace this layer (undoable)"),
        "mask": _tr("Add as a new mask"),
        "selection": _tr("Select it"),
        "alpha": _tr("Remove the rest from this layer (undoable)"),
        "new": _tr("Open as a new image"),
    }[mode]


def _device_label(device: str) -> str:
    return {"auto": _tr("Automatic"), "gpu": _tr("GPU"), "cpu": _tr("CPU")}[device]


def _status_suffix(status: str) -> str:
    return {"missing": _tr(" (not installed)"), "downloading": _tr(" (downloading)"),
            "corrupt": _tr(" (damaged)")}.get(status, "")


def _align_labels(widget: QWidget) -> None:
    """One label column for every form in ``widget`` (the generic rows, the extra's, the params')."""
    labels = [item.widget() for form in widget.findChildren(QFormLayout) for row in range(form.rowCount())
              if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget()]
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


@dataclass
class Delivery:
    """Where a finished run's result goes; kept apart from the dialog, which may be closed by then. The
    job is held weakly: this callable is connected to the job's own signal."""

    job: weakref.ref[Job]
    mode: str  # "layer", "replace", "mask" or "new"
    layer_uid: int
    layer_alpha: np.ndarray | None  # "layer" inside a mask: the new layer is transparent outside it
    open_new: OpenNew | None
    window: QWidget | None  # where to say that a result could not be applied

    def __call__(self, result: EngineResult) -> None:
        job = self.job()
        if job is None:  # (for the type checker: the job is alive while it emits)
            return
        if self.mode == "new":
            if self.open_new is not None and result.image is not None:
                self.open_new(result.image, job.title)
            return
        mask = self.layer_alpha if self.mode == "layer" else None
        try:  # a result of an image the user changed meanwhile (a run in the background) is refused
            apply_job_result(job, self.mode, source_layer_uid=self.layer_uid, mask=mask)
        except DocumentError as exc:
            QMessageBox.warning(self.window, shown(job.title), str(exc))


class EngineDialog(QDialog):
    preview_ready = Signal()  # a preview (or why there is none) is shown
    run_ended = Signal(str)  # the full run's job ended: "done", "failed" or "cancelled"

    def __init__(self, task: str, document: Document, job_manager: JobManager, *, open_new: OpenNew | None = None,
                 store: Any = None, device: str = "auto", group: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cls = engine_class(task)
        self.engine = self.cls()
        self.task = task
        self.group = group
        self.setWindowTitle(engine_title(self.cls) if group is None
                            else QCoreApplication.translate("EngineParams", group))
        layer = document.active_layer
        if layer is None:
            raise ValueError("the document has no layer to run the engine on")
        if store is None:
            from models.store import default_store

            store = default_store()
        self.document, self.job_manager, self.open_new, self.store = document, job_manager, open_new, store
        self.layer_uid = layer.uid
        self.source = layer.pixels  # RGBA uint8
        # What the engine is given: RGB unless the layer has transparency to keep.
        self.run_image = self.source if (self.source[:, :, 3] < 255).any() else self.source[:, :, :3]
        uses_mask = self.cls.uses_mask or self.cls.needs_mask
        self.mask = layer_mask(document, layer.uid) if uses_mask else None
        self.small, self.factor = downscale(self.run_image)
        self.small_mask = None if self.mask is None else cv2.resize(
            self.mask, (self.small.shape[1], self.small.shape[0]), interpolation=cv2.INTER_AREA)
        self.preview_image: np.ndarray | None = None
        self._before: np.ndarray | None = None  # the left side of the preview being shown
        self.job: Job | None = None
        extra_cls = extra_widget(task)
        self.extra: EngineExtra | None = None if extra_cls is None else extra_cls(self, self)
        self.canvas_preview = canvas_preview_for(self)  # the result on the visible canvas, for cheap engines
        self._build(device)
        self.runner = PreviewRunner(self.cls, self)
        self.runner.ready.connect(self._on_preview)
        self.runner.failed.connect(self._on_preview_failed)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.request_preview)
        self.panel.changed.connect(lambda _name: self.refresh())
        if self.extra is not None:
            self.extra.changed.connect(self.refresh)
            self.extra.model_changed()  # the model box exists only now
        self.refresh(at_once=True)

    # -- layout ---------------------------------------------------------------------------------------
    def _build(self, device: str) -> None:
        from models.catalog import models_for_task
        from widgets.model_manager import model_title

        handled = set(self.extra.handles) if self.extra is not None else set()
        # One group's entry (Image ▸ Adjustments ▸ Levels…) shows that group's params; the others keep
        # their defaults, which for a recipe engine means "off".
        shown = tuple(p for p in gui_params(self.cls.params)
                      if p.name not in handled and (self.group is None or p.group == self.group))
        self.panel = ParamPanel(shown, self)

        self.model_box = QComboBox(self)
        entries = sorted(models_for_task(self.cls.model_task),
                         key=lambda e: (e.id != self.cls.default_model, not e.builtin, e.title))
        for method in self.cls.methods:  # built-in ways of working first: they need no download
            self.model_box.addItem(QCoreApplication.translate("Engines", method.title), method.id)
            self.model_box.setItemData(self.model_box.count() - 1,
                                       QCoreApplication.translate("Engines", method.description),
                                       Qt.ItemDataRole.ToolTipRole)
        for entry in entries:
            self.model_box.addItem(model_title(entry) + _status_suffix(self.store.status(entry.id)), entry.id)
        self.model_box.currentIndexChanged.connect(self._model_changed)
        self.device_box = QComboBox(self)
        for name in DEVICES:
            self.device_box.addItem(_device_label(name), name)
        self.device_box.setCurrentIndex(max(0, self.device_box.findData(device)))
        self.device_box.currentIndexChanged.connect(lambda _i: self.refresh())
        runtime = QFormLayout()
        runtime.setContentsMargins(0, 0, 0, 0)
        picked = self.extra is not None and self.extra.picks_model
        choices = self.model_box.count() > 0
        if choices and not picked:
            runtime.addRow(self.tr("Method") if self.cls.methods else self.tr("Model"), self.model_box)
        else:
            self.model_box.hide()
        if entries:  # an engine without models (a classical filter) runs where it is
            runtime.addRow(self.tr("Device"), self.device_box)
        else:
            self.device_box.hide()

        self.mask_only = QCheckBox(self.tr("Apply only inside the mask"), self)
        has_mask = self.mask is not None and bool(self.mask.any())
        self.mask_only.setVisible(self.cls.uses_mask or self.cls.needs_mask)
        self.mask_only.setEnabled(self._mask_choice())
        self.mask_only.setChecked(self.cls.needs_mask and has_mask)
        if not has_mask:
            self.mask_only.setToolTip(self.tr("Paint a mask or make one from a selection first."))
        self.mask_only.toggled.connect(lambda _on: self.refresh())

        self.mode_buttons: dict[str, QRadioButton] = {}
        self.mode_group = QButtonGroup(self)
        modes_box = QVBoxLayout()
        modes = ((self.extra.result_modes if self.extra is not None else None) or self.cls.result_modes
                 or modes_for(self.cls.output_kind))
        for mode in modes:
            button = QRadioButton(_mode_label(mode), self)
            button.setEnabled(self._mode_available(mode))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            modes_box.addWidget(button)
        enabled = [b for b in self.mode_buttons.values() if b.isEnabled()]
        if enabled:
            enabled[0].setChecked(True)
        for button in self.mode_buttons.values():  # the preview shows what goes where the result goes
            button.toggled.connect(lambda on: self.refresh() if on else None)
        if len(modes) < 2:
            for button in self.mode_buttons.values():
                button.hide()

        self.preview = SplitPreview(self)
        self.preview.set_captions(self.tr("Before"), self.tr("After"))
        self.preview_status = QLabel(self)
        self.preview_status.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Apply"))
        self.background_button = QPushButton(self.tr("Run in Background"), self)
        self.background_button.setToolTip(self.tr("Close this dialog; the job goes on in the Jobs panel."))
        self.buttons.addButton(self.background_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.background_button.clicked.connect(self._to_background)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(runtime)
        expands = self.extra is not None and self.extra.expands
        if self.extra is not None:
            left.addWidget(self.extra, 1 if expands else 0)
        left.addWidget(self.panel)
        left.addWidget(self.mask_only)
        left.addLayout(modes_box)
        if not expands:
            left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_status)
        if self.canvas_preview is not None:
            right.addWidget(self.canvas_preview.note)
            self.canvas_preview.follow_split(self.preview)
        body = QHBoxLayout()
        body.addLayout(left, 3 if self.extra is not None else 2)
        body.addLayout(right, 2)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label, 1)
        root = QVBoxLayout(self)
        root.addLayout(body, 1)
        root.addWidget(self.message_label)
        root.addLayout(progress_row)
        root.addWidget(self.buttons)
        _align_labels(self)
        self._show_running(False)
        self.resize(self.sizeHint().expandedTo(MIN_SIZE))

    # -- state ----------------------------------------------------------------------------------------
    def model_id(self) -> str | None:
        if self.extra is not None and self.extra.picks_model:
            return self.extra.model_id()
        data = self.model_box.currentData()
        return None if data is None else str(data)

    def set_model(self, model_id: str) -> None:
        self.model_box.setCurrentIndex(self.model_box.findData(model_id))

    def device(self) -> str:
        return str(self.device_box.currentData())

    def set_value(self, name: str, value: Any) -> None:
        """Set a parameter shown by the generic panel, as the user would."""
        self.panel.set_value(name, value)

    def use_mask(self) -> bool:
        return self.mask_only.isChecked() and self.mask is not None

    def result_mode(self) -> str:
        return next(mode for mode, button in self.mode_buttons.items() if button.isChecked())

    def set_result_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    def options(self) -> dict[str, Any]:
        """The engine's options for the current choices, resolved (raises ParamError)."""
        given = dict(self.panel.values())
        if self.extra is not None:
            given.update(self.extra.options())
        return resolve_options(self.cls.params, given)

    def _mask_choice(self) -> bool:
        """Whether the user may switch "only inside the mask" (not when the engine needs the mask)."""
        return self.mask is not None and bool(self.mask.any()) and not self.cls.needs_mask

    def _mode_available(self, mode: str) -> bool:
        return mode != "new" or self.open_new is not None

    def model_ready(self) -> bool:
        return self._ready(self.model_id())

    def _ready(self, model_id: str | None) -> bool:
        return (model_id is None or any(m.id == model_id for m in self.cls.methods)
                or self.store.status(model_id) == "ready")

    def problem(self) -> str:
        """Why the run cannot start now, or ""."""
        if not self.model_ready():
            return self.tr("This model is not installed. Fetch it in Models > Model Manager.")
        if self.cls.needs_mask and not self.use_mask():
            return self.tr("This needs a mask: paint one or make one from a selection first.")
        try:
            self.engine.check_options(self.options())
        except (ParamError, EngineInputError) as exc:
            return str(exc)
        return self.extra.problem() if self.extra is not None else ""

    def refresh(self, *, at_once: bool = False) -> None:
        """Check the choices and renew the preview (after a short pause, so a dragged slider gives one)."""
        problem = self.problem()
        self.message_label.setText(problem)
        self.ok_button.setEnabled(not problem and self.job is None)
        self._preview_timer.start(0 if at_once else PREVIEW_DELAY_MS)

    def _model_changed(self) -> None:
        if self.extra is not None:
            self.extra.model_changed()
        self.refresh()

    # -- preview --------------------------------------------------------------------------------------
    def request_preview(self) -> None:
        try:
            options = self.options()
        except ParamError as exc:
            self._no_preview(str(exc))
            return
        request = PreviewRequest(self.small, options, self.model_id(), self.small_mask if self.use_mask() else None,
                                 self.small[:, :, :3], self.factor, show_mask=self.result_mode() == "mask")
        if self.extra is not None:
            request = self.extra.preview_request(request)
        if not self._ready(request.model_id):
            self._no_preview(self.tr("No preview: the model is not installed."))
            return
        if any(request.captions):
            self.preview.set_captions(*request.captions)
        # The last result stays up while the next one renders, unless it no longer fits the picture.
        same_size = self.preview_image is not None and self.preview_image.shape[:2] == request.before.shape[:2]
        self._before = request.before
        self.preview.set_images(request.before, self.preview_image if same_size else None)
        self.preview_status.setText(self.tr("Rendering the preview…"))
        self.runner.request(request, self.device())
        if self.canvas_preview is not None:
            self.canvas_preview.show_options(request.options, request.model_id,
                                             self.mask if self.use_mask() else None, self.device())

    def _no_preview(self, message: str) -> None:
        self.runner.cancel()
        if self.canvas_preview is not None:
            self.canvas_preview.hide()
        self.preview_status.setText(message)
        self.preview_ready.emit()

    def _on_preview(self, image: object) -> None:
        self.preview_image = np.asarray(image)
        self.preview.set_images(self._before, self.preview_image)
        self.preview_status.setText("")
        self.preview_ready.emit()

    def _on_preview_failed(self, message: str) -> None:
        self.preview_image = None
        self.preview.set_images(self._before, None)
        self.preview_status.setText(message)
        self.preview_ready.emit()

    # -- the full run ---------------------------------------------------------------------------------
    def accept(self) -> None:
        """Start the run (the OK button); the dialog closes when its result is in the document."""
        if self.job is not None or self.problem():
            return
        mask = self.mask if self.use_mask() else None
        title = engine_title(self.cls)
        try:
            job = self.job_manager.submit(self.task, self.run_image, self.options(), mask=mask,
                                          model_id=self.model_id(), device=self.device(), title=title,
                                          target=self.document)
        except ParamError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        # Inside a mask a new layer is transparent elsewhere, so its blend mode cannot touch those pixels.
        alpha = None if mask is None else np.where(mask > 0, 255, 0).astype(np.uint8)
        deliver = Delivery(weakref.ref(job), self.result_mode(), self.layer_uid, alpha, self.open_new,
                           self.parentWidget())
        job.finished.connect(deliver)  # first: the result is in before the dialog hears of it
        job.finished.connect(self._run_done)
        job.failed.connect(self._run_failed)
        job.cancelled.connect(self._run_cancelled)
        job.progress.connect(self._run_progress)
        self.job = job
        self._show_running(True)

    def _show_running(self, running: bool) -> None:
        for widget in (self.panel, self.model_box, self.device_box):
            widget.setEnabled(not running)
        if self.extra is not None:
            self.extra.setEnabled(not running)
        self.mask_only.setEnabled(not running and self._mask_choice())
        for mode, button in self.mode_buttons.items():
            button.setEnabled(not running and self._mode_available(mode))
        self.progress.setVisible(running)
        self.progress_label.setVisible(running)
        self.background_button.setVisible(running)
        self.ok_button.setEnabled(not running and not self.problem())
        if running:
            self.progress.setValue(0)
            self.progress_label.setText(self.tr("Starting…"))

    def _run_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.progress_label.setText(message)

    def _run_done(self, _result: EngineResult) -> None:
        self.job = None
        self.run_ended.emit("done")
        self.done(QDialog.DialogCode.Accepted)

    def _run_failed(self, message: str) -> None:
        self.job = None
        self._show_running(False)
        self.message_label.setText(message)
        self.run_ended.emit("failed")

    def _run_cancelled(self) -> None:
        self.job = None
        self._show_running(False)
        self.message_label.setText(self.tr("Cancelled."))
        self.run_ended.emit("cancelled")

    def _to_background(self) -> None:
        """Close; the job runs on in the Jobs panel and its result still arrives."""
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Cancel stops a running job first (the dialog stays for another try), else closes."""
        if self.job is not None:
            self.progress_label.setText(self.tr("Cancelling…"))
            self.job.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._preview_timer.stop()
        self.runner.cancel()
        if self.extra is not None:
            self.extra.shutdown(0)
        super().done(result)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Stop the previews and wait for their workers, so no thread outlives the dialog (tests)."""
        self._preview_timer.stop()
        self.runner.shutdown(timeout_ms)
        if self.canvas_preview is not None:
            self.canvas_preview.shutdown(timeout_ms)
        if self.extra is not None:
            self.extra.shutdown(timeout_ms)


def show_engine_dialog(window: Any, task: str, group: str | None = None) -> EngineDialog | None:
    """Open ``task``'s dialog over the main window (window-modal, not blocking); None without an image."""
    document = window.document
    title = engine_title(engine_class(task))
    if document is None or document.active_layer is None:
        QMessageBox.information(window, title, _tr("Open an image first."))
        return None
    dialog = EngineDialog(task, document, window.job_manager, open_new=window.open_image_as_new_document,
                          device=window.settings.device, group=group, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
