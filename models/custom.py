"""The store's ``custom.toml``: the models the user imported, as ``[[model]]`` tables the catalog reads.

Kept apart from the importer (which adds to it) and the store (which removes from it on delete) so that
neither has to import the other.
"""
from __future__ import annotations

import os
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

_lock = threading.Lock()  # read-modify-write of the file, across the importer's and the store's threads
HEADER = b"# Models imported by the user (Kintsugi writes this file).\n"


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with open(path, "rb") as fh:
        return list(tomllib.load(fh).get("model", []))


def _write(path: Path, models: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".custom-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(HEADER)
        tomli_w.dump({"model": models}, fh)
    os.replace(tmp, path)


def put_entry(path: Path, record: dict[str, Any]) -> None:
    """Add ``record`` to the file at ``path``, replacing an entry with the same id."""
    with _lock:
        models = [m for m in _read(path) if m.get("id") != record["id"]]
        _write(path, models + [record])


def remove_entry(path: Path, model_id: str) -> None:
    with _lock:
        _write(path, [m for m in _read(path) if m.get("id") != model_id])
