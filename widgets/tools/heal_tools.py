"""Healing brush (Shift+J) and spot healing brush (J).

The healing brush is the clone stamp (Alt+click sets the source) whose copy takes the tone of where it
lands: the stroke is a clone, recorded when it ends; its re-blend (app.heal) runs on a worker thread and
replaces the clone's step when it lands (one undo step). The next stroke waits for it at its press (a
blend takes about 10 ms for an ordinary stroke), so quick strokes are all blended.

The spot healing brush paints no pixels: the stroke shows as a translucent overlay, and each stroke is
repaired by the inpaint engine on a crop around it, off the UI thread, then pasted as its own undo step.
Painting never waits for a result; several may be pending. A result that finds the image changed since its
job started is computed again on the current pixels if only other spot-heal results changed it, so fast
successive dabs are all repaired; after any other change it is dropped.
"""
from __future__ import annotations

import weakref
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QTransform

from app import heal
from app.brush import BrushSettings
from app.document import Document
from app.history import DocumentError
from app.jobs import Job
from engines.base import EngineResult
from engines.params import Param
from widgets.tools.base import ToolContext, ToolEvent, ToolOption, tr
from widgets.tools.brush_tool import BrushTool
from widgets.tools.clone_tool import CloneTool

AUTO = "auto"  # the inpaint engine's own choice: submitted as model_id None
METHOD = Param("method", "choice", AUTO, "Method", choices=(AUTO, "patchmatch", "telea", "ns"),
               choice_labels=((AUTO, "Best available"), ("patchmatch", "PatchMatch (texture)"),
                              ("telea", "Fast (Telea)"), ("ns", "Navier-Stokes")))
INPAINT_OPTIONS = {"dilate": 2}  # the footprint already covers the dabs' soft rim: grow it only a little
PENDING_COLOR = QColor(255, 60, 150, 110)  # a stroke waiting for its repair


class _Landing(QObject):
    """Carries a finished blend from its worker thread to the UI thread (a queued signal)."""

    done = Signal(object)  # the blend's Future


class HealingBrushTool(CloneTool):
    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.name = "heal"
        self.kind = "heal"
        self.shortcut = "Shift+J"
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heal-blend")
        self._landing = _Landing(ctx)
        self._landing.done.connect(self._land)
        self._pending: tuple[Document, heal.HealPatch, Future[np.ndarray]] | None = None

    @property
    def blending(self) -> bool:
        """A stroke's blend has not been applied yet."""
        return self._pending is not None

    def title(self) -> str:
        return tr("Healing Brush")

    def on_press(self, ev: ToolEvent) -> None:
        if ev.alt:  # the source point, as the clone stamp sets it
            super().on_press(ev)
            return
        doc = self.doc()
        if doc.active_layer is None:
            raise DocumentError(tr("There is no layer to paint on."))
        self.cancel()
        self.land_blend()  # the next stroke copies from the healed pixels, and its own blend can replace it
        # A HealStroke answers add / finish / cancel as the PaintStroke the brush tools drive does.
        self.stroke = heal.HealStroke(doc, doc.active_layer, self.settings, self.source, ev.x, ev.y, ev.pressure)
        self.hover = ev.pos

    def on_release(self, ev: ToolEvent) -> None:
        stroke, self.stroke = self.stroke, None
        if stroke is None:
            return
        stroke.add(ev.x, ev.y, ev.pressure)
        patch = stroke.finish()
        self.ctx.last_paint_point = ev.pos
        if patch is not None:
            future = self._worker.submit(patch.blend)
            self._pending = (self.doc(), patch, future)
            future.add_done_callback(self._landing.done.emit)

    def deactivate(self) -> None:
        super().deactivate()
        self.land_blend()  # before another tool records anything (a blend lands only on the state it left)

    def land_blend(self) -> None:
        """Apply the pending blend now, waiting for it if it is still running."""
        if self._pending is not None:
            self._land(self._pending[2])

    def _land(self, future: Future[np.ndarray]) -> None:
        if self._pending is None or self._pending[2] is not future:
            return  # landed already, at the next stroke's press
        doc, patch, _future = self._pending
        self._pending = None
        # Into the document it was painted on, shown or not; False: it changed since, the plain copy stays.
        heal.apply_heal(doc, patch, future.result())


@dataclass(eq=False)
class PendingSpot:
    """A finished spot-healing stroke whose repair has not landed yet."""

    doc: Document  # where it lands, also when another tab is shown by then
    patch: heal.SpotPatch
    method: str
    path: QPainterPath = field(repr=False)  # its footprint, in image pixels


def _footprint_path() -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)  # overlapping dabs fill once
    return path


