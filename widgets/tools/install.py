"""``install_tools(window)``: adds the painting and selection tools to a MainWindow.

Uses only the window's public surface: ``window.canvas`` (its ``set_tool``, viewport and mapping),
``window.bridge``, ``window.document``, ``window.job_manager``, ``addToolBar``, ``addDockWidget``,
``addAction`` and ``show_error``.
Afterwards the window has ``tools`` (the ToolManager), ``tool_context``, ``colors``, ``compare_view``,
``marching_ants``, ``tool_bar`` and ``tool_options_bar`` attributes.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from widgets.color_panel import ColorModel, ColorPanel
from widgets.compare_view import CompareView
from widgets.navigator import Navigator
from widgets.theme import themed_icon
from widgets.tool_bar import ICON_PROPERTY, ToolBar, ToolOptionsBar
from widgets.tools.base import ToolContext, ToolManager, tr
from widgets.tools.brush_tool import BrushTool
from widgets.tools.clone_tool import CloneTool
from widgets.tools.crop_tool import CropTool
from widgets.tools.eyedropper import EyedropperTool
from widgets.tools.fill_tool import FillTool
from widgets.tools.gradient_tool import GradientTool
from widgets.tools.heal_tools import HealingBrushTool, SpotHealTool
from widgets.tools.move_tool import MoveTool
from widgets.tools.overlay import MarchingAnts, OverlayHost, canvas_transform
from widgets.tools.perspective_tool import PerspectiveTool
from widgets.tools.selection_tools import EllipseSelectTool, LassoTool, MagicWandTool, PolygonLassoTool, RectSelectTool
from widgets.tools.smart_select_tool import SmartSelectTool
from widgets.tools.straighten_tool import StraightenTool

DEFAULT_TOOL = "brush"


def build_tools(ctx: ToolContext) -> ToolManager:
    """Every tool, in tool-bar order."""
    manager = ToolManager(ctx, ctx)
    for tool in (
        MoveTool(ctx), RectSelectTool(ctx), EllipseSelectTool(ctx), LassoTool(ctx), PolygonLassoTool(ctx),
        MagicWandTool(ctx), SmartSelectTool(ctx), CropTool(ctx), StraightenTool(ctx), PerspectiveTool(ctx),
        BrushTool(ctx, "brush"), BrushTool(ctx, "eraser"),
        BrushTool(ctx, "mask_brush"), BrushTool(ctx, "mask_eraser"), CloneTool(ctx), HealingBrushTool(ctx),
        SpotHealTool(ctx), FillTool(ctx), GradientTool(ctx), EyedropperTool(ctx),
    ):
        manager.add(tool)
    return manager


class CanvasInput(QObject):
    """Event filter on the canvas and its viewport: tablet pressure for the tools, and the keys tools use
    while the canvas has focus (Enter, Escape, Backspace)."""

    def __init__(self, manager: ToolManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        canvas = manager.ctx.canvas
        canvas.installEventFilter(self)
        canvas.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        ctx = self.manager.ctx
        kind = event.type()
        if kind in (QEvent.Type.TabletPress, QEvent.Type.TabletMove):
            ctx.pressure = float(event.pressure())
            ctx.tablet_down = kind == QEvent.Type.TabletPress or ctx.tablet_down
            return False  # not accepted: Qt turns it into the mouse event the canvas handles
        if kind == QEvent.Type.TabletRelease:
            ctx.tablet_down = False
            ctx.pressure = 1.0
            return False
        current = self.manager.current
        if kind == QEvent.Type.ShortcutOverride and watched is ctx.canvas and current is not None:
            if current.wants_key(event.key()):
                event.accept()  # delivered as a key press to the tool instead of triggering a shortcut
                return True
            return False
        if kind == QEvent.Type.KeyPress and watched is ctx.canvas and current is not None:
            return current.key_press(event.key(), event.modifiers())
        return False


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - marks a text translated later with tr()
    return text


class _LanguageWatcher(QObject):
    """Calls ``retranslate`` when the window gets a LanguageChange (the language was switched)."""

    def __init__(self, window: Any, retranslate: Callable[[], None]) -> None:
        super().__init__(window)
        self._retranslate = retranslate

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False


def _dock(window: Any, name: str, title: str, widget: Any, area: Qt.DockWidgetArea) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def _add_action(window: Any, text: str, keys: list[str], slot: Callable[[], Any]) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    action.triggered.connect(lambda *_: window.guarded(slot))  # errors become a message
    window.addAction(action)
    return action


def install_tools(window: Any) -> ToolManager:
    """Add tools, tool bars, colour panel, navigator, compare view and their shortcuts to ``window``."""
    canvas = window.canvas
    bridge = window.bridge
    colors = ColorModel(window)
    ctx = ToolContext(canvas, colors, window.show_error, window, job_manager=window.job_manager,
                      run_busy=lambda *work: window.files.run_io(*work))
    host = OverlayHost(canvas)
    manager = build_tools(ctx)
    host.add(lambda painter, c: manager.current.paint_overlay(painter, canvas_transform(c))
             if manager.current is not None else None)
    ants = MarchingAnts(canvas, bridge, host, window)
    compare = CompareView(canvas, bridge, host, window, window)
    CanvasInput(manager, window)
    manager.set_tool(DEFAULT_TOOL)

    tool_bar = ToolBar(manager, window)
    window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, tool_bar)
    options_bar = ToolOptionsBar(manager, window)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, options_bar)
    compare_action = QAction(tr("Before/After"), window)
    compare_action.setCheckable(True)
    compare_action.setProperty(ICON_PROPERTY, "compare")  # the tool bar redraws it when the theme changes
    compare_action.setIcon(themed_icon("compare"))
    compare_action.setToolTip(tr("Show the original left of a split line (hold \\ to see it all)"))
    compare_action.toggled.connect(compare.set_split_enabled)
    tool_bar.addSeparator()
    tool_bar.addAction(compare_action)

    color_dock = _dock(window, "colorDock", tr("Colours"), ColorPanel(colors), Qt.DockWidgetArea.RightDockWidgetArea)
    nav_dock = _dock(window, "navigatorDock", tr("Navigator"), Navigator(canvas, bridge),
                     Qt.DockWidgetArea.RightDockWidgetArea)
    # Join the window's tab group (History / Jobs / Faces) so the right column fits a 900-px-high screen.
    group = [d for d in (getattr(window, n, None) for n in ("history_dock", "jobs_dock", "faces_dock")) if d]
    if group:
        window.tabifyDockWidget(group[-1], nav_dock)
        window.tabifyDockWidget(nav_dock, color_dock)
        group[0].raise_()

    def brush_call(method: str, direction: int) -> Callable[[], None]:
        def run() -> None:
            tool = manager.current
            if hasattr(tool, method):
                getattr(tool, method)(direction)
        return run

    shortcut_actions = [(_add_action(window, tr(text), keys, slot), text) for text, keys, slot in (
        (QT_TR_NOOP("Swap Colours"), ["X"], colors.swap),
        (QT_TR_NOOP("Default Colours"), ["D"], colors.reset),
        (QT_TR_NOOP("Smaller Brush"), ["["], brush_call("change_size", -1)),
        (QT_TR_NOOP("Larger Brush"), ["]"], brush_call("change_size", +1)),
        (QT_TR_NOOP("Softer Brush"), ["Shift+[", "{", "Shift+{"], brush_call("change_hardness", -1)),
        (QT_TR_NOOP("Harder Brush"), ["Shift+]", "}", "Shift+}"], brush_call("change_hardness", +1)),
    )]

    def retranslate() -> None:
        compare_action.setText(tr("Before/After"))
        compare_action.setToolTip(tr("Show the original left of a split line (hold \\ to see it all)"))
        color_dock.setWindowTitle(tr("Colours"))
        nav_dock.setWindowTitle(tr("Navigator"))
        for action, text in shortcut_actions:
            action.setText(tr(text))

    window.installEventFilter(_LanguageWatcher(window, retranslate))

    window.tools = manager
    window.tool_context = ctx
    window.colors = colors
    window.compare_view = compare
    window.compare_action = compare_action
    window.marching_ants = ants
    window.overlay_host = host
    window.tool_bar = tool_bar
    window.tool_options_bar = options_bar
    return manager
