"""The history panel: the document's undo steps; clicking a step goes back (or forward) to it."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from app.document import Document
from app.texts import shown
from widgets.doc_bridge import DocBridge

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractListModel):
    """Row 0 is the opened state; row i (i >= 1) is the state after step i."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._current = 0

    def refresh(self, doc: Document | None) -> None:
        self.beginResetModel()
        history = getattr(doc, "history", None)
        self._names = list(history.names) if history is not None else []
        self._current = history.index if history is not None else 0
        self.endResetModel()

    @property
    def current_row(self) -> int:
        return self._current

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._names) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self._names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if row == 0:
                return QCoreApplication.translate("HistoryPanel", "Opened")
            return shown(self._names[row - 1])
        if role == Qt.ItemDataRole.FontRole and row == self._current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row > self._current:
            # Undone steps (the redo branch) look disabled, as in other editors.
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None


class HistoryPanel(QWidget):
    def __init__(self, bridge: DocBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._bridge = bridge
        self.model = HistoryModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.clicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        bridge.historyChanged.connect(self.refresh)
        bridge.documentReplaced.connect(lambda _doc: self.refresh())
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()  # step names in the new language
        super().changeEvent(event)

    def refresh(self) -> None:
        self.model.refresh(self._bridge.document)
        index = self.model.index(self.model.current_row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def go_to_row(self, row: int) -> None:
        """Show the state after ``row`` steps (row 0: as opened)."""
        doc = self._bridge.document
        if doc is None:
            return
        doc.history.goto(row)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.go_to_row(index.row())
