"""What the adjust and filter engines share: classical operations switched on by options and run in a
fixed order on the image's own integers (lookup tables stay exact, 16-bit stays 16-bit); the template
takes the result back as float 0..1, puts the alpha back and applies the mask.

Operations that measure the image (auto tone, equalise, CLAHE, Sobel's scale: engines/adjust/measured.py)
measure the image the run is given, unless the options carry the whole image's measurements under
``MEASUREMENTS`` (from ``measured``): then a run on a part of the image equals that part of the whole run.
"""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

import numpy as np

from engines.adjust import point
from engines.adjust.measured import MEASUREMENTS, WHOLE, Concrete, Measured, Measurements
from engines.base import RunContext
from engines.params import Param
from engines.template import FEATHER, EngineInput, Output, TemplateEngine

Step = Callable[[np.ndarray], np.ndarray]
Recipe = list[tuple[str, Step | Measured]]

# Set by each group's dialog (widgets/engine_extra.py): that group's operation runs with the dialog's
# values, also those with no "off" value of their own (invert, a blur radius).
DIALOG_GROUP = Param("dialog_group", "str", "", "Dialog",
                     "The group whose dialog gave the options (set by the dialog).", gui_only=True)


def _recipe_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options measurements depend on: the mask's feather is the template's, applied after the recipe."""
    return {name: value for name, value in options.items() if name not in (MEASUREMENTS, FEATHER.name)}


class RecipeEngine(TemplateEngine):
    @abstractmethod
    def recipe(self, options: dict[str, Any]) -> Recipe:
        """(name, step) for every operation switched on in ``options``, in the engine's fixed order (a
        ``Measured`` step for those that measure the image); raises EngineInputError for bad options."""

    def check_options(self, options: dict[str, Any]) -> None:
        self.recipe(options)  # parses and checks the options without touching pixels

    def measured(self, image: np.ndarray, options: dict[str, Any], ctx: RunContext | None = None) -> Measurements:
        """What the measured steps of ``options``' recipe find on ``image`` (the whole image), each on the
        pixels as the steps before it left them. Runs the recipe only up to its last measured step; with
        none, touches no pixels."""
        ctx = RunContext() if ctx is None else ctx
        steps = self.recipe(options)
        measured = [(index, step) for index, (_, step) in enumerate(steps) if isinstance(step, Measured)]
        if not measured:
            return Measurements((), _recipe_options(options))
        last, final = measured[-1]
        pixels, found = self._apply(self.prepare(image).source.image, steps[:last], None, ctx, last + 1)
        return Measurements((*found, final.measure(pixels)), _recipe_options(options))

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        given: Measurements | None = options.get(MEASUREMENTS)
        if given is not None and given.options != _recipe_options(options):
            raise ValueError("the measurements were taken with other options")
        steps = self.recipe(options)
        pixels, _ = self._apply(job.source.image, steps, given, ctx, len(steps))
        return Output(model_id="", image=pixels.astype(np.float32) / np.float32(point.peak(pixels.dtype)))

    @staticmethod
    def _apply(image: np.ndarray, steps: Recipe, given: Measurements | None, ctx: RunContext,
               total: int) -> tuple[np.ndarray, tuple[Concrete, ...]]:
        """``steps`` on the image's colour; a measured step takes its values from ``given`` (in order) or,
        without, measures the pixels it is given. Returns the pixels and the concrete measured steps."""
        taken = iter(() if given is None else given.steps)
        at = WHOLE if given is None else given.placement
        pixels = np.ascontiguousarray(image[..., :3])
        found: list[Concrete] = []
        for index, (name, step) in enumerate(steps):
            ctx.report(index / max(total, 1), name)
            if isinstance(step, Measured):
                concrete = step.measure(pixels) if given is None else next(taken)
                found.append(concrete)
                pixels = concrete(pixels, at)
            else:
                pixels = step(pixels)
        return pixels, tuple(found)
