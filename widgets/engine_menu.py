"""Menu entries for the registered engines, derived from each engine class (``menu``, ``title``,
``shortcut``, ``needs_mask``, ``output_kind``).

Importing the engines takes about a second (onnxruntime, onnx), which the window must not wait for at
start-up: their classes are loaded on a worker thread and ``loaded`` fires on the UI thread when they
are in; the window then adds their entries.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from engines.base import Engine
from engines.params import gui_params
from engines.registry import engine_classes
from widgets.actions import ActionSpec, editable, has_mask

MENUS = ("filter", "image", "layer", "select", "face")  # where an engine may ask to be (Engine.menu)
# Engines whose entry runs something other than the engine dialog: a "data" result has no place in
# the document, so its own widgets take it ("module:function(window)").
MENU_ACTIONS: dict[str, str] = {
    "faces": "widgets.face_dialogs:detect_faces",
}


def _menu_action(task: str) -> Callable[[Any], Any] | None:
    if task not in MENU_ACTIONS:
        return None
    module, name = MENU_ACTIONS[task].split(":")
    fn: Callable[[Any], Any] = getattr(importlib.import_module(module), name)
    return fn


def open_engine(window: Any, task: str, group: str | None = None) -> Any:
    """What an engine's menu entry does: its own action, else the generic engine dialog (showing only
    ``group``'s params when the entry is one group's)."""
    action = _menu_action(task)
    if action is not None:
        return action(window)
    from widgets.engine_dialog import show_engine_dialog

    return show_engine_dialog(window, task, group=group)


def param_groups(cls: type[Engine]) -> list[str]:
    """The engine's param groups in the order their first params appear."""
    groups: list[str] = []
    for param in gui_params(cls.params):
        if param.group and param.group not in groups:
            groups.append(param.group)
    return groups


def group_specs(window: Any, task: str, cls: type[Engine]) -> list[ActionSpec]:
    """One entry per param group, for engines with ``menu_per_group`` (Image ▸ Adjustments ▸ ...)."""
    return [ActionSpec(f"engine.{task}.{group}", QCoreApplication.translate("EngineParams", group) + "…",
                       lambda g=group: open_engine(window, task, g), None, when=editable)
            for group in param_groups(cls)]


def engine_spec(window: Any, task: str, cls: type[Engine]) -> ActionSpec | None:
    """The menu entry of one engine, or None when it has none (no menu, or a data engine without its
    own action)."""
    if cls.menu is None or (cls.output_kind == "data" and task not in MENU_ACTIONS):
        return None
    if cls.menu not in MENUS:
        raise ValueError(f"engine {task!r}: menu {cls.menu!r} is not one of {', '.join(MENUS)}")
    title = QCoreApplication.translate("Engines", cls.title)
    text = title if task in MENU_ACTIONS else title + "…"  # "…": a dialog asks for more first
    return ActionSpec(f"engine.{task}", text, lambda: open_engine(window, task), cls.shortcut,
                      when=has_mask if cls.needs_mask else editable)


class _Signals(QObject):
    loaded = Signal(object)  # {task: engine class}


class _Load(QRunnable):
    def __init__(self, signals: _Signals) -> None:
        super().__init__()
        self.signals = signals

    def run(self) -> None:
        classes = engine_classes()
        try:
            self.signals.loaded.emit(classes)
        except RuntimeError:  # the application quit while the engines loaded: nobody is left to tell
            pass


class EngineClasses(QObject):
    """The registered engine classes, loaded off the UI thread by ``load()``; ``loaded`` once they are in."""

    loaded = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.classes: dict[str, type[Engine]] | None = None
        self._signals = _Signals()  # no parent: the worker may emit after the window is gone
        self._signals.loaded.connect(self._on_loaded)

    def load(self) -> None:
        QThreadPool.globalInstance().start(_Load(self._signals))

    def is_loaded(self) -> bool:
        return self.classes is not None

    def _on_loaded(self, classes: dict[str, type[Engine]]) -> None:
        self.classes = classes
        self.loaded.emit()
