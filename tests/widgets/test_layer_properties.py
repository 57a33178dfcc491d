"""Layer ▸ Layer Properties… (one undo step, also from a double-click on the thumbnail) and the context
menus of the canvas and the layers list, which hold the menu bar's own actions."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from app import layer_ops
from app.document import BlendMode
from tests.widgets.modal import answer_next_dialog
from widgets.context_menus import CANVAS_KEYS, LAYER_KEYS
from widgets.layers_panel import COL_NAME, THUMB


def _set(name: str, opacity: int, mode: BlendMode, locked: bool):
    def fill(dialog) -> None:
        dialog.name_edit.setText(name)
        dialog.opacity_box.setValue(opacity)
        dialog.blend_box.setCurrentIndex(dialog.blend_box.findData(mode.value))
        dialog.lock_box.setChecked(locked)
    return fill


def test_layer_properties_is_one_undo_step(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(doc, "Top")
    top = doc.active_layer
    shown = answer_next_dialog(_set("  Glaze ", 35, BlendMode.MULTIPLY, True))
    window.action("layer.properties").trigger()
    assert shown and shown[0].name_edit.text() == "  Glaze "
    assert (top.name, top.opacity, top.blend_mode, top.locked) == ("Glaze", 0.35, BlendMode.MULTIPLY, True)
    assert doc.history.undo_name == "Layer Properties"
    assert window.layers_panel.tree.topLevelItem(0).text(COL_NAME) == "Glaze"
    assert window.layers_panel.opacity_box.value() == 35
    window.action("edit.undo").trigger()
    assert (top.name, top.opacity, top.blend_mode, top.locked) == ("Top", 1.0, BlendMode.NORMAL, False)


def test_layer_properties_opens_with_the_layers_values_and_cancel_changes_nothing(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.set_layer_opacity(doc, None, 0.6)
    layer_ops.set_layer_blend_mode(doc, None, BlendMode.SCREEN)
    revision = doc.history.revision
    seen = []
    answer_next_dialog(lambda d: seen.append(
        (d.name_edit.text(), d.opacity_box.value(), d.blend_box.currentData(), d.lock_box.isChecked())),
        accept=False)
    window.action("layer.properties").trigger()
    assert seen == [("Coffee", 60, "screen", False)]
    assert doc.history.revision == revision


def test_ok_is_off_for_an_empty_name(window, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    states = []

    def fill(dialog) -> None:
        dialog.name_edit.setText("   ")
        states.append(dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled())

    answer_next_dialog(fill, accept=False)
    window.action("layer.properties").trigger()
    assert states == [False]


def test_double_click_on_the_thumbnail_opens_properties_on_the_name_renames(window, coffee, qtbot):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(doc, "Top")
    tree = window.layers_panel.tree
    bottom_item = tree.topLevelItem(1)  # the list is top first: this is "Coffee"
    rect = tree.visualItemRect(bottom_item)
    thumb = QPoint(tree.header().sectionPosition(COL_NAME) + 20, rect.center().y())
    shown = answer_next_dialog(_set("Photo", 100, BlendMode.NORMAL, False))
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, thumb)
    assert shown and doc.layers[0].name == "Photo"
    rect = tree.visualItemRect(tree.topLevelItem(1))  # the list was rebuilt by the rename
    name = QPoint(tree.header().sectionPosition(COL_NAME) + THUMB + 30, rect.center().y())
    with qtbot.assertNotEmitted(window.layers_panel.propertiesRequested):  # the name is renamed in place
        QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, name)
    assert QApplication.activeModalWidget() is None


def _popup(qtbot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def test_layers_list_context_menu_uses_the_menu_bar_actions(window, coffee, qtbot):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    layer_ops.add_layer(doc, "Top")
    tree = window.layers_panel.tree
    lower = tree.visualItemRect(tree.topLevelItem(1)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, lower, tree.viewport().mapToGlobal(lower))
    QApplication.sendEvent(tree.viewport(), event)
    menu = _popup(qtbot)
    assert doc.active_layer.name == "Coffee"  # the layer under the pointer is the one acted on
    expected = [window.action(k) for k in LAYER_KEYS if k is not None]
    assert [a for a in menu.actions() if not a.isSeparator()] == expected
    assert not window.action("layer.merge_down").isEnabled()  # enablement follows: nothing below
    window.action("layer.duplicate").trigger()
    menu.close()
    assert [layer.name for layer in doc.layers] == ["Coffee", "Coffee copy", "Top"]


def test_canvas_context_menu(window, coffee, qtbot):
    window.open_image_as_new_document(coffee, "Coffee")
    viewport = window.canvas.viewport()
    centre = viewport.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    menu = _popup(qtbot)
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert actions == [window.action(k) for k in CANVAS_KEYS if k is not None and k in window.action_table.actions]
    assert window.action("select.all") in actions and window.action("view.before_after") in actions
    assert not menu.actions()[0].isSeparator() and not menu.actions()[-1].isSeparator()
    menu.close()
