"""Every keyboard shortcut a user can change: the menu actions (by their keys in the action table) and the
tools ("tool.brush"), with their defaults, and applying the user's own (``Settings.shortcuts``).

The menus keep the user's keys through a rebuild (a language change) because ``ActionTable.add`` reads
the same overrides; the tools' keys are set here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from widgets.actions import default_keys


@dataclass(frozen=True)
class ShortcutEntry:
    key: str  # "layer.duplicate", "tool.brush"
    path: str  # where a user finds it: "Layer ▸ Duplicate Layer", "Tools ▸ Brush"
    action: QAction
    default: tuple[str, ...]  # portable QKeySequence texts


def plain(text: str) -> str:
    """A menu text without its mnemonic marker ("&Save" -> "Save", "&&" stays "&") and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def menu_actions(window: Any, skipped: tuple[QMenu, ...] = ()) -> list[tuple[QAction, str, str]]:
    """Every command of the window's menu bar in menu order: (action, "Menu ▸ Submenu", its text)."""
    out: list[tuple[QAction, str, str]] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                if sub not in skipped:
                    walk(sub, f"{where} ▸ {plain(sub.title())}")
            elif not action.isSeparator() and action.isVisible() and action.text():
                out.append((action, where, plain(action.text())))

    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            walk(top.menu(), plain(top.text()))
    return out


def shortcut_entries(window: Any) -> list[ShortcutEntry]:
    """The menu actions (in menu order) and then the tools (in tool-bar order)."""
    table = window.action_table
    by_action = {action: key for key, action in table.actions.items()}
    out = [ShortcutEntry(by_action[action], f"{where} ▸ {text}", action, default_keys(table.specs[by_action[action]]))
           for action, where, text in menu_actions(window) if action in by_action]
    tools_title = plain(window.tool_bar.windowTitle())
    for name, action in window.tool_bar.tool_actions.items():
        tool = window.tools.tools[name]
        keys = tool.shortcut if isinstance(tool.shortcut, list) else [tool.shortcut] if tool.shortcut else []
        default = tuple(QKeySequence(k).toString() for k in keys)
        out.append(ShortcutEntry(f"tool.{name}", f"{tools_title} ▸ {tool.title()}", action, default))
    return out


def apply_shortcuts(window: Any, overrides: dict[str, tuple[str, ...]]) -> None:
    """Give every action its user shortcut, or its default where the user set none."""
    window.action_table.overrides = dict(overrides)
    for entry in shortcut_entries(window):
        keys = overrides.get(entry.key, entry.default)
        entry.action.setShortcuts([QKeySequence(k) for k in keys])
    window.tool_bar.retranslate()  # tool tips name the keys
