"""Convert an ncnn model (``.param`` + ``.bin``) into an ONNX graph, built with ``onnx.helper``.

Covers the layers of the ESRGAN family (RRDBNet, SRVGGNetCompact): Convolution (with fused
activations), PReLU, Eltwise, BinaryOp, Concat, Split, Interp and PixelShuffle. ncnn blobs are CHW
without a batch axis; the ONNX graph is NCHW with N = 1, so channel axes shift by one.

Catalog use:  convert = "ncnn-to-onnx";  members = { param = "...", bin = "..." }
convert_options: ``output`` (file name to write, required) and ``fp16`` (default true: keep fp16
weights as fp16 initializers followed by Cast to fp32, which is exact, so outputs are bit-identical
while the file is half the size).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from models.convert.ncnn_param import NcnnLayer, WeightReader, parse_param

OPSET = 17
IR_VERSION = 8  # readable by every onnxruntime we ship (1.14+)
INPUT_NAME = "input"
OUTPUT_NAME = "output"


class _GraphBuilder:
    def __init__(self, weights: WeightReader, keep_fp16: bool) -> None:
        self.weights = weights
        self.keep_fp16 = keep_fp16
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.alias: dict[str, str] = {}  # ncnn blob name -> ONNX tensor name

    # -- helpers ---------------------------------------------------------------------------------
    def name(self, blob: str) -> str:
        return self.alias.get(blob, blob)

    def const(self, name: str, array: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def weight(self, name: str, array: np.ndarray, shape: tuple[int, ...]) -> str:
        """A float weight; fp16 data becomes an fp16 initializer plus an exact Cast to fp32."""
        array = array.reshape(shape)
        if array.dtype == np.float16 and self.keep_fp16:
            self.const(name + "_fp16", array)
            self.nodes.append(helper.make_node("Cast", [name + "_fp16"], [name], to=TensorProto.FLOAT))
            return name
        return self.const(name, array.astype(np.float32))

    # -- layers ----------------------------------------------------------------------------------
    def convolution(self, layer: NcnnLayer) -> None:
        p = layer.number
        out_ch = int(p(0, 0))
        kw = int(p(1, 0))
        kh = int(p(11, kw))
        dw = int(p(2, 1))
        dh = int(p(12, dw))
        sw = int(p(3, 1))
        sh = int(p(13, sw))
        pl = int(p(4, 0))
        pt = int(p(14, pl))
        pr = int(p(15, pl))
        pb = int(p(16, pt))
        if min(pl, pt, pr, pb) < 0:
            raise ValueError(f"{layer.name}: 'same' padding (negative pad values) is not supported")
        weight_count = int(p(6, 0))
        in_ch = weight_count // (out_ch * kh * kw)
        w = self.weight(layer.name + "_W", self.weights.tagged(weight_count), (out_ch, in_ch, kh, kw))
        inputs = [self.name(layer.inputs[0]), w]
        if int(p(5, 0)):
            inputs.append(self.const(layer.name + "_B", self.weights.raw_fp32(out_ch)))
        act = int(p(9, 0))
        conv_out = self.name(layer.outputs[0]) if act == 0 else layer.name + "_preact"
        self.nodes.append(helper.make_node(
            "Conv", inputs, [conv_out], name=layer.name, kernel_shape=[kh, kw],
            strides=[sh, sw], dilations=[dh, dw], pads=[pt, pl, pb, pr],
        ))
        if act:
            self._activation(layer, act, conv_out)

    def _activation(self, layer: NcnnLayer, act: int, source: str) -> None:
        out = self.name(layer.outputs[0])
        args = layer.get(10, [])
        assert isinstance(args, list)
        if act == 1:
            self.nodes.append(helper.make_node("Relu", [source], [out]))
        elif act == 2:
            self.nodes.append(helper.make_node("LeakyRelu", [source], [out], alpha=float(args[0])))
        elif act == 4:
            self.nodes.append(helper.make_node("Sigmoid", [source], [out]))
        else:
            raise ValueError(f"{layer.name}: fused activation type {act} is not supported")

    def prelu(self, layer: NcnnLayer) -> None:
        count = int(layer.number(0, 1))
        slope = self.weights.raw_fp32(count)
        shape = (count, 1, 1) if count > 1 else (1,)
        slope_name = self.const(layer.name + "_slope", slope.reshape(shape))
        self.nodes.append(helper.make_node(
            "PRelu", [self.name(layer.inputs[0]), slope_name], [self.name(layer.outputs[0])], name=layer.name))

    def eltwise(self, layer: NcnnLayer) -> None:
        op = int(layer.number(0, 1))
        coeffs = layer.get(1, [])
        assert isinstance(coeffs, list)
        terms = [self.name(b) for b in layer.inputs]
        if op == 1 and coeffs:  # weighted sum: scale each term unless its coefficient is 1
            scaled = []
            for i, (term, c) in enumerate(zip(terms, coeffs)):
                if float(c) == 1.0:
                    scaled.append(term)
                    continue
                c_name = self.const(f"{layer.name}_c{i}", np.array(c, np.float32))
                self.nodes.append(helper.make_node("Mul", [term, c_name], [f"{layer.name}_t{i}"]))
                scaled.append(f"{layer.name}_t{i}")
            terms = scaled
        onnx_op = {0: "Mul", 1: "Add", 2: "Max"}.get(op)
        if onnx_op is None:
            raise ValueError(f"{layer.name}: Eltwise operation {op} is not supported")
        acc = terms[0]
        for i, term in enumerate(terms[1:], start=1):
            out = self.name(layer.outputs[0]) if i == len(terms) - 1 else f"{layer.name}_acc{i}"
            self.nodes.append(helper.make_node(onnx_op, [acc, term], [out]))
            acc = out

    def binary_op(self, layer: NcnnLayer) -> None:
        op = {0: "Add", 1: "Sub", 2: "Mul", 3: "Div", 4: "Max", 5: "Min"}.get(int(layer.number(0, 0)))
        if op is None:
            raise ValueError(f"{layer.name}: BinaryOp {layer.get(0, 0)} is not supported")
        a = self.name(layer.inputs[0])
        if int(layer.number(1, 0)):  # with_scalar
            b = self.const(layer.name + "_b", np.array(layer.get(2, 0.0), np.float32))
        else:
            b = self.name(layer.inputs[1])
        self.nodes.append(helper.make_node(op, [a, b], [self.name(layer.outputs[0])], name=layer.name))

    def concat(self, layer: NcnnLayer) -> None:
        axis = int(layer.number(0, 0))
        axis = axis + 1 if axis >= 0 else axis  # ncnn CHW axis -> ONNX NCHW axis
        self.nodes.append(helper.make_node(
            "Concat", [self.name(b) for b in layer.inputs], [self.name(layer.outputs[0])],
            name=layer.name, axis=axis))

    def interp(self, layer: NcnnLayer) -> None:
        kind = int(layer.number(0, 0))
        hs, ws = float(layer.number(1, 1.0)), float(layer.number(2, 1.0))
        out_h, out_w = int(layer.number(3, 0)), int(layer.number(4, 0))
        align = bool(layer.get(6, 0))
        if kind == 1:  # ncnn nearest: src = floor(dst * in / out)
            attrs: dict[str, Any] = dict(mode="nearest", coordinate_transformation_mode="asymmetric",
                                         nearest_mode="floor")
        elif kind in (2, 3):
            attrs = dict(mode="linear" if kind == 2 else "cubic",
                         coordinate_transformation_mode="align_corners" if align else "half_pixel")
            if kind == 3:
                attrs.update(cubic_coeff_a=-0.75, exclude_outside=0)
        else:
            raise ValueError(f"{layer.name}: Interp type {kind} is not supported")
        roi = self.const(layer.name + "_roi", np.zeros(0, np.float32))
        if out_h and out_w:
            # Batch and channels keep their size: take them from the input's shape.
            shape, sizes = layer.name + "_nc", layer.name + "_sizes"
            self.nodes.append(helper.make_node("Shape", [self.name(layer.inputs[0])], [shape], end=2))
            hw = self.const(layer.name + "_hw", np.array([out_h, out_w], np.int64))
            self.nodes.append(helper.make_node("Concat", [shape, hw], [sizes], axis=0))
            inputs = [self.name(layer.inputs[0]), roi, "", sizes]
        else:
            scales = self.const(layer.name + "_scales", np.array([1, 1, hs, ws], np.float32))
            inputs = [self.name(layer.inputs[0]), roi, scales]
        self.nodes.append(helper.make_node(
            "Resize", inputs, [self.name(layer.outputs[0])], name=layer.name, **attrs))

    def pixel_shuffle(self, layer: NcnnLayer) -> None:
        mode = "DCR" if int(layer.number(1, 0)) else "CRD"  # ncnn mode 0 is PyTorch's PixelShuffle
        self.nodes.append(helper.make_node(
            "DepthToSpace", [self.name(layer.inputs[0])], [self.name(layer.outputs[0])],
            name=layer.name, blocksize=int(layer.number(0, 1)), mode=mode))


_HANDLERS = {
    "Convolution": _GraphBuilder.convolution,
    "PReLU": _GraphBuilder.prelu,
    "Eltwise": _GraphBuilder.eltwise,
    "BinaryOp": _GraphBuilder.binary_op,
    "Concat": _GraphBuilder.concat,
    "Interp": _GraphBuilder.interp,
    "PixelShuffle": _GraphBuilder.pixel_shuffle,
}


def build_model(param_path: Path, bin_path: Path, *, keep_fp16: bool = True) -> onnx.ModelProto:
    """The ONNX model for an ncnn image-to-image network with one input and one output."""
    layers = parse_param(param_path)
    builder = _GraphBuilder(WeightReader(bin_path), keep_fp16)
    inputs = [layer for layer in layers if layer.type == "Input"]
    if len(inputs) != 1:
        raise ValueError(f"{param_path}: expected one Input layer, found {len(inputs)}")
    builder.alias[inputs[0].outputs[0]] = INPUT_NAME
    consumed = {blob for layer in layers for blob in layer.inputs}
    produced = [blob for layer in layers for blob in layer.outputs if layer.type != "Split"]
    finals = [blob for blob in produced if blob not in consumed]
    if len(finals) != 1:
        raise ValueError(f"{param_path}: expected one output blob, found {finals}")
    builder.alias[finals[0]] = OUTPUT_NAME
    for layer in layers:
        if layer.type == "Input":
            continue
        if layer.type == "Split":  # ncnn copies a blob for each consumer; ONNX tensors fan out freely
            for blob in layer.outputs:
                builder.alias[blob] = builder.name(layer.inputs[0])
            continue
        handler = _HANDLERS.get(layer.type)
        if handler is None:
            raise ValueError(f"{param_path}: ncnn layer type {layer.type!r} ({layer.name}) is not supported")
        handler(builder, layer)
    if builder.weights.remaining:
        raise ValueError(f"{bin_path}: {builder.weights.remaining} bytes left over: .bin does not match .param")
    graph = helper.make_graph(
        builder.nodes, "ncnn_converted",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [1, 3, "height", "width"])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, [1, 3, "out_height", "out_width"])],
        initializer=builder.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="kintsugi-ncnn-onnx", producer_version="1")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    """Converter entry point (see models/convert/registry.py)."""
    if "output" not in options:
        raise ValueError("ncnn-to-onnx needs convert_options.output (the catalog file name to write)")
    model = build_model(members["param"], members["bin"], keep_fp16=bool(options.get("fp16", True)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / str(options["output"])).write_bytes(model.SerializeToString(deterministic=True))
