"""A new engine is one module and one registry line: the stand-in engine of tests/widgets/standin_engine.py,
registered by one line, gets a menu entry that opens the dialog built from its params (preview, groups,
advanced, visible-when), runs as a job and lands as one undo step; it is in `run --list` and `run`, in
the Model Manager's task labels and in the self-test. Nothing in widgets/, app/ or the catalog names it."""
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
import tomli_w
from PIL import Image
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGroupBox

from app.compositor import masked as with_layer_mask
from engines.registry import ENGINE_TABLE
from tests.widgets.standin_engine import STANDIN, STANDIN_MASKED
from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 30_000


@pytest.fixture
def standin(monkeypatch):
    monkeypatch.setitem(ENGINE_TABLE, "standin", STANDIN)  # the one registry line


@pytest.fixture
def win(standin, window):
    """The main window, made after the stand-in was registered."""
    return window


def _menu(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)


def test_menu_entry_opens_the_generic_dialog_and_applies_one_undo_step(win, coffee, qtbot):
    action = win.action("engine.standin")
    assert action in _menu(win, "Filter").actions()
    assert action.text() == "Invert (stand-in)…"
    assert action.shortcut() == QKeySequence("Ctrl+Alt+Shift+9")
    assert not action.isEnabled()  # nothing to run it on yet
    doc = win.open_image_as_new_document(coffee, "Coffee")
    assert action.isEnabled()
    steps = len(doc.history.names)

    action.trigger()
    dialog = win.findChild(EngineDialog)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Invert (stand-in)"
    panel = dialog.panel
    assert panel.names() == ["amount", "keep_alpha", "mode", "levels"]  # "note" is for the command line
    assert [box.title() for box in dialog.findChildren(QGroupBox)] == ["Output"]
    assert not panel.editor_widget("mode").isVisibleTo(dialog)  # advanced: behind the expander
    panel.advanced_button.setChecked(True)
    assert panel.editor_widget("mode").isVisibleTo(dialog)
    assert not panel.editor_widget("levels").isVisibleTo(dialog)  # visible only when posterising
    dialog.set_value("mode", "posterise")
    assert panel.editor_widget("levels").isVisibleTo(dialog)
    dialog.set_value("mode", "plain")
    assert not dialog.model_box.isVisible()  # no model to choose
    assert dialog.mask_only.isVisible() and not dialog.mask_only.isEnabled()  # the document has no mask

    dialog.set_value("amount", 0.5)
    qtbot.waitUntil(lambda: dialog.preview_image is not None and dialog.options()["amount"] == 0.5
                    and abs(int(dialog.preview_image[0, 0, 0]) - 128) < 3, timeout=TIMEOUT_MS)
    dialog.set_value("amount", 1.0)
    qtbot.waitUntil(lambda: dialog.preview_image is not None
                    and np.array_equal(dialog.preview_image, 255 - dialog.small), timeout=TIMEOUT_MS)
    assert dialog.result_mode() == "layer"
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS) as ended:
        dialog.ok_button.click()
    assert ended.args == ["done"]
    qtbot.waitUntil(lambda: win.findChild(EngineDialog) is None, timeout=TIMEOUT_MS)  # closed and gone
    assert len(doc.layers) == 2 and len(doc.history.names) == steps + 1
    np.testing.assert_array_equal(doc.layers[1].pixels[:, :, :3], 255 - coffee)
    assert doc.history.undo_name == "Invert (stand-in)"
    doc.history.undo()
    assert len(doc.layers) == 1


def test_a_result_of_an_image_changed_meanwhile_is_refused(win, coffee, qtbot, messages):
    from app import layer_ops

    doc = win.open_image_as_new_document(coffee, "Coffee")
    win.action("engine.standin").trigger()
    dialog = win.findChild(EngineDialog)
    dialog.accept()
    dialog.background_button.click()  # the job goes on; the user goes on editing
    layer_ops.add_layer(doc, "Edit")
    qtbot.waitUntil(lambda: bool(messages), timeout=TIMEOUT_MS)
    assert messages[-1][0] == "warning" and "changed while" in messages[-1][1]
    assert [layer.name for layer in doc.layers] == ["Coffee", "Edit"]  # the result was not applied


