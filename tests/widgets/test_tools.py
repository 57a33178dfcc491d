"""Canvas tools: driven in image coordinates (logic level) and with real mouse/key events on the window."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QMessageBox, QSpinBox

from app import layer_ops, selection_ops
from app.brush import MAX_SIZE
from app.document import Document
from app.settings import Settings, reset_app_settings
from engines.params import Param, ParamError, check_params
from widgets.canvas_view import CanvasView
from widgets.doc_bridge import DocBridge
from widgets.tools import brush_tool, gradient_tool
from widgets.tools.base import BaseTool, ToolContext, ToolEvent, ToolOption

# -- logic level: a canvas without a window, tools driven with ToolEvents -----------------------------


def drag(tool, points, **mods):
    tool.on_press(ToolEvent(*points[0], **mods))
    for p in points[1:-1]:
        tool.on_move(ToolEvent(*p, **mods))
    tool.on_release(ToolEvent(*points[-1], **mods))


def test_brush_stroke_is_one_step_and_shift_click_draws_a_line(rig):
    manager, load = rig
    doc = load(np.full((100, 200, 3), 255, np.uint8))
    brush = manager.set_tool("brush")
    brush.settings.size, brush.settings.hardness = 8, 1.0
    manager.ctx.colors.set_foreground((0, 0, 255))
    drag(brush, [(20.5, 20.5), (40.5, 20.5), (60.5, 20.5)])
    assert len(doc.history) == 1
    px = doc.layers[0].pixels
    assert tuple(px[20, 40, :3]) == (0, 0, 255)
    # Shift+click: straight line from the end of the last stroke to the click.
    drag(brush, [(60.5, 80.5)], shift=True)
    assert len(doc.history) == 2
    assert tuple(px[50, 60, :3]) == (0, 0, 255) and tuple(px[50, 30, :3]) == (255, 255, 255)


def test_alt_click_with_the_brush_picks_the_colour(rig, coffee):
    manager, load = rig
    doc = load(coffee)
    brush = manager.set_tool("brush")
    drag(brush, [(123.5, 77.5)], alt=True)
    assert manager.ctx.colors.fg_rgb() == tuple(int(v) for v in coffee[77, 123])
    assert len(doc.history) == 0


def test_mask_brush_creates_a_mask_and_paints_it(rig, chelsea):
    manager, load = rig
    doc = load(chelsea)
    tool = manager.set_tool("mask_brush")
    tool.settings.size, tool.settings.hardness = 10, 1.0
    drag(tool, [(50, 50), (100, 50)])
    assert doc.active_mask is not None and doc.active_mask.name == "Mask"
    assert doc.active_mask.data[50, 75] == 255 and doc.active_mask.data[80, 75] == 0
    assert doc.history.names == ["Add Mask", "Mask Brush"]
    np.testing.assert_array_equal(doc.layers[0].pixels[..., :3], chelsea)


def test_size_and_hardness_keys_change_the_brush(rig):
    manager, load = rig
    load(np.zeros((10, 10, 3), np.uint8))
    brush = manager.set_tool("brush")
    brush.settings.size, brush.settings.hardness = 50, 0.5
    brush.change_size(+1)
    assert brush.settings.size == 55
    brush.change_size(-1)
    brush.change_size(-1)
    assert brush.settings.size < 50
    brush.change_hardness(+1)
    assert brush.settings.hardness == pytest.approx(0.6)


def test_locked_layer_reports_a_message_instead_of_raising(rig):
    manager, load = rig
    doc = load(np.zeros((40, 40, 3), np.uint8))
    layer_ops.set_layer_locked(doc, None, True)
    brush = manager.set_tool("brush")
    brush.press(QPointF(10, 10), _mouse(Qt.KeyboardModifier.NoModifier))
    assert manager.ctx.errors and "locked" in manager.ctx.errors[-1]
    assert doc.history.transaction is None


def _mouse(mods):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(0, 0), QPointF(0, 0), Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, mods)


def test_selection_tools_combine_with_modifiers(rig):
    manager, load = rig
    doc = load(np.zeros((100, 100, 3), np.uint8))
    rect = manager.set_tool("rect_select")
    drag(rect, [(10, 10), (50, 50)])
    assert selection_ops.bounds(doc.selection) == (10, 10, 40, 40)
    drag(rect, [(40, 40), (80, 80)], shift=True)  # add
    assert (doc.selection > 0).sum() == 1600 + 1600 - 100
    drag(rect, [(0, 0), (30, 100)], alt=True)  # subtract
    assert selection_ops.bounds(doc.selection) == (30, 10, 50, 70)
    drag(rect, [(60, 60), (100, 100)], shift=True, alt=True)  # intersect
    assert selection_ops.bounds(doc.selection) == (60, 60, 20, 20)
    drag(rect, [(5, 5)])  # a click deselects
    assert doc.selection is None
    ellipse = manager.set_tool("ellipse_select")
    drag(ellipse, [(0, 0), (100, 100)])
    assert doc.selection[50, 50] == 255 and doc.selection[2, 2] == 0
    lasso = manager.set_tool("lasso")
    drag(lasso, [(10, 10), (90, 10), (90, 90), (10, 90)])
    assert selection_ops.bounds(doc.selection) == (10, 10, 80, 80)


def test_polygon_lasso_closes_on_double_click_and_enter(rig):
    manager, load = rig
    doc = load(np.zeros((100, 100, 3), np.uint8))
    poly = manager.set_tool("polygon_lasso")
    for p in [(10, 10), (90, 10), (90, 90), (10, 90)]:
        poly.on_press(ToolEvent(*p))
        poly.on_release(ToolEvent(*p))
    assert doc.selection is None  # still open
    poly.on_press(ToolEvent(10, 90, double=True))  # Qt: press, release, double-click at the last corner
    assert selection_ops.bounds(doc.selection) == (10, 10, 80, 80)
    assert (doc.selection == 255).sum() == 80 * 80
    for p in [(0, 0), (50, 0), (0, 50)]:
        poly.on_press(ToolEvent(*p, alt=True))
    assert poly.key_press(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert doc.selection[12, 12] == 0 and doc.selection[80, 80] == 255  # alt: subtracted


def test_magic_wand_tool_and_fill_tool(rig):
    manager, load = rig
    image = np.zeros((60, 60, 3), np.uint8)
    image[:, 30:] = (200, 10, 10)
    doc = load(image)
    wand = manager.set_tool("magic_wand")
    wand.tolerance = 5
    drag(wand, [(45, 20)])
    assert selection_ops.bounds(doc.selection) == (30, 0, 30, 60)
    layer_ops.set_selection(doc, None)
    fill = manager.set_tool("fill")
    manager.ctx.colors.set_foreground((0, 255, 0))
    drag(fill, [(10, 10)])
    px = doc.layers[0].pixels
    assert tuple(px[5, 5, :3]) == (0, 255, 0) and tuple(px[5, 45, :3]) == (200, 10, 10)


def test_crop_with_aspect_move_and_clone_tools(rig, astronaut):
    manager, load = rig
    doc = load(astronaut)
    crop = manager.set_tool("crop")
    crop.aspect = "16:9"
    drag(crop, [(0, 0), (320, 100)])
    assert crop.key_press(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert (doc.width, doc.height) == (320, 180)
    doc.history.undo()
    move = manager.set_tool("move")
    drag(move, [(100, 100), (110.2, 103.7), (120.4, 95.1)])
    assert doc.layers[0].offset == (20, -5)
    clone = manager.set_tool("clone")
    clone.settings.size, clone.settings.hardness = 20, 1.0
    drag(clone, [(50, 50)], alt=True)
    drag(clone, [(250, 250), (260, 250)])
    px = doc.layers[0].pixels  # layer moved by (20, -5): canvas (x, y) is layer (x - 20, y + 5)
    assert np.array_equal(px[250 + 5, 250 - 20:261 - 20, :3], astronaut[50 + 5, 50 - 20:61 - 20])


# -- the installed window: real mouse and key events ---------------------------------------------------------

# -- tools that run engine jobs ---------------------------------------------------------------------
@pytest.fixture
def job_rig(qtbot, monkeypatch, tmp_path):
    import threading

    from app.jobs import JobManager
    from engines.runtime import get_cache
    from tests.engines.standin_models import StandinHooks, install_standin_models, register_standin_engines

    install_standin_models(monkeypatch, tmp_path)
    register_standin_engines(monkeypatch)
    gate = threading.Event()
    StandinHooks.on_tile = lambda tag, n: gate.wait(10)
    jobs = JobManager()
    bridge = DocBridge()
    canvas = CanvasView(bridge)
    qtbot.addWidget(canvas)
    ctx = ToolContext(canvas, job_manager=jobs)
    bridge.attach(Document.from_image(np.full((40, 40, 3), 90, np.uint8)))
    yield ctx, bridge, gate
    gate.set()
    jobs.shutdown()
    StandinHooks.reset()
    get_cache().release_all()


def test_a_tool_job_result_arrives_when_the_document_is_unchanged(job_rig, qtbot):
    ctx, bridge, gate = job_rig
    results, stale = [], []
    job = ctx.submit_job("standin-conv", ctx.document.layers[0].pixels, {}, results.append, on_stale=stale.append)
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert len(results) == 1 and results[0].image.shape == (40, 40, 3) and stale == []


def test_a_stale_tool_job_result_is_not_applied(job_rig, qtbot):
    ctx, bridge, gate = job_rig
    results, stale = [], []
    job = ctx.submit_job("standin-conv", ctx.document.layers[0].pixels, {}, results.append, on_stale=stale.append)
    layer_ops.add_layer(ctx.document)  # the user painted on while the engine ran
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert results == [] and stale == [job]


def test_a_tool_job_result_arrives_for_its_document_while_another_is_shown(job_rig, qtbot):
    ctx, bridge, gate = job_rig
    results, stale = [], []
    started_on = ctx.document
    job = ctx.submit_job("standin-conv", started_on.layers[0].pixels, {}, results.append, on_stale=stale.append)
    bridge.attach(Document.from_image(np.zeros((40, 40, 3), np.uint8)))  # another tab is shown meanwhile
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert job.target is started_on and len(results) == 1 and stale == []


def test_a_failed_tool_job_is_reported(job_rig, qtbot):
    ctx, bridge, gate = job_rig
    job = ctx.submit_job("standin-conv", ctx.document.layers[0].pixels, {}, lambda r: None, model_id="standin-missing")
    with qtbot.waitSignal(job.failed, timeout=20000):
        pass
    assert ctx.errors and "not installed" in ctx.errors[-1]


# -- options: engine-style Params bound to the tool, and the options bar built from them ---------------
def _options_bar(qtbot, manager):
    from widgets.tool_bar import ToolOptionsBar

    bar = ToolOptionsBar(manager)
    qtbot.addWidget(bar)
    return bar


def test_every_tool_option_is_a_param_and_the_bar_builds_its_control_from_it(rig, qtbot):
    manager, _load = rig
    bar = _options_bar(qtbot, manager)
    with_options = 0
    for name, tool in manager.tools.items():
        manager.set_tool(name)
        options = tool.options()
        with_options += bool(options)
        assert all(isinstance(o, ToolOption) and isinstance(o.param, Param) for o in options), name
        check_params(tuple(o.param for o in options))  # no duplicate names
        assert list(bar.controls) == [o.key for o in options], name
        for option in options:
            param, control = option.param, bar.controls[option.key]
            where = (name, param.name)
            assert param.coerce(param.default) == param.default, where  # the default is a valid value
            if param.kind == "int":
                assert type(control) is QSpinBox, where
                assert (control.minimum(), control.maximum()) == (param.minimum, param.maximum), where
                assert control.value() == option.get(), where
            elif param.kind == "float":
                assert type(control) is QDoubleSpinBox, where
                assert control.minimum() == pytest.approx(param.minimum * param.display_scale), where
                assert control.maximum() == pytest.approx(param.maximum * param.display_scale), where
                assert control.value() == pytest.approx(option.get() * param.display_scale, abs=0.5), where
            elif param.kind == "bool":
                assert type(control) is QCheckBox and control.text() == tool.text(param.label), where
                assert control.isChecked() == option.get(), where
            else:
                assert param.kind == "choice" and type(control) is QComboBox, where
                assert [control.itemData(i) for i in range(control.count())] == list(param.choices), where
                assert [control.itemText(i) for i in range(control.count())] == [
                    tool.text(param.choice_label(c)) for c in param.choices], where
                assert control.currentData() == option.get(), where
            if param.kind in ("int", "float"):
                assert control.suffix() == (f" {param.unit}" if param.unit else ""), where
    assert with_options >= 10  # selection tools, crop, brushes, clone, fill, gradient
    manager.set_tool("brush")
    assert bar.controls["size"].suffix() == " px" and bar.controls["hardness"].suffix() == " %"
    assert bar.controls["spacing"].minimum() == 1 and bar.controls["spacing"].maximum() == 200


def test_a_changed_control_sets_the_coerced_value(rig, qtbot):
    manager, _load = rig
    calls: list[tuple[str, object]] = []
    params = (Param("count", "int", 3, "Size", minimum=1, maximum=9, unit="px"),
              brush_tool.HARDNESS, Param("on", "bool", False, "Aligned"), gradient_tool.KIND)

    class Probe(BaseTool):
        name = "probe"

        def options(self) -> list[ToolOption]:
            return [ToolOption(p, lambda p=p: p.default, lambda v, p=p: calls.append((p.name, v)))
                    for p in params]

    manager.add(Probe(manager.ctx))
    manager.set_tool("probe")
    bar = _options_bar(qtbot, manager)
    assert calls == []  # building the bar sets nothing
    bar.controls["count"].setValue(7)
    bar.controls["hardness"].setValue(37)  # shown in per cent
    bar.controls["on"].setChecked(True)
    bar.controls["kind"].setCurrentIndex(1)
    assert calls == [("count", 7), ("hardness", pytest.approx(0.37)), ("on", True), ("kind", "radial")]
    assert [type(v) for _n, v in calls] == [int, float, bool, str]
    bar.controls["count"].setValue(20)  # the spin box keeps to the Param's range
    assert calls[-1] == ("count", 9)


def test_the_real_tools_take_the_bar_s_values_and_refuse_out_of_range_ones(rig, qtbot):
    manager, _load = rig
    bar = _options_bar(qtbot, manager)
    brush = manager.set_tool("brush")
    bar.controls["size"].setValue(55)
    bar.controls["smoothing"].setValue(40)
    assert brush.settings.size == 55.0 and isinstance(brush.settings.size, float)
    assert brush.settings.smoothing == pytest.approx(0.4)
    size = next(o for o in brush.options() if o.key == "size")
    with pytest.raises(ParamError, match="above the maximum"):
        size.param.coerce(MAX_SIZE + 1)
    with pytest.raises(ParamError, match="below the minimum"):
        size.apply(0)
    assert brush.settings.size == 55.0  # a refused value changes nothing
    spacing = next(o for o in brush.options() if o.key == "spacing")
    with pytest.raises(ParamError):
        spacing.apply(2.5)
    wand = manager.set_tool("magic_wand")
    bar.controls["mode"].setCurrentIndex(bar.controls["mode"].findData("subtract"))
    bar.controls["feather"].setValue(12)
    assert wand.mode is selection_ops.Mode.SUBTRACT and wand.feather == 12.0
    with pytest.raises(ParamError, match="not one of"):
        next(o for o in wand.options() if o.key == "mode").apply("xor")
    crop = manager.set_tool("crop")
    bar.controls["aspect"].setCurrentIndex(bar.controls["aspect"].findData("4:3"))
    bar.controls["portrait"].setChecked(True)
    assert (crop.aspect, crop.portrait) == ("4:3", True)
    assert bar.controls["aspect"].itemText(0) == "Free"


def test_every_tool_option_label_is_in_the_catalogue(rig):
    import xml.etree.ElementTree as ET

    from app.i18n import ts_path

    root = ET.parse(ts_path("zh_CN")).getroot()
    catalogue = {(c.findtext("name"), m.findtext("source")) for c in root.findall("context")
                 for m in c.findall("message")}
    manager, _load = rig
    missing = []
    for tool in manager.tools.values():
        for option in tool.options():
            param = option.param
            texts = [param.label, *(param.choice_label(c) for c in param.choices)]
            missing += [(tool.text_context, t) for t in texts
                        if any(ch.isalpha() for ch in t) and (tool.text_context, t) not in catalogue]
    assert not missing, missing


def test_the_engine_dialog_shows_a_tool_param_the_same_way(qtbot):
    """One schema: the engine dialog's editors honour the unit, the display scale and the choice labels."""
    from widgets.param_panel import ParamPanel

    panel = ParamPanel((brush_tool.HARDNESS, gradient_tool.KIND))
    qtbot.addWidget(panel)
    spin = panel.editor_widget("hardness").findChild(QDoubleSpinBox)
    assert (spin.minimum(), spin.maximum(), spin.suffix()) == (0, 100, " %")
    assert spin.value() == pytest.approx(80)
    spin.setValue(25)
    assert panel.values()["hardness"] == pytest.approx(0.25)
    combo = panel.editor_widget("kind")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Linear", "Radial"]
    assert panel.values()["kind"] == "linear"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("KINTSUGI_DATA", str(tmp_path / "data"))
    settings = Settings()
    reset_app_settings(settings)
    for kind in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    from widgets.main_window import MainWindow

    win = MainWindow(settings, autosave=False, remember_state=False)  # installs the tools itself
    assert win.tools is not None
    qtbot.addWidget(win)
    win.resize(1100, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.document is not None:
        win.document.history.mark_clean()
    win.close()
    reset_app_settings(None)


def _view_point(canvas, x: float, y: float) -> QPoint:
    return canvas.image_to_view(QPointF(x, y)).toPoint()


def _grab(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4] \
        .reshape(image.height(), image.width(), 4).copy()


def test_mouse_stroke_on_the_canvas_paints_soft_pixels_and_undoes(window, qtbot):
    doc = Document.from_image(np.full((300, 400, 3), 255, np.uint8))
    window.set_document(doc)
    canvas = window.canvas
    canvas.actual_pixels()
    window.tools.set_tool("brush")
    brush = window.tools.current
    brush.settings.size, brush.settings.hardness, brush.settings.spacing = 20, 0.5, 0.1
    window.colors.set_foreground((200, 0, 0))
    before = doc.layers[0].pixels.copy()
    vp = canvas.viewport()
    a, b = _view_point(canvas, 100, 150), _view_point(canvas, 300, 150)
    assert canvas.view_to_image(QPointF(a)).y() == 150  # 100 %: whole pixels map exactly
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, 11):
        QTest.mouseMove(vp, a + (b - a) * (i / 10))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    px = doc.layers[0].pixels
    assert tuple(px[150, 200, :3]) == (200, 0, 0)  # centre opaque
    # Row 159 (centre 9.5 px from the stroke) lies in the soft rim: partly painted; row 161 is outside.
    edge = px[159, 200, :3].astype(int)
    assert 30 < edge[1] < 240 and edge[0] >= 200 and edge[1] == edge[2]
    assert tuple(px[161, 200, :3]) == (255, 255, 255)
    assert len(doc.history) == 1
    shown = canvas.composite()
    assert tuple(shown[150, 200, :3]) == (200, 0, 0)  # the canvas repainted the stroke
    window.action("edit.undo").trigger()
    assert np.array_equal(doc.layers[0].pixels, before)


