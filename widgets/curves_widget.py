"""Image ▸ Adjust ▸ Curves…: a curve editor for the adjust engine's ``curve`` (and per-channel) options.

``CurveEditor`` is a square plot of input (across) against output (up), 0..255, with the image's
histogram behind it and the smooth monotone curve through the control points drawn with
``engines.adjust.point.points_curve``, the very function the engine applies, so what is drawn is what
the result gets. Click to add a point, drag to move one, drag it out of the plot or right-click it to
remove it; the two end points stay (they move, but are never removed).

``AdjustExtra`` is the adjust engine's part of its dialogs (widgets/engine_extra.py): in the Curves
dialog the channel choice (RGB, Red, Green, Blue) and the editor; in every group's dialog the gui-only
``dialog_group`` option, which switches on the operations that have no "off" value of their own
(Equalise, Invert, Threshold, Posterize, Black and White; see engines/adjust/engine.py).
"""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.texts import translator
from engines.adjust.point import points_curve
from widgets.engine_extra import EngineExtra, ExtraHost
from widgets.param_panel import param_text

_tr = translator("CurvesWidget")

Point = tuple[int, int]
IDENTITY: tuple[Point, Point] = ((0, 0), (255, 255))
CHANNELS = ("rgb", "r", "g", "b")
OPTION = {"rgb": "curve", "r": "curve_r", "g": "curve_g", "b": "curve_b"}
PICK_RADIUS = 8  # widget pixels: a press this close to a point takes that point
DROP_DISTANCE = 24  # widget pixels beyond the plot: a dragged inner point is removed
MARGIN = 6
LINE_COLOURS = {"rgb": QColor(30, 30, 30), "r": QColor(200, 30, 30), "g": QColor(20, 150, 40),
                "b": QColor(30, 70, 210)}
HISTOGRAM_COLOURS = {"rgb": QColor(160, 160, 160), "r": QColor(230, 160, 160), "g": QColor(160, 215, 170),
                     "b": QColor(165, 180, 235)}


def curve_text(points: list[Point]) -> str:
    """The engine's "x,y;x,y" text; "" for the identity (so the option stays off)."""
    if tuple(points) == IDENTITY:
        return ""
    return ";".join(f"{x},{y}" for x, y in points)


def curve_values(points: list[Point]) -> np.ndarray:
    """The curve at every input level 0..255, in 0..255 (what the engine's lookup table holds)."""
    curve = points_curve([(x / 255.0, y / 255.0) for x, y in points])
    return np.clip(curve(np.arange(256, dtype=np.float64) / 255.0), 0.0, 1.0) * 255.0


def histograms(rgba: np.ndarray) -> dict[str, np.ndarray]:
    """256-bin histograms of lightness (for RGB) and of each channel."""
    rgb = np.ascontiguousarray(rgba[..., :3])
    out = {"rgb": np.bincount(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).ravel(), minlength=256)}
    for index, name in enumerate(("r", "g", "b")):
        out[name] = np.bincount(rgb[..., index].ravel(), minlength=256)
    return {name: h.astype(np.float64) for name, h in out.items()}


