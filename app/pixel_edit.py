"""Pixel edits: the paint transaction a tool writes through, and the step it becomes (changed tiles as
XOR deltas). Made by ``History.paint``; the target array is writable only while the transaction is open
(``app.readonly``)."""
from __future__ import annotations

from typing import Any, Callable, Protocol

import numpy as np

from app.command import Command
from app.readonly import freeze, thaw, writable
from app.tiles import TILE, Rect, TileDeltas, normalize, tile_rect, tile_slices, tiles_in, translate, union


class Plane(Protocol):
    """A pixel array that a transaction edits (``app.document.Plane``)."""

    @property
    def what(self) -> str: ...  # the notification its changes send
    @property
    def origin(self) -> tuple[int, int]: ...  # its top-left on the canvas
    @property
    def locked(self) -> bool: ...
    def get(self) -> np.ndarray | None: ...
    def create(self) -> np.ndarray: ...  # makes an empty selection when there is none
    def remove(self) -> None: ...  # back to "no selection"


class Notifier(Protocol):
    """The document, as far as a pixel edit needs it."""

    def notify(self, what: str, rect: Rect | None = None) -> None: ...


class PixelEditCommand(Command):
    """Changed tiles of one layer, mask or the selection, stored as XOR deltas."""

    def __init__(self, name: str, plane: Plane, deltas: TileDeltas, created_selection: bool) -> None:
        self.name = name
        self.plane = plane
        self.deltas = deltas
        self.created_selection = created_selection
        self._nbytes = deltas.nbytes  # deltas never change after commit

    def _apply(self, doc: Notifier, undo: bool) -> None:
        array = self.plane.create() if self.created_selection and not undo else self.plane.get()
        if array is None:
            raise RuntimeError(f"history out of step: no array for {self.name!r}")
        with writable(array):
            self.deltas.apply(array)
        if undo and self.created_selection:
            self.plane.remove()
        bounds = self.deltas.bounds()
        doc.notify(self.plane.what, None if bounds is None else translate(bounds, *self.plane.origin))

    def redo(self, doc: Any) -> None:
        self._apply(doc, undo=False)

    def undo(self, doc: Any) -> None:
        self._apply(doc, undo=True)

    def held_bytes(self, applied: bool) -> int:
        return self._nbytes


class PaintTransaction:
    """Collects the tiles a tool is about to change; commit turns them into one history step.
    Made by ``History.paint``; the target array is writable until commit or rollback."""

    def __init__(self, doc: Notifier, plane: Plane, name: str, on_end: Callable[[PixelEditCommand | None], None],
                 tile: int = TILE) -> None:
        self._doc = doc
        self._plane = plane
        self._on_end = on_end
        self.name = name
        self._created_selection = plane.get() is None
        self.array: np.ndarray = plane.create()
        self.origin = plane.origin
        self._tile = tile
        self._before: dict[tuple[int, int], np.ndarray] = {}
        self._done = False
        thaw(self.array)

    @property
    def what(self) -> str:
        """The notification this edit sends ("pixels", "masks" or "selection")."""
        return self._plane.what

    def touch(self, rect: Rect | None = None) -> None:
        """Call before writing into ``rect`` (canvas coordinates; None = the whole target)."""
        self._check_open()
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
        self._check_open()
        self._finish()
        deltas = TileDeltas(self.array.shape, self._tile)
        for key, before in self._before.items():
            ys, xs = tile_slices(key, self.array.shape, self._tile)
            deltas.add(key, before, self.array[ys, xs])
        self._before.clear()
        command = None
        if deltas:
            command = PixelEditCommand(self.name, self._plane, deltas, self._created_selection)
        elif self._created_selection:
            self._plane.remove()
        self._on_end(command)
        return command

    def rollback(self) -> None:
        """Put back every saved tile and record nothing."""
        self._check_open()
        rect = self.touched_rect
        for key, before in self._before.items():
            ys, xs = tile_slices(key, self.array.shape, self._tile)
            self.array[ys, xs] = before
        self._finish()
        self._before.clear()
        if self._created_selection:
            self._plane.remove()
        self._on_end(None)
        if rect is not None:
            self._doc.notify(self.what, rect)

    def _check_open(self) -> None:
        if self._done:
            raise RuntimeError("transaction already finished")

    def _finish(self) -> None:
        self._done = True
        freeze(self.array)

    def __enter__(self) -> "PaintTransaction":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._done:
            return
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
