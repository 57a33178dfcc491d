"""Super-resolution: Real-ESRGAN (or any ESRGAN-family ONNX, [1,3,H,W] RGB 0..1 -> [1,3,sH,sW]).

The network runs at its own scale s (detected from the model) through overlapping tiles; the result is
then resampled to the size asked for (2x, 3x, 4x or "fit to W x H") with area averaging, which keeps
the detail the network made. The engine template does the rest: alpha is upscaled separately (bicubic:
the networks only know RGB), and 16-bit input stays 16-bit (the network sees float 0..1 made from all
16 bits).
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from engines import memory
from engines.adapt import to_float
from engines.base import EngineError, EngineInputError, RunContext
from engines.fitting import resize
from engines.needs import ModelNeeds
from engines.params import Param
from engines.runtime import LoadedModel, get_cache, run_with_fallback
from engines.strategies import tiles
from engines.template import EngineInput, Output, TemplateEngine

DEFAULT_MODEL = "realesrgan-x4plus"
PREVIEW_MODEL = "realesr-animevideov3"  # ~20x faster: live previews and drawings
DEFAULT_OVERLAP = 32  # x4plus needs >= 32 px of overlap to be seam-free
PROBE_SIZE = 16
MAX_PASSES = 3  # a 2x model asked for 8x runs three times; beyond that, ask for less
# Activation memory per input pixel of a 4x RRDB network is ~16 KiB; it grows with the scale squared.
BYTES_PER_PIXEL_PER_SCALE2 = 1024

_scale_cache: dict[tuple[str, str], _ModelShape] = {}
_scale_lock = threading.Lock()


class _ModelShape:
    """What the engine needs to know about a model's input and output."""

    def __init__(self, input_name: str, output_name: str, dtype: type[np.floating[Any]], scale: int,
                 fixed: int | None) -> None:
        self.input_name = input_name
        self.output_name = output_name
        self.dtype = dtype  # np.float32, or np.float16 for fp16-input exports
        self.scale = scale
        self.fixed = fixed  # square input side for static-shape models, else None


def _not_an_upscaler(model_id: str, detail: str) -> EngineError:
    return EngineError(
        f"Model {model_id} is not an image upscaler (expected RGB [1,3,H,W] in and [1,3,sH,sW] out): {detail}")


def model_shape(loaded: LoadedModel) -> _ModelShape:
    """Input/output names, dtype and scale of an upscaler: from static shapes, else a 16x16 probe run."""
    key = (loaded.model_id, loaded.provider)
    with _scale_lock:
        if key in _scale_cache:
            return _scale_cache[key]
    inputs, outputs = loaded.session.get_inputs(), loaded.session.get_outputs()
    if len(inputs) != 1 or not outputs:
        raise _not_an_upscaler(loaded.model_id, f"{len(inputs)} inputs, {len(outputs)} outputs")
    inp, out = inputs[0], outputs[0]
    dtype = np.float16 if inp.type == "tensor(float16)" else np.float32
    in_shape, out_shape = list(inp.shape), list(out.shape)
    if len(in_shape) != 4 or len(out_shape) != 4:
        raise _not_an_upscaler(loaded.model_id, f"input shape {in_shape}, output shape {out_shape}")
    fixed = None
    if all(isinstance(d, int) for d in in_shape[2:] + out_shape[2:]):
        if in_shape[2] != in_shape[3]:
            raise _not_an_upscaler(loaded.model_id, f"non-square static input {in_shape}")
        fixed = int(in_shape[2])
        scale = int(out_shape[2]) // fixed
    else:
        probe = np.full((1, 3, PROBE_SIZE, PROBE_SIZE), 0.5, dtype)
        result = loaded.run([out.name], {inp.name: probe})[0]
        if result.ndim != 4 or result.shape[1] != 3 or result.shape[2] % PROBE_SIZE:
            raise _not_an_upscaler(loaded.model_id, f"a 16x16 probe gave shape {result.shape}")
        scale = result.shape[2] // PROBE_SIZE
    if scale < 1 or (isinstance(in_shape[1], int) and in_shape[1] != 3):
        raise _not_an_upscaler(loaded.model_id, f"scale {scale}, input channels {in_shape[1]}")
    shape = _ModelShape(inp.name, out.name, dtype, scale, fixed)
    with _scale_lock:
        _scale_cache[key] = shape
    return shape


def target_size(width: int, height: int, options: dict[str, Any]) -> tuple[int, int]:
    """Output (width, height): the largest size within fit_width x fit_height keeping the aspect ratio
    when either is set, else the image times the scale."""
    fit_w, fit_h = int(options.get("fit_width") or 0), int(options.get("fit_height") or 0)
    if fit_w > 0 or fit_h > 0:
        factors = [f for f in (fit_w / width if fit_w else 0.0, fit_h / height if fit_h else 0.0) if f > 0]
        factor = min(factors)
        return max(1, round(width * factor)), max(1, round(height * factor))
    scale = int(options.get("scale") or 4)
    return width * scale, height * scale


def _resample(image: np.ndarray, width: int, height: int) -> np.ndarray:
    if image.shape[1] == width and image.shape[0] == height:
        return image
    return resize(image, width, height)


