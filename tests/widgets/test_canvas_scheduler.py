"""Progressive compositing without a widget: pieces, visible ones first, the time budget (a fake clock),
and a flush without a budget that finishes everything."""
from __future__ import annotations

import numpy as np
import pytest

from app.tiles import Rect
from widgets.canvas_scheduler import CHUNK, MERGE_OVER, CompositeScheduler, chunks


class FakeClock:
    """Each piece of work takes ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(0.01)


@pytest.fixture
def done() -> list[Rect]:
    return []  # the pieces composited, in order


@pytest.fixture
def scheduler(clock: FakeClock, done: list[Rect]) -> CompositeScheduler:
    def work(rect: Rect) -> None:
        done.append(rect)
        clock.now += clock.step

    s = CompositeScheduler(work, clock)
    s.reset(4 * CHUNK, 3 * CHUNK)  # 12 pieces
    return s


def coverage(rects: list[Rect], width: int, height: int) -> np.ndarray:
    counts = np.zeros((height, width), np.int32)
    for x, y, w, h in rects:
        counts[y:y + h, x:x + w] += 1
    return counts


def test_chunks_cover_a_region_once_in_rows():
    region = (10, 20, 1100, 600)
    pieces = chunks(region)
    assert all(w <= CHUNK and h <= CHUNK for _, _, w, h in pieces)
    counts = coverage(pieces, 1110, 620)
    assert (counts[20:, 10:] == 1).all() and counts.sum() == 1100 * 600
    assert pieces[:3] == [(10, 20, 512, 512), (522, 20, 512, 512), (1034, 20, 76, 512)]
    assert chunks((5, 5, 30, 40)) == [(5, 5, 30, 40)]  # a small region stays one piece


def test_visible_pieces_come_first(scheduler, done):
    visible = (3 * CHUNK - 100, 2 * CHUNK - 50, 200, 100)  # the corner where four pieces meet
    scheduler.run(budget_s=0.0, visible=visible)
    assert done == [(2 * CHUNK, CHUNK, CHUNK, CHUNK)]  # one piece per paint with no budget left
    scheduler.run(budget_s=1.0, visible=visible)
    first_four = [(2 * CHUNK, CHUNK), (2 * CHUNK, 2 * CHUNK), (3 * CHUNK, CHUNK), (3 * CHUNK, 2 * CHUNK)]
    assert sorted(r[:2] for r in done[:4]) == sorted(first_four)
    assert [r[:2] for r in done[4:]] == sorted({(x, y) for y in range(0, 3 * CHUNK, CHUNK)
                                               for x in range(0, 4 * CHUNK, CHUNK)} - set(first_four),
                                              key=lambda p: (p[1], p[0]))  # the rest in row order


def test_pieces_scrolled_into_view_come_next(scheduler, done):
    scheduler.run(budget_s=0.0, visible=(0, 0, 10, 10))
    assert done == [(0, 0, CHUNK, CHUNK)]
    scheduler.run(budget_s=0.0, visible=(3 * CHUNK + 5, 2 * CHUNK + 5, 10, 10))  # scrolled, nothing new dirty
    assert done[-1] == (3 * CHUNK, 2 * CHUNK, CHUNK, CHUNK)


def test_a_paint_stops_once_its_budget_is_spent(scheduler, done, clock):
    assert scheduler.run(budget_s=0.025, visible=(0, 0, 1, 1))
    assert len(done) == 3  # 10 ms each: the third piece passes 25 ms, then the paint stops
    assert scheduler.pending == 9 and not scheduler.done
    clock.step = 1.0  # a piece longer than the whole budget still gets done: every paint makes progress
    scheduler.run(budget_s=0.025, visible=(0, 0, 1, 1))
    assert len(done) == 4


def test_flush_without_budget_finishes_everything_once(scheduler, done):
    scheduler.run(budget_s=0.0, visible=(0, 0, 1, 1))
    scheduler.run(budget_s=None)
    assert scheduler.done and scheduler.pending == 0
    assert (coverage(done, 4 * CHUNK, 3 * CHUNK) == 1).all()
    assert not scheduler.run(budget_s=None)  # nothing left: nothing written


def test_new_dirty_rects_are_clipped_and_come_before_older_pieces(scheduler, done):
    scheduler.run(budget_s=0.0, visible=(0, 0, 1, 1))
    assert scheduler.add((-10, -10, 5, 5)) is None  # off the canvas
    assert scheduler.add((4 * CHUNK - 10, 0, 50, 20)) == (4 * CHUNK - 10, 0, 10, 20)
    scheduler.run(budget_s=0.0, visible=(0, 0, 4 * CHUNK, 3 * CHUNK))  # all in view: the newest goes first
    assert done[-1] == (4 * CHUNK - 10, 0, 10, 20)


def test_many_small_rects_are_done_as_one_box(clock, done):
    s = CompositeScheduler(done.append, clock)
    s.reset(400, 300)
    s.run()
    done.clear()
    for i in range(MERGE_OVER + 1):  # a stroke's dabs
        s.add((10 + 5 * i, 20, 8, 8))
    s.run()
    assert done == [(10, 20, 5 * MERGE_OVER + 8, 8)]
    for i in range(3):
        s.add((100 * i, 0, 8, 8))  # a few stay apart
    s.run()
    assert done[1:] == [(0, 0, 8, 8), (100, 0, 8, 8), (200, 0, 8, 8)]
