"""Filter ▸ Find Scratches and Dust… and `run scratches`: find thin line defects and specks
(engines.inpaint.scratches) and repair them with the inpaint engine's best available method.

The result carries both the repaired image and the mask of what was found, so it can go where the user
wants: repaired in place or on a new layer, or only the mask (to edit with the mask brushes, then repair
with Filter ▸ Remove Object). With a mask given, only scratches inside it are looked for.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from engines.base import RunContext
from engines.inpaint.engine import AUTO, METHODS, fill
from engines.inpaint.scratches import detect_scratches
from engines.needs import ModelNeeds
from engines.params import Param
from engines.template import EngineInput, Output, TemplateEngine

REPAIR_RADIUS = 4.0  # found marks are thin: diffusion fills them (after the detector's own 2 px growth)


class ScratchesEngine(TemplateEngine):
    task = "scratches"
    title = "Find Scratches and Dust"
    description = ("Find thin bright or dark scratches and dust specks on scanned photos and repair them; "
                   "bright details such as stars, glints and catchlights are left alone.")
    model_task = "inpaint"
    default_model = AUTO
    methods = METHODS  # how what is found gets repaired
    params = (
        Param("sensitivity", "float", 0.5, "Sensitivity", "Higher finds fainter scratches and dust, and risks "
              "marking fine detail.", minimum=0.0, maximum=1.0, step=0.05, display_scale=100.0, unit="%"),
        Param("kinds", "choice", "both", "Find", "What to look for.", choices=("both", "scratches", "dust"),
              choice_labels=(("both", "Scratches and dust"), ("scratches", "Scratches only"),
                             ("dust", "Dust only"))),
        Param("max_width", "int", 5, "Widest scratch", "Wider lines are taken as part of the picture.",
              minimum=1, maximum=30, unit="px", advanced=True),
        Param("min_length", "int", 25, "Shortest scratch", "Shorter lines are not scratches (unless small "
              "enough to be dust).", minimum=5, maximum=1000, unit="px", advanced=True),
        Param("max_speck", "int", 12, "Largest speck", "Larger spots are taken as part of the picture.",
              minimum=1, maximum=100, unit="px", advanced=True),
        Param("mask_out", "path", "", "Mask file", "Also write the mask of what was found to this file (a "
              "folder when INPUT is a folder).", cli_only=True),
        Param("feather", "float", 1.0, "Feather", "Blend the repair into the photo over this many pixels.",
              minimum=0.0, maximum=20.0, unit="px", advanced=True),
    )
    needs = ModelNeeds(mask="optional")
    menu = "filter"
    result_modes = ("replace", "layer", "mask")
    selftest_options = {"sensitivity": 0.5}

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        rgb = job.source.image[:, :, :3]  # the image's own type: no full-size float copy of a large scan
        found = detect_scratches(rgb, float(options.get("sensitivity", 0.5)),
                                 max_width=int(options.get("max_width", 5)),
                                 min_length=int(options.get("min_length", 25)),
                                 max_speck=int(options.get("max_speck", 12)), kinds=str(options.get("kinds", "both")),
                                 ctx=RunContext(on_progress=lambda f, m: ctx.report(0.4 * f, m),
                                                cancel_event=ctx.cancel_event))
        if job.mask is not None:
            found = np.where(job.mask > 0, found, 0).astype(np.uint8)
        if not found.any():
            ctx.note("No scratches or dust were found at this sensitivity.")
            return Output(model_id="", image=rgb, mask=found, blend_mask=found)
        out, used, provider = fill(rgb, found, job.model_id or AUTO, ctx, span=(0.4, 0.95),
                                   thin_radius=REPAIR_RADIUS)
        return Output(model_id=used, provider=provider, image=out, mask=found, blend_mask=found)
