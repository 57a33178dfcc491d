"""Faces on the canvas: where detection results live, the overlay that draws them, and the face list dock.

- ``face_results()``: the last FacesEngine result per document (kept weakly, dropped when the canvas size
  changes), with a ``changed`` signal, and which face is selected.
- ``FacesOverlay``: paints boxes, the 5 points, mesh points and irises with a QPainter in view
  coordinates; ``paint(painter, transform)`` works on any paint device, so it is testable on a QImage.
  The canvas calls it through ``canvas.add_overlay_painter(fn)`` when the canvas offers that hook.
- ``FaceListDock(window)``: the faces found, overlay toggles, and buttons for detection, face-region masks
  and Align & Crop (those actions live in widgets/face_dialogs.py).
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.texts import translator
from engines.faces.regions import REGION_NAMES

MESH_MIN_VIEW_PX = 80  # below this face size on screen the 468 points are clutter: they are not drawn

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


def face_label(index: int, face: dict[str, Any]) -> str:
    return _tr("Face {n} ({score} %)").format(n=index + 1, score=round(100 * float(face["score"])))


class FacesOverlay:
    """Draws faces over an image shown through ``transform`` (image pixels -> view pixels)."""

    def __init__(self) -> None:
        self.faces: list[dict[str, Any]] = []
        self.selected = -1
        self.show_boxes = True
        self.show_points = True
        self.show_mesh = True
        self.show_iris = True
        self.box_color = QColor(60, 220, 90)
        self.selected_color = QColor(255, 200, 40)
        self.point_color = QColor(240, 60, 60)
        self.mesh_color = QColor(255, 255, 255, 170)
        self.iris_color = QColor(60, 190, 255)

    def set_faces(self, faces: list[dict[str, Any]], selected: int = -1) -> None:
        self.faces = list(faces)
        self.selected = selected

    def paint(self, painter: QPainter, transform: QTransform) -> None:
        if not self.faces:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for index, face in enumerate(self.faces):
            self._paint_face(painter, transform, face, index == self.selected)
        painter.restore()

    def paint_on_canvas(self, painter: QPainter, canvas: Any) -> None:
        """Paint over a CanvasView (its origin and zoom give the transform)."""
        origin, zoom = canvas.origin(), canvas.zoom
        self.paint(painter, QTransform(zoom, 0, 0, zoom, origin.x(), origin.y()))

    def _paint_face(self, painter: QPainter, transform: QTransform, face: dict[str, Any], selected: bool) -> None:
        x0, y0, x1, y1 = face["box"]
        rect = transform.mapRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        size = max(rect.width(), rect.height())
        dot = max(1.5, size / 80)
        if self.show_boxes:
            pen = QPen(self.selected_color if selected else self.box_color, 3 if selected else 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
        painter.setPen(Qt.PenStyle.NoPen)
        if self.show_mesh and size >= MESH_MIN_VIEW_PX and face.get("landmarks468"):
            painter.setBrush(self.mesh_color)
            r = max(0.8, dot * 0.35)
            for x, y, *_ in face["landmarks468"]:
                painter.drawEllipse(transform.map(QPointF(x, y)), r, r)
        if self.show_points:
            painter.setBrush(self.point_color)
            for x, y in face.get("points5", []):
                painter.drawEllipse(transform.map(QPointF(x, y)), dot * 1.6, dot * 1.6)
        if self.show_iris and face.get("iris"):
            pen = QPen(self.iris_color, 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            scale = transform.m11()
            for eye in face["iris"].values():
                centre = transform.map(QPointF(*eye["center"]))
                painter.drawEllipse(centre, eye["radius"] * scale, eye["radius"] * scale)


class FaceListDock(QDockWidget):
    """The faces found in the window's document; choosing one makes masks and crops use it alone."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Faces"), parent or (window if isinstance(window, QWidget) else None))
        self.setObjectName("FaceListDock")
        self.window_ = window
        self.overlay = FacesOverlay()
        self._results = face_results()

        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.find_button = QPushButton(self.tr("Find Faces"), body)
        self.find_button.clicked.connect(self._find)
        layout.addWidget(self.find_button)
        self.status = QLabel(self.tr("No faces found yet."), body)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.list = QListWidget(body)
        self.list.setMinimumHeight(6 * self.list.fontMetrics().height() + 12)  # a few faces visible at once
        self.list.currentRowChanged.connect(self._on_row)
        layout.addWidget(self.list, 1)

        self.show_boxes = self._toggle(body, layout, self.tr("Boxes"), "show_boxes")
        self.show_mesh = self._toggle(body, layout, self.tr("Mesh"), "show_mesh")
        self.show_iris = self._toggle(body, layout, self.tr("Irises"), "show_iris")

        row = QHBoxLayout()
        self.region = QComboBox(body)
        for name, label in REGION_LABELS.items():
            self.region.addItem(_tr(label), name)
        self.mask_button = QPushButton(self.tr("Make Mask"), body)
        self.mask_button.setToolTip(self.tr("A new mask of this part of the chosen face (or of every face)."))
        self.mask_button.clicked.connect(self._make_mask)
        row.addWidget(self.region, 1)
        row.addWidget(self.mask_button)
        layout.addLayout(row)
        self.align_button = QPushButton(self.tr("Align && Crop…"), body)
        self.align_button.clicked.connect(self._align)
        layout.addWidget(self.align_button)
        self.setWidget(body)

        self._results.changed.connect(self._on_results)
        window.canvas.add_overlay_painter(self.overlay.paint_on_canvas)
        # Faces found before a crop, rotation, flip or resize no longer sit where they were found.
        window.bridge.canvasChanged.connect(self._geometry_changed)
        window.bridge.documentReplaced.connect(lambda _doc: self.refresh())
        self.refresh()

    def retranslate(self) -> None:
        """Texts again in the current language (on a language change)."""
        self.setWindowTitle(self.tr("Faces"))
        self.find_button.setText(self.tr("Find Faces"))
        self.show_boxes.setText(self.tr("Boxes"))
        self.show_mesh.setText(self.tr("Mesh"))
        self.show_iris.setText(self.tr("Irises"))
        for i, label in enumerate(REGION_LABELS.values()):
            self.region.setItemText(i, _tr(label))
        self.mask_button.setText(self.tr("Make Mask"))
        self.align_button.setText(self.tr("Align && Crop…"))
        self.refresh()

    def changeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _toggle(self, parent: QWidget, layout: QVBoxLayout, text: str, attribute: str) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.setChecked(getattr(self.overlay, attribute))

        def changed(on: bool) -> None:
            setattr(self.overlay, attribute, bool(on))
            self._repaint_canvas()

        box.toggled.connect(changed)
        layout.addWidget(box)
        return box

    @property
    def document(self) -> Document | None:
        return self.window_.document

    def refresh(self) -> None:
        """Rebuild the list and the overlay from the stored results of the window's document."""
        doc = self.document
        faces = self._results.faces(doc)
        selected = self._results.selected(doc)
        self.list.blockSignals(True)
        self.list.clear()
        for index, face in enumerate(faces):
            QListWidgetItem(face_label(index, face), self.list)
        self.list.setCurrentRow(selected)
        self.list.blockSignals(False)
        if self._results.get(doc) is None:
            self.status.setText(self.tr("No faces found yet."))
        else:
            self.status.setText(faces_found_text(len(faces)))
        has_faces = bool(faces)
        self.mask_button.setEnabled(doc is not None)
        self.align_button.setEnabled(doc is not None)
        self.find_button.setEnabled(doc is not None)
        self.overlay.set_faces(faces, selected)
        self.mask_button.setToolTip(
            self.tr("A new mask of this part of the chosen face (or of every face).") if has_faces
            else self.tr("Finds the faces first, then makes the mask.")
        )
        self._repaint_canvas()

    def _repaint_canvas(self) -> None:
        self.window_.canvas.viewport().update()

    def _geometry_changed(self) -> None:
        doc = self.document
        if doc is not None and self._results.get(doc) is not None:
            self._results.clear(doc)

    def _on_results(self, doc: Any) -> None:
        if doc is self.document:
            self.refresh()

    def _on_row(self, row: int) -> None:
        doc = self.document
        if doc is not None:
            self._results.select(doc, row)

    # -- actions (in face_dialogs, imported late: they pull in QtWidgets dialogs and the engine) -------
    def _call(self, name: str) -> Callable[..., Any]:
        from widgets import face_dialogs

        return getattr(face_dialogs, name)

    def _find(self) -> None:
        self._call("detect_faces")(self.window_)

    def _make_mask(self) -> None:
        self._call("select_face_region")(self.window_, self.region.currentData())

    def _align(self) -> None:
        self._call("show_align_crop_dialog")(self.window_)
