"""`python main.py run ...`: single files, folders, flags from params, JSON/mask outputs, exit codes,
Ctrl+C, `run --list`; and one run of a real engine on a real photo."""
from __future__ import annotations

import _thread
import json

import numpy as np
import pytest
from PIL import Image

from app.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_MODEL, EXIT_OK, run_cli
from engines.base import RunContext
from engines.registry import create_engine
from engines.runtime import get_cache
from tests.engines.standin_models import StandinHooks, install_standin_models, register_standin_engines


@pytest.fixture()
def standin(monkeypatch, tmp_path):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    install_standin_models(monkeypatch, tmp_path / "models")
    register_standin_engines(monkeypatch)
    yield
    StandinHooks.reset()
    get_cache().release_all()


def _save(path, array):
    Image.fromarray(array).save(path)
    return path


def _direct(image, **options):
    opts = {"tile": 64, "overlap": 16, "delay": 0.0, "tag": "", "invert": False, **options}
    return create_engine("standin-conv").run(image, opts, RunContext(device="cpu")).image


def test_single_image_with_flags(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "astro.png", astronaut[:100, :120])
    out = tmp_path / "out" / "astro-done.png"
    code = run_cli(["run", "standin-conv", str(src), "-o", str(out), "--tile", "48", "--invert", "--device", "cpu"])
    assert code == EXIT_OK
    np.testing.assert_array_equal(np.asarray(Image.open(out)), _direct(astronaut[:100, :120], tile=48, invert=True))
    assert "CPUExecutionProvider" in capsys.readouterr().err

    code = run_cli(["run", "standin-conv", str(src), "-o", str(out), "--no-invert", "--device", "cpu"])
    assert code == EXIT_OK
    np.testing.assert_array_equal(np.asarray(Image.open(out)), _direct(astronaut[:100, :120]))


def test_output_folder_keeps_the_name(standin, tmp_path, chelsea):
    src = _save(tmp_path / "cat.jpg", chelsea[:64, :64])
    (tmp_path / "results").mkdir()
    assert run_cli(["run", "standin-conv", str(src), "-o", str(tmp_path / "results")]) == EXIT_OK
    assert (tmp_path / "results" / "cat.jpg").is_file()