def test_shortcuts_switch_tools_and_colours(window, qtbot):
    window.set_document(Document.from_image(np.zeros((50, 50, 3), np.uint8)))
    window.canvas.setFocus()
    QTest.keyClick(window, Qt.Key.Key_E)
    assert window.tools.current.name == "eraser"
    QTest.keyClick(window, Qt.Key.Key_W)
    assert window.tools.current.name == "magic_wand"
    assert window.tool_options_bar.controls.keys() >= {"tolerance", "contiguous"}
    window.colors.set_foreground((10, 20, 30))
    QTest.keyClick(window, Qt.Key.Key_X)
    assert window.colors.bg_rgb() == (10, 20, 30)
    QTest.keyClick(window, Qt.Key.Key_D)
    assert window.colors.fg_rgb() == (0, 0, 0) and window.colors.bg_rgb() == (255, 255, 255)
    QTest.keyClick(window, Qt.Key.Key_B)
    size = window.tools.current.settings.size
    QTest.keyClick(window, Qt.Key.Key_BracketRight)
    assert window.tools.current.settings.size > size
    assert window.tool_options_bar.controls["size"].value() == int(round(window.tools.current.settings.size))


def test_magic_wand_click_selects_and_marching_ants_run(window, qtbot):
    image = np.zeros((200, 300, 3), np.uint8)
    image[50:150, 100:200] = (255, 255, 0)
    doc = Document.from_image(image)
    window.set_document(doc)
    canvas = window.canvas
    window.tools.set_tool("magic_wand")
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _view_point(canvas, 150.5, 100.5))
    assert selection_ops.bounds(doc.selection) == (100, 50, 100, 100)
    ants = window.marching_ants
    assert ants.timer.isActive() and not ants.path().isEmpty()
    box = ants.path().boundingRect()
    assert abs(box.left() - 100.5) < 1e-6 and abs(box.width() - 99) < 1e-6
    offset = ants.offset
    qtbot.wait(300)
    assert ants.offset != offset  # animated
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert doc.selection is None and not ants.timer.isActive()


