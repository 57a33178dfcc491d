"""Healing brush and spot healing brush as tools: driven with ToolEvents on a canvas (the spot heal's repairs
run as real inpaint jobs), and with the mouse and keys on the main window."""
from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtTest import QTest

from app import layer_ops
from app.document import Document
from widgets.tools.base import ToolEvent

SCRATCHES = (((20, 200), (100, 230)), ((300, 40), (380, 60)))  # chelsea: on the cat's even fur and the wall




def drag(tool, points, **mods):
    tool.on_press(ToolEvent(*points[0], **mods))
    for p in points[1:-1]:
        tool.on_move(ToolEvent(*p, **mods))
    tool.on_release(ToolEvent(*points[-1], **mods))


def _along(a, b, n=10):
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n + 1)]


def _scratched(clean, scratches=SCRATCHES):
    damaged = clean.copy()
    for a, b in scratches:
        cv2.line(damaged, a, b, (15, 10, 10), 3, cv2.LINE_AA)
    return damaged


def _damage_left(doc, clean, damaged, a, b):
    """Mean difference to the clean photo on the pixels the scratch from a to b changed."""
    only = np.zeros(clean.shape[:2], np.uint8)
    cv2.line(only, a, b, 1, 3, cv2.LINE_AA)
    scratch = only.astype(bool) & np.any(damaged != clean, axis=-1)
    return np.abs(doc.layers[0].pixels[..., :3][scratch].astype(int) - clean[scratch]).mean()


def _overlay(tool, size) -> np.ndarray:
    """The tool's overlay drawn at 100 % over a transparent image: its alpha, (h, w)."""
    tool.hover = None  # no brush outline
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    tool.paint_overlay(painter, QTransform())
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(rgba.constBits(), np.uint8).reshape(size[1], rgba.bytesPerLine())[:, :size[0] * 4] \
        .reshape(size[1], size[0], 4)[..., 3].copy()


SKY, SUIT = (385, 481), (289, 153)  # astronaut: dark textured sky, the bright even suit
CORE = (slice(149, 158), slice(295, 334))  # the middle of a 30-px stroke from SUIT 50 px to the right


def _heal_tool(manager):
    tool = manager.set_tool("heal")
    tool.settings.size, tool.settings.hardness = 30, 0.5
    drag(tool, [SKY], alt=True)
    return tool


def test_alt_click_then_a_healing_stroke_is_one_step_that_undo_takes_back(rig, qtbot, astronaut):
    manager, load = rig
    doc = load(astronaut)
    tool = _heal_tool(manager)
    assert tool.title() == "Healing Brush" and tool.shortcut == "Shift+J"
    assert {"size", "hardness", "aligned"} <= {o.key for o in tool.options()}
    assert len(doc.history) == 0
    drag(tool, _along(SUIT, (339, 153)))
    assert doc.history.names == ["Healing Brush"]  # the copy shows at once
    qtbot.waitUntil(lambda: not tool.blending, timeout=10_000)
    assert doc.history.names == ["Healing Brush"]  # the blend replaced it
    healed = doc.layers[0].pixels[..., :3]
    assert abs(healed[CORE].mean() - astronaut[CORE].mean()) < 6  # the suit's tone, not the sky's (~20)
    assert np.any(healed[CORE] != astronaut[CORE], axis=-1).mean() > 0.9  # with the sky's texture
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[..., :3], astronaut)
    assert (doc.layers[0].pixels[..., 3] == 255).all()


def test_quick_healing_strokes_are_all_blended_and_undo_before_a_blend_drops_it(rig, qtbot, astronaut):
    manager, load = rig
    doc = load(astronaut)
    tool = _heal_tool(manager)
    drag(tool, _along(SUIT, (339, 153)))
    drag(tool, _along((289, 190), (339, 190)))  # its press lands the first stroke's blend
    qtbot.waitUntil(lambda: not tool.blending, timeout=10_000)
    assert doc.history.names == ["Healing Brush"] * 2
    healed = doc.layers[0].pixels[..., :3]
    second = (slice(186, 195), CORE[1])
    for core in (CORE, second):
        assert abs(healed[core].mean() - astronaut[core].mean()) < 6
    drag(tool, _along((289, 120), (339, 120)))
    doc.history.undo()  # before the blend landed: it takes the copy back, and the blend is dropped
    qtbot.waitUntil(lambda: not tool.blending, timeout=10_000)
    assert np.array_equal(doc.layers[0].pixels[..., :3], healed)
    doc.history.redo()
    third = (slice(116, 125), CORE[1])
    assert doc.layers[0].pixels[..., :3][third].mean() < 100  # the plain copy of the sky, never blended


def test_a_healing_stroke_without_a_source_asks_for_one(rig, astronaut):
    manager, load = rig
    doc = load(astronaut)
    tool = manager.set_tool("heal")
    tool.press(QPointF(100, 100), _mouse_press())
    assert manager.ctx.errors and "Alt+click" in manager.ctx.errors[-1]
    assert doc.history.transaction is None and len(doc.history) == 0


