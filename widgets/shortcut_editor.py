"""Preferences ▸ Keyboard Shortcuts: every menu action and tool with its keys, a filter, a key recorder
for the chosen one, and resets. A key taken by another action is moved, and the user is told from which
(as Photoshop does), so two actions never share a key."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.shortcut_map import ShortcutEntry


def _shown(keys: tuple[str, ...]) -> str:
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class ShortcutEditor(QWidget):
    """Edits a copy of the shortcuts; ``overrides()`` is what differs from the defaults."""

    def __init__(self, entries: list[ShortcutEntry], current: dict[str, tuple[str, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.defaults = {e.key: e.default for e in entries}
        self.keys = {e.key: tuple(current.get(e.key, e.default)) for e in entries}
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Search actions or keys"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(len(entries), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, entry in enumerate(entries):
            self.table.setItem(row, 0, QTableWidgetItem(entry.path))
            self.table.setItem(row, 1, QTableWidgetItem())
            self._show_row(row)
        self.table.resizeColumnToContents(0)
        self.table.currentCellChanged.connect(lambda row, *_: self._select(row))
        self.recorder = QKeySequenceEdit(self)
        self.recorder.setMaximumSequenceLength(1)
        self.recorder.editingFinished.connect(self._recorded)
        clear = QPushButton(self.tr("Remove Shortcut"), self)
        clear.clicked.connect(lambda: self.assign(self._current_key(), ()))
        reset = QPushButton(self.tr("Default"), self)
        reset.clicked.connect(lambda: self.assign(self._current_key(), self.defaults.get(self._current_key(), ())))
        reset_all = QPushButton(self.tr("Reset All"), self)
        reset_all.clicked.connect(self.reset_all)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row_layout = QHBoxLayout()
        row_layout.addWidget(QLabel(self.tr("Press the new key:"), self))
        row_layout.addWidget(self.recorder, 1)
        row_layout.addWidget(clear)
        row_layout.addWidget(reset)
        row_layout.addWidget(reset_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_layout)
        layout.addWidget(self.message)

    # -- editing -------------------------------------------------------------------------------------
    def assign(self, key: str | None, keys: tuple[str, ...]) -> None:
        """Give ``key``'s action ``keys``; any other action holding one of them loses it."""
        if key is None:
            return
        taken = []
        for other, held in self.keys.items():
            if other != key and set(held) & set(keys):
                self.keys[other] = tuple(k for k in held if k not in keys)
                taken.append(self._path(other))
        self.keys[key] = keys
        for row in range(self.table.rowCount()):
            self._show_row(row)
        self.message.setText(self.tr("{keys} was taken from: {actions}.").format(
            keys=_shown(keys), actions="; ".join(taken)) if taken else "")

    def reset_all(self) -> None:
        self.keys = dict(self.defaults)
        for row in range(self.table.rowCount()):
            self._show_row(row)
        self.message.setText("")

    def overrides(self) -> dict[str, tuple[str, ...]]:
        return {key: keys for key, keys in self.keys.items() if keys != self.defaults[key]}

    # -- internals -----------------------------------------------------------------------------------
    def _path(self, key: str) -> str:
        return next(e.path for e in self.entries if e.key == key)

    def _current_key(self) -> str | None:
        row = self.table.currentRow()
        return self.entries[row].key if 0 <= row < len(self.entries) else None

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            keys = self.keys[self.entries[row].key]
            self.recorder.setKeySequence(QKeySequence(keys[0]) if keys else QKeySequence())

    def _recorded(self) -> None:
        sequence = self.recorder.keySequence()
        if not sequence.isEmpty():
            self.assign(self._current_key(), (sequence.toString(),))

    def _show_row(self, row: int) -> None:
        entry = self.entries[row]
        keys = self.keys[entry.key]
        item = self.table.item(row, 1)
        item.setText(_shown(keys))
        font = item.font()
        font.setBold(keys != entry.default)  # the user's own keys stand out
        item.setFont(font)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row, entry in enumerate(self.entries):
            hay = f"{entry.path} {_shown(self.keys[entry.key])}".lower()
            self.table.setRowHidden(row, bool(needle) and needle not in hay)

    def sizeHint(self):  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        hint.setHeight(max(hint.height(), 420))
        return hint
