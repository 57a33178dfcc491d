"""A stand-in engine for the engine-platform test: one module, no model, registered by one line in a
test (``monkeypatch.setitem(ENGINE_TABLE, "standin", STANDIN)``). It inverts the image, blended by
``amount``, inside the mask when one is given."""
from __future__ import annotations

from typing import Any

import numpy as np

from engines.base import Engine, EngineInputError, EngineResult, RunContext
from engines.params import Param

STANDIN = "tests.widgets.standin_engine:InvertEngine"
STANDIN_MASKED = "tests.widgets.standin_engine:MaskedInvertEngine"


class InvertEngine(Engine):
    task = "standin"
    title = "Invert (stand-in)"
    description = "Inverts the image; a test engine."
    model_task = "standin"
    default_model = ""
    uses_mask = True
    menu = "filter"
    shortcut = "Ctrl+Alt+Shift+9"
    selftest_options = {"amount": 0.5}
    params = (
        Param("amount", "float", 1.0, "Amount", "1 inverts fully, 0 leaves the image.", minimum=0.0,
              maximum=1.0, step=0.05),
        Param("keep_alpha", "bool", True, "Keep transparency", group="Output"),
        Param("note", "str", "", "Note", "Only for the command line.", cli_only=True),
        Param("mode", "choice", "plain", "Mode", choices=("plain", "posterise"), advanced=True),
        Param("levels", "int", 4, "Levels", minimum=2, maximum=16, advanced=True,
              visible_when=(("mode", "posterise"),)),
    )

    def run(self, image: np.ndarray, options: dict[str, Any], ctx: RunContext, *, mask: np.ndarray | None = None,
            model_id: str | None = None, **_: Any) -> EngineResult:
        ctx.report(0.0, "inverting")
        rgb = image[:, :, :3].astype(np.float32)
        inverted = 255.0 - rgb
        if options["mode"] == "posterise":
            step = 255.0 / (options["levels"] - 1)
            inverted = np.round(inverted / step) * step
        weight = float(options["amount"])
        if mask is not None:
            weight = weight * (mask.astype(np.float32) / 255.0)[:, :, None]
        out = np.clip(np.rint(rgb * (1.0 - weight) + inverted * weight), 0, 255).astype(image.dtype)
        if image.shape[2] == 4 and options["keep_alpha"]:
            out = np.dstack([out, image[:, :, 3]])
        ctx.report(1.0, "done")
        return EngineResult(image=out)


class MaskedInvertEngine(InvertEngine):
    """The same, for engines that cannot run without a mask (inpainting will be one)."""

    task = "standin-masked"
    title = "Invert inside a mask (stand-in)"
    needs_mask = True
    shortcut = None

    def run(self, image: np.ndarray, options: dict[str, Any], ctx: RunContext, *, mask: np.ndarray | None = None,
            model_id: str | None = None, **kwargs: Any) -> EngineResult:
        if mask is None or not mask.any():
            raise EngineInputError("This engine needs a mask.")
        return super().run(image, options, ctx, mask=mask, model_id=model_id, **kwargs)
