"""Make a fixed-size ONNX graph accept any batch and image size (catalog ``convert = "onnx-dynamic-hw"``).

Used for CenterFace, which was exported with a fixed [10, 3, 32, 32] input although it is fully
convolutional. Old exporters also list weights as graph inputs; those inputs are dropped so onnxruntime
treats them as constants (and can fold them), and unused initializers are removed.

Members: ``{"onnx": path}``. Options: ``output`` (catalog file name), ``keep_axes`` (axes left fixed,
default [1], the channels), ``names`` (symbolic names for the other axes, default ["batch", "height",
"width"]).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import onnx


def _make_symbolic(value: onnx.ValueInfoProto, keep_axes: set[int], names: list[str], prefix: str) -> None:
    free = iter(names)
    for axis, dim in enumerate(value.type.tensor_type.shape.dim):
        if axis in keep_axes:
            continue
        name = next(free, f"d{axis}")
        dim.Clear()
        # the batch is shared by inputs and outputs; spatial sizes differ (outputs are strided)
        dim.dim_param = name if name == "batch" else prefix + name


def make_dynamic(model: onnx.ModelProto, keep_axes: set[int], names: list[str]) -> onnx.ModelProto:
    graph = model.graph
    weights = {init.name for init in graph.initializer}
    used = {name for node in graph.node for name in node.input}
    unused = [init for init in graph.initializer if init.name not in used]  # e.g. num_batches_tracked
    for init in unused:
        graph.initializer.remove(init)
    inputs = [value for value in graph.input if value.name not in weights]
    del graph.input[:]
    graph.input.extend(inputs)
    for value in graph.input:
        _make_symbolic(value, keep_axes, names, "in_")
    for index, value in enumerate(graph.output):
        _make_symbolic(value, keep_axes, names, f"out{index}_")
    del graph.value_info[:]  # stale fixed shapes inside the graph would contradict the new ones
    onnx.checker.check_model(model)
    return model


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    """Converter entry point (see models/convert/registry.py)."""
    if "output" not in options:
        raise ValueError("onnx-dynamic-hw needs convert_options.output (the catalog file name to write)")
    model = onnx.load(str(members["onnx"]))
    keep = {int(axis) for axis in options.get("keep_axes", [1])}
    names = [str(name) for name in options.get("names", ["batch", "height", "width"])]
    model = make_dynamic(model, keep, names)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / str(options["output"])).write_bytes(model.SerializeToString(deterministic=True))
