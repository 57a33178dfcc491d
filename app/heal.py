"""Healing brush and spot healing: the logic behind both tools (no Qt widgets).

*Healing brush*: a clone stroke (``app.clone``) whose copied texture takes the tone of where it lands.
The stroke is an ordinary clone stroke, recorded when it ends (live feedback, at once); then its area is
blended again, the source re-toned by a Poisson solve (``poisson_blend``: the source's gradients inside
the footprint, the destination's values at its edge), off the UI thread, and the result replaces the
clone's step: one undo step in the end.

*Spot healing*: a stroke paints nothing; its footprint (``Footprint``) becomes a mask on a crop around it
(``spot_patch``), which the inpaint engine repairs; ``apply_spot_heal`` pastes the result as one undo step.

Both keep the layer's alpha and respect the selection as a brush does.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from app.brush import BrushSettings, dab_alpha
from app.clone import CloneSource
from app.document import Document, Layer
from app.stroke import DabSpacer, PaintStroke, Smoother
from app.texts import translator
from app.tiles import Rect, intersect, translate, union

_tr = translator("Heal")

Dab = tuple[float, float, float, float]  # x, y (canvas pixels), diameter, flow
_NEIGHBOURS = ((0, 1), (0, -1), (1, 0), (-1, 0))
# A region with no edge to take a tone from (a stroke over the whole layer) keeps the source: this weight
# pulls its correction to zero and is far too small to change a region that has an edge.
_ANCHOR = 1e-9
# Context around a spot-healing stroke: a share of its larger side, at least this many px (the margins the
# inpaint engine's own crop takes, engines.strategies; not imported, so that tools load no engine code).
CONTEXT_SHARE = 0.5
MIN_CONTEXT = 16


class Footprint:
    """The dabs of one stroke, placed as ``app.stroke.PaintStroke`` places them (spacing, stabiliser,
    pressure), without painting anything: the area a healing stroke covers."""

    def __init__(self, settings: BrushSettings) -> None:
        self.settings = settings.clamped()
        self._spacer = DabSpacer(self.settings.spacing_px)
        self._smoother = Smoother(self.settings.smoothing)
        self.dabs: list[Dab] = []
        self.bounds: Rect | None = None  # canvas rect of every dab so far

    def begin(self, x: float, y: float, pressure: float = 1.0) -> list[Dab]:
        return self._place(self._spacer.start(*self._smoother.reset((x, y, pressure))))

    def add(self, x: float, y: float, pressure: float = 1.0) -> list[Dab]:
        """A pointer sample; returns the dabs it added."""
        return self._place(self._spacer.to(*self._smoother.feed((x, y, pressure))))

    def finish(self) -> list[Dab]:
        """Catch up with the pointer (the stabiliser lags behind it)."""
        return self._place([p for q in self._smoother.finish() for p in self._spacer.to(*q)])

    def _place(self, points: list[tuple[float, float, float]]) -> list[Dab]:
        s = self.settings
        new = [(x, y, s.size_at(p), s.flow_at(p)) for x, y, p in points]
        for x, y, diameter, _flow in new:
            self.bounds = union(self.bounds, dab_alpha(x, y, diameter, s.hardness)[0])
        self.dabs += new
        return new

    def coverage(self, rect: Rect) -> np.ndarray:
        """float32 (h, w) 0..1 over canvas ``rect``: how much the stroke covers each pixel, built up dab by
        dab as app.brush.DabWriter does (before opacity)."""
        x, y, w, h = rect
        cov = np.zeros((h, w), np.float32)
        for cx, cy, diameter, flow in self.dabs:
            drect, alpha = dab_alpha(cx, cy, diameter, self.settings.hardness)
            part = intersect(drect, rect)
            if part is None:
                continue
            px, py, pw, ph = part
            a = alpha[py - drect[1]:py - drect[1] + ph, px - drect[0]:px - drect[0] + pw]
            c = cov[py - y:py - y + ph, px - x:px - x + pw]
            c += (1.0 - c) * (a * np.float32(flow))
        return cov


def _selection_weight(doc: Document, rect: Rect) -> np.ndarray | None:
    """float32 0..1 of the selection over canvas ``rect``, 0 off the canvas (None: no selection, everything
    counts)."""
    if doc.selection is None:
        return None
    x, y, w, h = rect
    out = np.zeros((h, w), np.float32)
    part = intersect(rect, doc.canvas_rect)
    if part is not None:
        px, py, pw, ph = part
        out[py - y:py - y + ph, px - x:px - x + pw] = doc.selection[py:py + ph, px:px + pw] * np.float32(1 / 255)
    return out


def _layer_slices(layer: Layer, rect: Rect) -> tuple[slice, slice]:
    x, y, w, h = translate(rect, -layer.offset[0], -layer.offset[1])
    return slice(y, y + h), slice(x, x + w)


# -- healing brush ------------------------------------------------------------------------------------------
def poisson_blend(texture: np.ndarray, target: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Seamless cloning (Pérez et al. 2003) on a crop: float64 (h, w, c) equal to ``target`` outside
    ``region`` and, inside it, the image whose gradients are ``texture``'s and whose values at the
    region's edge are ``target``'s: the texture in the target's tone. One sparse direct solve on the
    region's pixels only (nothing outside it changes); the crop's own border is a mirror, so a region that
    reaches the image's edge needs nothing there. Releases the GIL while it solves: fine off the UI thread."""
    from scipy.sparse.linalg import splu  # on first use: the window starts without scipy

    texture = np.asarray(texture, np.float64)
    out = np.array(target, np.float64, copy=True)
    # The result is the texture plus a correction: harmonic inside, target - texture at the edge.
    matrix, rhs, ys, xs = _laplace_system(out - texture, region)
    # The matrix is symmetric: a minimum-degree ordering on A + A^T factorises it fastest.
    out[ys, xs] = texture[ys, xs] + splu(matrix, permc_spec="MMD_AT_PLUS_A").solve(rhs)
    return out


