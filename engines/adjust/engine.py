"""The "adjust" task: tone, colour and noise repair as one recipe of classical operations, no model.

Every operation is off by default; those switched on run in this fixed order (the order a retoucher
works in: remove damage first, then fix tone and colour, sharpen last so nothing amplifies its halos):

     1. JPEG artefact reduction    2. denoise              3. remove colour cast   4. auto white balance
     5. auto contrast / levels     6. levels B,W,G          7. gamma                8. brightness/contrast
     9. curve                     10. hue/saturation/lightness                    11. local contrast (CLAHE)
    12. equalise                  13. black and white      14. sharpen

Alpha is kept as it is; 16-bit stays 16-bit; with a mask, only the masked part changes.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from engines.adjust import color, filters, local, point
from engines.base import EngineInputError, RunContext
from engines.needs import ModelNeeds
from engines.params import Param
from engines.template import FEATHER, EngineInput, Output, TemplateEngine

Step = Callable[[np.ndarray], np.ndarray]


def _numbers(text: str, count: int, flag: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        raise EngineInputError(f"{flag}: expected {count} numbers separated by commas, got {text!r}") from None
    if len(values) != count:
        raise EngineInputError(f"{flag}: expected {count} numbers separated by commas, got {text!r}")
    return values


def parse_levels(text: str) -> tuple[float, float, float]:
    """"B,W,G": black and white points in 0..255 (8-bit levels whatever the image's depth), gamma."""
    black, white, gamma = _numbers(text, 3, "--levels")
    if not 0 <= black < white <= 255 or gamma <= 0:
        raise EngineInputError("--levels: need 0 <= black < white <= 255 and a positive gamma")
    return black / 255.0, white / 255.0, gamma


def parse_curve(text: str) -> list[tuple[float, float]]:
    """"x,y;x,y;...": curve points in 0..255."""
    points = []
    for pair in text.split(";"):
        x, y = _numbers(pair, 2, "--curve")
        if not (0 <= x <= 255 and 0 <= y <= 255):
            raise EngineInputError("--curve: points must lie in 0..255")
        points.append((x / 255.0, y / 255.0))
    if len(points) < 2 or len({x for x, _ in points}) != len(points):
        raise EngineInputError("--curve: give at least two points with different inputs")
    return points


def recipe(options: dict[str, Any]) -> list[tuple[str, Step]]:
    """(name, step) for every operation switched on in ``options``, in the fixed order."""
    o = options
    steps: list[tuple[str, Step]] = []
    if o["jpeg"] > 0:
        steps.append(("JPEG artefacts", lambda x: filters.reduce_jpeg_artifacts(x, o["jpeg"])))
    if o["denoise"] > 0 or o["denoise_color"] > 0:
        steps.append(("denoise", lambda x: filters.denoise(x, o["denoise"], o["denoise_color"])))
    if o["remove_cast"] > 0:
        steps.append(("colour cast", lambda x: color.remove_color_cast(x, o["remove_cast"])))
    if o["auto_white_balance"]:
        steps.append(("white balance", color.auto_white_balance))
    if o["auto_levels"]:
        steps.append(("auto levels", point.auto_levels))
    elif o["auto_contrast"]:
        steps.append(("auto contrast", point.auto_contrast))
    if o["levels"]:
        black, white, gamma = parse_levels(o["levels"])
        steps.append(("levels", lambda x: point.apply_curve(x, point.levels_curve(black, white, gamma))))
    if o["gamma"] != 1.0:
        steps.append(("gamma", lambda x: point.apply_curve(x, point.gamma_curve(o["gamma"]))))
    if o["brightness"] or o["contrast"]:
        curve = point.brightness_contrast_curve(o["brightness"], o["contrast"])
        steps.append(("brightness/contrast", lambda x: point.apply_curve(x, curve)))
    if o["curve"]:
        points = parse_curve(o["curve"])
        steps.append(("curve", lambda x: point.apply_curve(x, point.points_curve(points))))
    if o["hue"] or o["saturation"] or o["lightness"]:
        steps.append(("hue/saturation", lambda x: color.hue_saturation_lightness(
            x, o["hue"], o["saturation"], o["lightness"])))
    if o["local_contrast"] > 0:
        steps.append(("local contrast", lambda x: local.local_contrast(x, o["local_contrast"])))
    if o["equalize"]:
        steps.append(("equalise", local.equalize))
    if o["black_and_white"]:
        mix = _numbers(o["black_and_white"], 3, "--black-and-white")
        steps.append(("black and white", lambda x: color.black_and_white(x, *mix)))
    if o["sharpen"] > 0:
        steps.append(("sharpen", lambda x: filters.sharpen(x, o["sharpen_radius"], o["sharpen"],
                                                           o["sharpen_threshold"])))
    return steps


class AdjustEngine(TemplateEngine):
    task = "adjust"
    title = "Adjust"
    description = "Repair tone, colour and noise: levels, curves, white balance, colour cast, denoise, sharpen."
    model_task = "adjust"
    default_model = ""
    needs = ModelNeeds(mask="optional")
    output_kind = "image"
    menu = None  # the Image ▸ Adjustments entries each open one group of these params
    selftest_options = {"auto_contrast": True, "remove_cast": 1.0, "denoise": 3.0, "sharpen": 0.5}
    params = (
        Param("jpeg", "float", 0.0, "JPEG artefacts", "Reduce JPEG blocking and colour smear (0 = off).",
              minimum=0.0, maximum=3.0, step=0.1),
        Param("denoise", "float", 0.0, "Denoise lightness", "Non-local means strength for grain (0 = off).",
              minimum=0.0, maximum=40.0, step=0.5),
        Param("denoise_color", "float", 0.0, "Denoise colour", "Strength for colour noise (0 = off).",
              minimum=0.0, maximum=40.0, step=0.5),
        Param("remove_cast", "float", 0.0, "Remove colour cast",
              "Neutralise sepia, yellowing or a blue cast: 1 removes it fully (0 = off).", minimum=0.0, maximum=1.0,
              step=0.05),
        Param("auto_white_balance", "bool", False, "Auto white balance", "Make the mid-tones' average grey."),
        Param("auto_contrast", "bool", False, "Auto contrast", "Stretch the tones to full black and white."),
        Param("auto_levels", "bool", False, "Auto levels", "Stretch each channel on its own (also fixes casts)."),
        Param("levels", "str", "", "Levels", "Black point, white point (0..255) and gamma, e.g. 20,235,1.1."),
        Param("gamma", "float", 1.0, "Gamma", "Power curve: above 1 brightens the midtones.", minimum=0.1,
              maximum=10.0, step=0.05),
        Param("brightness", "float", 0.0, "Brightness", "-1..1", minimum=-1.0, maximum=1.0, step=0.01),
        Param("contrast", "float", 0.0, "Contrast", "-1..1", minimum=-1.0, maximum=0.99, step=0.01),
        Param("curve", "str", "", "Curve", "Points x,y in 0..255 separated by ';', e.g. 0,0;128,150;255,255."),
        Param("hue", "float", 0.0, "Hue", "Rotate hues by this many degrees.", minimum=-180.0, maximum=180.0,
              step=1.0),
        Param("saturation", "float", 0.0, "Saturation", "-1 (grey) .. 1 (double).", minimum=-1.0, maximum=1.0,
              step=0.01),
        Param("lightness", "float", 0.0, "Lightness", "-1 (black) .. 1 (white).", minimum=-1.0, maximum=1.0,
              step=0.01),
        Param("local_contrast", "float", 0.0, "Local contrast", "CLAHE clip limit (0 = off; 2 is moderate).",
              minimum=0.0, maximum=10.0, step=0.1),
        Param("equalize", "bool", False, "Equalise", "Histogram equalisation of lightness."),
        Param("black_and_white", "str", "", "Black and white", "Channel mix R,G,B, e.g. 0.3,0.59,0.11."),
        Param("sharpen", "float", 0.0, "Sharpen", "Unsharp mask amount (0 = off).", minimum=0.0, maximum=5.0,
              step=0.05),
        Param("sharpen_radius", "float", 1.5, "Sharpen radius", "Blur radius in pixels.", minimum=0.1,
              maximum=50.0, step=0.1),
        Param("sharpen_threshold", "float", 0.0, "Sharpen threshold", "Leave differences below this (0..1) alone.",
              minimum=0.0, maximum=1.0, step=0.01),
        FEATHER,
    )

    def check_options(self, options: dict[str, Any]) -> None:
        recipe(options)  # parses the text options; raises EngineInputError for bad ones

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        steps = recipe(options)
        # The operations work on the image's own integers (lookup tables, 16-bit kept exact); the template
        # takes the result back as float 0..1, puts the alpha back and applies the mask.
        pixels = np.ascontiguousarray(job.source.image[..., :3])
        for index, (name, step) in enumerate(steps):
            ctx.report(index / max(len(steps), 1), name)
            pixels = step(pixels)
        return Output(model_id="", image=pixels.astype(np.float32) / np.float32(point.peak(pixels.dtype)))
