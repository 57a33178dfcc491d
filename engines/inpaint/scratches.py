"""Find scratches and dust on scanned photos: the detection half of Filter ▸ Find Scratches and Dust.

A white and a black top-hat pick up everything bright or dark that is narrower than the structuring element:
scratches and specks, but also stars, glints, catchlights, hair and fine texture. What sorts them out:
- contrast is judged against the neighbourhood's own top-hat level, so busy areas need more contrast;
- scratches: candidates are split into straight pieces one direction at a time (openings by line segments,
  so crossing scratches and the texture a scratch touches stay apart), and each piece must be long, thin,
  continuous, clearly above its threshold and lie on the same background on both sides (the rim of an edge
  or a shading fold does not); long faint scratches broken by the picture under them are found as straight
  segments (a probabilistic Hough transform) checked the same way along their whole length; a piece through
  fine texture (grass, hair, grain) that its per-pixel threshold misses passes when it stands out along its
  length instead (line_measures.line_evidence);
- dust: small, roughly round, hard-edged (lens-blurred stars and catchlights are soft) specks with nothing
  else around them.
All work is on float32 luminance at full resolution; per-piece measures use only candidate pixels.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from engines.base import RunContext
from engines.inpaint.line_measures import line_evidence, line_kernels, local_median

KINDS = ("both", "scratches", "dust")
LUMA = (0.299, 0.587, 0.114)
GROW = 1  # px the final mask is dilated by, so a repair covers the defect's soft edge

# Thresholds as (at sensitivity 0, at sensitivity 1), contrast in luminance 0..1. Candidates are always drawn
# at REFERENCE's thresholds and only the pass marks move with the sensitivity, so a higher one can only add
# defects; the candidates' HYSTERESIS level is about the full threshold at sensitivity 1.
FLOOR = (0.12, 0.04)  # the contrast a scratch needs on a flat area
RELATIVE = (2.8, 0.7)  # ... and in texture, times the neighbourhood's top-hat level
DUST_FLOOR = (0.12, 0.04)  # the same for a dust speck
DUST_RELATIVE = (4.0, 1.5)

# The neighbourhood's texture level: the median of a top-hat spread over a few px, so a lattice of lines
# counts as busy while one scratch (a small share of the window) does not.
WINDOW = 8  # side of the neighbourhood, in max_widths
SPREAD = 5  # px the top-hat is spread over first

REFERENCE = 0.5  # the sensitivity whose thresholds draw the candidates
HYSTERESIS = 0.5  # share of its threshold a pixel needs to belong to a defect that passes it elsewhere
HALF = 0.5  # share of the local peak contrast a pixel needs to be part of a defect, not its soft halo
NARROW = 0.6  # a scratch keeps this share of its top-hat when the element is twice as wide (a fold does not)

# Straight pieces.
RUN = 25  # longest straight run, in px, a piece is tested for (longer would only cost more angles)
STRONG_SHARE = 0.45  # share of a piece above the full threshold, not only the hysteresis one
MARGIN = 1.0  # a piece's mean contrast, in thresholds
ASYM = 0.5  # the two sides of a scratch differ by less than this many times its contrast...
SYMMETRIC_SHARE = 0.5  # ...along this share of it
COVER = 0.9  # share of its length a piece's pixels cover (a chain of separate dots covers little)
LONG = 4  # a piece this many min_lengths long is judged on the width of its body, not of its faint halo

# Line evidence, for scratches through fine texture.
EVIDENCE_SNR = (5.0, 3.0)  # how far a line's mean must beat the texture's, in its spread
EVIDENT = 0.6  # share of a piece with line evidence that waives its STRONG_SHARE and MARGIN tests
# Texture is fine-grained where its median top-hat, not spread, is this share of the spread one: grass or
# grain, where every pixel is busy. Sparse structure (a lattice of struts against the sky) is busy only
# once spread, and its lines are real lines: evidence is not looked for there.
FINE_GRAIN = 0.6

# Long segments.
SEGMENT_VOTES = 30  # Hough accumulator votes a segment needs
SEGMENT_GAP = 10  # px a segment may jump where the scratch vanishes into the picture
SEGMENT_COVER = 0.6  # share of a segment's length on candidates
SEGMENT_MARGIN = 1.5  # mean contrast along it, in thresholds (clipped at SEGMENT_CLIP per pixel)
SEGMENT_CLIP = 3.0
SEGMENT_SIDE = 0.2  # share of candidates just beside it (a segment through texture has many)
SEGMENT_EVEN = 0.4  # share of it with matching sides
SEGMENT_WIDTH = 3  # px drawn along an accepted segment to pick up its candidate pixels

# Dust.
MIN_SPECK = 3  # px, the smallest speck (one or two px are noise)
FILL = 0.5  # share of its bounding box a speck fills...
ASPECT = 0.4  # ...and its shorter side over its longer one
DUST_PEAK = 1.3  # a speck's peak contrast, in thresholds
ISOLATION = 0.03  # share of the ring around a speck that may hold other candidates (stars come in fields)
SHARP = 0.29  # steepest edge over peak contrast: dust on the print is sharp, stars and catchlights are soft


def detect_scratches(rgb: np.ndarray, sensitivity: float = 0.5, *, max_width: int = 5, min_length: int = 25,
                     max_speck: int = 12, kinds: str = "both", ctx: RunContext | None = None) -> np.ndarray:
    """An (H, W) uint8 mask, 255 on thin bright or dark lines (scratches, any direction, gently curved
    too) and small bright or dark specks (dust) of ``rgb``, dilated by GROW px.

    ``rgb`` is (H, W, 3) uint8, uint16 or float 0..1 (an (H, W) grey plane works too);
    ``sensitivity`` 0..1, higher finds fainter defects; ``max_width``: widest scratch, px;
    ``min_length``: shortest scratch, px; ``max_speck``: largest dust speck across, px;
    ``kinds``: "both", "scratches" or "dust". Raises Cancelled (from ``ctx.report``) when cancelled.
    """
    if kinds not in KINDS:
        raise ValueError(f"kinds must be one of {', '.join(KINDS)}, not {kinds!r}")
    if min(max_width, min_length, max_speck) < 1:
        raise ValueError("max_width, min_length and max_speck must be at least 1 px")
    report: Callable[[float, str], None] = ctx.report if ctx is not None else _silent
    report(0.0, "Measuring texture")
    lum = luminance(rgb)
    s = float(np.clip(sensitivity, 0.0, 1.0))
    white, black = _tophats(lum, max_width + 2)
    window = WINDOW * max_width + 1
    level = _texture(white + black, window)
    mask = np.zeros(lum.shape, np.uint8)
    if kinds != "scratches":
        report(0.1, "Finding dust")
        mask |= _dust(lum, white, black, level, s, max_speck)
    if kinds != "dust":
        report(0.2, "Finding scratches")
        mask |= _scratches(lum, white, black, level, window, s, max_width, min_length, report)
    report(0.95, "Finishing the mask")
    grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * GROW + 1, 2 * GROW + 1))
    out: np.ndarray = cv2.dilate(mask, grow)
    report(1.0, "")
    return out


def _silent(fraction: float, message: str = "") -> None:
    del fraction, message


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 601 luma as float32 0..1, whatever the input's dtype (built channel by channel: no float64 or
    three-channel float copy of a large image)."""
    if rgb.ndim not in (2, 3) or (rgb.ndim == 3 and rgb.shape[2] not in (3, 4)):
        raise ValueError(f"expected an (H, W, 3) image, not shape {rgb.shape}")
    scale = {np.dtype(np.uint8): 255.0, np.dtype(np.uint16): 65535.0}.get(rgb.dtype, 1.0)
    lum = np.zeros(rgb.shape[:2], np.float32)
    for channel, weight in enumerate(LUMA):
        # A grey plane goes through the same sums as its RGB copy, so both give the very same mask.
        lum += (rgb if rgb.ndim == 2 else rgb[..., channel]) * np.float32(weight / scale)
    return lum


