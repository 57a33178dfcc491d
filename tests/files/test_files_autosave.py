"""Autosave snapshots and recovery after a crash (a real child process that dies without cleaning up)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from app.document import Document, Mask
from app.files import autosave

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    from pathlib import Path
    from skimage import data
    from app.document import Document
    from app.files.autosave import AutosaveSession

    doc = Document.from_image(data.coffee()[:64, :96])
    doc.path = Path(sys.argv[1])
    session = AutosaveSession()
    session.write(doc)
    print("saved", flush=True)
    if sys.argv[2] == "crash":
        os._exit(1)  # no close(): what a crash leaves behind
    sys.stdin.readline()  # stay alive until the test lets go
    """
)


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KINTSUGI_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _child(mode: str, original: Path, data: Path) -> subprocess.Popen:
    env = dict(os.environ, KINTSUGI_DATA=str(data), PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(original), mode],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )


def test_paths_follow_env(data_dir):
    assert autosave.data_dir() == data_dir
    assert autosave.autosave_dir() == data_dir / "autosave"


def test_crashed_session_is_recoverable_then_discarded(data_dir, tmp_path, coffee):
    original = tmp_path / "grandma.jpg"
    child = _child("crash", original, data_dir)
    out, _ = child.communicate(timeout=120)
    assert "saved" in out and child.returncode == 1

    sessions = autosave.list_recoverable()
    assert len(sessions) == 1
    session = sessions[0]
    assert session.pid == child.pid and len(session.documents) == 1
    entry = session.documents[0]
    assert entry.title == "grandma.jpg" and entry.original_path == original and entry.saved_at > 0

    doc = autosave.recover(entry)
    assert doc.path == original  # "Save" goes back to the user's file, not the autosave folder
    assert np.array_equal(doc.layers[0].pixels[:, :, :3], coffee[:64, :96])

    autosave.discard(session)
    assert autosave.list_recoverable() == []
    assert not session.folder.exists()


def test_running_editor_is_not_offered_for_recovery(data_dir, tmp_path):
    child = _child("stay", tmp_path / "x.png", data_dir)
    try:
        assert child.stdout.readline().strip() == "saved"
        assert autosave.list_recoverable() == []  # its owner is alive
    finally:
        child.kill()  # dies without cleaning up, like a crash
        child.communicate(timeout=60)
    assert len(autosave.list_recoverable()) == 1


def test_own_session_snapshots_and_clean_exit(data_dir, chelsea):
    doc = Document.from_image(chelsea[:50, :70])
    doc.masks.append(Mask("m", np.full((50, 70), 255, np.uint8)))
    session = autosave.AutosaveSession()
    snapshot = session.write(doc)
    assert snapshot.exists() and snapshot.parent.parent == data_dir / "autosave"
    marker = json.loads((snapshot.parent / "session.json").read_text())
    assert marker["pid"] == os.getpid()
    first = snapshot.stat().st_mtime_ns
    with doc.history.paint(doc.layers[0], "Clear") as tx:
        tx.touch()
        tx.array[:] = 0
    assert session.write(doc) == snapshot  # same document, same file, replaced
    assert snapshot.stat().st_mtime_ns >= first
    assert autosave.list_recoverable() == []  # this process is alive
    session.remove(doc)
    assert not snapshot.exists()
    session.write(doc)
    session.close()
    assert not session.folder.exists()
    assert autosave.list_recoverable() == []


def test_reused_pid_does_not_hide_a_crashed_session(data_dir, astronaut):
    # A dead editor's pid now belongs to another process (here: us) started at another time.
    session = autosave.AutosaveSession()
    session.write(Document.from_image(astronaut[:32, :32]), key="doc-1")
    marker_path = session.folder / "session.json"
    marker = json.loads(marker_path.read_text())
    marker["process_start"] -= 3600
    marker_path.write_text(json.dumps(marker))
    found = autosave.list_recoverable()
    assert [s.folder for s in found] == [session.folder]
    assert found[0].documents[0].title == "Untitled" and found[0].documents[0].original_path is None
