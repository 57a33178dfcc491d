"""Style transfer: 26 built-in painting styles (mixable) or any picture as the style, at full resolution.

Both networks are fully convolutional with instance normalisation, which is *global*: each norm layer
subtracts the mean and divides by the deviation of its input over the whole image. Two consequences:

- Full resolution: the image is reflect-padded to a multiple of 4 (the nets downsample by 4) and cropped
  back; up to the memory budget it runs in one piece.
- Large images are tiled with *shared statistics* (models.convert.style_onnx.shared_norm_variant): a first
  pass over non-overlapping tiles measures each norm layer's moments and averages them; a second pass runs
  overlapping tiles through a graph whose norm layers use those averaged moments. Every tile then
  normalises identically, so overlaps agree and there are no seams; tiles start on multiples of 4 (the
  tiling runs on a 4x4 pixel-unshuffled image) so the stride-4 sampling grid matches the whole-image run.
  Trade-off (benchmarks/style_bench.py, 1536 px photo, 256 px overlap): with per-tile norm two
  neighbouring tiles disagree by 15-43 levels (of 255) inside their overlap, which the cross-fade shows as
  ghosting and colour ramps; with shared statistics they agree exactly (0.000), so tiling is seam-free.
  The cost: a second (measuring) pass, and a look that drifts from a whole-image run by ~9-13 levels on
  average, because the measuring pass normalises each tile locally, so deeper layers' moments are
  estimates (larger tiles estimate better). Hence whole-image runs whenever the memory budget allows.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import onnx

from engines import memory
from engines.adapt import to_float
from engines.base import EngineInputError, RunContext
from engines.fitting import pad_to_multiple
from engines.needs import ModelNeeds
from engines.params import Param
from engines.runtime import CPU_PROVIDER, LoadedModel, Variant, get_cache, model_path, run_with_fallback
from engines.strategies import whole
from engines.style_presets import NUM_PRESETS, PRESET_NAMES, StyleSpecError, style_weights
from engines.template import FEATHER, EngineInput, Output, TemplateEngine
from engines.tiling import tiled_apply

PRESETS_MODEL = "style-multistyle26"
PRESETS_FILE = "style-multistyle26.onnx"
ARBITRARY_MODEL = "style-arbitrary"
PREDICT_FILE = "style-arbitrary-predict.onnx"
TRANSFORM_FILE = "style-arbitrary-transform.onnx"

MULTIPLE = 4  # both nets downsample by 4
STYLE_SIDE = 256  # the style predictor's fixed input
# Tiles drop a quarter of each overlap (engines.tiling); 64 px covers the nets' receptive-field radius
# (measured: a crop with shared statistics matches the whole-image run exactly 64 px in from its edge).
TILE_OVERLAP = 256
MIN_TILE = 2 * TILE_OVERLAP  # smaller tiles would clamp the overlap (tiling caps it at half a tile)
# Peak working memory per input pixel, measured with onnxruntime on the CPU (RSS at 1-4 MP, fp32).
BYTES_PER_PIXEL = {PRESETS_MODEL: 1300, ARBITRARY_MODEL: 420}
MIN_SIDE = 16


class _Net:
    """One network as the engine drives it: the whole-image session and how to feed it."""

    def __init__(self, loaded: LoadedModel, path: Path, nchw: bool, extra: dict[str, np.ndarray]) -> None:
        self.loaded = loaded
        self.path = path  # the model file the shared-statistics graphs are derived from
        self.nchw = nchw  # multistyle26 is NCHW, the arbitrary transform NHWC
        self.extra = extra  # the style input (weights or vector)
        self.image_input = loaded.input_names[0]
        self.output = loaded.output_names[0]

    def to_input(self, rgb: np.ndarray) -> np.ndarray:
        x = rgb.transpose(2, 0, 1) if self.nchw else rgb
        return np.ascontiguousarray(x[None], dtype=np.float32)

    def from_output(self, y: np.ndarray) -> np.ndarray:
        y = y[0].transpose(1, 2, 0) if self.nchw else y[0]
        return y.astype(np.float32, copy=False)

    def whole(self, rgb: np.ndarray, ctx: RunContext | None = None) -> np.ndarray:
        out = self.loaded.run([self.output], {self.image_input: self.to_input(rgb), **self.extra}, ctx)[0]
        return self.from_output(out)


# -- shared-normalisation sessions ----------------------------------------------------------------------
def _variant(net: _Net, inject: bool) -> tuple[LoadedModel, tuple[str, ...], tuple[str, ...]]:
    """(session, stat inputs, stat outputs) of the statistics (inject=False) or shared-norm graph of
    ``net``'s model, on the same device. The session comes from the runtime's cache, so it counts in the
    memory budget and "Free memory" frees it with the others."""
    from models.convert.style_onnx import shared_norm_variant

    def build() -> bytes:
        return shared_norm_variant(onnx.load(str(net.path)), inject).model_bytes

    device = "cpu" if net.loaded.provider == CPU_PROVIDER else "gpu"
    variant = Variant("shared-norm" if inject else "statistics", build)
    loaded = get_cache().get(net.loaded.model_id, device, net.loaded.file, variant=variant)
    # The derived graphs append their statistics inputs and outputs after the model's own.
    own_inputs, own_outputs = len(net.loaded.input_names), len(net.loaded.output_names)
    return loaded, tuple(loaded.input_names[own_inputs:]), tuple(loaded.output_names[own_outputs:])


def _unshuffle(rgb: np.ndarray) -> np.ndarray:
    """(H, W, C) -> (H/4, W/4, 16C): tiles of the result start on multiples of 4 in the image."""
    h, w, c = rgb.shape
    return rgb.reshape(h // MULTIPLE, MULTIPLE, w // MULTIPLE, MULTIPLE, c).transpose(0, 2, 1, 3, 4).reshape(
        h // MULTIPLE, w // MULTIPLE, MULTIPLE * MULTIPLE * c)


def _shuffle(packed: np.ndarray, channels: int = 3) -> np.ndarray:
    h, w, _ = packed.shape
    return packed.reshape(h, w, MULTIPLE, MULTIPLE, channels).transpose(0, 2, 1, 3, 4).reshape(
        h * MULTIPLE, w * MULTIPLE, channels)


def measure_moments(net: _Net, rgb: np.ndarray, tile: int, ctx: RunContext | None,
                    span: tuple[float, float] = (0.0, 1.0)) -> list[np.ndarray]:
    """Whole-image moments of every norm layer, estimated over non-overlapping tiles of ``rgb``.

    Moments come in (mean, variance) pairs, each tile's variance about its own mean, so the pooled
    variance is avg(var_t + mean_t^2) - mean^2 with the pooled mean.
    """
    session, _, outputs = _variant(net, inject=False)
    height, width = rgb.shape[:2]
    boxes = [(y, x) for y in range(0, height, tile) for x in range(0, width, tile)]
    first_moment: list[np.ndarray] = []  # per layer: sum of area * E_t[x]
    second_moment: list[np.ndarray] = []  # per layer: sum of area * E_t[x^2]
    for done, (y, x) in enumerate(boxes, 1):
        part = rgb[y:y + tile, x:x + tile]
        moments = session.run(list(outputs), {net.image_input: net.to_input(part), **net.extra}, ctx)
        area = float(part.shape[0] * part.shape[1])
        for layer in range(len(moments) // 2):
            mean_t = moments[2 * layer].astype(np.float64)
            ex2 = moments[2 * layer + 1].astype(np.float64) + mean_t * mean_t  # E_t[x^2]
            if len(first_moment) <= layer:
                first_moment.append(area * mean_t)
                second_moment.append(area * ex2)
            else:
                first_moment[layer] += area * mean_t
                second_moment[layer] += area * ex2
        if ctx is not None:
            ctx.report(span[0] + (span[1] - span[0]) * done / len(boxes), f"measuring tile {done}/{len(boxes)}")
    total = float(height * width)
    result: list[np.ndarray] = []
    for s1, s2 in zip(first_moment, second_moment):
        mean = s1 / total
        result += [mean.astype(np.float32), np.maximum(s2 / total - mean * mean, 0.0).astype(np.float32)]
    return result


def shared_norm_tiled(net: _Net, rgb: np.ndarray, tile: int, ctx: RunContext | None,
                      moments: list[np.ndarray] | None = None,
                      span: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """Stylise ``rgb`` ((H, W, 3), H and W multiples of 4) in overlapping tiles with shared statistics."""
    tile = max(MIN_TILE, tile - tile % MULTIPLE)
    middle = span[0] + 0.4 * (span[1] - span[0])
    if moments is None:
        moments = measure_moments(net, rgb, tile, ctx, (span[0], middle))
    session, inputs, _ = _variant(net, inject=True)
    feeds = {**net.extra, **dict(zip(inputs, moments))}

    def fn(packed: np.ndarray) -> np.ndarray:
        y = session.run([net.output], {net.image_input: net.to_input(_shuffle(packed)), **feeds}, ctx)[0]
        return _unshuffle(net.from_output(y))

    packed = tiled_apply(_unshuffle(rgb), fn, tile=tile // MULTIPLE, overlap=TILE_OVERLAP // MULTIPLE,
                         ctx=ctx, span=(middle, span[1]), cost=session.cost)
    return _shuffle(packed)


def stylize_full(net: _Net, rgb: np.ndarray, ctx: RunContext, tile: int = 0,
                 span: tuple[float, float] = (0.05, 0.9)) -> tuple[np.ndarray, str]:
    """Whole image when it fits in memory (or ``tile`` is 0 and it is small), else shared-norm tiles.
    Returns (stylised RGB float32 0..1 at the input size, provider)."""
    h, w = rgb.shape[:2]
    padded = pad_to_multiple(rgb, MULTIPLE)

    def work(loaded: LoadedModel, side: int) -> np.ndarray:
        net.loaded = loaded  # after a fallback to the CPU
        if padded.shape[0] <= side and padded.shape[1] <= side:
            return whole(lambda pixels: net.whole(pixels, ctx), padded, ctx=ctx, span=span, message="stylising",
                         cost=loaded.cost)
        return shared_norm_tiled(net, padded, side, ctx, span=span)

    if tile <= 0:
        budget = memory.choose_tile(BYTES_PER_PIXEL[net.loaded.model_id], net.loaded.provider,
                                    multiple=MULTIPLE, minimum=MIN_TILE, maximum=8192)
        # A square budget also admits any image with at most as many pixels in one piece.
        tile = max(padded.shape[:2]) if padded.shape[0] * padded.shape[1] <= budget * budget else budget
    out, provider = run_with_fallback(net.loaded.model_id, ctx.device, ctx, work, tile,
                                      file=net.loaded.file, min_tile=MIN_TILE)
    return np.clip(out[:h, :w], 0.0, 1.0), provider


# -- colour ---------------------------------------------------------------------------------------------
def keep_colors(stylised: np.ndarray, original: np.ndarray) -> np.ndarray:
    """Stylised lightness with the original's chroma (CIE Lab, float32 RGB 0..1 in and out)."""
    lab_s = cv2.cvtColor(np.ascontiguousarray(stylised, np.float32), cv2.COLOR_RGB2Lab)
    lab_o = cv2.cvtColor(np.ascontiguousarray(original, np.float32), cv2.COLOR_RGB2Lab)
    lab_o[:, :, 0] = lab_s[:, :, 0]
    return np.clip(cv2.cvtColor(lab_o, cv2.COLOR_Lab2RGB), 0.0, 1.0)


