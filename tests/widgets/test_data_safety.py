"""No failed save or crash loses work: a document is let go (its tab closed, the window closed) only after
Discard or a save that finished, opening another never lets it go,
recovered work stays unsaved (and its snapshot stays) until it is saved, and Save As never suggests
another document's file."""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox

from app import layer_ops
from app.document import Document
from app.files import save_project
from app.files.autosave import AutosaveSession, list_recoverable
from widgets import file_dialogs

SAVE = QMessageBox.StandardButton.Save
DEAD_OWNER = '{"pid": 999999999, "process_start": 1.0, "started_at": 1.0}'


def _edited_document(window, image: np.ndarray, path: Path) -> Document:
    window.open_image_as_new_document(image, "Coffee")
    doc = window.document
    doc.path = path
    layer_ops.add_layer(doc, "Edit")
    assert doc.history.modified
    return doc


def _wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.is_busy and not window.files.tasks, timeout=10000)


def _crashed_session(image: np.ndarray, name: str = "Cat") -> AutosaveSession:
    crashed = AutosaveSession()
    crashed.write(Document.from_image(image, name=name))
    (crashed.folder / "session.json").write_text(DEAD_OWNER)
    return crashed


@pytest.fixture
def photo(tmp_path, chelsea) -> Path:
    path = tmp_path / "chelsea.png"
    Image.fromarray(chelsea).save(path)
    return path


def test_failed_save_before_close_keeps_the_document_and_its_autosave(window, qtbot, messages, coffee,
                                                                      tmp_path):
    doc = _edited_document(window, coffee, tmp_path / "no" / "such" / "folder" / "work.ora")
    assert window.autosave_now()
    _wait_idle(qtbot, window)
    snapshot = next(window.files.autosave.folder.glob("*.ora"))
    messages.answer = SAVE
    window.action("file.close").trigger()
    _wait_idle(qtbot, window)
    assert window.documents == [doc] and window.document is doc  # its tab stays
    assert doc.history.modified and [layer.name for layer in doc.layers][-1] == "Edit"
    assert snapshot.exists()
    assert messages[-1][0] == "warning" and "work.ora" in messages[-1][1]


def test_opening_other_images_never_asks_and_keeps_the_document(window, qtbot, messages, coffee, chelsea,
                                                                 tmp_path, photo):
    doc = _edited_document(window, coffee, tmp_path / "missing" / "work.ora")
    messages.answer = QMessageBox.StandardButton.Cancel  # would refuse, if anything asked
    upscaled = window.open_image_as_new_document(chelsea, "Upscaled")
    window.open_path(photo)
    _wait_idle(qtbot, window)
    assert window.documents[:2] == [doc, upscaled] and len(window.documents) == 3
    assert window.document.size == (451, 300)  # the photo, shown in its own tab
    assert doc.history.modified and not [kind for kind, _text in messages if kind == "question"]


def test_successful_save_then_closes_the_tab(window, qtbot, messages, coffee, tmp_path):
    target = tmp_path / "work.ora"
    doc = _edited_document(window, coffee, target)
    messages.answer = SAVE
    window.action("file.close").trigger()
    qtbot.waitUntil(lambda: doc not in window.documents and not window.is_busy, timeout=10000)
    assert target.exists() and not doc.history.modified
    assert window.document is None  # the last tab closed: an empty window, as Close always left


def test_quit_with_a_failed_save_returns_to_the_window(window, qtbot, messages, coffee, tmp_path):
    doc = _edited_document(window, coffee, tmp_path / "gone" / "work.ora")
    assert window.autosave_now()
    _wait_idle(qtbot, window)
    folder = window.files.autosave.folder
    messages.answer = SAVE
    assert window.close() is False  # asks, saves in the background, closes only once that succeeded
    _wait_idle(qtbot, window)
    qtbot.wait(50)
    assert window.isVisible() and window.document is doc and doc.history.modified
    assert any(folder.glob("*.ora"))  # the crash snapshot is still there
    assert messages[-1][0] == "warning"


def test_quit_with_a_successful_save_closes(window, qtbot, messages, coffee, tmp_path):
    target = tmp_path / "work.ora"
    _edited_document(window, coffee, target)
    messages.answer = SAVE
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert target.exists()


def test_save_as_suggests_the_current_documents_name(window, qtbot, monkeypatch, settings, coffee, tmp_path):
    other = tmp_path / "projects" / "other.ora"
    other.parent.mkdir()
    save_project(Document.from_image(coffee), other)
    settings.add_recent_file(other)
    window.open_image_as_new_document(coffee, "Face crop")
    hints = []
    monkeypatch.setattr(file_dialogs, "ask_save_project_path", lambda parent, hint: hints.append(hint))
    monkeypatch.setattr(file_dialogs, "ask_export_path", lambda parent, hint: hints.append(hint))
    window.action("file.save_as").trigger()
    window.action("file.export").trigger()
    assert hints == [other.parent / "Face crop.ora", other.parent / "Face crop.png"]
    window.document.path = tmp_path / "holiday.jpg"
    window.action("file.save_as").trigger()
    assert hints[-1] == tmp_path / "holiday.ora"


