"""Selections as (H, W) uint8 planes: shapes, magic wand, combining, feather, grow/shrink, outline.

The functions at the top are pure (arrays in, arrays out) so tools and tests use them without a document;
``apply_selection`` and the ``select_*`` / ``*_selection`` helpers below record one undo step each through
``app.layer_ops.set_selection``. No Qt widgets (QCoreApplication only, for translated step names).
"""
from __future__ import annotations

from enum import Enum
from typing import Callable, Iterable, Sequence

import cv2
import numpy as np

from app import layer_ops
from app.document import Document
from app.history import DocumentError
from app.texts import Text, translator

SUBPIXEL_BITS = 4  # cv2 drawing with fractional coordinates (shift), so shapes sit exactly where dragged
SUPERSAMPLE = 4  # anti-aliased polygons: samples per pixel along each axis
AA_BAND_PIXELS = 16 * 1024 * 1024  # supersampled pixels per band


class Mode(str, Enum):
    """How a new shape combines with the current selection (Shift adds, Alt subtracts, both intersect)."""

    REPLACE = "replace"
    ADD = "add"
    SUBTRACT = "subtract"
    INTERSECT = "intersect"


_tr = translator("Selection")


# -- shapes ---------------------------------------------------------------------------------------
def _fixed(points: Iterable[tuple[float, float]]) -> np.ndarray:
    # Pixel (x, y) covers [x, x+1); cv2 puts integer coordinates on pixel centres, hence the -0.5.
    scale = 1 << SUBPIXEL_BITS
    return np.array([[round((x - 0.5) * scale), round((y - 0.5) * scale)] for x, y in points], np.int32)


def rect_mask(shape: tuple[int, int], rect: tuple[float, float, float, float]) -> np.ndarray:
    """Plane with the pixels of ``rect`` (x, y, w, h; negative sizes allowed) set to 255."""
    x, y, w, h = rect
    x0, x1 = sorted((x, x + w))
    y0, y1 = sorted((y, y + h))
    out = np.zeros(shape, np.uint8)
    xa, xb = int(np.clip(round(x0), 0, shape[1])), int(np.clip(round(x1), 0, shape[1]))
    ya, yb = int(np.clip(round(y0), 0, shape[0])), int(np.clip(round(y1), 0, shape[0]))
    out[ya:yb, xa:xb] = 255
    return out


def ellipse_mask(shape: tuple[int, int], rect: tuple[float, float, float, float], antialias: bool = True) -> np.ndarray:
    """Plane with the ellipse inscribed in ``rect``; the anti-aliased edge is half covered exactly on the
    ellipse (coverage from an approximate signed distance, computed only over the ellipse's box)."""
    x, y, w, h = rect
    x0, x1 = sorted((x, x + w))
    y0, y1 = sorted((y, y + h))
    out = np.zeros(shape, np.uint8)
    a, b = (x1 - x0) / 2, (y1 - y0) / 2
    if a < 0.25 or b < 0.25:
        return out
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    bx0, by0 = max(int(np.floor(x0)) - 1, 0), max(int(np.floor(y0)) - 1, 0)
    bx1, by1 = min(int(np.ceil(x1)) + 1, shape[1]), min(int(np.ceil(y1)) + 1, shape[0])
    if bx1 <= bx0 or by1 <= by0:
        return out
    dx = (np.arange(bx0, bx1, dtype=np.float32) + 0.5 - cx)[None, :]
    dy = (np.arange(by0, by1, dtype=np.float32) + 0.5 - cy)[:, None]
    f = np.sqrt((dx / a) ** 2 + (dy / b) ** 2)
    # Signed distance to the ellipse ~ (f - 1) / |grad f| (exact on the axes, close elsewhere).
    grad = np.sqrt((dx / (a * a)) ** 2 + (dy / (b * b)) ** 2) / np.maximum(f, 1e-6)
    dist = (f - 1) / np.maximum(grad, 1e-6)
    if antialias:
        cover = np.clip(0.5 - dist, 0, 1)
        out[by0:by1, bx0:bx1] = np.rint(cover * 255).astype(np.uint8)
    else:
        out[by0:by1, bx0:bx1] = np.where(f <= 1, 255, 0).astype(np.uint8)
    return out


