"""The tool bar (one checkable button per tool, with its shortcut) and the tool-options bar, whose controls
are built from the current tool's ``options()``: engine-style Params bound to the tool's values."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QToolBar, QToolButton, QWidget

from widgets.param_panel import INT_LIMIT
from widgets.theme import themed_icon
from widgets.tools.base import BaseTool, ToolManager, ToolOption

# resources/icons/NAME.svg for each tool (drawn in the theme's colour); the full title is the tooltip.
TOOL_ICONS = {
    "move": "tool-move", "rect_select": "tool-rect-select", "ellipse_select": "tool-ellipse-select",
    "lasso": "tool-lasso", "polygon_lasso": "tool-polygon-lasso", "magic_wand": "tool-magic-wand",
    "smart_select": "tool-smart-select",
    "crop": "tool-crop", "straighten": "tool-straighten", "perspective": "tool-perspective",
    "brush": "tool-brush", "eraser": "tool-eraser", "mask_brush": "tool-mask-brush",
    "mask_eraser": "tool-mask-eraser", "clone": "tool-clone", "heal": "tool-heal", "spot_heal": "tool-spot-heal",
    "fill": "tool-fill", "gradient": "tool-gradient",
    "eyedropper": "tool-eyedropper",
}
ICON_SIZE = 24  # inside a ~32-px button
ICON_PROPERTY = "themed_icon"  # an action's icon name, so the icons can be redrawn when the theme changes
# qt-material's tool buttons are touch-sized (12-px side borders, 36-px height); keep its colours (the checked
# button's coloured right border included) but make the tool buttons compact (about 32 px).
_COMPACT_BUTTONS = """
QToolButton { margin: 1px; padding: 1px; border-left-width: 3px; border-right-width: 3px; height: 24px; }
"""


class ToolBar(QToolBar):
    """One exclusive, checkable action per tool; its shortcut switches to the tool."""

    def __init__(self, manager: ToolManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme_refresh_pending = False
        self.setObjectName("toolsBar")
        self.manager = manager
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setStyleSheet(_COMPACT_BUTTONS)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.tool_actions: dict[str, QAction] = {}
        for name, tool in manager.tools.items():
            action = QAction(self)
            icon = TOOL_ICONS.get(name)
            if icon is not None:
                action.setProperty(ICON_PROPERTY, icon)
                action.setIcon(themed_icon(icon))
            else:  # a tool without an icon yet: a short text label
                action.setIconText(name[:2])
            action.setCheckable(True)
            action.setData(name)
            if tool.shortcut:
                keys = tool.shortcut if isinstance(tool.shortcut, list) else [tool.shortcut]
                action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _c=False, n=name: manager.set_tool(n))
            self.group.addAction(action)
            self.addAction(action)
            self.tool_actions[name] = action
        manager.toolChanged.connect(self._sync)
        self.retranslate()
        if manager.current is not None:
            self._sync(manager.current.name)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tools"))
        for name, action in self.tool_actions.items():
            tool = self.manager.tools[name]
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setText(tool.title())  # menus and accessibility; the button itself shows only the icon
            action.setToolTip(f"{tool.title()} ({keys})" if keys else tool.title())
            action.setStatusTip(tool.title())

    def actionEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Every button (tools, and actions added later such as Before/After) is icon-only and about 32 px."""
        super().actionEvent(event)
        if event.type() == QEvent.Type.ActionAdded:
            button = self.widgetForAction(event.action())
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
                button.setMinimumSize(32, 32)

    def apply_theme(self) -> None:
        """Redraw the icons in the current theme's colour."""
        self._theme_refresh_pending = False
        for action in self.actions():
            name = action.property(ICON_PROPERTY)
            if name:
                action.setIcon(themed_icon(str(name)))

    def _sync(self, name: str) -> None:
        action = self.tool_actions.get(name)
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.StyleChange and not self._theme_refresh_pending:
            # A theme switch restyles the application before it records the theme's name: redraw afterwards.
            self._theme_refresh_pending = True
            QTimer.singleShot(0, self, self.apply_theme)
        super().changeEvent(event)