def _lerp(pair: tuple[float, float], s: float) -> np.float32:
    return np.float32(pair[0] + (pair[1] - pair[0]) * s)


def _tophats(lum: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """White and black top-hats with a disk ``side`` px across: what is narrower than it, bright or dark."""
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    return cv2.morphologyEx(lum, cv2.MORPH_TOPHAT, disk), cv2.morphologyEx(lum, cv2.MORPH_BLACKHAT, disk)


def _texture(tophat: np.ndarray, window: int) -> np.ndarray:
    """The neighbourhood's median top-hat level: high in texture, near zero on flat areas, and not raised
    by a scratch or speck, which fill far less than half of the window."""
    return local_median(cv2.dilate(tophat, np.ones((SPREAD, SPREAD), np.uint8)), window)


def _threshold(level: np.ndarray, floor: tuple[float, float], relative: tuple[float, float], s: float
               ) -> np.ndarray:
    out: np.ndarray = np.maximum(level * _lerp(relative, s), _lerp(floor, s))
    return out


def _core(contrast: np.ndarray) -> np.ndarray:
    """uint8 0/1: pixels at half their neighbourhood's peak contrast or more, so a strong defect's mask is
    its body and not the whole faint halo its threshold would let in."""
    peak = cv2.dilate(contrast, np.ones((5, 5), np.uint8))
    out: np.ndarray = (contrast >= np.float32(HALF) * peak).view(np.uint8)
    return out


# ---------------------------------------------------------------------------------------------- scratches


@dataclass(frozen=True)
class _Planes:
    """What straight pieces and long segments are judged on (full-size planes)."""

    weak: np.ndarray  # uint8 0/1: above the hysteresis threshold
    thin: np.ndarray  # uint8 0/1: ... and narrow enough to be a scratch
    core: np.ndarray  # uint8 0/1: a defect's body, not its faint halo (see _core)
    strong: np.ndarray  # uint8 0/1: above the full threshold
    contrast: np.ndarray  # float32 top-hat of either polarity
    thr: np.ndarray  # float32 per-pixel threshold
    sides: np.ndarray  # float32 smoothed luminance, sampled beside a scratch
    reach: int  # px from a scratch's centre to its background


def _scratches(lum: np.ndarray, white: np.ndarray, black: np.ndarray, level: np.ndarray, window: int, s: float,
               max_width: int, min_length: int, report: Callable[[float, str], None]) -> np.ndarray:
    """Scratch pixels (uint8 0/255). Modifies ``white`` and ``black``."""
    fine = _fine_or_flat(white + black, level, window)
    wide_white, wide_black = _tophats(lum, 2 * max_width + 5)
    white[white < np.float32(NARROW) * wide_white] = 0
    black[black < np.float32(NARROW) * wide_black] = 0
    del wide_white, wide_black
    # Candidates come from fixed thresholds and the sensitivity only decides which of them pass, so a higher
    # one can only add defects (a threshold that moved the candidates would merge and split them).
    loose = np.float32(HYSTERESIS) * _threshold(level, FLOOR, RELATIVE, REFERENCE)
    weak = ((white > loose) | (black > loose)).view(np.uint8)
    del loose
    thr = _threshold(level, FLOOR, RELATIVE, s)
    # Cut off the parts a disk wider than a scratch fits in, so a line that touches a blob stays a line.
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max_width + 2, max_width + 2))
    contrast = np.maximum(white, black)
    # (measured on the defect's body: a strong line's faint halo would make it look thick)
    core = _core(contrast)
    thick = cv2.morphologyEx(weak & core, cv2.MORPH_OPEN, disk)
    planes = _Planes(weak=weak, thin=cv2.subtract(weak, cv2.dilate(thick, np.ones((3, 3), np.uint8))), core=core,
                     strong=((white > thr) | (black > thr)).view(np.uint8),
                     contrast=contrast, thr=thr, sides=cv2.GaussianBlur(lum, (0, 0), 1.0), reach=max_width // 2 + 2)
    found, unclear = _straight_pieces(planes, max_width, min_length, lambda done: report(0.2 + 0.4 * done,
                                                                                         "Finding scratches"))
    if unclear.spots.size:
        # Line evidence is costly, so it is sought only on the pieces it could still let pass, where it may count.
        where = np.zeros_like(found)
        where.flat[unclear.spots] = 1
        evident = line_evidence(lum, planes.reach, window, float(_lerp(EVIDENCE_SNR, s)), where & fine,
                                lambda done: report(0.6 + 0.2 * done, "Following faint scratches"))
        found.flat[unclear.evident_spots(evident)] = 1
    report(0.8, "Following long scratches")
    found |= _long_segments(planes, min_length)
    found &= core
    out: np.ndarray = found * np.uint8(255)
    return out


def _fine_or_flat(tophat: np.ndarray, level: np.ndarray, window: int) -> np.ndarray:
    """uint8 0/1: where line evidence may count: fine-grained texture, or flat areas (where nothing raises
    the threshold above its floor)."""
    fine = local_median(tophat, window) >= np.float32(FINE_GRAIN) * level
    # (at REFERENCE, like the candidates: the sensitivity must not move where evidence may count)
    fine |= level * _lerp(RELATIVE, REFERENCE) <= _lerp(FLOOR, REFERENCE)
    out: np.ndarray = fine.view(np.uint8)
    return out


@dataclass(frozen=True)
class _Unclear:
    """The pieces with a scratch's shape but too faint for their threshold: their candidate pixels (flat
    indices; a pixel may lie on pieces of several directions) and which piece each belongs to."""

    spots: np.ndarray
    pieces: np.ndarray

    def evident_spots(self, evident: np.ndarray) -> np.ndarray:
        """The pixels of the pieces that line evidence (uint8 0/1 plane) covers EVIDENT of."""
        share = np.bincount(self.pieces, evident.ravel()[self.spots]) / np.maximum(np.bincount(self.pieces), 1)
        out: np.ndarray = self.spots[share[self.pieces] >= EVIDENT]
        return out


def _straight_pieces(planes: _Planes, max_width: int, min_length: int, report: Callable[[float], None]
                     ) -> tuple[np.ndarray, _Unclear]:
    """uint8 0/1: candidates on straight runs of ``min_length`` px (openings by line segments), one
    direction at a time, of the pieces that pass; and the pieces that fail only on contrast (which line
    evidence could still let pass). Each run's piece is judged on its own."""
    # A 1 px dilation lets a segment sit a little askew on a thin line, so a dozen angles cover them all.
    wide = cv2.dilate(planes.thin, np.ones((3, 3), np.uint8))
    out = np.zeros_like(planes.thin)
    spots: list[np.ndarray] = []
    pieces: list[np.ndarray] = []
    first = 0  # the pieces of all directions are numbered together
    kernels = line_kernels(min(min_length, RUN))
    for i, (angle, kernel) in enumerate(kernels):
        report(i / len(kernels))
        run = cv2.morphologyEx(wide, cv2.MORPH_OPEN, kernel)
        count, labels = cv2.connectedComponents(run, connectivity=8, ltype=cv2.CV_32S)
        f = _piece_features(planes, labels, count, run, angle)
        narrow = (f["width"] <= max_width) | ((f["length"] >= LONG * min_length) & (f["core_width"] <= max_width))
        shape = ((f["length"] >= min_length) & narrow & (f["even"] >= SYMMETRIC_SHARE) & (f["cover"] >= COVER))
        shape[0] = False
        clear = (f["strong"] >= STRONG_SHARE) & (f["margin"] >= MARGIN)
        out |= (shape & clear).view(np.uint8)[labels] & planes.thin
        faint = np.flatnonzero((shape & ~clear)[labels] & planes.thin.view(bool))
        spots.append(faint)
        pieces.append(labels.ravel()[faint] + first)
        first += count
    return out, _Unclear(np.concatenate(spots), np.concatenate(pieces))


def _sample(plane: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    h, w = plane.shape
    rows = np.clip(np.rint(ys).astype(np.intp), 0, h - 1)
    cols = np.clip(np.rint(xs).astype(np.intp), 0, w - 1)
    out: np.ndarray = plane[rows, cols]
    return out


def _even(planes: _Planes, xs: np.ndarray, ys: np.ndarray, nx: np.ndarray | float, ny: np.ndarray | float,
          contrast: np.ndarray) -> np.ndarray:
    """Per point: the background ``reach`` px to either side differs by less than ASYM times the contrast."""
    r = planes.reach
    one = _sample(planes.sides, xs + r * nx, ys + r * ny)
    two = _sample(planes.sides, xs - r * nx, ys - r * ny)
    out: np.ndarray = np.abs(one - two) <= np.float32(ASYM) * contrast
    return out


def _piece_features(planes: _Planes, labels: np.ndarray, count: int, run: np.ndarray, angle: float
                    ) -> dict[str, np.ndarray]:
    """Per straight piece (label) of direction ``angle``: its length (second moments: a uniform segment of
    length L has variance L²/12 along itself) and, over its candidate pixels, mean width (of all of them and
    of its body), share above the full threshold, contrast in thresholds, share with matching sides and
    share of its length covered."""
    h, w = run.shape
    spots = np.flatnonzero(run)
    lab = labels.ravel()[spots]
    ys, xs = np.divmod(spots, w)
    along = xs * np.cos(angle) + ys * np.sin(angle)
    size = np.maximum(np.bincount(lab, minlength=count), 1)
    spread = np.bincount(lab, along**2, count) / size - (np.bincount(lab, along, count) / size) ** 2
    length = np.sqrt(12.0 * np.maximum(spread, 0.0)) + 1.0
    on = planes.thin.ravel()[spots].astype(bool)
    spots, lab, xs, ys, along = spots[on], lab[on], xs[on], ys[on], along[on]
    n = np.maximum(np.bincount(lab, minlength=count), 1).astype(np.float64)
    contrast = planes.contrast.ravel()[spots]
    even = _even(planes, xs, ys, -np.sin(angle), np.cos(angle), contrast)
    # A digital line steps 1 / max(|cos|, |sin|) px along itself from pixel to pixel.
    step = max(abs(np.cos(angle)), abs(np.sin(angle)))
    stride = int(h + w) * 2
    covered = np.unique(lab.astype(np.int64) * stride + np.rint(along * step).astype(np.int64) + (h + w))
    return {
        "length": length,
        "width": n / length,
        "core_width": np.bincount(lab, planes.core.ravel()[spots], count) / length,
        "strong": np.bincount(lab, planes.strong.ravel()[spots], count) / n,
        "margin": np.bincount(lab, np.minimum(contrast / planes.thr.ravel()[spots], 5.0), count) / n,
        "even": np.bincount(lab, even, count) / n,
        "cover": np.bincount(covered // stride, minlength=count) / (length * step),
    }


def _long_segments(planes: _Planes, min_length: int) -> np.ndarray:
    """uint8 0/1: candidate pixels along straight segments (probabilistic Hough, gaps allowed) that stand
    out from their surroundings along their whole length."""
    out = np.zeros_like(planes.thin)
    found = cv2.HoughLinesP(planes.thin, 1, np.pi / 360, SEGMENT_VOTES, minLineLength=min_length,
                            maxLineGap=SEGMENT_GAP)
    if found is None:
        return out
    segments = found.reshape(-1, 4)
    index, xs, ys, ux, uy = _points_along(segments)
    nx, ny = -uy, ux
    count = np.bincount(index).astype(np.float64)
    grown = np.ones((3, 3), np.uint8)
    cover = np.bincount(index, _sample(cv2.dilate(planes.thin, grown), xs, ys)) / count
    ratio = np.minimum(planes.contrast / planes.thr, np.float32(SEGMENT_CLIP))
    margin = np.bincount(index, _sample(cv2.dilate(ratio, grown), xs, ys)) / count
    del ratio
    beside = np.zeros_like(cover)
    for d in range(planes.reach, planes.reach + 3):
        for sign in (1, -1):
            beside += np.bincount(index, _sample(planes.thin, xs + sign * d * nx, ys + sign * d * ny), len(segments))
    beside /= 6 * count
    peak = _sample(cv2.dilate(planes.contrast, grown), xs, ys)
    even = np.bincount(index, _even(planes, xs, ys, nx, ny, peak)) / count
    keep = ((cover >= SEGMENT_COVER) & (margin >= SEGMENT_MARGIN) & (beside <= SEGMENT_SIDE)
            & (even >= SEGMENT_EVEN))
    for x1, y1, x2, y2 in segments[keep]:
        cv2.line(out, (int(x1), int(y1)), (int(x2), int(y2)), 1, SEGMENT_WIDTH)
    out &= planes.weak
    return out


def _points_along(segments: np.ndarray) -> tuple[np.ndarray, ...]:
    """One point per px along each (x1, y1, x2, y2) segment: (segment index, x, y, unit direction x, y)."""
    x1, y1, x2, y2 = (segments[:, i].astype(np.float64) for i in range(4))
    length = np.hypot(x2 - x1, y2 - y1)
    steps = np.ceil(length).astype(np.intp) + 1
    index = np.repeat(np.arange(len(segments)), steps)
    offsets = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
    t = offsets / np.repeat(np.maximum(steps - 1, 1), steps)
    ux, uy = (x2 - x1) / np.maximum(length, 1e-9), (y2 - y1) / np.maximum(length, 1e-9)
    return (index, x1[index] + t * (x2 - x1)[index], y1[index] + t * (y2 - y1)[index], ux[index], uy[index])


# --------------------------------------------------------------------------------------------------- dust


def _dust(lum: np.ndarray, white: np.ndarray, black: np.ndarray, level: np.ndarray, s: float, max_speck: int
          ) -> np.ndarray:
    """Dust pixels (uint8 0/255). ``white``/``black`` are the scratch-sized top-hats (for the busy-ness
    around each speck), left unchanged."""
    h, w = lum.shape
    # How busy a speck's surroundings are is measured at the strictest thresholds, so that it does not
    # depend on the sensitivity (a higher one must never find fewer specks).
    strict = _threshold(level, DUST_FLOOR, DUST_RELATIVE, 0.0)
    busy = cv2.integral(((white > strict) | (black > strict)).view(np.uint8))
    del strict
    g = cv2.GaussianBlur(lum, (0, 0), 0.7)
    edges = cv2.magnitude(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3))
    edges = cv2.dilate(edges, np.ones((5, 5), np.uint8))
    edges = edges * np.float32(1 / 8)  # Sobel's weights sum to 8 per unit of slope
    del g
    loose = np.float32(HYSTERESIS) * _threshold(level, DUST_FLOOR, DUST_RELATIVE, REFERENCE)
    thr = _threshold(level, DUST_FLOOR, DUST_RELATIVE, s)
    out = np.zeros((h, w), np.uint8)
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max_speck + 2, max_speck + 2))
    for op in (cv2.MORPH_TOPHAT, cv2.MORPH_BLACKHAT):
        out |= _specks(cv2.morphologyEx(lum, op, disk), loose, thr, busy, edges, max_speck)
    out *= np.uint8(255)
    return out


