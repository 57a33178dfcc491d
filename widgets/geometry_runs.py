"""Whole-image geometry edits (``app.geometry_edit``: rotate, straighten, perspective, scale) run with the
window waiting: the busy bar shows, editing pauses, the planes are resampled off the UI thread and the
result is recorded as one undo step when it lands."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.geometry_edit import GeometryEdit

# (busy message, work, done(result)): ``DocumentFiles.run_io``
RunBusy = Callable[[str, Callable[[], Any], Callable[[Any], None]], None]


def start_edit(run_busy: RunBusy, edit: GeometryEdit | None) -> bool:
    """Start ``edit``; it is recorded when its work lands. False when there is nothing to do (None)."""
    if edit is None:
        return False
    run_busy(QCoreApplication.translate("GeometryRuns", "Applying {0}…").format(edit.name), edit.work, edit.apply)
    return True
