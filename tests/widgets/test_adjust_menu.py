"""Image ▸ Adjust: one entry per group of the adjust engine's params, each a dialog of that group only,
applied as one undo step; and the command line's `run adjust`."""
from __future__ import annotations

import numpy as np
from PIL import Image

from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 30_000


def _loaded(window, qtbot):
    qtbot.waitUntil(window.engines.is_loaded, timeout=TIMEOUT_MS)


def test_levels_entry_opens_a_dialog_of_the_levels_group_and_applies_one_step(window, qtbot, coffee):
    _loaded(window, qtbot)
    doc = window.open_image_as_new_document(coffee, "Coffee")
    steps = len(doc.history.names)
    image_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Image")
    adjust = next(a.menu() for a in image_menu.actions() if a.menu() is not None and a.text() == "Adjust")
    entries = [a.text() for a in adjust.actions()]
    assert {"Levels…", "Hue/Saturation…", "Denoise…", "Sharpen…", "Remove Colour Cast…", "Auto Tone…"} <= set(entries)
    window.action("engine.adjust.Levels").trigger()
    dialog = window.findChild(EngineDialog)
    assert dialog is not None and dialog.windowTitle() == "Levels"
    assert dialog.panel.names() == ["black_point", "white_point", "gamma"]
    assert dialog.result_mode() == "replace"  # adjustments change the layer in place by default
    dialog.set_value("black_point", 40)
    dialog.set_value("white_point", 200)
    qtbot.waitUntil(lambda: dialog.preview_image is not None and dialog.options()["black_point"] == 40
                    and dialog.preview_image.min() == 0, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert len(doc.layers) == 1
    result = doc.layers[-1].pixels[:, :, :3]
    assert result[coffee <= 40].max() == 0 and result[coffee >= 200].min() == 255
    doc.history.undo()
    assert np.array_equal(doc.layers[-1].pixels[:, :, :3], coffee)


def test_run_adjust_on_the_command_line(tmp_path, coffee):
    from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli

    source, out = tmp_path / "in.png", tmp_path / "out.png"
    Image.fromarray(coffee).save(source)
    argv = ["run", "adjust", str(source), "-o", str(out), "--levels", "40,200,1", "--sharpen", "0.5"]
    assert run_cli(argv) == EXIT_OK
    result = np.asarray(Image.open(out))
    assert result[coffee <= 30].max() == 0 and result.shape == coffee.shape
    assert run_cli(["run", "adjust", str(source), "-o", str(out), "--levels", "200,40,1"]) == EXIT_BAD_INPUT


def _adjust_entries(window) -> list[str]:
    image_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Image")
    adjust = next(a.menu() for a in image_menu.actions() if a.menu() is not None and a.text() == "Adjust")
    return [a.text() for a in adjust.actions()]


def _open_group(window, qtbot, coffee, group):
    _loaded(window, qtbot)
    doc = window.open_image_as_new_document(coffee, "Coffee")
    window.action(f"engine.adjust.{group}").trigger()
    dialog = next(d for d in window.findChildren(EngineDialog) if d.isVisible())  # earlier ones are closed
    assert dialog.windowTitle() == group
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    return doc, dialog


def _apply(dialog, doc, qtbot):
    steps = len(doc.history.names)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert len(doc.layers) == 1
    return doc.layers[-1].pixels[:, :, :3]


def test_curves_dialog_edits_the_curve_with_the_mouse_and_applies_its_lookup_table(window, qtbot, coffee):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from engines.adjust.engine import parse_curve
    from engines.adjust.point import apply_curve, points_curve
    from widgets.curves_widget import AdjustExtra

    doc, dialog = _open_group(window, qtbot, coffee, "Curves")
    extra = dialog.extra
    assert isinstance(extra, AdjustExtra) and extra.isVisibleTo(dialog) and extra.editor.isVisibleTo(dialog)
    assert dialog.panel.names() == []  # the curve is no text field
    assert dialog.options()["curve"] == "" and np.array_equal(dialog.preview_image, dialog.small)
    editor = extra.editor
    assert editor.points() == [(0, 0), (255, 255)]
    index = editor.add_point(128, 128)
    editor.move_point(index, 100, 170)
    assert dialog.options()["curve"] == "0,0;100,170;255,255"
    qtbot.waitUntil(lambda: dialog.preview_image.mean() > dialog.small.mean() + 15, timeout=TIMEOUT_MS)
    # A real drag: the point at (100, 170) is pulled down to about (100, 60).
    editor.resize(300, 300)
    start = editor.to_widget(100, 170).toPoint()
    end = editor.to_widget(100, 60).toPoint()
    QTest.mousePress(editor, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(editor, QPoint(start.x(), start.y() + (end.y() - start.y()) * step // 5))
    QTest.mouseRelease(editor, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    (_, _), (x, y), (_, _) = editor.points()
    assert abs(x - 100) <= 2 and abs(y - 60) <= 2, editor.points()
    assert dialog.options()["curve"] == editor.text()
    qtbot.waitUntil(lambda: dialog.preview_image.mean() < dialog.small.mean() - 15, timeout=TIMEOUT_MS)
    # Right-click removes an inner point, never an end point.
    QTest.mouseClick(editor, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     editor.to_widget(0, 0).toPoint())
    assert len(editor.points()) == 3
    text = dialog.options()["curve"]
    result = _apply(dialog, doc, qtbot)
    expected = apply_curve(coffee, points_curve(parse_curve(text)))
    assert not np.array_equal(expected, coffee) and np.array_equal(result, expected)
    doc.history.undo()
    assert np.array_equal(doc.layers[-1].pixels[:, :, :3], coffee)


def test_curves_per_channel_and_dragging_a_point_out_removes_it(window, qtbot, coffee):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    doc, dialog = _open_group(window, qtbot, coffee, "Curves")
    extra = dialog.extra
    extra.set_channel("r")
    extra.editor.add_point(128, 200)
    assert dialog.options()["curve_r"] == "0,0;128,200;255,255" and dialog.options()["curve"] == ""
    extra.set_channel("rgb")
    assert extra.editor.points() == [(0, 0), (255, 255)]  # each channel its own curve
    extra.set_channel("r")
    assert extra.editor.points() == [(0, 0), (128, 200), (255, 255)]
    extra.editor.resize(300, 300)
    start = extra.editor.to_widget(128, 200).toPoint()
    QTest.mousePress(extra.editor, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(extra.editor, QPoint(start.x(), -200))
    QTest.mouseRelease(extra.editor, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(start.x(), -200))
    assert extra.editor.points() == [(0, 0), (255, 255)] and dialog.options()["curve_r"] == ""
    extra.editor.add_point(128, 200)
    result = _apply(dialog, doc, qtbot)
    assert result[..., 0].mean() > coffee[..., 0].mean() + 20
    assert np.array_equal(result[..., 1:], coffee[..., 1:])


def test_equalise_black_and_white_invert_threshold_posterize_entries_apply_with_their_defaults(
        window, qtbot, coffee):
    from engines.adjust import color, local

    _loaded(window, qtbot)
    entries = _adjust_entries(window)
    assert {"Curves…", "Equalise…", "Black and White…", "Invert…", "Threshold…", "Posterize…"} <= set(entries)
    expected = {
        "Equalise": local.equalize(coffee),
        "Black and White": color.black_and_white(coffee, 0.3, 0.59, 0.11),
        "Invert": 255 - coffee,
        "Threshold": np.where(coffee >= 128, 255, 0).astype(np.uint8),
        "Posterize": (np.floor(coffee / 255 * 4).clip(0, 3) / 3 * 255).round().astype(np.uint8),
    }
    shown = {"Equalise": [], "Invert": [], "Black and White": ["bw_red", "bw_green", "bw_blue"],
             "Threshold": ["threshold_level"], "Posterize": ["posterize_levels"]}
    for group, pixels in expected.items():
        doc, dialog = _open_group(window, qtbot, coffee, group)
        assert dialog.panel.names() == shown[group]
        assert not dialog.extra.editor.isVisibleTo(dialog)
        assert not np.array_equal(pixels, coffee)
        assert np.array_equal(_apply(dialog, doc, qtbot), pixels), group
    # A value from the dialog is used: a red-only mix.
    doc, dialog = _open_group(window, qtbot, coffee, "Black and White")
    dialog.set_value("bw_green", 0.0)
    dialog.set_value("bw_blue", 0.0)
    result = _apply(dialog, doc, qtbot)
    assert np.array_equal(result[..., 0], coffee[..., 0]) and np.array_equal(result[..., 2], coffee[..., 0])


def test_other_groups_leave_the_new_operations_off(window, qtbot, coffee):
    doc, dialog = _open_group(window, qtbot, coffee, "Levels")
    assert not dialog.extra.isVisibleTo(dialog)
    options = dialog.options()
    assert options["dialog_group"] == "Levels" and not options["invert"] and options["curve"] == ""
    from engines.adjust.point import apply_curve, levels_curve

    dialog.set_value("gamma", 2.0)
    qtbot.waitUntil(lambda: dialog.options()["gamma"] == 2.0, timeout=TIMEOUT_MS)
    assert np.array_equal(_apply(dialog, doc, qtbot), apply_curve(coffee, levels_curve(gamma=2.0)))
