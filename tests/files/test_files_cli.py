"""`info` and `convert` commands, through app.cli.run_cli and once through `python main.py`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli
from app.document import BlendMode, Document, Layer
from app.files import open_document, save_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def camera_jpeg(tmp_path, astronaut) -> Path:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = "1969:07:20 20:17:40"
    path = tmp_path / "moon.jpg"
    Image.fromarray(astronaut[:100, :150]).save(path, quality=90, exif=exif.tobytes())
    return path


def test_info_image_with_exif(camera_jpeg, capsys):
    assert run_cli(["info", str(camera_jpeg)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "JPEG" in out and "150 × 100" in out and "RGB" in out
    assert "Bit depth:   8" in out
    assert "Canon EOS 5D" in out and "Canon Canon" not in out
    assert "1969:07:20 20:17:40" in out
    assert "6 (rotated 90° clockwise)" in out


def test_info_json_and_16bit(tmp_path, coffee, capsys):
    import cv2

    path = tmp_path / "deep.png"
    cv2.imwrite(str(path), coffee[:30, :40].astype(np.uint16) * 257)
    assert run_cli(["info", "--json", str(path)]) == EXIT_OK
    info = json.loads(capsys.readouterr().out)
    assert (info["format"], info["width"], info["height"], info["bit_depth"]) == ("PNG", 40, 30, 16)


def test_info_lists_project_layers(tmp_path, chelsea, capsys):
    doc = Document.from_image(chelsea[:60, :80])
    doc.layers.append(Layer("Retouch", np.zeros((10, 10, 4), np.uint8), opacity=0.25, visible=False,
                            blend_mode=BlendMode.SCREEN, offset=(4, 5)))
    path = tmp_path / "proj.ora"
    save_project(doc, path)
    assert run_cli(["info", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "OpenRaster" in out and "80 × 60" in out and "Layers (2, top first)" in out
    retouch = next(line for line in out.splitlines() if "Retouch" in line)
    assert "(4, 5)" in retouch and "25%" in retouch and "screen" in retouch and "hidden" in retouch
    assert out.index("Retouch") < out.index("Background")


def test_convert_project_to_jpeg_with_quality(tmp_path, astronaut, capsys):
    doc = Document.from_image(astronaut[:128, :128])
    red = np.zeros((20, 20, 4), np.uint8)
    red[..., 0] = red[..., 3] = 255
    doc.layers.append(Layer("red", red, offset=(10, 10)))
    project = tmp_path / "p.ora"
    save_project(doc, project)
    small, big = tmp_path / "q20.jpg", tmp_path / "q95.jpg"
    assert run_cli(["convert", str(project), str(small), "--quality", "20"]) == EXIT_OK
    assert run_cli(["convert", str(project), str(big), "--quality", "95"]) == EXIT_OK
    assert small.stat().st_size < big.stat().st_size
    flat = np.asarray(Image.open(big).convert("RGB")).astype(int)
    assert np.abs(flat[13:27, 13:27] - [255, 0, 0]).max() < 24  # the upper layer is flattened in
    assert "wrote" in capsys.readouterr().out


def test_convert_image_to_project_and_png(tmp_path, coffee):
    src = tmp_path / "in.webp"
    Image.fromarray(coffee[:50, :60]).save(src, lossless=True)
    assert run_cli(["convert", str(src), str(tmp_path / "out.ora")]) == EXIT_OK
    assert run_cli(["convert", str(tmp_path / "out.ora"), str(tmp_path / "out.png")]) == EXIT_OK
    assert np.array_equal(open_document(tmp_path / "out.png").layers[0].pixels[:, :, :3], coffee[:50, :60])


@pytest.mark.parametrize("case", ["missing", "empty", "garbage", "bad-extension", "bad-quality"])
def test_bad_input_exits_2_with_a_message(tmp_path, coffee, capsys, case):
    good = tmp_path / "good.png"
    Image.fromarray(coffee[:20, :20]).save(good)
    args = {
        "missing": ["convert", str(tmp_path / "nope.png"), str(tmp_path / "o.png")],
        "empty": ["info", str(tmp_path / "empty.jpg")],
        "garbage": ["info", str(tmp_path / "garbage.tif")],
        "bad-extension": ["convert", str(good), str(tmp_path / "o.xyz")],
        "bad-quality": ["convert", str(good), str(tmp_path / "o.jpg"), "--quality", "0"],
    }[case]
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "garbage.tif").write_bytes(b"II*\x00" + bytes(range(200)))
    assert run_cli(args) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert not (tmp_path / "o.png").exists() and not (tmp_path / "o.xyz").exists()


def test_main_py_subprocess(tmp_path):
    sample = ROOT / "resources" / "samples" / "old_photo.jpg"
    done = subprocess.run([sys.executable, "main.py", "info", str(sample)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "512 × 512" in done.stdout
    bad = subprocess.run([sys.executable, "main.py", "info", str(tmp_path / "missing.png")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "does not exist" in bad.stderr and "Traceback" not in bad.stderr


def test_info_and_convert_psd(tmp_path, coffee, capsys):
    from psd_tools import PSDImage

    psd = PSDImage.new("RGB", (60, 40))
    psd.create_pixel_layer(Image.fromarray(coffee[:40, :60]), name="Base")
    psd.create_pixel_layer(Image.fromarray(coffee[100:110, :10]), name="Patch", top=3, left=4, opacity=51)
    path = tmp_path / "two.psd"
    psd.save(path)
    assert run_cli(["info", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "PSD" in out and "60 × 40" in out and "Layers (2, top first)" in out
    assert "Patch  at (4, 3), opacity 20%" in out
    assert run_cli(["convert", str(path), str(tmp_path / "flat.png")]) == EXIT_OK
    flat = np.asarray(Image.open(tmp_path / "flat.png").convert("RGB")).astype(int)
    expected = coffee[100:110, :10] * 0.2 + coffee[3:13, 4:14] * 0.8
    assert np.abs(flat[3:13, 4:14] - expected).max() <= 2


def test_convert_creates_missing_folders_and_explains_one_it_cannot_make(tmp_path, coffee, capsys):
    good = tmp_path / "good.png"
    Image.fromarray(coffee[:20, :20]).save(good)
    deep = tmp_path / "new" / "deeper" / "out.png"
    assert run_cli(["convert", str(good), str(deep)]) == EXIT_OK
    assert np.array_equal(np.asarray(Image.open(deep)), coffee[:20, :20])
    (tmp_path / "blocker").write_text("a file, not a folder")
    assert run_cli(["convert", str(good), str(tmp_path / "blocker" / "out.png")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"error: Cannot save “out.png”: “{tmp_path / 'blocker'}” is a file, not a folder." in err
    assert "Traceback" not in err
