"""Reading flat images (PNG, JPEG, TIFF, WebP, BMP) with Pillow into RGB(A) arrays and ImageMetadata.

16-bit PNG/TIFF: Pillow reads 16-bit colour as 8-bit, so ``read_image_array(keep_16bit=True)`` decodes
those with OpenCV to keep every bit; documents still get 8-bit layers and record ``bit_depth=16``.
"""
from __future__ import annotations

import contextlib
import struct
import zlib
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from app.document import Document, ImageMetadata
from app.files import limits
from app.files.errors import (
    CorruptFileError,
    EmptyFileError,
    FileError,
    FileMissingError,
    ImageTooLargeError,
    UnsupportedFormatError,
)

# Pillow format names we open; MPO is how older Pillow names many camera JPEGs.
READ_FORMATS = ("PNG", "JPEG", "MPO", "TIFF", "WEBP", "BMP")


def _read_formats() -> tuple[str, ...]:
    Image.init()
    return tuple(f for f in READ_FORMATS if f in Image.OPEN)
_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
# Descriptive TIFF/EXIF base tags worth carrying; TIFF sources also expose layout tags (strips,
# compression...) through getexif(), which must not be copied into another file.
_KEEP_BASE_TAGS = (0x010E, 0x010F, 0x0110, 0x0131, 0x0132, 0x013B, 0x8298, _ORIENTATION)


def check_readable(path: str | Path) -> Path:
    """Raise a FileError for missing, unreadable, folder or zero-byte paths; return the Path."""
    p = Path(path)
    if not p.exists():
        raise FileMissingError(f"The file “{p}” does not exist.", p)
    if p.is_dir():
        raise FileMissingError(f"“{p}” is a folder, not a file.", p)
    try:
        size = p.stat().st_size
        with open(p, "rb"):
            pass
    except OSError as exc:
        raise FileMissingError(f"The file “{p.name}” cannot be read: {exc.strerror or exc}.", p) from exc
    if size == 0:
        raise EmptyFileError(f"The file “{p.name}” is empty (0 bytes).", p)
    return p


def too_large_message(name: str, width: int, height: int) -> str:
    mp = width * height / 1_000_000
    return (
        f"“{name}” is {width} × {height} pixels ({mp:,.0f} megapixels), more than the limit of "
        f"{limits.max_megapixels():,.0f} megapixels. You can raise the limit in the preferences."
    )


def check_size(name: str, width: int, height: int, path: Path | None = None) -> None:
    if limits.exceeds(width, height):
        raise ImageTooLargeError(too_large_message(name, width, height), path)


@contextlib.contextmanager
def open_pillow(path: str | Path) -> Iterator[Image.Image]:
    """Open ``path`` with Pillow (content sniffed, not the extension), size-checked, errors as FileError."""
    p = check_readable(path)
    # Open through our own file object, not the path: Pillow then decodes instead of memory-mapping,
    # and its mmap path misreads raw TIFFs whose orientation swaps width and height.
    with open(p, "rb") as handle:
        try:
            im = Image.open(handle, formats=_read_formats())
        except Image.DecompressionBombError as exc:
            raise ImageTooLargeError(
                f"“{p.name}” is larger than the limit of {limits.max_megapixels():,.0f} megapixels.", p
            ) from exc
        except UnidentifiedImageError as exc:
            raise UnsupportedFormatError(
                f"“{p.name}” is not an image Kintsugi can open (PNG, JPEG, TIFF, WebP, BMP, OpenRaster or "
                "PSD), or it is damaged.",
                p,
            ) from exc
        except (OSError, SyntaxError, ValueError, struct.error, EOFError, zlib.error) as exc:
            raise CorruptFileError(f"“{p.name}” is damaged and cannot be opened ({exc}).", p) from exc
        with im:
            check_size(p.name, im.width, im.height, p)
            try:
                yield im
            except FileError:
                raise
            except (OSError, SyntaxError, ValueError, struct.error, EOFError, zlib.error, IndexError) as exc:
                # Pillow decodes lazily, so truncation shows up here, on load().
                raise CorruptFileError(
                    f"“{p.name}” is damaged or truncated and cannot be read ({exc}).", p
                ) from exc


