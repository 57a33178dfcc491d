"""What every canvas tool shares: the event it sees, its options, the context it works in, the manager.

A tool's options are engine-style parameters (engines.params.Param) bound to the tool's values
(``ToolOption``); the tool-options bar builds its controls from the Param, as the engine dialogs do. Labels
and choice labels are English source texts, translated in the tool's ``text_context`` ("Tools").

Tools implement the canvas's ``Tool`` protocol (``press/move/release`` with image positions and Qt mouse
events) by translating each event into a plain ``ToolEvent`` and calling ``on_press/on_move/on_release``
(``on_hover`` when no button is down). Tests drive those directly in image coordinates, without a window.
The document work itself happens in app/ (brush, stroke, selection_ops, fill_ops, clone...).

Tools that run an engine while the user works (spot healing, smart select) use
``ctx.submit_job(task, image, options, on_result)``: the result comes back on the UI thread, and only if
the document is still in the state the job started from (shown in its tab or not); otherwise ``on_stale``
hears of it.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable, cast

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QMouseEvent, QPainter, QPen, QTransform

from app.document import Document
from app.engine_results import is_stale
from app.history import DocumentError
from app.jobs import Job, JobManager
from engines.base import EngineResult
from engines.params import Param
from widgets.canvas_view import CanvasView
from widgets.color_panel import ColorModel
from widgets.geometry_runs import RunBusy

TEXT_CONTEXT = "Tools"  # the translation context of every tool's texts


def tr(text: str) -> str:
    return QCoreApplication.translate(TEXT_CONTEXT, text)


@dataclass
class ToolEvent:
    """A pointer event in image (canvas) pixels."""

    x: float
    y: float
    pressure: float = 1.0
    shift: bool = False
    alt: bool = False
    ctrl: bool = False
    double: bool = False  # a double click
    button: bool = True  # the primary button is down (False for hover moves)

    @property
    def pos(self) -> tuple[float, float]:
        return self.x, self.y


@dataclass(frozen=True)
class ToolOption:
    """One control in the tool-options bar: ``param`` describes it (kind, English label, range, unit,
    choices), ``get`` reads the tool's value and ``set`` takes a value already coerced by the Param."""

    param: Param
    get: Callable[[], Any]
    set: Callable[[Any], None]

    @property
    def key(self) -> str:
        return self.param.name

    def apply(self, value: Any) -> None:
        """Set the tool's value from a control's; ParamError when the Param refuses it."""
        self.set(self.param.coerce(value))

    @classmethod
    def attribute(cls, owner: object, param: Param) -> "ToolOption":
        """``param`` bound to the attribute of ``owner`` with the parameter's name."""
        return cls(param, lambda: getattr(owner, param.name), lambda value: setattr(owner, param.name, value))


def fraction(name: str, label: str, default: float, minimum: float = 0.0, maximum: float = 1.0) -> Param:
    """A 0..1 (or ``minimum``..``maximum``) fraction, shown in whole per cent."""
    return Param(name, "float", default, label, minimum=minimum, maximum=maximum, step=0.01, unit="%",
                 display_scale=100)


# Options several tools have.
OPACITY = fraction("opacity", "Opacity", 1.0)
TOLERANCE = Param("tolerance", "int", 32, "Tolerance", minimum=0, maximum=255)
CONTIGUOUS = Param("contiguous", "bool", True, "Contiguous")
SAMPLE_MERGED = Param("sample_merged", "bool", False, "All layers")


