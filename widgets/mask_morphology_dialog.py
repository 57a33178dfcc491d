"""Layer ▸ Mask Morphology…: erode, dilate, open (remove specks), close (fill holes) and the white and black
top-hats on the active mask, previewed on the canvas's mask overlay and applied on OK as one undo step.

The document is written only on OK, by ``app.mask_ops.morphology``, which runs the same ``morphed`` as the
preview; until then the canvas tints the preview (``CanvasView.set_mask_preview``). The preview runs off
the UI thread after a short debounce: on a 24 MP mask (2 cores) a round kernel takes 13 ms at radius 1 but
90 ms at radius 10 and 1-2 s at radius 50, far over the 30 ms a spin box may block the UI.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from app import mask_ops
from app.history import DocumentError
from widgets.latest_worker import LatestWorker

DEBOUNCE_MS = 120  # typing "25" in the radius box starts one preview, not two
MAX_RADIUS = 50  # as Filter ▸ Filters ▸ Morphology

# (operation, radius, shape, history revision, mask uid): a preview is shown only for the current key.
Key = tuple[str, int, str, int, int]


class MaskMorphologyDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mask Morphology"))
        self._window = window
        self.operation_box = QComboBox(self)
        for key, label in (
            ("erode", self.tr("Erode (shrink)")),
            ("dilate", self.tr("Dilate (grow)")),
            ("open", self.tr("Open (remove specks)")),
            ("close", self.tr("Close (fill holes)")),
            ("tophat", self.tr("White top-hat (keep thin bright parts)")),
            ("blackhat", self.tr("Black top-hat (keep thin gaps)")),
        ):
            self.operation_box.addItem(label, key)
        self.operation_box.setCurrentIndex(self.operation_box.findData("open"))
        self.radius_box = QSpinBox(self)
        self.radius_box.setRange(1, MAX_RADIUS)
        self.radius_box.setValue(2)
        self.radius_box.setSuffix(self.tr(" px"))
        self.shape_box = QComboBox(self)
        self.shape_box.addItem(self.tr("Round"), "ellipse")
        self.shape_box.addItem(self.tr("Square"), "square")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(self.tr("Operation:"), self.operation_box)
        form.addRow(self.tr("Radius:"), self.radius_box)
        form.addRow(self.tr("Shape:"), self.shape_box)
        form.addRow(buttons)

        self._worker = LatestWorker(self, DEBOUNCE_MS, self._request, self._show)
        self._schedule = self._worker.schedule
        self._source: tuple[tuple[int, int], np.ndarray] | None = None  # (revision, uid), a copy of the mask
        self.operation_box.currentIndexChanged.connect(self._schedule)
        self.radius_box.valueChanged.connect(self._schedule)
        self.shape_box.currentIndexChanged.connect(self._schedule)
        # An engine result landing while the dialog is open changes the mask: preview the new one.
        window.bridge.historyChanged.connect(self._schedule)
        self._request()

    def options(self) -> tuple[str, int, str]:
        """(operation, radius, shape) as ``app.mask_ops.morphology`` takes them."""
        return self.operation_box.currentData(), self.radius_box.value(), self.shape_box.currentData()

    def _key(self) -> Key | None:
        doc = self._window.document
        mask = None if doc is None else doc.active_mask
        return None if mask is None else (*self.options(), doc.history.revision, mask.uid)

    def _request(self) -> None:
        key = self._key()
        if key is None:
            self._window.canvas.set_mask_preview(None)
            return
        if self._source is None or self._source[0] != key[3:]:
            # A copy: the mask may be edited in place on the UI thread while the worker reads it.
            self._source = (key[3:], self._window.document.active_mask.data.copy())
        operation, radius, shape = key[:3]
        source = self._source[1]
        self._worker.run(key, lambda: mask_ops.morphed(source, operation, radius, shape))

    def _show(self, key: Key, result: np.ndarray | None, error: str) -> None:
        if result is None:
            self._window.show_error(error)
        elif key == self._key():
            self._window.canvas.set_mask_preview(result)

    def done(self, result: int) -> None:
        self._worker.stop()
        self._window.bridge.historyChanged.disconnect(self._schedule)
        self._window.canvas.set_mask_preview(None)
        if result == QDialog.DialogCode.Accepted:
            self._apply()
        super().done(result)

    def _apply(self) -> None:
        doc = self._window.document
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            mask_ops.morphology(doc, *self.options())
        except DocumentError as exc:
            self._window.show_error(str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()


def show_mask_morphology_dialog(window: Any) -> bool:
    """Run the dialog on the window's active mask; True when OK was pressed."""
    return MaskMorphologyDialog(window, window).exec() == QDialog.DialogCode.Accepted
