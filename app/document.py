"""The document model: layers, masks, selection. Pure numpy, no Qt.

Conventions every module relies on:
- Layer pixels are RGBA uint8, straight (non-premultiplied) alpha, shape (h, w, 4). A layer has its own
  size and an offset (x, y) of its top-left corner on the canvas, as in OpenRaster.
- Masks and the selection are uint8 (H, W) the size of the canvas: 0 = off, 255 = fully on.
- A layer may have a layer mask: uint8 (h, w) the layer's own size, placed with it (255 shows the layer's
  pixel, 0 hides it). Unlike the document's masks, which say where engines work, it changes what the
  layer shows; ``mask_enabled`` False shows the layer as if it had none.
- Layers are ordered bottom to top (index 0 is the bottom).
- Changes that a user makes go through ``app.history`` commands so that they can be undone; the plain
  attribute setters here do not record history.
- Pixel arrays are read-only once attached (see ``app.readonly``); ``doc.history.paint`` makes one writable.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable

import numpy as np

from app.history import History
from app.pixel_ops import to_rgba
from app.readonly import adopt

_uid_counter = itertools.count(1)

# Paint-transaction target meaning "the selection" (layers and masks are targeted by their uid).
SELECTION = "selection"


@dataclass(frozen=True)
class LayerMaskTarget:
    """Paint-transaction target: the layer mask of the layer with this uid."""

    uid: int


def new_uid() -> int:
    """Unique id for layers and masks (stable across renames and reorders)."""
    return next(_uid_counter)


class BlendMode(str, Enum):
    """W3C Compositing and Blending Level 1 separable modes; values are our persistent names."""

    NORMAL = "normal"
    MULTIPLY = "multiply"
    SCREEN = "screen"
    OVERLAY = "overlay"
    DARKEN = "darken"
    LIGHTEN = "lighten"
    COLOR_DODGE = "color-dodge"
    COLOR_BURN = "color-burn"
    HARD_LIGHT = "hard-light"
    SOFT_LIGHT = "soft-light"
    DIFFERENCE = "difference"
    EXCLUSION = "exclusion"


@dataclass(eq=False)  # identity equality: list.index/remove must not compare pixel arrays
class Layer:
    name: str
    pixels: np.ndarray = field(repr=False)  # (h, w, 4) uint8 RGBA, straight alpha
    visible: bool = True
    locked: bool = False
    opacity: float = 1.0  # 0..1
    blend_mode: BlendMode = BlendMode.NORMAL
    offset: tuple[int, int] = (0, 0)  # (x, y) of the layer's top-left on the canvas
    uid: int = field(default_factory=new_uid)
    mask: np.ndarray | None = field(default=None, repr=False)  # (h, w) uint8 layer mask, 255 = shown
    mask_enabled: bool = True

    def __post_init__(self) -> None:
        if self.pixels.dtype != np.uint8 or self.pixels.ndim != 3 or self.pixels.shape[2] != 4:
            raise ValueError(f"layer pixels must be (h, w, 4) uint8, got {self.pixels.shape} {self.pixels.dtype}")
        self.check_mask()

    def check_mask(self) -> None:
        """Raise ValueError when the layer mask does not fit the pixels (every change of size must
        change both: app.geometry does)."""
        if self.mask is not None and (self.mask.dtype != np.uint8 or self.mask.shape != self.pixels.shape[:2]):
            raise ValueError(f"a layer mask must be (h, w) uint8 of the layer's size {self.pixels.shape[:2]}, "
                             f"got {self.mask.shape} {self.mask.dtype}")

    def __setattr__(self, name: str, value: Any) -> None:
        adopted = name == "pixels" or (name == "mask" and value is not None)
        super().__setattr__(name, adopt(value) if adopted else value)

    @property
    def shown_mask(self) -> np.ndarray | None:
        """The layer mask as compositing uses it: None when there is none or it is disabled."""
        return self.mask if self.mask_enabled else None

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @classmethod
    def from_rgb(cls, name: str, rgb: np.ndarray, **kwargs) -> "Layer":
        """Build a layer from (h, w, 3) RGB, (h, w, 4) RGBA or (h, w) grey, uint8 or uint16."""
        return cls(name=name, pixels=to_rgba(rgb), **kwargs)


@dataclass(eq=False)
class Mask:
    """A named mask the size of the canvas; the active one is what engines (inpaint, style...) use."""

    name: str
    data: np.ndarray = field(repr=False)  # (H, W) uint8
    visible: bool = True
    color: tuple[int, int, int] = (255, 40, 40)  # overlay colour in the canvas
    uid: int = field(default_factory=new_uid)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, adopt(value) if name == "data" else value)


@dataclass
class ImageMetadata:
    """What we keep from an opened file so an export to the same format can carry it."""

    source_format: str | None = None  # Pillow format name: "PNG", "JPEG", "TIFF", "WEBP", ...
    exif: bytes | None = None  # raw EXIF with the orientation tag reset to 1
    icc_profile: bytes | None = None
    bit_depth: int = 8  # 16 when the source was a 16-bit TIFF/PNG (layers are still 8-bit for now)
    # What opening changed or left out, one sentence each for the user (e.g. PSD layers that could not
    # be read); shown once after opening, never saved.
    open_notes: list[str] = field(default_factory=list)


# Listener signature: (what changed, canvas rectangle (x, y, w, h) or None for "everything").
# "what" is one of: "pixels", "layers", "masks", "selection", "canvas", "history", "meta".
# An empty rect (w or h == 0) means "nothing to repaint" (e.g. a rename: only panels update).
# "canvas" means the canvas size changed: everything is stale.
Listener = Callable[[str, "tuple[int, int, int, int] | None"], None]


class Document:
    """Canvas size, layer stack, masks, selection, and the history that records changes to them."""

    def __init__(self, width: int, height: int) -> None:
        if width <= 0 or height <= 0:
            raise ValueError("document size must be positive")
        self.width = int(width)
        self.height = int(height)
        self.layers: list[Layer] = []
        self.active_layer_index: int = -1
        self.masks: list[Mask] = []
        self.active_mask_index: int = -1
        self._selection: np.ndarray | None = None  # (H, W) uint8; None means "no selection"
        self.path: Path | None = None  # where the project (.ora) or image was opened from / saved to
        self.metadata = ImageMetadata()
        # True: painting tools edit the active layer's mask instead of its pixels (not a history step,
        # like choosing the active layer).
        self.editing_layer_mask = False
        self._listeners: list[Listener] = []
        self.history = History(self)

    @property
    def selection(self) -> np.ndarray | None:
        """(H, W) uint8, 0 = not selected; None means "no selection"."""
        return self._selection

    @selection.setter
    def selection(self, value: np.ndarray | None) -> None:
        self._selection = None if value is None else adopt(value)

    def plane(self, target: Any) -> "Plane":
        """What a paint transaction edits: a layer (Layer or uid), a mask (Mask or uid) or SELECTION.
        Raises KeyError for an unknown uid."""
        if isinstance(target, str):
            if target != SELECTION:
                raise ValueError(f"unknown paint target {target!r}")
            return Plane(self, None)
        if isinstance(target, LayerMaskTarget):
            return Plane(self, self.layer_by_uid(target.uid), layer_mask=True)
        uid = getattr(target, "uid", target)
        owners: tuple[Layer | Mask, ...] = (*self.layers, *self.masks)
        for owner in owners:
            if owner.uid == uid:
                return Plane(self, owner)
        raise KeyError(uid)

    # -- observers (widgets bridge these to Qt signals) -------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, what: str, rect: tuple[int, int, int, int] | None = None) -> None:
        for listener in list(self._listeners):
            listener(what, rect)

    # -- convenience ----------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def active_layer(self) -> Layer | None:
        if 0 <= self.active_layer_index < len(self.layers):
            return self.layers[self.active_layer_index]
        return None

    @property
    def active_mask(self) -> Mask | None:
        if 0 <= self.active_mask_index < len(self.masks):
            return self.masks[self.active_mask_index]
        return None

    def layer_by_uid(self, uid: int) -> Layer:
        for layer in self.layers:
            if layer.uid == uid:
                return layer
        raise KeyError(uid)

    def mask_by_uid(self, uid: int) -> Mask:
        for mask in self.masks:
            if mask.uid == uid:
                return mask
        raise KeyError(uid)

    @property
    def canvas_rect(self) -> tuple[int, int, int, int]:
        return 0, 0, self.width, self.height

    def layer_rect(self, layer: Layer) -> tuple[int, int, int, int]:
        """The layer's area on the canvas (x, y, w, h), not clipped to the canvas."""
        return layer.offset[0], layer.offset[1], layer.width, layer.height

    @property
    def modified(self) -> bool:
        """True when there are changes since the last save (or since opening)."""
        return self.history.modified

    def set_active_layer(self, index: int) -> None:
        """Choose the layer tools act on (not a history step: selecting is not an edit)."""
        if not 0 <= index < len(self.layers):
            raise IndexError(index)
        if index != self.active_layer_index:
            self.active_layer_index = index
            self.notify("layers", (0, 0, 0, 0))

    def index_of(self, uid: int) -> int:
        for i, layer in enumerate(self.layers):
            if layer.uid == uid:
                return i
        raise KeyError(uid)

    @classmethod
    def from_image(cls, rgba: np.ndarray, name: str = "Background") -> "Document":
        """A one-layer document from an (H, W, 3|4) uint8 image, without recording history."""
        layer = Layer.from_rgb(name, rgba)
        doc = cls(layer.width, layer.height)
        doc.layers.append(layer)
        doc.active_layer_index = 0
        return doc


