"""The Image menu through the GUI: Free Rotate's live canvas preview and its one undo step, the Straighten
and Perspective tools on real photos of prints, Trim, Scale's percentage and resampling, Canvas Size's
anchor."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app import canvas_ops, straighten
from app.compositor import render_sources, sources_of
from app.document import Document
from app.perspective import rectified_size
from tests.app.scenes import QUAD, photographed, tilted_on_table, top_edge
from widgets.rotate_dialog import FreeRotateDialog
from widgets.size_dialog import SizeDialog
from widgets.tool_bar import TOOL_ICONS
from widgets.tools.base import ToolEvent


def composite(doc: Document) -> np.ndarray:
    return render_sources(sources_of(doc.layers), doc.canvas_rect)


def grab(canvas) -> np.ndarray:
    image = canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def when_dialog_opens(qtbot, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog, then press its OK (a real exec() would block)."""
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        act(dialog)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, step)


def drag(tool, points) -> None:
    tool.on_press(ToolEvent(*points[0]))
    for p in points[1:-1]:
        tool.on_move(ToolEvent(*p))
    tool.on_release(ToolEvent(*points[-1]))


def test_free_rotate_previews_on_the_canvas_and_applies_one_step(window, qtbot, coffee):
    doc = window.open_image_as_new_document(coffee, "Coffee")
    window.canvas.fit_to_view()
    window.canvas.flush()
    before = grab(window.canvas)
    dialog = FreeRotateDialog(window, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.angle_box.setValue(15)
    dialog.fit_box.setCurrentIndex(dialog.fit_box.findData("keep"))
    assert dialog.slider.value() == 150  # the slider follows the angle
    assert dialog.new_size() == (600, 400)
    shown = grab(window.canvas)
    corner = window.canvas.image_to_view(QPointF(3, 3)).toPoint()
    # The preview turned the picture: its top-left corner now shows the checkerboard, not the coffee.
    assert np.abs(shown[corner.y(), corner.x()].astype(int) - before[corner.y(), corner.x()]).max() > 30
    assert np.array_equal(doc.layers[0].pixels[..., :3], coffee)  # the document is untouched
    expected = Document.from_image(coffee)
    straighten.rotate_free(expected, 15, "keep", "bicubic").run()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(doc.history) == 1, timeout=20000)
    assert doc.size == (600, 400) and not window.is_busy
    assert np.array_equal(doc.layers[0].pixels, expected.layers[0].pixels)
    assert dialog.paint_preview not in window.overlay_host.painters
    window.action("edit.undo").trigger()
    assert np.array_equal(doc.layers[0].pixels[..., :3], coffee)


def test_free_rotate_from_the_menu_expands_the_canvas_and_cancel_changes_nothing(window, qtbot, chelsea):
    doc = window.open_image_as_new_document(chelsea, "Cat")
    free_rotate = window.action("image.free_rotate")
    dialog = FreeRotateDialog(window, window)
    qtbot.addWidget(dialog)
    dialog.angle_box.setValue(-20)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert doc.size == (451, 300) and len(doc.history) == 0

    when_dialog_opens(qtbot, lambda d: d.angle_box.setValue(-20))
    free_rotate.trigger()
    qtbot.waitUntil(lambda: len(doc.history) == 1, timeout=20000)
    expected = straighten.rotation(451, 300, -20, "expand")[1:]
    assert doc.size == expected and doc.history.undo_name == "Rotate"


