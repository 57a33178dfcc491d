"""`python main.py screenshot OUT.png [IMAGE] --size WxH` writes a non-blank PNG of the editor window."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KINTSUGI_DATA=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_screenshot_with_image_has_requested_size_and_shows_the_photo(tmp_path, astronaut):
    image = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(image)
    out = tmp_path / "shot.png"
    result = _run(str(out), str(image), "--size", "900x600", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    shot = np.asarray(Image.open(out).convert("RGB"))
    assert shot.shape == (600, 900, 3)
    assert shot.std() > 20  # not a blank window
    # The astronaut's orange suit is on screen: strongly orange pixels exist (no theme colour is orange).
    r, g, b = (shot[..., i].astype(int) for i in range(3))
    orange = (r > 180) & (g > 60) & (g < 150) & (b < 90)
    assert orange.sum() > 2000


def test_screenshot_without_image_and_bad_input(tmp_path):
    out = tmp_path / "empty.png"
    result = _run(str(out), "--size", "640x480", "--theme", "light", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    shot = np.asarray(Image.open(out).convert("RGB"))
    assert shot.shape == (480, 640, 3)
    assert len(np.unique(shot.reshape(-1, 3), axis=0)) > 10  # menus and panels were drawn
    missing = _run(str(tmp_path / "x.png"), str(tmp_path / "nope.png"), tmp_path=tmp_path)
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr and "Traceback" not in missing.stderr
