"""Menus for what the core could do but no menu reached: Select ▸ Modify, Layer ▸ Mask, mask and
selection, flatten, merge visible, layer from selection, export options; View ▸ Before/After, Full
Screen and Panels; Help ▸ Keyboard Shortcuts and the version in About."""
from __future__ import annotations

import io
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from app import __version__, layer_ops, selection_ops
from app.compositor import Compositor
from app.document import BlendMode
from tests.widgets.modal import answer_next_dialog
from widgets import file_dialogs
from widgets.shortcuts_dialog import ShortcutsDialog, plain, shortcut_rows

ROOT = Path(__file__).resolve().parents[2]


def _ellipse(doc) -> np.ndarray:
    return selection_ops.ellipse_mask((doc.height, doc.width), (150, 100, 300, 200))


def _amount(value: float):
    return lambda dialog: dialog.box.setValue(value)


@pytest.fixture
def photo(window, coffee):
    """Coffee with an elliptical selection around the cup."""
    doc = window.open_image_as_new_document(coffee, "Coffee")
    selection_ops.apply_selection(doc, _ellipse(doc))
    return doc


@pytest.mark.parametrize("key, function, amount", [
    ("select.grow", selection_ops.grow, 7),
    ("select.shrink", selection_ops.shrink, 9),
    ("select.feather", selection_ops.feather, 6.5),
    ("select.border", selection_ops.border, 10),
])
def test_select_modify_asks_the_amount_and_is_one_step(window, photo, key, function, amount):
    before = photo.selection.copy()
    shown = answer_next_dialog(_amount(amount))
    window.action(key).trigger()
    assert shown and shown[0].windowTitle().startswith(plain(window.action(key).text()).rstrip("…"))
    assert np.array_equal(photo.selection, function(before, amount))
    assert not np.array_equal(photo.selection, before)
    window.action("edit.undo").trigger()
    assert np.array_equal(photo.selection, before)


def test_cancel_leaves_the_selection_alone(window, photo):
    before = photo.selection.copy()
    revision = photo.history.revision
    answer_next_dialog(_amount(30), accept=False)
    window.action("select.grow").trigger()
    assert np.array_equal(photo.selection, before)
    assert photo.history.revision == revision


def test_border_is_a_band_straddling_the_edge():
    plane = selection_ops.rect_mask((200, 200), (50, 50, 100, 100))
    band = selection_ops.border(plane, 10)
    row = band[100]  # through the middle: the left edge is at x = 50, the right one after x = 149
    assert row[45:55].min() == 255 and row[150 - 5:150 + 5].min() == 255  # 5 px out, 5 px in
    assert row[:44].max() == 0 and row[56:144].max() == 0 and row[156:].max() == 0
    assert band[:44].max() == 0  # nothing far above the square