def source_bit_depth(im: Image.Image) -> int:
    """16 for 16-bit-per-channel sources (which Pillow may already have reduced to 8-bit on read).

    Call before anything that loads the pixels: the evidence is in the not-yet-decoded tiles."""
    if im.mode.startswith("I;16"):
        return 16
    if im.mode == "I" and im.format == "PNG":
        return 16  # older Pillow reads 16-bit grey PNG as "I"
    for tile in getattr(im, "tile", None) or ():
        args = tile.args if hasattr(tile, "args") else tile[3]
        rawmode = args[0] if isinstance(args, tuple) and args else args
        if isinstance(rawmode, str) and ";16" in rawmode:
            return 16
    return 8


def _exif_bytes(im: Image.Image, had_orientation: bool = False) -> bytes | None:
    """The source's EXIF with orientation reset to 1 (the pixels we hand out are already upright).

    ``had_orientation``: the file had an orientation tag that Pillow already applied and dropped
    (it does so for TIFF on load), so 1 is written back explicitly."""
    try:
        exif = im.getexif()
    except Exception:  # noqa: BLE001 - broken EXIF must not stop the image from opening
        return None
    if im.format == "TIFF":
        kept = Image.Exif()
        for tag in _KEEP_BASE_TAGS:
            if tag in exif:
                kept[tag] = exif[tag]
        for ifd in (_EXIF_IFD, _GPS_IFD):
            with contextlib.suppress(Exception):
                sub = exif.get_ifd(ifd)
                if sub:
                    kept.get_ifd(ifd).update(sub)
        if not len(kept) and not kept.get_ifd(_EXIF_IFD):
            return None
        exif = kept
    if not len(exif):
        return None
    # getexif() is the image's own cached object: restore the tag so exif_transpose still sees it.
    original = exif.get(_ORIENTATION)
    try:
        if original is not None or had_orientation:
            exif[_ORIENTATION] = 1
        return exif.tobytes()
    except Exception:  # noqa: BLE001
        return None
    finally:
        if original is not None:
            exif[_ORIENTATION] = original
        elif had_orientation:
            del exif[_ORIENTATION]


def read_metadata(im: Image.Image, bit_depth: int | None = None, had_orientation: bool = False) -> ImageMetadata:
    fmt = "JPEG" if im.format == "MPO" else im.format
    if bit_depth is None:
        # Bit depth first: it reads the decoder tiles, which getexif() may consume by loading a PNG.
        bit_depth = source_bit_depth(im)
    return ImageMetadata(
        source_format=fmt,
        exif=_exif_bytes(im, had_orientation),
        icc_profile=im.info.get("icc_profile") or None,
        bit_depth=bit_depth,
    )


def orientation_of(im: Image.Image) -> int | None:
    """The EXIF/TIFF orientation tag (1..8), or None when absent or invalid."""
    try:
        value = int(im.getexif().get(_ORIENTATION, 0))
    except Exception:  # noqa: BLE001
        return None
    return value if 1 <= value <= 8 else None


def apply_orientation(arr: np.ndarray, orientation: int) -> np.ndarray:
    """The numpy equivalent of ImageOps.exif_transpose, for arrays Pillow cannot hold (16-bit RGB)."""
    ops = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, -1),
        7: lambda a: a[::-1, ::-1].swapaxes(0, 1),
        8: lambda a: np.rot90(a, 1),
    }
    return np.ascontiguousarray(ops.get(orientation, ops[1])(arr))


