"""Image ▸ Adjust: one entry per group of the adjust engine's params, each a dialog of that group only,
applied as one undo step; and the command line's `run adjust`."""
from __future__ import annotations

import numpy as np
from PIL import Image

from widgets.engine_dialog import EngineDialog

TIMEOUT_MS = 30_000


def _loaded(window, qtbot):
    qtbot.waitUntil(window.engines.is_loaded, timeout=TIMEOUT_MS)


def test_levels_entry_opens_a_dialog_of_the_levels_group_and_applies_one_step(window, qtbot, coffee):
    _loaded(window, qtbot)
    doc = window.open_image_as_new_document(coffee, "Coffee")
    steps = len(doc.history.names)
    image_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Image")
    adjust = next(a.menu() for a in image_menu.actions() if a.menu() is not None and a.text() == "Adjust")
    entries = [a.text() for a in adjust.actions()]
    assert {"Levels…", "Hue/Saturation…", "Denoise…", "Sharpen…", "Remove Colour Cast…", "Auto Tone…"} <= set(entries)
    window.action("engine.adjust.Levels").trigger()
    dialog = window.findChild(EngineDialog)
    assert dialog is not None and dialog.windowTitle() == "Levels"
    assert dialog.panel.names() == ["black_point", "white_point", "gamma"]
    assert dialog.result_mode() == "replace"  # adjustments change the layer in place by default
    dialog.set_value("black_point", 40)
    dialog.set_value("white_point", 200)
    qtbot.waitUntil(lambda: dialog.preview_image is not None and dialog.options()["black_point"] == 40
                    and dialog.preview_image.min() == 0, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.run_ended, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(doc.history.names) == steps + 1, timeout=TIMEOUT_MS)
    assert len(doc.layers) == 1
    result = doc.layers[-1].pixels[:, :, :3]
    assert result[coffee <= 40].max() == 0 and result[coffee >= 200].min() == 255
    doc.history.undo()
    assert np.array_equal(doc.layers[-1].pixels[:, :, :3], coffee)


def test_run_adjust_on_the_command_line(tmp_path, coffee):
    from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli

    source, out = tmp_path / "in.png", tmp_path / "out.png"
    Image.fromarray(coffee).save(source)
    argv = ["run", "adjust", str(source), "-o", str(out), "--levels", "40,200,1", "--sharpen", "0.5"]
    assert run_cli(argv) == EXIT_OK
    result = np.asarray(Image.open(out))
    assert result[coffee <= 30].max() == 0 and result.shape == coffee.shape
    assert run_cli(["run", "adjust", str(source), "-o", str(out), "--levels", "200,40,1"]) == EXIT_BAD_INPUT
