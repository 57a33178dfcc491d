"""Brush (B), eraser (E), mask brush and mask eraser: one stroke = one undo step.

Shift+click draws a straight line from the last painted point; Alt+click picks the colour under the
pointer (the eyedropper without switching tools). The outline of the brush follows the pointer.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QTransform

from app import layer_masks, mask_ops
from app.brush import MAX_SIZE, MIN_SIZE, BrushSettings
from app.document import LayerMaskTarget
from app.history import DocumentError
from app.pixel_ops import grey
from app.stroke import PaintStroke
from engines.params import Param
from widgets.tools.base import OPACITY, BaseTool, ToolContext, ToolEvent, ToolOption, draw_outline, fraction, tr
from widgets.tools.eyedropper import pick_color

_TITLES = {
    "brush": "Brush",
    "eraser": "Eraser",
    "mask_brush": "Mask Brush",
    "mask_eraser": "Mask Eraser",
}
_SHORTCUTS = {"brush": "B", "eraser": "E", "mask_brush": "Shift+B", "mask_eraser": "Shift+E"}

# The brush settings the options bar edits (the defaults are BrushSettings').
_DEFAULT = BrushSettings()
SIZE = Param("size", "int", round(_DEFAULT.size), "Size", minimum=MIN_SIZE, maximum=MAX_SIZE, unit="px")
HARDNESS = fraction("hardness", "Hardness", _DEFAULT.hardness)
FLOW = fraction("flow", "Flow", _DEFAULT.flow)
SPACING = fraction("spacing", "Spacing", _DEFAULT.spacing, 0.01, 2.0)
SMOOTHING = fraction("smoothing", "Smoothing", _DEFAULT.smoothing, 0.0, 0.95)
PRESSURE_SIZE = Param("pressure_size", "bool", _DEFAULT.pressure_size, "Pressure: size")
PRESSURE_OPACITY = Param("pressure_opacity", "bool", _DEFAULT.pressure_opacity, "Pressure: opacity")


class BrushTool(BaseTool):
    """Paints the active layer (brush / eraser) or the active mask (mask brush / mask eraser)."""

    def __init__(self, ctx: ToolContext, kind: str = "brush", settings: BrushSettings | None = None) -> None:
        super().__init__(ctx)
        if kind not in _TITLES:
            raise ValueError(kind)
        self.name = kind
        self.shortcut = _SHORTCUTS[kind]
        self.kind = kind
        self.settings = settings or BrushSettings(hardness=0.6 if kind.startswith("mask") else 0.8)
        self.stroke: PaintStroke | None = None

    @property
    def on_mask(self) -> bool:
        return self.kind.startswith("mask")

    @property
    def erasing(self) -> bool:
        return self.kind.endswith("eraser")

    def title(self) -> str:
        return tr(_TITLES[self.kind])

    def options(self) -> list[ToolOption]:
        s = self.settings
        return [
            ToolOption(SIZE, lambda: int(round(s.size)), lambda v: setattr(s, "size", float(v))),
            *(ToolOption.attribute(s, param) for param in (HARDNESS, OPACITY, FLOW, SPACING, SMOOTHING,
                                                           PRESSURE_SIZE, PRESSURE_OPACITY)),
        ]

    # -- size / hardness keys ([ ] and Shift+[ ]) --------------------------------------------------------
    def change_size(self, direction: int) -> None:
        s = self.settings
        step = max(1.0, s.size * 0.1)  # ten per cent steps: fine when small, fast when large
        s.size = float(min(max(round(s.size + direction * step), MIN_SIZE), MAX_SIZE))
        self.ctx.optionsChanged.emit()
        self.ctx.update_overlay()

    def change_hardness(self, direction: int) -> None:
        s = self.settings
        s.hardness = float(min(max(round(s.hardness + direction * 0.1, 2), 0.0), 1.0))
        self.ctx.optionsChanged.emit()

    # -- painting ------------------------------------------------------------------------------------------
    def _start(self) -> PaintStroke:
        doc = self.doc()
        if self.on_mask:
            target = mask_ops.ensure_mask(doc)
        else:
            layer = doc.active_layer
            if layer is None:
                raise DocumentError(tr("There is no layer to paint on."))
            target = layer_masks.paint_target(doc, layer)
            if isinstance(target, LayerMaskTarget):
                # On a layer mask, as in Photoshop: the brush paints the foreground colour's grey (black
                # hides, white shows) and the eraser the background colour's.
                color = self.ctx.colors.bg_rgb() if self.erasing else self.ctx.colors.fg_rgb()
                return PaintStroke(doc, target, self.settings, tr("Paint Layer Mask"), level=grey(color))
        return PaintStroke(doc, target, self.settings, self.title() if not self.erasing else tr("Erase"),
                           mode="erase" if self.erasing else "paint", color=self.ctx.colors.fg_rgb())

    def on_press(self, ev: ToolEvent) -> None:
        if ev.alt and not self.on_mask:
            pick_color(self.ctx, ev.x, ev.y)
            return
        self.cancel()
        self.stroke = self._start()
        last = self.ctx.last_paint_point
        if ev.shift and last is not None:
            self.stroke.begin(last[0], last[1], ev.pressure)
            self.stroke.line_to(ev.x, ev.y, ev.pressure)
        else:
            self.stroke.begin(ev.x, ev.y, ev.pressure)
        self.hover = ev.pos

    def on_move(self, ev: ToolEvent) -> None:
        self._move_outline(ev.pos)
        if self.stroke is not None:
            self.stroke.add(ev.x, ev.y, ev.pressure)
        elif ev.alt and not self.on_mask:
            pick_color(self.ctx, ev.x, ev.y)

    def on_release(self, ev: ToolEvent) -> None:
        stroke, self.stroke = self.stroke, None
        if stroke is None:
            return
        stroke.add(ev.x, ev.y, ev.pressure)
        stroke.finish()
        self.ctx.last_paint_point = ev.pos

    def on_hover(self, ev: ToolEvent) -> None:
        self._move_outline(ev.pos)

    def cancel(self) -> None:
        if self.stroke is not None:
            stroke, self.stroke = self.stroke, None
            stroke.cancel()

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if key == Qt.Key.Key_Escape and self.stroke is not None:
            self.cancel()
            return True
        return False

    # -- outline -----------------------------------------------------------------------------------------
    def _outline_rect(self) -> QRectF | None:
        if self.hover is None:
            return None
        centre = self.ctx.view_transform().map(QPointF(*self.hover))
        r = max(self.settings.size * self.ctx.zoom / 2, 1.5) + 2
        return QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)

    def _move_outline(self, pos: tuple[float, float] | None) -> None:
        old = self._outline_rect()
        self.hover = pos
        new = self._outline_rect()
        if old is None and new is None:
            return
        self.ctx.update_overlay(new if old is None else old if new is None else old.united(new))

    def deactivate(self) -> None:
        super().deactivate()
        self._move_outline(None)

    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        if self.hover is None:
            return
        centre = transform.map(QPointF(*self.hover))
        radius = max(self.settings.size * transform.m11() / 2, 1.5)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_outline(painter, lambda: painter.drawEllipse(centre, radius, radius))