@pytest.mark.parametrize("argv,needle", [
    (["run", "standin-conv", "IN", "-o", "OUT", "--tile", "abc"], "--tile: 'abc' is not a valid int"),
    (["run", "standin-conv", "IN", "-o", "OUT", "--tile", "4"], "below the minimum"),
    (["run", "standin-conv", "IN", "-o", "OUT", "--bogus", "1"], "unrecognized arguments: --bogus"),
    (["run", "standin-conv", "IN", "-o", "OUT", "--invert", "--no-invert"], "not allowed with"),
    (["run", "standin-conv", "IN"], "the following arguments are required: -o/--output"),
    (["run", "standin-conv", "MISSING", "-o", "OUT"], "does not exist"),
    (["run", "standin-conv", "IN", "-o", "out.xyz"], "extension must be one of"),
    (["run", "no-such-task", "IN", "-o", "OUT"], "unknown task"),
    (["run"], "name a task"),
])
def test_bad_input_exits_2_with_a_message(standin, tmp_path, capsys, astronaut, argv, needle):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    argv = [{"IN": str(src), "OUT": str(tmp_path / "o.png"), "MISSING": str(tmp_path / "nope.png")}.get(a, a)
            for a in argv]
    assert run_cli(argv) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_missing_model_exits_3(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    code = run_cli(["run", "standin-conv", str(src), "-o", str(tmp_path / "o.png"), "--model", "standin-missing"])
    assert code == EXIT_MODEL
    assert "not installed" in capsys.readouterr().err
    assert not (tmp_path / "o.png").exists()


def test_batch_folder_survives_a_bad_file(standin, tmp_path, capsys, astronaut, coffee):
    folder = tmp_path / "in"
    folder.mkdir()
    _save(folder / "a.png", astronaut[:64, :80])
    _save(folder / "b.jpg", coffee[:70, :60])
    (folder / "broken.png").write_bytes(b"\x89PNG not really")
    (folder / "notes.txt").write_text("ignored: not an image")
    out = tmp_path / "out"
    code = run_cli(["run", "standin-conv", str(folder), "-o", str(out), "--device", "cpu"])
    assert code != EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["a.png", "b.jpg"]
    np.testing.assert_array_equal(np.asarray(Image.open(out / "a.png")), _direct(astronaut[:64, :80]))
    err = capsys.readouterr().err
    assert "2 of 3 images done" in err and "broken.png" in err


def test_batch_refuses_to_overwrite_inputs(standin, tmp_path, capsys, astronaut):
    folder = tmp_path / "in"
    folder.mkdir()
    _save(folder / "a.png", astronaut[:32, :32])
    assert run_cli(["run", "standin-conv", str(folder), "-o", str(folder)]) == EXIT_BAD_INPUT
    assert "another folder" in capsys.readouterr().err


def test_data_engine_writes_json_and_mask_engine_a_grey_png(standin, tmp_path, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:40, :50])
    assert run_cli(["run", "standin-data", str(src), "-o", str(tmp_path / "stats.json")]) == EXIT_OK
    data = json.loads((tmp_path / "stats.json").read_text())
    assert data["width"] == 50 and data["height"] == 40
    assert data["mean"] == pytest.approx(list(astronaut[:40, :50].mean(axis=(0, 1))), abs=1e-6)

    assert run_cli(["run", "standin-mask", str(src), "-o", str(tmp_path / "m.png"), "--threshold", "90"]) == EXIT_OK
    mask = Image.open(tmp_path / "m.png")
    assert mask.mode == "L"
    expected = np.where(astronaut[:40, :50].mean(axis=2) > 90, 255, 0)
    np.testing.assert_array_equal(np.asarray(mask), expected)


def test_engine_failure_exits_4(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "tiny.png", astronaut[:4, :4])
    assert run_cli(["run", "standin-data", str(src), "-o", str(tmp_path / "s.json")]) == EXIT_FAILED
    assert "Image too small" in capsys.readouterr().err


def test_ctrl_c_cancels_between_tiles(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:256, :256])
    tiles = []

    def on_tile(tag, n):
        tiles.append(n)
        if n == 2:
            _thread.interrupt_main()  # what Ctrl+C does: KeyboardInterrupt in the main thread

    StandinHooks.on_tile = on_tile
    out = tmp_path / "o.png"
    code = run_cli(["run", "standin-conv", str(src), "-o", str(out), "--tile", "64", "--delay", "0.05"])
    assert code == EXIT_FAILED
    assert "cancelled" in capsys.readouterr().err
    assert not out.exists() and len(tiles) < 25


def test_list_shows_tasks_models_and_flags(standin, capsys):
    assert run_cli(["run", "--list"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "standin-conv: Stand-in convolution" in out
    assert "--invert/--no-invert" in out and "--tile N" in out
    assert "standin-data: Stand-in statistics [output: data]" in out
    for task in ("upscale", "faces"):
        assert f"{task}:" in out


def test_real_upscale_on_a_real_photo(tmp_path, monkeypatch, capsys, chelsea):
    # The real pipeline end to end: model store, onnxruntime, tiling, export (realesr-animevideov3, x2).
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    src = _save(tmp_path / "cat.png", chelsea[100:164, 180:244])
    out = tmp_path / "cat2x.png"
    code = run_cli(["run", "upscale", str(src), "-o", str(out), "--model", "realesr-animevideov3",
                    "--scale", "2", "--device", "cpu"])
    assert code == EXIT_OK, capsys.readouterr().err
    result = np.asarray(Image.open(out)).astype(np.float32)
    assert result.shape == (128, 128, 3)
    # Downscaled back, it must still be the same photo.
    small = np.asarray(Image.fromarray(result.astype(np.uint8)).resize((64, 64), Image.BICUBIC), np.float32)
    assert np.abs(small - chelsea[100:164, 180:244]).mean() < 8
