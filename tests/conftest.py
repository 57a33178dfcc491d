"""Test-wide setup: offscreen Qt, the project root on sys.path, real photos from scikit-image."""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()  # (512, 512, 3) uint8


@pytest.fixture(scope="session")
def coffee() -> np.ndarray:
    from skimage import data

    return data.coffee()  # (400, 600, 3) uint8


@pytest.fixture(scope="session")
def chelsea() -> np.ndarray:
    from skimage import data

    return data.chelsea()  # (300, 451, 3) uint8


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def http_folder(tmp_path: Path):
    """A local HTTP server for a fresh folder (the machines have no internet): yields (folder, base URL)."""
    folder = tmp_path / "served"
    folder.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def manager(qtbot, monkeypatch, tmp_path):
    """A JobManager whose engines run the stand-in models (tests/engines/standin_models.py)."""
    from app.jobs import JobManager
    from engines.runtime import get_cache
    from tests.engines.standin_models import StandinHooks, install_standin_models, register_standin_engines

    install_standin_models(monkeypatch, tmp_path)
    register_standin_engines(monkeypatch)
    mgr = JobManager()
    yield mgr
    mgr.shutdown()
    StandinHooks.reset()
    get_cache().release_all()
