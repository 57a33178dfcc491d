"""The undoable step every change of a document is recorded as (``app.history`` keeps the list)."""
from __future__ import annotations

from typing import Any


class Command:
    """One undoable step. ``redo`` applies it, ``undo`` reverts it; both notify the document.

    ``doc`` is the Document (typed Any: the history knows no document type, so that app.document can
    import it and not the other way round)."""

    name: str = ""
    # Consecutive commands with the same non-None key merge into one step (e.g. an opacity drag).
    coalesce_key: Any = None

    def redo(self, doc: Any) -> None:
        raise NotImplementedError

    def undo(self, doc: Any) -> None:
        raise NotImplementedError

    def held_bytes(self, applied: bool) -> int:
        """Memory only this step keeps alive, in the given state (applied or undone)."""
        return 0

    def absorb(self, newer: "Command") -> None:
        """Take over ``newer``'s end state (called only when coalesce keys match)."""
        raise NotImplementedError