def _load_style_image(path: str) -> np.ndarray:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            im = ImageOps.exif_transpose(opened)
            if im.mode in ("RGBA", "LA", "P", "PA"):
                im = im.convert("RGBA")
                flat = Image.new("RGBA", im.size, (255, 255, 255, 255))
                im = Image.alpha_composite(flat, im)
            return np.asarray(im.convert("RGB"))
    except FileNotFoundError:
        raise EngineInputError(f"The style picture {path} does not exist.") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise EngineInputError(f"The style picture {path} could not be read as an image ({exc}).") from None


def style_input(rgb: np.ndarray) -> np.ndarray:
    """Predictor input: centre square crop resized to 256, NHWC float 0..1."""
    h, w = rgb.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = np.ascontiguousarray(rgb[top:top + side, left:left + side])
    interp = cv2.INTER_AREA if side > STYLE_SIDE else cv2.INTER_CUBIC
    small = cv2.resize(square, (STYLE_SIDE, STYLE_SIDE), interpolation=interp)
    return np.clip(small, 0.0, 1.0)[None].astype(np.float32)


def style_vector(image: np.ndarray, device: str = "auto", ctx: RunContext | None = None) -> np.ndarray:
    """The 100-number style vector of an RGB image (uint8 or float 0..1)."""
    rgb = image[:, :, :3] if image.dtype == np.float32 else to_float(image)
    loaded = get_cache().get(ARBITRARY_MODEL, device, PREDICT_FILE, ctx=ctx)
    return loaded.run(None, {loaded.input_names[0]: style_input(rgb)}, ctx)[0].astype(np.float32)


