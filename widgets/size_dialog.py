"""A width x height prompt with an optional locked aspect ratio (New, Canvas Size, Scale Image)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

MAX_SIDE = 65535


class SizeDialog(QDialog):
    def __init__(self, title: str, width: int, height: int, keep_ratio: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
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
        form = QFormLayout(self)
        form.addRow(self.tr("Width:"), self.width_box)
        form.addRow(self.tr("Height:"), self.height_box)
        form.addRow("", self.keep_ratio)
        form.addRow(buttons)

    def _width_edited(self, value: int) -> None:
        if self.keep_ratio.isChecked():
            self.height_box.blockSignals(True)
            self.height_box.setValue(max(1, round(value / self._ratio)))
            self.height_box.blockSignals(False)

    def _height_edited(self, value: int) -> None:
        if self.keep_ratio.isChecked():
            self.width_box.blockSignals(True)
            self.width_box.setValue(max(1, round(value * self._ratio)))
            self.width_box.blockSignals(False)

    def size_value(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()


def ask_size(parent: QWidget | None, title: str, width: int, height: int,
             keep_ratio: bool = True) -> tuple[int, int] | None:
    dialog = SizeDialog(title, width, height, keep_ratio, parent)
    return dialog.size_value() if dialog.exec() == QDialog.DialogCode.Accepted else None
