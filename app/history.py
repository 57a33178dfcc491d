"""One linear undo history for a document, with a memory budget, groups, and the pixel-edit transaction.

Every user change is a ``Command`` pushed onto ``doc.history``. Commands notify the document's listeners
with what they changed; the history itself notifies "history" after any change to the step list, the
current index or the clean mark.

Painting tools record their edits like this (rect in canvas coordinates)::

    with doc.history.paint(layer.uid, "Brush Stroke") as tx:   # or mask.uid, or document.SELECTION
        tx.touch(rect)        # before writing into rect; saves only tiles not saved yet
        ...write into tx.array (layer.pixels / mask.data / doc.selection)...
        doc.notify("pixels", rect)   # tools notify while painting, for live repaint

On leaving the block the changed tiles become one step (an exception rolls the edit back instead). The
target array is writable only while the transaction is open (``app.pixel_edit``, ``app.readonly``).

One user action made of several commands is one step::

    with doc.history.group("Import PSD"):
        for layer in layers:
            layer_ops.add_layer_object(doc, layer, ...)

Groups inside a group fold into the outer one; an exception rolls back what was done inside the group
that it leaves, and records nothing.

The history knows no document type (app.document imports this module, not the other way round): it
works on a host with ``notify(what, rect)`` and ``plane(target)`` (see ``Host``).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Protocol

from app.command import Command
from app.pixel_edit import PaintTransaction, PixelEditCommand, Plane
from app.texts import translator
from app.tiles import TILE, Rect

DEFAULT_BUDGET = 512 * 1024 * 1024


class DocumentError(ValueError):
    """A change the user asked for cannot be made; the message is written for a person."""


class StaleResultError(DocumentError):
    """The image changed while background work ran: its result belongs to an older state of the document."""


_tr = translator("History")


class Host(Protocol):
    """What the history needs from its document."""

    def notify(self, what: str, rect: Rect | None = None) -> None: ...
    def plane(self, target: Any) -> Plane: ...


class GroupCommand(Command):
    """Several commands recorded as one step (``History.group``)."""

    def __init__(self, name: str, commands: list[Command]) -> None:
        self.name = name
        self.commands = tuple(commands)

    def redo(self, doc: Any) -> None:
        for command in self.commands:
            command.redo(doc)

    def undo(self, doc: Any) -> None:
        for command in reversed(self.commands):
            command.undo(doc)

    def held_bytes(self, applied: bool) -> int:
        return sum(command.held_bytes(applied) for command in self.commands)


class History:
    def __init__(self, doc: Host, budget_bytes: int = DEFAULT_BUDGET) -> None:
        self._doc = doc
        self._steps: list[Command] = []
        self._index = 0  # number of applied steps; 0 = the state when opened (or oldest kept)
        self._clean: int | None = 0  # index at the last save; None when that state was dropped
        self._budget = int(budget_bytes)
        self._busy = False  # guards against pushing from inside undo/redo
        self._tx: PaintTransaction | None = None
        self._group: list[Command] | None = None  # commands recorded in the open group
        self._revision = 0  # counts every change of the document's state (push, undo, redo, goto, clear)

    # -- queries --------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [step.name for step in self._steps]

    @property
    def steps(self) -> tuple[Command, ...]:
        """The recorded steps, oldest first (read-only: change them through push/undo/redo)."""
        return tuple(self._steps)

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

    @property
    def transaction(self) -> PaintTransaction | None:
        """The open paint transaction, if any."""
        return self._tx

    @property
    def grouping(self) -> bool:
        """True inside ``group``: steps pushed now become part of one step."""
        return self._group is not None

    # -- changes --------------------------------------------------------------------------------
    def check_can_record(self) -> None:
        """Raise RuntimeError if a step cannot be recorded now (call before changing anything)."""
        if self._busy:
            raise RuntimeError("cannot record a step while undoing or redoing")
        if self._tx is not None:
            raise RuntimeError("a paint transaction is open; commit it first")

    def push(self, command: Command, *, applied: bool = False) -> None:
        """Add a step; applies it first unless ``applied`` (it was done while being built)."""
        self.check_can_record()
        if not applied:
            self._busy = True
            try:
                command.redo(self._doc)
            finally:
                self._busy = False
        if self._group is not None:
            self._group.append(command)
            self._revision += 1
            return
        self._add_step(command)

    @contextmanager
    def group(self, name: str) -> Iterator[None]:
        """Everything recorded inside the block becomes one step named ``name`` (nothing when nothing
        was recorded). Nested groups fold into the outermost. An exception undoes what was recorded in
        this block (and an open paint transaction) and records nothing of it."""
        self.check_can_record()
        outermost = self._group is None
        commands: list[Command] = [] if self._group is None else self._group
        self._group = commands
        start = len(commands)
        try:
            yield
            if self._tx is not None:
                raise RuntimeError("a paint transaction opened in a group must end inside it")
        except BaseException:
            self._roll_back(commands, start)
            if outermost:
                self._group = None
            raise
        if outermost:
            self._group = None
            if commands:
                self._add_step(GroupCommand(name, commands))

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
        self._require_no_group()
        self._clean = self._index
        self._doc.notify("history", None)

    def mark_unsaved(self) -> None:
        """No state in this history is saved anywhere (e.g. a document recovered after a crash)."""
        self._clean = None
        self._doc.notify("history", None)

    def clear(self) -> None:
        """Forget all steps (e.g. after opening another file into this document)."""
        self._require_no_group()
        self._steps.clear()
        self._index = 0
        self._clean = 0
        self._changed()

    def paint(self, target: Any, name: str, tile: int = TILE) -> PaintTransaction:
        """A pixel-edit transaction on a layer (uid or Layer), mask (uid or Mask) or SELECTION."""
        self.check_can_record()
        plane = self._doc.plane(target)
        if plane.locked:
            raise DocumentError(_tr("The layer is locked."))
        self._tx = PaintTransaction(self._doc, plane, name, self._end_paint, tile)
        return self._tx

    # -- internals ------------------------------------------------------------------------------
    def _end_paint(self, command: PixelEditCommand | None) -> None:
        """The open transaction ended; its step (None when nothing changed or it rolled back)."""
        self._tx = None
        if command is not None:
            self.push(command, applied=True)

    def _add_step(self, command: Command) -> None:
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

    def _roll_back(self, commands: list[Command], start: int) -> None:
        """Undo and forget ``commands[start:]`` (a group left by an exception)."""
        if self._tx is not None:
            self._tx.rollback()
        done = commands[start:]
        del commands[start:]
        self._busy = True
        try:
            for command in reversed(done):
                command.undo(self._doc)
        finally:
            self._busy = False
        self._revision += 1

    def _require_no_group(self) -> None:
        if self._group is not None:
            raise RuntimeError("a history group is open; leave it first")

    def _step(self, direction: int) -> None:
        if self._tx is not None:
            raise RuntimeError("a paint transaction is open; commit it first")
        self._require_no_group()
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
