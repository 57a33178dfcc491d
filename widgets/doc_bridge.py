"""Turns app.document.Document listener calls into Qt signals.

Widgets connect to a DocBridge instead of subscribing to the document themselves, so that swapping the
window's document only means re-attaching one bridge. Signals are delivered on the receiver's thread
(Qt's AutoConnection), so a change made from a worker thread still repaints safely on the UI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Signal

from app.document import Document


def to_qrect(rect: tuple[int, int, int, int] | None, doc: Document | None) -> QRect:
    """A document rectangle as a QRect; None (everything) becomes the whole canvas."""
    if rect is None:
        return QRect(0, 0, doc.width, doc.height) if doc is not None else QRect()
    x, y, w, h = rect
    return QRect(int(x), int(y), int(w), int(h))


class DocBridge(QObject):
    """One signal per kind of change the document reports that a widget follows."""

    pixelsChanged = Signal(QRect)  # canvas rectangle to repaint
    layersChanged = Signal()
    masksChanged = Signal(QRect)
    selectionChanged = Signal(QRect)
    canvasChanged = Signal()  # size changed: everything must be rebuilt
    historyChanged = Signal()
    documentReplaced = Signal(object)  # the new Document (or None)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc: Document | None = None

    @property
    def document(self) -> Document | None:
        return self._doc

    def attach(self, doc: Document | None) -> None:
        if doc is self._doc:
            return
        if self._doc is not None:
            self._doc.unsubscribe(self._on_change)
        self._doc = doc
        if doc is not None:
            doc.subscribe(self._on_change)
        self.documentReplaced.emit(doc)

    def _on_change(self, what: str, rect: tuple[int, int, int, int] | None) -> None:
        if what == "pixels":
            self.pixelsChanged.emit(to_qrect(rect, self._doc))
        elif what == "layers":
            self.layersChanged.emit()
            # Visibility, opacity, order and blend mode all change the composite.
            self.pixelsChanged.emit(to_qrect(rect, self._doc))
        elif what == "masks":
            self.masksChanged.emit(to_qrect(rect, self._doc))
        elif what == "selection":
            self.selectionChanged.emit(to_qrect(rect, self._doc))
        elif what == "canvas":
            self.canvasChanged.emit()
        elif what == "history":
            self.historyChanged.emit()
