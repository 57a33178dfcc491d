"""`python main.py run ...`: single files, folders, flags from params, JSON/mask outputs, exit codes,
Ctrl+C, `run --list`; and runs of real engines on real photos. What `run` reads and writes: 16-bit stays
16-bit, projects and PSDs are flattened, the output is checked before any work (and the same way as
`convert`), engine input errors are bad input."""
from __future__ import annotations

import _thread
import json
import os
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms

from app.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_MODEL, EXIT_OK, run_cli
from app.document import Document, Layer
from app.files import flatten, open_document, save_project
from engines.base import RunContext
from engines.registry import create_engine, engine_class, task_names
from engines.runtime import get_cache
from tests.engines.standin_models import StandinHooks, install_standin_models, register_standin_engines


@pytest.fixture()
def standin(monkeypatch, tmp_path):
    for task in task_names():
        # Real engines bind engines.runtime.model_path when first imported: not to the stand-in one.
        engine_class(task)
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


def test_flags_leave_out_gui_only_params_and_follow_their_groups():
    import argparse

    from app.cli_run import add_param_flags
    from engines.params import Param, cli_params

    params = (Param("size", "int", 3, "Size", "How big."), Param("live", "bool", True, "Live", gui_only=True),
              Param("seed", "int", 0, "Seed", "Noise seed.", group="Noise"),
              Param("log", "path", None, "Log file", "Write a log here.", cli_only=True))
    parser = argparse.ArgumentParser(prog="run")
    add_param_flags(parser, params)
    text = parser.format_help()
    assert "--size N" in text and "--seed N" in text and "--log PATH" in text
    assert "--live" not in text and [p.name for p in cli_params(params)] == ["size", "seed", "log"]
    sections = {block.split(":\n")[0]: block for block in text.split("\n\n")}
    assert "--size N" in sections["task options"] and "--seed N" in sections["noise options"]


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


def _deep_png(path: Path, rgb8: np.ndarray, icc: bytes | None = None) -> np.ndarray:
    """A 16-bit PNG whose low bits carry information (not just 8-bit values times 257)."""
    h, w = rgb8.shape[:2]
    ramp = (np.arange(h * w * 3).reshape(h, w, 3) * 37 % 251).astype(np.uint16)
    deep = rgb8.astype(np.uint16) * 257 - ramp * (rgb8 > 0)
    ok, png = cv2.imencode(".png", np.ascontiguousarray(deep[:, :, ::-1]))
    assert ok
    data = png.tobytes()
    if icc is not None:  # an iCCP chunk right after IHDR
        body = b"iCCP" + b"test\0\0" + zlib.compress(icc)
        chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
        data = data[:33] + chunk + data[33:]
    path.write_bytes(data)
    return deep


def _read_unchanged(path: Path) -> np.ndarray:
    return cv2.imread(str(path), cv2.IMREAD_UNCHANGED)[:, :, ::-1]


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize("task,flags,scale,levels", [  # levels: how far from the photo (8-bit steps)
    ("upscale", ["--model", "realesr-animevideov3", "--scale", "2"], 2, 8),
    ("style", ["--style", "starry-swirl", "--strength", "0.5"], 1, 50),
])
def test_16bit_input_gives_16bit_output(tmp_path, monkeypatch, capsys, chelsea, task, flags, scale, levels):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    icc = _srgb_profile()
    source = tmp_path / "deep.png"
    deep = _deep_png(source, chelsea[100:148, 180:228], icc)
    out = tmp_path / "out.png"
    code = run_cli(["run", task, str(source), "-o", str(out), "--device", "cpu", *flags])
    assert code == EXIT_OK, capsys.readouterr().err
    result = _read_unchanged(out)
    assert result.dtype == np.uint16 and result.shape == (48 * scale, 48 * scale, 3)
    assert np.count_nonzero(result % 257) > result.size // 4  # real 16-bit values, not 8-bit ones widened
    back = cv2.resize(result.astype(np.float32), (48, 48), interpolation=cv2.INTER_AREA)
    assert np.abs(back - deep).mean() < levels * 257  # still the same photo
    assert Image.open(out).info.get("icc_profile") == icc


def test_16bit_input_to_jpeg_is_8bit(tmp_path, monkeypatch, chelsea):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    source = tmp_path / "deep.png"
    _deep_png(source, chelsea[100:132, 180:212])
    out = tmp_path / "out.jpg"
    assert run_cli(["run", "upscale", str(source), "-o", str(out), "--model", "realesr-animevideov3",
                    "--scale", "2", "--device", "cpu"]) == EXIT_OK
    with Image.open(out) as im:
        assert (im.format, im.mode, im.size) == ("JPEG", "RGB", (64, 64))


def _project(path: Path, base: np.ndarray) -> Path:
    doc = Document.from_image(base)
    red = np.zeros((12, 12, 4), np.uint8)
    red[..., 0] = 255
    red[..., 3] = 128
    doc.layers.append(Layer("red", red, offset=(5, 6)))
    save_project(doc, path)
    return path


