"""Exporting a flattened document to PNG, JPEG, TIFF or WebP, atomically, with optional metadata."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from app.document import Document, ImageMetadata
from app.files.atomic import atomic_write, atomic_write_bytes
from app.files.errors import SaveError, UnsupportedFormatError
from app.files.image_io import to_uint8

EXPORT_EXTENSIONS: dict[str, str] = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".webp": "WEBP",
}
TIFF_COMPRESSIONS = ("none", "tiff_lzw", "tiff_deflate", "packbits")
# libtiff's codes for TIFF_COMPRESSIONS, as OpenCV takes them (16-bit TIFFs are written with OpenCV).
_CV_TIFF_COMPRESSION = {"none": 1, "tiff_lzw": 5, "tiff_deflate": 8, "packbits": 32773}
DEEP_FORMATS = ("PNG", "TIFF")  # formats that keep 16 bits per channel; JPEG and WebP get 8


@dataclass
class ExportOptions:
    format: str | None = None  # "PNG" | "JPEG" | "TIFF" | "WEBP"; None: from the file extension
    quality: int = 92  # JPEG and lossy WebP, 1..100
    png_compression: int = 6  # zlib level 0..9 (lossless at every level)
    tiff_compression: str = "tiff_deflate"  # one of TIFF_COMPRESSIONS
    webp_lossless: bool = False
    keep_metadata: bool = True  # carry EXIF and the ICC profile of the opened file
    background: tuple[int, int, int] = (255, 255, 255)  # what transparency becomes in JPEG


def format_for_path(path: str | Path, explicit: str | None = None) -> str:
    """Pillow format name for an export path; raises UnsupportedFormatError for other extensions."""
    if explicit:
        fmt = {"JPG": "JPEG", "TIF": "TIFF"}.get(explicit.upper(), explicit.upper())
        if fmt in set(EXPORT_EXTENSIONS.values()):
            return fmt
        raise UnsupportedFormatError(f"Kintsugi cannot export to the format “{explicit}”.", path)
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_EXTENSIONS:
        known = ", ".join(sorted(EXPORT_EXTENSIONS))
        raise UnsupportedFormatError(
            f"Cannot export to “{Path(path).name}”: the extension must be one of {known}.", path
        )
    return EXPORT_EXTENSIONS[suffix]


def flatten(doc: Document) -> np.ndarray:
    """The composited canvas as straight-alpha RGBA uint8 (H, W, 4)."""
    from app.compositor import Compositor

    return Compositor(doc).render()


def composite_over(rgba: np.ndarray, background: tuple[int, int, int]) -> np.ndarray:
    """RGB uint8 of straight-alpha RGBA laid over an opaque colour."""
    alpha = rgba[:, :, 3:4].astype(np.float32) / 255.0
    bg = np.asarray(background, np.float32).reshape(1, 1, 3)
    rgb = rgba[:, :, :3].astype(np.float32) * alpha + bg * (1.0 - alpha)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def _pillow_image(rgba: np.ndarray, fmt: str, options: ExportOptions) -> Image.Image:
    if rgba.ndim == 3 and rgba.shape[2] == 3:
        return Image.fromarray(np.ascontiguousarray(rgba), "RGB")
    if fmt == "JPEG":
        return Image.fromarray(composite_over(rgba, options.background), "RGB")
    if bool((rgba[:, :, 3] == 255).all()):
        # Fully opaque: no alpha channel, smaller files and wider compatibility.
        return Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]), "RGB")
    return Image.fromarray(np.ascontiguousarray(rgba), "RGBA")


def _save_kwargs(fmt: str, options: ExportOptions, metadata: ImageMetadata | None) -> dict:
    kwargs: dict = {}
    if fmt == "JPEG":
        quality = int(min(max(options.quality, 1), 100))
        # Full-resolution colour at high quality: restored detail should not be blurred by 4:2:0.
        kwargs.update(quality=quality, subsampling=0 if quality >= 90 else 2, optimize=True)
    elif fmt == "WEBP":
        kwargs.update(quality=int(min(max(options.quality, 1), 100)), lossless=options.webp_lossless, method=4)
    elif fmt == "PNG":
        kwargs.update(compress_level=int(min(max(options.png_compression, 0), 9)))
    elif fmt == "TIFF":
        if options.tiff_compression not in TIFF_COMPRESSIONS:
            raise ValueError(f"unknown TIFF compression {options.tiff_compression!r}")
        if options.tiff_compression != "none":
            kwargs.update(compression=options.tiff_compression)
    if options.keep_metadata and metadata is not None:
        if metadata.exif:
            kwargs["exif"] = metadata.exif
        if metadata.icc_profile:
            kwargs["icc_profile"] = metadata.icc_profile
    return kwargs


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_metadata(png: bytes, metadata: ImageMetadata) -> bytes:
    """``png`` with iCCP and eXIf chunks put right after IHDR (where Pillow writes them too)."""
    extra = b""
    if metadata.icc_profile:
        extra += _png_chunk(b"iCCP", b"ICC Profile\0\0" + zlib.compress(metadata.icc_profile))
    if metadata.exif:
        extra += _png_chunk(b"eXIf", metadata.exif.removeprefix(b"Exif\0\0"))
    end_of_ihdr = 8 + 25  # signature, then IHDR: length, type, 13 bytes, CRC
    return png[:end_of_ihdr] + extra + png[end_of_ihdr:]


def _encode_16bit(
    rgba: np.ndarray, target: Path, fmt: str, options: ExportOptions, metadata: ImageMetadata | None
) -> bytes:
    """16-bit PNG or TIFF bytes. Pillow cannot write 16-bit colour, so OpenCV encodes; it carries no
    metadata, so PNGs get EXIF and ICC added as chunks (TIFFs are written without them)."""
    if rgba.shape[2] == 4 and bool((rgba[:, :, 3] == 65535).all()):
        rgba = rgba[:, :, :3]  # fully opaque: no alpha channel, as for 8-bit exports
    order = cv2.COLOR_RGB2BGR if rgba.shape[2] == 3 else cv2.COLOR_RGBA2BGRA
    pixels = cv2.cvtColor(np.ascontiguousarray(rgba), order)
    if fmt == "PNG":
        level = int(min(max(options.png_compression, 0), 9))
        ok, encoded = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, level])
    else:
        code = _CV_TIFF_COMPRESSION.get(options.tiff_compression)
        if code is None:
            raise ValueError(f"unknown TIFF compression {options.tiff_compression!r}")
        ok, encoded = cv2.imencode(".tif", pixels, [cv2.IMWRITE_TIFF_COMPRESSION, code])
    if not ok:
        raise SaveError(f"Cannot export “{target.name}” as a 16-bit {fmt}.", target)
    data = encoded.tobytes()
    if fmt == "PNG" and options.keep_metadata and metadata is not None:
        data = _png_with_metadata(data, metadata)
    return data


def export_array(
    rgba: np.ndarray,
    path: str | Path,
    options: ExportOptions | None = None,
    metadata: ImageMetadata | None = None,
) -> Path:
    """Write uint8 or uint16 RGB/RGBA pixels to ``path`` atomically; returns the path.

    uint16 stays 16-bit in PNG and TIFF and is reduced to 8 bits for JPEG and WebP."""
    options = options or ExportOptions()
    target = Path(path)
    fmt = format_for_path(target, options.format)
    if rgba.dtype == np.uint16:
        if fmt in DEEP_FORMATS:
            atomic_write_bytes(target, _encode_16bit(rgba, target, fmt, options, metadata))
            return target
        rgba = to_uint8(rgba)
    image = _pillow_image(rgba, fmt, options)
    kwargs = _save_kwargs(fmt, options, metadata)

    def write(handle) -> None:
        try:
            image.save(handle, format=fmt, **kwargs)
        except (ValueError, TypeError, KeyError) as exc:
            # Pillow rejects some metadata/format combinations; report it as a failed save.
            raise SaveError(f"Cannot export “{target.name}” as {fmt}: {exc}.", target) from exc

    atomic_write(target, write)
    return target


def export_document(doc: Document, path: str | Path, options: ExportOptions | None = None) -> Path:
    """Flatten ``doc`` and export it; metadata comes from the file the document was opened from."""
    return export_array(flatten(doc), path, options, doc.metadata)