def _scale_16_to_8(arr: np.ndarray) -> np.ndarray:
    return ((arr.astype(np.uint32) + 128) // 257).astype(np.uint8)


def to_rgb_array(im: Image.Image) -> np.ndarray:
    """Pixels of any Pillow mode as uint8 (H, W, 3) RGB or (H, W, 4) RGBA."""
    mode = im.mode
    if mode in ("RGB", "RGBA"):
        return np.asarray(im, dtype=np.uint8).copy()
    if mode.startswith("I;16") or mode in ("I", "F"):
        grey = np.asarray(im)
        if mode == "F":
            grey = np.nan_to_num(grey.astype(np.float64))
            scale = 255.0 if grey.max(initial=0.0) <= 1.0 else 1.0
            grey8 = np.clip(np.rint(grey * scale), 0, 255).astype(np.uint8)
        elif mode == "I" and grey.max(initial=0) <= 255:
            grey8 = np.clip(grey, 0, 255).astype(np.uint8)
        else:
            grey8 = _scale_16_to_8(np.clip(grey.astype(np.int64), 0, 65535))
        return np.repeat(grey8[:, :, None], 3, axis=2)
    has_alpha = "A" in im.getbands() or mode == "RGBa" or (mode == "P" and "transparency" in im.info)
    if mode == "P" and im.palette is not None and im.palette.mode == "RGBA":
        has_alpha = True
    target = "RGBA" if has_alpha else "RGB"
    if mode == "1":
        im = im.convert("L")
    return np.asarray(im.convert(target), dtype=np.uint8).copy()


def _decode_16bit(path: Path) -> np.ndarray | None:
    """16-bit PNG/TIFF pixels as uint16 RGB(A) as OpenCV returns them (it turns TIFFs by their
    orientation tag but not PNGs), or None when OpenCV cannot give 16-bit pixels."""
    raw = np.fromfile(path, dtype=np.uint8)  # fromfile copes with non-ASCII paths, unlike cv2.imread
    try:
        arr = cv2.imdecode(raw, cv2.IMREAD_UNCHANGED)
    except cv2.error:
        return None
    if arr is None or arr.dtype != np.uint16:
        return None
    if arr.ndim == 2:
        return np.repeat(arr[:, :, None], 3, axis=2)
    if arr.shape[2] == 3:
        return cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)
    if arr.shape[2] == 4:
        return cv2.cvtColor(arr, cv2.COLOR_BGRA2RGBA)
    return None


def read_image_array(path: str | Path, keep_16bit: bool = True) -> tuple[np.ndarray, ImageMetadata]:
    """Upright pixels and metadata of a flat image.

    Returns uint8 (H, W, 3|4), or uint16 (H, W, 3|4) when ``keep_16bit`` and the source is 16-bit.
    """
    p = Path(path)
    with open_pillow(p) as im:
        bit_depth = source_bit_depth(im)
        # TIFF: Pillow applies the orientation on load() and drops the tag, so read it first (from
        # the header). Other formats: read it after load(), as PNG may keep EXIF after the pixels.
        orientation = orientation_of(im) if im.format == "TIFF" else None
        # Decode now: damage must surface here, not inside getexif(), which loads PNGs lazily and
        # whose errors we tolerate (broken EXIF should not stop a photo from opening).
        im.load()
        if orientation is None:
            orientation = orientation_of(im)
        meta = read_metadata(im, bit_depth, had_orientation=orientation is not None)
        upright = to_rgb_array(ImageOps.exif_transpose(im))  # a no-op turn for TIFF: Pillow did it
        if keep_16bit and meta.bit_depth == 16 and im.format in ("PNG", "TIFF"):
            wide = _decode_16bit(p)
            if wide is not None:
                # OpenCV applies TIFF orientation itself but not PNG's; keep whichever candidate
                # agrees with Pillow's (trusted, upright) 8-bit decode.
                for candidate in (apply_orientation(wide, orientation or 1), wide):
                    if _same_picture(candidate, upright):
                        return candidate, meta
        return upright, meta


def _same_picture(wide: np.ndarray, narrow: np.ndarray) -> bool:
    if wide.shape != narrow.shape:
        return False
    # Pillow truncates 16 -> 8 bits where we round: allow one level.
    return int(np.abs(_scale_16_to_8(wide).astype(np.int16) - narrow.astype(np.int16)).max(initial=0)) <= 1


def to_uint8(arr: np.ndarray) -> np.ndarray:
    """8-bit copy of a uint8/uint16 array from read_image_array."""
    return arr if arr.dtype == np.uint8 else _scale_16_to_8(arr)


def load_image(path: str | Path) -> Document:
    """A one-layer document from a flat image file; raises FileError subclasses for bad files."""
    p = Path(path)
    arr, meta = read_image_array(p, keep_16bit=False)
    doc = Document.from_image(arr, name="Background")
    doc.metadata = meta
    doc.path = p
    return doc
