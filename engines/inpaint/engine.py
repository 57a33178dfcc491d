"""The inpaint engine (Filter ▸ Inpaint…, Filter ▸ Remove Object, the healing brushes, `run inpaint`).

How a hole is filled is chosen per job, like a model: "auto" (best available), PatchMatch, Telea,
Navier-Stokes (built in, no file) or a learned model from the catalog (LaMa, MI-GAN, imported ones).
"auto" fills thin regions (scratches, brush dabs) by fast diffusion, which is what they need, and larger
ones with the first learned model that is installed, else PatchMatch.

The mask is grown by ``dilate`` px first (painted masks miss a defect's soft edge); each connected region
is filled on a crop around it (engines.strategies.crop_around_mask) at the method's working size, and only
the grown mask's pixels are blended back, feathered inside it: everything else stays bit-identical.
"""
from __future__ import annotations

from functools import partial
from typing import Any

import cv2
import numpy as np
from scipy import ndimage

from engines.base import Method, RunContext
from engines.inpaint.classical import diffusion, patch_match
from engines.inpaint.learned import InpaintContract, contract_of, model_fn
from engines.needs import ModelNeeds
from engines.params import Param
from engines.runtime import LoadedModel, run_with_fallback
from engines.strategies import MaskedFn, crop_around_mask
from engines.template import EngineInput, Output, TemplateEngine

AUTO, PATCHMATCH, TELEA, NAVIER_STOKES = "auto", "patchmatch", "telea", "ns"
METHODS = (
    Method(AUTO, "Best available", "Fast diffusion for thin scratches; for larger areas an installed learned "
           "model (LaMa, MI-GAN), else PatchMatch."),
    Method(PATCHMATCH, "PatchMatch (texture)", "Copies the photo's own texture into the hole. Good for large "
           "areas; a few seconds per megapixel of hole."),
    Method(TELEA, "Fast (Telea)", "Smooth diffusion from the edges inwards. Best for thin scratches and dust."),
    Method(NAVIER_STOKES, "Navier-Stokes", "Smooth fluid-like fill that continues edges. For thin defects."),
)
LEARNED_PREFERENCE = ("lama", "migan")  # "auto" takes the first of these that is installed
# A region no wider than this (px from its middle to its edge, after growing) counts as thin.
THIN_MARGIN = 4
THIN_DEEP_SHARE = 0.03  # ... for all but this share of its pixels
DILATE = Param("dilate", "int", 4, "Grow mask", "Grow the mask by this many pixels first: painted masks "
               "usually miss a defect's soft edge.", minimum=0, maximum=200, unit="px")
FEATHER = Param("feather", "float", 3.0, "Feather", "Blend the fill into the photo over this many pixels, "
                "inside the grown mask.", minimum=0.0, maximum=100.0, unit="px", advanced=True)


def grow(mask: np.ndarray, pixels: int) -> np.ndarray:
    """``mask`` > 0 grown by ``pixels`` (a disc), as 0/255."""
    hole = np.where(mask > 0, 255, 0).astype(np.uint8)
    if pixels <= 0:
        return hole
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pixels + 1, 2 * pixels + 1))
    return cv2.dilate(hole, disc)


