"""Image ▸ Trim: crop away a uniform border, transparent or of the corner's colour, as one undo step.

The border is judged on the flattened image, as it looks: a pixel belongs to it when it is transparent
(the top-left corner is) or within ``tolerance`` of the top-left corner's colour in every channel.
"""
from __future__ import annotations

import numpy as np

from app.compositor import render_sources, sources_of
from app.document import Document
from app.geometry import Crop, transform_planes
from app.history import DocumentError
from app.snapshots import record, whole_image_events
from app.texts import translator
from app.tiles import Rect

_tr = translator("Trim")

MAX_TOLERANCE = 255


def content_rect(image: np.ndarray, tolerance: int = 0) -> Rect | None:
    """The smallest rect (x, y, w, h) holding every pixel of RGBA ``image`` that is not border; None when
    the whole image is border."""
    if not 0 <= tolerance <= MAX_TOLERANCE:
        raise DocumentError(_tr("The tolerance must be between 0 and {0}.").format(MAX_TOLERANCE))
    corner = image[0, 0].astype(np.int16)
    if corner[3] == 0:  # a transparent border: colours under alpha 0 do not matter
        content = image[..., 3] > tolerance
    else:
        content = (np.abs(image.astype(np.int16) - corner) > tolerance).any(axis=2)
    rows, cols = np.flatnonzero(content.any(axis=1)), np.flatnonzero(content.any(axis=0))
    if rows.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def trim(doc: Document, tolerance: int = 0) -> Rect:
    """Crop the canvas to what is not border; returns the rect kept. DocumentError when there is no
    border, or nothing but border."""
    image = render_sources(sources_of(doc.layers), doc.canvas_rect)
    rect = content_rect(image, int(tolerance))
    if rect is None:
        raise DocumentError(_tr("The whole image is one colour: there is nothing to keep."))
    if rect == doc.canvas_rect:
        raise DocumentError(_tr("There is no uniform border to trim."))
    record(doc, _tr("Trim"), lambda: transform_planes(doc, Crop(rect)), whole_image_events)
    return rect