def test_feather_has_photoshops_shortcut(window, photo, qtbot):
    assert window.action("select.feather").shortcut() == QKeySequence("Shift+F6")
    before = photo.selection.copy()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer_next_dialog(_amount(3))
    QTest.keyClick(window.canvas, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert np.array_equal(photo.selection, selection_ops.feather(before, 3))


def test_modify_entries_need_a_selection(window, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    keys = ("select.grow", "select.shrink", "select.feather", "select.border", "layer.from_selection")
    assert not any(window.action(k).isEnabled() for k in keys)
    window.action("select.all").trigger()
    assert all(window.action(k).isEnabled() for k in keys)
    assert doc.selection is not None


def test_mask_submenu_edits_the_active_mask(window, photo):
    window.action("layer.mask_from_selection").trigger()
    mask = photo.active_mask
    ellipse = _ellipse(photo)
    assert np.array_equal(mask.data, ellipse)
    window.action("layer.mask.invert").trigger()
    assert np.array_equal(photo.active_mask.data, 255 - ellipse)
    window.action("layer.mask.invert").trigger()
    for key, function, amount in (("layer.mask.grow", selection_ops.grow, 5),
                                  ("layer.mask.shrink", selection_ops.shrink, 12),
                                  ("layer.mask.feather", selection_ops.feather, 4.0)):
        before = photo.active_mask.data.copy()
        answer_next_dialog(_amount(amount))
        window.action(key).trigger()
        assert np.array_equal(photo.active_mask.data, function(before, amount)), key
    window.action("layer.mask.clear").trigger()
    assert photo.active_mask.data.max() == 0
    window.action("select.none").trigger()
    window.action("layer.mask.fill").trigger()
    assert photo.active_mask.data.min() == 255
    for _ in range(3):
        window.action("edit.undo").trigger()  # fill, deselect, clear
    assert np.array_equal(photo.active_mask.data, selection_ops.feather(
        selection_ops.shrink(selection_ops.grow(ellipse, 5), 12), 4.0))


def test_load_selection_from_mask_round_trips(window, photo):
    ellipse = _ellipse(photo)
    window.action("layer.mask_from_selection").trigger()
    window.action("select.none").trigger()
    assert photo.selection is None
    window.action("select.from_mask").trigger()
    assert np.array_equal(photo.selection, ellipse)
    assert photo.history.undo_name == "Selection from Mask"


def test_mask_entries_need_a_mask(window, photo):
    keys = ("layer.mask.clear", "layer.mask.fill", "layer.mask.invert", "layer.mask.grow", "layer.mask.shrink",
            "layer.mask.feather", "select.from_mask")
    assert not any(window.action(k).isEnabled() for k in keys)
    window.action("layer.mask_from_selection").trigger()
    assert all(window.action(k).isEnabled() for k in keys)


def test_layer_from_selection_flatten_and_merge_visible(window, photo, coffee):
    window.action("layer.from_selection").trigger()
    assert len(photo.layers) == 2
    cut = photo.layers[1]
    x, y, w, h = selection_ops.bounds(_ellipse(photo))
    assert cut.offset == (x, y) and cut.pixels.shape[:2] == (h, w)
    assert np.array_equal(cut.pixels[..., 3], _ellipse(photo)[y:y + h, x:x + w])
    # Three layers, the middle one hidden: Merge Visible keeps it, Flatten drops it.
    layer_ops.set_layer_blend_mode(photo, cut, BlendMode.DIFFERENCE)
    hidden = layer_ops.add_layer(photo, "Hidden", index=1)
    layer_ops.set_layer_visible(photo, hidden, False)
    expected = Compositor(photo, follow=False).render()
    window.action("layer.merge_visible").trigger()
    assert [layer.name for layer in photo.layers] == ["Coffee", "Hidden"]
    assert np.array_equal(photo.layers[0].pixels, expected)
    window.action("edit.undo").trigger()
    assert len(photo.layers) == 3
    window.action("layer.flatten").trigger()
    assert len(photo.layers) == 1 and np.array_equal(photo.layers[0].pixels, expected)
    assert photo.history.undo_name == "Flatten Image"


def test_merge_visible_with_one_visible_layer_is_a_message(window, photo, messages):
    window.action("layer.merge_visible").trigger()
    assert messages[-1] == ("warning", "Merge Visible needs at least two visible layers.")


# -- export options ---------------------------------------------------------------------------------
def _export(window, qtbot, monkeypatch, path: Path, fill) -> None:
    monkeypatch.setattr(file_dialogs, "ask_export_path", lambda parent, hint: path)
    shown = answer_next_dialog(fill)
    window.action("file.export").trigger()
    assert shown, "no options dialog"
    qtbot.waitUntil(lambda: path.exists() and not window.is_busy, timeout=10_000)


def test_export_offers_jpeg_quality_and_metadata(window, qtbot, monkeypatch, tmp_path, coffee):
    exif = Image.Exif()
    exif[0x010F] = "Kintsugi test camera"  # Make
    source = tmp_path / "camera.jpg"
    Image.fromarray(coffee).save(source, quality=95, exif=exif.tobytes())
    window.open_path_now(source)

    def options(quality: int, keep: bool):
        def fill(dialog) -> None:
            assert not dialog.png_box.isVisibleTo(dialog) and dialog.quality_box.isVisibleTo(dialog)
            dialog.quality_box.setValue(quality)
            dialog.metadata_box.setChecked(keep)
        return fill

    low, high = tmp_path / "low.jpg", tmp_path / "high.jpg"
    _export(window, qtbot, monkeypatch, low, options(20, False))
    _export(window, qtbot, monkeypatch, high, options(95, True))
    assert low.stat().st_size * 2 < high.stat().st_size
    with Image.open(low) as a, Image.open(high) as b:
        assert 0x010F not in a.getexif() and b.getexif()[0x010F] == "Kintsugi test camera"
        error = np.abs(np.asarray(a, np.int16) - coffee).mean(), np.abs(np.asarray(b, np.int16) - coffee).mean()
    assert error[1] < error[0]
    assert window.files.export_options.quality == 95  # offered again next time


def test_export_png_compression_level(window, qtbot, monkeypatch, tmp_path, astronaut):
    window.open_image_as_new_document(astronaut, "Astronaut")

    def level(value: int):
        def fill(dialog) -> None:
            assert dialog.png_box.isVisibleTo(dialog) and not dialog.quality_box.isVisibleTo(dialog)
            dialog.png_box.setValue(value)
        return fill

    fast, small = tmp_path / "fast.png", tmp_path / "small.png"
    _export(window, qtbot, monkeypatch, fast, level(0))
    _export(window, qtbot, monkeypatch, small, level(9))
    assert small.stat().st_size < fast.stat().st_size * 0.8
    for path in (fast, small):
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(path.read_bytes())))[..., :3], astronaut)