def test_compare_view_shows_the_original_while_backslash_is_held(window, qtbot):
    doc = Document.from_image(np.full((200, 200, 3), 255, np.uint8))
    window.set_document(doc)
    canvas = window.canvas
    canvas.actual_pixels()
    window.tools.set_tool("brush")
    brush = window.tools.current
    brush.settings.size, brush.settings.hardness = 60, 1.0
    window.colors.set_foreground((0, 0, 0))
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _view_point(canvas, 100, 100))
    assert doc.layers[0].pixels[100, 100, 0] == 0
    p = _view_point(canvas, 100, 100)
    assert _grab(canvas.viewport())[p.y(), p.x(), 0] < 30  # the stroke shows
    canvas.setFocus()
    QTest.keyPress(canvas, Qt.Key.Key_Backslash)
    assert window.compare_view.holding
    assert _grab(canvas.viewport())[p.y(), p.x(), 0] > 225  # the original (white) shows
    QTest.keyRelease(canvas, Qt.Key.Key_Backslash)
    assert not window.compare_view.holding
    # Split view: the original left of the line, the current image right of it.
    window.compare_view.set_split_enabled(True)
    window.compare_view.set_split(0.5)
    left, right = _view_point(canvas, 90, 100), _view_point(canvas, 110, 100)
    shot = _grab(canvas.viewport())
    assert shot[left.y(), left.x(), 0] > 225 and shot[right.y(), right.x(), 0] < 30
    # Dragging the line moves it (and does not paint).
    steps = len(doc.history)
    vp = canvas.viewport()
    line = QPoint(round(window.compare_view.split_view_x()), p.y() + 50)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, line)
    QTest.mouseMove(vp, line + QPoint(40, 0))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, line + QPoint(40, 0))
    assert window.compare_view.split == pytest.approx(0.7, abs=0.02)
    assert len(doc.history) == steps


