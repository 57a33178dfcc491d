#!/usr/bin/env python3
"""Build the Kintsugi installer in one command: `python3 packaging/build.py`.

Steps: set up .venv with the build requirements, verify the built-in models and stage them for the
bundle, with the catalog's URL-downloaded models when this machine has internet (packaging/stage_models.py;
without, they are noted as not bundled and the build goes on), run PyInstaller on packaging/kintsugi.spec,
run the frozen app's self-test (the build fails if it fails), measure size and start-up time, then
package: a tarball with a .desktop file on Linux, an Inno Setup installer (KintsugiSetup.exe) on Windows
when ISCC is installed, a zipped .app folder on macOS. Figures and the staging notes are written to
benchmarks/results/installer.json.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DIST = ROOT / "dist"
STAGED_MODELS = BUILD / "bundled-models"
STAGE_SUMMARY = BUILD / "staged-models.json"
APP_DIR = DIST / "Kintsugi"
VERSION = "0.1.0"


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def venv_python() -> Path:
    return ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_build_env() -> Path:
    subprocess.run([sys.executable, str(ROOT / "bootstrap.py"), "setup"], check=True)
    python = venv_python()
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
         str(ROOT / "requirements-build.txt")],
        check=True,
    )
    return python


def stage_models(python: Path) -> dict[str, Any]:
    """Stage the verified models into build/bundled-models/<id>/ for the bundle; returns the staging summary
    (bundled ids, and the reason each URL model was left out)."""
    result = subprocess.run(
        [str(python), str(ROOT / "packaging" / "stage_models.py"), str(STAGED_MODELS), str(STAGE_SUMMARY)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"[build] staging the built-in models failed:\n{result.stderr}")
    for line in result.stdout.splitlines():
        say(line)
    summary: dict[str, Any] = json.loads(STAGE_SUMMARY.read_text("utf-8"))
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")  # shown on the workflow run's page
    if step_summary and summary["notes"]:
        with open(step_summary, "a", encoding="utf-8") as fh:
            fh.writelines(f"- {note}\n" for note in summary["notes"])
    return summary


def run_pyinstaller(python: Path) -> None:
    env = dict(os.environ, KINTSUGI_BUNDLED_MODELS=str(STAGED_MODELS))
    subprocess.run(
        [str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(DIST),
         "--workpath", str(BUILD / "pyinstaller"), str(ROOT / "packaging" / "kintsugi.spec")],
        cwd=ROOT, env=env, check=True,
    )


def frozen_exe(name: str) -> Path:
    suffix = ".exe" if os.name == "nt" else ""
    return APP_DIR / f"{name}{suffix}"


def self_test() -> float:
    """Run the frozen self-test in a clean environment (no source tree on the path, an empty model store,
    so the bundled models must be used)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["KINTSUGI_MODELS"] = str(BUILD / "empty-store")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    result = subprocess.run([str(frozen_exe("kintsugi-cli")), "--self-test"], cwd=BUILD, env=env)
    if result.returncode != 0:
        sys.exit("[build] the frozen self-test failed: the installer is not built")
    return time.perf_counter() - start


def startup_seconds(runs: int = 3) -> float:
    """Time from launch until the main window is shown (the app prints and exits: KINTSUGI_EXIT_WHEN_SHOWN)."""
    env = dict(os.environ, KINTSUGI_EXIT_WHEN_SHOWN="1", KINTSUGI_MODELS=str(BUILD / "empty-store"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(frozen_exe("Kintsugi"))], cwd=BUILD, env=env, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return min(times)


def folder_size(path: Path) -> int:
    # Qt's libraries are symlinked inside the bundle: count each file once, as the disk does.
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def package_linux() -> Path:
    shutil.copy2(ROOT / "packaging" / "linux" / "kintsugi.desktop", APP_DIR / "kintsugi.desktop")
    shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", APP_DIR / "install.sh")
    icon = ROOT / "resources" / "icons" / "kintsugi.png"
    if icon.exists():
        shutil.copy2(icon, APP_DIR / "kintsugi.png")
    arch = platform.machine() or "x86_64"
    tarball = DIST / f"Kintsugi-{VERSION}-linux-{arch}.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(APP_DIR, arcname=f"Kintsugi-{VERSION}")
    return tarball


def package_windows() -> Path | None:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    default = Path(os.environ.get("ProgramFiles(x86)", "C:/Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if not iscc and default.exists():
        iscc = str(default)
    if not iscc:
        say("Inno Setup (ISCC) not found: the one-folder app is in dist/Kintsugi, no setup.exe made")
        return None
    subprocess.run([iscc, f"/DAppVersion={VERSION}", str(ROOT / "packaging" / "windows" / "kintsugi.iss")], check=True)
    return DIST / "KintsugiSetup.exe"


def package_macos() -> Path:
    archive = shutil.make_archive(str(DIST / f"Kintsugi-{VERSION}-macos"), "zip", DIST, "Kintsugi")
    return Path(archive)


def main() -> int:
    python = ensure_build_env()
    staged = stage_models(python)
    run_pyinstaller(python)
    test_seconds = self_test()
    start_seconds = startup_seconds()
    if sys.platform.startswith("linux"):
        artefact = package_linux()
    elif sys.platform == "win32":
        artefact = package_windows()
    else:
        artefact = package_macos()
    figures = {
        "platform": f"{platform.system()} {platform.machine()}",
        "cpu_count": os.cpu_count(),
        "app_folder_bytes": folder_size(APP_DIR),
        "artefact": str(artefact.relative_to(ROOT)) if artefact else None,
        "artefact_bytes": artefact.stat().st_size if artefact else None,
        "startup_to_window_s": round(start_seconds, 2),
        "self_test_s": round(test_seconds, 2),
        "bundled_models": staged["bundled"],
        "not_bundled_models": staged["not_bundled"],
        "model_notes": staged["notes"],
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "installer.json").write_text(json.dumps(figures, indent=2))
    for key, value in figures.items():
        print(f"{key:22} {value}")
    for note in staged["notes"]:
        say(note)  # again at the end, where it is seen
    return 0


if __name__ == "__main__":
    sys.exit(main())