class SpotHealTool(BrushTool):
    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx, "brush", BrushSettings(size=30, hardness=0.8))
        self.name = "spot_heal"
        self.kind = "spot_heal"
        self.shortcut = "J"
        self.method = METHOD.default
        self.footprint: heal.Footprint | None = None  # the stroke being painted
        self._layer_uid = 0  # the layer it is painted on
        self._path = _footprint_path()
        self.pending: list[PendingSpot] = []
        # Per document: history revision before -> after each repair this tool applied, so a stale job can
        # tell whether only repairs happened since it started.
        self._own_steps: weakref.WeakKeyDictionary[Document, dict[int, int]] = weakref.WeakKeyDictionary()

    def title(self) -> str:
        return tr("Spot Healing Brush")

    def options(self) -> list[ToolOption]:
        keep = {"size", "spacing", "smoothing", "pressure_size"}  # the footprint is all that counts
        return [o for o in super().options() if o.key in keep] + [ToolOption.attribute(self, METHOD)]

    # -- the stroke ------------------------------------------------------------------------------------
    def on_press(self, ev: ToolEvent) -> None:
        doc = self.doc()
        layer = doc.active_layer
        if layer is None:
            raise DocumentError(tr("There is no layer to paint on."))
        if layer.locked:
            raise DocumentError(tr("The layer is locked."))
        self.cancel()
        self.footprint = heal.Footprint(self.settings)
        self._layer_uid = layer.uid
        self._show_dabs(self.footprint.begin(ev.x, ev.y, ev.pressure))
        self.hover = ev.pos

    def on_move(self, ev: ToolEvent) -> None:
        self._move_outline(ev.pos)
        if self.footprint is not None:
            self._show_dabs(self.footprint.add(ev.x, ev.y, ev.pressure))

    def on_release(self, ev: ToolEvent) -> None:
        footprint, self.footprint = self.footprint, None
        if footprint is None:
            return
        footprint.add(ev.x, ev.y, ev.pressure)
        footprint.finish()
        path, self._path = self._path, _footprint_path()
        doc = self.doc()
        self.ctx.last_paint_point = ev.pos
        patch = heal.spot_patch(doc, doc.layer_by_uid(self._layer_uid), footprint)
        if patch is not None:
            spot = PendingSpot(doc, patch, self.method, path)
            self.pending.append(spot)
            self._submit(spot)
        self.ctx.update_overlay()

    def cancel(self) -> None:
        if self.footprint is not None:
            self.footprint = None
            self._path = _footprint_path()
            self.ctx.update_overlay()

    def key_press(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        if key == Qt.Key.Key_Escape and self.footprint is not None:
            self.cancel()
            return True
        return False

    def _show_dabs(self, dabs: list[heal.Dab]) -> None:
        if not dabs:
            return
        for x, y, diameter, _flow in dabs:
            self._path.addEllipse(QPointF(x, y), diameter / 2, diameter / 2)
        left = min(x - d / 2 for x, _y, d, _f in dabs)
        top = min(y - d / 2 for _x, y, d, _f in dabs)
        right = max(x + d / 2 for x, _y, d, _f in dabs)
        bottom = max(y + d / 2 for _x, y, d, _f in dabs)
        self.ctx.update_overlay(self.ctx.view_transform().mapRect(QRectF(left, top, right - left, bottom - top)))

    # -- the repair jobs -------------------------------------------------------------------------------
    def _submit(self, spot: PendingSpot) -> None:
        job = self.ctx.submit_job(
            "inpaint", heal.patch_rgb(spot.doc, spot.patch), dict(INPAINT_OPTIONS),
            lambda result: self._landed(spot, result), mask=spot.patch.mask,
            model_id=None if spot.method == AUTO else spot.method, title=tr("Spot Healing Brush"),
            on_stale=lambda stale: self._stale(spot, stale), target=spot.doc)
        job.failed.connect(lambda _message: self._forget(spot))  # the message itself is shown by submit_job
        job.cancelled.connect(lambda: self._forget(spot))

    def _landed(self, spot: PendingSpot, result: EngineResult) -> None:
        self._forget(spot)
        doc = spot.doc
        before = doc.history.revision
        try:
            heal.apply_spot_heal(doc, spot.patch, result.image)
        except DocumentError as exc:  # the layer was locked meanwhile
            self.ctx.error(str(exc))
        if doc.history.revision != before:
            self._own_steps.setdefault(doc, {})[before] = doc.history.revision

    def _stale(self, spot: PendingSpot, job: Job) -> None:
        doc = spot.doc
        if job.revision is not None and self._only_repairs_since(doc, job.revision):
            self._submit(spot)  # on the pixels as they are now, other strokes' repairs included
        else:
            self._forget(spot)

    def _only_repairs_since(self, doc: Document, revision: int) -> bool:
        steps = self._own_steps.get(doc, {})
        while revision in steps:
            revision = steps[revision]
        return revision == doc.history.revision

    def _forget(self, spot: PendingSpot) -> None:
        if spot in self.pending:
            self.pending.remove(spot)
            self.ctx.update_overlay()

    # -- feedback --------------------------------------------------------------------------------------
    def paint_overlay(self, painter: QPainter, transform: QTransform) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(transform, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PENDING_COLOR)
        shown = self.ctx.document
        for path in [spot.path for spot in self.pending if spot.doc is shown] + [self._path]:
            painter.drawPath(path)
        painter.restore()
        super().paint_overlay(painter, transform)
