"""Edge refinement by closed-form matting (Levin, Lischinski, Weiss 2008) on a band around a mask's edge.

The trimap is the mask itself away from its edge (sure subject / sure background) and "unknown" within
``radius`` px of it. Alpha in the unknown band solves the matting Laplacian's system L_uu a_u = -L_uk a_k,
built only from the 3x3 windows that touch an unknown pixel, so the cost follows the band, not the image.
A band with more unknowns than ``MAX_UNKNOWNS`` is solved on a downscaled copy and its alpha upsampled;
either way alpha is fractional only inside the band.
"""
from __future__ import annotations

import cv2
import numpy as np
from scipy import sparse
from scipy.sparse import linalg

from engines.base import EngineInputError, RunContext

EPSILON = 1e-7  # the matting Laplacian's regulariser (Levin et al.'s value)
MAX_UNKNOWNS = 80_000  # bound on the system's size; larger bands are solved at a reduced scale
CG_TOLERANCE = 1e-5
CG_MAX_ITERATIONS = 600


def trimap(mask: np.ndarray, radius: int) -> np.ndarray:
    """(H, W) uint8: 255 sure subject, 0 sure background, 128 unknown (within ``radius`` px of the edge)."""
    inside = (mask >= 128).astype(np.uint8)
    size = 2 * radius + 1
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    grown, shrunk = cv2.dilate(inside, disc), cv2.erode(inside, disc, borderType=cv2.BORDER_REPLICATE)
    out = np.full(mask.shape, 128, np.uint8)
    out[shrunk > 0] = 255
    out[grown == 0] = 0
    return out


def _window_offsets() -> np.ndarray:
    dy, dx = np.mgrid[-1:2, -1:2]
    return np.stack([dy.ravel(), dx.ravel()], axis=1)  # (9, 2)


def solve_alpha(rgb: np.ndarray, tri: np.ndarray, ctx: RunContext | None = None) -> np.ndarray:
    """Alpha (H, W) float32 0..1 for an (H, W, 3) float image in 0..1 and a trimap (see ``trimap``).
    The solver starts from the trimap blurred across the band, which is close to a matte already."""
    height, width = tri.shape
    alpha: np.ndarray = (tri == 255).astype(np.float32)
    unknown = tri == 128
    if not unknown.any():
        return alpha
    # Windows are centred on pixels within 1 px of an unknown one, away from the image border.
    centres = cv2.dilate(unknown.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    centres[0, :] = centres[-1, :] = centres[:, 0] = centres[:, -1] = False
    cy, cx = np.nonzero(centres)
    if cy.size == 0:
        return alpha
    offsets = _window_offsets()
    ys = cy[:, None] + offsets[None, :, 0]  # (n, 9)
    xs = cx[:, None] + offsets[None, :, 1]
    flat = ys * width + xs
    colours = rgb[ys, xs].astype(np.float64)  # (n, 9, 3)
    mean = colours.mean(axis=1, keepdims=True)
    centred = colours - mean
    cov = np.einsum("nki,nkj->nij", centred, centred) / 9.0 + (EPSILON / 9.0) * np.eye(3)
    inverse = np.linalg.inv(cov)
    values = -(1.0 + np.einsum("nki,nij,nlj->nkl", centred, inverse, centred)) / 9.0
    values += np.eye(9)[None]
    if ctx is not None:
        ctx.check_cancelled()
    # Number the pixels the windows cover; rows are kept for the unknown ones only.
    covered, index = np.unique(flat, return_inverse=True)
    index = index.reshape(flat.shape)
    rows = np.broadcast_to(index[:, :, None], values.shape).ravel()
    cols = np.broadcast_to(index[:, None, :], values.shape).ravel()
    lap = sparse.csr_matrix((values.ravel(), (rows, cols)), shape=(covered.size, covered.size))
    is_unknown = unknown.ravel()[covered]
    known_alpha = alpha.ravel()[covered][~is_unknown].astype(np.float64)
    l_uu = lap[is_unknown][:, is_unknown]
    rhs = -(lap[is_unknown][:, ~is_unknown] @ known_alpha)
    sigma = max(1.0, float(np.sqrt(unknown.sum() / max(1, cv2.countNonZero(cv2.Canny(tri, 1, 1))))))
    guess = cv2.GaussianBlur((tri.astype(np.float32) / 255.0), (0, 0), sigma)
    start = guess.ravel()[covered[is_unknown]].astype(np.float64)
    diagonal = l_uu.diagonal()
    preconditioner = sparse.diags(1.0 / np.maximum(diagonal, 1e-12))
    callback = None if ctx is None else (lambda _x: ctx.check_cancelled())
    solution, _info = linalg.cg(l_uu, rhs, x0=start, rtol=CG_TOLERANCE, maxiter=CG_MAX_ITERATIONS,
                                M=preconditioner, callback=callback)
    out = alpha.ravel()
    out[covered[is_unknown]] = np.clip(solution, 0.0, 1.0)
    # Unknown pixels no window reaches (the image's outermost row and column) stay background.
    result: np.ndarray = out.reshape(height, width)
    return result


def refine_edge(rgb8: np.ndarray, mask: np.ndarray, radius: int, ctx: RunContext | None = None) -> np.ndarray:
    """Soft alpha (H, W) uint8 for an (H, W, 3) uint8 photo (uint16 is taken too) and an (H, W) uint8 mask:
    closed-form matting within ``radius`` px of the mask's edge, the mask itself (0/255) everywhere else."""
    if rgb8.ndim != 3 or rgb8.shape[2] != 3 or rgb8.shape[:2] != mask.shape or \
            rgb8.dtype not in (np.uint8, np.uint16):
        raise EngineInputError("Refine edge needs an 8- or 16-bit RGB image and a mask of its size.")
    if rgb8.dtype == np.uint16:
        rgb8 = (rgb8 >> 8).astype(np.uint8)  # the matte needs no more than 8 bits of colour
    if radius < 1:
        raise EngineInputError("The edge radius must be at least 1 px.")
    tri = trimap(mask, int(radius))
    band = tri == 128
    count = int(band.sum())
    hard = np.where(mask >= 128, 255, 0).astype(np.uint8)
    if count == 0:
        return hard
    scale = min(1.0, float(np.sqrt(MAX_UNKNOWNS / count)))
    if scale >= 1.0:
        alpha = solve_alpha(rgb8.astype(np.float32) / 255.0, tri, ctx)
    else:
        # Too large a band for one solve: matte a downscaled copy and bring its alpha back up.
        height, width = mask.shape
        small = (max(1, round(width * scale)), max(1, round(height * scale)))
        small_rgb = cv2.resize(rgb8, small, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        small_mask = cv2.resize(mask, small, interpolation=cv2.INTER_AREA)
        small_tri = trimap(small_mask, max(1, round(radius * scale)))
        alpha = cv2.resize(solve_alpha(small_rgb, small_tri, ctx), (width, height), interpolation=cv2.INTER_LINEAR)
    out = hard.copy()
    out[band] = np.rint(np.clip(alpha[band], 0.0, 1.0) * 255.0).astype(np.uint8)
    return out
