"""Faces on the canvas: the overlay that draws them and the face list dock.

- ``FacesOverlay``: paints boxes, the 5 points, mesh points and irises with a QPainter in view
  coordinates; ``paint(painter, transform)`` works on any paint device, so it is testable on a QImage.
  The dock hands it to the canvas with ``canvas.add_overlay_painter``.
- ``FaceListDock(window)``: the faces found (widgets/face_results.py), overlay toggles, and buttons for
  detection, face-region masks and Align & Crop (the actions of widgets/face_dialogs.py).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
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
from widgets import face_dialogs
from widgets.face_results import REGION_LABELS, face_label, face_results, faces_found_text, region_text

MESH_MIN_VIEW_PX = 80  # below this face size on screen the 468 points are clutter: they are not drawn


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

    def __init__(self, window: Any) -> None:
        super().__init__(self.tr("Faces"), window)
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
        for name in REGION_LABELS:
            self.region.addItem(region_text(name), name)
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
        for i, name in enumerate(REGION_LABELS):
            self.region.setItemText(i, region_text(name))
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

    # -- actions (widgets/face_dialogs.py) --------------------------------------------------------------
    def _find(self) -> None:
        face_dialogs.detect_faces(self.window_)

    def _make_mask(self) -> None:
        face_dialogs.select_face_region(self.window_, self.region.currentData())

    def _align(self) -> None:
        face_dialogs.show_align_crop_dialog(self.window_)
