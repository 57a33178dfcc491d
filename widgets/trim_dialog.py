"""Image ▸ Trim…: crop away a uniform border (transparent, or of the top-left corner's colour) within a
tolerance; the dialog shows the size that would be left, and OK trims as one undo step (``app.trim``)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from app import trim
from app.compositor import render_sources, sources_of

DEFAULT_TOLERANCE = 8  # scans and JPEGs are never exactly one colour; 8 of 255 is below what an eye tells apart


class TrimDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trim"))
        self._window = window
        doc = window.document
        self._image = render_sources(sources_of(doc.layers), doc.canvas_rect)  # as the border is judged
        self.tolerance_box = QSpinBox(self)
        self.tolerance_box.setRange(0, trim.MAX_TOLERANCE)
        self.tolerance_box.setValue(DEFAULT_TOLERANCE)
        self.tolerance_box.setToolTip(self.tr("How far a border pixel may differ from the corner's colour"))
        self.result_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(self.tr("Tolerance:"), self.tolerance_box)
        form.addRow(self.tr("Result:"), self.result_label)
        form.addRow(buttons)
        self.tolerance_box.valueChanged.connect(self._update_result)
        self._update_result()

    def _update_result(self, *_changed: object) -> None:
        rect = trim.content_rect(self._image, self.tolerance_box.value())
        doc = self._window.document
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if rect is None:
            self.result_label.setText(self.tr("Nothing but border"))
        elif rect == doc.canvas_rect:
            self.result_label.setText(self.tr("No border found"))
        else:
            self.result_label.setText(self.tr("{0} × {1} pixels").format(rect[2], rect[3]))
        ok.setEnabled(rect is not None and rect != doc.canvas_rect)


def show_trim_dialog(window: Any) -> bool:
    """Image ▸ Trim…: True when a border was cropped away."""
    if window.document is None:
        return False
    dialog = TrimDialog(window, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    trim.trim(window.document, dialog.tolerance_box.value())
    return True