class CurveEditor(QWidget):
    """Control points of one curve in 0..255, edited with the mouse or through the methods below."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[Point] = list(IDENTITY)
        self._histogram: np.ndarray | None = None
        self._colour, self._histogram_colour = LINE_COLOURS["rgb"], HISTOGRAM_COLOURS["rgb"]
        self._drag: int | None = None  # index of the point being dragged
        self.setMinimumSize(220, 220)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMouseTracking(False)
        self.setToolTip(_tr("Click to add a point, drag to move it; drag it out or right-click to remove it."))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(280, 280)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return width

    # -- the points -----------------------------------------------------------------------------------
    def points(self) -> list[Point]:
        return list(self._points)

    def set_points(self, points: list[Point]) -> None:
        """Replace the points (sorted; inputs must differ; at least two)."""
        pts = sorted((int(x), int(y)) for x, y in points)
        if len(pts) < 2 or len({x for x, _ in pts}) != len(pts):
            raise ValueError("a curve needs at least two points with different inputs")
        self._points = pts
        self._drag = None
        self._edited()

    def reset(self) -> None:
        self.set_points(list(IDENTITY))

    def text(self) -> str:
        return curve_text(self._points)

    def values(self) -> np.ndarray:
        return curve_values(self._points)

    def set_look(self, histogram: np.ndarray | None, colour: QColor, histogram_colour: QColor) -> None:
        self._histogram, self._colour, self._histogram_colour = histogram, colour, histogram_colour
        self.update()

    def add_point(self, x: int, y: int) -> int:
        """Add a point (or move the one already at input ``x``); its index."""
        x, y = self._clamp_x(int(x)), int(np.clip(y, 0, 255))
        for index, (px, _py) in enumerate(self._points):
            if px == x:
                self._points[index] = (x, y)
                self._edited()
                return index
        if not self._points[0][0] < x < self._points[-1][0]:
            raise ValueError("a new point must lie between the end points")
        index = next(i for i, (px, _py) in enumerate(self._points) if px > x)
        self._points.insert(index, (x, y))
        self._edited()
        return index

    def move_point(self, index: int, x: int, y: int) -> None:
        """Move a point; it stays between its neighbours (the order of the points never changes)."""
        low = self._points[index - 1][0] + 1 if index > 0 else 0
        high = self._points[index + 1][0] - 1 if index < len(self._points) - 1 else 255
        self._points[index] = (int(np.clip(x, low, high)), int(np.clip(y, 0, 255)))
        self._edited()

    def remove_point(self, index: int) -> bool:
        """Remove an inner point (the end points stay); whether one was removed."""
        if index in (0, len(self._points) - 1):
            return False
        del self._points[index]
        self._edited()
        return True

    def _clamp_x(self, x: int) -> int:
        return int(np.clip(x, 0, 255))

    def _edited(self) -> None:
        self.update()
        self.changed.emit()

    # -- geometry -------------------------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        side = min(self.width(), self.height()) - 2 * MARGIN
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_widget(self, x: float, y: float) -> QPointF:
        rect = self.plot_rect()
        return QPointF(rect.left() + x / 255.0 * rect.width(), rect.bottom() - y / 255.0 * rect.height())

    def to_levels(self, pos: QPointF) -> tuple[int, int]:
        rect = self.plot_rect()
        x = (pos.x() - rect.left()) / rect.width() * 255.0
        y = (rect.bottom() - pos.y()) / rect.height() * 255.0
        return int(round(np.clip(x, 0, 255))), int(round(np.clip(y, 0, 255)))

    def point_at(self, pos: QPointF) -> int | None:
        best, best_distance = None, float(PICK_RADIUS)
        for index, (x, y) in enumerate(self._points):
            where = self.to_widget(x, y)
            distance = float(np.hypot(where.x() - pos.x(), where.y() - pos.y()))
            if distance <= best_distance:
                best, best_distance = index, distance
        return best

    # -- mouse ----------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pos = event.position()
        index = self.point_at(pos)
        if event.button() == Qt.MouseButton.RightButton:
            if index is not None:
                self.remove_point(index)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if index is None:
            x, y = self.to_levels(pos)
            if not self._points[0][0] < x < self._points[-1][0]:
                return
            index = self.add_point(x, y)
        self._drag = index

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._drag is None:
            return
        pos = event.position()
        rect = self.plot_rect().adjusted(-DROP_DISTANCE, -DROP_DISTANCE, DROP_DISTANCE, DROP_DISTANCE)
        if not rect.contains(pos) and self.remove_point(self._drag):  # dragged out: gone
            self._drag = None
            return
        self.move_point(self._drag, *self.to_levels(pos))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._drag = None

    # -- drawing --------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.plot_rect()
        painter.fillRect(rect, QColor(250, 250, 250))
        if self._histogram is not None and self._histogram.max() > 0:
            heights = np.sqrt(self._histogram / self._histogram.max())  # a square root shows the thin tails
            path = QPainterPath(QPointF(rect.left(), rect.bottom()))
            for level, height in enumerate(heights):
                x = rect.left() + (level + 0.5) / 256.0 * rect.width()
                path.lineTo(QPointF(x, rect.bottom() - float(height) * rect.height()))
            path.lineTo(QPointF(rect.right(), rect.bottom()))
            path.closeSubpath()
            painter.fillPath(path, self._histogram_colour)
        grid = QPen(QColor(210, 210, 210))
        painter.setPen(grid)
        for quarter in (1, 2, 3):
            x = rect.left() + quarter * rect.width() / 4
            y = rect.top() + quarter * rect.height() / 4
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(QColor(190, 190, 190), 1, Qt.PenStyle.DashLine))
        painter.drawLine(self.to_widget(0, 0), self.to_widget(255, 255))
        painter.setPen(QPen(QColor(120, 120, 120)))
        painter.drawRect(rect)
        values = self.values()
        painter.setPen(QPen(self._colour, 2))
        painter.drawPolyline(QPolygonF([self.to_widget(level, float(v)) for level, v in enumerate(values)]))
        painter.setPen(QPen(self._colour, 1.5))
        painter.setBrush(QColor(255, 255, 255))
        for x, y in self._points:
            painter.drawEllipse(self.to_widget(x, y), 4.5, 4.5)
        painter.end()


class AdjustExtra(EngineExtra):
    """The adjust engine's part of its dialogs: the curve editor (Curves) and which group's dialog it is."""

    handles = ("curve", "curve_r", "curve_g", "curve_b", "equalize", "invert", "dialog_group")

    def __init__(self, host: ExtraHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.group: str | None = getattr(host, "group", None)
        self.curves: dict[str, list[Point]] = {name: list(IDENTITY) for name in CHANNELS}
        self.channel = "rgb"
        self.histograms = histograms(host.source)
        self.channel_box = QComboBox(self)
        for name, label in (("rgb", _tr("RGB")), ("r", _tr("Red")), ("g", _tr("Green")), ("b", _tr("Blue"))):
            self.channel_box.addItem(label, name)
        self.editor = CurveEditor(self)
        self.reset_button = QPushButton(_tr("Reset Channel"), self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.shows_curves():
            form = QFormLayout()
            form.setContentsMargins(0, 0, 0, 0)
            row = QHBoxLayout()
            row.addWidget(self.channel_box, 1)
            row.addWidget(self.reset_button)
            form.addRow(_tr("Channel"), row)
            layout.addLayout(form)
            layout.addWidget(self.editor, 1)
        else:
            self.channel_box.hide()
            self.reset_button.hide()
            self.editor.hide()
        help_text = {"Equalise": "Histogram equalisation of lightness.",
                     "Invert": "Turn a negative into a positive (and back)."}.get(self.group or "")
        if help_text:  # a dialog without options says what it does
            self.note.setText(param_text(help_text))
            layout.addWidget(self.note)
        else:
            self.note.hide()
        if not (self.shows_curves() or help_text):
            self.hide()  # Levels, Denoise, ...: nothing of this widget's to show
        self._show_channel()
        self.channel_box.currentIndexChanged.connect(lambda _i: self.set_channel(str(self.channel_box.currentData())))
        self.reset_button.clicked.connect(self.editor.reset)
        self.editor.changed.connect(self._edited)

    def shows_curves(self) -> bool:
        return self.group in (None, "Curves")

    def set_channel(self, channel: str) -> None:
        """Edit the curve of ``channel`` ("rgb", "r", "g" or "b")."""
        if channel != self.channel_box.currentData():
            self.channel_box.setCurrentIndex(self.channel_box.findData(channel))  # comes back here
            return
        self.channel = channel
        self._show_channel()

    def _show_channel(self) -> None:
        self.editor.set_look(self.histograms[self.channel], LINE_COLOURS[self.channel],
                             HISTOGRAM_COLOURS[self.channel])
        self.editor.blockSignals(True)
        self.editor.set_points(self.curves[self.channel])
        self.editor.blockSignals(False)

    def _edited(self) -> None:
        self.curves[self.channel] = self.editor.points()
        self.changed.emit()

    def options(self) -> dict[str, Any]:
        out: dict[str, Any] = {"dialog_group": self.group or ""}
        if self.shows_curves():
            out.update({OPTION[name]: curve_text(points) for name, points in self.curves.items()})
        return out
