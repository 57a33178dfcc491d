"""Canvas: image<->view mapping, zoom limits and anchoring, incremental repaint, mask overlay, tools."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage

from app import layer_ops
from app.compositor import Compositor
from app.document import Document
from widgets.canvas_view import MAX_ZOOM, MIN_ZOOM, CanvasView
from widgets.doc_bridge import DocBridge


@pytest.fixture
def canvas(qtbot, coffee):
    bridge = DocBridge()
    view = CanvasView(bridge)
    qtbot.addWidget(view)
    view.resize(420, 320)
    view.show()
    qtbot.waitExposed(view)
    bridge.attach(Document.from_image(coffee))
    view._test_bridge = bridge  # keep the bridge alive with the view
    return view


def _grab(view: CanvasView) -> np.ndarray:
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4] \
        .reshape(image.height(), image.width(), 4).copy()


@pytest.mark.parametrize("zoom", [0.013, 0.37, 1.0, 2.5, 17.0])
def test_image_view_mapping_round_trips(canvas, zoom):
    canvas.set_zoom(zoom, QPointF(100, 80))
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().maximum() // 3)
    for p in (QPointF(0, 0), QPointF(123.25, 45.5), QPointF(599.9, 399.9)):
        back = canvas.view_to_image(canvas.image_to_view(p))
        assert back.x() == pytest.approx(p.x(), abs=1e-9)
        assert back.y() == pytest.approx(p.y(), abs=1e-9)
    # One image pixel is `zoom` view pixels wide.
    a = canvas.image_to_view(QPointF(10, 10))
    b = canvas.image_to_view(QPointF(11, 10))
    assert b.x() - a.x() == pytest.approx(canvas.zoom)


def test_zoom_is_clamped_and_anchored_at_the_cursor(canvas):
    canvas.set_zoom(1000.0)
    assert canvas.zoom == MAX_ZOOM
    canvas.set_zoom(1e-6)
    assert canvas.zoom == MIN_ZOOM
    canvas.set_zoom(2.0)
    anchor = QPointF(130, 90)
    before = canvas.view_to_image(anchor)
    canvas.zoom_by(1.6, anchor)
    after = canvas.view_to_image(anchor)
    assert canvas.zoom == pytest.approx(3.2)
    # The scroll bars move in whole pixels: the point under the cursor stays within one view pixel.
    assert abs(after.x() - before.x()) * canvas.zoom <= 1.0
    assert abs(after.y() - before.y()) * canvas.zoom <= 1.0


def test_fit_and_actual_pixels(canvas):
    canvas.fit_to_view()
    rect = canvas.image_rect_to_view(QRectF(0, 0, 600, 400))
    vp = canvas.viewport().rect()
    assert rect.width() <= vp.width() and rect.height() <= vp.height()
    assert rect.width() >= vp.width() - 40 or rect.height() >= vp.height() - 40  # fills one direction
    canvas.actual_pixels()
    assert canvas.zoom == 1.0
    canvas.zoom_in()
    assert canvas.zoom > 1.0
    canvas.zoom_out()
    canvas.zoom_out()
    assert canvas.zoom < 1.0


def test_wheel_zooms_around_the_pointer(canvas, qtbot):
    from PySide6.QtGui import QWheelEvent

    canvas.actual_pixels()
    pos = QPointF(200, 150)
    before = canvas.view_to_image(pos)
    event = QWheelEvent(pos, canvas.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    canvas.wheelEvent(event)
    assert canvas.zoom == pytest.approx(2 ** (1 / 3))
    after = canvas.view_to_image(pos)
    assert abs(after.x() - before.x()) * canvas.zoom <= 1.0


def test_pixel_change_repaints_from_the_document(canvas):
    doc = canvas.document
    first = canvas.composite().copy()
    layer = doc.layers[0]
    with doc.history.paint(layer.uid, "Test Fill") as tx:
        tx.touch((50, 60, 40, 30))
        tx.array[60:90, 50:90, :3] = (10, 200, 30)
        doc.notify("pixels", (50, 60, 40, 30))
    shown = canvas.composite()
    assert (shown[60:90, 50:90, :3] == (10, 200, 30)).all()
    assert np.array_equal(shown[:60], first[:60])  # outside the dirty rect nothing changed
    expected = Compositor(doc, follow=False).render()
    assert np.array_equal(shown, expected)  # opaque photo: premultiplied equals straight
    doc.history.undo()
    assert np.array_equal(canvas.composite(), first)


def test_checkerboard_shows_through_a_hidden_layer(canvas, qtbot):
    canvas.fit_to_view()
    center = canvas.image_to_view(QPointF(300, 200)).toPoint()
    photo = _grab(canvas)[center.y(), center.x()].copy()
    layer_ops.set_layer_visible(canvas.document, None, False)
    qtbot.waitUntil(lambda: not np.array_equal(_grab(canvas)[center.y(), center.x()], photo))
    pixel = _grab(canvas)[center.y(), center.x()]
    assert pixel[0] == pixel[1] == pixel[2]  # a grey checker square
    assert pixel[0] in (153, 204)


def test_mask_overlay_changes_canvas_pixels_and_toggles(canvas, qtbot):
    canvas.fit_to_view()
    doc = canvas.document
    plain = _grab(canvas)
    data = np.zeros((doc.height, doc.width), np.uint8)
    data[100:300, 150:450] = 255
    layer_ops.add_mask(doc, "Test", data)
    canvas.set_mask_overlay_visible(True)
    with_overlay = _grab(canvas)
    inside = canvas.image_to_view(QPointF(300, 200)).toPoint()
    outside = canvas.image_to_view(QPointF(20, 20)).toPoint()
    assert not np.array_equal(with_overlay[inside.y(), inside.x()], plain[inside.y(), inside.x()])
    assert with_overlay[inside.y(), inside.x(), 0] > plain[inside.y(), inside.x(), 0]  # tinted red
    assert np.array_equal(with_overlay[outside.y(), outside.x()], plain[outside.y(), outside.x()])
    canvas.set_mask_overlay_visible(False)
    assert not canvas.mask_overlay_visible
    assert np.array_equal(_grab(canvas), plain)


class _RecordingTool:
    def __init__(self) -> None:
        self.events: list[tuple[str, QPointF]] = []

    def press(self, image_pos, event):
        self.events.append(("press", image_pos))

    def move(self, image_pos, event):
        self.events.append(("move", image_pos))

    def release(self, image_pos, event):
        self.events.append(("release", image_pos))


def test_tool_receives_image_coordinates(canvas, qtbot):
    canvas.set_zoom(2.0)
    tool = _RecordingTool()
    canvas.set_tool(tool)
    start = canvas.image_to_view(QPointF(100.25, 50.25)).toPoint()
    end = canvas.image_to_view(QPointF(110.25, 55.25)).toPoint()
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas.viewport(), pos=end)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)
    kinds = [k for k, _ in tool.events]
    assert kinds[0] == "press" and kinds[-1] == "release" and "move" in kinds
    pressed = tool.events[0][1]
    assert pressed.x() == pytest.approx(100.25, abs=0.5) and pressed.y() == pytest.approx(50.25, abs=0.5)
    released = tool.events[-1][1]
    assert released.x() == pytest.approx(110.25, abs=0.5) and released.y() == pytest.approx(55.25, abs=0.5)


def test_middle_button_pans(canvas, qtbot):
    canvas.set_zoom(4.0)
    bar = canvas.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(200, 150))
    qtbot.mouseMove(canvas.viewport(), pos=QPoint(150, 150))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(150, 150))
    assert bar.value() == before + 50


def test_canvas_rebuilds_on_rotation(canvas):
    doc = canvas.document
    layer_ops.rotate_image(doc, 90)
    assert canvas.composite().shape[:2] == (doc.height, doc.width) == (600, 400)
    rect = canvas.image_rect_to_view(QRectF(0, 0, doc.width, doc.height))
    assert rect.height() > rect.width()


def test_overlay_painters_draw_in_view_coordinates(canvas):
    from PySide6.QtGui import QColor

    canvas.fit_to_view()
    calls = []

    def paint(painter, view):
        calls.append(view)
        top_left = view.image_to_view(QPointF(0, 0)).toPoint()
        painter.fillRect(top_left.x(), top_left.y(), 6, 6, QColor(0, 0, 255))

    canvas.add_overlay_painter(paint)
    shot = _grab(canvas)
    corner = canvas.image_to_view(QPointF(0, 0)).toPoint()
    assert calls and calls[-1] is canvas
    assert tuple(shot[corner.y() + 2, corner.x() + 2, :3]) == (0, 0, 255)


def test_pixel_grid_appears_only_at_high_zoom(canvas):
    from widgets.canvas_view import PIXEL_GRID_MIN_ZOOM

    canvas.fit_to_view()
    canvas.set_zoom(PIXEL_GRID_MIN_ZOOM * 2)  # anchored at the view's centre
    with_grid = _grab(canvas)
    canvas.set_pixel_grid(False)
    without = _grab(canvas)
    # Exactly on a pixel edge the grid line changes the colour; in a pixel's middle nothing changes.
    centre = canvas.view_to_image(QPointF(canvas.viewport().width() / 2, canvas.viewport().height() / 2))
    px, py = int(centre.x()), int(centre.y())
    edge = canvas.image_to_view(QPointF(px, py + 0.5)).toPoint()
    middle = canvas.image_to_view(QPointF(px + 0.5, py + 0.5)).toPoint()
    assert not np.array_equal(with_grid[edge.y(), edge.x()], without[edge.y(), edge.x()])
    assert np.array_equal(with_grid[middle.y(), middle.x()], without[middle.y(), middle.x()])
    canvas.set_pixel_grid(True)
    canvas.set_zoom(PIXEL_GRID_MIN_ZOOM / 4)
    low = _grab(canvas)
    canvas.set_pixel_grid(False)
    assert np.array_equal(low, _grab(canvas))


def test_a_mask_dab_retints_only_its_rect(canvas):
    canvas.fit_to_view()
    doc = canvas.document
    layer_ops.add_mask(doc, "Dabs", np.zeros((doc.height, doc.width), np.uint8))
    canvas.set_mask_overlay_visible(True)
    canvas.flush()
    with doc.history.paint(doc.active_mask, "Mask Brush") as tx:
        tx.touch((100, 100, 20, 20))
        tx.array[100:120, 100:120] = 255
        doc.notify("masks", (100, 100, 20, 20))  # as the mask brush does after each dab
    canvas.flush()
    overlay = canvas._overlay.pixels
    assert overlay[110, 110, 3] > 0  # the dab is tinted
    assert overlay[50, 50, 3] == 0
    # Zoomed out, the smooth copy follows the dab without a full rebuild.
    canvas.set_zoom(0.37)
    before = canvas._composite.level_image(0.37)
    with doc.history.paint(doc.layers[0], "Brush") as tx:
        tx.touch((0, 0, 40, 40))
        tx.array[0:40, 0:40] = (255, 0, 0, 255)
        doc.notify("pixels", (0, 0, 40, 40))
    canvas.flush()
    after = canvas._composite.level_image(0.37)
    assert after is before  # updated in place, not rebuilt
    small = canvas._composite.level_pixels(0.37)
    assert small.shape[1] == (doc.width + 1) // 2  # 37 % draws from the half-size level
    assert small[5, 5, 0] == 255 and small[5, 5, 1] == 0


def test_large_document_composites_progressively_visible_part_first(qtbot, monkeypatch, astronaut, coffee):
    import widgets.canvas_view as canvas_module
    from widgets.canvas_scheduler import CHUNK, chunks

    monkeypatch.setattr(canvas_module, "PAINT_BUDGET_S", 0.0)  # one piece per paint, on any machine
    doc = Document(1600, 1100)
    alpha = np.full((doc.height, doc.width), 255, np.uint8)
    for i, photo in enumerate((astronaut, coffee)):
        opaque = np.dstack([cv2.resize(photo, (doc.width, doc.height)), alpha])
        layer_ops.add_layer(doc, f"photo {i}", pixels=opaque)
    bridge = DocBridge()
    view = CanvasView(bridge)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    shown = []
    view.displayChanged.connect(lambda: shown.append(view.compositing_done))
    bridge.attach(doc)
    view.set_zoom(1.0)
    view.scroll_by(10_000, 10_000)  # look at the bottom-right corner
    view.viewport().grab()  # one paint
    first = view._composite.pixels.copy()
    assert (first[..., 3] > 0).sum() == CHUNK * CHUNK  # one piece per paint: the UI thread got control back
    # The first piece is one the view shows (the bottom right), not the canvas's top-left piece.
    assert first[900, 1300, 3] == 255 and first[0, 0, 3] == 0

    qtbot.waitUntil(lambda: view.compositing_done, timeout=10_000)  # the rest follows on later paints
    assert len(shown) == len(chunks((0, 0, doc.width, doc.height))) and shown[-1] and not any(shown[:-1])
    expected = Compositor(doc).composite()
    assert np.array_equal(view._composite.pixels[..., 3], expected[..., 3])