def _ring_share(busy: np.ndarray, cx: np.ndarray, cy: np.ndarray, inner: int, outer: int) -> np.ndarray:
    """Share of the square ring (sides ``inner`` and ``outer``) around each centre that is busy, from the
    integral image ``busy``."""
    h, w = busy.shape[0] - 1, busy.shape[1] - 1

    def box(half: int) -> tuple[np.ndarray, np.ndarray]:
        x0, x1 = np.clip(cx - half, 0, w), np.clip(cx + half + 1, 0, w)
        y0, y1 = np.clip(cy - half, 0, h), np.clip(cy + half + 1, 0, h)
        total = busy[y1, x1] - busy[y0, x1] - busy[y1, x0] + busy[y0, x0]
        return total.astype(np.float64), ((x1 - x0) * (y1 - y0)).astype(np.float64)

    big, big_area = box(outer // 2)
    small, small_area = box(inner // 2)
    out: np.ndarray = (big - small) / np.maximum(big_area - small_area, 1.0)
    return out


def _specks(contrast: np.ndarray, loose: np.ndarray, thr: np.ndarray, busy: np.ndarray, edges: np.ndarray,
            max_speck: int) -> np.ndarray:
    """uint8 0/1: the specks of one polarity: candidates above ``loose``, judged against ``thr``."""
    weak = ((contrast > loose).view(np.uint8) & _core(contrast))
    count, labels, stats, centres = cv2.connectedComponentsWithStats(weak, connectivity=8, ltype=cv2.CV_32S)
    spots = np.flatnonzero(weak)
    lab = labels.ravel()[spots]
    values = contrast.ravel()[spots]
    peak = np.zeros(count, np.float32)
    np.maximum.at(peak, lab, values / thr.ravel()[spots])
    top = np.zeros(count, np.float32)
    np.maximum.at(top, lab, values)
    edge = np.zeros(count, np.float32)
    np.maximum.at(edge, lab, edges.ravel()[spots])
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    cx, cy = np.rint(centres[:, 0]).astype(np.intp), np.rint(centres[:, 1]).astype(np.intp)
    ring = _ring_share(busy, cx, cy, max_speck + 4, 3 * max_speck + 1)
    keep = ((area >= MIN_SPECK) & (np.maximum(w, h) <= max_speck) & (area >= FILL * w * h)
            & (np.minimum(w, h) >= ASPECT * np.maximum(w, h)) & (peak >= DUST_PEAK) & (ring <= ISOLATION)
            & (edge >= SHARP * top))
    keep[0] = False
    out: np.ndarray = keep.view(np.uint8)[labels]
    return out