def split_thin(mask: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """(thin, large): the mask's connected regions that are nearly all within ``radius`` px of their edge
    (lines, dabs; where two scratches cross a few pixels are deeper, which does not make them an object),
    and the rest."""
    inside = (mask > 0).astype(np.uint8)
    count, found = cv2.connectedComponents(inside, connectivity=8)
    labels = np.asarray(found, np.int32)
    depth = cv2.distanceTransform(cv2.copyMakeBorder(inside, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0),
                                  cv2.DIST_L2, 5)[1:-1, 1:-1]
    index = np.arange(1, count)
    deep = np.asarray(ndimage.sum(depth > radius, labels, index), np.float64)
    area = np.asarray(ndimage.sum(inside, labels, index), np.float64)
    thin_labels = index[deep <= THIN_DEEP_SHARE * area]
    thin = np.isin(labels, thin_labels) & (inside > 0)
    return np.where(thin, 255, 0).astype(np.uint8), np.where(~thin & (inside > 0), 255, 0).astype(np.uint8)


def installed_learned_models() -> list[str]:
    """Catalog inpainting models that are ready in the store, preferred ones first."""
    from models.catalog import models_for_task
    from models.store import default_store

    store = default_store()
    ready = [e.id for e in models_for_task("inpaint", store.catalog()) if store.status(e.id) == "ready"]
    return sorted(ready, key=lambda i: (i not in LEARNED_PREFERENCE,
                                        LEARNED_PREFERENCE.index(i) if i in LEARNED_PREFERENCE else 0, i))


class InpaintEngine(TemplateEngine):
    task = "inpaint"
    title = "Inpaint"
    description = "Fill the masked area from its surroundings: remove objects, scratches, spots and dust."
    model_task = "inpaint"
    default_model = AUTO
    methods = METHODS
    params = (DILATE, FEATHER)
    needs = ModelNeeds(mask="required")
    menu = "filter"
    result_modes = ("replace", "layer")  # retouching happens in place; a new layer keeps the original
    selftest_options = {"dilate": 2}

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        assert job.mask is not None  # needs.mask == "required": prepare refused a run without one
        hole = grow(job.mask, int(options.get("dilate", DILATE.default)))
        # In the image's own type: only the crops around the holes become float (engines.strategies).
        out, used, provider = fill(job.source.image[:, :, :3], hole, job.model_id or self.default_model, ctx,
                                   thin_radius=int(options.get("dilate", DILATE.default)) + THIN_MARGIN)
        return Output(model_id=used, provider=provider, image=out, blend_mask=hole)


def fill(rgb: np.ndarray, hole: np.ndarray, method: str, ctx: RunContext, *, span: tuple[float, float] = (0.02, 0.95),
         thin_radius: float = THIN_MARGIN) -> tuple[np.ndarray, str, str]:
    """``rgb`` (float32 0..1, or 8/16-bit RGB: the result keeps its type) with ``hole`` filled by ``method``:
    (filled image, what filled it, provider)."""
    if method in (TELEA, NAVIER_STOKES, PATCHMATCH):
        return crop_around_mask(_classical(method), rgb, hole, ctx=ctx, span=span), method, ""
    if method != AUTO:
        out, provider = _learned(method, rgb, hole, ctx, span)
        return out, method, provider
    thin, large = split_thin(hole, thin_radius)
    middle = span[0] + (span[1] - span[0]) * (0.2 if large.any() else 1.0)
    used, provider, out = [], "", rgb
    if thin.any():
        used.append(TELEA)
        out = crop_around_mask(_classical(TELEA), out, thin, ctx=ctx, span=(span[0], middle))
    if large.any():
        learned = installed_learned_models()
        if learned:
            used.append(learned[0])
            out, provider = _learned(learned[0], out, large, ctx, (middle, span[1]))
        else:
            used.append(PATCHMATCH)
            out = crop_around_mask(_classical(PATCHMATCH), out, large, ctx=ctx, span=(middle, span[1]))
    return out, "+".join(used), provider


def _classical(method: str) -> MaskedFn:
    if method == PATCHMATCH:
        return patch_match
    return partial(diffusion, method=method)


def _learned(model_id: str, rgb: np.ndarray, hole: np.ndarray, ctx: RunContext,
             span: tuple[float, float]) -> tuple[np.ndarray, str]:
    ctx.report(span[0], "loading model")

    def work(loaded: LoadedModel, _tile: int) -> np.ndarray:
        contract: InpaintContract = contract_of(loaded)
        return crop_around_mask(model_fn(loaded, contract, ctx), rgb, hole, needs=contract.needs, ctx=ctx,
                                span=span, cost=loaded.cost)

    # The tile does not apply (regions are crops); on a GPU out of memory it goes to the CPU at once.
    return run_with_fallback(model_id, ctx.device, ctx, work, 64, min_tile=64)