def test_straighten_tool_levels_a_tilted_print(rig, coffee):
    manager, load = rig
    scene = tilted_on_table(coffee, -2.5)
    doc = load(scene)
    tool = manager.set_tool("straighten")
    tool.crop = True
    start, end = top_edge(scene, (scene.shape[1] // 2 - 200, scene.shape[1] // 2 + 200))
    drag(tool, [start, ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2), end])
    assert abs(tool.last_angle - 2.5) < 0.2
    assert len(doc.history) == 1 and doc.history.undo_name == "Straighten"
    assert composite(doc)[..., 3].min() == 255  # no transparent corner left
    drag(tool, [(10, 10), (11, 10)])  # a click, not a line: nothing happens, no message
    assert len(doc.history) == 1 and not manager.ctx.errors


def test_straighten_with_the_mouse_in_the_window(window, qtbot, coffee):
    scene = tilted_on_table(coffee, 4.0)
    doc = window.open_image_as_new_document(scene, "Tilted")
    canvas = window.canvas
    canvas.actual_pixels()
    window.action("image.straighten").trigger()
    assert window.tools.current.name == "straighten"
    window.tools.current.crop = False
    start, end = top_edge(scene, (scene.shape[1] // 2 - 120, scene.shape[1] // 2 + 120))
    a, b = (canvas.image_to_view(QPointF(*p)).toPoint() for p in (start, end))
    vp = canvas.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 6):
        QTest.mouseMove(vp, a + (b - a) * (i / 5))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    qtbot.waitUntil(lambda: len(doc.history) == 1, timeout=20000)
    assert abs(window.tools.current.last_angle + 4.0) < 0.3  # whole screen pixels at 100 %
    assert doc.size == straighten.rotation(scene.shape[1], scene.shape[0], window.tools.current.last_angle)[1:]


def test_perspective_tool_finds_the_print_and_rectifies_it(rig, astronaut):
    manager, load = rig
    scene = photographed(astronaut)
    doc = load(scene)
    tool = manager.set_tool("perspective")
    assert tool.found and np.abs(tool.corners - QUAD).max() < 1.0
    found = tool.corners.copy()
    # Drag the top-left handle away and back with Escape; then drag it exactly onto the corner.
    drag(tool, [tuple(found[0]), (60.0, 40.0)])
    assert tuple(tool.corners[0]) == (60.0, 40.0)
    assert tool.key_press(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert np.array_equal(tool.corners, found)
    drag(tool, [tuple(found[0] + 3), tuple(QUAD[0])])
    assert tuple(tool.corners[0]) == tuple(QUAD[0])
    assert tool.wants_key(Qt.Key.Key_Return)
    assert tool.key_press(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert doc.size == rectified_size(np.vstack([QUAD[:1], found[1:]]))
    assert len(doc.history) == 1 and doc.history.undo_name == "Perspective Correction"
    assert not tool.wants_key(Qt.Key.Key_Return)  # done: Enter means the menus' Enter again


def test_perspective_tool_starts_on_the_image_corners_when_there_is_no_print(rig, coffee):
    manager, load = rig
    load(coffee)
    tool = manager.set_tool("perspective")
    assert not tool.found
    assert np.array_equal(tool.corners, [[0, 0], [600, 0], [600, 400], [0, 400]])


def test_trim_from_the_menu(window, qtbot, chelsea):
    framed = np.full((300 + 30, 451 + 50, 3), 250, np.uint8)
    framed[10:310, 20:471] = chelsea
    doc = window.open_image_as_new_document(framed, "Scan")
    seen = {}
    when_dialog_opens(qtbot, lambda d: seen.setdefault("result", d.result_label.text()))
    window.action("image.trim").trigger()
    assert seen["result"] == "451 × 300 pixels"
    assert doc.size == (451, 300) and np.array_equal(composite(doc)[..., :3], chelsea)


def test_scale_dialog_percentage_and_resampling(window, qtbot, astronaut):
    doc = window.open_image_as_new_document(astronaut, "Astronaut")
    dialog = SizeDialog("Scale", 512, 512, True, window, percent=True, resampling=True)
    qtbot.addWidget(dialog)
    dialog.percent_box.setValue(50)
    assert dialog.size_value() == (256, 256)
    dialog.width_box.setValue(128)
    assert dialog.percent_box.value() == 25 and dialog.size_value() == (128, 128)

    def choose(d) -> None:
        d.percent_box.setValue(200)
        d.resampling_box.setCurrentIndex(d.resampling_box.findData("nearest"))

    when_dialog_opens(qtbot, choose)
    window.action("image.scale").trigger()
    qtbot.waitUntil(lambda: len(doc.history) == 1, timeout=20000)
    assert doc.size == (1024, 1024)
    assert np.array_equal(doc.layers[0].pixels[..., :3], np.repeat(np.repeat(astronaut, 2, axis=0), 2, axis=1))


def test_canvas_size_dialog_anchor(window, qtbot, chelsea):
    doc = window.open_image_as_new_document(chelsea, "Cat")

    def enlarge(d) -> None:
        d.width_box.setValue(551)
        d.height_box.setValue(400)
        d.anchor_grid.buttons["bottom-right"].click()

    when_dialog_opens(qtbot, enlarge)
    window.action("image.canvas_size").trigger()
    assert doc.size == (551, 400)
    out = composite(doc)
    assert np.array_equal(out[100:, 100:, :3], chelsea) and out[:100, :, 3].max() == 0
    canvas_ops.resize_canvas(doc, 451, 300, "bottom-right")  # and back, as the app layer does it
    assert np.array_equal(composite(doc)[..., :3], chelsea)


def test_image_menu_entries_and_tool_icons(window, chelsea):
    image_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Image" in a.text())
    rotate_menu = next(a.menu() for a in image_menu.actions() if a.menu() and "Rotate" in a.text())
    assert window.action("image.free_rotate") in rotate_menu.actions()
    assert window.action("image.straighten") in rotate_menu.actions()
    assert window.action("image.trim") in image_menu.actions()
    assert not window.action("image.trim").isEnabled()  # no document yet
    window.open_image_as_new_document(chelsea, "Cat")
    assert window.action("image.trim").isEnabled()
    window.action("image.perspective").trigger()
    assert window.tools.current.name == "perspective"
    for name in ("straighten", "perspective"):
        assert name in TOOL_ICONS
        assert not window.tool_bar.tool_actions[name].icon().isNull()


def test_free_rotate_works_while_the_window_waits_and_lands_as_one_step(window, qtbot, coffee):
    big = np.ascontiguousarray(np.tile(coffee, (6, 6, 1)))  # 3600 x 2400: resampling takes a while
    doc = window.open_image_as_new_document(big, "Big")
    when_dialog_opens(qtbot, lambda d: d.angle_box.setValue(7))
    window.action("image.free_rotate").trigger()
    # The dialog is closed and the UI thread is free again before the turned planes exist: the result
    # can only land through the event loop, so the window shows it is busy and takes no edits meanwhile.
    assert window.is_busy and not window.canvas.isEnabled() and not window.layers_panel.isEnabled()
    assert len(doc.history) == 0 and doc.size == (3600, 2400)
    qtbot.waitUntil(lambda: len(doc.history) == 1, timeout=60000)
    assert not window.is_busy and window.canvas.isEnabled()
    assert doc.size == straighten.rotation(3600, 2400, 7, "expand")[1:] and doc.history.undo_name == "Rotate"
