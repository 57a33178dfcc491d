"""Face widgets on their own: the overlay painter, the face list dock, the region-mask action and the
Align & Crop dialog, with a real JobManager running the real models on a real photo."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QDialog, QMainWindow

from app.document import Document
from app.jobs import JobManager
from engines.base import RunContext
from engines.faces import PRESETS
from engines.faces.engine import FacesEngine
from widgets import face_dialogs
from widgets.canvas_view import CanvasView
from widgets.doc_bridge import DocBridge
from widgets.face_dialogs import AlignCropDialog, composite_rgb, detect_faces, select_face_region
from widgets.face_results import face_results
from widgets.faces_overlay import FaceListDock, FacesOverlay

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def astronaut_faces(astronaut) -> dict:
    return FacesEngine().run(astronaut, {}, RunContext()).data


class FakeWindow(QMainWindow):
    """The parts of the main window the face actions use."""

    def __init__(self, document: Document, manager: JobManager) -> None:
        super().__init__()
        self.bridge = DocBridge(self)
        self.bridge.attach(document)
        self.canvas = CanvasView(self.bridge, self)
        self.job_manager = manager
        self.opened: list[tuple[np.ndarray, str]] = []

    @property
    def document(self) -> Document:
        return self.bridge.document

    def open_image_as_new_document(self, rgb: np.ndarray, title: str) -> None:
        self.opened.append((rgb, title))


@pytest.fixture
def manager(qtbot):
    manager = JobManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def window(qtbot, astronaut, manager) -> FakeWindow:
    win = FakeWindow(Document.from_image(astronaut), manager)
    qtbot.addWidget(win)
    return win


def _render(faces: list[dict], astronaut: np.ndarray, **flags) -> np.ndarray:
    overlay = FacesOverlay()
    overlay.set_faces(faces)
    for name, value in flags.items():
        setattr(overlay, name, value)
    image = QImage(512, 512, QImage.Format.Format_RGB888)
    image.fill(0)
    painter = QPainter(image)
    overlay.paint(painter, QTransform())
    painter.end()
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(512, image.bytesPerLine())[:, :512 * 3].reshape(512, 512, 3).copy()


def test_overlay_draws_boxes_points_and_irises(astronaut_faces, astronaut):
    face = astronaut_faces["faces"][0]
    drawn = _render(astronaut_faces["faces"], astronaut)
    x0, y0, x1, y1 = (int(round(v)) for v in face["box"])
    assert drawn[(y0 + y1) // 2, x0 - 1:x0 + 2].max() > 100  # the box's left edge
    ex, ey = (int(v) for v in face["points5"][0])
    assert drawn[ey - 1:ey + 2, ex - 1:ex + 2, 0].max() > 150  # a red eye point
    cx, cy = face["iris"]["right"]["center"]
    r = face["iris"]["right"]["radius"]
    ring = drawn[int(cy) - 1:int(cy) + 2, int(cx + r) - 1:int(cx + r) + 2]
    assert ring[..., 2].max() > 150  # the iris circle (blue)
    bare = _render(astronaut_faces["faces"], astronaut, show_boxes=False, show_points=False, show_iris=False,
                   show_mesh=False)
    assert bare.max() == 0


def test_face_results_follow_the_document(astronaut_faces, astronaut):
    doc = Document.from_image(astronaut)
    results = face_results()
    seen = []
    results.changed.connect(seen.append)
    results.set(doc, astronaut_faces)
    assert results.faces(doc) == astronaut_faces["faces"] and seen == [doc]
    assert results.chosen_faces(doc) == astronaut_faces["faces"]  # nothing selected: every face
    results.select(doc, 0)
    assert results.selected(doc) == 0 and len(results.chosen_faces(doc)) == 1
    other = Document.from_image(astronaut[:256])  # another size: results do not apply
    assert results.get(other) is None
    results.changed.disconnect(seen.append)


def test_detect_then_list_then_mask(qtbot, window, astronaut):
    dock = FaceListDock(window)
    qtbot.addWidget(dock)
    assert dock.list.count() == 0
    job = detect_faces(window)
    qtbot.waitUntil(lambda: face_results().get(window.document) is not None, timeout=TIMEOUT_MS)
    assert job.result is not None
    assert dock.list.count() == 1 and dock.list.item(0).text().startswith("Face 1")
    assert len(dock.overlay.faces) == 1
    mask = select_face_region(window, "eyes")
    doc = window.document
    assert doc.masks == [mask] and doc.active_mask is mask
    face = face_results().faces(doc)[0]
    for x, y in face["points5"][:2]:
        assert mask.data[int(y), int(x)] == 255
    assert mask.data[int(face["points5"][2][1]), int(face["points5"][2][0])] == 0  # not the nose
    doc.history.undo()
    assert doc.masks == []


def test_faces_are_dropped_when_the_geometry_changes_and_follow_the_document(qtbot, window, astronaut,
                                                                             astronaut_faces):
    from app import layer_ops

    dock = FaceListDock(window)
    qtbot.addWidget(dock)
    doc = window.document
    face_results().set(doc, astronaut_faces)
    assert dock.list.count() == 1 and dock.overlay.faces
    layer_ops.flip_image(doc, True)  # same size, but every face moved
    assert dock.list.count() == 0 and not dock.overlay.faces
    assert dock.status.text() == "No faces found yet."
    face_results().set(doc, astronaut_faces)
    other = Document.from_image(astronaut)
    window.bridge.attach(other)  # File ▸ Open
    assert dock.list.count() == 0 and not dock.overlay.faces
    window.bridge.attach(doc)
    assert dock.list.count() == 1


def test_mask_before_detection_finds_faces_first(qtbot, window):
    face_results().clear(window.document)
    job = select_face_region(window, "skin")
    assert job is not None and not window.document.masks
    qtbot.waitUntil(lambda: len(window.document.masks) == 1, timeout=TIMEOUT_MS)
    assert (window.document.masks[0].data > 127).sum() > 5000


def test_dock_choice_limits_the_mask_to_one_face(qtbot, astronaut, manager):
    pair = np.hstack([astronaut, astronaut[:, ::-1]])
    win = FakeWindow(Document.from_image(pair), manager)
    qtbot.addWidget(win)
    dock = FaceListDock(win)
    qtbot.addWidget(dock)
    detect_faces(win)
    qtbot.waitUntil(lambda: dock.list.count() == 2, timeout=TIMEOUT_MS)
    dock.list.setCurrentRow(1)
    assert face_results().selected(win.document) == 1
    dock.region.setCurrentIndex(dock.region.findData("face_oval"))
    dock._make_mask()
    data = win.document.masks[-1].data
    assert data[:, :512].max() == 0 and data[:, 512:].max() == 255  # only the right-hand face


def test_align_dialog_presets_and_result(qtbot, astronaut, astronaut_faces):
    dialog = AlignCropDialog(astronaut, astronaut_faces["faces"])
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("passport-35x45"))
    p = PRESETS["passport-35x45"]
    assert (dialog.width_box.value(), dialog.height_box.value()) == (p.width, p.height)
    assert dialog.result_image().shape == (p.height, p.width, 3)
    assert not dialog.preview.pixmap().isNull() and dialog.preview.pixmap().height() <= 260
    dialog.eye_line.setValue(50)  # editing a number makes the frame custom
    assert dialog.preset.currentData() == "custom"
    assert dialog.options()["eye_line_y"] == pytest.approx(0.5)


def test_show_align_crop_dialog_opens_the_crop(qtbot, window, astronaut_faces, monkeypatch):
    face_results().set(window.document, astronaut_faces)
    monkeypatch.setattr(AlignCropDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    image = face_dialogs.show_align_crop_dialog(window)
    assert window.opened and window.opened[0][0] is image
    assert image.shape == (PRESETS["portrait-4x5"].height, PRESETS["portrait-4x5"].width, 3)


def test_composite_is_the_visible_image(window, astronaut):
    assert np.array_equal(composite_rgb(window.document), astronaut)
