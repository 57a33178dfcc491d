"""Importing layered Photoshop files (.psd/.psb) with psd-tools: one document layer per pixel layer.

Groups are flattened (their visibility and opacity carry into their layers); raster layer masks become
the layers' layer masks (disabled ones stay disabled); adjustment and fill layers, which have no pixels,
are skipped and listed in ``skipped``; layers psd-tools cannot decode (a 1-channel layer Krita wrote,
say) are skipped and listed in ``unreadable``, so one bad layer does not refuse the whole file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from app.document import BlendMode, Document, ImageMetadata, Layer
from app.files.errors import CorruptFileError, FileError, ImageTooLargeError
from app.files.image_io import check_readable, check_size, to_rgb_array
from app.texts import translator

# psd-tools blend mode names -> ours; modes we lack (linear burn, hue...) become normal.
_BLEND = {
    "NORMAL": BlendMode.NORMAL,
    "MULTIPLY": BlendMode.MULTIPLY,
    "SCREEN": BlendMode.SCREEN,
    "OVERLAY": BlendMode.OVERLAY,
    "DARKEN": BlendMode.DARKEN,
    "LIGHTEN": BlendMode.LIGHTEN,
    "COLOR_DODGE": BlendMode.COLOR_DODGE,
    "COLOR_BURN": BlendMode.COLOR_BURN,
    "HARD_LIGHT": BlendMode.HARD_LIGHT,
    "SOFT_LIGHT": BlendMode.SOFT_LIGHT,
    "DIFFERENCE": BlendMode.DIFFERENCE,
    "EXCLUSION": BlendMode.EXCLUSION,
}


# Krita ends layer names with a NUL; no control character (nor what XML forbids) belongs in a name.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


_tr = translator("PsdImport")


def clean_name(name: str) -> str:
    return _NOT_IN_NAMES.sub("", name).strip()


@dataclass
class PsdImport:
    document: Document
    skipped: list[str] = field(default_factory=list)  # names of layers without pixels
    approximated: list[str] = field(default_factory=list)  # names whose blend mode became normal
    unreadable: list[str] = field(default_factory=list)  # names of layers whose pixels cannot be decoded

    def notes(self) -> list[str]:
        """What the import changed or left out, one sentence each for the user."""
        notes = []
        if self.unreadable:
            notes.append(_tr("These layers could not be read and were left out: {names}").format(
                names=", ".join(self.unreadable)))
        if self.approximated:
            notes.append(_tr("Some blend modes were replaced by Normal: {names}").format(
                names=", ".join(self.approximated)))
        if self.skipped:
            notes.append(_tr("Layers without pixels (adjustments, empty layers) were skipped: {names}").format(
                names=", ".join(self.skipped)))
        return notes


def map_blend_mode(mode: object) -> BlendMode | None:
    """BlendMode for a psd-tools blend mode, or None when we have no equivalent."""
    return _BLEND.get(getattr(mode, "name", str(mode)))


def _rgba(image: Image.Image) -> np.ndarray:
    arr = to_rgb_array(image)
    if arr.shape[2] == 3:
        arr = np.concatenate([arr, np.full(arr.shape[:2] + (1,), 255, np.uint8)], axis=2)
    return arr


def _layer_mask(layer, shape: tuple[int, int]) -> np.ndarray | None:
    """The layer's raster mask at the layer's size ((h, w) uint8; outside the mask's box: its background
    colour), or None when it has none."""
    mask = layer.mask
    if mask is None or not layer.has_mask():
        return None
    mask_image = mask.topil()
    if mask_image is None:
        return None
    h, w = shape
    full = np.full((h, w), int(getattr(mask, "background_color", 255)) & 0xFF, np.uint8)
    data = np.asarray(mask_image.convert("L"), np.uint8)
    dx, dy = mask.left - layer.left, mask.top - layer.top
    x0, y0 = max(dx, 0), max(dy, 0)
    x1, y1 = min(dx + data.shape[1], w), min(dy + data.shape[0], h)
    if x1 > x0 and y1 > y0:
        full[y0:y1, x0:x1] = data[y0 - dy : y1 - dy, x0 - dx : x1 - dx]
    return full


def _is_locked(layer) -> bool:
    locks = getattr(layer, "locks", None)
    return bool(locks is not None and (locks.complete or locks.composite))


def _decode(layer) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The layer's RGBA and its layer mask, or None for a layer without pixels."""
    image = layer.topil() if layer.has_pixels() else None
    if image is None or layer.width == 0 or layer.height == 0:
        return None
    pixels = _rgba(image)
    return pixels, _layer_mask(layer, pixels.shape[:2])


