"""Whole-image operations, each one undoable step: crop, canvas size, scale, rotate, flip.

The geometry itself is ``app.geometry`` (one visitor over every plane). Crop, canvas size and scale are
recorded as snapshots; rotations and flips are exactly invertible, so they store nothing at all.
Re-exported by ``app.layer_ops``, which is where callers find them.
"""
from __future__ import annotations

from app.command import Command
from app.document import Document
from app.geometry import CanvasSize, Crop, Scale, Turn, transform_planes
from app.geometry_edit import GeometryEdit
from app.history import DocumentError
from app.pixel_ops import TURNS
from app.snapshots import emit, record, whole_image_events
from app.texts import translator
from app.tiles import Rect, intersect, normalize
from app.warp import ResampledScale, interpolation

_tr = translator("LayerOps")  # the texts' context from before this module was split out of layer_ops

ANCHORS: dict[str, tuple[float, float]] = {
    "top-left": (0, 0), "top": (0.5, 0), "top-right": (1, 0),
    "left": (0, 0.5), "center": (0.5, 0.5), "right": (1, 0.5),
    "bottom-left": (0, 1), "bottom": (0.5, 1), "bottom-right": (1, 1),
}


def check_size(width: int, height: int) -> tuple[int, int]:
    """(width, height) as ints, or DocumentError when not a size an image can have."""
    width, height = int(width), int(height)
    if width <= 0 or height <= 0:
        raise DocumentError(_tr("The size must be at least 1 × 1 pixel."))
    if width * height > 1_000_000_000:
        raise DocumentError(_tr("{w} × {h} pixels is too large.").format(w=width, h=height))
    return width, height


def crop_canvas(doc: Document, rect: Rect) -> None:
    """Cut the canvas to ``rect``; layer pixels outside it are discarded."""
    crop = intersect(normalize(rect), doc.canvas_rect)
    if crop is None:
        raise DocumentError(_tr("The crop area is outside the image."))
    record(doc, _tr("Crop"), lambda: transform_planes(doc, Crop(crop)), whole_image_events)


def resize_canvas(doc: Document, width: int, height: int, anchor: str | tuple[float, float] = "center") -> None:
    """Change the canvas size, placing the old image by ``anchor`` (a name in ANCHORS or fractions
    (fx, fy)). Layers keep all their pixels, also those now off the canvas."""
    width, height = check_size(width, height)
    fx, fy = ANCHORS[anchor] if isinstance(anchor, str) else anchor
    dx = int(round((width - doc.width) * fx))
    dy = int(round((height - doc.height) * fy))
    if (width, height) == doc.size and dx == dy == 0:
        return
    geometry = CanvasSize(width, height, dx, dy)
    record(doc, _tr("Canvas Size"), lambda: transform_planes(doc, geometry), whole_image_events)


def scale_image(doc: Document, width: int, height: int, method: str | None = None) -> GeometryEdit | None:
    """Plan resampling every layer, mask and the selection to a new image size, with ``method`` (a name in
    ``app.warp.RESAMPLING``) or, when None, cubic to enlarge and area averaging to reduce (None when the size
    is the same)."""
    width, height = check_size(width, height)
    if (width, height) == doc.size:
        return None
    if method is None:
        geometry: Scale = Scale(doc.width, doc.height, width, height)
    else:
        interpolation(method)  # an unknown name fails here, before anything is recorded
        geometry = ResampledScale(doc.width, doc.height, width, height, method)
    return GeometryEdit.plan(doc, _tr("Scale Image"), geometry)


class TurnCommand(Command):
    """A rotation or flip of the whole image; exactly invertible, so it stores no pixels."""

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind

    def redo(self, doc: Document) -> None:
        transform_planes(doc, Turn(self.kind, doc.width, doc.height))
        emit(doc, whole_image_events())

    def undo(self, doc: Document) -> None:
        transform_planes(doc, Turn(TURNS[self.kind][1], doc.width, doc.height))
        emit(doc, whole_image_events())


def rotate_image(doc: Document, degrees: int) -> None:
    """Rotate the whole image clockwise by 90, 180 or 270 degrees."""
    degrees = int(degrees) % 360
    if degrees not in (90, 180, 270):
        raise DocumentError(_tr("Rotation must be 90, 180 or 270 degrees."))
    names = {90: _tr("Rotate 90° Clockwise"), 180: _tr("Rotate 180°"), 270: _tr("Rotate 90° Counter-clockwise")}
    doc.history.push(TurnCommand(names[degrees], f"rot{degrees}"))  # push checks before applying


def flip_image(doc: Document, horizontal: bool = True) -> None:
    """Mirror the whole image left-right (horizontal) or top-bottom."""
    if horizontal:
        doc.history.push(TurnCommand(_tr("Flip Horizontal"), "flip-h"))
    else:
        doc.history.push(TurnCommand(_tr("Flip Vertical"), "flip-v"))
