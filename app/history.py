"""One linear undo history for a document, with a memory budget, and the pixel-edit transaction.

Every user change is a ``Command`` pushed onto ``doc.history``. Commands notify the document's listeners
with what they changed; the history itself notifies "history" after any change to the step list, the
current index or the clean mark.

Painting tools record their edits like this (rect in canvas coordinates)::

    with doc.history.paint(layer.uid, "Brush Stroke") as tx:   # or mask.uid, or document.SELECTION
        tx.touch(rect)        # before writing into rect; saves only tiles not saved yet
        ...write into tx.array (layer.pixels / mask.data / doc.selection)...
        doc.notify("pixels", rect)   # tools notify while painting, for live repaint

On leaving the block the changed tiles become one step (an exception rolls the edit back instead).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from app.texts import translator
from app.tiles import TILE, Rect, TileDeltas, normalize, tile_rect, tile_slices, tiles_in, translate, union

if TYPE_CHECKING:
    from app.document import Document

DEFAULT_BUDGET = 512 * 1024 * 1024


class DocumentError(ValueError):
    """A change the user asked for cannot be made; the message is written for a person."""


_tr = translator("History")


class Command:
    """One undoable step. ``redo`` applies it, ``undo`` reverts it; both notify the document."""

    name: str = ""
    # Consecutive commands with the same non-None key merge into one step (e.g. an opacity drag).
    coalesce_key: Any = None

    def redo(self, doc: "Document") -> None:
        raise NotImplementedError

    def undo(self, doc: "Document") -> None:
        raise NotImplementedError

    def held_bytes(self, applied: bool) -> int:
        """Memory only this step keeps alive, in the given state (applied or undone)."""
        return 0

    def absorb(self, newer: "Command") -> None:
        """Take over ``newer``'s end state (called only when coalesce keys match)."""
        raise NotImplementedError


