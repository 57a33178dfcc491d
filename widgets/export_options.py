"""The options step of File ▸ Export…: quality for JPEG and WebP (or lossless WebP), the zlib level for
PNG, the TIFF compression, and whether the opened file's EXIF and ICC profile are kept. Only the
options of the chosen format are shown."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from app.files.export import TIFF_COMPRESSIONS, ExportOptions

_TIFF_LABELS = {
    "none": QT_TRANSLATE_NOOP("ExportOptionsDialog", "None"),
    "tiff_lzw": QT_TRANSLATE_NOOP("ExportOptionsDialog", "LZW"),
    "tiff_deflate": QT_TRANSLATE_NOOP("ExportOptionsDialog", "Deflate (ZIP)"),
    "packbits": QT_TRANSLATE_NOOP("ExportOptionsDialog", "PackBits"),
}


class ExportOptionsDialog(QDialog):
    """Options for exporting to ``fmt`` ("PNG", "JPEG", "TIFF" or "WEBP"), starting from ``options``."""

    def __init__(self, fmt: str, options: ExportOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fmt = fmt
        self._options = options
        self.setWindowTitle(self.tr("Export Options"))
        form = QFormLayout(self)
        self.quality_box = QSpinBox(self)
        self.quality_box.setRange(1, 100)
        self.quality_box.setValue(options.quality)
        self.lossless_box = QCheckBox(self.tr("Lossless"), self)
        self.lossless_box.setChecked(options.webp_lossless)
        self.lossless_box.toggled.connect(lambda on: self.quality_box.setEnabled(not on))
        self.quality_box.setEnabled(not (fmt == "WEBP" and options.webp_lossless))
        self.png_box = QSpinBox(self)
        self.png_box.setRange(0, 9)
        self.png_box.setValue(options.png_compression)
        self.png_box.setToolTip(self.tr("0 is fastest, 9 smallest; every level is lossless"))
        self.tiff_box = QComboBox(self)
        for key in TIFF_COMPRESSIONS:
            self.tiff_box.addItem(QCoreApplication.translate("ExportOptionsDialog", _TIFF_LABELS[key]), key)
        self.tiff_box.setCurrentIndex(max(0, self.tiff_box.findData(options.tiff_compression)))
        self.metadata_box = QCheckBox(self.tr("Keep metadata (EXIF, colour profile)"), self)
        self.metadata_box.setChecked(options.keep_metadata)
        rows = (
            (fmt in ("JPEG", "WEBP"), self.tr("Quality:"), self.quality_box),
            (fmt == "WEBP", "", self.lossless_box),
            (fmt == "PNG", self.tr("Compression level:"), self.png_box),
            (fmt == "TIFF", self.tr("Compression:"), self.tiff_box),
        )
        for used, label, widget in rows:
            if used:
                form.addRow(label, widget)
            else:
                widget.hide()  # another format's option
        form.addRow("", self.metadata_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> ExportOptions:
        """The starting options with this format's choices applied (other formats' choices kept)."""
        changes: dict = {"format": self.fmt, "keep_metadata": self.metadata_box.isChecked()}
        if self.fmt in ("JPEG", "WEBP"):
            changes["quality"] = self.quality_box.value()
        if self.fmt == "WEBP":
            changes["webp_lossless"] = self.lossless_box.isChecked()
        if self.fmt == "PNG":
            changes["png_compression"] = self.png_box.value()
        if self.fmt == "TIFF":
            changes["tiff_compression"] = self.tiff_box.currentData()
        return dataclasses.replace(self._options, **changes)


def ask_export_options(parent: QWidget | None, fmt: str, options: ExportOptions) -> ExportOptions | None:
    dialog = ExportOptionsDialog(fmt, options, parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
