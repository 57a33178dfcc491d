"""Opening flat images: formats, EXIF orientation and metadata, 16-bit, odd modes, content sniffing."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms, ImageOps

from app.files import detect_kind, open_document, read_image_array
from app.files.image_io import apply_orientation, to_uint8


@pytest.fixture()
def crop(astronaut) -> np.ndarray:
    return np.ascontiguousarray(astronaut[100:196, 150:278])  # 96 x 128, not square: shows rotations


@pytest.mark.parametrize("fmt,ext,lossless", [
    ("PNG", ".png", True), ("TIFF", ".tif", True), ("BMP", ".bmp", True),
    ("WEBP", ".webp", False), ("JPEG", ".jpg", False),
])
def test_open_each_format(tmp_path, crop, fmt, ext, lossless):
    path = tmp_path / f"photo{ext}"
    Image.fromarray(crop).save(path, format=fmt, **({"quality": 95} if not lossless else {}))
    doc = open_document(path)
    assert doc.size == (crop.shape[1], crop.shape[0])
    assert len(doc.layers) == 1 and doc.path == path
    assert doc.metadata.source_format == fmt and doc.metadata.bit_depth == 8
    rgb = doc.layers[0].pixels[:, :, :3].astype(int)
    assert (doc.layers[0].pixels[:, :, 3] == 255).all()
    error = np.abs(rgb - crop.astype(int)).mean()
    assert error == 0 if lossless else error < 4


@pytest.mark.parametrize("ext", [".jpg", ".tif", ".png"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_applied_and_reset(tmp_path, crop, orientation, ext):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Kodak"
    path = tmp_path / f"oriented{ext}"
    Image.fromarray(crop).save(path, exif=exif.tobytes(), **({"quality": 95} if ext == ".jpg" else {}))
    if ext == ".jpg":
        expected = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))
    else:  # lossless: the numpy transform (checked against Pillow below) of the original pixels
        expected = apply_orientation(crop, orientation)

    pixels, meta = read_image_array(path)
    assert pixels.shape == expected.shape
    assert np.array_equal(pixels, expected)
    kept = Image.Exif()
    kept.load(meta.exif)
    assert kept[0x0112] == 1 and kept[0x010F] == "Kodak"


@pytest.mark.parametrize("mode", ["L", "I;16", "RGBA"])
@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_uncompressed_tiff_with_swapping_orientation(tmp_path, coffee, mode, orientation):
    # Pillow's memory-mapped reading garbles these; opening must not.
    grey = np.ascontiguousarray(coffee[:40, :70, 1])
    src = {"L": grey, "I;16": grey.astype(np.uint16) * 257, "RGBA": np.dstack([coffee[:40, :70], grey])}[mode]
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / "turned.tif"
    Image.fromarray(src).save(path, exif=exif.tobytes())
    pixels, meta = read_image_array(path)
    assert pixels.shape[:2] == (70, 40)
    expected = apply_orientation(src, orientation)
    if mode == "RGBA":
        assert np.array_equal(pixels, expected)
    else:
        assert meta.bit_depth == (16 if mode == "I;16" else 8)
        assert np.array_equal(pixels[:, :, 0], expected)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_numpy_orientation_equals_exif_transpose(crop, orientation):
    im = Image.fromarray(crop)
    exif = im.getexif()
    exif[0x0112] = orientation
    im.info["exif"] = exif.tobytes()
    expected = np.asarray(ImageOps.exif_transpose(im))
    assert np.array_equal(apply_orientation(crop, orientation), expected)


def test_exif_date_and_icc_survive_into_metadata(tmp_path, crop):
    exif = Image.Exif()
    exif[0x0110] = "Brownie"
    exif.get_ifd(0x8769)[0x9003] = "1955:07:04 12:00:00"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = tmp_path / "meta.png"
    Image.fromarray(crop).save(path, exif=exif.tobytes(), icc_profile=icc)
    doc = open_document(path)
    assert doc.metadata.icc_profile == icc
    parsed = Image.Exif()
    parsed.load(doc.metadata.exif)
    assert parsed[0x0110] == "Brownie"
    assert parsed.get_ifd(0x8769)[0x9003] == "1955:07:04 12:00:00"


@pytest.mark.parametrize("ext", [".png", ".tif"])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_16bit_keeps_full_precision_array_and_8bit_layers(tmp_path, coffee, ext, channels):
    rgb16 = coffee[:64, :80].astype(np.uint16) * 257 + np.arange(80, dtype=np.uint16)[None, :, None]
    if channels == 1:
        src = rgb16[:, :, 0]
        expected = np.repeat(src[:, :, None], 3, axis=2)
    elif channels == 3:
        src, expected = rgb16, rgb16
    else:
        alpha = np.linspace(0, 65535, 80, dtype=np.uint16)[None, :].repeat(64, 0)
        expected = np.dstack([rgb16, alpha])
        src = expected
    path = tmp_path / f"deep{ext}"
    bgr = src if channels == 1 else cv2.cvtColor(src, cv2.COLOR_RGB2BGR if channels == 3 else cv2.COLOR_RGBA2BGRA)
    assert cv2.imwrite(str(path), bgr)

    wide, meta = read_image_array(path)
    assert meta.bit_depth == 16
    assert wide.dtype == np.uint16 and np.array_equal(wide, expected)

    doc = open_document(path)
    assert doc.metadata.bit_depth == 16
    layer = doc.layers[0].pixels
    assert layer.dtype == np.uint8
    assert np.abs(layer[:, :, :3].astype(int) - to_uint8(expected)[:, :, :3].astype(int)).max() <= 1


@pytest.mark.parametrize("mode", ["CMYK", "P", "1", "LA", "I;16", "F", "L", "I", "PA"])
def test_unusual_modes_convert_to_rgb_or_rgba(tmp_path, chelsea, mode):
    base = Image.fromarray(chelsea[:48, :64])
    if mode == "I;16":
        im = Image.fromarray((np.asarray(base.convert("L"), np.uint16) * 257))
        assert im.mode.startswith("I;16")
    elif mode == "F":
        im = Image.fromarray(np.asarray(base.convert("L"), np.float32) / 255.0)
    elif mode == "PA":
        im = base.convert("RGBA").convert("P")
        im.info["transparency"] = 0
    else:
        im = base.convert(mode)
    ext = ".tif" if mode in ("CMYK", "F", "I") else ".png"
    path = tmp_path / f"mode_{mode.replace(';', '')}{ext}"
    im.save(path)
    doc = open_document(path)
    pixels = doc.layers[0].pixels
    assert pixels.shape == (48, 64, 4) and pixels.dtype == np.uint8
    grey = np.asarray(base.convert("L"), float)
    if mode in ("L", "LA", "I;16", "F", "I"):
        # Grey sources must keep their tones, not clip or wrap.
        assert np.abs(pixels[:, :, 0].astype(float) - grey).mean() < 1.5
    if mode == "LA":
        assert (pixels[:, :, 3] == 255).all()
    assert pixels[:, :, :3].std() > 10  # a real picture, not a flat fill


def test_png_named_jpg_opens_by_content(tmp_path, crop):
    path = tmp_path / "actually_png.jpg"
    Image.fromarray(crop).save(path, format="PNG")
    doc = open_document(path)
    assert doc.metadata.source_format == "PNG"
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], crop)
    assert detect_kind(path) == "image"
