"""Free rotation and Straighten: the whole image turned by any angle, as one undo step.

Angles are clockwise degrees on screen (as ``canvas_ops.rotate_image``). ``rotation`` builds the matrix and
the new canvas for one of three fits: ``expand`` (the canvas grows to hold the whole turned image),
``keep`` (the original canvas size; the corners are cut off) and ``inner`` (the largest axis-aligned
rectangle inside the turned image, so no transparent corner is left). ``level_angle`` is the Straighten
tool's measurement: the turn that makes a drawn line level, or vertical when it is closer to vertical.
"""
from __future__ import annotations

import math

import numpy as np

from app.document import Document
from app.geometry_edit import GeometryEdit
from app.history import DocumentError
from app.texts import translator
from app.warp import KERNEL_REACH, Warp, interpolation, translation

_tr = translator("Straighten")

FITS = ("expand", "keep", "inner")
MIN_LINE = 4.0  # pixels: a shorter line gives no reliable angle (a click, not a drag)


def level_angle(start: tuple[float, float], end: tuple[float, float]) -> float:
    """The clockwise turn in degrees (-45..45) after which the line ``start``-``end`` (image pixels) is
    horizontal, or vertical when it is nearer to vertical."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    if math.hypot(dx, dy) < MIN_LINE:
        raise DocumentError(_tr("Draw a longer line along the horizon or the edge."))
    tilt = math.degrees(math.atan2(dy, dx))  # y points down: a positive tilt is clockwise on screen
    return -(tilt - 90.0 * round(tilt / 90.0))


def inner_size(width: int, height: int, degrees: float) -> tuple[float, float]:
    """The largest axis-aligned rectangle (w, h), centred, inside a ``width`` × ``height`` rectangle turned
    by ``degrees``. The rectangle fits when w·c + h·s <= width and w·s + h·c <= height (s, c: |sin|, |cos|);
    the area is largest where one of these is met with w·c = h·s (a corner pair on one side each), or at
    the point where both are met."""
    a = math.radians(degrees)
    s, c = abs(math.sin(a)), abs(math.cos(a))
    if s < 1e-12 or c < 1e-12:
        return (float(width), float(height)) if c >= s else (float(height), float(width))
    candidates = [(width / (2 * c), width / (2 * s)), (height / (2 * s), height / (2 * c))]
    det = c * c - s * s
    if abs(det) > 1e-12:
        candidates.append(((width * c - height * s) / det, (height * c - width * s) / det))

    def fits(w: float, h: float) -> bool:
        return w > 0 and h > 0 and w * c + h * s <= width + 1e-9 and w * s + h * c <= height + 1e-9

    return max((p for p in candidates if fits(*p)), key=lambda p: p[0] * p[1])


def rotation(width: int, height: int, degrees: float, fit: str = "expand",
             method: str = "bicubic") -> tuple[np.ndarray, int, int]:
    """(matrix old pixel -> new pixel, new width, new height) for turning a canvas by ``degrees``."""
    if fit not in FITS:
        raise ValueError(f"unknown fit {fit!r}; expected one of {', '.join(FITS)}")
    a = math.radians(degrees)
    s, c = abs(math.sin(a)), abs(math.cos(a))
    turn = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    about_centre = turn @ translation(-(width - 1) / 2, -(height - 1) / 2)
    if fit == "expand":  # the turned rectangle's extent, in whole pixels (the epsilon keeps 90° exact)
        new_w = max(1, math.ceil(width * c + height * s - 1e-6))
        new_h = max(1, math.ceil(width * s + height * c - 1e-6))
    elif fit == "keep":
        new_w, new_h = width, height
    else:
        inner_w, inner_h = inner_size(width, height, degrees)
        margin = 2 * KERNEL_REACH[method] if degrees % 90 else 0  # edge pixels mix in the transparent outside
        new_w, new_h = max(1, math.floor(inner_w) - margin), max(1, math.floor(inner_h) - margin)
    return translation((new_w - 1) / 2, (new_h - 1) / 2) @ about_centre, new_w, new_h


def rotate_free(doc: Document, degrees: float, fit: str = "expand", method: str = "bicubic",
                name: str | None = None) -> GeometryEdit | None:
    """Plan turning every layer, mask and the selection clockwise by ``degrees`` as one undo step (None when
    that changes nothing)."""
    interpolation(method)  # an unknown method fails here, before anything is recorded
    degrees = float(degrees)
    if not math.isfinite(degrees):
        raise DocumentError(_tr("The angle must be a number."))
    degrees = (degrees + 180.0) % 360.0 - 180.0  # -180 <= degrees < 180
    if degrees == 0 and fit != "inner":
        return None
    matrix, width, height = rotation(doc.width, doc.height, degrees, fit, method)
    geometry = Warp(matrix, width, height, method, clip=fit != "expand")  # a cut canvas cuts layers too
    return GeometryEdit.plan(doc, name or _tr("Rotate"), geometry)


def straighten(doc: Document, start: tuple[float, float], end: tuple[float, float], crop: bool = False,
               method: str = "bicubic") -> GeometryEdit | None:
    """Plan turning the image so the line ``start``-``end`` is level (or vertical), cropping away the
    transparent corners when ``crop``; one undo step (None when the line is level already). The angle is
    ``level_angle(start, end)``."""
    angle = level_angle(start, end)
    if abs(angle) < 1e-6:
        return None
    return rotate_free(doc, angle, "inner" if crop else "expand", method, _tr("Straighten"))