@dataclass(frozen=True)
class Plane:
    """A layer's pixels (or its layer mask), a mask's data or the selection (``owner`` None), as
    ``app.history`` edits it."""

    doc: Document
    owner: Layer | Mask | None
    layer_mask: bool = False  # the owner layer's mask rather than its pixels

    @property
    def what(self) -> str:
        """The notification a change of this plane sends."""
        return "pixels" if isinstance(self.owner, Layer) else "masks" if isinstance(self.owner, Mask) else "selection"

    @property
    def origin(self) -> tuple[int, int]:
        """The array's top-left on the canvas."""
        return self.owner.offset if isinstance(self.owner, Layer) else (0, 0)

    @property
    def locked(self) -> bool:
        return isinstance(self.owner, Layer) and self.owner.locked

    def get(self) -> np.ndarray | None:
        if isinstance(self.owner, Layer):
            return self.owner.mask if self.layer_mask else self.owner.pixels
        if isinstance(self.owner, Mask):
            return self.owner.data
        return self.doc.selection

    def create(self) -> np.ndarray:
        """The array, making an empty selection when there is none (a selection brush stroke starts one)."""
        array = self.get()
        if array is None and self.layer_mask:
            raise ValueError("the layer has no layer mask to paint on")
        if array is None:
            array = np.zeros((self.doc.height, self.doc.width), np.uint8)
            self.doc.selection = array  # adopted as it is: a fresh array is no view
        return array

    def remove(self) -> None:
        """Back to "no selection" (only the selection can be absent)."""
        if self.owner is not None:
            raise ValueError("only the selection can be removed")
        self.doc.selection = None
