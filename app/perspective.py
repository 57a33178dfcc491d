"""Perspective correction for photos of prints: four corners of the print (chosen by hand, or found as
the largest four-sided outline against the background) are warped to a rectangle, as one undo step.

Corners are in canvas coordinates as the tools use them (pixel i spans i .. i + 1), ordered top-left,
top-right, bottom-right, bottom-left. The rectangle's size follows the quadrilateral's sides (the longer of
each opposite pair), so the print keeps about the resolution it had in the photo.
"""
from __future__ import annotations

import cv2
import numpy as np

from app.document import Document
from app.geometry_edit import GeometryEdit
from app.history import DocumentError
from app.texts import translator
from app.warp import Warp, interpolation, translation

_tr = translator("Perspective")

Corners = np.ndarray  # (4, 2) float64: top-left, top-right, bottom-right, bottom-left
DETECT_SIDE = 1024  # outlines are searched on a copy at most this large (a print's edge is not fine detail)
MIN_AREA = 0.05  # a print covering less of the photo than this is not taken for one
QUAD_FIT = 0.04  # a print's outline and its four-cornered fit differ in area by less than this
SPECK_AREA = 0.001  # foreground pieces smaller than this part of the photo are dust, not print
MIN_CONTRAST = 16  # levels (0..255): the least difference from the background that counts as print
EDGE_BAND = 2.0  # px: edge points this near a side (after the outline's fits) are fitted to it
EDGE_CANNY = (10, 30)  # hysteresis thresholds on the difference from the background (0..255)
SIDE_BANDS = (8.0, 3.0, 1.5)  # px (on the search copy): outline points this near a side's line are fitted to it


def order_corners(points: np.ndarray) -> Corners:
    """Four points as top-left, top-right, bottom-right, bottom-left (clockwise on screen from the one
    nearest the top-left)."""
    pts = np.asarray(points, np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen (y points down), starting anywhere
    first = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -first, axis=0)


def check_corners(corners: np.ndarray) -> Corners:
    """The corners as a (4, 2) array, or DocumentError when they do not make a convex quadrilateral."""
    pts = np.asarray(corners, np.float64)
    if pts.shape != (4, 2) or not np.isfinite(pts).all():
        raise DocumentError(_tr("Perspective correction needs four corners."))
    edges = np.roll(pts, -1, axis=0) - pts
    turns = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    if not ((turns > 0).all() or (turns < 0).all()) or np.linalg.norm(edges, axis=1).min() < 2:
        raise DocumentError(_tr("The four corners must make a quadrilateral without crossing sides."))
    return pts


def rectified_size(corners: np.ndarray) -> tuple[int, int]:
    """(width, height) of the rectangle the quadrilateral becomes: its longer top/bottom and left/right."""
    tl, tr, br, bl = np.asarray(corners, np.float64)
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    return max(1, int(round(width))), max(1, int(round(height)))


def perspective_matrix(corners: np.ndarray) -> tuple[np.ndarray, int, int]:
    """(matrix old pixel -> new pixel, width, height), in the pixel-centre coordinates ``app.warp`` uses."""
    pts = check_corners(corners)
    width, height = rectified_size(pts)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    edges = cv2.getPerspectiveTransform(pts.astype(np.float32), target).astype(np.float64)
    return translation(-0.5, -0.5) @ edges @ translation(0.5, 0.5), width, height


def correct_perspective(doc: Document, corners: np.ndarray, method: str = "bicubic") -> GeometryEdit:
    """Plan warping every layer, mask and the selection so the quadrilateral ``corners`` becomes the whole
    canvas, as one undo step."""
    interpolation(method)  # an unknown method fails here, before anything is recorded
    matrix, width, height = perspective_matrix(order_corners(check_corners(corners)))
    return GeometryEdit.plan(doc, _tr("Perspective Correction"), Warp(matrix, width, height, method))


