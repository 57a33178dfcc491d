"""The "filter" task: the classical neighbourhood filters (Filter ▸ Filters ▸ …), no model.

Every operation is off by default; those switched on run in this fixed order (remove specks before
smoothing, smooth before the shape operations, edges last since they turn the picture into lines):

    1. median blur (``--median SIZE``, odd; 0 = off)
    2. bilateral (``--bilateral DIAMETER``, 0 = off; ``--bilateral-sigma-color``, ``--bilateral-sigma-space``)
    3. Gaussian blur (``--blur RADIUS``, 0 = off)
    4. morphology (``--morphology erode|dilate|open|close|tophat|blackhat``, ``--morphology-radius``)
    5. edges (``--edges canny|sobel``; Canny's ``--edge-low`` and ``--edge-high``)

Each group's dialog (Filter ▸ Filters ▸ Gaussian Blur…) says which it is in the gui-only ``dialog_group``
option (set by widgets/engine_extra.py's ``GroupExtra``), and that group's operation runs with the
dialog's values. Alpha is kept; 16-bit stays 16-bit; with a mask, only the masked part changes. Sobel's scale
is measured on the image it is given, or taken from the whole image's measurements (engines/adjust/measured.py).
"""
from __future__ import annotations

from typing import Any

from engines.adjust import filters
from engines.adjust.measured import Measured
from engines.adjust.recipe_engine import DIALOG_GROUP, Recipe, RecipeEngine
from engines.base import EngineInputError
from engines.needs import ModelNeeds
from engines.params import Param
from engines.template import FEATHER

MORPHOLOGY = tuple(filters.MORPHOLOGY)


def recipe(options: dict[str, Any]) -> Recipe:
    """(name, step) for every operation switched on in ``options``, in the fixed order."""
    o = options
    dialog = o["dialog_group"]
    steps: Recipe = []
    size = o["median"] or (o["median_size"] if dialog == "Median Blur" else 0)
    if size:
        if size < 3 or size % 2 == 0:
            raise EngineInputError("The median size must be odd and at least 3 (0 = off).")
        steps.append(("median blur", lambda x: filters.median_blur(x, size)))
    diameter = o["bilateral"] or (o["bilateral_diameter"] if dialog == "Bilateral" else 0)
    if diameter:
        steps.append(("bilateral", lambda x: filters.bilateral(x, diameter, o["bilateral_sigma_color"],
                                                               o["bilateral_sigma_space"])))
    radius = o["blur"] or (o["blur_radius"] if dialog == "Gaussian Blur" else 0.0)
    if radius > 0:
        steps.append(("Gaussian blur", lambda x: filters.gaussian_blur(x, radius)))
    operation = o["morphology"] if o["morphology"] != "none" else (
        o["morphology_operation"] if dialog == "Morphology" else "none")
    if operation != "none":
        steps.append(("morphology", lambda x: filters.morphology(x, operation, o["morphology_radius"])))
    method = o["edges"] if o["edges"] != "none" else (o["edge_method"] if dialog == "Edges" else "none")
    if method == "canny":
        if o["edge_low"] >= o["edge_high"]:
            raise EngineInputError("The low edge threshold must be below the high one.")
        steps.append(("edges", lambda x: filters.canny_edges(x, o["edge_low"], o["edge_high"])))
    elif method == "sobel":
        steps.append(("edges", Measured(filters.measure_sobel)))
    return steps


class FilterEngine(RecipeEngine):
    task = "filter"
    title = "Filters"  # the submenu: Filter ▸ Filters
    description = ("Classical filters. The operations switched on run in this order: median blur, bilateral, "
                   "Gaussian blur, morphology, edges.")
    model_task = "filter"
    default_model = ""
    needs = ModelNeeds(mask="optional")
    output_kind = "image"
    menu = "filter"
    result_modes = ("replace", "layer")
    menu_per_group = True  # Filter ▸ Filters ▸ Gaussian Blur…, Median Blur…: each entry one group of params
    canvas_preview = True
    selftest_options = {"blur": 1.5}
    params = (
        Param("blur", "float", 0.0, "Gaussian blur", "Blur radius in pixels (0 = off).", minimum=0.0,
              maximum=200.0, cli_only=True),
        Param("blur_radius", "float", 2.0, "Radius", "Blur radius in pixels.", minimum=0.1, maximum=200.0,
              step=0.1, unit="px", gui_only=True, group="Gaussian Blur"),
        Param("median", "int", 0, "Median blur", "Median window size, odd (0 = off).", minimum=0, maximum=99,
              cli_only=True),
        Param("median_size", "int", 3, "Size", "Median window size in pixels (odd); removes specks.",
              minimum=3, maximum=31, step=2, unit="px", gui_only=True, group="Median Blur"),
        Param("bilateral", "int", 0, "Bilateral", "Edge-preserving smoothing: the neighbourhood's diameter (0 = off).",
              minimum=0, maximum=50, cli_only=True),
        Param("bilateral_diameter", "int", 9, "Diameter", "The neighbourhood's diameter in pixels.", minimum=1,
              maximum=50, unit="px", gui_only=True, group="Bilateral"),
        Param("bilateral_sigma_color", "float", 0.1, "Sigma colour",
              "How different a neighbour's colour may be and still count (0..1 of the range).", minimum=0.001,
              maximum=1.0, step=0.01, group="Bilateral"),
        Param("bilateral_sigma_space", "float", 5.0, "Sigma space", "How far neighbours count, in pixels.",
              minimum=0.1, maximum=100.0, step=0.1, group="Bilateral"),
        Param("edges", "choice", "none", "Edges", "Find edges: canny (lines) or sobel (gradient strength).",
              choices=("none", "canny", "sobel"), cli_only=True),
        Param("edge_method", "choice", "canny", "Method", "Canny draws thin lines; Sobel shows edge strength.",
              choices=("canny", "sobel"), choice_labels=(("canny", "Canny"), ("sobel", "Sobel")), gui_only=True,
              group="Edges"),
        Param("edge_low", "float", 0.1, "Low threshold", "Weaker edges are dropped (0..1).", minimum=0.0,
              maximum=1.0, step=0.01, group="Edges", visible_when=(("edge_method", "canny"),)),
        Param("edge_high", "float", 0.3, "High threshold", "Stronger edges are always kept (0..1).", minimum=0.0,
              maximum=1.0, step=0.01, group="Edges", visible_when=(("edge_method", "canny"),)),
        Param("morphology", "choice", "none", "Morphology", "Erode, dilate, open, close, top-hat or black-hat.",
              choices=("none", *MORPHOLOGY), cli_only=True),
        Param("morphology_operation", "choice", "open", "Operation",
              "Open removes small bright specks, close small dark ones; top-hat and black-hat keep only them.",
              choices=MORPHOLOGY, choice_labels=(("erode", "Erode"), ("dilate", "Dilate"), ("open", "Open"),
                                                 ("close", "Close"), ("tophat", "Top-hat"),
                                                 ("blackhat", "Black-hat")),
              gui_only=True, group="Morphology"),
        Param("morphology_radius", "int", 1, "Radius", "The round kernel's radius in pixels.", minimum=1,
              maximum=50, unit="px", group="Morphology"),
        DIALOG_GROUP,
        FEATHER,
    )

    def recipe(self, options: dict[str, Any]) -> Recipe:
        return recipe(options)
