"""The Simplified Chinese interface is complete: every menu item, tool, tool option and panel title is
translated after switching the language at run time, and the catalogue has no unfinished entries."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDockWidget, QLabel, QMenu, QMessageBox

from app.i18n import LANGUAGE_NAMES, install_translators, ts_path

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# What may stay in Latin letters: names, units, key names.
ALLOWED_WORDS = re.compile(r"Kintsugi|Real-ESRGAN|ONNX|px|Ctrl|Shift|Alt|\bAI\b")
MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")
SHORTCUT = re.compile(r"\(([A-Z]|Shift\+[A-Z]|Ctrl\+\S+)\)")


def untranslated(text: str) -> bool:
    """English left over: Latin letters but no Chinese, once names, units and shortcut keys are removed."""
    rest = ALLOWED_WORDS.sub("", SHORTCUT.sub("", MNEMONIC.sub("", text)))
    return bool(re.search(r"[A-Za-z]", rest)) and not CJK.search(text)


@pytest.fixture
def zh_window(qtbot, settings, monkeypatch):
    for kind in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    from widgets.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.engines.is_loaded, timeout=30_000)  # the engines' menu entries are in
    try:
        win.set_language("zh_CN")  # at run time, as the View > Language menu does
        QApplication.processEvents()
        yield win
    finally:
        win.set_language("en")
        QApplication.processEvents()
        win.close()


def _menu_texts(menu: QMenu, path: str = "") -> list[tuple[str, str]]:
    out = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        where = f"{path} > {action.text()}"
        out.append((where, action.text()))
        if action.menu() is not None:
            out += _menu_texts(action.menu(), where)
    return out


def test_every_menu_action_is_translated(zh_window):
    texts = []
    for top in zh_window.menuBar().actions():
        texts.append((top.text(), top.text()))
        texts += _menu_texts(top.menu(), top.text())
    recent = {a.text() for a in zh_window.recent_menu.actions()}
    languages = set(LANGUAGE_NAMES.values())
    left = [where for where, text in texts if text not in recent | languages and untranslated(text)]
    assert not left, left
    assert "文件(&F)" in [a.text() for a in zh_window.menuBar().actions()]


def test_tool_bar_options_bar_and_docks_are_translated(zh_window):
    win = zh_window
    left = []
    for action in win.tool_bar.actions():
        if action.isSeparator():
            continue
        for text in (action.text(), action.toolTip()):
            if untranslated(text):
                left.append(("tool bar", text))
    for title in (win.tool_bar.windowTitle(), win.tool_options_bar.windowTitle()):
        if untranslated(title):
            left.append(("bar title", title))
    for name in win.tools.tools:  # every tool's options
        win.tools.set_tool(name)
        for widget in win.tool_options_bar.findChildren(QLabel) + win.tool_options_bar.findChildren(QCheckBox):
            if untranslated(widget.text()):
                left.append((name, widget.text()))
        for combo in win.tool_options_bar.findChildren(QComboBox):
            left += [(name, combo.itemText(i)) for i in range(combo.count()) if untranslated(combo.itemText(i))]
    win.tools.set_tool("brush")
    docks = win.findChildren(QDockWidget)
    assert len(docks) >= 6  # layers, history, jobs, faces, navigator, colours
    left += [("dock", d.windowTitle()) for d in docks if untranslated(d.windowTitle())]
    for dock in docks:  # what the panels show
        for widget in dock.findChildren(QLabel) + dock.findChildren(QCheckBox):
            if widget.isVisibleTo(dock) and widget.text() and untranslated(widget.text()):
                left.append((dock.objectName(), widget.text()))
        for combo in dock.findChildren(QComboBox):
            left += [(dock.objectName(), combo.itemText(i)) for i in range(combo.count())
                     if untranslated(combo.itemText(i))]
    left += [("shortcut", a.text()) for a in win.actions() if a.text() and untranslated(a.text())]
    assert not left, left
    assert win.tool_bar.tool_actions["brush"].text() == "画笔"
    assert win.compare_action.text() == "修复前后对比"


def test_switching_back_to_english_restores_the_english_texts(zh_window):
    win = zh_window
    win.set_language("en")
    QApplication.processEvents()
    assert win.tool_bar.tool_actions["eraser"].text() == "Eraser"
    assert {d.windowTitle() for d in win.findChildren(QDockWidget)} >= {"Colours", "Navigator", "Faces", "Layers"}


def test_catalogue_has_no_unfinished_entries_and_keeps_placeholders():
    root = ET.parse(ts_path("zh_CN")).getroot()
    messages = root.findall("./context/message")
    assert len(messages) > 400
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation.get("type") is None, source  # no "unfinished", "vanished" or "obsolete"
        assert translation.text, source
        for placeholder in re.findall(r"\{\w*\}|%\d|%n", source):
            assert placeholder in translation.text, (source, translation.text)


def test_face_count_reads_well_in_english_and_chinese(qapp):
    from widgets.face_results import faces_found_text

    install_translators("en")
    assert faces_found_text(1) == "1 face found."
    assert faces_found_text(3) == "3 faces found."
    try:
        assert install_translators("zh_CN")
        assert faces_found_text(1) == "找到 1 张人脸。"
        assert faces_found_text(3) == "找到 3 张人脸。"
    finally:
        install_translators("en")


def test_standard_dialog_buttons_are_translated(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    def texts() -> list[str]:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        return [b.text() for b in box.buttons()]

    try:
        install_translators("zh_CN")  # Qt's own catalogue, for OK / Cancel
        assert texts() == ["确定", "取消"]
    finally:
        install_translators("en")
    assert texts() == ["OK", "Cancel"]


def _catalogue() -> set[tuple[str, str]]:
    root = ET.parse(ts_path("zh_CN")).getroot()
    return {(c.findtext("name"), m.findtext("source")) for c in root.findall("context")
            for m in c.findall("message")}


def test_every_text_marked_in_the_code_is_in_the_catalogue():
    from app.i18n_sources import marked_texts
    from app.paths import app_root

    root = app_root()
    missing = sorted(marked_texts([root / "app", root / "widgets"]) - _catalogue())
    assert not missing, missing


def test_every_catalog_model_title_is_translated():
    from models.catalog import load_catalog

    titles = {entry.title for entry in load_catalog(custom_file=None).values()}
    assert titles
    missing = sorted(t for t in titles if ("Models", t) not in _catalogue())
    assert not missing, missing


def test_history_steps_and_job_titles_follow_a_language_switch(qapp):
    from app import layer_ops
    from app.document import Document
    from app.texts import shown, translator

    doc = Document.from_image(np.zeros((8, 8, 3), np.uint8))
    install_translators("en")
    layer_ops.add_layer(doc, "Edit")  # the step is named while the interface is in English
    step = doc.history.names[-1]
    title = translator("Faces")("Find faces")
    try:
        assert install_translators("zh_CN")
        assert CJK.search(shown(step)) and CJK.search(shown(title))
        assert shown("Layer 2") == "Layer 2"  # user content stays as typed
    finally:
        install_translators("en")
    assert shown(step) == step


def test_every_engine_text_the_interface_shows_is_in_the_catalogue():
    """Engine titles (menus, job titles, the Model Manager), built-in methods and what the engine dialogs
    show of the params: labels, help, group titles and worded choices, in the "Engines" and "EngineParams"
    contexts."""
    from engines.params import gui_params
    from engines.registry import engine_classes
    from widgets.engine_extra import extra_widget
    from widgets.engine_menu import MENU_ACTIONS

    catalogue = _catalogue()
    engines = engine_classes()
    assert {"upscale", "style", "faces"} <= set(engines)
    missing = [("Engines", cls.title) for cls in engines.values() if ("Engines", cls.title) not in catalogue]
    missing += [("Engines", text) for cls in engines.values() for method in cls.methods
                for text in (method.title, method.description) if ("Engines", text) not in catalogue]
    for task, cls in engines.items():
        if task in MENU_ACTIONS:
            continue  # its own widgets, not the engine dialog
        extra = extra_widget(task)
        handled = set(extra.handles) if extra is not None else set()
        for param in gui_params(cls.params):
            if param.name in handled:
                continue
            worded = [c for c in param.choices if re.search(r"[A-Za-z]", c)]
            missing += [("EngineParams", text) for text in (param.label, param.help, param.group, *worded)
                        if text and ("EngineParams", text) not in catalogue]
    assert not missing, missing