class ToolOptionsBar(QToolBar):
    """Controls for the current tool, built from its options' Params; rebuilt when the tool changes,
    refreshed when options change. int: a spin box over the Param's range, float: a spin box showing
    ``to_display`` of the value, both with the Param's unit; bool: a check box; choice: a combo box of the
    choices. Labels are translated in the tool's text context."""

    def __init__(self, manager: ToolManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolOptionsBar")
        self.manager = manager
        self.controls: dict[str, QWidget] = {}
        self._options: list[ToolOption] = []
        self._title = QLabel(self)
        manager.toolChanged.connect(lambda _n: self.rebuild())
        manager.ctx.optionsChanged.connect(self.refresh)
        self.setWindowTitle(self.tr("Tool Options"))
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        self.controls = {}
        tool: BaseTool | None = self.manager.current
        self._options = tool.options() if tool is not None else []
        self._title = QLabel(f" {tool.title()} " if tool is not None else "", self)
        self._title.setObjectName("toolTitle")
        self.addWidget(self._title)
        if tool is None:
            return
        for option in self._options:
            if option.param.kind != "bool":
                self.addWidget(QLabel(f" {tool.text(option.param.label)} ", self))
            widget = self._make(tool, option)
            widget.setObjectName(f"option_{option.key}")
            self.controls[option.key] = widget
            self.addWidget(widget)

    def _make(self, tool: BaseTool, option: ToolOption) -> QWidget:
        param = option.param
        widget: QWidget
        if param.kind == "bool":
            box = QCheckBox(tool.text(param.label), self)
            box.toggled.connect(option.apply)
            widget = box
        elif param.kind == "choice":
            combo = QComboBox(self)
            for choice in param.choices:
                combo.addItem(tool.text(param.choice_label(choice)), choice)
            combo.currentIndexChanged.connect(lambda _i, c=combo, o=option: o.apply(c.currentData()))
            widget = combo
        elif param.kind in ("int", "float"):
            widget = self._spin_box(option)
        else:
            raise ValueError(f"option {param.name!r}: the tool-options bar has no control for {param.kind!r}")
        self._show(option, widget)
        return widget

    def _spin_box(self, option: ToolOption) -> QSpinBox | QDoubleSpinBox:
        param = option.param
        low = param.to_display(param.minimum if param.minimum is not None else -INT_LIMIT)
        high = param.to_display(param.maximum if param.maximum is not None else INT_LIMIT)
        spin: QSpinBox | QDoubleSpinBox
        if param.kind == "int":
            spin = QSpinBox(self)
            spin.setRange(int(low), int(high))
            spin.setSingleStep(max(1, int(param.step or 1)))
        else:
            step = param.to_display(param.step or 0.01)
            decimals = max(0, -math.floor(math.log10(step) + 1e-9))
            spin = QDoubleSpinBox(self)
            spin.setDecimals(decimals)
            unit = 10.0 ** -decimals  # the range in shown steps, inside the Param's (so coerce accepts it)
            spin.setRange(math.ceil(low / unit - 1e-9) * unit, math.floor(high / unit + 1e-9) * unit)
            spin.setSingleStep(step)
        spin.setKeyboardTracking(False)
        spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if param.unit:
            spin.setSuffix(f" {param.unit}")
        spin.valueChanged.connect(lambda v, o=option: o.apply(o.param.from_display(v)))
        return spin

    @staticmethod
    def _show(option: ToolOption, widget: QWidget) -> None:
        """Show the tool's value in its control without calling back into the tool."""
        widget.blockSignals(True)
        value = option.get()
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(option.param.to_display(value)))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(float(option.param.to_display(value)))
        widget.blockSignals(False)

    def refresh(self) -> None:
        """Show values changed from elsewhere (keyboard shortcuts) without rebuilding."""
        for option in self._options:
            widget = self.controls.get(option.key)
            if widget is not None:
                self._show(option, widget)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Tool Options"))
            self.rebuild()
        super().changeEvent(event)