def _mouse_press():
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(0, 0), QPointF(0, 0), Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_a_spot_heal_stroke_repairs_a_scratch_as_one_step_showing_an_overlay_meanwhile(rig, qtbot, chelsea):
    manager, load = rig
    damaged = _scratched(chelsea, SCRATCHES[:1])
    doc = load(damaged)
    tool = manager.set_tool("spot_heal")
    tool.settings.size = 9
    (a, b), = SCRATCHES[:1]
    drag(tool, _along(a, b))
    assert np.array_equal(doc.layers[0].pixels[..., :3], damaged)  # nothing painted into the layer
    assert len(tool.pending) == 1
    overlay = _overlay(tool, (451, 300))
    assert overlay[215, 60] > 50 and overlay[100, 300] == 0  # on the stroke, not elsewhere
    before = _damage_left(doc, chelsea, damaged, a, b)
    qtbot.waitUntil(lambda: not tool.pending, timeout=30_000)
    assert doc.history.names == ["Spot Healing Brush"]
    assert _damage_left(doc, chelsea, damaged, a, b) < before / 4
    assert (doc.layers[0].pixels[..., 3] == 255).all()
    assert not _overlay(tool, (451, 300)).any()
    doc.history.undo()
    assert np.array_equal(doc.layers[0].pixels[..., :3], damaged)


def test_two_quick_spot_heal_strokes_both_land(rig, qtbot, chelsea):
    manager, load = rig
    damaged = _scratched(chelsea)
    doc = load(damaged)
    tool = manager.set_tool("spot_heal")
    tool.settings.size = 9
    before = [_damage_left(doc, chelsea, damaged, a, b) for a, b in SCRATCHES]
    for a, b in SCRATCHES:  # the second starts before the first is repaired
        drag(tool, _along(a, b))
    assert len(tool.pending) == 2
    qtbot.waitUntil(lambda: not tool.pending, timeout=30_000)
    assert doc.history.names == ["Spot Healing Brush"] * 2
    after = [_damage_left(doc, chelsea, damaged, a, b) for a, b in SCRATCHES]
    assert all(now < then / 4 for now, then in zip(after, before))
    # Both were submitted against the same state: the second result found the first applied and was
    # computed again on the repaired pixels, rather than dropped.
    assert len(manager.ctx.job_manager.jobs()) == 3


def test_a_spot_heal_result_that_finds_another_edit_is_dropped(rig, qtbot, chelsea):
    manager, load = rig
    damaged = _scratched(chelsea, SCRATCHES[:1])
    doc = load(damaged)
    tool = manager.set_tool("spot_heal")
    tool.method = "telea"
    drag(tool, _along(*SCRATCHES[0]))
    assert manager.ctx.job_manager.jobs()[-1].model_id == "telea"
    layer_ops.add_layer(doc)  # the user went on with something else meanwhile
    qtbot.waitUntil(lambda: not tool.pending, timeout=30_000)
    assert manager.ctx.job_manager.wait(30)
    assert "Spot Healing Brush" not in doc.history.names
    assert np.array_equal(doc.layers[0].pixels[..., :3], damaged)
    assert not _overlay(tool, (451, 300)).any()


def test_spot_heal_keeps_alpha_and_refuses_a_locked_layer(rig, qtbot, chelsea):
    manager, load = rig
    damaged = np.dstack([_scratched(chelsea, SCRATCHES[:1]), np.full(chelsea.shape[:2], 180, np.uint8)])
    doc = load(damaged)
    tool = manager.set_tool("spot_heal")
    tool.settings.size = 9
    drag(tool, _along(*SCRATCHES[0]))
    qtbot.waitUntil(lambda: not tool.pending, timeout=30_000)
    assert doc.history.names == ["Spot Healing Brush"] and (doc.layers[0].pixels[..., 3] == 180).all()
    layer_ops.set_layer_locked(doc, None, True)
    tool.press(QPointF(60, 215), _mouse_press())
    assert manager.ctx.errors and "locked" in manager.ctx.errors[-1] and tool.footprint is None


# -- the main window --------------------------------------------------------------------------------------
def test_j_and_shift_j_choose_the_healing_tools_and_a_mouse_stroke_heals(window, qtbot, chelsea):
    damaged = _scratched(chelsea, SCRATCHES[:1])
    doc = Document.from_image(damaged)
    window.set_document(doc)
    canvas = window.canvas
    canvas.actual_pixels()
    canvas.setFocus()
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert window.tools.current.name == "heal"
    QTest.keyClick(window, Qt.Key.Key_J)
    tool = window.tools.current
    assert tool.name == "spot_heal" and window.tool_options_bar.controls["method"].currentText() == "Best available"
    tool.settings.size = 9
    (a, b), = SCRATCHES[:1]
    points = [canvas.image_to_view(QPointF(*p)).toPoint() for p in _along(a, b)]
    vp = canvas.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(vp, p)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
    before = np.abs(damaged.astype(int) - chelsea).sum()
    qtbot.waitUntil(lambda: doc.history.names == ["Spot Healing Brush"], timeout=30_000)
    assert np.abs(doc.layers[0].pixels[..., :3].astype(int) - chelsea).sum() < before / 3
    window.action("edit.undo").trigger()
    assert np.array_equal(doc.layers[0].pixels[..., :3], damaged)
