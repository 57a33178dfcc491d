"""OpenRaster interop (issue 16): names no stack.xml can choke on, the blend-mode table, OpenRaster's
edit-locked, and masks that come back from Krita without our attributes."""
from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from PIL import Image

from app.cli import EXIT_OK, run_cli
from app.document import BlendMode, Document, Layer, Mask
from app.files import open_document, save_project
from app.files.autosave import AutosaveSession
from app.files.ora import COMPOSITE_OPS, NS, blend_to_op, load_ora, op_to_blend


def _xml_char(ch: str) -> bool:
    """The XML 1.0 ``Char`` production, written out independently of the code under test."""
    c = ord(ch)
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF


def _cleaned(name: str) -> str:
    return "".join(ch for ch in name if _xml_char(ch))


def _nasty_names() -> list[str]:
    names = [f"a{chr(c)}b" for c in range(32)]  # every C0 control, tab/LF/CR included
    names += [
        "Paint Layer 1\x00", "\x00", "", " ", "\ufffe", "\uffff", "x\ufffey\uffffz", "\ud800", "\udfff",
        "lone \udc80 low", "pair \ud83d\ude00 as halves", "\x7f DEL \x85 NEL \x9f", '"quoted"', "'single'",
        "a & b", "&amp; &#0; &lt;", "<layer>", "]]> <!-- -->", "修复层 第一层", "🖼️ 👨‍👩‍👧 emoji",
        "שכבה RTL", "tab\there\nnewline\r\nCRLF", "長" * 5000, "x" * 100_000,
    ]
    rng = random.Random(16)
    pool = [chr(c) for c in range(0x250)] + ["\ud800", "\udbff", "\ufffe", "\uffff", "😀", "漢"]
    names += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(150)]
    return names


def _doc_named(names: list[str]) -> Document:
    doc = Document(8, 6)
    for i, name in enumerate(names):
        doc.layers.append(Layer(name, np.full((1, 1, 4), i % 256, np.uint8), offset=(i % 8, 0)))
        doc.masks.append(Mask(name, np.full((6, 8), i % 256, np.uint8)))
    return doc


def test_any_layer_or_mask_name_saves_and_reopens_cleaned(tmp_path):
    names = _nasty_names()
    path = tmp_path / "names.ora"
    save_project(_doc_named(names), path)
    back = open_document(path)
    assert [layer.name for layer in back.layers] == [_cleaned(n) for n in names]
    assert [mask.name for mask in back.masks] == [_cleaned(n) for n in names]
    assert len(back.layers) == len(names) and back.selection is None  # a mask named "" is still a mask
    assert run_cli(["info", "--json", str(path)]) == EXIT_OK


def test_crash_recovery_snapshot_of_a_krita_named_layer_reopens(tmp_path, coffee):
    doc = Document.from_image(coffee[:20, :30])
    doc.layers[0].name = "Paint Layer 1\x00"
    doc.masks.append(Mask("Mask\x00\x01", np.zeros((20, 30), np.uint8)))
    snapshot = AutosaveSession(tmp_path / "autosave").write(doc)
    back = load_ora(snapshot)
    assert back.layers[0].name == "Paint Layer 1" and back.masks[0].name == "Mask"


def _zip_ora(path, stack_xml: bytes, pngs: dict[str, np.ndarray]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "image/openraster")
        zf.writestr("stack.xml", stack_xml)
        for name, arr in pngs.items():
            buf = io.BytesIO()
            Image.fromarray(arr).save(buf, format="PNG")
            zf.writestr(name, buf.getvalue())


