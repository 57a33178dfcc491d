"""Editors for engine parameters (engines.params.Param), built from the parameters alone.

Per kind: a slider with a spin box for bounded numbers, a spin box for the others, a check box, a combo
box, a line edit, a line edit with a file chooser for paths. Parameters sit in the main form or in a box
per ``group``; ``advanced`` ones (of any group) behind one "Advanced" expander; ``visible_when`` hides a
row while its condition does not hold. Numbers show the Param's ``unit`` and ``display_scale``. Labels, help,
choice labels and group titles are English source texts, translated in the "EngineParams" context.
"""
from __future__ import annotations

import math
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.texts import translator
from engines.params import Param

MAX_SLIDER_STEPS = 1000  # finer than this a slider cannot be placed by hand anyway
INT_LIMIT = 2**31 - 1

_tr = translator("ParamPanel")


def param_text(text: str) -> str:
    """An engine parameter's label, help, choice or group title in the interface language."""
    return QCoreApplication.translate("EngineParams", text) if text else ""


class _Editor:
    """One parameter's widget: the value in the Param's type, and a callback on every change."""

    def __init__(self, param: Param, widget: QWidget) -> None:
        self.param = param
        self.widget = widget
        self.widget.setToolTip(param_text(param.help))

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def on_change(self, fn: Callable[[], None]) -> None:
        raise NotImplementedError


class _SliderLink:
    """A slider that follows a spin box over [low, high] and sets it when dragged; the spin box holds
    the exact value (a slider has at most MAX_SLIDER_STEPS positions)."""

    def __init__(self, spin: QSpinBox | QDoubleSpinBox, low: float, high: float, step: float,
                 parent: QWidget) -> None:
        self.spin, self.low = spin, low
        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setRange(0, max(1, min(MAX_SLIDER_STEPS, round((high - low) / step))))
        self.step = (high - low) / self.slider.maximum()
        self.follow(spin.value())
        self.slider.valueChanged.connect(self._moved)
        spin.valueChanged.connect(self.follow)

    def _moved(self, position: int) -> None:
        value = self.low + position * self.step
        self.spin.setValue(round(value) if isinstance(self.spin, QSpinBox) else value)

    def follow(self, value: float) -> None:
        self.slider.blockSignals(True)  # moving the slider here must not round the spin box's value
        self.slider.setValue(round((value - self.low) / self.step))
        self.slider.blockSignals(False)


class _NumberEditor(_Editor):
    def __init__(self, param: Param, parent: QWidget) -> None:
        super().__init__(param, QWidget(parent))
        bounded = param.minimum is not None and param.maximum is not None
        # What the spin box shows: the value times display_scale (1 for ints).
        low = param.to_display(param.minimum if param.minimum is not None else -INT_LIMIT)
        high = param.to_display(param.maximum if param.maximum is not None else INT_LIMIT)
        self.spin: QSpinBox | QDoubleSpinBox
        if param.kind == "int":
            step: float = param.step or 1
            self.spin = QSpinBox(self.widget)
            self.spin.setRange(int(low), int(high))
            self.spin.setSingleStep(max(1, int(step)))
        else:
            step = param.to_display(param.step) if param.step else ((high - low) / 100 if bounded else 0.1)
            self.spin = QDoubleSpinBox(self.widget)
            self.spin.setDecimals(min(4, max(1, -math.floor(math.log10(step)))))
            self.spin.setRange(float(low), float(high))
            self.spin.setSingleStep(step)
        self.spin.setKeyboardTracking(False)  # one change per typed number, not per digit
        if param.unit:
            self.spin.setSuffix(f" {param.unit}")
        self.set_value(param.default)
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        if bounded:
            self._link = _SliderLink(self.spin, float(low), float(high), step, self.widget)
            row.addWidget(self._link.slider, 1)
        row.addWidget(self.spin)

    def value(self) -> Any:
        shown = self.spin.value()
        return int(shown) if self.param.kind == "int" else float(self.param.from_display(shown))

    def set_value(self, value: Any) -> None:
        self.spin.setValue(self.param.to_display(value))

    def on_change(self, fn: Callable[[], None]) -> None:
        self.spin.valueChanged.connect(lambda _v: fn())


class _BoolEditor(_Editor):
    def __init__(self, param: Param, parent: QWidget) -> None:
        self.box = QCheckBox(param_text(param.label), parent)
        super().__init__(param, self.box)
        self.set_value(param.default)

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def on_change(self, fn: Callable[[], None]) -> None:
        self.box.toggled.connect(lambda _on: fn())