class History:
    def __init__(self, doc: "Document", budget_bytes: int = DEFAULT_BUDGET) -> None:
        self._doc = doc
        self._steps: list[Command] = []
        self._index = 0  # number of applied steps; 0 = the state when opened (or oldest kept)
        self._clean: int | None = 0  # index at the last save; None when that state was dropped
        self._budget = int(budget_bytes)
        self._busy = False  # guards against pushing from inside undo/redo
        self._open_tx: PaintTransaction | None = None
        self._revision = 0  # counts every change of the document's state (push, undo, redo, goto, clear)

    # -- queries --------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [step.name for step in self._steps]

    @property
    def index(self) -> int:
        """Number of applied steps: goto(i) shows the state after the first i steps of ``names``."""
        return self._index

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps)

    @property
    def undo_name(self) -> str | None:
        return self._steps[self._index - 1].name if self.can_undo else None

    @property
    def redo_name(self) -> str | None:
        return self._steps[self._index].name if self.can_redo else None

    @property
    def nbytes(self) -> int:
        """Memory held by the history (pixels the document no longer shows)."""
        return sum(step.held_bytes(i < self._index) for i, step in enumerate(self._steps))

    @property
    def budget_bytes(self) -> int:
        return self._budget

    @budget_bytes.setter
    def budget_bytes(self, value: int) -> None:
        self._budget = int(value)
        if self._enforce_budget():
            self._changed()

    @property
    def revision(self) -> int:
        """Changes with every step pushed, undone or redone: work started on an older revision (a save's
        snapshot, a job's input) knows the document has moved on since."""
        return self._revision

    @property
    def modified(self) -> bool:
        return self._clean != self._index

    @property
    def clean_index(self) -> int | None:
        return self._clean

    # -- changes --------------------------------------------------------------------------------
    def check_can_record(self) -> None:
        """Raise RuntimeError if a step cannot be recorded now (call before changing anything)."""
        if self._busy:
            raise RuntimeError("cannot record a step while undoing or redoing")
        if self._open_tx is not None:
            raise RuntimeError("a paint transaction is open; commit it first")

    def push(self, command: Command, *, applied: bool = False) -> None:
        """Add a step; applies it first unless ``applied`` (it was done while being built)."""
        if not isinstance(command, PixelEditCommand):
            self.check_can_record()
        elif self._busy:
            raise RuntimeError("cannot record a step while undoing or redoing")
        if not applied:
            self._busy = True
            try:
                command.redo(self._doc)
            finally:
                self._busy = False
        del self._steps[self._index:]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was in the discarded redo branch
        top = self._steps[-1] if self._steps else None
        if (
            top is not None
            and command.coalesce_key is not None
            and command.coalesce_key == top.coalesce_key
            and self._clean != self._index
        ):
            top.absorb(command)
        else:
            self._steps.append(command)
            self._index += 1
        self._enforce_budget()
        self._changed()

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self._step(-1)
        self._changed()
        return True

    def redo(self) -> bool:
        if not self.can_redo:
            return False
        self._step(+1)
        self._changed()
        return True

    def goto(self, index: int) -> None:
        """Undo or redo until ``index`` steps are applied (the history panel's click)."""
        if not 0 <= index <= len(self._steps):
            raise IndexError(index)
        if index == self._index:
            return
        while self._index > index:
            self._step(-1)
        while self._index < index:
            self._step(+1)
        self._changed()

    def mark_clean(self) -> None:
        """Call after saving: the current state is the saved one."""
        self._clean = self._index
        self._doc.notify("history", None)

    def mark_unsaved(self) -> None:
        """No state in this history is saved anywhere (e.g. a document recovered after a crash)."""
        self._clean = None
        self._doc.notify("history", None)

    def clear(self) -> None:
        """Forget all steps (e.g. after opening another file into this document)."""
        self._steps.clear()
        self._index = 0
        self._clean = 0
        self._changed()

    def paint(self, target: Any, name: str, tile: int = TILE) -> "PaintTransaction":
        """A pixel-edit transaction on a layer (uid or Layer), mask (uid or Mask) or SELECTION."""
        return PaintTransaction(self._doc, target, name, tile)

    # -- internals ------------------------------------------------------------------------------
    def _step(self, direction: int) -> None:
        if self._open_tx is not None:
            raise RuntimeError("a paint transaction is open; commit it first")
        self._busy = True
        try:
            if direction < 0:
                self._steps[self._index - 1].undo(self._doc)
                self._index -= 1
            else:
                self._steps[self._index].redo(self._doc)
                self._index += 1
        finally:
            self._busy = False

    def _enforce_budget(self) -> bool:
        """Drop the oldest applied steps (then the newest redo steps) until within budget."""
        dropped = False
        while self.nbytes > self._budget:
            if self._index > 1:
                del self._steps[0]
                self._index -= 1
                if self._clean is not None:
                    self._clean = self._clean - 1 if self._clean > 0 else None
            elif len(self._steps) > self._index:
                del self._steps[-1]
                if self._clean is not None and self._clean > len(self._steps):
                    self._clean = None
            else:
                break  # keep the latest step even if it alone is over budget
            dropped = True
        return dropped

    def _changed(self) -> None:
        self._revision += 1
        self._doc.notify("history", None)


# -- pixel edits ----------------------------------------------------------------------------------
def _resolve_target(doc: "Document", target: Any) -> tuple[str, Any]:
    """(kind, key): kind is "layer", "mask" or "selection"; key the uid (None for the selection)."""
    from app.document import SELECTION

    if isinstance(target, str):
        if target != SELECTION:
            raise ValueError(f"unknown paint target {target!r}")
        return "selection", None
    uid = getattr(target, "uid", target)
    try:
        doc.layer_by_uid(uid)
        return "layer", uid
    except KeyError:
        pass
    doc.mask_by_uid(uid)  # raises KeyError for an unknown uid
    return "mask", uid


def _target_array(doc: "Document", kind: str, key: Any, create: bool = False) -> tuple[np.ndarray | None, tuple[int, int]]:
    """The target's array and its top-left on the canvas."""
    if kind == "layer":
        layer = doc.layer_by_uid(key)
        return layer.pixels, layer.offset
    if kind == "mask":
        return doc.mask_by_uid(key).data, (0, 0)
    if doc.selection is None and create:
        doc.selection = np.zeros((doc.height, doc.width), np.uint8)
    return doc.selection, (0, 0)


