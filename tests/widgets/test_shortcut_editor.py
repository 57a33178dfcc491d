"""Preferences ▸ Keyboard Shortcuts: a key set there works at once, is kept across runs and a language
change, is taken from the action that had it, and Reset All brings the defaults back."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from widgets.preferences_dialog import PreferencesDialog
from widgets.shortcut_map import shortcut_entries


def edit_shortcuts(monkeypatch, change) -> None:
    """Stand in for the user: ``change(editor)`` on the dialog's shortcut page, then OK."""
    def accept(dialog: PreferencesDialog) -> int:
        change(dialog.shortcuts)
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", accept)


def keys(window, key: str) -> list[str]:
    return [k.toString() for k in window.action(key).shortcuts()]


def test_every_menu_action_and_tool_is_listed_with_its_place(window):
    entries = {e.key: e for e in shortcut_entries(window)}
    duplicate = entries["layer.duplicate"]
    assert duplicate.path == "Layer ▸ Duplicate Layer" and duplicate.default == ("Ctrl+J",)
    assert entries["tool.brush"].default == ("B",) and entries["tool.brush"].path.endswith("▸ Brush")
    assert entries["layer.layer_mask.reveal"].path == "Layer ▸ Layer Mask ▸ Reveal All"
    assert len(entries) == len(shortcut_entries(window))  # one entry per key


def test_a_new_shortcut_works_at_once_and_moves_from_its_old_owner(window, monkeypatch, settings, qtbot):
    def change(editor):
        row = next(i for i, e in enumerate(editor.entries) if e.key == "layer.flatten")
        editor.table.setCurrentCell(row, 0)
        editor.recorder.setKeySequence(QKeySequence("Ctrl+J"))
        editor.recorder.editingFinished.emit()
        assert "Duplicate Layer" in editor.message.text()

    edit_shortcuts(monkeypatch, change)
    window.show_preferences()
    assert keys(window, "layer.flatten") == ["Ctrl+J"] and keys(window, "layer.duplicate") == []
    assert settings.shortcuts == {"layer.flatten": ("Ctrl+J",), "layer.duplicate": ()}
    window.set_language("zh_CN")  # the menus are rebuilt: the user's keys stay
    assert keys(window, "layer.flatten") == ["Ctrl+J"] and keys(window, "layer.duplicate") == []
    window.set_language("en")


def test_the_keys_work_on_the_next_start_and_for_tools(window, monkeypatch, settings, qtbot):
    def change(editor):
        editor.assign("tool.brush", ("N",))

    edit_shortcuts(monkeypatch, change)
    window.show_preferences()
    window.tools.set_tool("eraser")
    window.canvas.setFocus()
    QTest.keyClick(window, Qt.Key.Key_B)  # the old key does nothing now
    assert window.tools.current.name == "eraser"
    QTest.keyClick(window, Qt.Key.Key_N)
    assert window.tools.current.name == "brush"
    from widgets.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert [k.toString() for k in again.tool_bar.tool_actions["brush"].shortcuts()] == ["N"]
    assert "(N)" in again.tool_bar.tool_actions["brush"].toolTip()


def test_reset_all_brings_the_defaults_back(window, monkeypatch, settings):
    settings.shortcuts = {"layer.duplicate": ()}
    edit_shortcuts(monkeypatch, lambda editor: editor.reset_all())
    window.show_preferences()
    assert settings.shortcuts == {} and keys(window, "layer.duplicate") == ["Ctrl+J"]


def test_a_damaged_setting_falls_back_to_the_defaults(settings):
    settings.qsettings.setValue("keys/shortcuts", "{not json")
    assert settings.shortcuts == {}
