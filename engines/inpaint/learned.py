"""Learned inpainting models (LaMa, MI-GAN and imported models of either contract), run by onnxruntime.

Two contracts exist, told apart by the graph's input types:
- LaMa style: ``image`` [1,3,H,W] float32 RGB 0..1 and ``mask`` [1,1,H,W] float32 with 1 = hole, often a
  static 512² graph; its output is RGB 0..1, or 0..255 in some exports (the range is read off the output).
- MI-GAN style: ``image`` [1,3,H,W] uint8 RGB and ``mask`` [1,1,H,W] uint8 with 255 = keep, 0 = hole; any
  H, W (the authors' pipeline crops and resizes inside); output uint8 RGB.
The image input is the one with 3 channels and the mask the one with 1, whatever they are called.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engines.base import EngineError, RunContext
from engines.inpaint.classical import to_uint8
from engines.needs import ModelNeeds
from engines.runtime import LoadedModel
from engines.strategies import MaskedFn

LAMA_SIZE = 512


@dataclass(frozen=True)
class InpaintContract:
    image: str  # input names
    mask: str
    output: str
    uint8: bool  # MI-GAN style
    fixed: int | None  # a static graph's square side

    @property
    def needs(self) -> ModelNeeds:
        return ModelNeeds(fixed_size=self.fixed, multiple=1 if self.fixed else 8)


def _channels(shape: list[object]) -> object:
    return shape[1] if len(shape) == 4 else None


def contract_of(loaded: LoadedModel) -> InpaintContract:
    """The model's contract, or EngineError naming what does not fit."""
    inputs, outputs = loaded.session.get_inputs(), loaded.session.get_outputs()
    by_channels = {_channels(list(i.shape)): i for i in inputs}
    if len(inputs) != 2 or 3 not in by_channels or 1 not in by_channels or not outputs:
        found = ", ".join(f"{i.name} {list(i.shape)}" for i in inputs)
        raise EngineError(f"Model {loaded.model_id} is not an inpainting model (expected an image [1,3,H,W] and "
                          f"a mask [1,1,H,W]; it takes {found}).")
    image, mask = by_channels[3], by_channels[1]
    side = image.shape[2]
    fixed = side if isinstance(side, int) and side == image.shape[3] else None
    return InpaintContract(image.name, mask.name, outputs[0].name, image.type == "tensor(uint8)", fixed)


def model_fn(loaded: LoadedModel, contract: InpaintContract, ctx: RunContext | None) -> MaskedFn:
    """The model as the strategies call it: float32 (h, w, 3) 0..1 and (h, w) uint8 hole mask in, filled
    piece out (only the hole is taken from the model)."""

    def fn(pixels: np.ndarray, mask: np.ndarray) -> np.ndarray:
        hole = (mask > 0)[None, None]
        if contract.uint8:
            feeds = {contract.image: np.ascontiguousarray(to_uint8(pixels).transpose(2, 0, 1)[None]),
                     contract.mask: np.where(hole, 0, 255).astype(np.uint8)}
        else:
            image = np.ascontiguousarray(pixels.transpose(2, 0, 1)[None], np.float32)
            feeds = {contract.image: image * ~hole, contract.mask: hole.astype(np.float32)}
        out = np.asarray(loaded.run([contract.output], feeds, ctx)[0][0], np.float32).transpose(1, 2, 0)
        if contract.uint8 or float(out.max(initial=0.0)) > 2.0:  # a 0..255 export
            out = out / 255.0
        result = np.array(pixels, np.float32, copy=True)
        inside = mask > 0
        result[inside] = np.clip(out[: mask.shape[0], : mask.shape[1]], 0.0, 1.0)[inside]
        return result

    return fn
