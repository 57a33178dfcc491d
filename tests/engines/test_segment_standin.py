"""The learned subject paths' plumbing by catalog contract, with stand-in ONNX graphs of each contract
(these models cannot be downloaded here): person (MediaPipe selfie, NHWC), salient (u2net family, first
output, min-max), matting (MODNet, sides multiples of 32) and SAM (encoder once per session, decoder per
click). Each stand-in computes something simple from the photo, so the expected mask can be worked out
independently; they are installed as custom entries of a store of the test's own."""
from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from engines.base import RunContext
from engines.prompts import Points
from engines.registry import create_engine
from engines.runtime import release_all
from engines.segment import learned
from models import custom
from models.catalog import ModelFile
from tests.engines.segment_refs import iou

SAM_RADIUS = 160.0  # the SAM stand-in's disc around the first click, in its 1024 px space


def _save(nodes, name, inputs, outputs, path: Path, inits=()) -> Path:
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="kintsugi-standin")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def _const(name: str, value) -> onnx.TensorProto:
    return numpy_helper.from_array(np.asarray(value, np.float32), name)


def standin_person(path: Path) -> Path:
    """Selfie contract: input_1 [1,256,256,3] RGB 0..1 -> activation_10 [1,256,256,1] = "person" where the
    pixel is bright (sigmoid of the channel mean around 0.5)."""
    nodes = [helper.make_node("ReduceMean", ["input_1"], ["mean"], axes=[3], keepdims=1),
             helper.make_node("Sub", ["mean", "half"], ["centred"]),
             helper.make_node("Mul", ["centred", "gain"], ["logit"]),
             helper.make_node("Sigmoid", ["logit"], ["activation_10"])]
    return _save(nodes, "standin_person",
                 [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, [1, 256, 256, 3])],
                 [helper.make_tensor_value_info("activation_10", TensorProto.FLOAT, [1, 256, 256, 1])],
                 path, [_const("half", 0.5), _const("gain", 12.0)])


def standin_salient(path: Path, size: int = 320) -> Path:
    """u2net contract: input.1 [1,3,S,S] ImageNet-normalised -> d0 [1,1,S,S] (the channel mean: bright is
    salient) and d1 = -d0, which the engine must not take (it reads the first output)."""
    nodes = [helper.make_node("ReduceMean", ["input.1"], ["d0"], axes=[1], keepdims=1),
             helper.make_node("Neg", ["d0"], ["d1"])]
    out = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 1, size, size]) for n in ("d0", "d1")]
    return _save(nodes, "standin_salient",
                 [helper.make_tensor_value_info("input.1", TensorProto.FLOAT, [1, 3, size, size])], out, path)


def standin_modnet(path: Path) -> Path:
    """MODNet contract: input [1,3,H,W] (x - 0.5) / 0.5 -> output [1,1,H,W] alpha (bright = subject).
    SpaceToDepth(32) refuses sides that are not multiples of 32, as the real graph's strides would."""
    nodes = [helper.make_node("ReduceMean", ["input"], ["mean"], axes=[1], keepdims=1),
             helper.make_node("SpaceToDepth", ["mean"], ["blocks"], blocksize=32),
             helper.make_node("DepthToSpace", ["blocks"], ["back"], blocksize=32),
             helper.make_node("Mul", ["back", "gain"], ["logit"]),
             helper.make_node("Sigmoid", ["logit"], ["output"])]
    return _save(nodes, "standin_modnet",
                 [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, "h", "w"])],
                 [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "h", "w"])],
                 path, [_const("gain", 6.0)])


def standin_sam_encoder(path: Path) -> Path:
    """SAM encoder contract: input_image [1,3,1024,1024] -> image_embeddings [1,256,64,64]."""
    weights = np.random.default_rng(5).standard_normal((256, 3, 1, 1)).astype(np.float32)
    nodes = [helper.make_node("AveragePool", ["input_image"], ["pooled"], kernel_shape=[16, 16], strides=[16, 16]),
             helper.make_node("Conv", ["pooled", "w"], ["image_embeddings"])]
    return _save(nodes, "standin_sam_encoder",
                 [helper.make_tensor_value_info("input_image", TensorProto.FLOAT, [1, 3, 1024, 1024])],
                 [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 256, 64, 64])],
                 path, [numpy_helper.from_array(weights, "w")])


