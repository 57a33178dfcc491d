"""The "adjust" task: tone, colour and noise repair as one recipe of classical operations, no model.

Every operation is off by default; those switched on run in this fixed order (the order a retoucher
works in: remove damage first, then fix tone and colour, sharpen after the repairs so nothing amplifies
its halos; the graphic effects come last, on the finished tones):

     1. JPEG artefact reduction    2. denoise              3. remove colour cast   4. auto white balance
     5. auto contrast / levels     6. levels: black, white, gamma (``--levels B,W,G`` or the three values)
     7. brightness/contrast        8. curve (RGB, then the R, G, B curves)        9. hue/saturation/lightness
    10. local contrast (CLAHE)    11. equalise            12. black and white    13. sharpen
    14. invert                    15. threshold           16. posterize

Equalise, Invert, Threshold, Posterize and Black and White have no "off" value in their dialogs, so the
dialog of one group (Image ▸ Adjust ▸ Threshold…) says which it is in the gui-only ``dialog_group``
option (widgets/curves_widget.py sets it) and that group's operation runs with the dialog's values. On the
command line the flags switch them on: ``--equalize``, ``--invert``, ``--threshold X`` (0 = off),
``--posterize N`` (0 = off), ``--black-and-white R,G,B``.

Colour cast, white balance, auto contrast/levels, local contrast and equalise measure the image they are
given (engines/adjust/measured.py); a run on a part of an image given the whole image's measurements
(``options["measurements"]``, from ``AdjustEngine().measured(image, options)``) equals that part of the full run.

Alpha is kept as it is; 16-bit stays 16-bit; with a mask, only the masked part changes.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from engines.adjust import color, filters, local, point
from engines.adjust.measured import Measured
from engines.adjust.recipe_engine import DIALOG_GROUP, Recipe, RecipeEngine
from engines.base import EngineInputError
from engines.needs import ModelNeeds
from engines.params import Param
from engines.template import FEATHER


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


def _channel_curves(options: dict[str, Any]) -> list[point.Curve] | None:
    """The R, G and B curves (identity where a channel has none), or None when no channel has one."""
    texts = [options[name] for name in ("curve_r", "curve_g", "curve_b")]
    if not any(texts):
        return None
    return [point.points_curve(parse_curve(text)) if text else _identity for text in texts]


def _identity(x: np.ndarray) -> np.ndarray:
    return x


def recipe(options: dict[str, Any]) -> Recipe:
    """(name, step) for every operation switched on in ``options``, in the fixed order."""
    o = options
    dialog = o["dialog_group"]
    steps: Recipe = []
    if o["jpeg"] > 0:
        steps.append(("JPEG artefacts", lambda x: filters.reduce_jpeg_artifacts(x, o["jpeg"])))
    if o["denoise"] > 0 or o["denoise_color"] > 0:
        steps.append(("denoise", lambda x: filters.denoise(x, o["denoise"], o["denoise_color"])))
    if o["remove_cast"] > 0:
        steps.append(("colour cast", Measured(lambda x: color.measure_color_cast(x, o["remove_cast"]))))
    if o["auto_white_balance"]:
        steps.append(("white balance", Measured(color.measure_white_balance)))
    if o["auto_levels"]:
        steps.append(("auto levels", Measured(point.measure_auto_levels)))
    elif o["auto_contrast"]:
        steps.append(("auto contrast", Measured(point.measure_auto_contrast)))
    if o["levels"]:  # the command line's "B,W,G"
        black, white, gamma = parse_levels(o["levels"])
        steps.append(("levels", lambda x: point.apply_curve(x, point.levels_curve(black, white, gamma))))
    elif o["black_point"] != 0 or o["white_point"] != 255 or o["gamma"] != 1.0:  # the Levels dialog
        if o["black_point"] >= o["white_point"]:
            raise EngineInputError("The black point must be below the white point.")
        curve = point.levels_curve(o["black_point"] / 255.0, o["white_point"] / 255.0, o["gamma"])
        steps.append(("levels", lambda x: point.apply_curve(x, curve)))
    if o["brightness"] or o["contrast"]:
        curve = point.brightness_contrast_curve(o["brightness"], o["contrast"])
        steps.append(("brightness/contrast", lambda x: point.apply_curve(x, curve)))
    if o["curve"]:
        points = parse_curve(o["curve"])
        steps.append(("curve", lambda x: point.apply_curve(x, point.points_curve(points))))
    channel_curves = _channel_curves(o)
    if channel_curves is not None:
        steps.append(("channel curves", lambda x: point.apply_curve(x, channel_curves)))
    if o["hue"] or o["saturation"] or o["lightness"]:
        steps.append(("hue/saturation", lambda x: color.hue_saturation_lightness(
            x, o["hue"], o["saturation"], o["lightness"])))
    if o["local_contrast"] > 0:
        steps.append(("local contrast", Measured(lambda x: local.measure_local_contrast(x, o["local_contrast"]))))
    if o["equalize"] or dialog == "Equalise":
        steps.append(("equalise", Measured(local.measure_equalize)))
    mix: list[float] | None = None
    if o["black_and_white"]:
        mix = _numbers(o["black_and_white"], 3, "--black-and-white")
    elif dialog == "Black and White":
        mix = [o["bw_red"], o["bw_green"], o["bw_blue"]]
    if mix is not None:
        if abs(sum(mix)) < 1e-6:
            raise EngineInputError("The channel mix must not add up to zero.")
        weights = mix
        steps.append(("black and white", lambda x: color.black_and_white(x, *weights)))
    if o["sharpen"] > 0:
        steps.append(("sharpen", lambda x: filters.sharpen(x, o["sharpen_radius"], o["sharpen"],
                                                           o["sharpen_threshold"])))
    if o["invert"] or dialog == "Invert":
        steps.append(("invert", lambda x: point.apply_curve(x, point.invert_curve())))
    level = o["threshold"] or (o["threshold_level"] if dialog == "Threshold" else 0)
    if level > 0:
        steps.append(("threshold", lambda x: point.apply_curve(x, point.threshold_curve(level / 255.0))))
    levels = o["posterize"] or (o["posterize_levels"] if dialog == "Posterize" else 0)
    if levels:
        if levels < 2:
            raise EngineInputError("--posterize: give at least 2 levels (0 = off).")
        steps.append(("posterize", lambda x: point.apply_curve(x, point.posterize_curve(levels))))
    return steps


class AdjustEngine(RecipeEngine):
    task = "adjust"
    title = "Adjust"  # the submenu: Image ▸ Adjust
    description = ("Repair tone, colour and noise. The operations switched on run in this order: JPEG artefacts, "
                   "denoise, colour cast, white balance, auto contrast/levels, levels, brightness/contrast, curves, "
                   "hue/saturation, local contrast, equalise, black and white, sharpen, invert, threshold, "
                   "posterize.")
    model_task = "adjust"
    default_model = ""
    needs = ModelNeeds(mask="optional")
    output_kind = "image"
    menu = "image"
    result_modes = ("replace", "layer")  # an adjustment changes the layer in place, as in other editors
    menu_per_group = True  # Image ▸ Adjust ▸ Levels…, Hue/Saturation…: each entry one group of params
    canvas_preview = True
    selftest_options = {"auto_contrast": True, "remove_cast": 1.0, "denoise": 3.0, "sharpen": 0.5}
    params = (
        Param("jpeg", "float", 0.0, "JPEG artefacts", "Reduce JPEG blocking and colour smear (0 = off).",
              minimum=0.0, maximum=3.0, step=0.1, group="JPEG Artefacts"),
        Param("denoise", "float", 0.0, "Lightness noise", "Non-local means strength for grain (0 = off).",
              minimum=0.0, maximum=40.0, step=0.5, group="Denoise"),
        Param("denoise_color", "float", 0.0, "Colour noise", "Strength for colour noise (0 = off).",
              minimum=0.0, maximum=40.0, step=0.5, group="Denoise"),
        Param("remove_cast", "float", 0.0, "Remove colour cast",
              "Neutralise a sepia, selenium or yellowed black-and-white print: 1 removes the tint fully (0 = off).",
              minimum=0.0, maximum=1.0, step=0.05, group="Remove Colour Cast"),
        Param("auto_white_balance", "bool", False, "Auto white balance", "Make the mid-tones' average grey.",
              group="Auto Tone"),
        Param("auto_contrast", "bool", False, "Auto contrast", "Stretch the tones to full black and white.",
              group="Auto Tone"),
        Param("auto_levels", "bool", False, "Auto levels", "Stretch each channel on its own (also fixes casts).",
              group="Auto Tone"),
        Param("levels", "str", "", "Levels", "Black point, white point (0..255) and gamma, e.g. 20,235,1.1.",
              cli_only=True),
        Param("black_point", "int", 0, "Black point", "Input level that becomes black.", minimum=0, maximum=254,
              gui_only=True, group="Levels"),
        Param("white_point", "int", 255, "White point", "Input level that becomes white.", minimum=1,
              maximum=255, gui_only=True, group="Levels"),
        Param("gamma", "float", 1.0, "Gamma", "Power curve: above 1 brightens the midtones.", minimum=0.1,
              maximum=10.0, step=0.05, group="Levels"),
        Param("brightness", "float", 0.0, "Brightness", "Below 0 darker, above 0 brighter.", minimum=-1.0,
              maximum=1.0, step=0.01, group="Brightness/Contrast"),
        Param("contrast", "float", 0.0, "Contrast", "Below 0 flatter, above 0 punchier (about mid-grey).",
              minimum=-1.0, maximum=0.99, step=0.01, group="Brightness/Contrast"),
        # The Curves dialog edits these four in its curve editor (widgets/curves_widget.py).
        Param("curve", "str", "", "Curve", "Points x,y in 0..255 separated by ';', e.g. 0,0;128,150;255,255.",
              group="Curves"),
        Param("curve_r", "str", "", "Red curve", "The red channel's curve, after the RGB one; points as --curve.",
              group="Curves"),
        Param("curve_g", "str", "", "Green curve", "The green channel's curve, after the RGB one.",
              group="Curves"),
        Param("curve_b", "str", "", "Blue curve", "The blue channel's curve, after the RGB one.",
              group="Curves"),
        Param("hue", "float", 0.0, "Hue", "Rotate hues by this many degrees.", minimum=-180.0, maximum=180.0,
              step=1.0, group="Hue/Saturation"),
        Param("saturation", "float", 0.0, "Saturation", "-1 (grey) .. 1 (double).", minimum=-1.0, maximum=1.0,
              step=0.01, group="Hue/Saturation"),
        Param("lightness", "float", 0.0, "Lightness", "-1 (black) .. 1 (white).", minimum=-1.0, maximum=1.0,
              step=0.01, group="Hue/Saturation"),
        Param("local_contrast", "float", 0.0, "Local contrast", "CLAHE clip limit (0 = off; 2 is moderate).",
              minimum=0.0, maximum=10.0, step=0.1, group="Local Contrast"),
        # Switched on by their dialog (``dialog_group``, set by the dialog's extra widget) or their flag.
        Param("equalize", "bool", False, "Equalise", "Histogram equalisation of lightness.", group="Equalise"),
        Param("black_and_white", "str", "", "Black and white", "Channel mix R,G,B, e.g. 0.3,0.59,0.11.",
              cli_only=True),
        Param("bw_red", "float", 0.3, "Red", "How much the red channel gives to the grey.", minimum=-2.0,
              maximum=2.0, step=0.01, gui_only=True, group="Black and White"),
        Param("bw_green", "float", 0.59, "Green", "How much the green channel gives to the grey.",
              minimum=-2.0, maximum=2.0, step=0.01, gui_only=True, group="Black and White"),
        Param("bw_blue", "float", 0.11, "Blue", "How much the blue channel gives to the grey.", minimum=-2.0,
              maximum=2.0, step=0.01, gui_only=True, group="Black and White"),
        Param("sharpen", "float", 0.0, "Amount", "Unsharp mask amount (0 = off).", minimum=0.0, maximum=5.0,
              step=0.05, group="Sharpen"),
        Param("sharpen_radius", "float", 1.5, "Radius", "Blur radius in pixels.", minimum=0.1,
              maximum=50.0, step=0.1, group="Sharpen"),
        Param("sharpen_threshold", "float", 0.0, "Threshold", "Leave differences below this (0..1) alone.",
              minimum=0.0, maximum=1.0, step=0.01, group="Sharpen"),
        Param("invert", "bool", False, "Invert", "Turn a negative into a positive (and back).", group="Invert"),
        Param("threshold", "int", 0, "Threshold",
              "Levels at or above this (1..255) become white, the rest black (0 = off).", minimum=0,
              maximum=255, cli_only=True),
        Param("threshold_level", "int", 128, "Level", "Levels at or above this become white, the rest black.",
              minimum=1, maximum=255, gui_only=True, group="Threshold"),
        Param("posterize", "int", 0, "Posterize", "Keep this many levels per channel, 2..256 (0 = off).",
              minimum=0, maximum=256, cli_only=True),
        Param("posterize_levels", "int", 4, "Levels", "How many levels each channel keeps.", minimum=2,
              maximum=64, gui_only=True, group="Posterize"),
        DIALOG_GROUP,
        FEATHER,
    )

    def recipe(self, options: dict[str, Any]) -> Recipe:
        return recipe(options)