class UpscaleEngine(TemplateEngine):
    task = "upscale"
    title = "Upscale"
    description = "Enlarge an image 2x, 3x or 4x with Real-ESRGAN, inventing plausible detail."
    model_task = "upscale"
    default_model = DEFAULT_MODEL
    params = (
        Param("scale", "choice", "4", "Scale", "Enlargement factor.", choices=("2", "3", "4")),
        Param("fit_width", "int", 0, "Fit width", "Fit into this width in pixels (0 = off); overrides scale.",
              minimum=0, maximum=100000),
        Param("fit_height", "int", 0, "Fit height", "Fit into this height in pixels (0 = off); overrides scale.",
              minimum=0, maximum=100000),
        Param("tile", "int", 0, "Tile size", "Tile side in input pixels (0 = automatic, from free memory).",
              minimum=0, maximum=4096, advanced=True),
        Param("overlap", "int", DEFAULT_OVERLAP, "Tile overlap", "Overlap between tiles in input pixels.",
              minimum=0, maximum=512, advanced=True),
    )
    output_kind = "image"
    needs = ModelNeeds()  # any size; a static-shape model's own size is found when it is loaded

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        model_id = job.model_id or self.default_model
        height, width = job.size
        out_w, out_h = target_size(width, height, options)
        rgb = job.rgb
        ctx.report(0.0, "loading model")
        loaded = get_cache().get(model_id, ctx.device, ctx=ctx)
        shape = model_shape(loaded)
        factor = max(out_w / width, out_h / height)
        passes = 0 if factor <= 1 else max(1, math.ceil(math.log(factor) / math.log(max(shape.scale, 2)) - 1e-9))
        if shape.scale == 1 or passes > MAX_PASSES:
            raise EngineInputError(f"Model {model_id} enlarges {shape.scale}x; {factor:.1f}x is too much for it.")
        if passes == 0:
            ctx.note("The image is already at least that large: it was only resized.")
        provider = loaded.provider
        for i in range(passes):
            span = (0.02 + 0.93 * i / passes, 0.02 + 0.93 * (i + 1) / passes)
            rgb, provider = self._network_pass(rgb, model_id, options, ctx, span)
        return Output(model_id, provider, image=_resample(rgb, out_w, out_h))

    def _network_pass(
        self, rgb: np.ndarray, model_id: str, options: dict[str, Any], ctx: RunContext, span: tuple[float, float]
    ) -> tuple[np.ndarray, str]:
        def work(loaded: LoadedModel, tile: int) -> np.ndarray:
            shape = model_shape(loaded)
            # A static-shape export takes tiles of exactly its input size.
            return tiles(_tile_fn(loaded, shape, ctx), rgb, tile=tile,
                         overlap=int(options.get("overlap", DEFAULT_OVERLAP)), needs=ModelNeeds(fixed_size=shape.fixed),
                         scale=shape.scale, ctx=ctx, span=span, cost=loaded.cost)

        loaded = get_cache().get(model_id, ctx.device, ctx=ctx)
        tile = int(options.get("tile") or 0) or auto_tile(loaded)
        out, provider = run_with_fallback(model_id, ctx.device, ctx, work, tile)
        return np.clip(out, 0.0, 1.0, out=out), provider

    def bare_benchmark(self, image: np.ndarray) -> tuple[str, dict[str, np.ndarray], list[str]]:
        """(model id, feeds, output names) for one whole-image run of the default model, no tiling."""
        pixels = to_float(image)
        return self.default_model, {"input": np.ascontiguousarray(pixels.transpose(2, 0, 1)[None])}, ["output"]


def _tile_fn(loaded: LoadedModel, shape: _ModelShape, ctx: RunContext | None) -> Callable[[np.ndarray], np.ndarray]:
    def fn(tile: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(tile.transpose(2, 0, 1)[None], dtype=shape.dtype)
        y: np.ndarray = loaded.run([shape.output_name], {shape.input_name: x}, ctx)[0][0]
        # No clip here: tiles blend unclipped, and the whole result is clipped once, as a whole-image run is.
        return y.astype(np.float32, copy=False).transpose(1, 2, 0)
    return fn


def auto_tile(loaded: LoadedModel) -> int:
    """Tile side that fits the free memory of the device the model runs on."""
    scale = model_shape(loaded).scale
    return memory.choose_tile(BYTES_PER_PIXEL_PER_SCALE2 * scale * scale, loaded.provider,
                              minimum=64, maximum=1024)


def seconds_per_megapixel(model_id: str, sample: np.ndarray, device: str = "auto") -> float:
    """Measured seconds per output megapixel of ``model_id`` on ``sample`` (a small RGB crop, uint8).

    The dialog's time estimate. The session's first run (the scale probe in model_shape) already
    happened, so this run is not a cold start."""
    loaded = get_cache().get(model_id, device)
    shape = model_shape(loaded)
    pixels = to_float(sample)
    fn = _tile_fn(loaded, shape, None)
    if shape.fixed:
        pixels = cv2.resize(pixels, (shape.fixed, shape.fixed), interpolation=cv2.INTER_AREA)
    start = time.perf_counter()
    out = fn(pixels)
    elapsed = time.perf_counter() - start
    megapixels: float = out.shape[0] * out.shape[1] / 1e6
    return elapsed / megapixels
