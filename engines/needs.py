"""What an engine's model needs from its input, declared as data (read by engines.template and the
strategies in engines.strategies)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MaskNeed = Literal["none", "optional", "required"]


@dataclass(frozen=True)
class ModelNeeds:
    multiple: int = 1  # each side the model sees is padded (reflect) to a multiple of this
    fixed_size: int | None = None  # a static-shape model's square input side: pieces are fitted into it
    min_side: int = 1  # smaller images are refused with a message
    mask: MaskNeed = "none"  # "optional"/"required": the result applies only inside the mask
    inputs: tuple[str, ...] = ()  # prompt kinds taken via ``inputs=`` (engines.prompts: "points", "box"...)
    grey: bool = False  # also take grey (H, W) and grey+alpha (H, W, 2) images, seen as RGB

    def __post_init__(self) -> None:
        if self.grey and self.mask != "none":
            # A grey image comes back as RGB: there is no original of the result's layout to blend into.
            raise ValueError("an engine that takes grey images cannot blend its result through a mask")