def test_recovered_work_is_unsaved_and_its_snapshot_stays_until_saved(window, qtbot, messages, monkeypatch,
                                                                       chelsea, tmp_path):
    from widgets import recovery_dialog

    crashed = _crashed_session(chelsea)

    def choose_recover(dialog):
        dialog.choice = "recover"
        return 1

    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec", choose_recover)
    window.offer_crash_recovery()
    doc = window.document
    assert doc is not None and doc.history.modified
    assert "*" in window.windowTitle() or window.isWindowModified()
    assert any(crashed.folder.glob("*.ora"))
    # Quit asks; Cancel keeps everything.
    messages.answer = QMessageBox.StandardButton.Cancel
    assert window.close() is False
    qtbot.wait(20)
    assert window.isVisible() and any(crashed.folder.glob("*.ora"))
    assert list_recoverable()  # a second crash now would still offer it
    # Saving makes the work safe: now the old snapshot goes.
    doc.path = tmp_path / "recovered.ora"
    window.action("file.save").trigger()
    _wait_idle(qtbot, window)
    assert (tmp_path / "recovered.ora").exists() and not doc.history.modified
    assert not crashed.folder.exists()


def test_recovered_snapshot_goes_once_a_newer_autosave_exists(window, qtbot, monkeypatch, chelsea):
    from widgets import recovery_dialog

    crashed = _crashed_session(chelsea)
    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec",
                        lambda dialog: setattr(dialog, "choice", "recover") or 1)
    window.offer_crash_recovery()
    assert window.autosave_now()
    _wait_idle(qtbot, window)
    assert not crashed.folder.exists()
    assert any(window.files.autosave.folder.glob("*.ora"))


def test_recovery_is_offered_before_a_file_given_at_start(window, qtbot, messages, monkeypatch, chelsea, photo):
    from widgets import recovery_dialog
    from widgets.application import start_session

    _crashed_session(chelsea, name="Crashed work")
    offered = []

    def choose_recover(dialog):
        offered.append(window.document)
        dialog.choice = "recover"
        return 1

    monkeypatch.setattr(recovery_dialog.RecoveryDialog, "exec", choose_recover)
    start_session(window, photo)
    _wait_idle(qtbot, window)
    assert offered == [None]  # offered first, before the photo was opened
    recovered, opened = window.documents  # the photo opened in a tab next to the recovered work
    assert recovered.layers[0].name == "Crashed work" and recovered.history.modified
    assert window.document is opened and opened.size == (451, 300)
    assert not [kind for kind, _text in messages if kind == "question"]


def test_stale_temporary_files_of_a_killed_save_are_removed(tmp_path, coffee):
    from app.files.atomic import STALE_TEMP_AGE_S

    target = tmp_path / "work.ora"
    stale = tmp_path / ".work.ora.k3j_9x2q.tmp"
    fresh = tmp_path / ".other.ora.a1b2c3d4.tmp"  # another save that is running right now
    unrelated = tmp_path / ".notes.tmp"
    for path in (stale, fresh, unrelated):
        path.write_bytes(b"x" * 1000)
    old = time.time() - STALE_TEMP_AGE_S - 60
    os.utime(stale, (old, old))
    os.utime(unrelated, (old, old))
    save_project(Document.from_image(coffee), target)
    assert target.exists()
    assert not stale.exists()
    assert fresh.exists() and unrelated.exists()


def test_a_damaged_model_found_by_the_background_check_is_shown_to_the_user(window, qtbot, messages):
    import threading

    from models import store

    checker = threading.Thread(target=store._tell_corrupt,  # as the store's checking thread does
                               args=("realesrgan-x4plus", "Model 'realesrgan-x4plus' is damaged."))
    checker.start()
    checker.join()
    qtbot.waitUntil(lambda: any("damaged" in text for _kind, text in messages), timeout=5000)


def test_opening_a_psd_says_which_layers_were_left_out(window, qtbot, messages, tmp_path, coffee, chelsea):
    from psd_tools import PSDImage

    from tests.files.test_files_psd import _drop_channels

    psd = PSDImage.new("RGB", (60, 40))
    psd.create_pixel_layer(Image.fromarray(coffee[:40, :60]), name="Base")
    psd.create_pixel_layer(Image.fromarray(chelsea[:10, :12]), name="Krita mask", top=3, left=4)
    path = tmp_path / "krita.psd"
    psd.save(path)
    _drop_channels(path, 1)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.document is not None and not window.is_busy, timeout=10000)
    assert [layer.name for layer in window.document.layers] == ["Base"]
    assert messages[-1][0] == "information" and "Krita mask" in messages[-1][1]
