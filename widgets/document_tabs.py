"""The tab bar above the canvas: one tab per open document (its title, "*" while it has unsaved changes,
its file as the tooltip), closable and movable. The window shows the current tab's document; each tab
keeps the canvas's zoom and scroll position for when it is shown again."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QTabBar, QWidget

from app.document import Document
from widgets.doc_bridge import DocBridge

# (fit to window, zoom, horizontal scroll, vertical scroll): CanvasView.view_state()
ViewState = tuple[bool, float, int, int]


@dataclass(eq=False)
class OpenDocument:
    """One tab's document and what the window keeps for it while another tab is shown."""

    document: Document
    title: str
    # Follows this document's history even while another tab is shown (a job's result may land in it);
    # a bridge, because a document may report changes from a worker thread.
    watcher: DocBridge = field(default_factory=DocBridge)
    view: ViewState | None = None


class DocumentTabs(QTabBar):
    """The open documents, in tab order. ``currentDocumentChanged`` says which one to show (None: none
    is left); ``closeRequested`` is a tab's close button (the window asks about unsaved changes)."""

    currentDocumentChanged = Signal(object)
    closeRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentTabs")
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setExpanding(False)
        self.setDocumentMode(True)
        self.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.currentChanged.connect(lambda index: self.currentDocumentChanged.emit(self._document_at(index)))
        self.tabCloseRequested.connect(lambda index: self.closeRequested.emit(self._document_at(index)))

    # -- what is open ---------------------------------------------------------------------------------
    def entries(self) -> list[OpenDocument]:
        return [self.tabData(i) for i in range(self.count())]

    def documents(self) -> list[Document]:
        return [entry.document for entry in self.entries()]

    def entry(self, doc: Document | None) -> OpenDocument | None:
        return next((entry for entry in self.entries() if entry.document is doc), None)

    def current(self) -> OpenDocument | None:
        index = self.currentIndex()
        return self.tabData(index) if index >= 0 else None

    def _document_at(self, index: int) -> Document | None:
        return self.tabData(index).document if index >= 0 and self.tabData(index) is not None else None

    def _index(self, doc: Document) -> int:
        return next(i for i in range(self.count()) if self.tabData(i).document is doc)

    # -- changes --------------------------------------------------------------------------------------
    def add(self, doc: Document, title: str) -> None:
        """A new tab for ``doc``, made current (``currentDocumentChanged`` follows)."""
        entry = OpenDocument(doc, title)
        entry.watcher.attach(doc)
        entry.watcher.historyChanged.connect(lambda: self._refresh(entry))
        with QSignalBlocker(self):  # the tab's data must be in before anyone hears of the tab
            index = self.addTab(title)
            self.setTabData(index, entry)
        self._refresh(entry)
        self.show_document(doc)

    def remove(self, doc: Document) -> None:
        entry = self.entry(doc)
        if entry is None:
            return
        entry.watcher.attach(None)
        entry.watcher.historyChanged.disconnect()  # its slot holds the entry, and so the document
        self.removeTab(self._index(doc))

    def replace(self, old: Document, new: Document, title: str) -> None:
        """``new`` in ``old``'s tab (File ▸ Revert), keeping the tab's place and view."""
        entry = self.entry(old)
        if entry is None:
            return
        entry.watcher.attach(None)
        entry.document, entry.title = new, title
        entry.watcher.attach(new)
        self._refresh(entry)
        if self.current() is entry:
            self.currentDocumentChanged.emit(new)

    def set_title(self, doc: Document, title: str) -> None:
        entry = self.entry(doc)
        if entry is not None:
            entry.title = title
            self._refresh(entry)

    def show_document(self, doc: Document) -> None:
        index = self._index(doc)
        if index == self.currentIndex():
            self.currentDocumentChanged.emit(doc)  # the first tab is current as it is added, unannounced
        else:
            self.setCurrentIndex(index)

    def step(self, delta: int) -> None:
        """The next (+1) or previous (-1) tab, wrapping around (Ctrl+Tab, Ctrl+Shift+Tab)."""
        if self.count() > 1:
            self.setCurrentIndex((self.currentIndex() + delta) % self.count())

    def _refresh(self, entry: OpenDocument) -> None:
        if entry not in self.entries():
            return
        index = self._index(entry.document)
        doc = entry.document
        self.setTabText(index, f"{entry.title} *" if doc.history.modified else entry.title)
        self.setTabToolTip(index, str(doc.path) if doc.path is not None else entry.title)
