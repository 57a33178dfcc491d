#!/usr/bin/env python3
"""Set up Kintsugi and start it, or run its tests. Needs only Python 3.11+.

    python3 bootstrap.py          set up (first time or when requirements changed), then open the editor
                                  on the bundled sample photo
    python3 bootstrap.py test     set up with test packages, then ruff, mypy and the whole test suite
    python3 bootstrap.py bench    set up with test packages, then run the benchmarks
    python3 bootstrap.py setup    set up only (what the two commands above do first)

On Windows use `py bootstrap.py` the same way. Setup creates `.venv` in the project, installs the pinned
packages (only when the requirement files changed since the last run), installs the Debian packages Qt needs
on Linux when they are missing and we may (root, or passwordless sudo), and fetches the built-in models into
the model store so the editor works offline afterwards.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
SAMPLE = ROOT / "resources" / "samples" / "old_photo.jpg"
DEBIAN_PACKAGES_FILE = ROOT / "packaging" / "debian-packages.txt"
DEBIAN_DEV_PACKAGES_FILE = ROOT / "packaging" / "debian-packages-dev.txt"  # the tests' other programs

if sys.version_info < (3, 11):
    sys.exit(f"Kintsugi needs Python 3.11 or newer; this is {sys.version.split()[0]}.")


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def say(message: str) -> None:
    print(f"[kintsugi] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> None:
    result = subprocess.run(cmd, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(f"[kintsugi] command failed ({result.returncode}): {' '.join(map(str, cmd))}")


def requirement_files(dev: bool) -> list[Path]:
    files = [ROOT / "requirements.txt"]
    if dev:
        files.append(ROOT / "requirements-dev.txt")
    return files


def requirements_stamp(dev: bool) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in requirement_files(dev):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_venv(dev: bool) -> Path:
    python = venv_python()
    if not python.exists():
        say("creating the virtual environment in .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    stamp_file = VENV / (".kintsugi-dev-stamp" if dev else ".kintsugi-stamp")
    stamp = requirements_stamp(dev)
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return python
    say("installing packages (first run, or the requirements changed)")
    run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip"])
    req = ROOT / ("requirements-dev.txt" if dev else "requirements.txt")
    run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(req)])
    stamp_file.write_text(stamp)
    if dev:  # the dev set includes the runtime set
        (VENV / ".kintsugi-stamp").write_text(requirements_stamp(False))
    return python


def missing_debian_packages(dev: bool) -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return []
    files = [DEBIAN_PACKAGES_FILE] + ([DEBIAN_DEV_PACKAGES_FILE] if dev else [])
    wanted = [
        line.split("#")[0].strip()
        for path in files
        for line in path.read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    missing = []
    for name in wanted:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    return missing


def ensure_system_packages(dev: bool) -> None:
    """Qt needs a few shared libraries (EGL, xkbcommon, fontconfig) and CJK fonts for the Chinese UI;
    the tests also use Krita (interop) under Xvfb."""
    missing = missing_debian_packages(dev)
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        say("these system packages are missing; install them if the editor does not start: " + " ".join(missing))
        return
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(prefix + ["apt-get", "update", "-qq"], env=env, check=False)
    result = subprocess.run(
        prefix + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env
    )
    if result.returncode != 0:
        say("could not install some system packages; continuing")


def ensure_models(python: Path) -> None:
    say("checking the built-in models (fetched once, then offline)")
    run([str(python), str(ROOT / "main.py"), "models", "fetch", "--builtin"])


def setup(dev: bool) -> Path:
    ensure_system_packages(dev)
    python = ensure_venv(dev)
    ensure_models(python)
    return python


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    rest = argv[1:]
    if command in ("start", "run"):
        python = setup(dev=False)
        say("starting the editor")
        return subprocess.call([str(python), str(ROOT / "main.py"), str(SAMPLE), *rest], cwd=ROOT)
    if command == "test":
        python = setup(dev=True)
        # Lint and type checks first (settings in pyproject.toml); pytest's output stays last.
        checks = {"ruff": ["ruff", "check", "."], "mypy": ["mypy"]}
        failed = [name for name, args in checks.items() if subprocess.call([str(python), "-m", *args], cwd=ROOT)]
        if failed:
            say(f"{' and '.join(failed)} found problems (listed above); fix them, then run the tests again")
            return 1
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "bench":
        python = setup(dev=True)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(python), str(ROOT / "benchmarks" / "run_all.py"), *rest], cwd=ROOT, env=env)
    if command == "setup":
        setup(dev="--dev" in rest)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
