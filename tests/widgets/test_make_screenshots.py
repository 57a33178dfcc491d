"""scripts/make_screenshots.py renders the README's screenshots; one shot, quickly, into tmp_path."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _load_script():
    spec = importlib.util.spec_from_file_location("make_screenshots", ROOT / "scripts" / "make_screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_shot_has_the_asked_size_and_is_not_blank(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "outer.ini"))
    script = _load_script()
    assert script.main(["--out", str(tmp_path), "--only", "main", "--size", "1000x700"]) == 0
    out = tmp_path / "main.png"
    assert out.is_file()
    shot = np.asarray(Image.open(out).convert("RGB"))
    assert shot.shape == (700, 1000, 3)
    assert shot.std() > 20  # not a blank window
    # The photo is on the canvas: the sepia old_photo.jpg has many warm, mid-bright pixels.
    r, g, b = (shot[..., i].astype(int) for i in range(3))
    assert ((r - b > 25) & (r > 90)).sum() > 20_000
    # The script gives back the environment it borrowed.
    assert os.environ["KINTSUGI_SETTINGS"] == str(tmp_path / "outer.ini")
