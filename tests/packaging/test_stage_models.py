"""packaging/stage_models.py, what the installer build bundles: built-in models always; URL-downloaded
catalog models (lama, migan) only when they can be fetched and verified, else a "not bundled" note. No
PyInstaller run: the staging step alone, against a local HTTP server or a closed port."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import Iterator

import numpy as np
import pytest
import tomli_w

from models import paths
from models.store import PIN_NAME, ModelStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stage_models() -> Iterator[ModuleType]:
    # loaded by path: "packaging" is also the name of a PyPI library
    spec = importlib.util.spec_from_file_location("kintsugi_stage_models", ROOT / "packaging" / "stage_models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    yield module
    monkeypatch.undo()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def entries(base: str, built: bytes, lama: bytes, migan: bytes, migan_md5: bool = False) -> list[dict]:
    migan_file = ({"md5": hashlib.md5(migan).hexdigest()} if migan_md5 else {"sha256": sha(migan)})
    return [
        {"id": "sharp-x4", "task": "upscale", "title": "Sharp", "licence": "MIT", "builtin": True,
         "files": [{"name": "sharp-x4.onnx", "sha256": sha(built), "size": len(built)}],
         "sources": [{"kind": "bundled"}]},
        {"id": "lama", "task": "inpaint", "title": "LaMa", "licence": "Apache-2.0", "builtin": False,
         "files": [{"name": "lama_fp32.onnx", "sha256": sha(lama), "size": len(lama)}],
         "sources": [{"kind": "url", "urls": [f"{base}/lama_fp32.onnx"]}]},
        {"id": "migan", "task": "inpaint", "title": "MI-GAN", "licence": "MIT", "builtin": False,
         "files": [{"name": "migan_pipeline_v2.onnx", "size": len(migan)} | migan_file],
         "sources": [{"kind": "url", "urls": [f"{base}/migan_pipeline_v2.onnx"]}]},
    ]


@pytest.fixture()
def photos(astronaut: np.ndarray, coffee: np.ndarray, chelsea: np.ndarray) -> tuple[bytes, bytes, bytes]:
    return astronaut[:40].tobytes(), coffee[:30].tobytes(), chelsea[:20].tobytes()  # stand for model files


def make_store(tmp_path: Path, models: list[dict], built: bytes) -> ModelStore:
    cat = tmp_path / "catalog"
    cat.mkdir()
    (cat / "test.toml").write_text(tomli_w.dumps({"model": models}), "utf-8")
    store = ModelStore(tmp_path / "store", cat, tmp_path / "no-bundle")
    (store.model_dir("sharp-x4")).mkdir(parents=True)
    (store.model_dir("sharp-x4") / "sharp-x4.onnx").write_bytes(built)  # fetched by bootstrap before a build
    return store


def test_without_network_url_models_are_noted_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    stage_models: ModuleType, photos: tuple[bytes, bytes, bytes],
) -> None:
    built, lama, migan = photos
    store = make_store(tmp_path, entries(f"http://127.0.0.1:{closed_port()}", built, lama, migan), built)
    monkeypatch.setattr(paths, "catalog_dir", lambda: store.catalog_dir)
    monkeypatch.setenv("KINTSUGI_MODELS", str(store.root))
    out, summary_file = tmp_path / "build" / "bundled-models", tmp_path / "build" / "staged-models.json"

    assert stage_models.main([str(out), str(summary_file)]) == 0
    printed = capsys.readouterr().out
    assert "lama, migan: not bundled (no network)" in printed.splitlines()
    summary = json.loads(summary_file.read_text("utf-8"))
    assert summary == {"bundled": ["sharp-x4"], "not_bundled": {"lama": "no network", "migan": "no network"},
                       "notes": ["lama, migan: not bundled (no network)"]}
    assert sorted(p.name for p in out.iterdir()) == ["sharp-x4"]  # nothing half-fetched is staged
    assert (out / "sharp-x4" / "sharp-x4.onnx").read_bytes() == built


def test_a_model_the_catalog_does_not_bundle_is_left_for_the_user_to_download(
    tmp_path: Path, http_folder: tuple[Path, str], stage_models: ModuleType, photos: tuple[bytes, bytes, bytes],
) -> None:
    built, lama, migan = photos
    served, base = http_folder
    (served / "lama_fp32.onnx").write_bytes(lama)
    (served / "migan_pipeline_v2.onnx").write_bytes(migan)
    models = entries(base, built, lama, migan)
    models[1]["bundle"] = False  # lama: a large alternative
    store = make_store(tmp_path, models, built)
    out = tmp_path / "bundled-models"
    summary = stage_models.stage(store, out)
    assert sorted(summary.bundled) == ["migan", "sharp-x4"]
    assert summary.not_bundled == {"lama": "downloaded on demand"} and not (out / "lama").exists()
    assert store.status("lama") == "missing"  # not even fetched


def test_with_network_url_models_are_verified_and_staged_with_their_pins(
    tmp_path: Path, http_folder: tuple[Path, str], stage_models: ModuleType, photos: tuple[bytes, bytes, bytes],
) -> None:
    built, lama, migan = photos
    served, base = http_folder
    (served / "lama_fp32.onnx").write_bytes(lama[::-1])  # upstream changed: the SHA-256 check fails
    (served / "migan_pipeline_v2.onnx").write_bytes(migan)
    store = make_store(tmp_path, entries(base, built, lama, migan, migan_md5=True), built)
    out = tmp_path / "bundled-models"

    summary = stage_models.stage(store, out)
    assert sorted(summary.bundled) == ["migan", "sharp-x4"]
    assert list(summary.not_bundled) == ["lama"] and "wrong SHA-256" in summary.not_bundled["lama"]
    assert summary.notes()[0].startswith("lama: not bundled (fetch failed: ")
    assert not (out / "lama").exists()
    assert (out / "migan" / "migan_pipeline_v2.onnx").read_bytes() == migan
    assert sha(migan) in (out / "migan" / PIN_NAME).read_text("utf-8")  # MD5-only: the pin travels along

    # the installed app reads the staged folder in place, the MD5-only file through its pin
    installed = ModelStore(tmp_path / "user-store", store.catalog_dir, out)
    assert installed.require("migan") == out / "migan" / "migan_pipeline_v2.onnx"
    assert installed.status("lama") == "missing"

