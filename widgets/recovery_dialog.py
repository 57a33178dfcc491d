"""The crash-recovery prompt shown at start when an earlier editor left autosaved documents."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class RecoveryDialog(QDialog):
    """Lists recoverable documents; ``choice`` is "recover", "discard" or "later" after exec()."""

    def __init__(self, sessions: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover Unsaved Work"))
        self.sessions = sessions
        self.choice = "later"
        label = QLabel(self.tr("Kintsugi did not close properly last time. "
                               "These documents were saved automatically:"), self)
        label.setWordWrap(True)
        self.list = QListWidget(self)
        for session in sessions:
            for entry in session.documents:
                stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.saved_at))
                item = QListWidgetItem(f"{entry.title}  —  {stamp}", self.list)
                item.setData(Qt.ItemDataRole.UserRole, (session, entry))
        # Every document is recovered unless the user picks some: each opens in a tab of its own.
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.selectAll()
        self.list.itemDoubleClicked.connect(lambda _item: self._finish("recover"))
        buttons = QDialogButtonBox(self)
        recover = QPushButton(self.tr("Recover"), self)
        discard = QPushButton(self.tr("Discard All"), self)
        later = QPushButton(self.tr("Decide Later"), self)
        buttons.addButton(recover, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(discard, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        recover.clicked.connect(lambda: self._finish("recover"))
        discard.clicked.connect(lambda: self._finish("discard"))
        later.clicked.connect(lambda: self._finish("later"))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(480, 300)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != "later" else self.reject()

    def selected(self) -> list:
        """(session, document entry) of each selected row, in list order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).isSelected()]
