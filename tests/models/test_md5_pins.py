"""Catalog files published with only an MD5: checked by MD5 when they arrive (a local HTTP server, a bundled
copy, an import), then their SHA-256 is pinned in <store>/<id>/pinned.toml and checked like any other."""
from __future__ import annotations

import hashlib
import os
import tomllib
from pathlib import Path

import numpy as np
import pytest
import tomli_w

from models.errors import FetchError, ModelNotReady
from models.importer import import_model_file
from models.store import PIN_NAME, ModelStore, pinned_sha, write_pin


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@pytest.fixture(scope="module")
def hubble() -> np.ndarray:
    from skimage import data

    return data.hubble_deep_field()


@pytest.fixture()
def weights(hubble: np.ndarray) -> bytes:
    return hubble[:200].tobytes()  # stands for a model file's bytes: the store never parses them


def md5_model(data: bytes, url: str) -> dict:
    return {"id": "old-net", "task": "inpaint", "title": "Old net", "licence": "MIT", "builtin": False,
            "files": [{"name": "old-net.onnx", "md5": md5(data), "size": len(data)}],
            "sources": [{"kind": "url", "urls": [url]}]}


def make_store(tmp_path: Path, entry: dict) -> ModelStore:
    cat = tmp_path / "cat"
    cat.mkdir(exist_ok=True)
    path = cat / "t.toml"
    path.write_text(tomli_w.dumps({"model": [entry]}), "utf-8")
    stamp = path.stat().st_mtime_ns + 5_000_000
    os.utime(path, ns=(stamp, stamp))  # the catalog cache is keyed by mtime: a rewrite must be seen
    return ModelStore(tmp_path / "store", cat, tmp_path / "bundled")


def pins(folder: Path) -> dict:
    with open(folder / PIN_NAME, "rb") as fh:
        return tomllib.load(fh)["files"]


def test_md5_checked_on_download_then_sha256_pinned(tmp_path: Path, weights: bytes,
                                                    http_folder: tuple[Path, str]) -> None:
    served, base = http_folder
    (served / "old-net.onnx").write_bytes(weights)
    store = make_store(tmp_path, md5_model(weights, f"{base}/old-net.onnx"))
    assert store.status("old-net") == "missing"
    store.fetch("old-net")
    path = store.require("old-net")
    assert path.read_bytes() == weights
    assert pins(store.model_dir("old-net")) == {
        "old-net.onnx": {"md5": md5(weights), "sha256": sha(weights), "size": len(weights)}}

    # from now on the pinned SHA-256 decides: a damaged file is corrupt, and never returned
    damaged = bytearray(weights)
    damaged[1000] ^= 0x01
    path.write_bytes(bytes(damaged))
    stamp = path.stat().st_mtime_ns + 5_000_000
    os.utime(path, ns=(stamp, stamp))
    assert store.status("old-net") == "corrupt"
    with pytest.raises(ModelNotReady) as info:
        store.require("old-net")
    assert info.value.status == "corrupt" and "failed its SHA-256 check" in info.value.message
    report = store.verify("old-net")
    assert report.deleted_files == ["old-net.onnx"] and not path.exists()
    assert pinned_sha(store.model_dir("old-net"), store.entry("old-net").file()) == sha(weights)  # kept

    store.fetch("old-net")  # the same bytes again: accepted against the pin
    assert store.status("old-net") == "ready" and store.verify("old-net").ok

    store.delete("old-net")  # the user removes the model: its pin goes with its folder
    assert not (store.model_dir("old-net") / PIN_NAME).exists()


