"""OpenRaster projects: full round trip, the file layout other programs expect, and their files."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from PIL import Image

from app.compositor import Compositor
from app.document import BlendMode, Document, ImageMetadata, Layer, Mask
from app.files import open_document, save_project
from app.files.ora import NS, load_ora


def _rgba(rgb: np.ndarray, alpha: np.ndarray | None = None) -> np.ndarray:
    a = np.full(rgb.shape[:2], 255, np.uint8) if alpha is None else alpha
    return np.dstack([rgb, a]).astype(np.uint8)


@pytest.fixture()
def rich_doc(astronaut, coffee, chelsea) -> Document:
    doc = Document.from_image(astronaut[:160, :200])
    rng = np.random.default_rng(7)
    modes = list(BlendMode)
    for i, mode in enumerate(modes):
        src = (coffee if i % 2 else chelsea)[i * 7 : i * 7 + 30 + i, 40 : 80 + 2 * i]
        alpha = rng.integers(0, 256, src.shape[:2], dtype=np.uint8)  # every alpha level must survive
        doc.layers.append(
            Layer(
                name=f"Layer {i} «{mode.value}» & <ünïcode>",
                pixels=_rgba(src, alpha),
                visible=i % 3 != 0,
                locked=i % 2 == 0,
                opacity=round(0.05 + i * 0.07, 3) if i != 4 else 1 / 3,
                blend_mode=mode,
                offset=(-7 + 11 * i, 13 - 5 * i),
            )
        )
    doc.active_layer_index = 5
    for j in range(3):
        data = (rng.random((160, 200)) < 0.3 * (j + 1)).astype(np.uint8) * 255
        data[j * 10 : j * 10 + 5] = 128  # soft mask values too
        doc.masks.append(Mask(name=f"Mask {j}", data=data, visible=j != 1, color=(10 * j, 200, 255 - j)))
    doc.active_mask_index = 1
    selection = np.zeros((160, 200), np.uint8)
    selection[20:90, 30:150] = 255
    selection[50:60, 30:150] = 77
    doc.selection = selection
    doc.metadata = ImageMetadata(source_format="TIFF", exif=b"Exif\x00\x00MM-fake", icc_profile=b"icc-bytes",
                                 bit_depth=16)
    return doc


def test_round_trip_keeps_every_property_mask_and_pixel(tmp_path, rich_doc):
    path = tmp_path / "project.ora"
    save_project(rich_doc, path)
    assert rich_doc.path == path
    back = open_document(path)
    assert back.size == rich_doc.size and back.path == path
    assert len(back.layers) == len(rich_doc.layers)
    for a, b in zip(rich_doc.layers, back.layers):
        assert (a.name, a.visible, a.locked, a.opacity, a.blend_mode, a.offset) == (
            b.name, b.visible, b.locked, b.opacity, b.blend_mode, b.offset)
        assert np.array_equal(a.pixels, b.pixels)
    assert back.active_layer_index == rich_doc.active_layer_index
    assert len(back.masks) == 3
    for a, b in zip(rich_doc.masks, back.masks):
        assert (a.name, a.visible, a.color) == (b.name, b.visible, b.color)
        assert np.array_equal(a.data, b.data)
    assert back.active_mask_index == 1
    assert np.array_equal(back.selection, rich_doc.selection)
    assert back.metadata == rich_doc.metadata


def test_layout_is_valid_openraster(tmp_path, astronaut):
    doc = Document.from_image(astronaut)  # 512 x 512: the thumbnail must shrink to 256
    doc.layers.append(Layer("half", _rgba(astronaut[:100, :100, ::-1]), opacity=0.5, offset=(30, 40)))
    doc.masks.append(Mask("m", np.zeros((512, 512), np.uint8)))
    path = tmp_path / "layout.ora"
    save_project(doc, path)
    raw = path.read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:54] == b"image/openraster"  # what `file` sniffs
    with zipfile.ZipFile(path) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"image/openraster"
        xml = zf.read("stack.xml").decode()
        assert f'xmlns:kintsugi="{NS}"' in xml
        root = ET.fromstring(xml)
        assert (root.get("w"), root.get("h")) == ("512", "512")
        layers = [el for el in root.find("stack") if el.tag == "layer"]
        assert [el.get("name") for el in layers] == ["half", "Background"]  # top first
        assert layers[0].get("composite-op") == "svg:src-over" and layers[0].get("opacity") == "0.5"
        assert (layers[0].get("x"), layers[0].get("y")) == ("30", "40")
        assert layers[0].get("visibility") == "visible"
        for el in root.iter("layer"):
            Image.open(io.BytesIO(zf.read(el.get("src")))).verify()
        masks_stack = root.find("stack").find("stack")
        assert masks_stack.get("visibility") == "hidden" and masks_stack.get(f"{{{NS}}}masks") == "true"
        merged = np.asarray(Image.open(io.BytesIO(zf.read("mergedimage.png"))).convert("RGBA"))
        assert np.array_equal(merged, Compositor(doc).render())
        thumb = Image.open(io.BytesIO(zf.read("Thumbnails/thumbnail.png")))
        assert max(thumb.size) == 256


def _foreign_ora(path, coffee, chelsea) -> None:
    """An .ora like GIMP/Krita write: nested groups, foreign attributes, grey and RGB layers."""
    def png(arr, mode):
        buf = io.BytesIO()
        Image.fromarray(arr, mode).save(buf, format="PNG")
        return buf.getvalue()

    stack = """<?xml version="1.0" encoding="UTF-8"?>
