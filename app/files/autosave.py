"""Autosave snapshots and crash recovery.

Each running editor owns a session folder ``<data>/autosave/<session-id>/`` holding ``session.json``
(pid and process start time: the marker that says who owns it) and one ``<key>.ora`` + ``<key>.json``
per open document. A clean exit removes the folder; a folder whose process is gone is recoverable.
``<data>`` is $KINTSUGI_DATA, or platformdirs' user data dir for "Kintsugi". The timer lives in widgets.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
from platformdirs import user_data_dir

from app.document import Document
from app.files.atomic import atomic_write_bytes
from app.files.errors import FileError

_MARKER = "session.json"
_KEY_RE = re.compile(r"[^A-Za-z0-9_.-]+")


def data_dir() -> Path:
    env = os.environ.get("KINTSUGI_DATA")
    return Path(env) if env else Path(user_data_dir("Kintsugi", appauthor=False))


def autosave_dir() -> Path:
    return data_dir() / "autosave"


def _process_start(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.Error, OSError):
        return None


def _owner_alive(marker: dict) -> bool:
    """True while the process that wrote the marker still runs (start time guards against pid reuse)."""
    pid = marker.get("pid")
    if not isinstance(pid, int):
        return False
    started = _process_start(pid)
    if started is None:
        return False
    recorded = marker.get("process_start")
    return not isinstance(recorded, (int, float)) or abs(started - recorded) < 1.0


@dataclass
class RecoverableDocument:
    key: str
    snapshot: Path  # the .ora file
    original_path: Path | None  # where the document came from / was last saved, if anywhere
    title: str
    saved_at: float  # time.time() of the snapshot


@dataclass
class RecoverableSession:
    folder: Path
    pid: int | None
    started_at: float
    documents: list[RecoverableDocument]


class AutosaveSession:
    """This process's autosave folder. Call ``close()`` on a clean exit."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else autosave_dir()
        self.id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder = self.root / self.id
        self._started = False

    def start(self) -> None:
        if self._started:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker = {"pid": os.getpid(), "process_start": _process_start(os.getpid()), "started_at": time.time()}
            atomic_write_bytes(self.folder / _MARKER, json.dumps(marker).encode())
        except OSError as exc:
            raise FileError(f"Cannot create the autosave folder “{self.folder}”: {exc.strerror or exc}.") from exc
        self._started = True

    @staticmethod
    def key_for(doc: Document) -> str:
        """A file-name-safe key that stays the same for one document during a session."""
        return f"doc-{id(doc):x}"

    def write(self, doc: Document, key: str | None = None, title: str | None = None) -> Path:
        """Snapshot ``doc`` (atomically); returns the snapshot's path. ``title`` is what recovery lists
        it as (default: its file's name)."""
        from app.files.ora import save_ora

        self.start()
        key = _KEY_RE.sub("_", key or self.key_for(doc))
        snapshot = save_ora(doc, self.folder / f"{key}.ora")
        info = {
            "original_path": str(doc.path) if doc.path else None,
            "title": title or (doc.path.name if doc.path else "Untitled"),
            "saved_at": time.time(),
        }
        atomic_write_bytes(self.folder / f"{key}.json", json.dumps(info).encode())
        return snapshot

    def remove(self, doc: Document | None = None, key: str | None = None) -> None:
        """Forget one document's snapshot (it was saved or closed)."""
        if not key:
            if doc is None:
                raise TypeError("remove() needs the document or its key")
            key = self.key_for(doc)
        key = _KEY_RE.sub("_", key)
        for suffix in (".ora", ".json"):
            (self.folder / f"{key}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        """Clean exit: nothing is left to recover."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._started = False


def _read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _documents_in(folder: Path) -> list[RecoverableDocument]:
    docs = []
    for snapshot in sorted(folder.glob("*.ora")):
        info = _read_json(snapshot.with_suffix(".json")) or {}
        original = info.get("original_path")
        docs.append(
            RecoverableDocument(
                key=snapshot.stem,
                snapshot=snapshot,
                original_path=Path(original) if original else None,
                title=str(info.get("title") or snapshot.stem),
                saved_at=float(info.get("saved_at") or snapshot.stat().st_mtime),
            )
        )
    return docs


def list_recoverable(root: Path | None = None) -> list[RecoverableSession]:
    """Sessions left by editors that did not exit cleanly and whose process is gone, newest first."""
    base = Path(root) if root is not None else autosave_dir()
    if not base.is_dir():
        return []
    sessions = []
    for folder in base.iterdir():
        if not folder.is_dir():
            continue
        marker = _read_json(folder / _MARKER) or {}
        if marker and _owner_alive(marker):
            continue  # another editor running right now
        documents = _documents_in(folder)
        if not documents:
            if not marker or not _owner_alive(marker):
                shutil.rmtree(folder, ignore_errors=True)  # a crash before the first snapshot
            continue
        pid = marker.get("pid")
        sessions.append(
            RecoverableSession(
                folder=folder,
                pid=pid if isinstance(pid, int) else None,
                started_at=float(marker.get("started_at") or folder.stat().st_mtime),
                documents=documents,
            )
        )
    sessions.sort(key=lambda s: s.started_at, reverse=True)
    return sessions


def recover(entry: RecoverableDocument) -> Document:
    """Load a snapshot; ``doc.path`` is the original file (None if it was never saved), so that
    "Save" goes back where the user expects, not into the autosave folder."""
    from app.files.ora import load_ora

    doc = load_ora(entry.snapshot)
    doc.path = entry.original_path
    return doc


def discard(session: RecoverableSession) -> None:
    """Delete a recoverable session (after recovering it, or when the user declines)."""
    shutil.rmtree(session.folder, ignore_errors=True)


def discard_document(entry: RecoverableDocument) -> None:
    """Delete one recovered document's snapshot once its work is safe elsewhere (saved, or a newer
    snapshot written); the session folder goes with its last document."""
    for path in (entry.snapshot, entry.snapshot.with_suffix(".json")):
        path.unlink(missing_ok=True)
    folder = entry.snapshot.parent
    if not any(folder.glob("*.ora")):
        shutil.rmtree(folder, ignore_errors=True)
