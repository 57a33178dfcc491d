"""Typed extra inputs for engines: what a user points at, draws or supplies besides the image and mask.

Interactive tools (smart select, spot healing, colour hints) pass these as ``inputs=`` to ``Engine.run``
or ``EngineSession.predict``. Coordinates are image pixels (x right, y down), as everywhere in engines/.

    Points(xy, labels)        clicks: label True = foreground / include, False = background / exclude
    Box(x0, y0, x1, y1)       a drag rectangle
    Strokes(mask)             painted scribbles, (H, W) uint8, 0 = none
    HintImage(image)          e.g. colour hints: (H, W, 3|4) uint8/uint16, alpha 0 where there is no hint
    ReferenceImage(image)     another picture to take something from (a style, a face, colours)

An engine declares the kinds it takes in ``ModelNeeds.inputs`` (by ``kind``); ``check_prompts`` refuses
the others and anything that does not fit the image, with a message for the user.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

import numpy as np

from engines.base import EngineInputError


@dataclass(frozen=True)
class Points:
    kind: ClassVar[str] = "points"
    xy: np.ndarray  # (N, 2) float
    labels: np.ndarray  # (N,) bool

    @classmethod
    def of(cls, points: Sequence[tuple[float, float]], labels: Sequence[bool]) -> Points:
        return cls(np.asarray(points, np.float64).reshape(-1, 2), np.asarray(labels, bool).reshape(-1))


@dataclass(frozen=True)
class Box:
    kind: ClassVar[str] = "box"
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Strokes:
    kind: ClassVar[str] = "strokes"
    mask: np.ndarray  # (H, W) uint8


@dataclass(frozen=True)
class HintImage:
    kind: ClassVar[str] = "hint"
    image: np.ndarray  # (H, W, 3|4), the image's size


@dataclass(frozen=True)
class ReferenceImage:
    kind: ClassVar[str] = "reference"
    image: np.ndarray  # (h, w, 3|4), any size


Prompt = Points | Box | Strokes | HintImage | ReferenceImage
P = TypeVar("P", Points, Box, Strokes, HintImage, ReferenceImage)


@dataclass(frozen=True)
class Prompts:
    """The checked prompts of one run, looked up by type: ``prompts.first(Box)``, ``prompts.all(Points)``."""

    items: tuple[Prompt, ...] = ()

    def all(self, kind: type[P]) -> list[P]:
        return [p for p in self.items if isinstance(p, kind)]

    def first(self, kind: type[P]) -> P | None:
        found = self.all(kind)
        return found[0] if found else None


def _check_one(prompt: Prompt, size: tuple[int, int], title: str) -> None:
    height, width = size
    if isinstance(prompt, Points):
        if prompt.xy.ndim != 2 or prompt.xy.shape[1] != 2 or len(prompt.labels) != len(prompt.xy):
            raise EngineInputError(f"{title}: points need one label each.")
        outside = (prompt.xy < 0).any(axis=1) | (prompt.xy[:, 0] > width) | (prompt.xy[:, 1] > height)
        if outside.any():
            raise EngineInputError(f"{title}: a point lies outside the image.")
    elif isinstance(prompt, Box):
        if not (0 <= prompt.x0 < prompt.x1 <= width and 0 <= prompt.y0 < prompt.y1 <= height):
            raise EngineInputError(f"{title}: the box must lie inside the image and have an area.")
    elif isinstance(prompt, Strokes) and prompt.mask.shape != size:
        raise EngineInputError(f"{title}: the strokes do not have the size of the image.")
    elif isinstance(prompt, HintImage) and prompt.image.shape[:2] != size:
        raise EngineInputError(f"{title}: the hint image does not have the size of the image.")


def check_prompts(inputs: Sequence[Prompt], size: tuple[int, int], accepted: tuple[str, ...], title: str) -> Prompts:
    """The prompts of one run, each checked against the image ``size`` (H, W) and the kinds the engine
    takes; raises EngineInputError with a message for the user otherwise."""
    for prompt in inputs:
        if prompt.kind not in accepted:
            raise EngineInputError(f"{title} does not take {prompt.kind} input.")
        _check_one(prompt, size, title)
    return Prompts(tuple(inputs))
