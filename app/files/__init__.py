"""Opening, saving and exporting documents. What other parts call:

    open_document(path) -> Document          any supported file, format sniffed from the content
    save_project(doc, path)                  OpenRaster project, atomic
    export_document(doc, path, ExportOptions(...))   flattened PNG/JPEG/TIFF/WebP, atomic
    read_image_array(path) -> (array, ImageMetadata)  uint8 or uint16 pixels for engines

All user-caused failures raise ``app.files.errors.FileError`` subclasses whose message is for people.
"""
from __future__ import annotations

from pathlib import Path

from app.document import Document
from app.files.errors import FileError, UnsupportedFormatError
from app.files.export import EXPORT_EXTENSIONS, ExportOptions, export_array, export_document, flatten
from app.files.image_io import check_readable, load_image, read_image_array

# Extensions for file dialogs; opening does not trust them (the content is sniffed).
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp")
PROJECT_EXTENSIONS = (".ora",)
IMPORT_EXTENSIONS = (".psd", ".psb")
OPEN_EXTENSIONS = PROJECT_EXTENSIONS + IMAGE_EXTENSIONS + IMPORT_EXTENSIONS


def detect_kind(path: str | Path) -> str:
    """"ora", "psd" or "image" from the first bytes of the file (not its extension)."""
    p = check_readable(path)
    with open(p, "rb") as handle:
        head = handle.read(64)
    if head.startswith(b"8BPS"):
        return "psd"
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            names = set()
        if "stack.xml" in names or b"image/openraster" in head:
            return "ora"
        raise UnsupportedFormatError(f"“{p.name}” is a zip archive, not an image or an OpenRaster project.", p)
    return "image"


def open_document(path: str | Path) -> Document:
    """Open an image, an OpenRaster project or a PSD as a Document (``doc.path`` set to ``path``)."""
    kind = detect_kind(path)
    if kind == "ora":
        from app.files.ora import load_ora

        return load_ora(path)
    if kind == "psd":
        from app.files.psd_import import load_psd

        return load_psd(path)
    return load_image(path)


def save_project(doc: Document, path: str | Path) -> Path:
    """Save as OpenRaster atomically and point ``doc.path`` at it."""
    from app.files.ora import save_ora

    target = save_ora(doc, path)
    doc.path = Path(target)
    return target


def is_project_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PROJECT_EXTENSIONS


__all__ = [
    "EXPORT_EXTENSIONS",
    "ExportOptions",
    "FileError",
    "IMAGE_EXTENSIONS",
    "OPEN_EXTENSIONS",
    "detect_kind",
    "export_array",
    "export_document",
    "flatten",
    "is_project_path",
    "open_document",
    "read_image_array",
    "save_project",
]
