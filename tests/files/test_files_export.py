"""Flattened export with options and metadata, and atomic saves that never damage the old file."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image, ImageCms

from app.document import Document, Layer
from app.files import ExportOptions, export_document, open_document, read_image_array
from app.files.atomic import atomic_write
from app.files.errors import SaveError, UnsupportedFormatError


@pytest.fixture()
def photo(astronaut) -> np.ndarray:
    return np.ascontiguousarray(astronaut[:128, 128:256])


def _half_transparent_doc(photo: np.ndarray) -> Document:
    rgba = np.dstack([photo, np.full(photo.shape[:2], 255, np.uint8)])
    rgba[:, 64:, 3] = 0  # right half fully transparent
    rgba[:, 32:64, 3] = 128
    return Document.from_image(rgba)


@pytest.mark.parametrize("ext", [".png", ".tif", ".webp", ".jpg"])
def test_export_reads_back(tmp_path, photo, ext):
    doc = Document.from_image(photo)
    out = export_document(doc, tmp_path / f"out{ext}", ExportOptions(quality=95, webp_lossless=(ext == ".webp")))
    pixels, _ = read_image_array(out)
    assert pixels.shape == photo.shape  # opaque documents are written without alpha
    error = np.abs(pixels.astype(int) - photo.astype(int)).mean()
    assert error == 0 if ext != ".jpg" else error < 3


def test_jpeg_composites_transparency_over_white(tmp_path, photo):
    doc = _half_transparent_doc(photo)
    out = export_document(doc, tmp_path / "flat.jpg", ExportOptions(quality=100))
    pixels, _ = read_image_array(out)
    assert pixels.shape == (128, 128, 3)
    assert pixels[:, 70:].min() >= 250  # the transparent half is white
    half = (photo[:, 40:56].astype(float) * 128 / 255 + 255 * (1 - 128 / 255))
    assert np.abs(pixels[:, 40:56].astype(float) - half).mean() < 3
    assert np.abs(pixels[:, :28].astype(int) - photo[:, :28].astype(int)).mean() < 3


@pytest.mark.parametrize("ext", [".png", ".tif", ".webp"])
def test_alpha_kept_where_the_format_has_it(tmp_path, photo, ext):
    doc = _half_transparent_doc(photo)
    out = export_document(doc, tmp_path / f"alpha{ext}", ExportOptions(webp_lossless=True))
    pixels, _ = read_image_array(out)
    assert pixels.shape == (128, 128, 4)
    assert (pixels[:, 64:, 3] == 0).all() and (pixels[:, :32, 3] == 255).all()
    assert np.array_equal(pixels[:, :32, :3], photo[:, :32])


def test_quality_and_compression_options_take_effect(tmp_path, photo):
    doc = Document.from_image(photo)
    low = export_document(doc, tmp_path / "low.jpg", ExportOptions(quality=20)).stat().st_size
    high = export_document(doc, tmp_path / "high.jpg", ExportOptions(quality=95)).stat().st_size
    assert low < high / 2
    webp_low = export_document(doc, tmp_path / "low.webp", ExportOptions(quality=20)).stat().st_size
    webp_high = export_document(doc, tmp_path / "high.webp", ExportOptions(quality=95)).stat().st_size
    assert webp_low < webp_high
    png0 = export_document(doc, tmp_path / "fast.png", ExportOptions(png_compression=0)).stat().st_size
    png9 = export_document(doc, tmp_path / "small.png", ExportOptions(png_compression=9)).stat().st_size
    assert png9 < png0
    sizes = {}
    for compression in ("none", "tiff_lzw", "tiff_deflate", "packbits"):
        path = export_document(doc, tmp_path / f"{compression}.tif", ExportOptions(tiff_compression=compression))
        expected = {"none": "raw", "tiff_deflate": "tiff_adobe_deflate"}.get(compression, compression)
        assert Image.open(path).info.get("compression", "raw") == expected
        sizes[compression] = path.stat().st_size
    assert sizes["tiff_deflate"] < sizes["none"]


@pytest.mark.parametrize("ext", [".jpg", ".png", ".webp", ".tif"])
def test_metadata_carried_or_stripped(tmp_path, photo, ext):
    exif = Image.Exif()
    exif[0x010F] = "Zeiss"
    exif[0x0112] = 6
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    src = tmp_path / f"src{ext}"
    Image.fromarray(photo).save(src, exif=exif.tobytes(), icc_profile=icc, **({"quality": 95} if ext == ".jpg" else {}))
    doc = open_document(src)
    assert doc.size == (128, 128)

    kept = export_document(doc, tmp_path / f"kept{ext}", ExportOptions(keep_metadata=True))
    with Image.open(kept) as im:
        assert im.info.get("icc_profile") == icc
        assert im.getexif().get(0x010F) == "Zeiss"
        assert im.getexif().get(0x0112) == 1  # pixels are upright now; a viewer must not rotate again
    stripped = export_document(doc, tmp_path / f"bare{ext}", ExportOptions(keep_metadata=False))
    with Image.open(stripped) as im:
        assert not im.info.get("icc_profile")
        assert im.getexif().get(0x010F) is None


def test_unknown_extension_is_refused(tmp_path, photo):
    with pytest.raises(UnsupportedFormatError) as info:
        export_document(Document.from_image(photo), tmp_path / "out.gif")
    assert "out.gif" in str(info.value)
    assert not (tmp_path / "out.gif").exists()


def test_failed_save_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "precious.png"
    target.write_bytes(b"old contents")

    def writer(handle):
        handle.write(b"half of the new file")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        atomic_write(target, writer)
    assert target.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["precious.png"]


def test_failed_export_midway_keeps_old_export(tmp_path, photo, monkeypatch):
    target = tmp_path / "restored.png"
    export_document(Document.from_image(photo), target)
    before = target.read_bytes()

    def broken_save(self, fp, format=None, **params):
        fp.write(b"\x89PNG partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", broken_save)
    with pytest.raises(SaveError) as info:
        export_document(Document.from_image(photo[::-1]), target)
    assert "No space left" in str(info.value) and "restored.png" in str(info.value)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["restored.png"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path, photo):
    with pytest.raises(SaveError) as info:
        export_document(Document.from_image(photo), tmp_path / "no" / "such" / "dir.png")
    assert "does not exist" in str(info.value)


def test_layers_are_flattened_with_offsets(tmp_path, photo):
    doc = Document.from_image(photo)
    patch = np.zeros((10, 20, 4), np.uint8)
    patch[..., 0] = 255
    patch[..., 3] = 255
    doc.layers.append(Layer("red", patch, offset=(5, 7)))
    out = export_document(doc, tmp_path / "flat.png")
    pixels = np.asarray(Image.open(io.BytesIO(out.read_bytes())).convert("RGB"))
    assert (pixels[7:17, 5:25] == [255, 0, 0]).all()
    assert np.array_equal(pixels[20:, :], photo[20:, :])
