"""Preferences: theme, language, engine device, where Remove Object puts its result, model folder, mask
overlay colour and opacity; and the keyboard shortcuts (widgets/shortcut_editor.py) on a second page."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGE_NAMES
from app.settings import Settings
from widgets.shortcut_editor import ShortcutEditor
from widgets.shortcut_map import ShortcutEntry


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 shortcuts: list[ShortcutEntry] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self.theme = QComboBox(self)
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("System default"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.device = QComboBox(self)
        for code, label in (("auto", self.tr("Automatic (GPU when available)")),
                            ("gpu", self.tr("GPU")), ("cpu", self.tr("CPU only"))):
            self.device.addItem(label, code)
        self.device.setCurrentIndex(max(0, self.device.findData(settings.device)))
        self.remove_result = QComboBox(self)
        for code, label in (("replace", self.tr("In place")), ("layer", self.tr("On a new layer"))):
            self.remove_result.addItem(label, code)
        self.remove_result.setCurrentIndex(max(0, self.remove_result.findData(settings.remove_result)))
        self.model_dir = QLineEdit(str(settings.model_dir or ""), self)
        self.model_dir.setPlaceholderText(self.tr("Default folder"))
        browse = QPushButton(self.tr("Browse..."), self)
        browse.clicked.connect(self._browse)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_dir, 1)
        model_row.addWidget(browse)
        self._color = QColor(*settings.mask_overlay_color)
        self.color_button = QPushButton(self)
        self.color_button.clicked.connect(self._pick_color)
        self._show_color()
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(5, 100)
        self.opacity.setValue(round(settings.mask_overlay_opacity * 100))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        general = QWidget(self)
        form = QFormLayout(general)
        form.addRow(self.tr("Theme:"), self.theme)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Run models on:"), self.device)
        form.addRow(self.tr("Remove Object puts its result:"), self.remove_result)
        form.addRow(self.tr("Model folder:"), model_row)
        form.addRow(self.tr("Mask overlay colour:"), self.color_button)
        form.addRow(self.tr("Mask overlay opacity:"), self.opacity)
        self.pages = QTabWidget(self)
        self.pages.addTab(general, self.tr("General"))
        self.shortcuts = ShortcutEditor(shortcuts, settings.shortcuts, self) if shortcuts is not None else None
        if self.shortcuts is not None:
            self.pages.addTab(self.shortcuts, self.tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model folder"), self.model_dir.text())
        if folder:
            self.model_dir.setText(folder)

    def _pick_color(self) -> None:
        color = QColorDialog.getColor(self._color, self, self.tr("Mask overlay colour"))
        if color.isValid():
            self._color = color
            self._show_color()

    def _show_color(self) -> None:
        self.color_button.setText(self._color.name())
        self.color_button.setStyleSheet(f"background-color: {self._color.name()}; color: "
                                        f"{'black' if self._color.lightness() > 128 else 'white'};")

    def store(self) -> None:
        """Write the choices into the settings (the window applies them)."""
        self.settings.theme = self.theme.currentData()
        self.settings.language = self.language.currentData()
        self.settings.device = self.device.currentData()
        self.settings.remove_result = self.remove_result.currentData()
        self.settings.model_dir = self.model_dir.text().strip() or None
        self.settings.mask_overlay_color = self._color.getRgb()[:3]
        self.settings.mask_overlay_opacity = self.opacity.value() / 100.0
        if self.shortcuts is not None:
            self.settings.shortcuts = self.shortcuts.overrides()
        self.settings.sync()
