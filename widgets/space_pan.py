"""Hold Space to pan the canvas wherever keyboard focus is (as in Krita and Photoshop), not only when the
canvas itself has focus: after a click in the layers panel, Space-drag must still pan, never paint."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from widgets.canvas_view import CanvasView

# Where Space is typed as text, it stays text.
_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


class SpacePan(QObject):
    """An application-wide event filter that turns Space in the canvas's window into the pan modifier."""

    def __init__(self, canvas: CanvasView) -> None:
        super().__init__(canvas)
        self.canvas = canvas

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        if event.key() != Qt.Key.Key_Space or not self._applies_to(watched):
            return False
        if not event.isAutoRepeat():
            self.canvas.set_space_pan(kind == QEvent.Type.KeyPress)
        return True  # also keeps Space from pressing whichever button has focus

    def _applies_to(self, watched: QObject) -> bool:
        focus = QApplication.focusWidget()
        if not isinstance(watched, QWidget) or isinstance(focus, _TEXT_INPUTS):
            return False
        # Only in the canvas's own window: a dialog keeps its Space.
        return watched.window() is self.canvas.window()


def install_space_pan(canvas: CanvasView) -> SpacePan:
    pan = SpacePan(canvas)
    QApplication.instance().installEventFilter(pan)
    return pan
