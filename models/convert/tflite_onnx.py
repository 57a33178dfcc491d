"""TFLite -> ONNX conversion (catalog ``convert = "tflite-to-onnx"``) for the MediaPipe face models.

tflite2onnx does the operator mapping (NHWC graphs become NCHW: inputs are [1, 3, H, W]; output names
are kept). It builds the initializer and value_info lists from Python sets, so their order (and the
file's bytes) change with the hash seed; we sort them by name and serialise deterministically so the
catalog can pin the SHA-256 of the result.

Members: ``{"tflite": path}``. Options: ``output`` (the catalog file name to write).
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import onnx

from models.convert.onnx_output import tflite_input, write_onnx


def _canonicalise(model: onnx.ModelProto) -> onnx.ModelProto:
    """Order the set-built lists by name; nodes are already in a stable topological order."""
    graph = model.graph
    for field in ("initializer", "value_info"):
        items = sorted(getattr(graph, field), key=lambda item: item.name)
        del getattr(graph, field)[:]
        getattr(graph, field).extend(items)
    model.producer_name = "kintsugi tflite-to-onnx"
    model.producer_version = "1"
    return model


def tflite_to_onnx(tflite_path: Path) -> onnx.ModelProto:
    """Convert one .tflite file and return the canonical ONNX model (checked with onnx.checker)."""
    import tflite2onnx  # imported here: only fetch-time conversion needs it

    # tflite2onnx warns about fp16 weights on every run; its Dequantize mapping is exact, so quieten it.
    logger = logging.getLogger("tflite2onnx")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "model.onnx"
            tflite2onnx.convert(str(tflite_path), str(raw))
            model = onnx.load(str(raw))
    finally:
        logger.setLevel(level)
    onnx.checker.check_model(model)
    return _canonicalise(model)


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    """Converter entry point (see models/convert/registry.py)."""
    write_onnx(tflite_to_onnx(tflite_input(members, options, "tflite-to-onnx")), out_dir, options)
