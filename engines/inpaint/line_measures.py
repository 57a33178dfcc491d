"""Straight-line measures for the scratch finder: segment kernels, neighbourhood medians, and the evidence
that a faint line runs through texture.

A scratch across grass, hair or film grain can be fainter, pixel by pixel, than the texture around it, so no
per-pixel threshold finds it without marking the texture too; but averaged along its length it stands out
clearly, while the texture's own line averages stay small. That is what ``line_evidence`` measures.
"""
from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

SHRINK = 4  # neighbourhood medians are taken on a copy this many times smaller (they change slowly)
LEVELS = 1020.0  # 8-bit steps per unit of luminance in that copy (cv2's large medians take 8-bit only)
SIGMA_PER_MEDIAN = 1.4826  # a normal spread's sigma over the median of its absolute values

RUN = 25  # px a line's mean is taken over: long enough to lift a faint line out of the texture
PIECE = 5  # px of the short means that must each stand out too, so one bright spot does not make a line
PIECE_SHARE = 0.5  # ... by this share of the whole run's contrast
UNEVEN = 4.0  # the strongest piece of a run may stand out this many times the weakest
BEND = 3  # px a line may stray sideways from a straight run (a gently bent scratch, an angle between two)
FLOOR = 0.04  # contrast, in luminance, a line needs at least (below it, nobody sees the scratch)
BAND = 512  # rows worked on at a time


def line_kernels(length: int, step: float = 6.0) -> list[tuple[float, np.ndarray]]:
    """(angle, uint8 straight segment of ``length`` px) at angles ``step`` px of arc apart at the ends, so one
    of them lies within a px or so of any line over its length."""
    count = max(4, int(np.ceil(np.pi * length / step)))
    return [(float(angle), segment(angle, length)) for angle in np.arange(count) * (np.pi / count)]


def segment(angle: float, length: int) -> np.ndarray:
    """uint8 0/1: a straight segment of ``length`` px through the centre of a square, at ``angle``."""
    half = (length - 1) / 2
    kernel = np.zeros((length, length), np.uint8)
    dx, dy = half * np.cos(angle), half * np.sin(angle)
    cv2.line(kernel, (round(half - dx), round(half - dy)), (round(half + dx), round(half + dy)), 1, 1)
    return kernel


