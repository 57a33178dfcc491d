"""Image ▸ Rotate ▸ Free Rotate…: any angle, a resampling method and what happens to the canvas, previewed
live on the canvas and applied on OK as one undo step (``app.straighten.rotate_free``).

The preview turns a copy of the displayed composite (at most PREVIEW_SIDE pixels on its long side) with
QPainter: moving the angle slider redraws at once, with no resampling of the document until OK.
"""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QSlider, QWidget

from app import straighten
from app.history import DocumentError
from app.warp import translation
from widgets.canvas_preview import checker_brush
from widgets.geometry_runs import start_edit
from widgets.tools.base import draw_outline
from widgets.tools.overlay import canvas_transform

PREVIEW_SIDE = 2048
SLIDER_STEPS = 10  # slider positions per degree


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - marks a text translated later with tr()
    return text


FIT_CHOICES = (
    ("expand", QT_TR_NOOP("Expand the canvas to fit")),
    ("keep", QT_TR_NOOP("Keep the original size")),
    ("inner", QT_TR_NOOP("Crop away the empty corners")),
)
METHOD_CHOICES = (
    ("bicubic", QT_TR_NOOP("Bicubic (sharper)")),
    ("lanczos", QT_TR_NOOP("Lanczos (sharpest)")),
    ("bilinear", QT_TR_NOOP("Bilinear (smooth)")),
    ("nearest", QT_TR_NOOP("Nearest neighbour (hard pixels)")),
)


def qtransform(matrix: np.ndarray) -> QTransform:
    """A 3 × 3 column-vector matrix as a QTransform (which multiplies row vectors)."""
    m = matrix
    return QTransform(m[0, 0], m[1, 0], m[2, 0], m[0, 1], m[1, 1], m[2, 1], m[0, 2], m[1, 2], m[2, 2])


class FreeRotateDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Free Rotate"))
        self._window = window
        self.angle_box = QDoubleSpinBox(self)
        self.angle_box.setRange(-180.0, 180.0)
        self.angle_box.setDecimals(2)
        self.angle_box.setSingleStep(0.1)
        self.angle_box.setSuffix("°")
        self.angle_box.setToolTip(self.tr("Clockwise; negative turns counter-clockwise"))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(-180 * SLIDER_STEPS, 180 * SLIDER_STEPS)
        self.fit_box = QComboBox(self)
        for key, label in FIT_CHOICES:
            self.fit_box.addItem(self.tr(label), key)
        self.method_box = QComboBox(self)
        for key, label in METHOD_CHOICES:
            self.method_box.addItem(self.tr(label), key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(self.tr("Angle:"), self.angle_box)
        form.addRow("", self.slider)
        form.addRow(self.tr("Canvas:"), self.fit_box)
        form.addRow(self.tr("Resampling:"), self.method_box)
        form.addRow(buttons)

        self._preview, self._preview_scale = self._preview_image()
        self._checker = checker_brush()
        self.angle_box.valueChanged.connect(self._angle_edited)
        self.slider.valueChanged.connect(lambda v: self.angle_box.setValue(v / SLIDER_STEPS))
        self.fit_box.currentIndexChanged.connect(self._refresh)
        self.method_box.currentIndexChanged.connect(self._refresh)
        window.overlay_host.add(self.paint_preview)
        self._refresh()

    def options(self) -> tuple[float, str, str]:
        """(clockwise degrees, fit, resampling method) as ``rotate_free`` takes them."""
        return self.angle_box.value(), self.fit_box.currentData(), self.method_box.currentData()

    def new_size(self) -> tuple[int, int]:
        doc = self._window.document
        degrees, fit, method = self.options()
        _matrix, width, height = straighten.rotation(doc.width, doc.height, degrees, fit, method)
        return width, height

    def _preview_image(self) -> tuple[QImage, float]:
        """A copy of what the canvas shows (premultiplied), reduced for quick redrawing."""
        pixels = self._window.canvas.composite()
        h, w = pixels.shape[:2]
        scale = min(1.0, PREVIEW_SIDE / max(h, w, 1))
        if scale < 1:
            pixels = cv2.resize(pixels, (max(1, round(w * scale)), max(1, round(h * scale))),
                                interpolation=cv2.INTER_AREA)
        pixels = np.ascontiguousarray(pixels)
        image = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 4,
                       QImage.Format.Format_RGBA8888_Premultiplied).copy()
        return image, scale

    def _angle_edited(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self._refresh()

    def _refresh(self, *_changed: object) -> None:
        self._window.canvas.viewport().update()

    def preview_geometry(self) -> tuple[QTransform, QRectF]:
        """(preview image pixels -> image pixels, the new canvas in image pixels): the new canvas is
        drawn centred where the old one is."""
        doc = self._window.document
        degrees, fit, method = self.options()
        matrix, width, height = straighten.rotation(doc.width, doc.height, degrees, fit, method)
        shift = ((doc.width - width) / 2, (doc.height - height) / 2)
        edges = translation(0.5, 0.5) @ matrix @ translation(-0.5, -0.5)  # pixel centres -> pixel edges
        s = 1 / self._preview_scale
        to_image = translation(*shift) @ edges @ np.diag([s, s, 1.0])
        return qtransform(to_image), QRectF(shift[0], shift[1], width, height)

    def paint_preview(self, painter: QPainter, canvas: Any) -> None:
        if self._window.document is None:
            return
        view = canvas_transform(canvas)
        to_image, frame = self.preview_geometry()
        target = view.mapRect(frame)
        painter.fillRect(QRectF(canvas.viewport().rect()), QColor(40, 40, 40))  # hide the unturned image
        painter.fillRect(target, self._checker)
        painter.setClipRect(target)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setTransform(to_image * view)
        painter.drawImage(0, 0, self._preview)
        painter.resetTransform()
        painter.setClipping(False)
        draw_outline(painter, lambda: painter.drawRect(target))

    def done(self, result: int) -> None:
        host = self._window.overlay_host
        if self.paint_preview in host.painters:
            host.painters.remove(self.paint_preview)
        self._window.canvas.viewport().update()
        if result == QDialog.DialogCode.Accepted:
            try:
                start_edit(self._window.files.run_io, straighten.rotate_free(self._window.document, *self.options()))
            except DocumentError as exc:
                self._window.show_error(str(exc))
        super().done(result)


def show_free_rotate_dialog(window: Any) -> bool:
    """Image ▸ Rotate ▸ Free Rotate…: True when OK was pressed (the turn lands as one undo step)."""
    if window.document is None:
        return False
    return FreeRotateDialog(window, window).exec() == QDialog.DialogCode.Accepted