<image version="0.0.5" w="120" h="90" xres="300" yres="300" xmlns:krita="http://krita.org/ns">
 <stack>
  <layer name="ink" src="data/ink.png" x="5" y="6" opacity="0.8" composite-op="svg:darken" krita:foo="1"
         selected="true"/>
  <stack name="group" opacity="0.5" x="10" y="20" visibility="visible" isolation="isolate">
   <layer name="grey" src="data/grey.png" opacity="0.5" composite-op="krita:linear-burn"/>
   <stack name="hidden group" visibility="hidden">
     <layer name="deep" src="data/deep.png" x="1" y="2" composite-op="svg:screen"/>
   </stack>
  </stack>
  <text name="ignored"/>
  <layer name="paper" src="data/paper.png" visibility="visible"/>
 </stack>
</image>"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "image/openraster")
        zf.writestr("stack.xml", stack)
        zf.writestr("data/ink.png", png(np.dstack([chelsea[:20, :30], np.full((20, 30), 200, np.uint8)]), "RGBA"))
        zf.writestr("data/grey.png", png(coffee[:40, :50, 0], "L"))
        zf.writestr("data/deep.png", png(coffee[:10, :10], "RGB"))
        zf.writestr("data/paper.png", png(chelsea[:90, :120], "RGB"))


def test_reads_other_programs_ora(tmp_path, coffee, chelsea):
    path = tmp_path / "krita.ora"
    _foreign_ora(path, coffee, chelsea)
    doc = load_ora(path)
    assert doc.size == (120, 90)
    names = [layer.name for layer in doc.layers]
    assert names == ["paper", "deep", "grey", "ink"]  # bottom first, groups flattened
    paper, deep, grey, ink = doc.layers
    assert np.array_equal(paper.pixels[:, :, :3], chelsea[:90, :120])
    assert (ink.offset, ink.opacity, ink.blend_mode) == ((5, 6), 0.8, BlendMode.DARKEN)
    assert (ink.pixels[:, :, 3] == 200).all()
    assert grey.offset == (10, 20) and grey.opacity == pytest.approx(0.25)
    assert grey.blend_mode == BlendMode.NORMAL  # krita-only operator: nearest we have
    assert np.array_equal(grey.pixels[:, :, 1], coffee[:40, :50, 0])
    assert deep.offset == (11, 22) and not deep.visible and deep.blend_mode == BlendMode.SCREEN
    assert paper.visible and ink.visible
    assert doc.active_layer_index == 3
    assert doc.masks == [] and doc.selection is None


def test_masks_are_grey_hidden_layers_for_other_programs(tmp_path, coffee):
    doc = Document.from_image(coffee[:50, :60])
    mask = np.zeros((50, 60), np.uint8)
    mask[10:20, 5:55] = 255
    doc.masks.append(Mask("scratches", mask))
    path = tmp_path / "m.ora"
    save_project(doc, path)
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("stack.xml"))
        mask_layers = [el for el in root.iter("layer") if el.get(f"{{{NS}}}mask") == "true"]
        assert len(mask_layers) == 1 and mask_layers[0].get("visibility") == "hidden"
        png = Image.open(io.BytesIO(zf.read(mask_layers[0].get("src"))))
        assert png.mode == "L" and np.array_equal(np.asarray(png), mask)


def test_empty_document_and_overwrite(tmp_path, chelsea):
    path = tmp_path / "p.ora"
    save_project(Document(64, 48), path)
    assert load_ora(path).layers == []
    save_project(Document.from_image(chelsea[:48, :64]), path)  # replaces the file in place
    back = load_ora(path)
    assert len(back.layers) == 1 and np.array_equal(back.layers[0].pixels[:, :, :3], chelsea[:48, :64])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.ora"]
