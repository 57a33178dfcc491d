"""Conversion step name (catalog `convert = "..."`) -> function, imported lazily.

A converter is ``fn(members: dict[str, Path], out_dir: Path, options: dict) -> None``: ``members`` maps the
catalog's member keys to extracted files; it writes the entry's files (by their catalog names) into
``out_dir``. It must be deterministic so that the catalog can pin the output's SHA-256.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

Converter = Callable[[dict[str, Path], Path, dict[str, Any]], None]

CONVERTERS: dict[str, str] = {
    "copy": "models.convert.copy_member:convert",
    "ncnn-to-onnx": "models.convert.ncnn_onnx:convert",
    "tflite-to-onnx": "models.convert.tflite_onnx:convert",
    "mediapipe-tflite-to-onnx": "models.convert.mediapipe_tflite:convert",
    "style-dynamic-hw": "models.convert.style_onnx:convert",
    "onnx-dynamic-hw": "models.convert.onnx_dynamic:convert",
}


def get_converter(name: str) -> Converter:
    if name not in CONVERTERS:
        raise KeyError(f"unknown conversion step {name!r}")
    module_name, func = CONVERTERS[name].split(":")
    converter: Converter = getattr(importlib.import_module(module_name), func)
    return converter
