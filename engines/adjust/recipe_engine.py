"""What the adjust and filter engines share: classical operations switched on by options and run in a
fixed order on the image's own integers (lookup tables stay exact, 16-bit stays 16-bit); the template
takes the result back as float 0..1, puts the alpha back and applies the mask."""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import Any

import numpy as np

from engines.adjust import point
from engines.base import RunContext
from engines.params import Param
from engines.template import EngineInput, Output, TemplateEngine

Step = Callable[[np.ndarray], np.ndarray]

# Set by each group's dialog (widgets/engine_extra.py): that group's operation runs with the dialog's
# values, also those with no "off" value of their own (invert, a blur radius).
DIALOG_GROUP = Param("dialog_group", "str", "", "Dialog",
                     "The group whose dialog gave the options (set by the dialog).", gui_only=True)


class RecipeEngine(TemplateEngine):
    @abstractmethod
    def recipe(self, options: dict[str, Any]) -> list[tuple[str, Step]]:
        """(name, step) for every operation switched on in ``options``, in the engine's fixed order;
        raises EngineInputError for bad options."""

    def check_options(self, options: dict[str, Any]) -> None:
        self.recipe(options)  # parses and checks the options without touching pixels

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        steps = self.recipe(options)
        pixels = np.ascontiguousarray(job.source.image[..., :3])
        for index, (name, step) in enumerate(steps):
            ctx.report(index / max(len(steps), 1), name)
            pixels = step(pixels)
        return Output(model_id="", image=pixels.astype(np.float32) / np.float32(point.peak(pixels.dtype)))
