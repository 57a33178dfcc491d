"""How an engine-specific widget plugs into the generic engine dialog (widgets/engine_dialog.py).

An ordinary engine needs nothing here: its dialog is built from its params. An engine whose options
want more than one editor per param (the style gallery, the upscale size and time estimate) names an
``EngineExtra`` subclass in ``EXTRA_WIDGETS``; the dialog shows it above the generic options, leaves the
params it ``handles`` to it, and lets it reshape the preview. Entries are "module:Class" strings so that
opening one dialog imports no other engine's widgets.

An engine with a gui-only ``dialog_group`` param and no extra of its own gets ``GroupExtra``, which
tells the engine which group's dialog (Filter ▸ Filters ▸ Median Blur…) gave the options.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Protocol

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

EXTRA_WIDGETS: dict[str, str] = {
    "adjust": "widgets.curves_widget:AdjustExtra",
    "style": "widgets.style_dialog:StylePicker",
    "upscale": "widgets.upscale_dialog:UpscaleOptions",
}


def _same(image: np.ndarray) -> np.ndarray:
    return image


@dataclass
class PreviewRequest:
    """One preview run: what the engine is given, and what the preview shows beside its result."""

    image: np.ndarray  # the engine's input (a downscaled copy of the layer, or a crop)
    options: dict[str, Any]  # resolved
    model_id: str | None
    mask: np.ndarray | None
    before: np.ndarray  # shown left of the split line
    factor: float  # size of ``image`` relative to the layer (options in pixels may need scaling)
    present: Callable[[np.ndarray], np.ndarray] = _same  # the engine's image -> what is shown right
    captions: tuple[str, str] = field(default=("", ""))
    show_mask: bool = False  # the result goes to a mask: show the result's mask (red over the image)


class ExtraHost(Protocol):
    """What an extra widget may use of its dialog."""

    source: np.ndarray  # the layer's RGBA pixels
    store: Any  # the model store (status of models)

    def model_id(self) -> str | None: ...

    def device(self) -> str: ...


class EngineExtra(QWidget):
    """An engine's own part of the engine dialog. Subclasses override what they need."""

    handles: ClassVar[tuple[str, ...]] = ()  # params edited here (the generic panel leaves them out)
    result_modes: ClassVar[tuple[str, ...] | None] = None  # None: from the engine's output kind
    expands: ClassVar[bool] = False  # True: it takes the height the dialog has to spare (a gallery)
    picks_model: ClassVar[bool] = False  # True: the choices here imply the model (``model_id``), so the
    #                                       dialog offers no model choice of its own
    changed = Signal()  # its options changed: the dialog checks them and renews the preview

    def __init__(self, host: ExtraHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host

    def options(self) -> dict[str, Any]:
        """Values of the params in ``handles`` (unresolved; the dialog resolves them with the rest)."""
        return {}

    def model_id(self) -> str | None:
        """The model the current choices need (asked only when ``picks_model``)."""
        return None

    def problem(self) -> str:
        """Why the run cannot start with the current choices, or ""."""
        return ""

    def preview_request(self, request: PreviewRequest) -> PreviewRequest:
        """The preview to run; the generic one runs the engine on a downscaled copy of the layer."""
        return request

    def model_changed(self) -> None:
        """The dialog's model choice is made (when it opens) or changed."""

    def shutdown(self, timeout_ms: int) -> None:
        """Stop this widget's own workers, waiting up to ``timeout_ms`` for a running one (closing)."""


class GroupExtra(EngineExtra):
    """Nothing to show: sets the ``dialog_group`` option to the group of the dialog's menu entry ("" for
    the whole engine's dialog), so a recipe engine runs that group's operation with the dialog's values."""

    handles = ("dialog_group",)

    def __init__(self, host: ExtraHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.group: str | None = getattr(host, "group", None)
        self.hide()

    def options(self) -> dict[str, Any]:
        return {"dialog_group": self.group or ""}


def extra_widget(task: str) -> type[EngineExtra] | None:
    if task not in EXTRA_WIDGETS:
        from engines.registry import engine_class

        try:
            params = engine_class(task).params
        except KeyError:  # not a registered engine
            return None
        return GroupExtra if any(p.name == "dialog_group" and p.gui_only for p in params) else None
    module, name = EXTRA_WIDGETS[task].split(":")
    cls: type[EngineExtra] = getattr(importlib.import_module(module), name)
    return cls