class _ChoiceEditor(_Editor):
    def __init__(self, param: Param, parent: QWidget) -> None:
        self.combo = QComboBox(parent)
        super().__init__(param, self.combo)
        for choice in param.choices:
            self.combo.addItem(param_text(param.choice_label(choice)), choice)
        self.set_value(param.default)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(str(value))))

    def on_change(self, fn: Callable[[], None]) -> None:
        self.combo.currentIndexChanged.connect(lambda _i: fn())


class _TextEditor(_Editor):
    """A line edit; a path also gets a button that opens a file chooser."""

    def __init__(self, param: Param, parent: QWidget) -> None:
        super().__init__(param, QWidget(parent))
        self.edit = QLineEdit(self.widget)
        self._changed: Callable[[], None] | None = None
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        if param.kind == "path":
            browse = QToolButton(self.widget)
            browse.setText(_tr("Choose…"))
            browse.clicked.connect(self._choose)
            row.addWidget(browse)
        self.set_value(param.default)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.widget, param_text(self.param.label), self.edit.text())
        if path:
            self.set_value(path)

    def value(self) -> Any:
        # An empty field means "not given": the parameter keeps its default (None or "").
        return self.edit.text() or None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.edit.text():
            self.edit.setText(text)
            if self._changed is not None:  # editingFinished fires only for typing
                self._changed()

    def on_change(self, fn: Callable[[], None]) -> None:
        self._changed = fn
        self.edit.editingFinished.connect(fn)  # not per keystroke: half-typed text is not a value yet


_EDITORS: dict[str, type[_Editor]] = {
    "int": _NumberEditor, "float": _NumberEditor, "bool": _BoolEditor, "choice": _ChoiceEditor,
    "str": _TextEditor, "path": _TextEditor,
}


class ParamPanel(QWidget):
    """Editors for ``params`` (the caller leaves out those it does not want shown)."""

    changed = Signal(str)  # the name of the parameter that changed

    def __init__(self, params: tuple[Param, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[str, _Editor] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._boxes: dict[str, QWidget] = {}  # a group's (or the advanced section's) container
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        main = QWidget(self)
        self._forms[""] = self._form(main)
        layout.addWidget(main)
        for param in params:
            if not param.advanced and param.group and param.group not in self._forms:
                box = QGroupBox(param_text(param.group), self)
                self._forms[param.group] = self._form(box)
                self._boxes[param.group] = box
                layout.addWidget(box)
        if any(p.advanced for p in params):
            self.advanced_button = QToolButton(self)
            self.advanced_button.setText(_tr("Advanced"))
            self.advanced_button.setCheckable(True)
            self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
            self.advanced_button.setAutoRaise(True)
            # The theme's tool-button rule is sized for icon bars and clips a text button's label.
            self.advanced_button.setMinimumHeight(self.advanced_button.fontMetrics().height() + 14)
            advanced = QWidget(self)
            self._forms["\0advanced"] = self._form(advanced)
            self._boxes["\0advanced"] = advanced
            advanced.hide()
            self.advanced_button.toggled.connect(self._show_advanced)
            layout.addWidget(self.advanced_button)
            layout.addWidget(advanced)
        for param in params:
            editor = _EDITORS[param.kind](param, self)
            label = "" if param.kind == "bool" else param_text(param.label)
            self._forms[self._section(param)].addRow(label, editor.widget)
            editor.on_change(lambda name=param.name: self._edited(name))
            self._editors[param.name] = editor
        self._update_visibility()

    @staticmethod
    def _form(parent: QWidget) -> QFormLayout:
        form = QFormLayout(parent)
        if not isinstance(parent, QGroupBox):
            form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    @staticmethod
    def _section(param: Param) -> str:
        return "\0advanced" if param.advanced else param.group

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._boxes["\0advanced"].setVisible(shown)

    def _edited(self, name: str) -> None:
        self._update_visibility()
        self.changed.emit(name)

    def _update_visibility(self) -> None:
        """Rows whose visible_when fails are hidden; a group box with no row left goes too."""
        values = self.values()
        shown_in: dict[str, bool] = {}
        for editor in self._editors.values():
            section = self._section(editor.param)
            visible = editor.param.visible(values)
            self._forms[section].setRowVisible(editor.widget, visible)
            shown_in[section] = shown_in.get(section, False) or visible
        for section, box in self._boxes.items():
            if section != "\0advanced":
                box.setVisible(shown_in.get(section, False))

    # -- values ----------------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._editors)

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self._editors.items()}

    def set_value(self, name: str, value: Any) -> None:
        """Set a parameter as the user would (``changed`` fires when the value differs)."""
        self._editors[name].set_value(value)

    def editor_widget(self, name: str) -> QWidget:
        return self._editors[name].widget
