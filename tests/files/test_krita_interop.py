"""A real round trip through Krita: Kintsugi saves an .ora, Krita opens and exports it, Kintsugi reads it.

Runs only where ``krita`` is installed (Debian: ``apt-get install --no-install-recommends krita xvfb``);
without a display it needs ``xvfb-run``. See docs/interop.md for what it measured.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.compositor import Compositor
from app.document import BlendMode, Document, Layer, Mask
from app.files import save_project
from app.files.ora import load_ora

pytestmark = pytest.mark.skipif(shutil.which("krita") is None, reason="Krita is not installed (no `krita` on PATH)")

TILE = 40  # one tile per blend mode, side by side, so each mode's rendering is compared on its own
MODES = list(BlendMode)
MAX_LEVEL_DIFFERENCE = 2  # Krita composites in 8-bit integers, we in float32: measured 1, 2 for exclusion


def _krita_export(src: Path, dst: Path, home: Path) -> None:
    # Krita's Qt 5 cannot use the tests' offscreen platform (QT_* belong to our PySide6); it keeps its
    # settings and resource cache under the XDG folders, here a temporary one.
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update({f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("CONFIG", "DATA", "CACHE")})
    command = ["krita", "--export", "--export-filename", str(dst), str(src)]
    if shutil.which("xvfb-run"):
        command = ["xvfb-run", "-a", *command]
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and dst.exists(), f"Krita failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"


def _document(astronaut: np.ndarray, coffee: np.ndarray) -> Document:
    doc = Document.from_image(astronaut[100 : 100 + TILE, : TILE * len(MODES)])
    ramp = np.linspace(0, 255, TILE).astype(np.uint8)[None, :].repeat(TILE, 0)  # every alpha level
    for i, mode in enumerate(MODES):
        rgb = coffee[50 : 50 + TILE, i * TILE : (i + 1) * TILE]
        doc.layers.append(
            Layer(f"{i} «{mode.value}» 修复", np.dstack([rgb, ramp]), blend_mode=mode, opacity=0.8,
                  locked=i % 2 == 1, offset=(i * TILE, 0))
        )
    scratches = np.zeros(doc.size[::-1], np.uint8)
    scratches[5:15, 10:300] = 255
    scratches[20:25] = 100
    doc.masks.append(Mask("scratches", scratches))
    selection = np.zeros_like(scratches)
    selection[2:30, 50:90] = 255
    doc.selection = selection
    return doc


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory, astronaut, coffee) -> tuple[Document, Path]:
    folder = tmp_path_factory.mktemp("krita")
    doc = _document(astronaut, coffee)
    save_project(doc, folder / "ours.ora")
    _krita_export(folder / "ours.ora", folder / "krita.ora", folder)
    return doc, folder / "krita.ora"


def test_names_locks_and_blend_modes_survive_krita(round_trip):
    doc, krita_file = round_trip
    with zipfile.ZipFile(krita_file) as zf:
        ops = {el.get("name"): el.get("composite-op") for el in ET.fromstring(zf.read("stack.xml")).iter("layer")}
    assert ops[doc.layers[-1].name] == "krita:exclusion"  # Krita kept it, so it rendered it as exclusion
    back = load_ora(krita_file)
    assert [(layer.name, layer.locked, layer.blend_mode) for layer in back.layers] == [
        (layer.name, layer.locked, layer.blend_mode) for layer in doc.layers]


def test_masks_and_selection_come_back_as_masks(round_trip):
    doc, krita_file = round_trip
    back = load_ora(krita_file)
    assert [m.name for m in back.masks] == ["scratches"]
    assert np.array_equal(back.masks[0].data, doc.masks[0].data)
    assert np.array_equal(back.selection, doc.selection)


def test_krita_renders_every_blend_mode_as_we_do(round_trip):
    doc, krita_file = round_trip
    with zipfile.ZipFile(krita_file) as zf:
        theirs = np.asarray(Image.open(io.BytesIO(zf.read("mergedimage.png"))).convert("RGBA")).astype(int)
    ours = Compositor(doc).render().astype(int)
    assert np.array_equal(Compositor(load_ora(krita_file)).render(), ours)  # Krita kept every pixel
    worst = {
        mode.value: int(np.abs(ours[:, i * TILE : (i + 1) * TILE] - theirs[:, i * TILE : (i + 1) * TILE]).max())
        for i, mode in enumerate(MODES)
    }
    assert max(worst.values()) <= MAX_LEVEL_DIFFERENCE, worst