def test_project_saved_with_a_raw_nul_in_stack_xml_still_opens(tmp_path, capsys):
    """What Kintsugi wrote before names were made XML-safe: a NUL byte inside an attribute."""
    stack = (
        b'<?xml version="1.0" encoding="utf-8"?><image w="4" h="3"><stack>'
        b'<layer name="Paint Layer 1\x00" src="data/a.png" x="0" y="0"/>'
        b'<layer name="odd \xef\xbf\xbe\x01 name" src="data/a.png" x="1" y="0"/>'
        b"</stack></image>"
    )
    path = tmp_path / "old.ora"
    _zip_ora(path, stack, {"data/a.png": np.full((3, 4, 4), 90, np.uint8)})
    doc = load_ora(path)
    assert [layer.name for layer in doc.layers] == ["odd  name", "Paint Layer 1"]
    assert run_cli(["info", "--json", str(path)]) == EXIT_OK
    assert [layer["name"] for layer in json.loads(capsys.readouterr().out)["layers"]] == [
        "Paint Layer 1", "odd  name"]


def test_blend_table_covers_every_mode_and_round_trips():
    assert set(COMPOSITE_OPS) == set(BlendMode)
    written = [blend_to_op(mode) for mode in BlendMode]
    assert len(set(written)) == len(written)
    for mode in BlendMode:
        for op in COMPOSITE_OPS[mode]:
            assert op_to_blend(op) == mode
    assert op_to_blend(None) == BlendMode.NORMAL and op_to_blend("krita:linear_burn") == BlendMode.NORMAL


def test_exclusion_is_written_as_krita_reads_it_and_both_spellings_are_read(tmp_path):
    doc = Document(4, 3)
    doc.layers.append(Layer("ex", np.zeros((3, 4, 4), np.uint8), blend_mode=BlendMode.EXCLUSION))
    path = tmp_path / "ex.ora"
    save_project(doc, path)
    with zipfile.ZipFile(path) as zf:
        (layer,) = ET.fromstring(zf.read("stack.xml")).iter("layer")
    assert layer.get("composite-op") == "krita:exclusion"

    stack = (
        b'<image w="4" h="3"><stack>'
        b'<layer name="krita" src="data/a.png" composite-op="krita:exclusion"/>'
        b'<layer name="svg" src="data/a.png" composite-op="svg:exclusion"/>'
        b"</stack></image>"
    )
    theirs = tmp_path / "theirs.ora"
    _zip_ora(theirs, stack, {"data/a.png": np.zeros((3, 4, 4), np.uint8)})
    assert [layer.blend_mode for layer in load_ora(theirs).layers] == [BlendMode.EXCLUSION] * 2


def test_locks_use_openraster_edit_locked_and_old_projects_still_read(tmp_path, capsys):
    doc = Document(4, 3)
    doc.layers.append(Layer("free", np.zeros((3, 4, 4), np.uint8)))
    doc.layers.append(Layer("held", np.zeros((3, 4, 4), np.uint8), locked=True))
    path = tmp_path / "locks.ora"
    save_project(doc, path)
    with zipfile.ZipFile(path) as zf:
        layers = {el.get("name"): el for el in ET.fromstring(zf.read("stack.xml")).iter("layer")}
    assert layers["held"].get("edit-locked") == "true" and layers["free"].get("edit-locked") == "false"
    assert [layer.locked for layer in load_ora(path).layers] == [False, True]
    assert run_cli(["info", "--json", str(path)]) == EXIT_OK
    info = json.loads(capsys.readouterr().out)
    assert [(layer["name"], layer["locked"]) for layer in info["layers"]] == [("held", True), ("free", False)]
    assert run_cli(["info", str(path)]) == EXIT_OK
    assert "held  at (0, 0), opacity 100%, normal, locked" in capsys.readouterr().out

    stack = (
        f'<image xmlns:kintsugi="{NS}" w="4" h="3"><stack>'
        '<layer name="krita" src="data/a.png" edit-locked="true"/>'
        '<layer name="old kintsugi" src="data/a.png" kintsugi:locked="true"/>'
        '<layer name="unlocked in krita" src="data/a.png" edit-locked="false" kintsugi:locked="true"/>'
        "</stack></image>"
    ).encode()
    theirs = tmp_path / "theirs.ora"
    _zip_ora(theirs, stack, {"data/a.png": np.zeros((3, 4, 4), np.uint8)})
    assert {layer.name: layer.locked for layer in load_ora(theirs).layers} == {
        "krita": True, "old kintsugi": True, "unlocked in krita": False}


