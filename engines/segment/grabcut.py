"""GrabCut smart selection (cv2.grabCut) on a small working copy, kept between prompts.

A box, clicks and scribbles become GrabCut's labels on a working copy whose long side is ``WORK_SIDE``: out
of the box is sure background, clicks are discs of sure foreground/background, scribbles are sure labels.
With a box, GrabCut sees only the box and a margin around it (cropped before downscaling, so small boxes
keep detail). The labels and colour models stay in the selector: when the next prompts only add to the
previous ones (same box, more clicks or scribbles), GrabCut goes on from where it was for a few
iterations instead of starting again. The result is brought to full size by ``upsample.upsample_mask``.
Without a box the subject is assumed in the middle: a centred box of likely subject in likely background
(the subject may run off the picture, as in a close-up), plus what the clicks fix.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from engines.base import EngineInputError, RunContext
from engines.prompts import Box, Points, Prompts, Strokes
from engines.segment.upsample import upsample_mask

WORK_SIDE = 320  # long side GrabCut works at
BOX_MARGIN = 0.1  # share of the box's size added around it as background context
CENTRED_BOX = 0.1  # no prompt at all: a box inset by this share of each side, only likely background around it
FIRST_ITERATIONS = 3
UNPROMPTED_ITERATIONS = 5
MORE_ITERATIONS = 2
CLICK_RADIUS = 0.02  # of the working copy's long side


@dataclass(frozen=True)
class _Frame:
    """The full-size region GrabCut works on and its working size."""

    x0: int
    y0: int
    x1: int
    y1: int
    scale: float  # working px per full px

    @property
    def work_size(self) -> tuple[int, int]:  # (width, height)
        return (max(1, round((self.x1 - self.x0) * self.scale)), max(1, round((self.y1 - self.y0) * self.scale)))

    def to_work(self, x: float, y: float) -> tuple[int, int]:
        width, height = self.work_size
        return (min(width - 1, max(0, int((x - self.x0) * self.scale))),
                min(height - 1, max(0, int((y - self.y0) * self.scale))))


@dataclass
class _State:
    frame: _Frame
    box: tuple[float, ...] | None  # the box and whether it was the unprompted centred one
    hard: np.ndarray  # working-size labels the prompts fixed: 0 none, 1 subject, 2 background
    labels: np.ndarray  # GrabCut's mask (GC_BGD, GC_FGD, GC_PR_BGD, GC_PR_FGD)
    bgd: np.ndarray
    fgd: np.ndarray


def centred_box(size: tuple[int, int]) -> Box:
    height, width = size
    return Box(width * CENTRED_BOX, height * CENTRED_BOX, width * (1 - CENTRED_BOX), height * (1 - CENTRED_BOX))


class GrabCutSelector:
    """GrabCut for one image; ``select(prompts)`` -> (H, W) uint8 mask, 255 = subject."""

    def __init__(self, rgb8: np.ndarray, grey: np.ndarray | None = None) -> None:
        self.rgb8 = rgb8
        self.grey = cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY) if grey is None else grey
        self._state: _State | None = None
        self._work: tuple[_Frame, np.ndarray] | None = None  # the working copy of the last frame

    @property
    def size(self) -> tuple[int, int]:
        return (self.rgb8.shape[0], self.rgb8.shape[1])

    def _frame(self, box: Box | None) -> _Frame:
        height, width = self.size
        if box is None:
            x0, y0, x1, y1 = 0, 0, width, height
        else:
            mx, my = (box.x1 - box.x0) * BOX_MARGIN + 4, (box.y1 - box.y0) * BOX_MARGIN + 4
            x0, y0 = max(0, int(box.x0 - mx)), max(0, int(box.y0 - my))
            x1, y1 = min(width, int(np.ceil(box.x1 + mx))), min(height, int(np.ceil(box.y1 + my)))
        return _Frame(x0, y0, x1, y1, min(1.0, WORK_SIDE / max(x1 - x0, y1 - y0)))

    def _hard(self, frame: _Frame, prompts: Prompts) -> np.ndarray:
        width, height = frame.work_size
        hard = np.zeros((height, width), np.uint8)
        for strokes in prompts.all(Strokes):
            piece = strokes.mask[frame.y0:frame.y1, frame.x0:frame.x1]
            small = cv2.resize(piece, (width, height), interpolation=cv2.INTER_NEAREST)
            hard[small == 1] = 1
            hard[small == 2] = 2
        radius = max(2, round(CLICK_RADIUS * max(width, height)))
        for points in prompts.all(Points):
            for (x, y), label in zip(points.xy, points.labels, strict=True):
                cv2.circle(hard, frame.to_work(float(x), float(y)), radius, 1 if label else 2, -1)
        return hard

    def _first_labels(self, frame: _Frame, box: Box | None, hard: np.ndarray, unprompted: bool) -> np.ndarray:
        width, height = frame.work_size
        if box is not None:
            # Without any prompt the subject may run off the picture (a close-up): the area out of the
            # centred box is then only likely background.
            labels = np.full((height, width), cv2.GC_PR_BGD if unprompted else cv2.GC_BGD, np.uint8)
            x0, y0 = frame.to_work(box.x0, box.y0)
            x1, y1 = frame.to_work(box.x1, box.y1)
            labels[y0:y1 + 1, x0:x1 + 1] = cv2.GC_PR_FGD
        else:
            # Clicks only: likely subject in the middle (as without prompts) and around the subject clicks,
            # likely background elsewhere.
            labels = np.full((height, width), cv2.GC_PR_BGD, np.uint8)
            middle = centred_box((height, width))
            labels[int(middle.y0):int(middle.y1), int(middle.x0):int(middle.x1)] = cv2.GC_PR_FGD
            reach = max(4, round(0.12 * max(width, height)))
            near = cv2.dilate((hard == 1).astype(np.uint8), cv2.getStructuringElement(
                cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1)))
            labels[near > 0] = cv2.GC_PR_FGD
        return labels

    def select(self, prompts: Prompts, ctx: RunContext | None = None) -> np.ndarray:
        box = prompts.first(Box)
        unprompted = not prompts.items
        if unprompted:
            box = centred_box(self.size)  # nothing marks the subject: assume it is in the middle
        frame = self._frame(None if unprompted else box)  # unprompted: the subject may reach the border
        hard = self._hard(frame, prompts)
        key = None if box is None else (box.x0, box.y0, box.x1, box.y1, float(unprompted))
        state = self._state
        if state is not None and state.frame == frame and state.box == key and \
                np.array_equal(hard[state.hard > 0], state.hard[state.hard > 0]):
            labels, bgd, fgd, iterations = state.labels.copy(), state.bgd, state.fgd, MORE_ITERATIONS
            mode = cv2.GC_EVAL
        else:
            labels = self._first_labels(frame, box, hard, unprompted)
            bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
            iterations = FIRST_ITERATIONS if prompts.first(Box) else UNPROMPTED_ITERATIONS
            mode = cv2.GC_INIT_WITH_MASK
        labels[hard == 1] = cv2.GC_FGD
        labels[hard == 2] = cv2.GC_BGD
        if not np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).any():
            raise EngineInputError("Select Subject: nothing is left to select; mark the subject.")
        if not np.isin(labels, (cv2.GC_BGD, cv2.GC_PR_BGD)).any():
            raise EngineInputError("Select Subject: there is no background left; draw a box inside the image.")
        if self._work is None or self._work[0] != frame:
            small = cv2.resize(self.rgb8[frame.y0:frame.y1, frame.x0:frame.x1], frame.work_size,
                               interpolation=cv2.INTER_AREA)
            self._work = (frame, np.ascontiguousarray(small[:, :, ::-1]))  # GrabCut's colour order
        work = self._work[1]
        for _ in range(iterations):  # one iteration per call, so cancel is checked between them
            if ctx is not None:
                ctx.check_cancelled()
            cv2.grabCut(work, labels, (0, 0, 1, 1), bgd, fgd, 1, mode)  # rect unused with a mask
            mode = cv2.GC_EVAL
        self._state = _State(frame, key, hard, labels, bgd, fgd)
        small = np.where(np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)), 255, 0).astype(np.uint8)
        return self._full_size(frame, small)

    def _full_size(self, frame: _Frame, small: np.ndarray) -> np.ndarray:
        height, width = self.size
        out = np.zeros((height, width), np.uint8)
        piece = upsample_mask(small, self.grey[frame.y0:frame.y1, frame.x0:frame.x1])
        out[frame.y0:frame.y1, frame.x0:frame.x1] = piece
        return out
