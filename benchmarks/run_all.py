"""Run every benchmark script in this folder, one after another, each in its own process (so one's
memory does not colour another's RSS figures). Each script prints its table and writes JSON to
benchmarks/results/. Usage: python benchmarks/run_all.py [NAME ...]   (NAME: e.g. core, engines)"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    found = sorted(HERE.glob("bench_*.py")) + sorted(HERE.glob("*_bench.py"))
    return [p for p in found if p.name not in ("run_all.py", "figures.py")]


def main(names: list[str]) -> int:
    failed = []
    for script in scripts():
        short = script.stem.replace("bench_", "").replace("_bench", "")
        if names and short not in names:
            continue
        print(f"\n=== {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"--- {script.name}: exit {code} in {time.perf_counter() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(script.name)
    # Keep the README's figures table in step with what was just measured.
    subprocess.call([sys.executable, str(HERE / "figures.py"), "--readme"], cwd=HERE.parent,
                    stdout=subprocess.DEVNULL)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
