"""Stand-in ONNX graphs and stand-in engines for plumbing tests (runtime, tiling, jobs, CLI).

Nothing here is a real model: the graphs are small random convolution stacks built with onnx.helper,
so tests can check tiling, fallback, queueing and the CLI without the model store. Every name carries
"standin". Engines here are registered into engines.registry.ENGINE_TABLE only inside a test
(``register_standin_engines(monkeypatch)``).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from engines.base import Engine, EngineResult, RunContext
from engines.needs import ModelNeeds
from engines.params import Param
from engines.template import FEATHER, EngineInput, Output, TemplateEngine

MODULE = "tests.engines.standin_models"

# Receptive-field radius of build_standin_conv: three 3x3 convolutions.
STANDIN_CONV_RADIUS = 3


def build_standin_conv(path: Path, *, channels: int = 3, hidden: int = 8, seed: int = 0, scale: int = 1) -> Path:
    """Three 3x3 zero-padded convolutions with ReLU between (receptive radius 3), optionally followed by a
    pixel shuffle (DepthToSpace) for an upscaling stand-in. IO: ``input`` [1,C,H,W] -> ``output``."""
    rng = np.random.default_rng(seed)
    out_ch = channels * scale * scale
    shapes = [(hidden, channels), (hidden, hidden), (out_ch, hidden)]
    inits, nodes = [], []
    current = "input"
    for i, (co, ci) in enumerate(shapes):
        w = (rng.standard_normal((co, ci, 3, 3)) / np.sqrt(ci * 9)).astype(np.float32)
        b = (rng.standard_normal(co) * 0.05).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nxt = f"conv{i}"
        nodes.append(helper.make_node("Conv", [current, f"w{i}", f"b{i}"], [nxt], pads=[1, 1, 1, 1]))
        current = nxt
        if i < len(shapes) - 1:
            nodes.append(helper.make_node("Relu", [current], [f"relu{i}"]))
            current = f"relu{i}"
    if scale > 1:
        nodes.append(helper.make_node("DepthToSpace", [current], ["shuffled"], blocksize=scale, mode="CRD"))
        current = "shuffled"
        nodes.append(helper.make_node("Identity", [current], ["output"]))
    else:
        # A residual keeps the output near the input, so results still look like the photo.
        nodes.append(helper.make_node("Add", ["input", current], ["output"]))
    graph = helper.make_graph(
        nodes, "standin_conv",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, channels, "h", "w"])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, channels, "H", "W"])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="kintsugi-standin")
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def build_standin_chain(path: Path, *, depth: int = 300, hidden: int = 8, seed: int = 0) -> Path:
    """A long chain of small 3x3 convolutions (``depth`` nodes): a run takes seconds on a few hundred
    pixels a side, yet every node is short, so onnxruntime's terminate flag lands at once.
    IO: ``input`` [1,3,H,W] -> ``output`` [1,3,H,W]."""
    rng = np.random.default_rng(seed)
    inits, nodes = [], []
    current = "input"
    shapes = [(hidden, 3)] + [(hidden, hidden)] * depth + [(3, hidden)]
    for i, (co, ci) in enumerate(shapes):
        w = (rng.standard_normal((co, ci, 3, 3)) / np.sqrt(ci * 9)).astype(np.float32)
        inits.append(numpy_helper.from_array(w, f"w{i}"))
        output = "output" if i == len(shapes) - 1 else f"conv{i}"
        nodes.append(helper.make_node("Conv", [current, f"w{i}"], [output], pads=[1, 1, 1, 1]))
        current = output
    graph = helper.make_graph(
        nodes, "standin_chain",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, "h", "w"])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, "h", "w"])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="kintsugi-standin")
    model.ir_version = 8
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def _save_standin(graph: onnx.GraphProto, path: Path) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="kintsugi-standin")
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def standin_lama_onnx(path: Path, size: int = 512) -> Path:
    """The LaMa contract on a static ``size``² graph: ``image`` [1,3,S,S] float32 RGB 0..1 and ``mask``
    [1,1,S,S] float32 (1 = hole) -> ``output`` [1,3,S,S] = image * (1 - mask) + 0.5 * mask, so a filled
    hole is exactly mid-grey and every kept pixel is the input. Name the file after a stand-in."""
    one = numpy_helper.from_array(np.array(1.0, np.float32), "one")
    half = numpy_helper.from_array(np.array(0.5, np.float32), "half")
    nodes = [
        helper.make_node("Sub", ["one", "mask"], ["keep"]),
        helper.make_node("Mul", ["image", "keep"], ["kept"]),
        helper.make_node("Mul", ["mask", "half"], ["fill"]),
        helper.make_node("Add", ["kept", "fill"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes, "standin_lama",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, size, size]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, [1, 1, size, size])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, size, size])],
        [one, half],
    )
    return _save_standin(graph, path)


def standin_migan_onnx(path: Path) -> Path:
    """The MI-GAN pipeline contract with dynamic H, W: ``image`` [1,3,H,W] uint8 RGB and ``mask`` [1,1,H,W]
    uint8 (255 = keep, 0 = hole) -> ``result`` [1,3,H,W] uint8: the image where the mask is 255, 128 where
    it is 0. Name the file after a stand-in."""
    grey = numpy_helper.from_array(np.array(128, np.uint8), "grey")
    nodes = [
        helper.make_node("Cast", ["mask"], ["keep"], to=TensorProto.BOOL),
        helper.make_node("Where", ["keep", "image", "grey"], ["result"]),
    ]
    graph = helper.make_graph(
        nodes, "standin_migan",
        [helper.make_tensor_value_info("image", TensorProto.UINT8, [1, 3, "H", "W"]),
         helper.make_tensor_value_info("mask", TensorProto.UINT8, [1, 1, "H", "W"])],
        [helper.make_tensor_value_info("result", TensorProto.UINT8, [1, 3, "H", "W"])],
        [grey],
    )
    return _save_standin(graph, path)


def install_standin_models(monkeypatch, tmp_path: Path) -> dict[str, Path]:
    """Build the stand-in graphs under tmp_path and make engines.runtime.model_path find them.
    Ids: standin-conv, standin-conv-b (a different seed), standin-upscale2 (x2), standin-chain (slow)."""
    import engines.runtime as runtime
    from engines.base import ModelUnavailableError

    paths = {
        "standin-conv": build_standin_conv(tmp_path / "standin-conv.onnx", seed=1),
        "standin-conv-b": build_standin_conv(tmp_path / "standin-conv-b.onnx", seed=2),
        "standin-upscale2": build_standin_conv(tmp_path / "standin-upscale2.onnx", seed=3, scale=2),
        "standin-chain": build_standin_chain(tmp_path / "standin-chain.onnx"),
    }

    def fake_model_path(model_id: str, file: str | None = None) -> Path:
        if model_id not in paths:
            raise ModelUnavailableError(f"Model {model_id} is not installed (stand-in store).")
        return paths[model_id]

    monkeypatch.setattr(runtime, "model_path", fake_model_path)
    runtime.get_cache().release_all()
    return paths


def standin_session_fn(loaded, ctx: RunContext | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """Tile function running a stand-in graph on an (h, w, 3) float32 tile (with ``ctx``: cancellable)."""

    def fn(tile: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(tile.transpose(2, 0, 1)[None], dtype=np.float32)
        (y,) = loaded.run(["output"], {"input": x}, ctx)
        return y[0].transpose(1, 2, 0)

    return fn


# -- stand-in engines -----------------------------------------------------------------------------
class StandinHooks:
    """Per-test hooks: an event log and a per-tile callback (to pause a job or make two meet)."""

    lock = threading.Lock()
    log: list[tuple[str, str]] = []
    on_tile: Callable[[str, int], None] | None = None

    @classmethod
    def reset(cls) -> None:
        with cls.lock:
            cls.log = []
        cls.on_tile = None

    @classmethod
    def record(cls, event: str, tag: str) -> None:
        with cls.lock:
            cls.log.append((event, tag))


class StandinConvEngine(Engine):
    """Runs a stand-in conv graph tiled, with the runtime's OOM fallback, like a real image engine."""

    task = "standin-conv"
    title = "Stand-in convolution"
    model_task = "standin"
    default_model = "standin-conv"
    output_kind = "image"
    params = (
        Param("tile", "int", 64, "Tile", minimum=16, maximum=4096),
        Param("overlap", "int", 16, "Overlap", minimum=0, maximum=512),
        Param("delay", "float", 0.0, "Delay per tile (s)", minimum=0.0, maximum=5.0),
        Param("tag", "str", "", "Tag for the event log"),
        Param("invert", "bool", False, "Invert the output"),
    )

    def run(self, image, options: dict[str, Any], ctx: RunContext, *, mask=None, model_id=None) -> EngineResult:
        from engines.runtime import run_with_fallback
        from engines.tiling import tiled_apply

        model_id = model_id or self.default_model
        tag = options["tag"]
        StandinHooks.record("start", tag)
        src = image[:, :, :3].astype(np.float32) / 255.0

        def work(loaded, tile: int) -> np.ndarray:
            inner = standin_session_fn(loaded)
            count = [0]

            def fn(t: np.ndarray) -> np.ndarray:
                count[0] += 1
                if StandinHooks.on_tile is not None:
                    StandinHooks.on_tile(tag, count[0])
                if options["delay"]:
                    time.sleep(options["delay"])
                return inner(t)

            return tiled_apply(src, fn, tile=tile, overlap=options["overlap"], ctx=ctx)

        try:
            out, provider = run_with_fallback(model_id, ctx.device, ctx, work, options["tile"])
        finally:
            StandinHooks.record("end", tag)
        out = np.clip(out, 0.0, 1.0)
        if options["invert"]:
            out = 1.0 - out
        rgb = np.round(out * 255).astype(np.uint8)
        return EngineResult(image=rgb, provider=provider, model_id=model_id, notes=list(ctx.notes))