def polygon_mask(shape: tuple[int, int], points: Sequence[tuple[float, float]], antialias: bool = True) -> np.ndarray:
    """Plane with the closed polygon (lasso or polygon lasso) filled. Anti-aliasing is 4 x 4 supersampling
    of the polygon's box, in bands so memory stays small (cv2's own LINE_AA fill spreads half a pixel
    outwards)."""
    out = np.zeros(shape, np.uint8)
    if len(points) < 3:
        return out
    pts = np.asarray(points, np.float64)
    if not antialias:
        cv2.fillPoly(out, [_fixed(pts)], 255, cv2.LINE_8, SUBPIXEL_BITS)
        return out
    x0, y0 = max(int(np.floor(pts[:, 0].min())), 0), max(int(np.floor(pts[:, 1].min())), 0)
    x1, y1 = min(int(np.ceil(pts[:, 0].max())), shape[1]), min(int(np.ceil(pts[:, 1].max())), shape[0])
    if x1 <= x0 or y1 <= y0:
        return out
    # Huge shapes use 2 x 2: the edge is still smooth and a full 24 MP lasso stays well under a second.
    ss = SUPERSAMPLE if (x1 - x0) * (y1 - y0) <= 4_000_000 else 2
    rows = max(1, AA_BAND_PIXELS // ((x1 - x0) * ss * ss))
    for top in range(y0, y1, rows):
        bottom = min(top + rows, y1)
        band = np.zeros(((bottom - top) * ss, (x1 - x0) * ss), np.uint8)
        local = (pts - (x0, top)) * ss
        cv2.fillPoly(band, [_fixed(local)], 255, cv2.LINE_8, SUBPIXEL_BITS)
        small = band.reshape(bottom - top, ss, x1 - x0, ss).mean(axis=(1, 3), dtype=np.float32)
        out[top:bottom, x0:x1] = np.rint(small).astype(np.uint8)
    return out


# -- magic wand -----------------------------------------------------------------------------------
def color_match(image: np.ndarray, seed: tuple[int, int], tolerance: int) -> np.ndarray:
    """Bool plane: pixels whose every channel is within ``tolerance`` of the seed pixel's."""
    x, y = seed
    ref = image[y, x].astype(np.int32).reshape(-1)
    lo = np.clip(ref - int(tolerance), 0, 255).astype(np.float64)
    hi = np.clip(ref + int(tolerance), 0, 255).astype(np.float64)
    if image.ndim == 2:
        return (image >= lo[0]) & (image <= hi[0])
    # cv2.inRange: per-channel inclusive bounds in one pass over uint8 (no int16 copy of a 24 MP image).
    return cv2.inRange(np.ascontiguousarray(image), lo, hi) > 0


def magic_wand(image: np.ndarray, seed: tuple[int, int], tolerance: int = 32, contiguous: bool = True) -> np.ndarray:
    """The region like the pixel at ``seed`` (x, y) in ``image`` ((h, w) or (h, w, 3|4) uint8): every
    pixel within ``tolerance`` on each channel, or only those connected to the seed (4-connected, found
    with cv2.floodFill over the matching pixels). Returns a uint8 plane (0/255) the size of ``image``."""
    h, w = image.shape[:2]
    x, y = int(seed[0]), int(seed[1])
    if not (0 <= x < w and 0 <= y < h):
        return np.zeros((h, w), np.uint8)
    match = color_match(image, (x, y), tolerance)
    if not contiguous:
        return match.astype(np.uint8) * 255
    plane = match.astype(np.uint8)
    flood = np.zeros((h + 2, w + 2), np.uint8)
    cv2.floodFill(plane, flood, (x, y), 1, 0, 0, 4 | cv2.FLOODFILL_MASK_ONLY | (255 << 8))
    return np.ascontiguousarray(flood[1:-1, 1:-1])


# -- combining and refining -----------------------------------------------------------------------
def combine(current: np.ndarray | None, new: np.ndarray, mode: Mode | str) -> np.ndarray:
    """The selection after applying ``new`` with ``mode`` to ``current`` (None = nothing selected)."""
    mode = Mode(mode)
    if mode is Mode.REPLACE or current is None:
        if mode in (Mode.SUBTRACT, Mode.INTERSECT) and current is None:
            return np.zeros_like(new)
        return new.copy()
    if mode is Mode.ADD:
        return np.maximum(current, new)
    if mode is Mode.SUBTRACT:
        return np.minimum(current, 255 - new)
    return np.minimum(current, new)


def mode_for(shift: bool, alt: bool, default: Mode | str = Mode.REPLACE) -> Mode:
    """Shift adds, Alt subtracts, Shift+Alt intersects, otherwise the tool's own mode."""
    if shift and alt:
        return Mode.INTERSECT
    if shift:
        return Mode.ADD
    if alt:
        return Mode.SUBTRACT
    return Mode(default)


def _disk(radius: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def grow(plane: np.ndarray, radius: int) -> np.ndarray:
    """Dilate by ``radius`` pixels (a round structuring element)."""
    radius = int(radius)
    return plane.copy() if radius <= 0 else cv2.dilate(plane, _disk(radius))


def shrink(plane: np.ndarray, radius: int) -> np.ndarray:
    """Erode by ``radius`` pixels; the image border counts as unselected."""
    radius = int(radius)
    if radius <= 0:
        return plane.copy()
    return cv2.erode(plane, _disk(radius), borderType=cv2.BORDER_CONSTANT, borderValue=0)


def feather(plane: np.ndarray, radius: float) -> np.ndarray:
    """Soften the edge with a Gaussian blur (sigma = radius / 2, so the ramp is about 2 * radius wide)."""
    if radius <= 0:
        return plane.copy()
    sigma = float(radius) / 2
    return cv2.GaussianBlur(plane, (0, 0), sigmaX=sigma, sigmaY=sigma, borderType=cv2.BORDER_REPLICATE)


def border(plane: np.ndarray, width: int) -> np.ndarray:
    """A band ``width`` pixels wide along the edge of the selection, straddling it (the outer half grown
    out, the inner half shrunk in), as Photoshop's and GIMP's Select ▸ Modify ▸ Border."""
    width = int(width)
    if width <= 0:
        return np.zeros_like(plane)
    outer = grow(plane, (width + 1) // 2)
    inner = shrink(plane, width // 2)
    return np.minimum(outer, 255 - inner)


def invert(plane: np.ndarray | None, shape: tuple[int, int]) -> np.ndarray:
    return np.full(shape, 255, np.uint8) if plane is None else 255 - plane


def outline(plane: np.ndarray | None, threshold: int = 128) -> list[np.ndarray]:
    """Contours ((n, 2) float32 x, y in canvas coordinates) of the area at or above ``threshold``: what
    the marching ants trace. Points are the centres of the boundary pixels (half a pixel inside the exact
    edge, which only shows at high zoom)."""
    if plane is None:
        return []
    binary = (plane >= threshold).astype(np.uint8)
    if not binary.any():
        return []
    # Pad so that shapes touching the border still close along the image edge.
    padded = cv2.copyMakeBorder(binary, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    contours, _ = cv2.findContours(padded, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    # Undo the padding (-1) and move from pixel index to pixel centre (+0.5).
    return [c.reshape(-1, 2).astype(np.float32) - 0.5 for c in contours]


def bounds(plane: np.ndarray | None) -> tuple[int, int, int, int] | None:
    """Bounding rect (x, y, w, h) of the non-zero part, or None when empty."""
    if plane is None:
        return None
    rows = np.flatnonzero(plane.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(plane.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


# -- undoable operations on a document --------------------------------------------------------------
def apply_selection(doc: Document, new: np.ndarray, mode: Mode | str = Mode.REPLACE, name: str | None = None) -> None:
    """Combine ``new`` into the document's selection as one step; an empty result deselects."""
    combined = combine(doc.selection, new, mode)
    result = combined if combined.any() else None
    if result is None and doc.selection is None:
        return
    if result is not None and doc.selection is not None and np.array_equal(result, doc.selection):
        return
    layer_ops.set_selection(doc, result, name or (_tr("Deselect") if result is None else _tr("Select")))


def select_all(doc: Document) -> None:
    layer_ops.set_selection(doc, np.full((doc.height, doc.width), 255, np.uint8), _tr("Select All"))


def select_none(doc: Document) -> None:
    layer_ops.set_selection(doc, None, _tr("Deselect"))


def invert_selection(doc: Document) -> None:
    layer_ops.set_selection(doc, invert(doc.selection, (doc.height, doc.width)), _tr("Invert Selection"))


def _modify_selection(doc: Document, name: Text, compute: Callable[[np.ndarray], np.ndarray]) -> None:
    """Replace the selection with ``compute(selection)`` as one step (an empty result deselects)."""
    if doc.selection is None or not doc.selection.any():
        raise DocumentError(_tr("Nothing is selected."))
    result = compute(doc.selection)
    if np.array_equal(result, doc.selection):
        return
    layer_ops.set_selection(doc, result if result.any() else None, name)


def grow_selection(doc: Document, radius: int) -> None:
    _modify_selection(doc, _tr("Grow Selection"), lambda plane: grow(plane, radius))


def shrink_selection(doc: Document, radius: int) -> None:
    _modify_selection(doc, _tr("Shrink Selection"), lambda plane: shrink(plane, radius))


def feather_selection(doc: Document, radius: float) -> None:
    _modify_selection(doc, _tr("Feather Selection"), lambda plane: feather(plane, radius))


def border_selection(doc: Document, width: int) -> None:
    _modify_selection(doc, _tr("Border Selection"), lambda plane: border(plane, width))


def sample_region(doc: Document, point: tuple[float, float], tolerance: int, contiguous: bool = True,
                  sample_merged: bool = False) -> np.ndarray:
    """Magic wand on the document: a canvas-sized plane of the region like the pixel under ``point``,
    sampled from the active layer (placed at its offset) or, with ``sample_merged``, the composite."""
    x, y = int(np.floor(point[0])), int(np.floor(point[1]))
    out = np.zeros((doc.height, doc.width), np.uint8)
    if sample_merged or doc.active_layer is None:
        from app.compositor import Compositor

        image = Compositor(doc, follow=False).render()
        return magic_wand(image, (x, y), tolerance, contiguous)
    layer = doc.active_layer
    ox, oy = layer.offset
    local = magic_wand(layer.pixels, (x - ox, y - oy), tolerance, contiguous)
    # Paste the layer-sized result at the layer's offset, clipped to the canvas.
    x0, y0 = max(ox, 0), max(oy, 0)
    x1, y1 = min(ox + layer.width, doc.width), min(oy + layer.height, doc.height)
    if x1 > x0 and y1 > y0:
        out[y0:y1, x0:x1] = local[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
    return out