def test_a_download_must_match_the_md5_and_an_existing_pin(tmp_path: Path, weights: bytes,
                                                           http_folder: tuple[Path, str]) -> None:
    served, base = http_folder
    (served / "old-net.onnx").write_bytes(weights[::-1])  # same size, wrong bytes
    store = make_store(tmp_path, md5_model(weights, f"{base}/old-net.onnx"))
    with pytest.raises(FetchError) as info:
        store.fetch("old-net")
    assert "wrong MD5" in info.value.reasons[0] and "deleted" in info.value.reasons[0]
    assert not (store.model_dir("old-net") / "old-net.onnx").exists()
    assert not (store.model_dir("old-net") / PIN_NAME).exists()

    # a pin recorded from an earlier first download of other bytes under the same MD5 (what an MD5
    # collision would give): the right MD5 alone is no longer enough
    (served / "old-net.onnx").write_bytes(weights)
    folder = store.model_dir("old-net")
    (folder / PIN_NAME).write_text(tomli_w.dumps({"files": {"old-net.onnx": {
        "md5": md5(weights), "sha256": sha(b"first download"), "size": len(weights)}}}), "utf-8")
    with pytest.raises(FetchError) as info:
        store.fetch("old-net")
    assert "wrong SHA-256" in info.value.reasons[0]
    assert store.status("old-net") == "missing"


def test_file_copied_in_by_hand_is_checked_by_md5_once_and_pinned(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, md5_model(weights, "http://127.0.0.1:9/old-net.onnx"))
    path = store.model_dir("old-net") / "old-net.onnx"
    path.parent.mkdir(parents=True)
    path.write_bytes(weights[::-1])
    assert store.status("old-net") == "corrupt" and not (path.parent / PIN_NAME).exists()
    path.write_bytes(weights)
    assert store.status("old-net") == "ready"
    assert pins(path.parent)["old-net.onnx"]["sha256"] == sha(weights)
    assert store.require("old-net") == path


def test_a_new_upstream_file_makes_the_old_pin_stale(tmp_path: Path, weights: bytes,
                                                     http_folder: tuple[Path, str]) -> None:
    served, base = http_folder
    (served / "old-net.onnx").write_bytes(weights)
    store = make_store(tmp_path, md5_model(weights, f"{base}/old-net.onnx"))
    store.fetch("old-net")
    newer = weights[::-1]  # same size: only the MD5 tells the old file from the new one
    (served / "old-net.onnx").write_bytes(newer)
    store = make_store(tmp_path, md5_model(newer, f"{base}/old-net.onnx"))  # the catalog moved on
    assert store.status("old-net") == "corrupt"  # the old file is not the catalog's any more
    store.fetch("old-net")
    assert store.require("old-net").read_bytes() == newer
    assert pins(store.model_dir("old-net"))["old-net.onnx"] == {"md5": md5(newer), "sha256": sha(newer),
                                                                 "size": len(newer)}


def test_bundled_md5_file_is_used_in_place_only_with_its_pin(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, md5_model(weights, "http://127.0.0.1:9/old-net.onnx"))
    bundled = tmp_path / "bundled" / "old-net" / "old-net.onnx"
    bundled.parent.mkdir(parents=True)
    bundled.write_bytes(weights)
    assert store.status("old-net") == "missing"  # no pin beside it: not trusted in place
    store.fetch("old-net")  # ...but a fetch copies it into the store, checking its MD5
    assert store.require("old-net") == store.model_dir("old-net") / "old-net.onnx"
    assert pins(store.model_dir("old-net"))["old-net.onnx"]["sha256"] == sha(weights)

    store.delete("old-net")
    write_pin(bundled.parent, store.entry("old-net").file(), sha(weights))  # what the installer's build writes
    assert store.require("old-net") == bundled  # read where it lies
    assert not (store.model_dir("old-net") / "old-net.onnx").exists()


def test_import_matches_an_md5_only_catalog_file(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, md5_model(weights, "http://127.0.0.1:9/old-net.onnx"))
    downloaded = tmp_path / "Downloads" / "old_net (1).onnx"
    downloaded.parent.mkdir()
    downloaded.write_bytes(weights)
    result = import_model_file(downloaded, store=store)
    assert (result.model_id, result.custom) == ("old-net", False)
    assert store.status("old-net") == "ready"
    assert pins(store.model_dir("old-net"))["old-net.onnx"]["sha256"] == sha(weights)