def _preset_weights(options: dict[str, Any]) -> np.ndarray:
    """The network's style weights from the style and mix options; a bad name or mix is the user's input."""
    try:
        return style_weights(options.get("style", "0"), options.get("mix") or None)
    except StyleSpecError as exc:
        raise EngineInputError(str(exc)) from None


class StyleEngine(TemplateEngine):
    task = "style"
    title = "Style transfer"
    description = "Repaint the image in one of 26 painting styles, a mix of them, or the style of any picture."
    model_task = "style"
    default_model = PRESETS_MODEL
    needs = ModelNeeds(multiple=MULTIPLE, min_side=MIN_SIDE, mask="optional")
    output_kind = "image"
    params = (
        Param("style", "str", "0", "Style",
              f"Built-in style: index 0-{NUM_PRESETS - 1} or name, e.g. 'starry-swirl'. "
              "Names: " + ", ".join(PRESET_NAMES) + "."),
        Param("mix", "str", "", "Style mix",
              "Several built-in styles with weights, e.g. '3:0.5,7:0.5' (overrides style).", cli_only=True),
        Param("style_image", "path", None, "Style picture",
              "Use this picture (a painting, a texture...) as the style instead of a built-in one."),
        Param("strength", "float", 1.0, "Strength",
              "0 keeps the photo, 1 is the full style. Built-in styles blend with the photo; a style picture "
              "moves from the photo's own style to the picture's.", minimum=0.0, maximum=1.0, step=0.05),
        Param("preserve_colors", "bool", False, "Preserve colours",
              "Keep the photo's colours and take only brightness and texture from the style."),
        FEATHER,
        Param("tile", "int", 0, "Tile size",
              "Tile side in pixels for large images (0 = automatic, from free memory; at least 512).",
              minimum=0, maximum=16384, advanced=True),
    )

    def check_options(self, options: dict[str, Any]) -> None:
        if not options.get("style_image"):
            _preset_weights(options)

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        style_path = options.get("style_image")
        wanted = ARBITRARY_MODEL if style_path else PRESETS_MODEL
        if job.model_id and job.model_id != wanted:
            hint = "needs a style picture" if job.model_id == ARBITRARY_MODEL else "works with built-in styles only"
            raise EngineInputError(f"Model {job.model_id} {hint}.")
        strength = float(options.get("strength", 1.0))
        rgb = job.rgb

        ctx.report(0.0, "loading model")
        if style_path:
            stylised, provider = self._arbitrary(rgb, str(style_path), strength, options, ctx)
        else:
            weights = _preset_weights(options)
            if strength <= 0.0:  # nothing to compute: the photo as it is
                stylised, provider = rgb, ""
            else:
                net = self._net(PRESETS_MODEL, PRESETS_FILE, True, {"style_weights": weights}, ctx)
                stylised, provider = stylize_full(net, rgb, ctx, int(options.get("tile") or 0))
                stylised = strength * stylised + (1.0 - strength) * rgb
        if options.get("preserve_colors"):
            stylised = keep_colors(stylised, rgb)
        return Output(wanted, provider, image=stylised)

    # -- the two networks ---------------------------------------------------------------------------------
    def _net(self, model_id: str, file: str, nchw: bool, extra: dict[str, np.ndarray], ctx: RunContext) -> _Net:
        loaded = get_cache().get(model_id, ctx.device, file, ctx=ctx)
        return _Net(loaded, model_path(model_id, file), nchw, extra)

    def _arbitrary(self, rgb: np.ndarray, style_path: str, strength: float, options: dict[str, Any],
                   ctx: RunContext) -> tuple[np.ndarray, str]:
        vector = style_vector(_load_style_image(style_path), ctx.device, ctx)
        if strength < 1.0:  # move from the photo's own style towards the picture's
            vector = strength * vector + (1.0 - strength) * style_vector(rgb, ctx.device, ctx)
        ctx.report(0.03, "style measured")
        net = self._net(ARBITRARY_MODEL, TRANSFORM_FILE, False, {}, ctx)
        net.extra = {net.loaded.input_names[1]: vector}
        return stylize_full(net, rgb, ctx, int(options.get("tile") or 0))

    # -- benchmark convention ---------------------------------------------------------------------------
    def bare_benchmark(self, image: np.ndarray) -> tuple[str, dict[str, np.ndarray], list[str]]:
        """(model id, feeds, output names) for one whole-image run of the 26-style net (style 0)."""
        rgb = pad_to_multiple(to_float(image), MULTIPLE)
        feeds = {"image": np.ascontiguousarray(rgb.transpose(2, 0, 1)[None]), "style_weights": style_weights(0)}
        return PRESETS_MODEL, feeds, ["stylized"]