def _laplace_system(edge: np.ndarray, region: np.ndarray) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The 5-point Laplace equation on ``region``'s pixels (CSC matrix, right-hand sides from ``edge``
    at neighbours outside the region, and the pixels' rows and columns); neighbours outside the crop are
    left out (a mirror border)."""
    import scipy.sparse as sp

    h, w = region.shape
    ys, xs = np.nonzero(region)
    n = ys.size
    index = np.full((h, w), -1, np.int64)
    index[ys, xs] = np.arange(n)
    diag = np.full(n, _ANCHOR)
    rows, cols = [], []
    rhs = np.zeros((n, edge.shape[2]))
    for dy, dx in _NEIGHBOURS:
        qy, qx = ys + dy, xs + dx
        inside = (qy >= 0) & (qy < h) & (qx >= 0) & (qx < w)
        p, qy, qx = np.flatnonzero(inside), qy[inside], qx[inside]
        diag[p] += 1.0
        q = index[qy, qx]
        inner = q >= 0
        rows.append(p[inner])
        cols.append(q[inner])
        rhs[p[~inner]] += edge[qy[~inner], qx[~inner]]
    r, c = np.concatenate(rows), np.concatenate(cols)
    matrix = sp.csc_matrix((np.concatenate([diag, -np.ones(r.size)]),
                            (np.concatenate([np.arange(n), r]), np.concatenate([np.arange(n), c]))), shape=(n, n))
    return matrix, rhs, ys, xs


def heal_pixels(before: np.ndarray, source: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """RGBA uint8 crop: ``before`` with ``source``'s texture, re-toned by ``poisson_blend``, painted in at
    ``weight`` (float 0..1, the stroke's coverage; the texture is taken only where it is > 0). Alpha stays
    ``before``'s."""
    target = before[..., :3].astype(np.float64)
    # Where the source has no pixels (outside its layer, transparent) its "texture" is the destination's.
    texture = np.where(source[..., 3:] > 0, source[..., :3], before[..., :3])
    healed = poisson_blend(texture, target, weight > 0)
    rgb = target + (healed - target) * weight[..., None]
    out = before.copy()
    out[..., :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    return out


@dataclass(frozen=True)
class HealPatch:
    """A finished healing stroke: what its re-blend needs (``blend``: pure, safe on a worker thread) and
    where the result goes (``apply_heal``)."""

    layer_uid: int
    rect: Rect  # canvas, inside the layer
    before: np.ndarray  # RGBA crop as it was before the stroke
    source: np.ndarray  # RGBA crop the stroke copied from
    weight: np.ndarray  # float32 0..1: how much of the source the stroke put on each pixel
    revision: int  # the history's revision right after the stroke's clone step

    def blend(self) -> np.ndarray:
        return heal_pixels(self.before, self.source, self.weight)


class HealStroke:
    """One healing-brush stroke on ``layer``: ``add`` pointer samples, then ``finish`` (or ``cancel``).

    It is a clone stroke, recorded as a "Healing Brush" step when it ends (so the user sees the copy at
    once); ``finish`` returns the HealPatch whose blend then replaces that step (``apply_heal``). Raises
    app.history.DocumentError as a clone stroke does (no source point yet, a locked layer)."""

    def __init__(self, doc: Document, layer: Layer, settings: BrushSettings, source: CloneSource,
                 x: float, y: float, pressure: float = 1.0) -> None:
        self.doc = doc
        self.layer = layer
        dx, dy = source.offset_for_stroke(x, y)
        # Whole pixels, as the clone stamp: the copy stays sharp.
        self._offset = int(round(dx)), int(round(dy))
        self._clone = PaintStroke(doc, layer, settings, _tr("Healing Brush"))
        writer = self._clone.writer
        writer.source = lambda rect: writer.original(translate(rect, *self._offset))
        self._clone.begin(x, y, pressure)
        self.footprint = Footprint(settings)
        self.footprint.begin(x, y, pressure)

    def add(self, x: float, y: float, pressure: float = 1.0) -> Rect | None:
        self.footprint.add(x, y, pressure)
        return self._clone.add(x, y, pressure)

    def cancel(self) -> None:
        self._clone.cancel()

    def finish(self) -> HealPatch | None:
        """Record the clone step; the patch to blend (None when the stroke changed nothing)."""
        self.footprint.finish()
        if self._clone.finish() is None:
            return None
        bounds = self.footprint.bounds
        assert bounds is not None  # begin placed a dab
        # One pixel of margin holds the footprint's edge ring (its tone); two for the soft rim's rounding.
        rect = intersect((bounds[0] - 2, bounds[1] - 2, bounds[2] + 4, bounds[3] + 4), self.doc.layer_rect(self.layer))
        assert rect is not None  # the stroke changed pixels of the layer
        writer = self._clone.writer  # still answers for the layer as it was before the stroke
        source = writer.original(translate(rect, *self._offset))
        weight = self.footprint.coverage(rect) * np.float32(self.footprint.settings.opacity)
        weight *= source[..., 3] * np.float32(1 / 255)  # as the clone stamp: a transparent source adds nothing
        selection = _selection_weight(self.doc, rect)
        if selection is not None:
            weight *= selection
        return HealPatch(self.layer.uid, rect, writer.original(rect), source, weight, self.doc.history.revision)


def apply_heal(doc: Document, patch: HealPatch, healed: np.ndarray) -> bool:
    """Replace the stroke's clone step with the ``healed`` crop (``patch.blend()``), one step "Healing
    Brush" either way. Only while the document is as the stroke left it (the same revision, no edit in
    progress); False and nothing done otherwise: the plain copy stays."""
    history = doc.history
    if history.revision != patch.revision or history.transaction is not None or history.grouping:
        return False
    history.undo()
    layer = doc.layer_by_uid(patch.layer_uid)
    with history.paint(layer, _tr("Healing Brush")) as tx:
        tx.touch(patch.rect)
        ys, xs = _layer_slices(layer, patch.rect)
        tx.array[ys, xs] = healed
        doc.notify(tx.what, patch.rect)
    return True


# -- spot healing -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpotPatch:
    """One spot-healing stroke as the inpaint engine takes it: a crop of the layer (canvas ``rect``,
    inside the layer) and the stroke's mask on it."""

    layer_uid: int
    rect: Rect
    mask: np.ndarray  # (h, w) uint8, 255 = repair


def spot_patch(doc: Document, layer: Layer, footprint: Footprint) -> SpotPatch | None:
    """The crop and mask for ``footprint`` on ``layer``: every pixel a dab touched, grown by a pixel, on
    the stroke's box plus the context the inpaint engine's own crop would take (``CONTEXT_SHARE`` of the
    larger side, at least ``MIN_CONTEXT`` px). None when the stroke missed the layer."""
    if footprint.bounds is None:
        return None
    x, y, w, h = footprint.bounds
    margin = max(MIN_CONTEXT, math.ceil(CONTEXT_SHARE * max(w, h)))
    rect = intersect((x - margin, y - margin, w + 2 * margin, h + 2 * margin), doc.layer_rect(layer))
    if rect is None:
        return None
    touched = (footprint.coverage(rect) > 0).astype(np.uint8)
    if not touched.any():
        return None
    # Soft dabs end in pixels covered so little that a painted defect's own rim still shows there.
    mask = cv2.dilate(touched, np.ones((3, 3), np.uint8)) * np.uint8(255)
    mask.setflags(write=False)
    return SpotPatch(layer.uid, rect, mask)


def patch_rgb(doc: Document, patch: SpotPatch) -> np.ndarray:
    """A contiguous RGB uint8 copy of the patch's crop as the layer is now (what the engine repairs)."""
    layer = doc.layer_by_uid(patch.layer_uid)
    ys, xs = _layer_slices(layer, patch.rect)
    return np.ascontiguousarray(layer.pixels[ys, xs, :3])


def apply_spot_heal(doc: Document, patch: SpotPatch, rgb: Any) -> None:
    """Paste the engine's repaired crop ``rgb`` (the patch's size) into the patch's layer as one undo step
    ("Spot Healing Brush"): only pixels that differ are written, inside the selection if there is one;
    alpha is kept. Nothing is recorded when nothing changed."""
    layer = doc.layer_by_uid(patch.layer_uid)
    ys, xs = _layer_slices(layer, patch.rect)
    new = np.asarray(rgb, np.uint8)
    current = layer.pixels[ys, xs, :3]
    selection = _selection_weight(doc, patch.rect)
    if selection is not None:
        mixed = current + (new.astype(np.float32) - current) * selection[..., None]
        new = np.rint(mixed).astype(np.uint8)
    changed = np.any(new != current, axis=-1)
    if not changed.any():
        return
    with doc.history.paint(layer.uid, _tr("Spot Healing Brush")) as tx:
        tx.touch(patch.rect)
        view = tx.array[ys, xs, :3]
        view[changed] = new[changed]
        doc.notify(tx.what, patch.rect)