def test_cancelled_export_options_write_nothing(window, monkeypatch, tmp_path, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    path = tmp_path / "never.webp"
    monkeypatch.setattr(file_dialogs, "ask_export_path", lambda parent, hint: path)
    shown = answer_next_dialog(lambda dialog: None, accept=False)
    window.action("file.export").trigger()
    assert shown and shown[0].lossless_box.isVisibleTo(shown[0])  # WebP shows lossless
    assert not window.is_busy and not path.exists()


# -- view and help ----------------------------------------------------------------------------------
def test_before_after_menu_and_tool_bar_button_are_one_switch(window, coffee):
    window.open_image_as_new_document(coffee, "Coffee")
    entry = window.action("view.before_after")
    entry.trigger()
    assert window.compare_view.split_enabled and window.compare_action.isChecked()
    window.compare_action.trigger()
    assert not window.compare_view.split_enabled and not entry.isChecked()
    window.set_language("zh_CN")  # menus are rebuilt: the new entry is still tied to the button
    try:
        window.action("view.before_after").trigger()
        assert window.compare_view.split_enabled
    finally:
        window.set_language("en")


def test_full_screen_toggles(window, qtbot):
    entry = window.action("view.full_screen")
    assert entry.shortcut() == QKeySequence("F11")
    entry.trigger()
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    entry.trigger()
    qtbot.waitUntil(lambda: not window.windowState() & Qt.WindowState.WindowFullScreen)
    assert not entry.isChecked()


def test_every_dock_is_in_view_panels(window):
    from PySide6.QtWidgets import QDockWidget

    menu, _anchor = window.action_table.slots["panels"]
    in_menu = set(map(id, menu.actions()))
    docks = window.findChildren(QDockWidget)
    assert {"navigatorDock", "colorDock", "layersDock"} <= {d.objectName() for d in docks}
    assert all(id(d.toggleViewAction()) in in_menu for d in docks)
    navigator = window.findChild(QDockWidget, "navigatorDock")
    navigator.toggleViewAction().trigger()
    assert navigator.isHidden()


def test_keyboard_shortcuts_lists_every_action_with_its_keys(window, qtbot):
    rows = shortcut_rows(window)
    listed = {(text, keys) for _where, text, keys in rows}
    for key, action in window.action_table.actions.items():
        if action.isVisible() and action.text() and not key.startswith("file.recent"):
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            assert (plain(action.text()), keys) in listed, key
    assert ("Layer ▸ Mask", "Feather Mask", "") in rows
    assert any(text == "Brush" and keys == "B" for _w, text, keys in rows)  # a tool, outside the menus
    window.action("help.shortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.filter_edit.setText("f11")
    assert dialog.visible_rows() == [("Full Screen", "F11")]
    dialog.close()


def test_about_names_the_version(window, monkeypatch):
    with open(ROOT / "pyproject.toml", "rb") as handle:
        assert tomllib.load(handle)["project"]["version"] == __version__
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.about", staticmethod(lambda p, t, text: shown.append(text)))
    window.action("help.about").trigger()
    assert f"Version {__version__}" in shown[0]
