"""Errors a user can cause with files; each message is a sentence to show as is, never a traceback."""
from __future__ import annotations

from pathlib import Path


class FileError(Exception):
    """Base class: ``str(exc)`` is a complete sentence for the user, naming the file."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class FileMissingError(FileError):
    """The file (or its folder) does not exist or cannot be read."""


class EmptyFileError(FileError):
    """The file has zero bytes."""


class CorruptFileError(FileError):
    """The content is damaged or truncated."""


class UnsupportedFormatError(FileError):
    """The content is not a format we read or write."""


class ImageTooLargeError(FileError):
    """The image is larger than the configured megapixel limit (protects against decompression bombs)."""


class SaveError(FileError):
    """Writing failed (disk full, permission denied...); the previous file, if any, is unchanged."""
