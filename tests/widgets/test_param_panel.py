"""Editors built from engine params: the slider and the spin box show one value, text and paths report
a change once, choices keep their raw values while showing translated words."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSlider, QToolButton

from engines.params import Param
from widgets.param_panel import ParamPanel

BALANCE = Param("balance", "float", 0.0, "Balance", minimum=-1.0, maximum=1.0, step=0.01)
TILE = Param("tile", "int", 0, "Tile size", minimum=0, maximum=4096)
PICTURE = Param("picture", "path", None, "Style picture")
DETECTOR = Param("detector", "choice", "auto", "Detector", choices=("auto", "short"))


def test_slider_and_spin_box_show_one_value(qtbot):
    panel = ParamPanel((BALANCE, TILE))
    qtbot.addWidget(panel)
    balance = panel.editor_widget("balance").findChild(QSlider)
    assert (balance.value(), balance.maximum()) == (100, 200)  # 0 sits in the middle of -1..1
    balance.setValue(150)
    assert panel.values() == {"balance": 0.5, "tile": 0}
    panel.set_value("balance", -0.25)
    assert balance.value() == 75
    tile = panel.editor_widget("tile").findChild(QSlider)
    tile.setValue(tile.maximum() // 2)  # 4096 values on at most 1000 positions: still an int
    assert panel.values()["tile"] == 2048


def test_paths_and_choices(qtbot):
    panel = ParamPanel((PICTURE, DETECTOR))
    qtbot.addWidget(panel)
    changed: list[str] = []
    panel.changed.connect(changed.append)
    assert panel.editor_widget("picture").findChild(QToolButton) is not None  # a file chooser
    assert panel.values() == {"picture": None, "detector": "auto"}  # empty: the default
    panel.set_value("picture", "/tmp/painting.png")
    panel.set_value("picture", "/tmp/painting.png")  # the same again is no change
    assert changed == ["picture"] and panel.values()["picture"] == "/tmp/painting.png"
    combo = panel.editor_widget("detector")
    assert isinstance(combo, QComboBox) and [combo.itemData(i) for i in range(combo.count())] == ["auto", "short"]
