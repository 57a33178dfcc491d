"""TFLite -> ONNX for MediaPipe's selfie segmentation models (catalog ``convert = "mediapipe-tflite-to-onnx"``).

tflite2onnx cannot read these graphs (HARD_SWISH, and MediaPipe's custom op ``Convolution2DTransposeBias``),
so this module walks the flatbuffer with the ``tflite`` parser and writes the ONNX graph with
``onnx.helper``. It covers the op types of the two selfie graphs: CONV_2D, DEPTHWISE_CONV_2D, the custom
transposed convolution, AVERAGE_POOL_2D, MEAN, ADD, MUL, RELU, HARD_SWISH, LOGISTIC, RESIZE_BILINEAR and
DEQUANTIZE of fp16 weights. Anything else stops the conversion with a ValueError naming the op.

The ONNX graph keeps the tflite interface: the same input and output names and NHWC shapes (selfie:
``input_1`` f32 [1,256,256,3] -> ``activation_10`` [1,256,256,1]; landscape: [1,144,256,3] ->
``segment_back``). Inside, a Transpose turns the input into NCHW (``input_1_nchw``) and one turns the
output back.
fp16 weights stay fp16 initializers followed by an exact Cast to fp32 (half the file size, same results).
Nodes and initializers are written in the tflite operator order, so the bytes are deterministic and the
catalog can pin their SHA-256.

Members: ``{"tflite": path}``. Options: ``output`` (the catalog file name to write).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
import tflite  # type: ignore[import-untyped]
from onnx import TensorProto, helper, numpy_helper

from models.convert.onnx_output import tflite_input, write_onnx

OPSET = 17  # HardSwish needs 14; ReduceMean still takes its axes as an attribute in 17
IR_VERSION = 8  # readable by every onnxruntime we ship (1.14+)
NHWC_TO_NCHW = (0, 3, 1, 2)
NCHW_TO_NHWC = (0, 2, 3, 1)

_OP_NAMES = {value: name for name, value in vars(tflite.BuiltinOperator).items() if not name.startswith("_")}
_DTYPES = {tflite.TensorType.FLOAT32: np.float32, tflite.TensorType.FLOAT16: np.float16,
           tflite.TensorType.INT32: np.int32}
_ACTIVATIONS = {tflite.ActivationFunctionType.NONE: None, tflite.ActivationFunctionType.RELU: "Relu"}


def _options(op: Any, cls: Any) -> Any:
    table = op.BuiltinOptions()
    options = cls()
    options.Init(table.Bytes, table.Pos)
    return options


def _same_pads(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's SAME padding for one axis: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


class _Converter:
    def __init__(self, data: bytes) -> None:
        self.model = tflite.Model.GetRootAsModel(data, 0)
        if self.model.SubgraphsLength() != 1:
            raise ValueError("expected a tflite model with one subgraph")
        self.graph = self.model.Subgraphs(0)
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.consts: dict[int, np.ndarray] = {}  # tflite tensor index -> constant value (tflite layout)
        self.alias: dict[int, str] = {}  # graph inputs and outputs: their NCHW twin inside the graph

    # -- tensors -------------------------------------------------------------------------------
    def tensor_name(self, index: int) -> str:
        return str(self.graph.Tensors(index).Name().decode("utf-8"))

    def shape(self, index: int) -> list[int]:
        return [int(d) for d in self.graph.Tensors(index).ShapeAsNumpy()]

    def constant(self, index: int) -> np.ndarray | None:
        """The value of a weight tensor (its buffer, or a DEQUANTIZE of one), else None."""
        if index in self.consts:
            return self.consts[index]
        tensor = self.graph.Tensors(index)
        raw = self.model.Buffers(tensor.Buffer()).DataAsNumpy()
        if isinstance(raw, int):  # the flatbuffer returns 0 for an empty buffer: a runtime tensor
            return None
        if tensor.Type() not in _DTYPES:
            raise ValueError(f"tensor {self.tensor_name(index)!r} has an unsupported type {tensor.Type()}")
        value = np.frombuffer(raw.tobytes(), dtype=_DTYPES[tensor.Type()]).reshape(self.shape(index))
        self.consts[index] = value
        return value

    def weight(self, name: str, value: np.ndarray) -> str:
        """A float weight in ONNX layout; fp16 stays fp16 with an exact Cast to fp32 after it."""
        value = np.ascontiguousarray(value)
        if value.dtype == np.float16:
            self.initializers.append(numpy_helper.from_array(value, name + "_fp16"))
            self.nodes.append(helper.make_node("Cast", [name + "_fp16"], [name], to=TensorProto.FLOAT))
        else:
            self.initializers.append(numpy_helper.from_array(value.astype(np.float32), name))
        return name

    def emit(self, op_type: str, inputs: list[str], output: str, activation: int, **attrs: Any) -> None:
        """One node, followed by its fused activation; ``output`` names the final tensor."""
        if activation not in _ACTIVATIONS:
            raise ValueError(f"{op_type} with fused activation {activation} is not supported")
        fused = _ACTIVATIONS[activation]
        first = output + "_pre" if fused else output
        self.nodes.append(helper.make_node(op_type, inputs, [first], name=first, **attrs))
        if fused:
            self.nodes.append(helper.make_node(fused, [first], [output], name=output))

    # -- operators ------------------------------------------------------------------------------
    def conv(self, op: Any, ins: list[int], out: str, depthwise: bool) -> None:
        cls = tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions
        o = _options(op, cls)
        kernel = self.constant(ins[1])
        if kernel is None:
            raise ValueError(f"convolution {out!r} has a runtime kernel")
        _, height, width, _ = self.shape(ins[0])
        kh, kw = kernel.shape[1], kernel.shape[2]
        dh, dw = o.DilationHFactor(), o.DilationWFactor()
        if depthwise:  # [1, kh, kw, C*m] -> [C*m, 1, kh, kw], one group per input channel
            weight = kernel.transpose(3, 0, 1, 2)
            group = self.shape(ins[0])[3]
        else:  # OHWI -> OIHW
            weight = kernel.transpose(0, 3, 1, 2)
            group = 1
        pads = [0, 0, 0, 0]
        if o.Padding() == tflite.Padding.SAME:
            top, bottom = _same_pads(height, kh, o.StrideH(), dh)
            left, right = _same_pads(width, kw, o.StrideW(), dw)
            pads = [top, left, bottom, right]
        inputs = [self.name(ins[0]), self.weight(self.tensor_name(ins[1]), weight)]
        if len(ins) > 2:
            bias = self.constant(ins[2])
            if bias is None:
                raise ValueError(f"convolution {out!r} has a runtime bias")
            inputs.append(self.weight(self.tensor_name(ins[2]), bias))
        self.emit("Conv", inputs, out, o.FusedActivationFunction(), kernel_shape=[kh, kw],
                  strides=[o.StrideH(), o.StrideW()], dilations=[dh, dw], pads=pads, group=group)

    def transpose_conv_bias(self, op: Any, ins: list[int], out: str) -> None:
        """MediaPipe's Convolution2DTransposeBias: options are int32 (padding, stride_w, stride_h)."""
        padding, stride_w, stride_h = (int(v) for v in np.frombuffer(op.CustomOptionsAsNumpy().tobytes(), "<i4"))
        kernel, bias = self.constant(ins[1]), self.constant(ins[2])
        if kernel is None or bias is None:
            raise ValueError(f"transposed convolution {out!r} has runtime weights")
        if padding != 1:  # TfLitePadding: 1 = SAME, 2 = VALID
            raise ValueError(f"transposed convolution {out!r} has padding {padding}; only SAME is supported")
        kh, kw = kernel.shape[1], kernel.shape[2]
        # SAME: output = input * stride, so the kernel's overhang (k - s) is cropped, the odd pixel after.
        top, left = max(kh - stride_h, 0) // 2, max(kw - stride_w, 0) // 2
        pads = [top, left, max(kh - stride_h, 0) - top, max(kw - stride_w, 0) - left]
        weight = kernel.transpose(3, 0, 1, 2)  # OHWI -> [in, out, kh, kw]
        inputs = [self.name(ins[0]), self.weight(self.tensor_name(ins[1]), weight),
                  self.weight(self.tensor_name(ins[2]), bias)]
        self.emit("ConvTranspose", inputs, out, tflite.ActivationFunctionType.NONE, kernel_shape=[kh, kw],
                  strides=[stride_h, stride_w], pads=pads)

    def average_pool(self, op: Any, ins: list[int], out: str) -> None:
        o = _options(op, tflite.Pool2DOptions)
        _, height, width, _ = self.shape(ins[0])
        kh, kw = o.FilterHeight(), o.FilterWidth()
        pads = [0, 0, 0, 0]
        if o.Padding() == tflite.Padding.SAME:
            top, bottom = _same_pads(height, kh, o.StrideH())
            left, right = _same_pads(width, kw, o.StrideW())
            pads = [top, left, bottom, right]
        # count_include_pad = 0 (the default) matches TFLite, which averages only the real pixels.
        self.emit("AveragePool", [self.name(ins[0])], out, o.FusedActivationFunction(),
                  kernel_shape=[kh, kw], strides=[o.StrideH(), o.StrideW()], pads=pads)

    def mean(self, op: Any, ins: list[int], out: str) -> None:
        axes = self.constant(ins[1])
        if axes is None or len(self.shape(ins[0])) != 4:
            raise ValueError(f"MEAN {out!r} needs constant axes over a 4-D tensor")
        nchw_axes = sorted(NHWC_TO_NCHW.index(int(a) % 4) for a in axes.ravel())
        keep = int(_options(op, tflite.ReducerOptions).KeepDims())
        if not keep:
            raise ValueError(f"MEAN {out!r} drops its axes; only keep_dims is supported")
        self.emit("ReduceMean", [self.name(ins[0])], out, tflite.ActivationFunctionType.NONE,
                  axes=nchw_axes, keepdims=1)

    def resize_bilinear(self, op: Any, ins: list[int], out: str) -> None:
        o = _options(op, tflite.ResizeBilinearOptions)
        size = self.constant(ins[1])
        if size is None:
            raise ValueError(f"RESIZE_BILINEAR {out!r} needs a constant size")
        batch, _, _, channels = self.shape(ins[0])
        sizes = np.array([batch, channels, int(size[0]), int(size[1])], dtype=np.int64)
        self.initializers.append(numpy_helper.from_array(sizes, out + "_sizes"))
        if o.AlignCorners():
            mode = "align_corners"
        elif o.HalfPixelCenters():
            mode = "half_pixel"
        else:
            mode = "asymmetric"
        self.emit("Resize", [self.name(ins[0]), "", "", out + "_sizes"], out,
                  tflite.ActivationFunctionType.NONE, mode="linear", coordinate_transformation_mode=mode)

    def binary(self, op: Any, ins: list[int], out: str, op_type: str) -> None:
        options = _options(op, tflite.AddOptions if op_type == "Add" else tflite.MulOptions)
        for index in ins:
            if self.constant(index) is not None:
                raise ValueError(f"{op_type} {out!r} with a constant operand is not supported")
            if len(self.shape(index)) != 4:
                raise ValueError(f"{op_type} {out!r} on a tensor that is not 4-D is not supported")
        self.emit(op_type, [self.name(i) for i in ins], out, options.FusedActivationFunction())

    # -- graph ----------------------------------------------------------------------------------
    def name(self, index: int) -> str:
        """The NCHW tensor's name inside the ONNX graph."""
        return self.alias.get(index, self.tensor_name(index))

    def op_type(self, op: Any) -> str:
        code = self.model.OperatorCodes(op.OpcodeIndex())
        builtin = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
        if builtin == tflite.BuiltinOperator.CUSTOM:
            return "CUSTOM:" + str(code.CustomCode().decode("utf-8"))
        return str(_OP_NAMES.get(builtin, builtin))

    def convert_op(self, op: Any) -> None:
        kind = self.op_type(op)
        ins = [int(i) for i in op.InputsAsNumpy() if i >= 0]
        out_index = int(op.OutputsAsNumpy()[0])
        out = self.name(out_index)
        unary = {"RELU": "Relu", "HARD_SWISH": "HardSwish", "LOGISTIC": "Sigmoid"}
        if kind == "DEQUANTIZE":
            value = self.constant(ins[0])
            if value is None:
                raise ValueError(f"DEQUANTIZE {out!r} of a runtime tensor is not supported")
            self.consts[out_index] = value  # kept fp16: weight() adds the exact Cast
        elif kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            self.conv(op, ins, out, depthwise=kind == "DEPTHWISE_CONV_2D")
        elif kind == "CUSTOM:Convolution2DTransposeBias":
            self.transpose_conv_bias(op, ins, out)
        elif kind == "AVERAGE_POOL_2D":
            self.average_pool(op, ins, out)
        elif kind == "MEAN":
            self.mean(op, ins, out)
        elif kind == "RESIZE_BILINEAR":
            self.resize_bilinear(op, ins, out)
        elif kind in ("ADD", "MUL"):
            self.binary(op, ins, out, kind.capitalize())
        elif kind in unary:
            self.emit(unary[kind], [self.name(ins[0])], out, tflite.ActivationFunctionType.NONE)
        else:
            raise ValueError(f"tflite op {kind} is not supported by the MediaPipe converter")

    def io(self, index: int) -> onnx.ValueInfoProto:
        tensor = self.graph.Tensors(index)
        if tensor.Type() != tflite.TensorType.FLOAT32 or len(self.shape(index)) != 4:
            raise ValueError(f"graph input/output {self.tensor_name(index)!r} is not a 4-D float32 tensor")
        return helper.make_tensor_value_info(self.tensor_name(index), TensorProto.FLOAT, self.shape(index))

    def build(self) -> onnx.ModelProto:
        inputs = [int(i) for i in self.graph.InputsAsNumpy()]
        outputs = [int(i) for i in self.graph.OutputsAsNumpy()]
        graph_inputs = [self.io(i) for i in inputs]
        graph_outputs = [self.io(i) for i in outputs]
        for i in inputs + outputs:  # the graph's interface stays NHWC under its tflite name
            self.alias[i] = self.tensor_name(i) + "_nchw"
        for i in inputs:
            self.nodes.append(helper.make_node("Transpose", [self.tensor_name(i)], [self.name(i)],
                                               name=self.name(i), perm=list(NHWC_TO_NCHW)))
        for index in range(self.graph.OperatorsLength()):
            self.convert_op(self.graph.Operators(index))
        for i in outputs:
            self.nodes.append(helper.make_node("Transpose", [self.name(i)], [self.tensor_name(i)],
                                               name=self.tensor_name(i), perm=list(NCHW_TO_NHWC)))
        graph = helper.make_graph(self.nodes, "mediapipe", graph_inputs, graph_outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="kintsugi mediapipe-tflite-to-onnx", producer_version="1")
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model, full_check=True)
        return model


def mediapipe_tflite_to_onnx(tflite_path: Path) -> onnx.ModelProto:
    """Convert one MediaPipe segmentation .tflite file; the result is checked with onnx.checker."""
    return _Converter(Path(tflite_path).read_bytes()).build()


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    """Converter entry point (see models/convert/registry.py)."""
    model = mediapipe_tflite_to_onnx(tflite_input(members, options, "mediapipe-tflite-to-onnx"))
    write_onnx(model, out_dir, options)
