"""Import model file...: known files are verified against the catalog, unknown ONNX files become custom
models when they fit a task's contract (stand-in graphs built here with onnx.helper)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tomli_w
from onnx import TensorProto, helper

from models.errors import ImportRejected
from models.importer import detect_task, import_model_file
from models.store import ModelStore


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(model: onnx.ModelProto, path: Path) -> Path:
    model.opset_import[0].version = 18
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def upscale_standin(path: Path, static: bool) -> Path:
    """x2 nearest-neighbour upscaler; symbolic H/W unless ``static``."""
    h, w = (8, 8) if static else ("H", "W")
    oh, ow = (16, 16) if static else (None, None)
    scales = helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, 2, 2])
    node = helper.make_node("Resize", ["input", "", "scales"], ["output"], mode="nearest")
    graph = helper.make_graph(
        [node], "upscale_standin",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, h, w])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, oh, ow])],
        [scales],
    )
    return save(helper.make_model(graph), path)


def colorize_standin(path: Path) -> Path:
    weight = helper.make_tensor("w", TensorProto.FLOAT, [2, 1, 1, 1], [0.5, -0.5])
    node = helper.make_node("Conv", ["L", "w"], ["ab"])
    graph = helper.make_graph(
        [node], "colorize_standin",
        [helper.make_tensor_value_info("L", TensorProto.FLOAT, [1, 1, "H", "W"])],
        [helper.make_tensor_value_info("ab", TensorProto.FLOAT, [1, 2, "H", "W"])],
        [weight],
    )
    return save(helper.make_model(graph), path)


def grey_standin(path: Path) -> Path:
    """[1,3,H,W] -> [1,1,H,W]: fits no task contract."""
    node = helper.make_node("ReduceMean", ["x", "axes"], ["y"], keepdims=1)
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    graph = helper.make_graph(
        [node], "grey_standin",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "H", "W"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, "H", "W"])],
        [axes],
    )
    return save(helper.make_model(graph), path)


def make_store(tmp_path: Path, known: bytes) -> ModelStore:
    cat = tmp_path / "cat"
    cat.mkdir()
    entries = [
        {"id": "known-net", "task": "upscale", "title": "Known", "licence": "MIT", "builtin": True,
         "files": [{"name": "known-net.onnx", "sha256": sha(known), "size": len(known)}],
         "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/k.onnx"]}]},
        {"id": "other-net", "task": "upscale", "title": "Other", "licence": "MIT", "builtin": False,
         "files": [{"name": "other.onnx", "sha256": sha(b"other"), "size": 5}],
         "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/o.onnx"]}]},
    ]
    (cat / "t.toml").write_text(tomli_w.dumps({"model": entries}), "utf-8")
    return ModelStore(tmp_path / "store", cat, tmp_path / "bundled")


def test_import_known_file_by_hash_and_with_id(tmp_path: Path, chelsea: np.ndarray) -> None:
    data = chelsea[:50].tobytes()
    downloaded = tmp_path / "Downloads" / "whatever-name.bin"
    downloaded.parent.mkdir()
    downloaded.write_bytes(data)
    store = make_store(tmp_path, data)

    with pytest.raises(ImportRejected, match="not a file of model 'other-net'"):
        import_model_file(downloaded, model_id="other-net", store=store)
    assert store.status("other-net") == "missing"

    result = import_model_file(downloaded, store=store)
    assert (result.model_id, result.file_name, result.custom) == ("known-net", "known-net.onnx", False)
    assert store.status("known-net") == "ready"
    assert store.require("known-net").read_bytes() == data
    assert downloaded.exists()  # imported by copy: the user's file stays where it was

    store.delete("known-net")
    assert import_model_file(downloaded, model_id="known-net", store=store).model_id == "known-net"


def test_custom_upscaler_is_recorded_in_custom_toml(tmp_path: Path, chelsea: np.ndarray) -> None:
    store = make_store(tmp_path, b"known")
    src = upscale_standin(tmp_path / "My 2x upscale_standin.onnx", static=False)
    result = import_model_file(src, store=store)
    assert result.custom and result.task == "upscale"
    assert result.model_id == "custom-my-2x-upscale_standin"

    entry = store.catalog()[result.model_id]
    assert entry.custom and not entry.builtin and entry.task == "upscale"
    assert entry.contract["scale"] == 2  # learned by running the symbolic-size graph once
    assert store.status(result.model_id) == "ready"
    assert "custom" in store.custom_file.read_text("utf-8")

    # the stored file is the same working model
    session = ort.InferenceSession(str(store.require(result.model_id)), providers=["CPUExecutionProvider"])
    crop = (chelsea[:32, :32].astype(np.float32) / 255).transpose(2, 0, 1)[None]
    out = session.run(None, {"input": crop})[0]
    assert out.shape == (1, 3, 64, 64) and np.allclose(out[..., ::2, ::2], crop)

    # importing the same file again finds it by its hash instead of adding a duplicate
    assert import_model_file(src, store=store).model_id == result.model_id
    assert sum(e.custom for e in store.catalog().values()) == 1

    store.delete(result.model_id)
    assert result.model_id not in store.catalog()


def test_task_detection_of_standin_graphs(tmp_path: Path) -> None:
    task, facts = detect_task(upscale_standin(tmp_path / "static_upscale_standin.onnx", static=True))
    assert task == "upscale" and facts["scale"] == 2 and facts["inputs"] == ["input [1,3,8,8] float32"]
    task, facts = detect_task(colorize_standin(tmp_path / "colorize_standin.onnx"))
    assert task == "colorize" and facts["outputs"] == ["ab [1,2,?,?] float32"]


def test_rejects_files_that_fit_no_task(tmp_path: Path, coffee: np.ndarray) -> None:
    store = make_store(tmp_path, b"known")
    with pytest.raises(ImportRejected) as info:
        import_model_file(grey_standin(tmp_path / "grey_standin.onnx"), store=store)
    assert "fits no task" in str(info.value) and "y [1,1,?,?]" in str(info.value)
    with pytest.raises(ImportRejected, match="does not fit the 'upscale' contract"):
        import_model_file(colorize_standin(tmp_path / "colorize_standin.onnx"), store=store, task="upscale")

    photo = tmp_path / "photo.raw"
    photo.write_bytes(coffee.tobytes()[:4096])
    with pytest.raises(ImportRejected, match="neither a known model file nor an ONNX model"):
        import_model_file(photo, store=store)
    with pytest.raises(ImportRejected, match="There is no file"):
        import_model_file(tmp_path / "absent.onnx", store=store)
    assert not any(e.custom for e in store.catalog().values())


def test_custom_id_given_by_user(tmp_path: Path) -> None:
    store = make_store(tmp_path, b"known")
    src = colorize_standin(tmp_path / "colorize_standin.onnx")
    with pytest.raises(ImportRejected, match="not a valid id"):
        import_model_file(src, model_id="Bad Id", store=store)
    result = import_model_file(src, model_id="my-colorizer", store=store)
    assert result.model_id == "my-colorizer" and store.catalog()["my-colorizer"].task == "colorize"


# -- inpainting models: the LaMa and MI-GAN conventions ----------------------------------------------
def test_inpaint_standins_are_recognised_with_their_convention(tmp_path: Path) -> None:
    from tests.engines.standin_models import standin_lama_onnx, standin_migan_onnx

    task, facts = detect_task(standin_lama_onnx(tmp_path / "standin-lama.onnx"))
    assert task == "inpaint" and facts["convention"] == "lama" and facts["size"] == 512
    assert (facts["image_input"], facts["mask_input"]) == ("image", "mask")
    assert facts["inputs"] == ["image [1,3,512,512] float32", "mask [1,1,512,512] float32"]
    task, facts = detect_task(standin_migan_onnx(tmp_path / "standin-migan.onnx"))
    assert task == "inpaint" and facts["convention"] == "migan" and "size" not in facts
    assert facts["outputs"] == ["result [1,3,?,?] uint8"]


def test_inpaint_contract_needs_one_element_type_and_a_square_fixed_size(tmp_path: Path) -> None:
    """A float image with a uint8 mask, or a static 512x256 graph, fits neither convention."""

    def standin(name: str, image_type: int, mask_type: int, shape: list) -> Path:
        node = helper.make_node("Identity", ["image"], ["out"])
        graph = helper.make_graph(
            [node], name,
            [helper.make_tensor_value_info("image", image_type, [1, 3, *shape]),
             helper.make_tensor_value_info("mask", mask_type, [1, 1, *shape])],
            [helper.make_tensor_value_info("out", image_type, [1, 3, *shape])],
        )
        return save(helper.make_model(graph), tmp_path / f"{name}.onnx")

    assert detect_task(standin("square_standin", TensorProto.FLOAT, TensorProto.FLOAT, [256, 256]))[1]["size"] == 256
    for path in (standin("mixed_standin", TensorProto.FLOAT, TensorProto.UINT8, ["H", "W"]),
                 standin("oblong_standin", TensorProto.FLOAT, TensorProto.FLOAT, [512, 256])):
        with pytest.raises(ImportRejected, match="fits no task"):
            detect_task(path)


def test_imported_inpainter_records_its_contract_and_still_runs(tmp_path: Path, astronaut: np.ndarray) -> None:
    from tests.engines.standin_models import standin_lama_onnx

    store = make_store(tmp_path, b"known")
    result = import_model_file(standin_lama_onnx(tmp_path / "standin-lama.onnx", size=128), store=store)
    assert result.custom and result.task == "inpaint"
    entry = store.catalog()[result.model_id]  # read back from custom.toml
    assert entry.contract["convention"] == "lama" and entry.contract["size"] == 128

    photo = (astronaut[100:228, 200:328].astype(np.float32) / 255).transpose(2, 0, 1)[None]
    mask = np.zeros((1, 1, 128, 128), np.float32)
    mask[..., 40:70, 30:100] = 1.0  # a scratch across the face
    session = ort.InferenceSession(str(store.require(result.model_id)), providers=["CPUExecutionProvider"])
    out = session.run(None, {"image": photo, "mask": mask})[0]
    hole = np.broadcast_to(mask > 0, out.shape)
    assert np.array_equal(out[~hole], photo[~hole]) and np.allclose(out[hole], 0.5)


def test_inpainter_whose_hash_is_a_catalog_file_is_that_model(tmp_path: Path) -> None:
    from tests.engines.standin_models import standin_migan_onnx

    src = standin_migan_onnx(tmp_path / "standin-migan.onnx")
    data = src.read_bytes()
    cat = tmp_path / "cat"
    cat.mkdir()
    entry = {"id": "migan", "task": "inpaint", "title": "MI-GAN", "licence": "MIT", "builtin": False,
             "files": [{"name": "migan_pipeline_v2.onnx", "sha256": sha(data), "size": len(data)}],
             "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/migan_pipeline_v2.onnx"]}],
             "contract": {"convention": "migan"}}
    (cat / "inpaint.toml").write_text(tomli_w.dumps({"model": [entry]}), "utf-8")
    store = ModelStore(tmp_path / "store", cat, tmp_path / "bundled")
    result = import_model_file(src, store=store)
    assert (result.model_id, result.file_name, result.custom) == ("migan", "migan_pipeline_v2.onnx", False)
    assert store.status("migan") == "ready" and not store.custom_file.exists()
