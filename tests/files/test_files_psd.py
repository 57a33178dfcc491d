"""Importing layered PSDs: a real layered file is written with psd-tools, saved to disk and imported."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from psd_tools import PSDImage
from psd_tools.constants import BlendMode as PsdBlend
from psd_tools.constants import ProtectedFlags

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
    assert np.array_equal(cat.pixels[:, :, 3], np.linspace(0, 255, 60, dtype=np.uint8)[None, :].repeat(40, 0))
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


def test_layer_mask_is_applied_to_alpha(tmp_path, coffee):
    psd = PSDImage.new("RGB", (80, 60))
    layer = psd.create_pixel_layer(Image.fromarray(coffee[:40, :50]), name="masked", top=10, left=20)
    mask = np.full((20, 30), 255, np.uint8)
    mask[:, :10] = 0
    mask[:, 10:20] = 100
    layer.create_mask(Image.fromarray(mask, "L"), top=15, left=25)  # smaller than the layer, offset
    path = tmp_path / "mask.psd"
    psd.save(path)
    out = import_psd(path).document.layers[0]
    alpha = out.pixels[:, :, 3]
    assert out.offset == (20, 10) and alpha.shape == (40, 50)
    region = alpha[5:25, 5:35]  # where the mask lies, in layer coordinates
    assert (region[:, :10] == 0).all() and (region[:, 10:20] == 100).all() and (region[:, 20:] == 255).all()
    outside = np.ones_like(alpha, bool)
    outside[5:25, 5:35] = False
    background = int(psd[0].mask.background_color) if psd[0].mask is not None else 0
    assert (alpha[outside] == background).all()
    assert np.array_equal(out.pixels[:, :, :3], coffee[:40, :50])
