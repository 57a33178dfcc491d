"""Structural changes recorded as before/after snapshots of the document: the undo machinery behind
``layer_ops``, ``canvas_ops`` and ``engine_results``.

A snapshot holds references to the layer and mask objects and their attributes, including the pixel
arrays. That costs no memory for the arrays both sides share; a change recorded this way therefore
never writes into an existing array, it replaces it (arrays are read-only anyway, see ``app.readonly``;
painting, which does write in place, goes through ``History.paint`` and XOR tile deltas instead).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from app.command import Command
from app.document import BlendMode, Document, Layer, Mask
from app.tiles import EMPTY_RECT, Rect, union

Event = tuple[str, "Rect | None"]


@dataclass(frozen=True)
class _LayerState:
    layer: Layer
    name: str
    visible: bool
    locked: bool
    opacity: float
    blend_mode: BlendMode
    offset: tuple[int, int]
    pixels: np.ndarray
    mask: np.ndarray | None
    mask_enabled: bool


@dataclass(frozen=True)
class _MaskState:
    mask: Mask
    name: str
    data: np.ndarray
    visible: bool
    color: tuple[int, int, int]


@dataclass(frozen=True)
class DocState:
    width: int
    height: int
    layers: tuple[_LayerState, ...]
    active_layer_index: int
    masks: tuple[_MaskState, ...]
    active_mask_index: int
    selection: np.ndarray | None

    def arrays(self) -> dict[int, np.ndarray]:
        found = {id(s.pixels): s.pixels for s in self.layers}
        found.update({id(s.mask): s.mask for s in self.layers if s.mask is not None})
        found.update({id(m.data): m.data for m in self.masks})
        if self.selection is not None:
            found[id(self.selection)] = self.selection
        return found


def capture(doc: Document) -> DocState:
    return DocState(
        doc.width,
        doc.height,
        tuple(
            _LayerState(ly, ly.name, ly.visible, ly.locked, ly.opacity, ly.blend_mode, ly.offset, ly.pixels,
                        ly.mask, ly.mask_enabled)
            for ly in doc.layers
        ),
        doc.active_layer_index,
        tuple(_MaskState(m, m.name, m.data, m.visible, m.color) for m in doc.masks),
        doc.active_mask_index,
        doc.selection,
    )


def restore(doc: Document, state: DocState) -> None:
    doc.width, doc.height = state.width, state.height
    for s in state.layers:
        layer = s.layer
        layer.name, layer.visible, layer.locked = s.name, s.visible, s.locked
        layer.opacity, layer.blend_mode, layer.offset, layer.pixels = s.opacity, s.blend_mode, s.offset, s.pixels
        layer.mask, layer.mask_enabled = s.mask, s.mask_enabled
    doc.layers = [s.layer for s in state.layers]
    doc.active_layer_index = state.active_layer_index
    for m in state.masks:
        m.mask.name, m.mask.data, m.mask.visible, m.mask.color = m.name, m.data, m.visible, m.color
    doc.masks = [m.mask for m in state.masks]
    doc.active_mask_index = state.active_mask_index
    doc.selection = state.selection


def merge_events(a: list[Event], b: list[Event]) -> list[Event]:
    rects: dict[str, Rect | None] = {}
    for what, rect in a + b:
        if what in rects:
            old = rects[what]
            rects[what] = None if old is None or rect is None else (union(old, rect) or EMPTY_RECT)
        else:
            rects[what] = rect
    return list(rects.items())


def emit(doc: Document, events: list[Event]) -> None:
    for what, rect in events:
        doc.notify(what, rect)


def whole_image_events() -> list[Event]:
    """What a change of the canvas geometry (crop, scale, rotate...) notifies."""
    return [("canvas", None), ("layers", None), ("masks", None), ("selection", None)]


class SnapshotCommand(Command):
    """Restores the document structure before or after a change.

    When leaving a side, that side is captured again: later steps may have swapped array objects for
    equal-content copies (rotations do), and the live objects are the ones that hold the right pixels.
    """

    def __init__(self, name: str, before: DocState, after: DocState, events: list[Event], key: Any = None) -> None:
        self.name = name
        self.before = before
        self.after = after
        self.events = events
        self.coalesce_key = key

    def redo(self, doc: Document) -> None:
        self.before = capture(doc)
        restore(doc, self.after)
        emit(doc, self.events)

    def undo(self, doc: Document) -> None:
        self.after = capture(doc)
        restore(doc, self.before)
        emit(doc, self.events)

    def held_bytes(self, applied: bool) -> int:
        gone, live = (self.before, self.after) if applied else (self.after, self.before)
        live_ids = live.arrays()
        return sum(a.nbytes for i, a in gone.arrays().items() if i not in live_ids)

    def absorb(self, newer: Command) -> None:
        assert isinstance(newer, SnapshotCommand)
        self.after = newer.after
        self.events = merge_events(self.events, newer.events)


def record(
    doc: Document,
    name: str,
    change: Callable[[], Any],
    events: Callable[[], list[Event]],
    key: Any = None,
) -> Any:
    """Run ``change`` (which must replace arrays, never write into them) and record it as one step.
    ``events`` is called before and after the change; the union of both is what gets repainted."""
    doc.history.check_can_record()
    before = capture(doc)
    old_events = events()
    try:
        result = change()
    except BaseException:
        restore(doc, before)  # a change that failed half way leaves nothing behind
        raise
    all_events = merge_events(old_events, events())
    doc.history.push(SnapshotCommand(name, before, capture(doc), all_events, key), applied=True)
    emit(doc, all_events)
    return result
