"""Keyboard shortcuts of the main window: each key does one thing (Qt ignores a key two enabled actions
share, as "ambiguous"), and select none / invert selection follow Photoshop and Krita (Ctrl+D,
Ctrl+Shift+I) in the menu, in the tools and on the keyboard."""
from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

PORTABLE = QKeySequence.SequenceFormat.PortableText


def _bindings(window) -> dict[str, list[str]]:
    """Key -> texts of every action of the window bound to it."""
    keys: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                keys[sequence.toString(PORTABLE)].append(action.text())
    return keys


def test_every_shortcut_in_the_window_is_unique(window):
    keys = _bindings(window)
    assert "engine.upscale" in window.action_table.actions  # engine entries (and their keys) are in
    assert len(keys) > 40
    assert {key: texts for key, texts in keys.items() if len(texts) > 1} == {}


def test_select_none_and_invert_agree_in_menu_tools_and_keyboard(window, coffee, qtbot):
    assert window.action("select.none").shortcut() == QKeySequence("Ctrl+D")
    assert window.action("select.invert").shortcut() == QKeySequence("Ctrl+Shift+I")
    for action in window.findChildren(QAction):  # the tools' own selection commands
        if action.text() in ("Deselect", "Invert Selection") and action.shortcuts():
            expected = "Ctrl+D" if action.text() == "Deselect" else "Ctrl+Shift+I"
            assert [s.toString(PORTABLE) for s in action.shortcuts()] == [expected]
    window.open_image_as_new_document(coffee, "Coffee")
    doc = window.document
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.action("select.all").trigger()
    QTest.keyClick(window.canvas, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.selection is not None and doc.selection.max() == 0  # inverted: nothing left
    window.action("select.all").trigger()
    QTest.keyClick(window.canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert doc.selection is None
