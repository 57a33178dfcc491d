"""Where face detection results live: the last FacesEngine result per document, which face is chosen,
and the texts that name faces and regions. The dock, the overlay and the face actions all read it here.

``face_results()`` keeps results weakly per document and drops them when the canvas size changes;
``changed(document)`` fires on new results or a new choice.
"""
from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.document import Document
from app.texts import translator
from engines.faces.regions import REGION_NAMES

REGION_LABELS = {
    "face_oval": "Whole face",
    "skin": "Skin",
    "eyes": "Eyes",
    "left_eye": "Left eye",
    "right_eye": "Right eye",
    "irises": "Irises",
    "brows": "Eyebrows",
    "nose": "Nose",
    "lips": "Lips",
    "mouth": "Mouth",
    "mouth_inner": "Inside of the mouth",
}
assert set(REGION_LABELS) == set(REGION_NAMES)


_tr = translator("Faces")


class FaceResults(QObject):
    """Detection results per document. ``changed(document)`` fires on new results or a new selection."""

    changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._data: weakref.WeakKeyDictionary[Document, dict[str, Any]] = weakref.WeakKeyDictionary()
        self._selected: weakref.WeakKeyDictionary[Document, int] = weakref.WeakKeyDictionary()

    def get(self, doc: Document | None) -> dict[str, Any] | None:
        """The stored result, or None when there is none or the canvas size changed since."""
        if doc is None or doc not in self._data:
            return None
        data = self._data[doc]
        if (data["image"]["width"], data["image"]["height"]) != (doc.width, doc.height):
            return None
        return data

    def faces(self, doc: Document | None) -> list[dict[str, Any]]:
        data = self.get(doc)
        return list(data["faces"]) if data else []

    def set(self, doc: Document, data: dict[str, Any]) -> None:
        self._data[doc] = data
        self._selected[doc] = -1
        self.changed.emit(doc)

    def clear(self, doc: Document) -> None:
        self._data.pop(doc, None)
        self._selected.pop(doc, None)
        self.changed.emit(doc)

    def selected(self, doc: Document | None) -> int:
        """Index of the selected face, or -1 for "all faces"."""
        if doc is None or self.get(doc) is None:
            return -1
        return self._selected.get(doc, -1)

    def select(self, doc: Document, index: int) -> None:
        if self._selected.get(doc, -1) != index:
            self._selected[doc] = index
            self.changed.emit(doc)

    def chosen_faces(self, doc: Document | None) -> list[dict[str, Any]]:
        """The selected face, or every face when none is selected."""
        faces = self.faces(doc)
        index = self.selected(doc)
        return [faces[index]] if 0 <= index < len(faces) else faces


_results: FaceResults | None = None


def face_results() -> FaceResults:
    global _results
    if _results is None:
        _results = FaceResults()
    return _results


def faces_found_text(count: int) -> str:
    """"1 face found." / "3 faces found.": plain singular and plural sources rather than a %n plural form,
    which would show "face(s)" in English (there is no English catalogue to pick the form)."""
    if count == 0:
        return _tr("No faces found.")
    if count == 1:
        return _tr("1 face found.")
    return _tr("{n} faces found.").format(n=count)


def region_text(region: str) -> str:
    """A face region's name (engines.faces.regions.REGION_NAMES) in the interface language."""
    return _tr(REGION_LABELS[region])


def face_label(index: int, face: dict[str, Any]) -> str:
    return _tr("Face {n} ({score} %)").format(n=index + 1, score=round(100 * float(face["score"])))
