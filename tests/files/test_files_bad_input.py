"""Bad files give a FileError with a sentence that names the file, never a raw traceback."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
import pytest
from PIL import Image

from app.files import limits, open_document
from app.files.errors import (
    CorruptFileError,
    EmptyFileError,
    FileError,
    FileMissingError,
    ImageTooLargeError,
    UnsupportedFormatError,
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (what a decompression bomb looks like)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def _assert_human(exc: FileError, name: str) -> None:
    text = str(exc)
    assert name in text and text.endswith(".") and "Traceback" not in text


def test_missing_file(tmp_path):
    with pytest.raises(FileMissingError) as info:
        open_document(tmp_path / "nowhere.png")
    _assert_human(info.value, "nowhere.png")


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(FileMissingError) as info:
        open_document(tmp_path)
    assert "folder" in str(info.value)


@pytest.mark.parametrize("name", ["empty.png", "empty.ora", "empty.psd"])
def test_zero_byte_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as info:
        open_document(path)
    _assert_human(info.value, name)


def test_random_bytes_are_unsupported(tmp_path):
    path = tmp_path / "noise.jpg"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    with pytest.raises(UnsupportedFormatError) as info:
        open_document(path)
    _assert_human(info.value, "noise.jpg")


@pytest.mark.parametrize("fmt,ext", [("PNG", ".png"), ("JPEG", ".jpg"), ("TIFF", ".tif"), ("WEBP", ".webp")])
def test_truncated_files(tmp_path, coffee, fmt, ext):
    buf = io.BytesIO()
    Image.fromarray(coffee[:128, :128]).save(buf, format=fmt)
    path = tmp_path / f"cut{ext}"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises((CorruptFileError, UnsupportedFormatError)) as info:
        open_document(path)
    _assert_human(info.value, f"cut{ext}")


def test_corrupt_png_data(tmp_path, coffee):
    buf = io.BytesIO()
    Image.fromarray(coffee[:64, :64]).save(buf, format="PNG")
    data = bytearray(buf.getvalue())
    noise = np.random.default_rng(1).integers(0, 256, 300, dtype=np.uint8).tobytes()
    data[60:360] = noise  # wreck the compressed stream but keep the header
    path = tmp_path / "broken.png"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError) as info:
        open_document(path)
    _assert_human(info.value, "broken.png")


def test_decompression_bomb_refused_at_default_limit(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_bomb_png(40_000, 40_000))  # 1600 MP claimed in a few hundred bytes
    assert path.stat().st_size < 2000
    with pytest.raises(ImageTooLargeError) as info:
        open_document(path)
    _assert_human(info.value, "bomb.png")
    assert "megapixels" in str(info.value)


def test_megapixel_limit_is_configurable_and_shared_with_pillow(tmp_path, chelsea):
    path = tmp_path / "cat.png"
    Image.fromarray(chelsea).save(path)  # 451 x 300 = 0.135 MP
    before = limits.max_megapixels()
    try:
        limits.set_max_megapixels(0.1)
        assert Image.MAX_IMAGE_PIXELS == 100_000
        with pytest.raises(ImageTooLargeError):
            open_document(path)
        limits.set_max_megapixels(0.2)
        assert open_document(path).size == (451, 300)
    finally:
        limits.set_max_megapixels(before)
    assert Image.MAX_IMAGE_PIXELS == int(before * 1_000_000)


def test_zip_that_is_not_openraster(tmp_path):
    path = tmp_path / "archive.ora"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormatError) as info:
        open_document(path)
    _assert_human(info.value, "archive.ora")


def test_ora_with_broken_stack_xml(tmp_path):
    path = tmp_path / "broken.ora"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "image/openraster")
        zf.writestr("stack.xml", "<image w='10' h='10'><stack><layer src=")
    with pytest.raises(CorruptFileError) as info:
        open_document(path)
    _assert_human(info.value, "broken.ora")


def test_ora_with_missing_layer_png(tmp_path):
    path = tmp_path / "holes.ora"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "image/openraster")
        zf.writestr("stack.xml", "<image w='10' h='10'><stack><layer name='a' src='data/a.png'/></stack></image>")
    with pytest.raises(CorruptFileError) as info:
        open_document(path)
    assert "data/a.png" in str(info.value)


def test_ora_claiming_huge_canvas_is_refused(tmp_path):
    path = tmp_path / "huge.ora"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "image/openraster")
        zf.writestr("stack.xml", "<image w='50000' h='50000'><stack/></image>")
    with pytest.raises(ImageTooLargeError):
        open_document(path)


def test_truncated_ora(tmp_path, coffee):
    from app.document import Document
    from app.files import save_project

    full = tmp_path / "full.ora"
    save_project(Document.from_image(coffee[:64, :64]), full)
    cut = tmp_path / "cut.ora"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises((CorruptFileError, UnsupportedFormatError)) as info:
        open_document(cut)
    _assert_human(info.value, "cut.ora")


def test_garbage_psd(tmp_path):
    path = tmp_path / "fake.psd"
    path.write_bytes(b"8BPS" + bytes(40))
    with pytest.raises(CorruptFileError) as info:
        open_document(path)
    _assert_human(info.value, "fake.psd")
