"""Importing layered PSDs: a real layered file is written with psd-tools, saved to disk and imported."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from psd_tools import PSDImage
from psd_tools.constants import BlendMode as PsdBlend
from psd_tools.constants import ProtectedFlags

from app.cli import EXIT_OK, run_cli
from app.compositor import Compositor, masked
from app.document import BlendMode
from app.files import detect_kind, open_document
from app.files.psd_import import import_psd


@pytest.fixture()
def layered_psd(tmp_path, astronaut, coffee, chelsea):
    psd = PSDImage.new("RGB", (160, 120))
    psd.create_pixel_layer(Image.fromarray(astronaut[:120, :160]), name="Background")
    cat = np.dstack([chelsea[:40, :60], np.linspace(0, 255, 60, dtype=np.uint8)[None, :].repeat(40, 0)])
    psd.create_pixel_layer(
        Image.fromarray(cat, "RGBA"), name="Cat «multiply»", top=30, left=50, opacity=128,
        blend_mode=PsdBlend.MULTIPLY,
    )
    hidden = psd.create_pixel_layer(Image.fromarray(coffee[:20, :25]), name="Hidden screen", top=5, left=7,
                                    blend_mode=PsdBlend.SCREEN)
    hidden.visible = False
    burn = psd.create_pixel_layer(Image.fromarray(coffee[50:80, 60:100]), name="Linear burn", top=70, left=100,
                                  blend_mode=PsdBlend.LINEAR_BURN)
    burn.lock(ProtectedFlags.COMPOSITE)
    burn.lock(ProtectedFlags.COMPOSITE)  # psd-tools 1.26 drops the flags on the call that creates the block
    inner = psd.create_pixel_layer(Image.fromarray(chelsea[100:110, 200:230]), name="In group", top=2, left=3,
                                   opacity=204)
    psd.create_group([inner], name="Group", opacity=128)
    path = tmp_path / "layered.psd"
    psd.save(path)
    return path


def test_layered_psd_imports_as_layers(layered_psd, astronaut, chelsea, coffee):
    assert detect_kind(layered_psd) == "psd"
    result = import_psd(layered_psd)
    doc = result.document
    assert doc.size == (160, 120) and doc.metadata.source_format == "PSD" and doc.metadata.bit_depth == 8
    names = [layer.name for layer in doc.layers]
    assert names == ["Background", "Cat «multiply»", "Hidden screen", "Linear burn", "In group"]
    bg, cat, hidden, burn, grouped = doc.layers
    assert np.array_equal(bg.pixels[:, :, :3], astronaut[:120, :160])
    assert (bg.pixels[:, :, 3] == 255).all() and bg.blend_mode == BlendMode.NORMAL

    assert cat.offset == (50, 30) and cat.blend_mode == BlendMode.MULTIPLY
    assert cat.opacity == pytest.approx(128 / 255)
    assert cat.pixels.shape == (40, 60, 4)
    # psd-tools writes an RGBA layer's transparency as a layer mask: it shows as the same alpha
    shown = masked(cat.pixels, cat.shown_mask)
    assert np.array_equal(shown[:, :, 3], np.linspace(0, 255, 60, dtype=np.uint8)[None, :].repeat(40, 0))
    opaque = cat.pixels[:, -1]
    assert np.array_equal(opaque[:, :3], chelsea[:40, 59])

    assert not hidden.visible and hidden.blend_mode == BlendMode.SCREEN and hidden.offset == (7, 5)
    assert np.array_equal(hidden.pixels[:, :, :3], coffee[:20, :25])
    assert burn.blend_mode == BlendMode.NORMAL and "Linear burn" in result.approximated
    assert burn.locked and not bg.locked
    assert grouped.offset == (3, 2)
    assert grouped.opacity == pytest.approx(204 / 255 * 128 / 255)  # the group's opacity carries down
    assert doc.active_layer_index == 4


def test_open_document_reads_psd_by_content(layered_psd, tmp_path):
    renamed = tmp_path / "renamed.png"
    renamed.write_bytes(layered_psd.read_bytes())
    doc = open_document(renamed)
    assert len(doc.layers) == 5 and doc.path == renamed


def test_truncated_psd_is_a_clear_error(layered_psd, tmp_path):
    from app.files.errors import CorruptFileError

    cut = tmp_path / "cut.psd"
    cut.write_bytes(layered_psd.read_bytes()[:3000])
    with pytest.raises(CorruptFileError) as info:
        open_document(cut)
    assert "cut.psd" in str(info.value)


def test_a_layer_mask_comes_in_as_the_layers_mask(tmp_path, coffee):
    psd = PSDImage.new("RGB", (80, 60))
    layer = psd.create_pixel_layer(Image.fromarray(coffee[:40, :50]), name="masked", top=10, left=20)
    mask = np.full((20, 30), 255, np.uint8)
    mask[:, :10] = 0
    mask[:, 10:20] = 100
    layer.create_mask(Image.fromarray(mask, "L"), top=15, left=25)  # smaller than the layer, offset
    path = tmp_path / "mask.psd"
    psd.save(path)
    out = import_psd(path).document.layers[0]
    assert out.offset == (20, 10) and out.mask is not None and out.mask.shape == (40, 50) and out.mask_enabled
    assert (out.pixels[:, :, 3] == 255).all()  # nothing is baked in: the mask stays editable
    region = out.mask[5:25, 5:35]  # where the mask lies, in layer coordinates
    assert (region[:, :10] == 0).all() and (region[:, 10:20] == 100).all() and (region[:, 20:] == 255).all()
    outside = np.ones_like(out.mask, bool)
    outside[5:25, 5:35] = False
    background = int(psd[0].mask.background_color) if psd[0].mask is not None else 0
    assert (out.mask[outside] == background).all()
    assert np.array_equal(out.pixels[:, :, :3], coffee[:40, :50])
    shown = Compositor(import_psd(path).document, follow=False).render()[10:50, 20:70, 3]
    assert np.array_equal(shown, out.mask)  # the layer looks as it does in Photoshop


def _drop_channels(path, index: int) -> None:
    """Rewrite ``path`` keeping only the red channel of layer ``index``: a 1-channel layer record as
    Krita writes for masks, which psd-tools cannot decode ("Channels mismatch")."""
    psd = PSDImage.open(path)
    info = psd._record.layer_and_mask_information.layer_info  # no public API writes such a layer
    record, data = info.layer_records[index], info.channel_image_data[index]
    keep = [i for i, channel in enumerate(record.channel_info) if channel.id == 0]
    record.channel_info = [record.channel_info[i] for i in keep]
    info.channel_image_data[index] = type(data)([data[i] for i in keep])
    psd.save(path)


def test_layer_psd_tools_cannot_decode_is_skipped_and_named(tmp_path, coffee, chelsea):
    psd = PSDImage.new("RGB", (60, 40))
    psd.create_pixel_layer(Image.fromarray(coffee[:40, :60]), name="Base")
    psd.create_pixel_layer(Image.fromarray(chelsea[:10, :12]), name="Krita mask\x00", top=3, left=4)
    psd.create_pixel_layer(Image.fromarray(chelsea[50:60, :20]), name="Top", top=20, left=30)
    path = tmp_path / "krita.psd"
    psd.save(path)
    _drop_channels(path, 1)
    result = import_psd(path)
    assert [layer.name for layer in result.document.layers] == ["Base", "Top"]
    assert result.unreadable == ["Krita mask"] and result.skipped == []
    assert np.array_equal(result.document.layers[1].pixels[:, :, :3], chelsea[50:60, :20])
    assert result.document.active_layer_index == 1
    assert any("Krita mask" in note for note in result.document.metadata.open_notes)


def test_psd_whose_only_layer_cannot_be_decoded_opens_its_flattened_image(tmp_path, coffee):
    psd = PSDImage.new("RGB", (30, 20))
    psd.create_pixel_layer(Image.fromarray(coffee[:20, :30]), name="Only")
    path = tmp_path / "only.psd"
    psd.save(path)
    _drop_channels(path, 0)
    result = import_psd(path)
    assert result.unreadable == ["Only"]
    assert [layer.name for layer in result.document.layers] == ["Background"]
    assert result.document.layers[0].pixels.shape == (20, 30, 4)


def test_krita_names_are_cleaned_and_the_converted_project_reopens(tmp_path, coffee, capsys):
    psd = PSDImage.new("RGB", (30, 20))
    psd.create_pixel_layer(Image.fromarray(coffee[:20, :30]), name="Paint Layer 1\x00")
    bell = psd.create_pixel_layer(Image.fromarray(coffee[:5, :5]), name="x")
    bell.name = " Bell\x07 \x1b[1m red\x7f\x9b\x00 "
    bell.lock(ProtectedFlags.COMPOSITE)
    bell.lock(ProtectedFlags.COMPOSITE)  # psd-tools 1.26 drops the flags on the call that creates the block
    path = tmp_path / "krita.psd"
    psd.save(path)
    assert [layer.name for layer in import_psd(path).document.layers] == ["Paint Layer 1", "Bell [1m red"]

    assert run_cli(["info", "--json", str(path)]) == EXIT_OK
    layers = json.loads(capsys.readouterr().out)["layers"]
    assert [(layer["name"], layer["locked"]) for layer in layers] == [("Bell [1m red", True),
                                                                      ("Paint Layer 1", False)]
    ora = tmp_path / "krita.ora"
    assert run_cli(["convert", str(path), str(ora)]) == EXIT_OK
    back = open_document(ora)
    assert [(layer.name, layer.locked) for layer in back.layers] == [("Paint Layer 1", False), ("Bell [1m red", True)]
