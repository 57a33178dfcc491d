"""Find Scratches and Dust as an engine and on the command line: damage drawn on real photos is found and
repaired, pixels outside what was found stay as they were, a clean photo is barely touched, and the
mask of what was found comes with the result (and with --mask-out)."""
from __future__ import annotations

import numpy as np
from PIL import Image
from skimage import data

from app.cli import EXIT_OK, run_cli
from engines.base import RunContext
from engines.inpaint.scratch_engine import ScratchesEngine
from engines.params import resolve_options
from tests.engines.test_scratch_detect import draw_damage


def run(image: np.ndarray, mask: np.ndarray | None = None, **given):
    engine = ScratchesEngine()
    return engine.run(image, resolve_options(engine.params, given), RunContext(), mask=mask)


def test_damage_is_found_and_repaired_and_the_rest_left_alone():
    clean = data.coffee()
    damaged, lines, dots = draw_damage(clean, seed=21)
    result = run(damaged)
    assert result.mask is not None and result.image is not None
    defects = lines | dots
    before = np.abs(damaged.astype(np.float32) - clean)[defects].mean()
    after = np.abs(result.image.astype(np.float32) - clean)[defects].mean()
    assert after < before / 3
    untouched = result.mask == 0
    assert np.array_equal(result.image[untouched], damaged[untouched])


def test_a_clean_photo_is_barely_touched():
    for name in ("astronaut", "chelsea", "hubble_deep_field"):
        clean = getattr(data, name)()
        result = run(clean)
        changed = (result.image != clean).any(axis=2).mean()
        assert changed <= 0.025, (name, changed)


def test_only_inside_the_given_mask(astronaut):
    damaged, _lines, _dots = draw_damage(astronaut, seed=22)
    mask = np.zeros(astronaut.shape[:2], np.uint8)
    mask[:, :256] = 255
    result = run(damaged, mask)
    assert not result.mask[:, 256:].any() and result.mask[:, :256].any()
    assert np.array_equal(result.image[:, 256:], damaged[:, 256:])


def test_cli_writes_the_repair_and_the_mask_also_for_folders(tmp_path):
    damaged, lines, _dots = draw_damage(data.coffee(), seed=23)
    folder = tmp_path / "scans"
    folder.mkdir()
    for name in ("a", "b"):
        Image.fromarray(damaged).save(folder / f"{name}.png")
    out, masks = tmp_path / "out", tmp_path / "masks"
    assert run_cli(["run", "scratches", str(folder / "a.png"), "-o", str(tmp_path / "one.png"),
                    "--mask-out", str(tmp_path / "one-mask.png"), "--sensitivity", "0.6"]) == EXIT_OK
    found = np.asarray(Image.open(tmp_path / "one-mask.png"))
    assert found.dtype == np.uint8 and found.shape == lines.shape and (found[lines] > 0).mean() > 0.6
    assert run_cli(["run", "scratches", str(folder), "-o", str(out), "--mask-out", str(masks)]) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["a.png", "b.png"]
    assert sorted(p.name for p in masks.iterdir()) == ["a.png", "b.png"]
