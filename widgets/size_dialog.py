"""A width x height prompt with an optional locked aspect ratio (New, Canvas Size, Scale Image).

Scale Image adds a percentage and the resampling method (``app.warp.RESAMPLING``, or the automatic
choice of ``app.geometry.Scale``); Canvas Size adds the anchor, a 3 × 3 grid saying where the old image
goes on the new canvas (``app.canvas_ops.ANCHORS``).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app import canvas_ops
from widgets.geometry_runs import start_edit

MAX_SIDE = 65535
MAX_PERCENT = 10000.0


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - marks a text translated later with tr()
    return text


# (method key or None for the automatic choice, label); the keys are app.warp.RESAMPLING's.
RESAMPLING_CHOICES: tuple[tuple[str | None, str], ...] = (
    (None, QT_TR_NOOP("Automatic (bicubic to enlarge, area average to reduce)")),
    ("nearest", QT_TR_NOOP("Nearest neighbour (hard pixels)")),
    ("bilinear", QT_TR_NOOP("Bilinear (smooth)")),
    ("bicubic", QT_TR_NOOP("Bicubic (sharper)")),
    ("lanczos", QT_TR_NOOP("Lanczos (sharpest)")),
)
# The anchor grid, row by row, with each cell's arrow and tooltip.
ANCHOR_CELLS: tuple[tuple[str, str, str], ...] = (
    ("top-left", "↖", QT_TR_NOOP("Top left")), ("top", "↑", QT_TR_NOOP("Top")),
    ("top-right", "↗", QT_TR_NOOP("Top right")), ("left", "←", QT_TR_NOOP("Left")),
    ("center", "●", QT_TR_NOOP("Centre")), ("right", "→", QT_TR_NOOP("Right")),
    ("bottom-left", "↙", QT_TR_NOOP("Bottom left")), ("bottom", "↓", QT_TR_NOOP("Bottom")),
    ("bottom-right", "↘", QT_TR_NOOP("Bottom right")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SizeDialog", text)


class AnchorGrid(QWidget):
    """Nine exclusive buttons; ``anchor()`` is the key in ``canvas_ops.ANCHORS`` of the checked one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(2)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QToolButton] = {}
        for index, (key, arrow, tip) in enumerate(ANCHOR_CELLS):
            button = QToolButton(self)
            button.setText(arrow)
            button.setToolTip(_tr(tip))
            button.setCheckable(True)
            button.setFixedSize(28, 28)
            self.group.addButton(button, index)
            self.buttons[key] = button
            grid.addWidget(button, index // 3, index % 3)
        self.set_anchor("center")

    def anchor(self) -> str:
        return ANCHOR_CELLS[self.group.checkedId()][0]

    def set_anchor(self, key: str) -> None:
        self.buttons[key].setChecked(True)


class SizeDialog(QDialog):
    def __init__(self, title: str, width: int, height: int, keep_ratio: bool = True,
                 parent: QWidget | None = None, *, percent: bool = False, resampling: bool = False,
                 anchor: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._original = (width, height)
        self._ratio = width / height if height else 1.0
        self.width_box = QSpinBox(self)
        self.height_box = QSpinBox(self)
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.setRange(1, MAX_SIDE)
            box.setValue(value)
            box.setSuffix(" px")
        self.keep_ratio = QCheckBox(self.tr("Keep aspect ratio"), self)
        self.keep_ratio.setChecked(keep_ratio)
        self.width_box.valueChanged.connect(self._width_edited)
        self.height_box.valueChanged.connect(self._height_edited)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        self.percent_box: QDoubleSpinBox | None = None
        if percent:
            self.percent_box = QDoubleSpinBox(self)
            self.percent_box.setRange(0.01, MAX_PERCENT)
            self.percent_box.setDecimals(2)
            self.percent_box.setValue(100.0)
            self.percent_box.setSuffix(" %")
            self.percent_box.valueChanged.connect(self._percent_edited)
            form.addRow(self.tr("Scale:"), self.percent_box)
        form.addRow(self.tr("Width:"), self.width_box)
        form.addRow(self.tr("Height:"), self.height_box)
        form.addRow("", self.keep_ratio)
        self.resampling_box: QComboBox | None = None
        if resampling:
            self.resampling_box = QComboBox(self)
            for key, label in RESAMPLING_CHOICES:
                self.resampling_box.addItem(_tr(label), key)
            form.addRow(self.tr("Resampling:"), self.resampling_box)
        self.anchor_grid: AnchorGrid | None = None
        if anchor:
            self.anchor_grid = AnchorGrid(self)
            form.addRow(self.tr("Anchor:"), self.anchor_grid)
        form.addRow(buttons)

    def _set_quietly(self, box: QSpinBox | QDoubleSpinBox, value: float) -> None:
        box.blockSignals(True)
        box.setValue(value)
        box.blockSignals(False)

    def _show_percent(self) -> None:
        if self.percent_box is not None:
            self._set_quietly(self.percent_box, 100.0 * self.width_box.value() / self._original[0])

    def _width_edited(self, value: int) -> None:
        if self.keep_ratio.isChecked():
            self._set_quietly(self.height_box, max(1, round(value / self._ratio)))
        self._show_percent()

    def _height_edited(self, value: int) -> None:
        if self.keep_ratio.isChecked():
            self._set_quietly(self.width_box, max(1, round(value * self._ratio)))
        self._show_percent()

    def _percent_edited(self, value: float) -> None:
        """A percentage scales both sides of the original size (whatever the ratio lock says)."""
        width, height = self._original
        self._set_quietly(self.width_box, max(1, round(width * value / 100)))
        self._set_quietly(self.height_box, max(1, round(height * value / 100)))

    def size_value(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()

    def method(self) -> str | None:
        """The resampling method's key, or None for the automatic choice."""
        return None if self.resampling_box is None else self.resampling_box.currentData()

    def anchor(self) -> str:
        return "center" if self.anchor_grid is None else self.anchor_grid.anchor()


def ask_size(parent: QWidget | None, title: str, width: int, height: int,
             keep_ratio: bool = True) -> tuple[int, int] | None:
    dialog = SizeDialog(title, width, height, keep_ratio, parent)
    return dialog.size_value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def canvas_size_dialog(window: Any) -> SizeDialog:
    doc = window.document
    return SizeDialog(_tr("Canvas Size"), doc.width, doc.height, False, window, anchor=True)


def scale_dialog(window: Any) -> SizeDialog:
    doc = window.document
    return SizeDialog(_tr("Scale Image"), doc.width, doc.height, True, window, percent=True, resampling=True)


def show_canvas_size_dialog(window: Any) -> bool:
    """Image ▸ Canvas Size…: True when the canvas was changed."""
    if window.document is None:
        return False
    dialog = canvas_size_dialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    canvas_ops.resize_canvas(window.document, *dialog.size_value(), dialog.anchor())
    return True


def show_scale_dialog(window: Any) -> bool:
    """Image ▸ Scale Image…: True when resampling the image started (it lands as one undo step)."""
    if window.document is None:
        return False
    dialog = scale_dialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return start_edit(window.files.run_io, canvas_ops.scale_image(window.document, *dialog.size_value(),
                                                                   dialog.method()))