def standin_sam_decoder(path: Path) -> Path:
    """SAM decoder contract (the official ONNX export's IO): logits > 0 within SAM_RADIUS (1024 space) of
    the first point, low-res at 256² and resized to orig_im_size; the embedding is added times 0."""
    cells = (np.arange(256, dtype=np.float32) * 4 + 2)
    gx, gy = np.meshgrid(cells, cells)
    f = TensorProto.FLOAT
    nodes = [
        helper.make_node("Gather", ["point_coords", "zero"], ["first"], axis=1),  # [1, 1, 2]
        helper.make_node("Gather", ["first", "zero"], ["px"], axis=2),  # [1, 1, 1]
        helper.make_node("Gather", ["first", "one"], ["py"], axis=2),
        helper.make_node("Sub", ["gx", "px"], ["dx"]),
        helper.make_node("Sub", ["gy", "py"], ["dy"]),
        helper.make_node("Mul", ["dx", "dx"], ["dx2"]),
        helper.make_node("Mul", ["dy", "dy"], ["dy2"]),
        helper.make_node("Add", ["dx2", "dy2"], ["d2"]),
        helper.make_node("Sub", ["r2", "d2"], ["disc"]),
        helper.make_node("ReduceMean", ["image_embeddings"], ["embedded"], keepdims=0),
        helper.make_node("Mul", ["embedded", "nothing"], ["none"]),
        helper.make_node("Add", ["disc", "none"], ["low_res_masks"]),
        helper.make_node("Cast", ["orig_im_size"], ["hw"], to=TensorProto.INT64),
        helper.make_node("Concat", ["lead", "hw"], ["sizes"], axis=0),
        helper.make_node("Resize", ["low_res_masks", "", "", "sizes"], ["masks"], mode="linear"),
        helper.make_node("Identity", ["iou"], ["iou_predictions"]),
    ]
    inits = [numpy_helper.from_array(np.array([0], np.int64), "zero"),
             numpy_helper.from_array(np.array([1], np.int64), "one"),
             numpy_helper.from_array(np.array([1, 1], np.int64), "lead"),
             _const("gx", gx[None, None]), _const("gy", gy[None, None]), _const("r2", SAM_RADIUS ** 2),
             _const("nothing", 0.0), _const("iou", [[0.9]])]
    inputs = [helper.make_tensor_value_info("image_embeddings", f, [1, 256, 64, 64]),
              helper.make_tensor_value_info("point_coords", f, [1, "n", 2]),
              helper.make_tensor_value_info("point_labels", f, [1, "n"]),
              helper.make_tensor_value_info("mask_input", f, [1, 1, 256, 256]),
              helper.make_tensor_value_info("has_mask_input", f, [1]),
              helper.make_tensor_value_info("orig_im_size", f, [2])]
    outputs = [helper.make_tensor_value_info("masks", f, [1, 1, "H", "W"]),
               helper.make_tensor_value_info("iou_predictions", f, [1, 1]),
               helper.make_tensor_value_info("low_res_masks", f, [1, 1, 256, 256])]
    return _save(nodes, "standin_sam_decoder", inputs, outputs, path, inits)


def _install(store, tmp_path: Path, model_id: str, files: dict[str, Path], contract: dict) -> None:
    records = []
    for name, src in files.items():
        f = ModelFile(name, hashlib.sha256(src.read_bytes()).hexdigest(), src.stat().st_size)
        store.install_file(model_id, f, src)
        records.append({"name": f.name, "sha256": f.sha256, "size": f.size})
    custom.put_entry(store.custom_file, {
        "id": model_id, "task": "segment", "title": model_id, "licence": "stand-in", "builtin": False,
        "custom": True, "description": "stand-in", "size": sum(r["size"] for r in records), "files": records,
        "contract": contract})


@pytest.fixture()
def store(tmp_path, monkeypatch):
    """A store of the test's own: no real models are ready in it (the face detector neither)."""
    from models.store import default_store

    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "store"))
    release_all()  # sessions of the real store's models (the face detector) must not answer here
    yield default_store()
    release_all()


