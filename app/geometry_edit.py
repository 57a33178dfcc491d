"""A whole-image geometry change (rotate, straighten, perspective, scale) as one undo step whose pixels are
worked out off the UI thread.

    edit = rotate_free(doc, 3.0)        # planned on the UI thread: checks the options, captures the planes
    after = edit.work()                 # any thread: resamples every plane (seconds on a large image)
    edit.apply(after)                   # the UI thread: one undo step, or StaleResultError
    edit.run()                          # both at once, where waiting is fine (scripts, tests)

The capture holds references to the planes' arrays, which are read-only (``app.readonly``); the window
pauses editing while the work runs, and ``apply`` refuses a result the document has moved on from.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.document import Document
from app.geometry import Geometry, transformed
from app.history import StaleResultError
from app.snapshots import DocState, capture, record, restore, whole_image_events
from app.texts import translator

_tr = translator("EngineResults")  # shares its message about a changed image


@dataclass(frozen=True)
class GeometryEdit:
    doc: Document
    name: str  # the undo step's name (translated)
    geometry: Geometry
    before: DocState
    revision: int  # the history's revision when planned

    @classmethod
    def plan(cls, doc: Document, name: str, geometry: Geometry) -> GeometryEdit:
        doc.history.check_can_record()  # fails now, not after seconds of work
        return cls(doc, name, geometry, capture(doc), doc.history.revision)

    def work(self) -> DocState:
        """The document's planes after the change (reads only the capture)."""
        return transformed(self.before, self.geometry)

    def apply(self, after: DocState) -> None:
        """Record ``after`` (from ``work``) as one undo step."""
        if self.doc.history.revision != self.revision:
            raise StaleResultError(_tr("The image changed while “{title}” was running, so its result was not "
                                       "applied.").format(title=self.name))
        record(self.doc, self.name, lambda: restore(self.doc, after), whole_image_events)

    def run(self) -> None:
        self.apply(self.work())