class ToolContext(QObject):
    """The canvas, the colours, tablet pressure, engine jobs and error reporting, as tools see them."""

    optionsChanged = Signal()  # a tool's options changed from outside the options bar (e.g. [ and ])
    overlayChanged = Signal()  # tool overlays need repainting

    def __init__(self, canvas: CanvasView, colors: ColorModel | None = None,
                 report_error: Callable[[str], None] | None = None, parent: QObject | None = None,
                 job_manager: JobManager | None = None, run_busy: RunBusy | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.colors = colors or ColorModel(self)
        self.job_manager = job_manager
        self._run_busy = run_busy
        self._report_error = report_error
        self.errors: list[str] = []  # the messages shown, newest last (tests read this)
        self.pressure = 1.0
        self.tablet_down = False  # a stylus is on the tablet: mouse events carry its pressure
        self.last_paint_point: tuple[float, float] | None = None  # for Shift+click lines, shared by brushes

    @property
    def document(self) -> Document | None:
        return self.canvas.document

    @property
    def zoom(self) -> float:
        return float(self.canvas.zoom)

    def error(self, message: str) -> None:
        self.errors.append(message)
        if self._report_error is not None:
            self._report_error(message)

    def run_busy(self, message: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Whole-document work off the UI thread while the window waits (``geometry_runs.RunBusy``)."""
        if self._run_busy is None:
            raise RuntimeError("this tool context cannot make the window wait")
        self._run_busy(message, work, done)

    def submit_job(self, task: str, image: np.ndarray, options: dict[str, Any],
                   on_result: Callable[[EngineResult], None], *, mask: np.ndarray | None = None,
                   model_id: str | None = None, title: str | None = None,
                   on_stale: Callable[[Job], None] | None = None, target: Document | None = None) -> Job:
        """Run ``task`` on ``image`` for ``target`` (default: the current document). ``on_result(result)``
        runs on the UI thread when the job is done and that document is unchanged since (the same history
        revision), also when another tab is shown by then; a stale result goes to ``on_stale(job)`` instead
        (default: dropped, since a tool resubmits after the next edit). A failure is reported as an error
        message."""
        doc = target if target is not None else self.document
        if doc is None:
            raise DocumentError(tr("Open an image first."))
        if self.job_manager is None:
            raise RuntimeError("this tool context has no job manager")
        job = self.job_manager.submit(task, image, options, mask=mask, model_id=model_id, title=title,
                                      target=doc)
        # The slots hold the job weakly: a connection that held it would keep it (and its result) alive.
        ref = weakref.ref(job)

        def finished(result: EngineResult) -> None:
            done = cast(Job, ref())  # alive: the job itself emits this
            if is_stale(done):
                if on_stale is not None:
                    on_stale(done)
                return
            on_result(result)

        job.finished.connect(finished)
        job.failed.connect(self.error)
        return job

    def update_overlay(self, rect: QRectF | None = None) -> None:
        """Repaint tool feedback: ``rect`` in viewport pixels, or all of the viewport."""
        self.overlayChanged.emit()
        viewport = self.canvas.viewport()
        if rect is None:
            viewport.update()
        else:
            viewport.update(rect.toAlignedRect().adjusted(-2, -2, 2, 2))

    def view_transform(self) -> QTransform:
        """Image pixels -> viewport pixels."""
        origin = self.canvas.origin()
        zoom = self.canvas.zoom
        return QTransform(zoom, 0, 0, zoom, origin.x(), origin.y())


class BaseTool:
    """A canvas tool. Subclasses override the ``on_*`` methods, ``options`` and ``paint_overlay``."""

    name = "tool"
    shortcut: str | list[str] | None = None
    text_context = TEXT_CONTEXT  # where the labels of ``options()`` are translated

    def __init__(self, ctx: ToolContext) -> None:
        self.ctx = ctx
        self.cursor = QCursor(Qt.CursorShape.CrossCursor)
        self.hover: tuple[float, float] | None = None
        self._pressed = False

    # -- identity --------------------------------------------------------------------------------------
    def title(self) -> str:
        return self.name

    def options(self) -> list[ToolOption]:
        return []

    def text(self, source: str) -> str:
        """An option's label (or choice label) in the interface language."""
        return QCoreApplication.translate(self.text_context, source) if source else ""

    # -- canvas protocol -------------------------------------------------------------------------------
    def _event(self, pos: QPointF, event: QMouseEvent | None, button: bool) -> ToolEvent:
        mods = event.modifiers() if event is not None else Qt.KeyboardModifier.NoModifier
        double = event is not None and event.type() == event.Type.MouseButtonDblClick
        pressure = self.ctx.pressure if self.ctx.tablet_down else 1.0
        return ToolEvent(pos.x(), pos.y(), pressure,
                         bool(mods & Qt.KeyboardModifier.ShiftModifier), bool(mods & Qt.KeyboardModifier.AltModifier),
                         bool(mods & Qt.KeyboardModifier.ControlModifier), double, button)

    def press(self, image_pos: QPointF, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._pressed = True
        self._guard(self.on_press, self._event(image_pos, event, True))

    def move(self, image_pos: QPointF, event: QMouseEvent) -> None:
        down = self._pressed and bool(event.buttons() & Qt.MouseButton.LeftButton)
        ev = self._event(image_pos, event, down)
        self._guard(self.on_move if down else self.on_hover, ev)

    def release(self, image_pos: QPointF, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._pressed:
            return
        self._pressed = False
        self._guard(self.on_release, self._event(image_pos, event, False))

    def _guard(self, fn: Callable[[ToolEvent], None], ev: ToolEvent) -> None:
        """User-caused problems (a locked layer, nothing selected) become a message, not a traceback."""
        try:
            fn(ev)
        except DocumentError as exc:
            self._pressed = False
            self.cancel()
            self.ctx.error(str(exc))

    # -- behaviour (override) --------------------------------------------------------------------------
    def on_press(self, ev: ToolEvent) -> None:
        pass

    def on_move(self, ev: ToolEvent) -> None:
        self.on_hover(ev)

    def on_release(self, ev: ToolEvent) -> None:
        pass

    def on_hover(self, ev: ToolEvent) -> None:
        self.hover = ev.pos

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        """Keys while the canvas has focus (Enter, Escape, Backspace); True when used."""
        return False

    def wants_key(self, key: int) -> bool:
        """Whether ``key_press`` would use ``key`` now: the key then goes to the tool, not to a menu shortcut
        on the same key (Enter finishes a crop before it means Filter ▸ Remove Object)."""
        return False

    def activate(self) -> None:
        pass

    def deactivate(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        """Drop anything in progress (an unfinished stroke is rolled back)."""

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        """Draw tool feedback in viewport coordinates; ``transform`` maps image -> viewport."""

    # -- helpers ---------------------------------------------------------------------------------------
    def doc(self) -> Document:
        doc = self.ctx.document
        if doc is None:
            raise DocumentError(tr("Open an image first."))
        return doc


def outline_pens() -> tuple[QPen, QPen]:
    """A white pen under a black dashed one: visible on any image."""
    light = QPen(QColor(255, 255, 255, 220), 1)
    light.setCosmetic(True)
    dark = QPen(QColor(0, 0, 0, 220), 1, Qt.PenStyle.DashLine)
    dark.setCosmetic(True)
    return light, dark


def draw_outline(painter: QPainter, draw: Callable[[], None]) -> None:
    light, dark = outline_pens()
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(light)
    draw()
    painter.setPen(dark)
    draw()
    painter.restore()


def view_rect(transform: QTransform, x0: float, y0: float, x1: float, y1: float) -> QRectF:
    return transform.mapRect(QRectF(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))


class ToolManager(QObject):
    """The tools by name and which one the canvas uses."""

    toolChanged = Signal(str)

    def __init__(self, ctx: ToolContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tools: dict[str, BaseTool] = {}
        self.current: BaseTool | None = None

    def add(self, tool: BaseTool) -> BaseTool:
        self.tools[tool.name] = tool
        return tool

    def set_tool(self, name: str) -> BaseTool:
        tool = self.tools[name]
        if tool is self.current:
            return tool
        if self.current is not None:
            self.current.deactivate()
        self.current = tool
        tool.activate()
        canvas = self.ctx.canvas
        canvas.set_tool(tool)
        self.ctx.update_overlay()
        self.toolChanged.emit(name)
        return tool
