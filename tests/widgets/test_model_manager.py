"""The Model Manager dialog lists every model with its status, fetches off the UI thread with progress
and cancel, imports, verifies and deletes."""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np
import pytest
import tomli_w

from models.errors import FetchCancelled
from models.store import ModelStore
from widgets.model_manager import ModelManagerDialog


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def files(astronaut: np.ndarray) -> dict[str, bytes]:
    return {"ready-net": astronaut[:40].tobytes(), "bundled-net": astronaut[40:80].tobytes(),
            "broken-net": astronaut[80:120].tobytes(), "remote-net": astronaut[120:160].tobytes()}


@pytest.fixture()
def store(tmp_path: Path, files: dict[str, bytes], http_folder: tuple[Path, str]) -> ModelStore:
    """ready-net in the store, bundled-net shipped by the installer, broken-net damaged in the store,
    remote-net only on a (local) web server."""
    served, base = http_folder
    (served / "remote-net.onnx").write_bytes(files["remote-net"])
    unreachable = {"kind": "url", "urls": ["http://127.0.0.1:9/x.onnx"]}
    remote = {"kind": "url", "urls": [f"{base}/remote-net.onnx"]}
    entries = [{"id": mid, "task": "upscale", "title": mid.title(), "licence": "MIT", "builtin": True,
                "description": f"{mid} for tests",
                "files": [{"name": f"{mid}.onnx", "sha256": sha(data), "size": len(data)}],
                "sources": [remote if mid == "remote-net" else unreachable]} for mid, data in files.items()]
    cat = tmp_path / "catalog"
    cat.mkdir()
    (cat / "t.toml").write_text(tomli_w.dumps({"model": entries}), "utf-8")
    (tmp_path / "bundled" / "bundled-net").mkdir(parents=True)
    (tmp_path / "bundled" / "bundled-net" / "bundled-net.onnx").write_bytes(files["bundled-net"])
    st = ModelStore(tmp_path / "store", cat, tmp_path / "bundled")
    for mid, data in (("ready-net", files["ready-net"]), ("broken-net", files["broken-net"][::-1])):
        st.model_dir(mid).mkdir(parents=True)
        (st.model_dir(mid) / f"{mid}.onnx").write_bytes(data)
    return st


def test_lists_models_with_statuses_and_fetches(qtbot, store: ModelStore) -> None:
    dialog = ModelManagerDialog(store=store)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4
    statuses = {dialog.table.item(r, 0).text(): dialog.status_of_row(r) for r in range(4)}
    # The installer's copy is ready where it lies, without a fetch.
    assert statuses == {"ready-net": "ready", "bundled-net": "ready", "broken-net": "corrupt", "remote-net": "missing"}
    row = dialog.row_of("broken-net")
    assert dialog.table.item(row, 3).text() == "Damaged"
    assert dialog.table.item(row, 5).text() == "MIT"
    assert "built-in" in dialog.table.item(dialog.row_of("bundled-net"), 6).text()
    assert "bundled" in dialog.table.item(dialog.row_of("bundled-net"), 6).text()

    assert not dialog.fetch_button.isEnabled()  # nothing selected yet
    dialog.select("remote-net")
    assert dialog.fetch_button.isEnabled()
    dialog.fetch_button.click()
    qtbot.waitUntil(lambda: not dialog.is_fetching(), timeout=10_000)
    assert dialog.status_of_row(dialog.row_of("remote-net")) == "ready"
    assert "remote-net is ready" in dialog.message.text()
    assert not dialog.progress.isVisible()


def test_fetch_runs_off_ui_thread_and_cancels(qtbot, store: ModelStore, monkeypatch: pytest.MonkeyPatch) -> None:
    seen_threads: list[threading.Thread] = []

    def slow_fetch(model_id, progress=None, cancel=None):
        seen_threads.append(threading.current_thread())
        progress(0.25, "1.0 MB / 4.0 MB")
        if not cancel.wait(10):
            raise AssertionError("cancel never arrived")
        raise FetchCancelled()

    monkeypatch.setattr(store, "fetch", slow_fetch)
    dialog = ModelManagerDialog(store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select("remote-net")
    dialog.fetch_button.click()
    assert dialog.is_fetching() and not dialog.fetch_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.value() == 250, timeout=5_000)  # the UI thread keeps running
    assert dialog.progress.isVisible() and "1.0 MB / 4.0 MB" in dialog.progress_label.text()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.is_fetching(), timeout=5_000)
    assert seen_threads and seen_threads[0] is not threading.main_thread()
    assert "cancelled" in dialog.message.text()
    assert dialog.status_of_row(dialog.row_of("remote-net")) == "missing"


def test_import_verify_delete(qtbot, store: ModelStore, files: dict[str, bytes], tmp_path: Path) -> None:
    dialog = ModelManagerDialog(store=store)
    qtbot.addWidget(dialog)
    download = tmp_path / "from-a-colleague.onnx"
    download.write_bytes(files["broken-net"])
    dialog.select("broken-net")
    dialog.verify_selected()
    assert "deleted" in dialog.message.text()
    assert dialog.status_of_row(dialog.row_of("broken-net")) == "missing"

    assert dialog.import_file(download)
    assert dialog.status_of_row(dialog.row_of("broken-net")) == "ready"
    assert dialog.selected_ids() == ["broken-net"]

    not_a_model = tmp_path / "notes.txt"
    not_a_model.write_text("hello", "utf-8")
    assert not dialog.import_file(not_a_model)
    assert "Import failed" in dialog.message.text()

    dialog.select("ready-net")
    dialog.delete_selected(confirm=False)
    assert dialog.status_of_row(dialog.row_of("ready-net")) == "missing"
    assert not store.model_dir("ready-net").exists()