def _psd(path: Path, base: np.ndarray, patch: np.ndarray) -> Path:
    from psd_tools import PSDImage

    psd = PSDImage.new("RGB", (base.shape[1], base.shape[0]))
    psd.create_pixel_layer(Image.fromarray(base), name="Base")
    psd.create_pixel_layer(Image.fromarray(patch), name="Patch", top=3, left=4, opacity=128)
    psd.save(path)
    return path


def test_projects_and_psds_are_flattened(standin, tmp_path, capsys, astronaut, coffee):
    ora = _project(tmp_path / "proj.ora", astronaut[:40, :48])
    psd = _psd(tmp_path / "layers.psd", coffee[:40, :48], coffee[200:210, :10])
    for source in (ora, psd):
        out = tmp_path / f"{source.stem}.png"
        code = run_cli(["run", "standin-conv", str(source), "-o", str(out), "--device", "cpu"])
        assert code == EXIT_OK, capsys.readouterr().err
        flat = flatten(open_document(source))
        np.testing.assert_array_equal(np.asarray(Image.open(out)), _direct(flat))


def test_batch_picks_up_projects_and_psds(standin, tmp_path, astronaut, coffee):
    folder = tmp_path / "in"
    folder.mkdir()
    _project(folder / "a.ora", astronaut[:32, :40])
    _psd(folder / "b.psd", coffee[:32, :40], coffee[200:210, :10])
    _save(folder / "c.png", astronaut[100:132, 100:140])
    out = tmp_path / "out"
    assert run_cli(["run", "standin-conv", str(folder), "-o", str(out), "--device", "cpu"]) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["a.png", "b.png", "c.png"]


def test_output_folder_that_cannot_be_created_is_found_before_the_engine_runs(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    (tmp_path / "blocker").write_text("a file, not a folder")
    for output in (tmp_path / "blocker" / "out.png", tmp_path / "blocker" / "deeper" / "out.png"):
        assert run_cli(["run", "standin-conv", str(src), "-o", str(output)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert f"Cannot save “out.png”: “{tmp_path / 'blocker'}” is a file, not a folder." in err
        assert "unexpected" not in err
    assert StandinHooks.log == []  # the engine never started


def test_batch_output_folder_that_cannot_be_created(standin, tmp_path, capsys, astronaut):
    folder = tmp_path / "in"
    folder.mkdir()
    _save(folder / "a.png", astronaut[:32, :32])
    (tmp_path / "blocker").write_text("")
    assert run_cli(["run", "standin-conv", str(folder), "-o", str(tmp_path / "blocker" / "out")]) == EXIT_BAD_INPUT
    assert "is a file, not a folder" in capsys.readouterr().err
    assert StandinHooks.log == []


def test_missing_output_folders_are_created_by_run_and_convert(standin, tmp_path, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    ran, converted = tmp_path / "r" / "s" / "out.png", tmp_path / "c" / "d" / "out.png"
    assert run_cli(["run", "standin-conv", str(src), "-o", str(ran)]) == EXIT_OK
    assert run_cli(["convert", str(src), str(converted)]) == EXIT_OK
    assert ran.is_file() and converted.is_file()


def test_run_and_convert_give_the_same_sentence_for_a_bad_folder(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    (tmp_path / "blocker").write_text("")
    target = str(tmp_path / "blocker" / "out.png")
    assert run_cli(["run", "standin-conv", str(src), "-o", target]) == EXIT_BAD_INPUT
    from_run = capsys.readouterr().err
    assert run_cli(["convert", str(src), target]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == from_run


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that bind (not root)")
def test_unwritable_output_folder_is_found_before_the_engine_runs(standin, tmp_path, capsys, astronaut):
    src = _save(tmp_path / "in.png", astronaut[:32, :32])
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert run_cli(["run", "standin-conv", str(src), "-o", str(locked / "out.png")]) == EXIT_FAILED
        from_run = capsys.readouterr().err
        assert run_cli(["convert", str(src), str(locked / "out.png")]) == EXIT_FAILED
        assert capsys.readouterr().err == from_run
    finally:
        locked.chmod(0o700)
    assert "Cannot save “out.png”" in from_run and StandinHooks.log == []


def test_style_on_a_one_pixel_image_is_bad_input(tmp_path, monkeypatch, capsys, chelsea):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    src = _save(tmp_path / "dot.png", chelsea[:1, :1])
    assert run_cli(["run", "style", str(src), "-o", str(tmp_path / "o.png"), "--device", "cpu"]) == EXIT_BAD_INPUT
    assert "too small" in capsys.readouterr().err
    assert not (tmp_path / "o.png").exists()


@pytest.mark.parametrize("flags,needle", [
    (["--style", "mona-lisa"], "unknown style 'mona-lisa'"),
    (["--style", "40"], "0 to 25"),
    (["--mix", "3:x"], "bad weight"),
])
def test_bad_style_is_refused_before_any_model_loads(tmp_path, monkeypatch, capsys, chelsea, flags, needle):
    # An empty model store: loading any model would give exit 3, so exit 2 shows nothing was loaded.
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "empty-store"))
    src = _save(tmp_path / "cat.png", chelsea[:64, :64])
    assert run_cli(["run", "style", str(src), "-o", str(tmp_path / "o.png"), *flags]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert needle in err and "loading model" not in err