class StandinMaskEngine(Engine):
    """Classical stand-in with mask output: pixels brighter than a threshold (no model)."""

    task = "standin-mask"
    title = "Stand-in mask"
    model_task = "standin"
    default_model = ""
    output_kind = "mask"
    params = (Param("threshold", "int", 128, "Threshold", minimum=0, maximum=255),)

    def run(self, image, options, ctx, *, mask=None, model_id=None) -> EngineResult:
        ctx.report(0.5, "thresholding")
        grey = image[:, :, :3].mean(axis=2)
        return EngineResult(mask=np.where(grey > options["threshold"], 255, 0).astype(np.uint8))


class StandinDataEngine(Engine):
    """Stand-in with data output (like faces): image statistics as a JSON-able dict."""

    task = "standin-data"
    title = "Stand-in statistics"
    model_task = "standin"
    default_model = ""
    output_kind = "data"
    params = ()

    def run(self, image, options, ctx, *, mask=None, model_id=None) -> EngineResult:
        if image.shape[0] < 8:
            from engines.base import EngineError

            raise EngineError("Image too small for statistics.")
        ctx.report(1.0, "done")
        return EngineResult(data={"height": int(image.shape[0]), "width": int(image.shape[1]),
                                  "mean": [float(v) for v in image[:, :, :3].mean(axis=(0, 1))]})


class StandinInvertEngine(TemplateEngine):
    """An engine on the template with a plain numpy forward step: inverts the colours; a mask limits where."""

    task = "standin-invert"
    title = "Stand-in invert"
    model_task = "standin"
    default_model = ""
    needs = ModelNeeds(mask="optional", min_side=8)
    params = (FEATHER,)

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        return Output("standin", image=1.0 - job.rgb)


STANDIN_ENGINES = {
    "standin-conv": f"{MODULE}:StandinConvEngine",
    "standin-mask": f"{MODULE}:StandinMaskEngine",
    "standin-data": f"{MODULE}:StandinDataEngine",
}


def register_standin_engines(monkeypatch) -> None:
    """Add the stand-in engines to ENGINE_TABLE for the duration of one test."""
    from engines import registry

    for task, target in STANDIN_ENGINES.items():
        monkeypatch.setitem(registry.ENGINE_TABLE, task, target)
    StandinHooks.reset()
