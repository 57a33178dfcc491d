"""Window actions as a table: key, text, slot, shortcut and when each is enabled.

    table = ActionTable(window, run=window.guarded)
    table.add(ActionSpec("layer.merge_down", text, slot, "Ctrl+Shift+E", when=can_merge_down))
    table.update(EditorState(document, idle))   # the one place enablement (and state-made text) is set

Menus are laid out from the same specs (``build_menu``), with ``Separator``, ``Submenu`` and ``Slot``
(a named place other parts fill later, e.g. engine entries) between them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.document import Document

Shortcut = str | QKeySequence.StandardKey | tuple[str, ...] | None


@dataclass(frozen=True)
class EditorState:
    """What enablement depends on, read once per update."""

    document: Document | None
    idle: bool  # no file operation holds the document


Condition = Callable[[EditorState], bool]


def _doc(state: EditorState) -> Document | None:
    """The document when it may be edited now, else None."""
    return state.document if state.idle else None


def always(_state: EditorState) -> bool:
    return True


def editable(state: EditorState) -> bool:
    return _doc(state) is not None


def can_undo(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.history.can_undo


def can_redo(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.history.can_redo


def has_selection(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.selection is not None


def has_mask(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.active_mask is not None


def has_layer(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.active_layer is not None


def has_file(state: EditorState) -> bool:
    """The document came from (or was saved to) a file that Revert can read again."""
    doc = _doc(state)
    return doc is not None and doc.path is not None


def has_layer_mask(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.active_layer is not None and doc.active_layer.mask is not None


def can_add_layer_mask(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.active_layer is not None and doc.active_layer.mask is None


def can_add_layer_mask_from_selection(state: EditorState) -> bool:
    return can_add_layer_mask(state) and has_selection(state)


def can_merge_down(state: EditorState) -> bool:
    doc = _doc(state)
    return doc is not None and doc.active_layer_index > 0


@dataclass(frozen=True)
class ActionSpec:
    key: str  # e.g. "file.open"; window.action(key) finds it
    text: str  # already translated (specs are made again on a language change)
    slot: Callable[[], Any] | None = None
    shortcut: Shortcut = None
    when: Condition = always
    checkable: bool = False
    checked: bool = False
    label: Callable[[EditorState], str] | None = None  # a text that follows the state ("Undo Brush")


@dataclass(frozen=True)
class Separator:
    pass


@dataclass(frozen=True)
class Slot:
    """A named place in a menu that another part fills (``ActionTable.insert_at``)."""

    name: str


@dataclass(frozen=True)
class Submenu:
    key: str
    text: str
    items: tuple[MenuItem, ...] = ()
    exclusive: bool = False  # its checkable actions form one group (a theme, a language)


MenuItem = ActionSpec | Separator | Slot | Submenu


def default_keys(spec: ActionSpec) -> tuple[str, ...]:
    """The spec's own shortcuts as portable QKeySequence texts (a standard key becomes this platform's)."""
    shortcut = spec.shortcut
    if shortcut is None:
        return ()
    items = shortcut if isinstance(shortcut, tuple) else (shortcut,)
    return tuple(text for text in (QKeySequence(item).toString() for item in items) if text)


@dataclass
class ActionTable:
    """The QActions made from specs, by key, and their enablement."""

    owner: QWidget
    run: Callable[[Callable[[], Any]], Any]  # calls a slot (the window turns errors into messages)
    actions: dict[str, QAction] = field(default_factory=dict)
    specs: dict[str, ActionSpec] = field(default_factory=dict)
    menus: dict[str, QMenu] = field(default_factory=dict)
    slots: dict[str, tuple[QMenu, QAction]] = field(default_factory=dict)
    # The user's own shortcuts by key (Preferences ▸ Keyboard Shortcuts); they outlive a rebuild of the menus.
    overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, spec: ActionSpec) -> QAction:
        if spec.key in self.actions:
            raise ValueError(f"two actions named {spec.key!r}")
        action = QAction(spec.text, self.owner)
        keys = self.overrides.get(spec.key, default_keys(spec))
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(spec.checkable)
        action.setChecked(spec.checked)
        if spec.slot is not None:
            slot = spec.slot
            action.triggered.connect(lambda *_: self.run(slot))
        self.actions[spec.key] = action
        self.specs[spec.key] = spec
        return action

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]

    def clear(self) -> None:
        for action in self.actions.values():
            action.deleteLater()
        self.actions, self.specs, self.menus, self.slots = {}, {}, {}, {}

    def update(self, state: EditorState) -> None:
        for key, spec in self.specs.items():
            action = self.actions[key]
            action.setEnabled(spec.when(state))
            if spec.label is not None:
                action.setText(spec.label(state))

    def build_menu(self, menu: QMenu, items: tuple[MenuItem, ...], group: QActionGroup | None = None) -> None:
        """Fill ``menu`` with ``items``; checkable actions join ``group`` when given."""
        for item in items:
            if isinstance(item, Separator):
                menu.addSeparator()
            elif isinstance(item, Slot):
                anchor = menu.addAction("")
                anchor.setVisible(False)  # only marks where the slot's actions go
                self.slots[item.name] = (menu, anchor)
            elif isinstance(item, Submenu):
                sub = menu.addMenu(item.text)
                self.menus[item.key] = sub
                self.build_menu(sub, item.items, QActionGroup(self.owner) if item.exclusive else None)
            else:
                action = self.add(item)
                if group is not None:
                    group.addAction(action)
                menu.addAction(action)

    def insert_at(self, slot: str, spec: ActionSpec) -> QAction:
        """Add an action where ``slot`` was laid out (before its marker, so later ones follow)."""
        menu, anchor = self.slots[slot]
        action = self.add(spec)
        menu.insertAction(anchor, action)
        return action

    def insert_submenu_at(self, slot: str, title: str, specs: list[ActionSpec]) -> QMenu:
        """A submenu of ``specs`` where ``slot`` was laid out."""
        menu, anchor = self.slots[slot]
        submenu = QMenu(title, menu)
        for spec in specs:
            submenu.addAction(self.add(spec))
        menu.insertMenu(anchor, submenu)
        return submenu
