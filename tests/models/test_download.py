"""Resumable downloads against a real HTTP server on 127.0.0.1 (with Range support), and store fetches
through "url" sources: resume, SHA-256 mismatch deletion, mirror fallback, cancel."""
from __future__ import annotations

import hashlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
import tomli_w

from models.download import download_file, part_path
from models.errors import FetchCancelled, FetchError, ModelNotReady, SourceError
from models.store import ModelStore


class RangeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.cut_after: dict[str, int] = {}  # path -> bytes to send before dropping the connection (once)
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: RangeServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        rng = self.headers.get("Range")
        self.server.requests.append((self.path, rng))
        data = self.server.files.get(self.path)
        if data is None:
            self.send_error(404)
            return
        start = int(re.match(r"bytes=(\d+)-", rng).group(1)) if rng else 0
        if start >= len(data):
            self.send_response(416)
            self.end_headers()
            return
        self.send_response(206 if rng else 200)
        if rng:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        body = data[start:]
        cut = self.server.cut_after.pop(self.path, None)
        self.wfile.write(body if cut is None else body[:cut])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[RangeServer]:
    srv = RangeServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def payload(astronaut: np.ndarray) -> bytes:
    return astronaut.tobytes()  # 786 KB of a real photo: many download chunks


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_interrupted_download_resumes_with_range(tmp_path: Path, server: RangeServer, payload: bytes) -> None:
    server.files["/m.onnx"] = payload
    server.cut_after["/m.onnx"] = 300_000
    dest = tmp_path / "m.onnx"
    with pytest.raises(SourceError, match="connection closed"):
        download_file([server.url("/m.onnx")], dest, sha(payload), len(payload))
    assert not dest.exists()
    assert part_path(dest).stat().st_size == 300_000  # the part is kept for a resume

    seen: list[float | None] = []
    download_file([server.url("/m.onnx")], dest, sha(payload), len(payload), progress=lambda f, m: seen.append(f))
    assert dest.read_bytes() == payload
    assert not part_path(dest).exists()
    assert server.requests[-1] == ("/m.onnx", "bytes=300000-")  # only the rest was asked for
    assert seen and seen[-1] == pytest.approx(1.0) and seen[0] > 300_000 / len(payload)


def test_wrong_sha_is_deleted_and_next_mirror_used(tmp_path: Path, server: RangeServer, payload: bytes) -> None:
    server.files["/bad"] = payload[::-1]  # same size, different bytes
    server.files["/good"] = payload
    urls = [server.url("/missing"), server.url("/bad"), server.url("/good")]
    dest = download_file(urls, tmp_path / "m.onnx", sha(payload), len(payload))
    assert dest.read_bytes() == payload
    assert [p for p, _ in server.requests] == ["/missing", "/bad", "/good"]

    with pytest.raises(SourceError) as info:
        download_file(urls[:2], tmp_path / "other.onnx", sha(payload), len(payload))
    message = str(info.value)
    assert "HTTP 404" in message and "wrong SHA-256" in message and "deleted" in message
    assert not (tmp_path / "other.onnx").exists() and not part_path(tmp_path / "other.onnx").exists()


def test_cancel_keeps_part_and_no_final_file(tmp_path: Path, server: RangeServer, payload: bytes) -> None:
    server.files["/m"] = payload
    cancel = threading.Event()
    dest = tmp_path / "m.onnx"
    with pytest.raises(FetchCancelled):
        download_file([server.url("/m")], dest, sha(payload), len(payload), progress=lambda f, m: cancel.set(),
                      cancel=cancel)
    assert not dest.exists()
    assert 0 < part_path(dest).stat().st_size < len(payload)


def make_store(tmp_path: Path, urls: list[str], payload: bytes) -> ModelStore:
    cat = tmp_path / "catalog"
    cat.mkdir()
    model = {"id": "photo-net", "task": "upscale", "title": "Photo net", "licence": "MIT", "builtin": True,
             "files": [{"name": "photo-net.onnx", "sha256": sha(payload), "size": len(payload)}],
             "sources": [{"kind": "url", "urls": [u]} for u in urls]}
    (cat / "t.toml").write_text(tomli_w.dumps({"model": [model]}), "utf-8")
    return ModelStore(tmp_path / "store", catalog_dir=cat, bundled_root=tmp_path / "no-bundles")


def test_store_fetch_from_url_sources(tmp_path: Path, server: RangeServer, payload: bytes) -> None:
    server.files["/bad.onnx"] = payload[:-1] + b"x"
    server.files["/m.onnx"] = payload
    store = make_store(tmp_path, [server.url("/bad.onnx"), server.url("/m.onnx")], payload)
    assert store.status("photo-net") == "missing"
    with pytest.raises(ModelNotReady) as info:
        store.require("photo-net")
    assert info.value.status == "missing" and "models fetch photo-net" in info.value.message

    during: list[str] = []
    store.fetch("photo-net", progress=lambda f, m: during.append(store.status("photo-net")))
    assert set(during) == {"downloading"}  # the lock marks the fetch while it runs
    assert store.status("photo-net") == "ready"
    assert store.require("photo-net").read_bytes() == payload


def test_store_fetch_failure_names_each_source(tmp_path: Path, server: RangeServer, payload: bytes) -> None:
    server.files["/bad.onnx"] = payload[::-1]
    store = make_store(tmp_path, [server.url("/gone.onnx"), server.url("/bad.onnx")], payload)
    with pytest.raises(FetchError) as info:
        store.fetch("photo-net")
    reasons = info.value.reasons
    assert len(reasons) == 2
    assert "gone.onnx" in reasons[0] and "HTTP 404" in reasons[0]
    assert "bad.onnx" in reasons[1] and "wrong SHA-256" in reasons[1]
    assert store.status("photo-net") == "missing"
    assert list((tmp_path / "store" / "photo-net").iterdir()) == []  # no half file, no lock left behind


def test_store_status_downloading_while_part_exists_then_resume(
    tmp_path: Path, server: RangeServer, payload: bytes
) -> None:
    server.files["/m.onnx"] = payload
    server.cut_after["/m.onnx"] = 100_000
    store = make_store(tmp_path, [server.url("/m.onnx")], payload)
    with pytest.raises(FetchError):
        store.fetch("photo-net")
    assert store.status("photo-net") == "downloading"
    with pytest.raises(ModelNotReady) as info:
        store.require("photo-net")
    assert info.value.status == "downloading"
    store.fetch("photo-net")
    assert store.status("photo-net") == "ready"
    assert server.requests[-1][1] == "bytes=100000-"
