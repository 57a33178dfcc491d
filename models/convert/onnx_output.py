"""What the TFLite converters share at their entry points: the checked member and option, and writing the
ONNX file deterministically (so the catalog can pin its SHA-256)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import onnx


def tflite_input(members: dict[str, Path], options: dict[str, Any], step: str) -> Path:
    """The .tflite member a conversion step reads; ValueError names what the catalog entry lacks."""
    if "output" not in options:
        raise ValueError(f"{step} needs convert_options.output (the catalog file name to write)")
    if "tflite" not in members:
        raise ValueError(f"{step} needs a member named 'tflite'")
    return Path(members["tflite"])


def write_onnx(model: onnx.ModelProto, out_dir: Path, options: dict[str, Any]) -> None:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / str(options["output"])).write_bytes(model.SerializeToString(deterministic=True))