def local_median(plane: np.ndarray, window: int) -> np.ndarray:
    """float32: the median of ``plane`` (0..1/4 luminance, or so) over ``window`` px around each pixel."""
    h, w = plane.shape
    small = cv2.resize(plane, (max(1, w // SHRINK), max(1, h // SHRINK)), interpolation=cv2.INTER_AREA)
    levels = np.clip(small * np.float32(LEVELS), 0, 255).astype(np.uint8)
    median = cv2.medianBlur(levels, max(3, window // SHRINK) | 1)
    out: np.ndarray = cv2.resize(median, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out *= np.float32(1.0 / LEVELS)
    return out


def line_evidence(lum: np.ndarray, reach: int, window: int, snr: float, where: np.ndarray,
                  report: Callable[[float], None]) -> np.ndarray:
    """uint8 0/1, at the pixels of ``where`` (uint8 0/1) only: on straight runs of RUN px, bright or dark,
    whose mean beats the means ``reach`` px to both sides by ``snr`` times the spread the same measure has
    over ``window`` px around, and by FLOOR; every PIECE px of the run must stand out too, and none by more
    than UNEVEN times the weakest (a speck on grain lifts a run's mean but not evenly). Worked out in
    bands of rows around ``where`` (the cost is in the pixels looked at); ``report`` is told the share done
    (it may raise to cancel)."""
    h, w = lum.shape
    found = np.zeros((h, w), np.uint8)
    # How far a pixel's evidence looks: along the runs through it (its own and its neighbours', RUN px
    # each), to their sides, and the noise window around them.
    margin = -(-(RUN + reach + BEND + window // 2 + SHRINK) // SHRINK) * SHRINK
    starts = range(0, h, BAND)
    for b, top in enumerate(starts):
        bottom = min(h, top + BAND)
        cols = np.flatnonzero(where[top:bottom].any(axis=0))
        if cols.size:
            y0, x0 = max(0, top - margin), max(0, (cols[0] - margin) // SHRINK * SHRINK)
            y1, x1 = min(h, bottom + margin), min(w, cols[-1] + 1 + margin)
            band = _evidence(lum[y0:y1, x0:x1], reach, window, snr, _share(report, b, len(starts)))
            found[top:bottom, x0:x1] = band[top - y0:bottom - y0]
        report((b + 1) / len(starts))
    found &= where
    return found


def _share(report: Callable[[float], None], index: int, count: int) -> Callable[[float], None]:
    """``report`` for part ``index`` of ``count`` equal parts of the work."""
    return lambda done: report((index + done) / count)


def _evidence(lum: np.ndarray, reach: int, window: int, snr: float, report: Callable[[float], None]
              ) -> np.ndarray:
    """line_evidence over the whole of ``lum``."""
    h, w = lum.shape
    found: np.ndarray = np.zeros((h, w), np.uint8)
    pieces = RUN // PIECE
    along = (np.arange(pieces) - (pieces - 1) / 2) * PIECE  # the short pieces' centres on a run
    pad = RUN // 2 + reach + 1
    kernels = line_kernels(RUN)
    for i, (angle, run) in enumerate(kernels):
        ux, uy, nx, ny = np.cos(angle), np.sin(angle), -np.sin(angle), np.cos(angle)
        piece = segment(angle, PIECE)
        short = cv2.filter2D(lum, -1, piece.astype(np.float32) / np.float32(piece.sum()))
        # A run's mean is the mean of its short pieces' means (cheaper than a filter RUN px across).
        steps = [(round(t * ux), round(t * uy)) for t in along]
        padded = cv2.copyMakeBorder(short, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        long: np.ndarray = np.zeros_like(short)
        for dx, dy in steps:
            cv2.add(long, padded[pad + dy:pad + dy + h, pad + dx:pad + dx + w], dst=long)
        long *= np.float32(1 / pieces)
        del padded
        across = segment(angle + np.pi / 2, 2 * BEND + 1)
        spaced = np.zeros((RUN, RUN), np.uint8)  # an erosion by these points is the weakest piece of a run
        centre = (RUN - 1) // 2
        for dx, dy in steps:
            spaced[centre + dy, centre + dx] = 1
        hit: np.ndarray = np.zeros((h, w), bool)
        sides = (reach * nx, reach * ny)
        for contrast, weakest in zip(_contrasts(long, *sides), _contrasts(short, *sides), strict=True):
            noise = local_median(np.abs(contrast), window) * np.float32(SIGMA_PER_MEDIAN)
            contrast = cv2.dilate(contrast, across)
            bent = cv2.dilate(weakest, across)
            strongest = cv2.dilate(bent, spaced)
            weakest = cv2.erode(bent, spaced)
            hit |= ((contrast >= np.float32(snr) * (noise + np.float32(1e-3))) & (contrast >= np.float32(FLOOR))
                    & (weakest >= np.float32(PIECE_SHARE) * contrast) & (strongest <= np.float32(UNEVEN) * weakest))
        # (the whole run the mean was taken over is on the line, not only its centre)
        found |= cv2.dilate(hit.view(np.uint8), run)
        report((i + 1) / len(kernels))
    return found


def _contrasts(mean: np.ndarray, dx: float, dy: float) -> tuple[np.ndarray, np.ndarray]:
    """(bright, dark) float32: how far ``mean`` stands above (below) itself at (x ± ``dx``, y ± ``dy``),
    the lesser of the two sides (sampled between pixels: rounding them off loses faint lines)."""
    one, two = _shifted(mean, dx, dy), _shifted(mean, -dx, -dy)
    bright = cv2.min(cv2.subtract(mean, one), cv2.subtract(mean, two))
    dark = cv2.min(cv2.subtract(one, mean), cv2.subtract(two, mean))
    return bright, dark


def _shifted(plane: np.ndarray, dx: float, dy: float) -> np.ndarray:
    """``plane`` sampled at (x + dx, y + dy), edges repeated."""
    h, w = plane.shape
    move = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
    out: np.ndarray = cv2.warpAffine(plane, move, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                     borderMode=cv2.BORDER_REPLICATE)
    return out
