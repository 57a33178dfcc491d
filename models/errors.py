"""Errors of the model catalog and store. Every message is written for a person, not a developer."""
from __future__ import annotations


class ModelError(Exception):
    """Base class of everything the models package raises on purpose."""


class CatalogError(ModelError):
    """A catalog TOML file is malformed; the message names the file, the model and the field."""


class ModelNotReady(ModelError):
    """A model a caller needs is not usable: status is "missing", "downloading" or "corrupt"."""

    def __init__(self, model_id: str, status: str, message: str) -> None:
        super().__init__(message)
        self.model_id = model_id
        self.status = status
        self.message = message


class FetchError(ModelError):
    """Every source of a model failed; ``reasons`` holds one line per failed source."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        self.reasons = list(reasons or [])
        full = message if not self.reasons else message + "\n" + "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(full)


class SourceError(ModelError):
    """One source (a URL, a wheel, a bundled copy) could not deliver; the fetch tries the next one."""


class FetchCancelled(ModelError):
    """The user cancelled a fetch; partial downloads are kept as *.part files so a later fetch resumes."""

    def __init__(self, message: str = "Download cancelled.") -> None:
        super().__init__(message)


class ImportRejected(ModelError):
    """A file offered through "Import model file..." is not a known model nor an acceptable custom one."""
