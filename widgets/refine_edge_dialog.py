"""Select ▸ Refine Edge…: soften the selection's edge by matting (hair, fur, soft focus) within a radius,
previewed on the canvas and applied on OK as one undo step; Cancel leaves the document as it was.

The matting (``engines.segment.matting.refine_edge``) works on the active layer's pixels under the
selection (the selection outside the layer stays as it is). It takes from a fraction of a second to
seconds, so it runs off the UI thread after a short debounce; the canvas tints the newest refined
selection (``CanvasView.set_mask_preview``). OK with a preview still on its way applies it when it lands.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QSlider, QSpinBox, QWidget

from app import layer_ops
from app.document import Document
from app.engine_results import canvas_plane, layer_plane
from app.history import DocumentError
from app.texts import Text
from widgets.latest_worker import LatestWorker

DEBOUNCE_MS = 150  # dragging the slider starts one computation when it rests, not one per step
MAX_RADIUS = 100  # as the segment engine's edge radius
DEFAULT_RADIUS = 8
STEP_NAME = Text("RefineEdgeDialog", "Refine Edge")

Key = tuple[int, int]  # (radius, history revision): a preview is shown or applied only for the current key


def refined_selection(selection: np.ndarray, rgb: np.ndarray, layer_mask: np.ndarray, inside: np.ndarray,
                      radius: int) -> np.ndarray:
    """The canvas-sized selection with its edge matted on the layer's ``rgb`` (``layer_mask``: the
    selection as the layer sees it; ``inside``: where the layer covers the canvas)."""
    from engines.segment.matting import refine_edge

    refined = refine_edge(rgb, layer_mask, radius)
    return np.where(inside, refined, selection).astype(np.uint8)


class RefineEdgeDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refine Edge"))
        self._window = window
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(1, MAX_RADIUS)
        self.radius_box = QSpinBox(self)
        self.radius_box.setRange(1, MAX_RADIUS)
        self.radius_box.setSuffix(self.tr(" px"))
        self.slider.valueChanged.connect(self.radius_box.setValue)
        self.radius_box.valueChanged.connect(self.slider.setValue)
        self.radius_box.setValue(DEFAULT_RADIUS)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.radius_box)
        form = QFormLayout(self)
        form.addRow(self.tr("Edge radius:"), row)
        form.addRow(self.status)
        form.addRow(self.buttons)

        self._worker = LatestWorker(self, DEBOUNCE_MS, self._request, self._show)
        self._schedule = self._worker.schedule
        self._inputs: tuple[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None = None
        self.preview: tuple[Key, np.ndarray] | None = None  # the newest refined selection shown
        self._apply_when_ready = False
        self.radius_box.valueChanged.connect(self._schedule)
        window.bridge.historyChanged.connect(self._schedule)  # a result landing changes what to refine
        self._request()

    @property
    def radius(self) -> int:
        return self.radius_box.value()

    def _document(self) -> Document | None:
        doc = self._window.document
        return doc if doc is not None and doc.selection is not None and doc.active_layer is not None else None

    def _key(self) -> Key | None:
        doc = self._document()
        return None if doc is None else (self.radius, doc.history.revision)

    def _sources(self, doc: Document) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Private copies of what the matting reads (the document may change on the UI thread meanwhile)."""
        layer = doc.active_layer
        assert layer is not None and doc.selection is not None
        selection = doc.selection.copy()
        inside = canvas_plane(doc, np.full((layer.height, layer.width), 255, np.uint8), layer) > 0
        return selection, np.ascontiguousarray(layer.pixels[:, :, :3]), layer_plane(doc, selection, layer), inside

    def _request(self) -> None:
        key, doc = self._key(), self._document()
        if key is None or doc is None:
            self._window.canvas.set_mask_preview(None)
            self.status.setText(self.tr("Select something first."))
            return
        if self._inputs is None or self._inputs[0] != key[1]:
            self._inputs = (key[1], self._sources(doc))
        self.status.setText(self.tr("Computing the preview…"))
        inputs, radius = self._inputs[1], key[0]
        self._worker.run(key, lambda: refined_selection(*inputs, radius))

    def _show(self, key: Key, result: np.ndarray | None, error: str) -> None:
        if key != self._key():
            return
        if result is None:
            self.status.setText(error)
            self._apply_when_ready = False
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
            return
        self.preview = (key, result)
        self._window.canvas.set_mask_preview(result)
        self.status.setText(self.tr("The tint shows the refined selection."))
        if self._apply_when_ready:
            self.done(QDialog.DialogCode.Accepted)

    def accept(self) -> None:
        if self.preview is not None and self.preview[0] == self._key():
            self.done(QDialog.DialogCode.Accepted)
            return
        # The preview for this radius is still being computed: apply it when it lands.
        self._apply_when_ready = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.status.setText(self.tr("Refining the edge…"))
        if not self._worker.waiting:
            self._request()

    def done(self, result: int) -> None:
        self._worker.stop()
        self._window.bridge.historyChanged.disconnect(self._schedule)
        self._window.canvas.set_mask_preview(None)
        if result == QDialog.DialogCode.Accepted and self.preview is not None:
            try:
                layer_ops.set_selection(self._window.document, self.preview[1], STEP_NAME)
            except DocumentError as exc:
                self._window.show_error(str(exc))
        super().done(result)


def show_refine_edge_dialog(window: Any) -> bool:
    """Refine the window's selection; True when OK was pressed."""
    return RefineEdgeDialog(window, window).exec() == QDialog.DialogCode.Accepted
