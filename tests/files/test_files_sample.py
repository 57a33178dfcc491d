"""The bundled sample photo: present, small, and as damaged as its script says (checked, not assumed)."""
from __future__ import annotations

import numpy as np

from app.files import open_document
from app.paths import resource_path


def test_sample_is_a_small_faded_sepia_photo():
    path = resource_path("samples/old_photo.jpg")
    assert path.stat().st_size < 600 * 1024
    doc = open_document(path)
    rgb = doc.layers[0].pixels[:, :, :3].astype(float)
    assert doc.size == (512, 512)
    r, g, b = rgb[..., 0].mean(), rgb[..., 1].mean(), rgb[..., 2].mean()
    assert r > g > b  # sepia toned
    centre = rgb[64:-64, 64:-64].mean(axis=2)
    lo, hi = np.percentile(centre, [1, 99])
    assert 20 < lo and hi - lo < 215  # faded: no deep blacks, reduced contrast
    # Torn corner: the bottom-right shows flat pale paper.
    corner = rgb[-12:, -12:]
    assert corner.mean() > 200 and corner.std(axis=(0, 1)).max() < 6


def test_sample_script_is_deterministic():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample", resource_path("samples/make_sample.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    a, b = module.make(), module.make()
    assert np.array_equal(a, b)
    committed = open_document(resource_path("samples/old_photo.jpg")).layers[0].pixels[:, :, :3]
    assert np.abs(committed.astype(int) - a.astype(int)).mean() < 4  # the JPEG is this script's output
