"""Style-transfer graph preparation: the "style-dynamic-hw" conversion step and shared-normalisation variants.

The arbitrary-style transform net ships with a fixed 384x384 input although every op in it (convs, mirror pads,
scale-based resizes, global pooling) works at any size that is a multiple of 4. Making H/W symbolic lets the
engine stylise at full resolution instead of upscaling a blurred 384 px result.

Instance norm is global: a tile normalised with its own statistics looks different from the same area in a
whole-image run. ``shared_norm_variant`` rewrites a graph so the per-channel moments that the norm layers
compute become *inputs* (injected) while the locally computed moments stay available as *outputs*; the engine
averages those over all tiles and feeds the result back, so every tile uses the same statistics.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import onnx

# Graph-level input/output names (symbolic dims) given to the two spatial axes.
HEIGHT, WIDTH = "height", "width"
STAT_OUTPUT_PREFIX = "local_stat_"


def _spatial_axes(value: onnx.ValueInfoProto) -> tuple[int, int]:
    """(H axis, W axis) of a 4-D image tensor: NHWC when the last dim is 3 channels, else NCHW."""
    dims = value.type.tensor_type.shape.dim
    if len(dims) != 4:
        raise ValueError(f"{value.name}: expected a 4-D image tensor, got {len(dims)} dims")
    return (1, 2) if dims[3].dim_value in (1, 3) else (2, 3)


def make_hw_dynamic(model: onnx.ModelProto) -> onnx.ModelProto:
    """Copy of ``model`` whose 4-D image inputs/outputs have symbolic H and W (other dims unchanged).

    Style vectors ([1,1,1,100]) are left fixed: only tensors with 3 channels count as images.
    """
    out = onnx.ModelProto()
    out.CopyFrom(model)
    for value in list(out.graph.input) + list(out.graph.output):
        dims = value.type.tensor_type.shape.dim
        if len(dims) != 4 or not any(d.dim_value == 3 for d in (dims[1], dims[3])):
            continue
        for axis, name in zip(_spatial_axes(value), (HEIGHT, WIDTH)):
            dims[axis].ClearField("dim_value")
            dims[axis].dim_param = name
    # Shapes inferred for the fixed size would now be wrong; none ship, but make sure.
    del out.graph.value_info[:]
    onnx.checker.check_model(out)
    return out


def save_deterministic(model: onnx.ModelProto, path: Path) -> None:
    """Serialise with deterministic field order so the catalog can pin the file's SHA-256."""
    path.write_bytes(model.SerializeToString(deterministic=True))


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    """Catalog step "style-dynamic-hw".

    options:
        outputs:    {member key: file name in the store}; every member is written (copied as shipped
                    unless listed in dynamic_hw)
        dynamic_hw: [member keys] whose image H/W become symbolic
    """
    outputs: dict[str, str] = dict(options.get("outputs") or {})
    dynamic = set(options.get("dynamic_hw") or [])
    missing = (set(outputs) | dynamic) - set(members)
    if missing:
        raise ValueError(f"style-dynamic-hw: members missing: {', '.join(sorted(missing))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for key, name in outputs.items():
        target = out_dir / name
        if key in dynamic:
            save_deterministic(make_hw_dynamic(onnx.load(str(members[key]))), target)
        else:
            shutil.copyfile(members[key], target)


# -- shared normalisation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedNormGraph:
    """A rewritten graph plus the names needed to drive it."""

    model_bytes: bytes
    stat_inputs: tuple[str, ...]  # injected moments, in graph order
    stat_outputs: tuple[str, ...]  # the same moments computed locally on the tile, same order


def _moment_nodes(graph: onnx.GraphProto) -> list[onnx.NodeProto]:
    """Nodes that compute a per-channel spatial mean: ReduceMean over axes (2, 3) or GlobalAveragePool."""
    found = []
    for node in graph.node:
        if node.op_type == "GlobalAveragePool":
            found.append(node)
        elif node.op_type == "ReduceMean":
            axes = next((list(onnx.helper.get_attribute_value(a)) for a in node.attribute if a.name == "axes"), None)
            if axes is not None and sorted(a % 4 for a in axes) == [2, 3]:
                found.append(node)
    return found


def shared_norm_variant(model: onnx.ModelProto, inject: bool) -> SharedNormGraph:
    """Rewrite every spatial-moment node of ``model``.

    inject=False: the graph is unchanged but also outputs each moment (a "statistics pass").
    inject=True:  each moment's consumers read a new graph input instead; the local value is still output,
                  so one run both applies shared statistics and measures the next estimate.
    Moments are (1, C, 1, 1) float32 tensors.
    """
    out = onnx.ModelProto()
    out.CopyFrom(model)
    graph = out.graph
    stat_inputs: list[str] = []
    stat_outputs: list[str] = []
    for index, node in enumerate(_moment_nodes(graph)):
        original = node.output[0]
        local = original
        if inject:
            # Consumers keep reading `original`, which now comes from outside; the node writes `local`.
            local = f"{STAT_OUTPUT_PREFIX}{index}"
            node.output[0] = local
            graph.input.append(onnx.helper.make_tensor_value_info(original, onnx.TensorProto.FLOAT, [1, None, 1, 1]))
        graph.output.append(onnx.helper.make_tensor_value_info(local, onnx.TensorProto.FLOAT, [1, None, 1, 1]))
        stat_inputs.append(original)
        stat_outputs.append(local)
    if not stat_outputs:
        raise ValueError("graph has no spatial moments to share")
    del graph.value_info[:]
    return SharedNormGraph(out.SerializeToString(), tuple(stat_inputs), tuple(stat_outputs))
