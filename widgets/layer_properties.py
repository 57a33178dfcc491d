"""Layer ▸ Layer Properties… (also a double-click on a layer's thumbnail): name, opacity, blend mode and
lock in one dialog, applied as one undo step."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from app.document import BlendMode, Layer
from widgets import doc_ops
from widgets.layers_panel import blend_mode_label

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


class LayerPropertiesDialog(QDialog):
    def __init__(self, layer: Layer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Layer Properties"))
        self.name_edit = QLineEdit(layer.name, self)
        self.opacity_box = QSpinBox(self)
        self.opacity_box.setRange(0, 100)
        self.opacity_box.setSuffix(" %")
        self.opacity_box.setValue(round(layer.opacity * 100))
        self.blend_box = QComboBox(self)
        for mode in BlendMode:
            self.blend_box.addItem(blend_mode_label(mode), mode.value)
        self.blend_box.setCurrentIndex(self.blend_box.findData(BlendMode(layer.blend_mode).value))
        self.lock_box = QCheckBox(self.tr("Lock the layer's pixels"), self)
        self.lock_box.setChecked(layer.locked)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._name_edited)
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Opacity:"), self.opacity_box)
        form.addRow(self.tr("Blend mode:"), self.blend_box)
        form.addRow("", self.lock_box)
        form.addRow(self.buttons)
        self.name_edit.selectAll()

    def _name_edited(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def properties(self) -> dict:
        """The keyword arguments of ``doc_ops.set_layer_properties``."""
        return {
            "name": self.name_edit.text().strip(),
            "opacity": self.opacity_box.value() / 100.0,
            "blend_mode": BlendMode(self.blend_box.currentData()),
            "locked": self.lock_box.isChecked(),
        }


def show_layer_properties(window: MainWindow, uid: int | None = None) -> None:
    """Edit the layer ``uid`` (the active layer when None); OK records what changed as one step."""
    doc = window.document
    if doc is None or (uid is None and doc.active_layer is None):
        return
    layer = doc.layer_by_uid(uid) if uid is not None else doc.active_layer
    dialog = LayerPropertiesDialog(layer, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        doc_ops.set_layer_properties(doc, layer.uid, **dialog.properties())