def test_cli_lists_and_runs_it(standin, tmp_path, capsys, coffee):
    from app.cli import EXIT_OK, run_cli

    assert run_cli(["run", "--list"]) == EXIT_OK
    listed = capsys.readouterr().out
    assert "standin: Invert (stand-in)" in listed and "--amount X" in listed and "--mode {plain,posterise}" in listed
    source, out = tmp_path / "coffee.png", tmp_path / "out.png"
    Image.fromarray(coffee).save(source)
    argv = ["run", "standin", str(source), "-o", str(out), "--amount", "1", "--note", "from the CLI"]
    assert run_cli(argv) == EXIT_OK
    np.testing.assert_array_equal(np.asarray(Image.open(out)), 255 - coffee)


def test_model_manager_names_its_task_after_the_engine(standin, qtbot, tmp_path):
    from models.store import ModelStore
    from widgets.model_manager import COLUMNS, ModelManagerDialog

    data = b"stand-in weights"
    entry = {"id": "standin-net", "task": "standin", "title": "Stand-in net", "licence": "MIT", "builtin": False,
             "files": [{"name": "standin-net.onnx", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}],
             "sources": [{"kind": "url", "urls": ["http://127.0.0.1:9/standin-net.onnx"]}]}
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "standin.toml").write_text(tomli_w.dumps({"model": [entry]}), "utf-8")  # the one catalog file
    dialog = ModelManagerDialog(store=ModelStore(tmp_path / "store", catalog, tmp_path / "bundled"))
    qtbot.addWidget(dialog)
    row = dialog.row_of("standin-net")
    assert dialog.table.item(row, COLUMNS.index("task")).text() == "Invert (stand-in)"


def test_self_test_runs_it(standin, monkeypatch):
    from app.selftest import _sample_image, engine_checks, run_self_test

    checks = dict(engine_checks(_sample_image()))
    assert "engine standin" in checks
    assert checks["engine standin"]() == "no model on n/a"
    # The whole report, with only the stand-in: the real engines' runs are the packaging test's business.
    monkeypatch.setattr("engines.registry.ENGINE_TABLE", {"standin": STANDIN})
    report = io.StringIO()
    assert run_self_test(out=report)
    assert "PASS  engine standin" in report.getvalue()


def test_self_test_gives_a_mask_to_an_engine_that_needs_one(monkeypatch):
    from app.selftest import _sample_image, engine_checks

    monkeypatch.setitem(ENGINE_TABLE, "standin-masked", STANDIN_MASKED)
    checks = dict(engine_checks(_sample_image()))
    assert checks["engine standin-masked"]() == "no model on n/a"


def test_dialog_of_an_engine_that_needs_a_mask_asks_for_one(monkeypatch, qtbot, coffee):
    from app.document import Document, Mask
    from app.jobs import JobManager

    monkeypatch.setitem(ENGINE_TABLE, "standin-masked", STANDIN_MASKED)
    manager = JobManager()
    bare = EngineDialog("standin-masked", Document.from_image(coffee), manager)
    qtbot.addWidget(bare)
    assert not bare.ok_button.isEnabled() and "needs a mask" in bare.message_label.text()
    doc = Document.from_image(coffee)
    mask = np.zeros(coffee.shape[:2], np.uint8)
    mask[100:200, 100:300] = 255
    doc.masks.append(Mask("area", mask))
    doc.active_mask_index = 0
    masked = EngineDialog("standin-masked", doc, manager)
    qtbot.addWidget(masked)
    assert masked.mask_only.isChecked() and not masked.mask_only.isEnabled()  # always inside the mask
    assert masked.ok_button.isEnabled() and not masked.message_label.text()
    with qtbot.waitSignal(masked.run_ended, timeout=TIMEOUT_MS):
        masked.accept()
    layer = doc.layers[1]
    inside = mask > 0
    np.testing.assert_array_equal(layer.pixels[:, :, :3][inside], 255 - coffee[inside])
    shown = with_layer_mask(layer.pixels, layer.shown_mask)[:, :, 3]
    assert (shown[~inside] == 0).all()  # a new layer that shows only inside the mask (its layer mask)
    for dialog in (bare, masked):
        dialog.shutdown()
    manager.shutdown()