def _collect(group, visible: bool, opacity: float, result: PsdImport, out: list[Layer]) -> None:
    for layer in group:  # psd-tools iterates bottom-first, as our layer list is ordered
        vis = visible and bool(layer.visible)
        op = opacity * (layer.opacity / 255.0)
        name = clean_name(layer.name or "")
        if layer.is_group():
            _collect(layer, vis, op, result, out)
            continue
        try:
            decoded = _decode(layer)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - psd-tools fails in many ways on a layer it cannot decode
            result.unreadable.append(name)
            continue
        if decoded is None:
            result.skipped.append(name)
            continue
        pixels, mask = decoded
        blend = map_blend_mode(layer.blend_mode)
        if blend is None:
            result.approximated.append(name)
            blend = BlendMode.NORMAL
        out.append(
            Layer(
                name=name or f"Layer {len(out) + 1}",
                pixels=pixels,
                visible=vis,
                locked=_is_locked(layer),
                opacity=min(max(op, 0.0), 1.0),
                blend_mode=blend,
                offset=(int(layer.left), int(layer.top)),
                mask=mask,
                mask_enabled=not (mask is not None and getattr(layer.mask, "disabled", False)),
            )
        )


def _flattened(psd, result: PsdImport) -> list[Layer]:
    """A PSD saved without layers (or only adjustments, or no layer we can decode) still carries a
    flattened image: the stored one where layers failed, since compositing would decode them again."""
    merged = psd.composite() if len(psd) and not result.unreadable else psd.topil()
    return [] if merged is None else [Layer.from_rgb("Background", _rgba(merged))]


def import_psd(path: str | Path) -> PsdImport:
    """Read a layered PSD into a document; raises FileError subclasses for bad files."""
    from psd_tools import PSDImage

    p = check_readable(path)
    try:
        psd = PSDImage.open(p)
    except FileError:
        raise
    except MemoryError as exc:
        raise ImageTooLargeError(f"“{p.name}” is too large to open.", p) from exc
    except Exception as exc:  # noqa: BLE001 - psd-tools raises many kinds of errors on malformed input
        raise CorruptFileError(f"“{p.name}” is not a Photoshop file Kintsugi can read, or it is damaged.", p) from exc
    check_size(p.name, psd.width, psd.height, p)
    doc = Document(psd.width, psd.height)
    result = PsdImport(doc)
    layers: list[Layer] = []
    try:
        _collect(psd, True, 1.0, result, layers)
        if not layers:
            layers = _flattened(psd, result)
        icc = psd.image_resources.get_data(1039) if psd.image_resources else None
    except FileError:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated pixel data fails only when decoded
        raise CorruptFileError(f"“{p.name}” is damaged: its layer pixels cannot be read ({exc}).", p) from exc
    if not layers and result.unreadable:
        raise CorruptFileError(f"“{p.name}” is damaged: none of its layers can be read.", p)
    doc.layers.extend(layers)
    doc.active_layer_index = len(layers) - 1
    doc.metadata = ImageMetadata(source_format="PSD", icc_profile=icc or None, bit_depth=int(psd.depth),
                                 open_notes=result.notes())
    doc.path = p
    return result


def load_psd(path: str | Path) -> Document:
    return import_psd(path).document


def read_layer_summary(path: str | Path) -> tuple[int, int, int, list[dict]]:
    """Canvas size, bit depth and layer attributes (top-first) for ``info``, without compositing."""
    from psd_tools import PSDImage

    p = check_readable(path)
    try:
        psd = PSDImage.open(p)
    except Exception as exc:  # noqa: BLE001
        raise CorruptFileError(f"“{p.name}” is not a Photoshop file Kintsugi can read, or it is damaged.", p) from exc
    layers = [
        {
            "name": clean_name(layer.name or ""),
            "x": int(layer.left),
            "y": int(layer.top),
            "opacity": layer.opacity / 255.0,
            "visible": bool(layer.visible),
            "locked": _is_locked(layer),
            "blend": getattr(layer.blend_mode, "name", str(layer.blend_mode)).lower().replace("_", "-"),
            "kind": layer.kind,
        }
        for layer in reversed(list(psd.descendants()))
    ]
    return psd.width, psd.height, int(psd.depth), layers
