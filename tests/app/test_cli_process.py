"""The command line as a process: a reader that closes the pipe early, and self-test with no display."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_closed_pipe_ends_quietly():
    # What `main.py info --json FILE | head -1` does once head has quit: every write meets a closed pipe.
    sample = ROOT / "resources" / "samples" / "old_photo.jpg"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "main.py", "info", "--json", str(sample)], cwd=ROOT,
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 4


def test_self_test_runs_without_a_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "main.py", "self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    qt_line = next(line for line in proc.stdout.splitlines() if "Qt platform plugin" in line)
    assert qt_line.startswith("PASS") and qt_line.endswith("offscreen")