def _brightness(rgb8: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return cv2.resize(rgb8, (size[1], size[0]), interpolation=cv2.INTER_AREA).astype(np.float32).mean(axis=2) / 255


def agreement(mask: np.ndarray, small_subject: np.ndarray) -> float:
    """Share of the pixels well inside the model's subject or background (2 px of the model's resolution
    from its edge) that the full-size mask agrees with; the edge band follows the photo and may differ."""
    kernel = np.ones((5, 5), np.uint8)
    inside = cv2.erode(small_subject.astype(np.uint8), kernel)
    outside = cv2.erode((~small_subject).astype(np.uint8), kernel)
    size = (mask.shape[1], mask.shape[0])
    inside = cv2.resize(inside, size, interpolation=cv2.INTER_NEAREST) > 0
    outside = cv2.resize(outside, size, interpolation=cv2.INTER_NEAREST) > 0
    right = (mask[inside] == 255).sum() + (mask[outside] == 0).sum()
    return float(right / (inside.sum() + outside.sum()))


def test_person_contract_runs_nhwc_and_auto_takes_it(store, tmp_path, coffee):
    _install(store, tmp_path, "standin-person", {"standin-person.onnx": standin_person(tmp_path / "p.onnx")},
             {"convention": "person", "input": "input_1", "output": "activation_10"})
    result = create_engine("segment").run(coffee, {}, RunContext())
    assert result.model_id == "standin-person"
    # No face detector in this store: auto says it trusted the person model on its own.
    assert any("face detector" in note for note in result.notes)
    assert agreement(result.mask, _brightness(coffee, (256, 256)) > 0.5) >= 0.99


def test_salient_contract_takes_the_first_output_min_max_normalised(store, tmp_path, astronaut):
    _install(store, tmp_path, "standin-salient", {"standin-salient.onnx": standin_salient(tmp_path / "s.onnx")},
             {"convention": "salient", "size": 320, "input": "input.1"})
    result = create_engine("segment").run(astronaut, {}, RunContext())
    assert result.model_id == "standin-salient"  # no person model is ready here: auto's next choice
    mean, std = np.asarray(learned.IMAGENET_MEAN), np.asarray(learned.IMAGENET_STD)
    pixels = cv2.resize(astronaut, (320, 320), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    saliency = ((pixels - mean) / std).mean(axis=2)
    saliency = (saliency - saliency.min()) / (saliency.max() - saliency.min())
    assert agreement(result.mask, saliency > 0.5) >= 0.99
    assert agreement(result.mask, saliency <= 0.5) < 0.1  # not the inverted second output


def test_matting_contract_feeds_sides_that_are_multiples_of_32(store, tmp_path, chelsea):
    _install(store, tmp_path, "standin-modnet", {"standin-modnet.onnx": standin_modnet(tmp_path / "m.onnx")},
             {"convention": "matting", "size": 512})
    result = create_engine("segment").run(chelsea, {}, RunContext(), model_id="standin-modnet")
    assert result.model_id == "standin-modnet"
    # 300 x 451 at a 512 short side: 512 x 768 (multiples of 32), where (x - 0.5) / 0.5 > 0 is the subject.
    assert agreement(result.mask, _brightness(chelsea, (512, 768)) > 0.5) >= 0.99


def test_sam_encodes_once_per_session_and_answers_each_click(store, tmp_path, astronaut, monkeypatch):
    _install(store, tmp_path, "standin-sam", {"encoder.onnx": standin_sam_encoder(tmp_path / "e.onnx"),
                                              "decoder.onnx": standin_sam_decoder(tmp_path / "d.onnx")},
             {"convention": "sam", "encoder": "encoder.onnx", "decoder": "decoder.onnx"})
    encodes = []
    real = learned.SamModel.encode.__func__

    def counting(cls, *args, **kwargs):
        encodes.append(1)
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(learned.SamModel, "encode", classmethod(counting))
    session = create_engine("segment").open_session(astronaut)  # auto: clicks go to an installed SAM
    radius = SAM_RADIUS * 512 / 1024
    for click in ((225, 100), (380, 420)):
        result = session.predict([Points.of([click], [True])])
        disc = np.zeros(astronaut.shape[:2], np.uint8)
        cv2.circle(disc, click, round(radius), 255, -1)
        assert result.model_id == "standin-sam"
        assert iou(result.mask, disc > 0) >= 0.95
    assert len(encodes) == 1
    # Without prompts auto does not take SAM (it needs a click): GrabCut from the middle.
    assert session.predict([]).model_id == "grabcut"


def test_a_model_without_a_known_convention_is_refused(store, tmp_path, astronaut):
    from engines.base import EngineError

    _install(store, tmp_path, "standin-odd", {"standin-odd.onnx": standin_person(tmp_path / "o.onnx")},
             {"convention": "depth"})
    with pytest.raises(EngineError, match="not a subject model"):
        create_engine("segment").run(astronaut, {}, RunContext(), model_id="standin-odd")
