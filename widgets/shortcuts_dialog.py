"""Help ▸ Keyboard Shortcuts (F1): every menu entry with its keys, read from the menus the window built
from its table (engine entries included), then the keys that live outside the menus (tools, brush
size, colours). Nothing is listed by hand, so the list cannot fall behind the menus."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from widgets.shortcut_map import menu_actions, plain

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

Row = tuple[str, str, str]  # (where: "Layer ▸ Mask", action text, its keys)
SKIPPED_MENUS = ("file.recent",)  # file names, not commands


def keys_of(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty())


def shortcut_rows(window: MainWindow) -> list[Row]:
    """Every command of the menu bar (in menu order), then every other action of the window that has keys."""
    skipped = tuple(window.action_table.menus[key] for key in SKIPPED_MENUS if key in window.action_table.menus)
    rows: list[Row] = []
    listed: set[int] = set()
    for action, where, text in menu_actions(window, skipped):
        listed.add(id(action))
        rows.append((where, text, keys_of(action)))
    others = QCoreApplication.translate("ShortcutsDialog", "Tools and other keys")
    seen: set[tuple[str, str]] = set()
    for action in window.findChildren(QAction):
        keys = keys_of(action)
        row = (plain(action.text()), keys)
        if keys and id(action) not in listed and row not in seen and action.text():
            seen.add(row)
            rows.append((others, *row))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[Row], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(560, 640)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or key"))
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Command"), self.tr("Shortcut")])
        self.tree.setColumnWidth(0, 340)
        groups: dict[str, QTreeWidgetItem] = {}
        for where, text, keys in rows:
            if where not in groups:
                groups[where] = QTreeWidgetItem(self.tree, [where])
                groups[where].setFirstColumnSpanned(True)
            QTreeWidgetItem(groups[where], [text, keys])
        self.tree.expandAll()
        self.filter_edit.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                match = not needle or any(needle in item.text(c).casefold() for c in (0, 1))
                item.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        """(command, keys) of the rows the filter leaves shown."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                item = group.child(j)
                if not item.isHidden() and not group.isHidden():
                    out.append((item.text(0), item.text(1)))
        return out


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    """Non-modal, so it can stay open beside the canvas while the keys are tried."""
    dialog = ShortcutsDialog(shortcut_rows(window), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
