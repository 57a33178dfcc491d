"""Right-click menus on the canvas and the layers list. They hold the menu bar's own QActions (by key),
so text, shortcut, enablement and what they do are the menu table's, never a copy."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

# None is a separator. Keys that some window does not have (e.g. no clipboard entries) are left out.
CANVAS_KEYS = (
    "edit.undo", "edit.redo", None,
    "edit.cut", "edit.copy", "edit.copy_merged", "edit.paste", None,
    "select.all", "select.none", "select.invert", "select.feather", None,
    "layer.from_selection", "layer.mask_from_selection", "select.from_mask", None,
    "view.fit", "view.actual", "view.before_after",
)
LAYER_KEYS = (
    "layer.properties", None,
    "layer.new", "layer.duplicate", "layer.from_selection", "layer.delete", None,
    "layer.merge_down", "layer.merge_visible", "layer.flatten", None,
    "layer.up", "layer.down",
)


def context_menu(window: MainWindow, keys: tuple[str | None, ...]) -> QMenu:
    """A menu of the window's actions for ``keys`` (no separator first, last or twice in a row)."""
    menu = QMenu(window)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    actions = window.action_table.actions
    pending_separator = False
    for key in keys:
        if key is None:
            pending_separator = bool(menu.actions())
        elif key in actions:
            if pending_separator:
                menu.addSeparator()
                pending_separator = False
            menu.addAction(actions[key])
    return menu


def show_context_menu(window: MainWindow, keys: tuple[str | None, ...], global_pos: QPoint) -> QMenu:
    menu = context_menu(window, keys)
    menu.popup(global_pos)
    return menu


def install_context_menus(window: MainWindow) -> None:
    canvas = window.canvas
    canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    # The scroll area handles its viewport's context-menu event, with the viewport's coordinates.
    canvas.customContextMenuRequested.connect(
        lambda pos: show_context_menu(window, CANVAS_KEYS, canvas.viewport().mapToGlobal(pos)))
    window.layers_panel.contextMenuRequested.connect(lambda pos: show_context_menu(window, LAYER_KEYS, pos))
