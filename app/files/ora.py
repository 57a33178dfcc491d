"""OpenRaster (.ora) projects: our save format, readable by GIMP and Krita, and theirs readable by us.

Layout written: ``mimetype`` (first, stored), ``stack.xml``, ``data/*.png``, ``mergedimage.png``,
``Thumbnails/thumbnail.png`` and ``kintsugi/`` (EXIF, ICC, metadata.json). Masks and the selection go
in a hidden sub-stack marked ``kintsugi:masks="true"``; other programs show them as hidden grey layers,
we read them back as masks, also when a program (Krita) saved them again without our attributes: then
the stack is known by its name. Nested stacks from other programs are flattened into plain layers.
Blend modes, locks and what other programs read are listed in docs/interop.md.
"""
from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from app.compositor import masked
from app.document import BlendMode, Document, ImageMetadata, Layer, Mask
from app.files.atomic import atomic_write
from app.files.errors import CorruptFileError, FileError, ImageTooLargeError, SaveError, UnsupportedFormatError
from app.files.image_io import check_readable, check_size, to_rgb_array

MIMETYPE = b"image/openraster"
NS = "https://kintsugi-editor.org/ns/ora/1"
ET.register_namespace("kintsugi", NS)
THUMBNAIL_MAX = 256
_META_JSON = "kintsugi/metadata.json"
_EXIF = "kintsugi/exif.bin"
_ICC = "kintsugi/icc.icc"
# Names other programs keep when they drop our attributes; reading relies on them (see _is_masks_stack).
MASKS_STACK_NAME = "Kintsugi masks"
SELECTION_NAME = "Selection"


def _k(name: str) -> str:
    return f"{{{NS}}}{name}"


# Each blend mode: the composite-op written first, then other spellings accepted on read. A new mode is
# added here only (svg:hue, svg:saturation, svg:color, svg:luminosity are in the OpenRaster list).
# Exclusion is not in that list: Krita reads and writes krita:exclusion and renders svg:exclusion as normal.
COMPOSITE_OPS: dict[BlendMode, tuple[str, ...]] = {
    BlendMode.NORMAL: ("svg:src-over",),
    BlendMode.MULTIPLY: ("svg:multiply",),
    BlendMode.SCREEN: ("svg:screen",),
    BlendMode.OVERLAY: ("svg:overlay",),
    BlendMode.DARKEN: ("svg:darken",),
    BlendMode.LIGHTEN: ("svg:lighten",),
    BlendMode.COLOR_DODGE: ("svg:color-dodge",),
    BlendMode.COLOR_BURN: ("svg:color-burn",),
    BlendMode.HARD_LIGHT: ("svg:hard-light",),
    BlendMode.SOFT_LIGHT: ("svg:soft-light",),
    BlendMode.DIFFERENCE: ("svg:difference",),
    BlendMode.EXCLUSION: ("krita:exclusion", "svg:exclusion"),
}
_OP_TO_BLEND = {op: mode for mode, ops in COMPOSITE_OPS.items() for op in ops}


def blend_to_op(mode: BlendMode) -> str:
    return COMPOSITE_OPS[mode][0]


def op_to_blend(op: str | None) -> BlendMode:
    """ORA composite-op -> BlendMode; operators we lack (krita:linear_burn, svg:hue) fall back to normal."""
    return _OP_TO_BLEND.get(op or "", BlendMode.NORMAL)


# XML 1.0 allows tab, LF, CR and U+0020 upwards except surrogates, U+FFFE and U+FFFF; not even a
# character reference can carry the others, so they are dropped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (a NUL from a Krita PSD name, say)."""
    return _XML_FORBIDDEN.sub("", text)


# -- writing ---------------------------------------------------------------------------------------
# Projects favour speed over size: zlib level 1 is ~3x faster than 6 for ~25% larger layers.
_PNG_LEVEL = 1


def _png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=_PNG_LEVEL)
    return buf.getvalue()


