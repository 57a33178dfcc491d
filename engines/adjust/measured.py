"""Operations that measure the whole image, in two phases: ``measure(reference) -> concrete step``.

Auto contrast measures black and white points, white balance channel gains, colour-cast removal the cast at
each lightness, equalise a tone table, CLAHE a table per tile of a grid laid over the image, Sobel the
strongest gradient. Each such operation's ``measure`` returns a concrete step: a picklable value (a frozen
dataclass) that applies what was measured to any pixels. A recipe (engines/adjust/recipe_engine.py) lists
the operation as ``Measured(measure)``; run on an image on its own, it measures that image and applies the
result, as it always has.

To compute a part of an image as it comes out of the whole run (the canvas preview), take the whole image's
measurements once (``RecipeEngine.measured``) and give them to each part's run, placed where the part lies:
``options[MEASUREMENTS] = measurements.at(x, y)``. The key is not a Param, so ``engines.params.resolve_options``
(and with it app.jobs) refuses it: it is for callers that run the engine themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Protocol

import numpy as np

MEASUREMENTS = "measurements"  # the options key of a run's Measurements


@dataclass(frozen=True)
class Placement:
    """Where the pixels a concrete step is given lie in the image that was measured: the image position of
    their top-left pixel, and their pixels per image pixel (below 1: a reduced copy)."""

    x: int = 0
    y: int = 0
    scale: float = 1.0

    def positions(self, count: int, *, vertical: bool) -> np.ndarray:
        """Image coordinates (float64) of ``count`` pixel centres across, or down when ``vertical``; whole
        numbers at scale 1."""
        start = self.y if vertical else self.x
        positions: np.ndarray = start + (np.arange(count) + 0.5) / self.scale - 0.5
        return positions


WHOLE = Placement()  # the pixels are the image measured


class Concrete(Protocol):
    """A measured step with its values, applied to pixels lying ``at`` in the image measured; only steps that
    depend on where a pixel is (CLAHE's tiles) look at ``at``."""

    def __call__(self, rgb: np.ndarray, at: Placement = WHOLE) -> np.ndarray: ...


@dataclass(frozen=True)
class Measured:
    """A recipe step that measures the image it is given: ``measure(reference)`` returns the concrete step."""

    measure: Callable[[np.ndarray], Concrete]


@dataclass(frozen=True)
class Measurements:
    """What a recipe's measured steps found on a whole image, in the recipe's order (``RecipeEngine.measured``);
    valid for the options they were taken with, and placed with ``at`` for a part's run. Picklable."""

    steps: tuple[Concrete, ...]
    options: dict[str, Any]  # the recipe's options (without the mask feather, which the template applies)
    placement: Placement = WHOLE

    def at(self, x: int, y: int, scale: float = 1.0) -> Measurements:
        """These measurements for a part whose top-left pixel is image pixel (x, y), at ``scale``."""
        return replace(self, placement=Placement(x, y, scale))
