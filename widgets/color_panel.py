"""Foreground / background colours: the model tools read, and the small panel that edits it.

X swaps the two colours, D resets them to black on white (the shortcuts are window actions added by
widgets.tools.install); clicking a swatch opens QColorDialog.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

DEFAULT_FG = QColor(0, 0, 0)
DEFAULT_BG = QColor(255, 255, 255)


class ColorModel(QObject):
    """The two painting colours. ``changed`` fires after any change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fg = QColor(DEFAULT_FG)
        self._bg = QColor(DEFAULT_BG)

    @property
    def foreground(self) -> QColor:
        return QColor(self._fg)

    @property
    def background(self) -> QColor:
        return QColor(self._bg)

    def fg_rgb(self) -> tuple[int, int, int]:
        return self._fg.red(), self._fg.green(), self._fg.blue()

    def bg_rgb(self) -> tuple[int, int, int]:
        return self._bg.red(), self._bg.green(), self._bg.blue()

    def set_foreground(self, color: QColor | tuple[int, int, int]) -> None:
        color = QColor(*color) if isinstance(color, tuple) else QColor(color)
        if color != self._fg:
            self._fg = color
            self.changed.emit()

    def set_background(self, color: QColor | tuple[int, int, int]) -> None:
        color = QColor(*color) if isinstance(color, tuple) else QColor(color)
        if color != self._bg:
            self._bg = color
            self.changed.emit()

    def swap(self) -> None:
        self._fg, self._bg = self._bg, self._fg
        self.changed.emit()

    def reset(self) -> None:
        self._fg, self._bg = QColor(DEFAULT_FG), QColor(DEFAULT_BG)
        self.changed.emit()


def _swatch_style(color: QColor) -> str:
    return f"QToolButton {{ background-color: {color.name()}; border: 1px solid #888; }}"


class ColorPanel(QWidget):
    """Two swatches (foreground over background) with swap and reset buttons."""

    def __init__(self, model: ColorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colorPanel")
        self.model = model
        self.fg_button = QToolButton(self)
        self.bg_button = QToolButton(self)
        for button in (self.fg_button, self.bg_button):
            button.setFixedSize(QSize(36, 36))
        self.swap_button = QToolButton(self)
        self.swap_button.setText("⇄")
        self.reset_button = QToolButton(self)
        self.reset_button.setText("◩")
        self.fg_button.clicked.connect(lambda: self._choose(foreground=True))
        self.bg_button.clicked.connect(lambda: self._choose(foreground=False))
        self.swap_button.clicked.connect(model.swap)
        self.reset_button.clicked.connect(model.reset)

        swatches = QHBoxLayout()
        swatches.addWidget(self.fg_button)
        swatches.addWidget(self.bg_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(swatches)
        layout.addLayout(buttons)
        layout.addStretch(1)
        model.changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.fg_button.setToolTip(self.tr("Foreground colour (click to change)"))
        self.bg_button.setToolTip(self.tr("Background colour (click to change)"))
        self.swap_button.setToolTip(self.tr("Swap colours (X)"))
        self.reset_button.setToolTip(self.tr("Black and white (D)"))

    def refresh(self) -> None:
        self.fg_button.setStyleSheet(_swatch_style(self.model.foreground))
        self.bg_button.setStyleSheet(_swatch_style(self.model.background))

    def _choose(self, foreground: bool) -> None:
        current = self.model.foreground if foreground else self.model.background
        title = self.tr("Foreground Colour") if foreground else self.tr("Background Colour")
        color = QColorDialog.getColor(current, self, title)
        if color.isValid():
            (self.model.set_foreground if foreground else self.model.set_background)(color)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
