"""Learned subject models from the catalog (task "segment"), each run as its contract's ``convention`` says.

- "person" (MediaPipe selfie): NHWC float RGB 0..1 at the graph's own size (plain resize) -> person
  probability (N, h, w, 1).
- "salient" (u2net family): NCHW RGB, (x/255 - mean) / std at ``size`` -> the first output's saliency map,
  min-max normalised.
- "matting" (MODNet): NCHW RGB (x - 0.5) / 0.5, sides multiples of 32 at ~``size`` short side -> alpha.
- "sam" (MobileSAM / SAM): an encoder file (image -> embedding, once per image) and a decoder file (clicks
  and a box -> mask logits); see ``SamModel``.
Maps come back at the model's resolution as float32 0..1; the engine brings them to full size.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from engines.base import EngineError, ModelUnavailableError, RunContext
from engines.runtime import LoadedModel, get_cache

CONVENTIONS = ("person", "salient", "matting", "sam")
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
SAM_SIDE = 1024
SAM_MEAN = (123.675, 116.28, 103.53)
SAM_STD = (58.395, 57.12, 57.375)


def contract_of(model_id: str) -> dict[str, Any]:
    from models.store import default_store

    try:
        return dict(default_store().entry(model_id).contract)
    except KeyError as exc:  # not in the catalog: reported like a missing model, as the runtime does
        raise ModelUnavailableError(str(exc.args[0])) from None


def convention_of(model_id: str) -> str:
    convention = str(contract_of(model_id).get("convention", ""))
    if convention not in CONVENTIONS:
        raise EngineError(f"Model {model_id} is not a subject model (its contract names no known convention).")
    return convention


def installed(convention: str) -> list[str]:
    """Ready catalog models of one convention, in catalog order."""
    from models.catalog import models_for_task
    from models.store import default_store

    store = default_store()
    return [e.id for e in models_for_task("segment", store.catalog())
            if e.contract.get("convention") == convention and store.status(e.id) == "ready"]


def _static_hw(loaded: LoadedModel, layout: str) -> tuple[int, int] | None:
    shape = list(loaded.session.get_inputs()[0].shape)
    h, w = (shape[1], shape[2]) if layout == "nhwc" else (shape[2], shape[3])
    return (h, w) if isinstance(h, int) and isinstance(w, int) else None


def _first_input(loaded: LoadedModel, contract: dict[str, Any]) -> str:
    return str(contract.get("input") or loaded.input_names[0])


def _output(loaded: LoadedModel, contract: dict[str, Any]) -> str:
    return str(contract.get("output") or loaded.output_names[0])


def _as_map(out: np.ndarray, model_id: str) -> np.ndarray:
    squeezed = np.squeeze(np.asarray(out, np.float32))
    if squeezed.ndim != 2:
        raise EngineError(f"Model {model_id} gave a {list(np.shape(out))} output, not one map.")
    return squeezed


def person_map(loaded: LoadedModel, contract: dict[str, Any], rgb8: np.ndarray, ctx: RunContext) -> np.ndarray:
    size = _static_hw(loaded, "nhwc") or (256, 256)
    pixels = cv2.resize(rgb8, (size[1], size[0]), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    out = loaded.run([_output(loaded, contract)], {_first_input(loaded, contract): pixels[None]}, ctx)[0]
    return _unit(_as_map(out, loaded.model_id))


def _unit(values: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.clip(values, 0.0, 1.0)
    return out


def _nchw(pixels: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(pixels.transpose(2, 0, 1)[None], np.float32)


def salient_map(loaded: LoadedModel, contract: dict[str, Any], rgb8: np.ndarray, ctx: RunContext) -> np.ndarray:
    side = int(contract.get("size", 320))
    size = _static_hw(loaded, "nchw") or (side, side)
    mean = np.asarray(contract.get("mean", IMAGENET_MEAN), np.float32)
    std = np.asarray(contract.get("std", IMAGENET_STD), np.float32)
    pixels = cv2.resize(rgb8, (size[1], size[0]), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    out = loaded.run([_output(loaded, contract)], {_first_input(loaded, contract): _nchw((pixels - mean) / std)},
                     ctx)[0]
    saliency = _as_map(out, loaded.model_id)
    low, high = float(saliency.min()), float(saliency.max())
    return (saliency - low) / (high - low) if high > low else np.zeros_like(saliency)


def matting_map(loaded: LoadedModel, contract: dict[str, Any], rgb8: np.ndarray, ctx: RunContext) -> np.ndarray:
    short = int(contract.get("size", 512))
    height, width = rgb8.shape[:2]
    factor = short / min(height, width)
    size = _static_hw(loaded, "nchw") or (max(32, round(height * factor / 32) * 32),
                                           max(32, round(width * factor / 32) * 32))
    pixels = cv2.resize(rgb8, (size[1], size[0]), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    out = loaded.run([_output(loaded, contract)], {_first_input(loaded, contract): _nchw((pixels - 0.5) / 0.5)},
                     ctx)[0]
    return _unit(_as_map(out, loaded.model_id))


MAP_FUNCTIONS = {"person": person_map, "salient": salient_map, "matting": matting_map}


def model_map(model_id: str, rgb8: np.ndarray, ctx: RunContext) -> tuple[np.ndarray, str]:
    """(map float32 0..1 at the model's resolution, provider) of a person, salient or matting model."""
    convention = convention_of(model_id)
    if convention not in MAP_FUNCTIONS:
        raise EngineError(f"Model {model_id} needs clicks or a box.")
    contract = contract_of(model_id)
    loaded = get_cache().get(model_id, ctx.device, ctx=ctx)
    return MAP_FUNCTIONS[convention](loaded, contract, rgb8, ctx), loaded.provider


@dataclass
class SamModel:
    """SAM's two halves: the encoder's embedding of one image (computed once), then the decoder per prompt.

    Contract keys: ``encoder`` and ``decoder`` (the entry's file names), optional ``mean``/``std`` (0..255
    scale, SAM's by default). The encoder takes [1, 3, 1024, 1024] normalised RGB (long side scaled to
    1024, padded right and bottom) and gives the embedding; the decoder takes SAM's ONNX export inputs
    (image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size) and gives
    mask logits at the original size first (several masks: the best by predicted IoU).
    """

    model_id: str
    embedding: np.ndarray
    scale: float  # 1024-space px per image px
    size: tuple[int, int]  # (H, W) of the image
    decoder: LoadedModel

    @classmethod
    def encode(cls, model_id: str, rgb8: np.ndarray, ctx: RunContext) -> SamModel:
        contract = contract_of(model_id)
        encoder_file, decoder_file = contract.get("encoder"), contract.get("decoder")
        if not encoder_file or not decoder_file:
            raise EngineError(f"Model {model_id}'s contract does not name its encoder and decoder files.")
        encoder = get_cache().get(model_id, ctx.device, str(encoder_file), ctx=ctx)
        decoder = get_cache().get(model_id, ctx.device, str(decoder_file), ctx=ctx)
        height, width = rgb8.shape[:2]
        scale = SAM_SIDE / max(height, width)
        resized = cv2.resize(rgb8, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        mean = np.asarray(contract.get("mean", SAM_MEAN), np.float32)
        std = np.asarray(contract.get("std", SAM_STD), np.float32)
        padded = np.zeros((SAM_SIDE, SAM_SIDE, 3), np.float32)
        padded[:resized.shape[0], :resized.shape[1]] = (resized.astype(np.float32) - mean) / std
        with ctx.unit(0.05, 0.9, "encoding the image"):
            embedding = encoder.run(None, {encoder.input_names[0]: _nchw(padded)}, ctx)[0]
        return cls(model_id, np.asarray(embedding, np.float32), scale, (height, width), decoder)

    def decode(self, coords: np.ndarray, labels: np.ndarray, ctx: RunContext | None) -> np.ndarray:
        """Mask logits (H, W) float32 for image-px ``coords`` (N, 2) and SAM ``labels`` (N,): 1 foreground,
        0 background, 2 / 3 a box's top-left / bottom-right corner."""
        # SAM's decoder expects a padding point (label -1) when no box is given.
        if not (labels == 2).any():
            coords = np.concatenate([coords, np.zeros((1, 2))])
            labels = np.concatenate([labels, [-1.0]])
        feeds = {
            "image_embeddings": self.embedding,
            "point_coords": (coords * self.scale).astype(np.float32)[None],
            "point_labels": labels.astype(np.float32)[None],
            "mask_input": np.zeros((1, 1, 256, 256), np.float32),
            "has_mask_input": np.zeros(1, np.float32),
            "orig_im_size": np.asarray(self.size, np.float32),
        }
        names = self.decoder.output_names
        outputs = self.decoder.run(None, {k: v for k, v in feeds.items() if k in self.decoder.input_names}, ctx)
        masks = np.asarray(outputs[0], np.float32).reshape(-1, *np.shape(outputs[0])[-2:])
        best = 0
        if len(masks) > 1 and len(outputs) > 1 and "iou" in names[1].lower():
            best = int(np.argmax(np.asarray(outputs[1]).ravel()))
        logits: np.ndarray = masks[best]
        if logits.shape != self.size:
            logits = cv2.resize(logits, (self.size[1], self.size[0]), interpolation=cv2.INTER_LINEAR)
        return logits
