"""`python main.py run faces IN -o OUT.json --draw OUT.png` end to end on a real photo."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def test_cli_writes_json_and_the_drawn_picture(tmp_path, astronaut):
    source = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(source)
    out_json, out_png = tmp_path / "faces.json", tmp_path / "drawn.png"
    proc = subprocess.run(
        [sys.executable, "main.py", "run", "faces", str(source), "-o", str(out_json), "--draw", str(out_png),
         "--detector", "short"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(out_json.read_text(encoding="utf-8"))
    assert payload["image"] == {"width": 512, "height": 512}
    assert len(payload["faces"]) == 1 and len(payload["faces"][0]["landmarks468"]) == 468
    drawn = np.asarray(Image.open(out_png).convert("RGB"))
    assert drawn.shape == astronaut.shape and np.any(drawn != astronaut)


def test_cli_rejects_a_bad_detector(tmp_path, astronaut):
    source = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(source)
    proc = subprocess.run(
        [sys.executable, "main.py", "run", "faces", str(source), "-o", str(tmp_path / "x.json"), "--detector", "eyes"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2 and "detector" in proc.stderr
    assert "Traceback" not in proc.stderr


def _store_with(tmp_path: Path, model_ids: list[str]) -> Path:
    """A store holding only ``model_ids``, copied from the real one."""
    from models.store import default_store

    root = tmp_path / "store"
    for model_id in model_ids:
        src = default_store().require(model_id)
        (root / model_id).mkdir(parents=True)
        (root / model_id / src.name).write_bytes(src.read_bytes())
    return root


def _run_cli(tmp_path: Path, astronaut: np.ndarray, store: Path) -> subprocess.CompletedProcess:
    import os

    source = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(source)
    env = dict(os.environ, KINTSUGI_MODELS=str(store))
    return subprocess.run(
        [sys.executable, "main.py", "run", "faces", str(source), "-o", str(tmp_path / "faces.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )


def test_without_centerface_auto_falls_back_to_full_range(tmp_path, astronaut):
    store = _store_with(tmp_path, ["blazeface-short", "blazeface-full", "facemesh", "iris"])
    proc = _run_cli(tmp_path, astronaut, store)
    assert proc.returncode == 0, proc.stderr
    assert "CenterFace is not installed" in proc.stderr
    payload = json.loads((tmp_path / "faces.json").read_text(encoding="utf-8"))
    assert len(payload["faces"]) == 1 and payload["detector"] == "blazeface-short+blazeface-full"


def test_missing_mesh_model_is_exit_code_3(tmp_path, astronaut):
    store = _store_with(tmp_path, ["blazeface-short", "centerface"])
    proc = _run_cli(tmp_path, astronaut, store)
    assert proc.returncode == 3
    assert "facemesh" in proc.stderr and "Traceback" not in proc.stderr


def _faces(tmp_path: Path, astronaut: np.ndarray, *flags: str) -> subprocess.CompletedProcess:
    source = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(source)
    return subprocess.run([sys.executable, "main.py", "run", "faces", str(source), *flags],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_output_must_be_json(tmp_path, astronaut):
    proc = _faces(tmp_path, astronaut, "-o", str(tmp_path / "faces.png"))
    assert proc.returncode == 2 and ".json" in proc.stderr and "--draw" in proc.stderr
    assert not (tmp_path / "faces.png").exists()


def test_a_bad_draw_path_is_refused_before_anything_is_written(tmp_path, astronaut):
    (tmp_path / "blocker").write_text("a file, not a folder")
    ok_json = tmp_path / "ok.json"
    for draw, needle in ((tmp_path / "blocker" / "x.png", "is a file, not a folder"),
                         (tmp_path / "drawn.txt", "extension must be one of")):
        proc = _faces(tmp_path, astronaut, "-o", str(ok_json), "--draw", str(draw))
        assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr
        assert not ok_json.exists()


def test_when_the_drawn_picture_fails_the_json_is_removed(tmp_path, monkeypatch, capsys, astronaut):
    # A write that fails after the checks (disk full...): nothing of that input may be left behind.
    from app.cli import EXIT_FAILED, run_cli
    from app.files import export
    from app.files.errors import SaveError

    def full_disk(rgba, path, options=None, metadata=None):
        raise SaveError(f"Cannot save “{Path(path).name}”: No space left on device.", path)

    monkeypatch.setenv("KINTSUGI_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(export, "export_array", full_disk)
    source = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(source)
    ok_json, drawn = tmp_path / "ok.json", tmp_path / "drawn.png"
    code = run_cli(["run", "faces", str(source), "-o", str(ok_json), "--draw", str(drawn), "--detector", "short"])
    assert code == EXIT_FAILED and "No space left" in capsys.readouterr().err
    assert not ok_json.exists() and not drawn.exists()