def _encode_png(arr: np.ndarray) -> bytes:
    """Lossless PNG of uint8 RGBA (h, w, 4) or grey (h, w); OpenCV encodes ~40% faster than Pillow."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    if arr.ndim == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_RGBA2BGRA)
    ok, buf = cv2.imencode(".png", arr, [cv2.IMWRITE_PNG_COMPRESSION, _PNG_LEVEL])
    if not ok:
        raise SaveError("Cannot encode a layer as PNG.")
    return buf.tobytes()


def _layer_png(layer: Layer) -> bytes:
    """What every reader shows for the layer: its pixels with the layer mask applied."""
    if layer.width == 0 or layer.height == 0:
        return _encode_png(np.zeros((1, 1, 4), np.uint8))  # PNG cannot be empty
    return _encode_png(masked(layer.pixels, layer.shown_mask))


# A layer mask is written as Kintsugi's own: the layer's src holds the masked pixels (what GIMP and Krita
# show), kintsugi:mask-src the mask and kintsugi:unmasked-src the pixels under it, so nothing the mask
# hides is lost for us.
def _layer_mask_src(src: str) -> str:
    return src.replace(".png", "-mask.png")


def _unmasked_src(src: str) -> str:
    return src.replace(".png", "-unmasked.png")


def _grey_png(data: np.ndarray) -> bytes:
    return _encode_png(data)


def _fmt_float(value: float) -> str:
    return repr(float(value))  # shortest text that reads back as the same float


def _color_hex(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in color))


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str]) -> ET.Element:
    """A child element; every value goes through xml_safe so no document state makes stack.xml invalid."""
    return ET.SubElement(parent, tag, {key: xml_safe(value) for key, value in attrs.items()})


def _build_stack_xml(doc: Document, srcs: list[str], mask_srcs: list[str], selection_src: str | None) -> bytes:
    root = ET.Element("image", {"version": "0.0.6", "w": str(doc.width), "h": str(doc.height)})
    stack = _sub(root, "stack", {"name": "root"})
    if doc.masks or selection_src:
        extra = _sub(
            stack,
            "stack",
            {"name": MASKS_STACK_NAME, "visibility": "hidden", "opacity": "1.0", _k("masks"): "true"},
        )
        if selection_src:
            _sub(
                extra,
                "layer",
                {
                    "name": SELECTION_NAME, "src": selection_src, "x": "0", "y": "0", "opacity": "1.0",
                    "visibility": "hidden", "composite-op": "svg:src-over", _k("selection"): "true",
                },
            )
        for i, (mask, src) in enumerate(zip(doc.masks, mask_srcs)):
            attrs = {
                "name": mask.name, "src": src, "x": "0", "y": "0", "opacity": "1.0",
                "visibility": "hidden", "composite-op": "svg:src-over", _k("mask"): "true",
                _k("mask-visible"): "true" if mask.visible else "false", _k("color"): _color_hex(mask.color),
            }
            if i == doc.active_mask_index:
                attrs[_k("active")] = "true"
            _sub(extra, "layer", attrs)
    # ORA lists layers top-first; our list is bottom-first.
    for index in reversed(range(len(doc.layers))):
        layer = doc.layers[index]
        attrs = {
            "name": layer.name,
            "src": srcs[index],
            "x": str(int(layer.offset[0])),
            "y": str(int(layer.offset[1])),
            "opacity": _fmt_float(layer.opacity),
            "visibility": "visible" if layer.visible else "hidden",
            "composite-op": blend_to_op(layer.blend_mode),
            "edit-locked": "true" if layer.locked else "false",  # what Krita reads; kintsugi:locked before
        }
        if layer.width == 0 or layer.height == 0:
            attrs[_k("empty")] = "true"
        elif layer.mask is not None:
            attrs[_k("mask-src")] = _layer_mask_src(srcs[index])
            attrs[_k("mask-enabled")] = "true" if layer.mask_enabled else "false"
            if layer.mask_enabled:
                attrs[_k("unmasked-src")] = _unmasked_src(srcs[index])
        if index == doc.active_layer_index:
            attrs["selected"] = "true"
        _sub(stack, "layer", attrs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _metadata_json(meta: ImageMetadata) -> bytes:
    return json.dumps({"source_format": meta.source_format, "bit_depth": meta.bit_depth}, indent=1).encode()


def ora_bytes(doc: Document, merged: np.ndarray | None = None) -> bytes:
    """The complete .ora file for ``doc``; ``merged`` (RGBA) is the flattened canvas if already known."""
    if merged is None:
        from app.files.export import flatten

        merged = flatten(doc)
    srcs = [f"data/layer{i:03d}.png" for i in range(len(doc.layers))]
    mask_srcs = [f"data/mask{i:03d}.png" for i in range(len(doc.masks))]
    selection_src = "data/selection.png" if doc.selection is not None else None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        # ORA requires the mimetype first and uncompressed, so that `file` can sniff it at offset 38.
        zf.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("stack.xml", _build_stack_xml(doc, srcs, mask_srcs, selection_src), zipfile.ZIP_DEFLATED)
        # PNGs are already compressed; storing them saves time for nothing lost.
        for layer, src in zip(doc.layers, srcs):
            zf.writestr(src, _layer_png(layer), zipfile.ZIP_STORED)
            if layer.mask is not None and layer.width and layer.height:
                zf.writestr(_layer_mask_src(src), _grey_png(layer.mask), zipfile.ZIP_STORED)
                if layer.mask_enabled:
                    zf.writestr(_unmasked_src(src), _encode_png(layer.pixels), zipfile.ZIP_STORED)
        for mask, src in zip(doc.masks, mask_srcs):
            zf.writestr(src, _grey_png(mask.data), zipfile.ZIP_STORED)
        if selection_src is not None and doc.selection is not None:
            zf.writestr(selection_src, _grey_png(doc.selection), zipfile.ZIP_STORED)
        zf.writestr("mergedimage.png", _encode_png(merged), zipfile.ZIP_STORED)
        thumb = Image.fromarray(np.ascontiguousarray(merged), "RGBA")
        thumb.thumbnail((THUMBNAIL_MAX, THUMBNAIL_MAX))
        zf.writestr("Thumbnails/thumbnail.png", _png_bytes(thumb), zipfile.ZIP_STORED)
        zf.writestr(_META_JSON, _metadata_json(doc.metadata), zipfile.ZIP_DEFLATED)
        if doc.metadata.exif:
            zf.writestr(_EXIF, doc.metadata.exif, zipfile.ZIP_DEFLATED)
        if doc.metadata.icc_profile:
            zf.writestr(_ICC, doc.metadata.icc_profile, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def save_ora(doc: Document, path: str | Path, merged: np.ndarray | None = None) -> Path:
    """Save ``doc`` as an OpenRaster project, atomically. Does not change ``doc.path`` (callers do)."""
    data = ora_bytes(doc, merged)
    target = Path(path)
    atomic_write(target, lambda handle: handle.write(data))
    return target


# -- reading ---------------------------------------------------------------------------------------
@dataclass
class _Node:
    """One ORA <layer> with the attributes inherited from enclosing stacks applied."""

    element: ET.Element
    x: int
    y: int
    opacity: float
    visible: bool


def _attr_float(el: ET.Element, name: str, default: float) -> float:
    try:
        value = float(el.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, 0.0), 1.0) if np.isfinite(value) else default


def _attr_int(el: ET.Element, name: str) -> int:
    try:
        return int(round(float(el.get(name, 0))))
    except (TypeError, ValueError):
        return 0


def _is_masks_stack(el: ET.Element) -> bool:
    # Krita keeps a stack's name but drops our attributes, so the name alone still marks our masks.
    return el.get(_k("masks")) == "true" or el.get("name") == MASKS_STACK_NAME


def _is_selection(el: ET.Element) -> bool:
    """The selection among the masks; known by name where our attributes are gone (not a mask so named)."""
    if el.get(_k("selection")) == "true":
        return True
    return el.get(_k("mask")) is None and el.get("name") == SELECTION_NAME


def _is_locked(el: ET.Element) -> bool:
    # OpenRaster's edit-locked (Krita's too); projects saved before it have only kintsugi:locked.
    return el.get("edit-locked", el.get(_k("locked"))) == "true"


def _walk(stack: ET.Element, x: int, y: int, opacity: float, visible: bool, out: list, masks: list) -> None:
    for child in stack:
        cx = x + _attr_int(child, "x")
        cy = y + _attr_int(child, "y")
        cop = opacity * _attr_float(child, "opacity", 1.0)
        cvis = visible and child.get("visibility", "visible") != "hidden"
        if child.tag == "stack":
            if _is_masks_stack(child):
                masks.extend(c for c in child if c.tag == "layer")
            else:
                _walk(child, cx, cy, cop, cvis, out, masks)
        elif child.tag == "layer":
            out.append(_Node(child, cx, cy, cop, cvis))
        # Other elements (text, filter, unknown) are not pixels we can use.


class _OraReader:
    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zf = zf
        self.names = set(zf.namelist())

    def damaged(self, what: str) -> CorruptFileError:
        return CorruptFileError(f"The project “{self.path.name}” is damaged: {what}.", self.path)

    def read_member(self, name: str) -> bytes:
        if name not in self.names:
            raise self.damaged(f"“{name}” is missing")
        try:
            return self.zf.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise self.damaged(f"“{name}” cannot be read ({exc})") from exc

    def read_png(self, name: str) -> Image.Image:
        data = self.read_member(name)
        try:
            im = Image.open(io.BytesIO(data))
            check_size(f"{self.path.name}/{name}", im.width, im.height, self.path)
            im.load()
            return im
        except FileError:
            raise
        except Image.DecompressionBombError as exc:
            raise ImageTooLargeError(f"A layer in “{self.path.name}” is too large to open.", self.path) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError, zlib.error) as exc:
            raise self.damaged(f"the image “{name}” is unreadable ({exc})") from exc

    def read_rgba(self, name: str) -> np.ndarray:
        arr = to_rgb_array(self.read_png(name))
        if arr.shape[2] == 3:
            arr = np.concatenate([arr, np.full(arr.shape[:2] + (1,), 255, np.uint8)], axis=2)
        return arr

    def read_canvas_grey(self, name: str, x: int, y: int, width: int, height: int) -> np.ndarray:
        """A mask layer as (H, W) uint8 on the canvas (others may have cropped or moved it)."""
        im = self.read_png(name)
        alpha = np.asarray(im.getchannel("A"), np.uint8) if "A" in im.getbands() and im.mode != "LA" else None
        if alpha is not None and not (alpha == 255).all():
            grey = alpha  # a mask painted as alpha on colour
        else:
            grey = np.asarray(im.convert("L"), np.uint8)  # ours, or ours saved again as opaque RGBA by Krita
        canvas = np.zeros((height, width), np.uint8)
        _paste(canvas, grey, x, y)
        return canvas


def _paste(canvas: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    h, w = canvas.shape[:2]
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + src.shape[1], w), min(y + src.shape[0], h)
    if x1 > x0 and y1 > y0:
        canvas[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x]


def _parse_color(text: str | None) -> tuple[int, int, int] | None:
    if not text or not text.startswith("#") or len(text) != 7:
        return None
    try:
        return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)
    except ValueError:
        return None


# Before xml_safe, a NUL in a name (from a Krita PSD) went into stack.xml raw. Those bytes stand only for
# forbidden characters in UTF-8 (U+FFFE, U+FFFF are EF BF BE/BF), so dropping them rescues such projects.
_XML_FORBIDDEN_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _parse_stack_xml(reader: _OraReader) -> ET.Element:
    data = reader.read_member("stack.xml")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        try:
            return ET.fromstring(_XML_FORBIDDEN_BYTES.sub(b"", data))
        except ET.ParseError:
            raise reader.damaged(f"its layer list (stack.xml) is not valid XML ({exc})") from exc


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFileError(
            f"The project “{path.name}” is damaged or truncated and cannot be opened.", path
        ) from exc


def load_ora(path: str | Path) -> Document:
    """Read an OpenRaster file (ours or another program's) into a Document."""
    p = check_readable(path)
    with _open_zip(p) as zf:
        reader = _OraReader(p, zf)
        if "mimetype" in reader.names and reader.read_member("mimetype").strip() != MIMETYPE:
            raise UnsupportedFormatError(f"“{p.name}” is a zip file but not an OpenRaster image.", p)
        if "stack.xml" not in reader.names:
            raise UnsupportedFormatError(f"“{p.name}” is not an OpenRaster image (it has no stack.xml).", p)
        return _build_document(reader, _parse_stack_xml(reader))


def _build_document(reader: _OraReader, root: ET.Element) -> Document:
    try:
        width, height = int(root.get("w", "")), int(root.get("h", ""))
    except ValueError as exc:
        raise reader.damaged("the image size is missing from stack.xml") from exc
    if width <= 0 or height <= 0:
        raise reader.damaged(f"the image size {width} × {height} is not valid")
    check_size(reader.path.name, width, height, reader.path)
    top = root.find("stack")
    nodes: list[_Node] = []
    mask_elements: list[ET.Element] = []
    if top is not None:
        _walk(top, 0, 0, 1.0, True, nodes, mask_elements)

    doc = Document(width, height)
    active = -1
    for node in reversed(nodes):  # bottom-first
        el = node.element
        src = el.get("src")
        if not src:
            continue  # a layer without pixels (e.g. a text placeholder)
        pixels = reader.read_rgba(el.get(_k("unmasked-src")) or src)
        if el.get(_k("empty")) == "true":
            pixels = np.zeros((0, 0, 4), np.uint8)
        doc.layers.append(
            Layer(
                name=el.get("name", f"Layer {len(doc.layers) + 1}"),
                pixels=pixels,
                visible=node.visible,
                locked=_is_locked(el),
                opacity=node.opacity,
                blend_mode=op_to_blend(el.get("composite-op")),
                offset=(node.x, node.y),
                mask=_read_layer_mask(reader, el, pixels.shape[:2]),
                mask_enabled=el.get(_k("mask-enabled"), "true") != "false",
            )
        )
        if el.get("selected") == "true":
            active = len(doc.layers) - 1
    doc.active_layer_index = active if active >= 0 else len(doc.layers) - 1

    for el in mask_elements:
        data = reader.read_canvas_grey(el.get("src", ""), _attr_int(el, "x"), _attr_int(el, "y"), width, height)
        if _is_selection(el):
            doc.selection = data
            continue
        mask = Mask(name=el.get("name", f"Mask {len(doc.masks) + 1}"), data=data)
        mask.visible = el.get(_k("mask-visible"), "true") != "false"
        mask.color = _parse_color(el.get(_k("color"))) or mask.color
        doc.masks.append(mask)
        if el.get(_k("active")) == "true":
            doc.active_mask_index = len(doc.masks) - 1

    doc.metadata = _read_metadata(reader)
    doc.path = reader.path
    return doc


def _read_layer_mask(reader: _OraReader, el: ET.Element, shape: tuple[int, ...]) -> np.ndarray | None:
    name = el.get(_k("mask-src"))
    if not name or el.get(_k("empty")) == "true":
        return None
    mask = np.asarray(reader.read_png(name).convert("L"))
    if mask.shape != shape:
        raise reader.damaged(f"the layer mask of “{el.get('name', '')}” does not have the layer's size")
    return mask


def _read_metadata(reader: _OraReader) -> ImageMetadata:
    meta = ImageMetadata()
    if _META_JSON in reader.names:
        try:
            info = json.loads(reader.read_member(_META_JSON))
            meta.source_format = info.get("source_format") or None
            meta.bit_depth = int(info.get("bit_depth", 8))
        except (ValueError, TypeError, AttributeError):
            pass  # metadata is a nicety; the pixels still open
    if _EXIF in reader.names:
        meta.exif = reader.read_member(_EXIF)
    if _ICC in reader.names:
        meta.icc_profile = reader.read_member(_ICC)
    return meta


def read_layer_summary(path: str | Path) -> tuple[int, int, list[dict]]:
    """Canvas size and layer attributes (top-first) without decoding pixels, for ``info``."""
    p = check_readable(path)
    with _open_zip(p) as zf:
        reader = _OraReader(p, zf)
        root = _parse_stack_xml(reader)
        try:
            width, height = int(root.get("w", "0")), int(root.get("h", "0"))
        except ValueError as exc:
            raise reader.damaged("the image size in its layer list (stack.xml) cannot be read") from exc
        nodes: list[_Node] = []
        masks: list[ET.Element] = []
        top = root.find("stack")
        if top is not None:
            _walk(top, 0, 0, 1.0, True, nodes, masks)
    layers = [
        {
            "name": n.element.get("name", ""),
            "x": n.x,
            "y": n.y,
            "opacity": n.opacity,
            "visible": n.visible,
            "locked": _is_locked(n.element),
            "blend": op_to_blend(n.element.get("composite-op")).value,
        }
        for n in nodes
    ]
    layers += [
        {"name": m.get("name", ""), "mask": True}
        for m in masks
        if not _is_selection(m)
    ]
    return width, height, layers