# -- finding the print ------------------------------------------------------------------------------------
def _foreground(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(what differs from the background (uint8 0/255), the difference itself), the background taken to be
    the colour of the photo's outer frame.
    The threshold is set by how much the frame itself varies (the table's grain, the camera's noise), so
    dark parts of the print still count as print unless they match the background."""
    smooth = cv2.GaussianBlur(rgb, (5, 5), 0)  # photo grain and JPEG noise are not edges
    h, w = rgb.shape[:2]
    band = max(2, min(h, w) // 50)
    frame = np.concatenate([smooth[:band].reshape(-1, 3), smooth[-band:].reshape(-1, 3),
                            smooth[:, :band].reshape(-1, 3), smooth[:, -band:].reshape(-1, 3)])
    background = np.median(frame, axis=0).astype(np.int16)

    def distance(pixels: np.ndarray) -> np.ndarray:
        return np.abs(pixels.astype(np.int16) - background).max(axis=-1).astype(np.uint8)

    spread = float(np.percentile(distance(frame), 99.5))
    fg = np.where(distance(smooth) > max(MIN_CONTRAST, spread + MIN_CONTRAST / 2), np.uint8(255), np.uint8(0))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    return cv2.morphologyEx(cv2.morphologyEx(fg, cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE, kernel), distance(smooth)


def _refine(outline: np.ndarray, corners: np.ndarray, band: float) -> np.ndarray:
    """Corners where lines fitted to each side's outline points meet: more exact than the outline's
    vertices, which a rounded or dog-eared corner pulls inwards."""
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        direction = (b - a) / np.linalg.norm(b - a)
        rel = outline - a
        along = rel @ direction
        across = np.abs(rel[:, 0] * direction[1] - rel[:, 1] * direction[0])
        length = np.linalg.norm(b - a)
        near = (across < band) & (along > 0.1 * length) & (along < 0.9 * length)  # away from the corners
        if near.sum() < 5:
            return corners
        vx, vy, x0, y0 = cv2.fitLine(outline[near].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)))
    refined = []
    for i in range(4):
        (p, u), (q, v) = lines[i - 1], lines[i]  # the sides before and after corner i
        det = u[0] * -v[1] - u[1] * -v[0]
        if abs(det) < 1e-9:
            return corners
        t = ((q - p)[0] * -v[1] - (q - p)[1] * -v[0]) / det
        refined.append(p + t * u)
    return np.array(refined)


def find_print(image: np.ndarray) -> Corners | None:
    """The corners of the largest four-sided outline that stands out from the background (a print
    photographed on a table), in canvas coordinates; None when there is none."""
    rgb = image[..., :3]
    h, w = rgb.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(h, w))
    if scale < 1:
        rgb = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    fg, difference = _foreground(np.ascontiguousarray(rgb))
    contours, _ = cv2.findContours(fg, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    # The print may fall apart where parts of the picture match the table: take every sizeable piece.
    pieces = [c for c in contours if cv2.contourArea(c) >= SPECK_AREA * fg.size]
    if not pieces:
        return None
    outline = np.concatenate(pieces)
    hull = cv2.convexHull(outline)  # bites out of the edge (dark parts of the picture) are bridged
    area = cv2.contourArea(hull)
    if area < MIN_AREA * fg.size or area > 0.98 * fg.size:  # too small, or no background around it
        return None
    perimeter = cv2.arcLength(hull, True)
    for epsilon in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            break
    else:
        return None
    points = outline.reshape(-1, 2).astype(np.float64)
    corners = order_corners(approx.reshape(4, 2).astype(np.float64))
    for band in SIDE_BANDS:  # each fit moves the sides nearer the edge, so the next can take a closer band
        corners = _refine(points, corners, band)
    # Last, the sides are fitted to where the difference changes fastest (the edge itself), which unlike
    # the threshold's outline does not move with how bright the picture is along its edge.
    edges = np.argwhere(cv2.Canny(difference, *EDGE_CANNY) > 0)[:, ::-1].astype(np.float64)
    corners = _refine(edges, corners, EDGE_BAND)
    if abs(cv2.contourArea(corners.astype(np.float32)) / area - 1) > QUAD_FIT:
        return None  # a round or ragged shape: four of its points do not outline it
    corners = (corners + 0.5) / scale  # outline points are pixel centres of the search copy
    return order_corners(corners)


def default_corners(width: int, height: int) -> Corners:
    """The canvas's own corners: where the corners start when no print was found."""
    return np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)