_WHAT = {"layer": "pixels", "mask": "masks", "selection": "selection"}


class PixelEditCommand(Command):
    """Changed tiles of one layer, mask or the selection, stored as XOR deltas."""

    def __init__(self, name: str, kind: str, key: Any, deltas: TileDeltas, created_selection: bool) -> None:
        self.name = name
        self.kind = kind
        self.key = key
        self.deltas = deltas
        self.created_selection = created_selection
        self._nbytes = deltas.nbytes  # deltas never change after commit

    def _apply(self, doc: "Document", undo: bool) -> None:
        array, origin = _target_array(doc, self.kind, self.key, create=self.created_selection and not undo)
        assert array is not None
        self.deltas.apply(array)
        if undo and self.created_selection:
            doc.selection = None
        bounds = self.deltas.bounds()
        doc.notify(_WHAT[self.kind], None if bounds is None else translate(bounds, *origin))

    def redo(self, doc: "Document") -> None:
        self._apply(doc, undo=False)

    def undo(self, doc: "Document") -> None:
        self._apply(doc, undo=True)

    def held_bytes(self, applied: bool) -> int:
        return self._nbytes


class PaintTransaction:
    """Collects the tiles a tool is about to change; commit turns them into one history step."""

    def __init__(self, doc: "Document", target: Any, name: str, tile: int = TILE) -> None:
        history = doc.history
        if history._open_tx is not None:
            raise RuntimeError("another paint transaction is already open")
        self._doc = doc
        self.name = name
        self.kind, self.key = _resolve_target(doc, target)
        if self.kind == "layer" and doc.layer_by_uid(self.key).locked:
            raise DocumentError(_tr("The layer is locked."))
        self._created_selection = self.kind == "selection" and doc.selection is None
        array, self.origin = _target_array(doc, self.kind, self.key, create=True)
        assert array is not None
        self.array: np.ndarray = array
        self._tile = tile
        self._before: dict[tuple[int, int], np.ndarray] = {}
        self._done = False
        history._open_tx = self

    def touch(self, rect: Rect | None = None) -> None:
        """Call before writing into ``rect`` (canvas coordinates; None = the whole target)."""
        if self._done:
            raise RuntimeError("transaction already finished")
        local = (0, 0, self.array.shape[1], self.array.shape[0]) if rect is None else translate(
            normalize(rect), -self.origin[0], -self.origin[1]
        )
        for key in tiles_in(local, self.array.shape, self._tile):
            if key not in self._before:
                ys, xs = tile_slices(key, self.array.shape, self._tile)
                self._before[key] = self.array[ys, xs].copy()

    @property
    def touched_rect(self) -> Rect | None:
        """Canvas rect covering the tiles saved so far."""
        out: Rect | None = None
        for key in self._before:
            out = union(out, tile_rect(key, self.array.shape, self._tile))
        return None if out is None else translate(out, *self.origin)

    def commit(self) -> PixelEditCommand | None:
        """Record the changed tiles as one step; returns None (no step) when nothing changed."""
        self._finish()
        deltas = TileDeltas(self.array.shape, self._tile)
        for key, before in self._before.items():
            ys, xs = tile_slices(key, self.array.shape, self._tile)
            deltas.add(key, before, self.array[ys, xs])
        self._before.clear()
        if not deltas:
            if self._created_selection:
                self._doc.selection = None
            return None
        command = PixelEditCommand(self.name, self.kind, self.key, deltas, self._created_selection)
        self._doc.history.push(command, applied=True)
        return command

    def rollback(self) -> None:
        """Put back every saved tile and record nothing."""
        self._finish()
        rect = self.touched_rect
        for key, before in self._before.items():
            ys, xs = tile_slices(key, self.array.shape, self._tile)
            self.array[ys, xs] = before
        self._before.clear()
        if self._created_selection:
            self._doc.selection = None
        if rect is not None:
            self._doc.notify(_WHAT[self.kind], rect)

    def _finish(self) -> None:
        if self._done:
            raise RuntimeError("transaction already finished")
        self._done = True
        self._doc.history._open_tx = None

    def __enter__(self) -> "PaintTransaction":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._done:
            return
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

