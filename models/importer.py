""""Import model file...": add a file the user fetched elsewhere (behind a firewall, from a colleague).

A file whose SHA-256 (or, for a file upstream publishes only with one, MD5) matches a catalog file is
installed as that model. An unknown ONNX file becomes a custom model when its inputs and outputs fit a
task's contract; it is recorded in the store's ``custom.toml`` so that it shows up in the catalog (with
``custom = true``) like any other model.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from models import custom
from models.catalog import ModelEntry, ModelFile
from models.download import file_digests
from models.errors import ImportRejected
from models.store import ModelStore, default_store

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_FLOAT_TYPES = {1: "float32", 10: "float16"}  # onnx.TensorProto.FLOAT, FLOAT16
_FLOAT32, _UINT8 = 1, 2  # onnx.TensorProto.FLOAT, UINT8
_TYPE_NAMES = {**_FLOAT_TYPES, _UINT8: "uint8"}


@dataclass
class ImportResult:
    model_id: str
    file_name: str
    task: str
    custom: bool
    message: str


@dataclass(frozen=True)
class Tensor:
    name: str
    elem_type: int
    shape: tuple[int | None, ...]  # None: a symbolic or unknown dimension

    def describe(self) -> str:
        dims = ",".join("?" if d is None else str(d) for d in self.shape)
        return f"{self.name} [{dims}] {_TYPE_NAMES.get(self.elem_type, f'type {self.elem_type}')}"


def onnx_io(path: Path) -> tuple[list[Tensor], list[Tensor]]:
    """The real inputs (weights listed as graph inputs left out) and outputs of an ONNX file."""
    import onnx

    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:  # noqa: BLE001 - protobuf raises several unrelated types
        raise ImportRejected(f"{path.name} is neither a known model file nor an ONNX model ({exc}).") from exc
    weights = {init.name for init in model.graph.initializer}

    def tensor(value: Any) -> Tensor:
        ttype = value.type.tensor_type
        dims = tuple(d.dim_value if d.HasField("dim_value") else None for d in ttype.shape.dim)
        return Tensor(value.name, ttype.elem_type, dims)

    inputs = [tensor(v) for v in model.graph.input if v.name not in weights]
    return inputs, [tensor(v) for v in model.graph.output]


# -- task contracts: each returns extra contract facts when the IO fits, else None ----------------------
def _nchw(t: Tensor, channels: int) -> bool:
    return len(t.shape) == 4 and t.shape[0] in (1, None) and t.shape[1] == channels


def _image(t: Tensor, channels: int) -> bool:
    return t.elem_type in _FLOAT_TYPES and _nchw(t, channels)


def _probe(path: Path, ins: list[Tensor], image: Tensor) -> tuple[int, int, tuple[int, ...]] | None:
    """Run the model once on a small grey image; returns (h, w, first output's shape) or None if it fails.
    Used when symbolic shapes do not tell how large the output is."""
    import numpy as np
    import onnxruntime as ort

    h, w = image.shape[2] or 64, image.shape[3] or 64
    feeds: dict[str, np.ndarray] = {}
    for t in ins:
        dtype = np.float16 if t.elem_type == 10 else np.float32
        if t is image and (channels := t.shape[1]) is not None:  # known: the image passed _image()
            feeds[t.name] = np.full((1, channels, h, w), 0.5, dtype)
        elif len(t.shape) == 1 and (n := t.shape[0]):
            feeds[t.name] = np.full((n,), 1.0 / n, dtype)  # e.g. style weights summing to 1
        else:
            return None
    try:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        out = session.run(None, feeds)[0]
    except Exception:  # noqa: BLE001 - any failure means "does not run with this contract"
        return None
    return h, w, tuple(out.shape)


def _probe_scale(path: Path, inp: Tensor) -> int | None:
    probed = _probe(path, [inp], inp)
    if probed is None:
        return None
    h, w, shape = probed
    if len(shape) != 4 or shape[2] % h or shape[3] % w or shape[2] // h != shape[3] // w:
        return None
    return int(shape[2] // h)


def _check_upscale(path: Path, ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any] | None:
    if len(ins) != 1 or len(outs) != 1 or not _image(ins[0], 3) or not _image(outs[0], 3):
        return None
    (h, w), (oh, ow) = ins[0].shape[2:], outs[0].shape[2:]
    if (h is not None and w is not None and oh is not None and ow is not None
            and oh % h == 0 and ow % w == 0 and oh // h == ow // w):
        scale: int | None = oh // h
    else:
        scale = _probe_scale(path, ins[0])
    if scale is None or scale < 2:
        return None
    return {"scale": scale}


def _same_hw(a: Tensor, b: Tensor) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a.shape[2:], b.shape[2:]))


def _check_style(path: Path, ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any] | None:
    images = [t for t in ins if _image(t, 3)]
    others = [t for t in ins if t not in images]
    if len(images) != 1 or len(outs) != 1 or not _image(outs[0], 3) or not _same_hw(images[0], outs[0]):
        return None
    if any(len(t.shape) != 1 for t in others) or len(others) > 1:
        return None  # only an optional 1-D style-weights input is allowed besides the image
    if None in images[0].shape[2:] + outs[0].shape[2:]:
        probed = _probe(path, ins, images[0])  # symbolic sizes: the output must keep the input's size
        if probed is None or probed[2][2:] != probed[:2]:
            return None
    return {}


# The two inpainting conventions, by the element type of image, mask and output (engines/inpaint reads
# contract["convention"]): LaMa's float32 RGB 0..1 with mask 1 = hole, MI-GAN's uint8 with mask 255 = keep.
_INPAINT_CONVENTIONS = {_FLOAT32: "lama", _UINT8: "migan"}


def _check_inpaint(path: Path, ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any] | None:
    if len(ins) != 2 or len(outs) != 1 or not _nchw(outs[0], 3):
        return None
    image = next((t for t in ins if _nchw(t, 3)), None)
    mask = next((t for t in ins if _nchw(t, 1)), None)
    if image is None or mask is None or not (_same_hw(image, mask) and _same_hw(image, outs[0])):
        return None
    if not image.elem_type == mask.elem_type == outs[0].elem_type or image.elem_type not in _INPAINT_CONVENTIONS:
        return None
    facts: dict[str, Any] = {"convention": _INPAINT_CONVENTIONS[image.elem_type],
                             "image_input": image.name, "mask_input": mask.name}
    h, w = image.shape[2:]
    if h is not None or w is not None:  # a static graph: the engine fits the image into its square
        if h != w:
            return None
        facts["size"] = h
    return facts


def _check_colorize(path: Path, ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any] | None:
    ok = len(ins) == 1 and len(outs) == 1 and _image(ins[0], 1) and _image(outs[0], 2)
    return {} if ok else None


# Segmentation (engines/segment reads contract["convention"], see models/catalog/segment.toml). From the IO
# alone: a static square graph [1,3,S,S] -> [1,1,S,S] is a salient-object model like rembg's U²-Net/IS-Net
# (ImageNet mean/std; the first output is the map), and an NHWC graph [1,H,W,3] -> [1,H,W,1] a person model
# like MediaPipe's selfie segmentation (RGB 0..1). A graph of any size that maps RGB to one channel says
# nothing about what it does (MODNet's official file is recognised by its SHA-256 as the catalog's entry).
_IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}


def _check_segment(path: Path, ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any] | None:
    if len(ins) != 1 or not outs or ins[0].elem_type != _FLOAT32 or outs[0].elem_type != _FLOAT32:
        return None
    inp, out = ins[0], outs[0]
    size = inp.shape[2] if len(inp.shape) == 4 else None
    if _nchw(inp, 3) and size is not None and inp.shape[2:] == out.shape[2:] == (size, size) and _nchw(out, 1):
        return {"convention": "salient", "input": inp.name, "size": size, "layout": "NCHW", **_IMAGENET}
    nhwc = len(inp.shape) == 4 and inp.shape[0] in (1, None) and inp.shape[3] == 3
    if nhwc and len(outs) == 1 and out.shape == (*inp.shape[:3], 1) and None not in inp.shape[1:3]:
        return {"convention": "person", "input": inp.name, "output": out.name, "layout": "NHWC",
                "height": inp.shape[1], "width": inp.shape[2], "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]}
    return None


Checker = Callable[[Path, list[Tensor], list[Tensor]], "dict[str, Any] | None"]
TASK_CONTRACTS: dict[str, tuple[str, Checker]] = {
    "upscale": ("one input [1,3,H,W] float -> one output [1,3,sH,sW] with s >= 2", _check_upscale),
    "style": ("input [1,3,H,W] float (plus optional 1-D style weights) -> output [1,3,H,W]", _check_style),
    "inpaint": ("inputs image [1,3,H,W] and mask [1,1,H,W], both float32 or both uint8 (H = W when fixed) "
                "-> output [1,3,H,W] of the same type", _check_inpaint),
    "colorize": ("input L [1,1,H,W] -> output ab [1,2,H,W]", _check_colorize),
    "segment": ("float32 input [1,3,S,S] -> first output [1,1,S,S] (salient object), or NHWC [1,H,W,3] "
                "-> [1,H,W,1] (person), H and W fixed", _check_segment),
}


def detect_task(path: Path, task: str | None = None) -> tuple[str, dict[str, Any]]:
    """The task whose contract an ONNX file fits (``task`` forces one), with facts such as its scale."""
    ins, outs = onnx_io(path)
    inputs = ", ".join(t.describe() for t in ins) or "none"
    found = f"it has inputs {inputs} and outputs {', '.join(t.describe() for t in outs)}"
    if task is not None:
        if task not in TASK_CONTRACTS:
            raise ImportRejected(f"Custom models of task '{task}' are not supported; "
                                 f"supported: {', '.join(TASK_CONTRACTS)}.")
        rule, check = TASK_CONTRACTS[task]
        facts = check(path, ins, outs)
        if facts is None:
            raise ImportRejected(f"{path.name} does not fit the '{task}' contract ({rule}): {found}.")
        return task, _with_io(facts, ins, outs)
    matches = [(name, facts) for name, (_, check) in TASK_CONTRACTS.items()
               if (facts := check(path, ins, outs)) is not None]
    if not matches:
        rules = "; ".join(f"{name}: {rule}" for name, (rule, _) in TASK_CONTRACTS.items())
        raise ImportRejected(f"{path.name} is not a known model and fits no task ({found}). Accepted: {rules}.")
    if len(matches) > 1:
        raise ImportRejected(f"{path.name} fits several tasks ({', '.join(m[0] for m in matches)}); say which one.")
    return matches[0][0], _with_io(matches[0][1], ins, outs)


def _with_io(facts: dict[str, Any], ins: list[Tensor], outs: list[Tensor]) -> dict[str, Any]:
    return {**facts, "inputs": [t.describe() for t in ins], "outputs": [t.describe() for t in outs]}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")[:60] or "model"


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# -- the import itself -------------------------------------------------------------------------------------
def _known_file(catalog: dict[str, ModelEntry], sha: str, md5: str,
                model_id: str | None) -> tuple[ModelEntry, ModelFile] | None:
    for entry in catalog.values():
        if model_id is not None and entry.id != model_id:
            continue
        for f in entry.files:
            if f.sha256 == sha if f.sha256 else f.md5 == md5:
                return entry, f
    return None


def import_model_file(
    path: str | os.PathLike[str],
    model_id: str | None = None,
    store: ModelStore | None = None,
    task: str | None = None,
) -> ImportResult:
    """Install ``path`` as a catalog model's file, or as a new custom model. Raises ImportRejected."""
    store = store or default_store()
    src = Path(path)
    if not src.is_file():
        raise ImportRejected(f"There is no file {src}.")
    sha, md5 = file_digests(src)
    catalog = store.catalog()
    if model_id is not None and model_id in catalog and not catalog[model_id].custom:
        hit = _known_file(catalog, sha, md5, model_id)
        if hit is None:
            raise ImportRejected(f"{src.name} is not a file of model '{model_id}': its SHA-256 ({sha[:12]}...) "
                                 "matches none of that model's files. The file may be damaged or another version.")
    else:
        hit = _known_file(catalog, sha, md5, None) if model_id is None else None
    if hit is not None:
        entry, f = hit
        store.install_file(entry.id, f, src)
        return ImportResult(entry.id, f.name, entry.task, entry.custom,
                            f"Installed {src.name} as {f.name} of model '{entry.id}'.")
    return _import_custom(store, src, sha, model_id, task, set(catalog))


def _import_custom(store: ModelStore, src: Path, sha: str, model_id: str | None, task: str | None,
                   taken: set[str]) -> ImportResult:
    found_task, contract = detect_task(src, task)
    if model_id is not None:
        if not _ID_RE.match(model_id):
            raise ImportRejected(f"'{model_id}' is not a valid id: use lower-case letters, digits, '.', '_' or '-'.")
        if model_id in taken:
            raise ImportRejected(f"A model called '{model_id}' already exists; choose another id.")
        new_id = model_id
    else:
        new_id = _free_id("custom-" + _slug(src.stem), taken)
    f = ModelFile(_slug(src.stem) + ".onnx", sha, src.stat().st_size)
    store.install_file(new_id, f, src)
    record = {
        "id": new_id,
        "task": found_task,
        "title": src.stem,
        "licence": "unknown (imported by the user)",
        "builtin": False,
        "custom": True,
        "description": f"Imported from {src.name}",
        "size": f.size,
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size}],
        "contract": contract,
    }
    custom.put_entry(store.custom_file, record)
    return ImportResult(new_id, f.name, found_task, True,
                        f"Added {src.name} as custom {found_task} model '{new_id}'.")