def test_navigator_shows_and_moves_the_visible_area(window, qtbot, astronaut):
    window.set_document(Document.from_image(astronaut))
    canvas = window.canvas
    canvas.set_zoom(8.0)
    from widgets.navigator import Navigator

    navigator = window.findChild(Navigator)
    assert navigator is not None
    visible = navigator.visible_rect()
    assert visible.width() < 512 / 2
    target = navigator.image_rect()
    navigator.center_on(QPointF(target.left() + target.width() * 0.25, target.top() + target.height() * 0.6))
    centre = navigator.visible_rect().center()
    assert abs(centre.x() - 128) < 4 and abs(centre.y() - 307) < 4


def test_tablet_pressure_reaches_the_brush_and_hover_moves_the_outline(window, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    doc = Document.from_image(np.full((200, 300, 3), 255, np.uint8))
    window.set_document(doc)
    canvas = window.canvas
    canvas.actual_pixels()
    window.tools.set_tool("brush")
    brush = window.tools.current
    brush.settings.size, brush.settings.hardness, brush.settings.pressure_size = 40, 1.0, True
    vp = canvas.viewport()
    hover = _view_point(canvas, 50, 60)
    QTest.mouseMove(vp, hover)
    assert brush.hover == pytest.approx((50, 60), abs=0.01)
    stylus = QPointingDevice("test stylus", 99, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                             QInputDevice.Capability.Pressure | QInputDevice.Capability.Position, 1, 3)
    at = QPointF(_view_point(canvas, 100, 100))
    event = QTabletEvent(QEvent.Type.TabletPress, stylus, at, vp.mapToGlobal(at), 0.25, 0, 0, 0, 0, 0,
                         Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
    QApplication.sendEvent(vp, event)
    assert window.tool_context.tablet_down and window.tool_context.pressure == pytest.approx(0.25)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at.toPoint())
    painted = (doc.layers[0].pixels[:, 100, 0] < 128).sum()
    assert painted == pytest.approx(10, abs=1)  # 40 px at a quarter pressure


def test_space_drag_pans_even_when_a_panel_has_focus(qtbot, window):
    """Krita's behaviour: after a click in the layers panel, Space-drag pans the canvas and paints nothing."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    doc = Document.from_image(np.full((600, 800, 3), 255, np.uint8))
    window.set_document(doc)
    canvas = window.canvas
    canvas.set_zoom(4.0)
    window.tools.set_tool("brush")
    before = doc.layers[0].pixels.copy()
    start = (canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value())
    panel = window.layers_panel.tree
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    QTest.keyPress(panel, Qt.Key.Key_Space)
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    QTest.mouseMove(viewport, QPoint(200, 220))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 220))
    QTest.keyRelease(panel, Qt.Key.Key_Space)
    assert (canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()) != start
    assert np.array_equal(doc.layers[0].pixels, before)