def _opaque(grey: np.ndarray) -> np.ndarray:
    return np.dstack([grey, grey, grey, np.full_like(grey, 255)])


def _krita_saved_masks(path, coffee) -> tuple[np.ndarray, np.ndarray]:
    """Our masks stack as Krita 5.1 writes it back: our attributes gone, masks as opaque RGBA layers."""
    mask = np.zeros((30, 40), np.uint8)
    mask[5:15, 10:30] = 255
    mask[20:25] = 100
    selection = np.zeros((30, 40), np.uint8)
    selection[2:12, 2:12] = 255
    stack = b"""<image version="0.0.1" w="40" h="30" yres="75" xres="75">
 <stack opacity="1" isolation="isolate" x="0" y="0" name="root" visibility="visible" composite-op="svg:src-over">
  <stack opacity="1" isolation="auto" x="0" y="0" name="Kintsugi masks" visibility="hidden"
         composite-op="svg:src-over">
   <layer src="data/layer2.png" opacity="1" x="0" y="0" name="Selection" visibility="hidden"
          composite-op="svg:src-over"/>
   <layer src="data/layer1.png" opacity="1" x="0" y="0" name="scratches" visibility="hidden"
          composite-op="svg:src-over"/>
  </stack>
  <layer src="data/layer0.png" opacity="1" x="0" y="0" selected="true" name="Background" visibility="visible"
         composite-op="svg:src-over"/>
 </stack>
</image>"""
    pngs = {
        "data/layer0.png": _opaque(coffee[:30, :40, 0]),
        "data/layer1.png": _opaque(mask),
        "data/layer2.png": _opaque(selection),
    }
    _zip_ora(path, stack, pngs)
    return mask, selection


def test_masks_back_from_krita_without_our_attributes_are_masks_again(tmp_path, coffee, capsys):
    path = tmp_path / "from_krita.ora"
    mask, selection = _krita_saved_masks(path, coffee)
    doc = load_ora(path)
    assert [layer.name for layer in doc.layers] == ["Background"]
    assert [m.name for m in doc.masks] == ["scratches"]
    assert np.array_equal(doc.masks[0].data, mask)  # from the grey values, not the opaque alpha
    assert np.array_equal(doc.selection, selection)
    assert run_cli(["info", "--json", str(path)]) == EXIT_OK
    layers = json.loads(capsys.readouterr().out)["layers"]
    assert [(layer["name"], layer.get("mask", False)) for layer in layers] == [
        ("Background", False), ("scratches", True)]


def test_our_mask_named_selection_stays_a_mask(tmp_path):
    doc = Document(4, 3)
    doc.masks.append(Mask("Selection", np.full((3, 4), 7, np.uint8)))
    path = tmp_path / "m.ora"
    save_project(doc, path)
    back = load_ora(path)
    assert [m.name for m in back.masks] == ["Selection"] and back.selection is None


@pytest.mark.parametrize("alpha", [0, 128])
def test_a_mask_painted_as_alpha_is_still_read_from_alpha(tmp_path, alpha):
    stack = (
        f'<image xmlns:kintsugi="{NS}" w="4" h="3"><stack>'
        '<stack name="Kintsugi masks" kintsugi:masks="true">'
        '<layer name="m" src="data/m.png" kintsugi:mask="true"/></stack>'
        "</stack></image>"
    ).encode()
    painted = np.zeros((3, 4, 4), np.uint8)
    painted[..., 3] = alpha
    painted[0, 0, 3] = 255
    path = tmp_path / "alpha.ora"
    _zip_ora(path, stack, {"data/m.png": painted})
    assert np.array_equal(load_ora(path).masks[0].data, painted[..., 3])
