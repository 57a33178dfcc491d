"""The Smart Select tool on a real photo: a box and clicks give a selection once the worker's prediction
lands (GrabCut, no model needed), a background click takes a part away, Escape leaves nothing, a commit is
one undo step, and the UI thread keeps running while the engine works."""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer

from app import selection_ops
from widgets.tools.base import ToolEvent

TIMEOUT_MS = 60_000
CUP = (170, 10, 420, 300)  # skimage's coffee: a box around the cup (and the spoon leaning on it)
INSIDE_CUP = (290, 140)  # the coffee in the cup
SPOON = (365, 285)  # the spoon's bowl, inside the box
TABLE = (40, 380)  # the table, far outside the box


def _smart(rig, image):
    manager, load = rig
    doc = load(image)
    tool = manager.set_tool("smart_select")
    tool.method = "grabcut"  # the same with or without models installed
    return doc, tool


def _landed(qtbot, tool) -> np.ndarray:
    qtbot.waitUntil(lambda: not tool.busy, timeout=TIMEOUT_MS)
    assert tool.mask is not None and not tool.ctx.errors
    return tool.mask


def _on(plane, xy) -> bool:
    return bool(plane[xy[1], xy[0]] > 127)


def test_box_and_click_select_the_cup_as_one_undo_step(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.set_box(*CUP)
    tool.add_point(*INSIDE_CUP)
    mask = _landed(qtbot, tool)
    assert _on(mask, INSIDE_CUP) and not _on(mask, TABLE)
    assert doc.selection is None  # only shown until committed
    steps = len(doc.history.names)
    assert tool.wants_key(Qt.Key.Key_Return)
    assert tool.key_press(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert doc.history.names[steps:] == ["Smart Select"]
    assert np.array_equal(doc.selection > 0, mask > 0)
    assert 0.05 < (doc.selection > 0).mean() < 0.5
    assert not tool.has_prompts and not tool.wants_key(Qt.Key.Key_Return)
    doc.history.undo()
    assert doc.selection is None


def test_a_background_click_takes_the_spoon_away(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.set_box(*CUP)
    before = _landed(qtbot, tool).copy()
    assert _on(before, SPOON)
    tool.on_press(ToolEvent(*SPOON, alt=True))
    tool.on_release(ToolEvent(*SPOON, alt=True, button=False))
    assert tool.points == [(*SPOON, False)]
    after = _landed(qtbot, tool)
    assert not _on(after, SPOON) and _on(after, INSIDE_CUP)
    assert (after > 0).sum() < (before > 0).sum()
    assert not ((after > 0) & (before == 0)).sum() > 0.01 * (before > 0).sum()  # it only shrank


def test_escape_leaves_no_selection_and_no_step(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.on_press(ToolEvent(*CUP[:2]))
    tool.on_move(ToolEvent(*CUP[2:]))
    tool.on_release(ToolEvent(*CUP[2:], button=False))
    assert tool.box == CUP
    _landed(qtbot, tool)
    steps = list(doc.history.names)
    assert tool.wants_key(Qt.Key.Key_Escape)
    tool.key_press(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not tool.has_prompts and tool.mask is None
    tool.key_press(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)  # nothing left to commit
    assert doc.selection is None and doc.history.names == steps


def test_shift_adds_to_the_selection_and_a_double_click_commits(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    selection_ops.apply_selection(doc, selection_ops.rect_mask((doc.height, doc.width), (0, 0, 60, 60)))
    tool.on_press(ToolEvent(*CUP[:2], shift=True))
    tool.on_release(ToolEvent(*CUP[2:], shift=True, button=False))
    tool.on_press(ToolEvent(*INSIDE_CUP, double=True))  # the second press of a double click
    qtbot.waitUntil(lambda: doc.history.names[-1] == "Smart Select", timeout=TIMEOUT_MS)
    assert _on(doc.selection, (10, 10)) and _on(doc.selection, INSIDE_CUP)  # the old and the new
    doc.history.undo()
    assert _on(doc.selection, (10, 10)) and not _on(doc.selection, INSIDE_CUP)


def test_refine_edge_on_commit_softens_only_the_edge(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.refine_edge = True
    tool.set_box(*CUP)
    hard = _landed(qtbot, tool).copy()
    tool.commit()
    qtbot.waitUntil(lambda: doc.selection is not None, timeout=TIMEOUT_MS)
    soft = (doc.selection > 0) & (doc.selection < 255)
    assert soft.sum() > 100
    edge = selection_ops.grow(hard, 10) > selection_ops.shrink(hard, 10)
    assert not (soft & ~edge).any()  # fractional only near the edge
    assert len([n for n in doc.history.names if n == "Smart Select"]) == 1


def test_predictions_run_off_the_ui_thread_and_the_newest_wins(rig, qtbot, coffee):
    doc, tool = _smart(rig, np.ascontiguousarray(np.repeat(np.repeat(coffee, 3, 0), 3, 1)))  # 1800 x 1200
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    answers: list[int] = []
    tool.worker.ready.connect(lambda rid, _result, _extra: answers.append(rid))
    started = time.monotonic()
    tool.set_box(*(3 * v for v in CUP))  # opens the session first: long enough for the next click to wait
    tool.add_point(*(3 * v for v in SPOON), foreground=False)
    assert time.monotonic() - started < 0.2  # both returned at once: the work is on the worker thread
    mask = _landed(qtbot, tool)
    timer.stop()
    assert len([t for t in ticks if t < started + tool.worker.last_ms / 1000]) >= 3  # the event loop ran
    assert answers == [tool.worker.latest]  # the first answer was stale and dropped
    assert not _on(mask, tuple(3 * v for v in SPOON)) and _on(mask, tuple(3 * v for v in INSIDE_CUP))


def test_the_session_goes_with_the_tool_and_the_document(rig, qtbot, coffee, chelsea):
    manager, load = rig
    doc, tool = _smart(rig, coffee)
    tool.set_box(*CUP)
    _landed(qtbot, tool)
    assert tool.worker.wait() and tool.worker._session is not None
    manager.set_tool("brush")
    assert tool.worker._session is None and not tool.has_prompts
    manager.set_tool("smart_select")
    tool.set_box(*CUP)
    _landed(qtbot, tool)
    other = load(chelsea)  # a new document: the old prompts do not apply to it
    tool.on_press(ToolEvent(100, 100))
    assert tool.box is None and tool._doc is other
    tool.on_release(ToolEvent(100, 100, button=False))
    _landed(qtbot, tool)
    assert tool.mask.shape == chelsea.shape[:2] and doc.selection is None


def test_painting_the_layer_predicts_again_on_the_new_pixels(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.set_box(*CUP)
    _landed(qtbot, tool)
    first = tool.worker._session
    layer = doc.active_layer
    with doc.history.paint(layer.uid, "Paint") as tx:  # a blue patch on the saucer
        tx.touch(None)
        tx.array[250:290, 180:230, :3] = (20, 40, 250)
    doc.notify("pixels", doc.layer_rect(layer))
    assert tool.mask is None and tool.has_prompts  # the old answer is of the old pixels
    qtbot.waitUntil(lambda: tool.mask is not None and not tool.busy, timeout=TIMEOUT_MS)
    assert tool.worker.wait()
    session = tool.worker._session
    assert session is not first and tuple(session.image[260, 200]) == (20, 40, 250)


def test_painting_over_the_spoon_with_alt_takes_it_away_and_backspace_brings_it_back(rig, qtbot, coffee):
    doc, tool = _smart(rig, coffee)
    tool.set_box(*CUP)
    before = _landed(qtbot, tool).copy()
    assert _on(before, SPOON)  # GrabCut from the box alone keeps the spoon leaning on the cup
    tool.drag, tool.brush_size = "brush", 14
    x, y = SPOON
    tool.on_press(ToolEvent(x - 20, y - 6, alt=True))
    for dx in range(-18, 22, 4):  # a scribble over the spoon's bowl
        tool.on_move(ToolEvent(x + dx, y + (dx % 8) - 4, alt=True))
    tool.on_release(ToolEvent(x + 20, y + 4, alt=True))
    assert len(tool.strokes) == 1 and not tool.strokes[0][1]
    after = _landed(qtbot, tool).copy()
    assert not _on(after, SPOON) and _on(after, INSIDE_CUP)
    assert tool.key_press(Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
    assert tool.strokes == [] and _on(_landed(qtbot, tool), SPOON)
