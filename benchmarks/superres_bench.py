"""Super-resolution: seconds per output megapixel and peak memory per model, and a tile-overlap study.

    .venv/bin/python benchmarks/superres_bench.py [--side 256] [--device cpu]

Prints a table and writes benchmarks/results/superres.json. Needs the built-in upscale models in the
store (`python main.py models fetch --builtin`). Speed: one engine run (automatic tile size, default
overlap) on an astronaut crop of --side pixels, after a warm-up on a small crop; "s/MP" is seconds per
megapixel of 4x output. "peak MiB" is the largest RSS increase seen during the run (sampled every 20 ms).
Overlap study (x4plus): a 128 px crop in 2 x 2 tiles sized so that neighbours overlap by exactly the given
amount, against one whole-image run, in 0..255 levels.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engines.base import RunContext  # noqa: E402
from engines.params import resolve_options  # noqa: E402
from engines.runtime import get_cache  # noqa: E402
from engines.superres import UpscaleEngine, auto_tile  # noqa: E402

MODELS = ("realesr-animevideov3", "realesrgan-x4plus-anime", "realesrgan-x4plus")


class PeakRss:
    """Largest RSS seen while the block runs, minus the RSS at its start."""

    def __enter__(self) -> "PeakRss":
        self._proc = psutil.Process()
        self.start = self._proc.memory_info().rss
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return (self.peak - self.start) / 2**20


def _photo(side: int) -> np.ndarray:
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[96:96 + side, 128:128 + side])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=256, help="input crop side for the speed runs")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    engine = UpscaleEngine()
    img = _photo(args.side)
    speed = []
    for model_id in MODELS:
        engine.run(img[:32, :32], resolve_options(engine.params, {}), RunContext(device=args.device),
                   model_id=model_id)  # warm-up: session, scale probe, first allocations
        tile = auto_tile(get_cache().get(model_id, args.device))
        with PeakRss() as rss:
            start = time.perf_counter()
            result = engine.run(img, resolve_options(engine.params, {}), RunContext(device=args.device),
                                model_id=model_id)
            seconds = time.perf_counter() - start
        out_mp = result.image.shape[0] * result.image.shape[1] / 1e6
        speed.append({"model": model_id, "side": args.side, "seconds": seconds, "s_per_mp": seconds / out_mp,
                      "peak_mib": rss.mib, "tile": tile, "provider": result.provider})
    print(f"{'model':26s} {'in':>5s} {'tile':>5s} {'s':>7s} {'s/MP':>7s} {'peak MiB':>9s}")
    for row in speed:
        print(f"{row['model']:26s} {row['side']:5d} {row['tile']:5d} {row['seconds']:7.1f} "
              f"{row['s_per_mp']:7.1f} {row['peak_mib']:9.0f}")

    overlaps = []
    crop = _photo(128)
    whole = engine.run(crop, resolve_options(engine.params, {"tile": 1024}), RunContext(device=args.device),
                       model_id="realesrgan-x4plus").image.astype(np.int32)
    for overlap in (8, 16, 32, 48):
        tile = (128 + overlap) // 2  # two tiles per axis, overlapping by exactly `overlap`
        tiled = engine.run(crop, resolve_options(engine.params, {"tile": tile, "overlap": overlap}),
                           RunContext(device=args.device), model_id="realesrgan-x4plus").image.astype(np.int32)
        diff = np.abs(tiled - whole)
        overlaps.append({"overlap": overlap, "mean_abs_diff": float(diff.mean()), "max_abs_diff": int(diff.max()),
                         "share_within_1": float(np.mean(diff <= 1))})
    print("\nx4plus, 128 px crop in 2 x 2 tiles vs one whole-image run (levels of 255)")
    print(f"{'overlap':>7s} {'mean':>6s} {'max':>4s} {'<=1':>6s}")
    for row in overlaps:
        print(f"{row['overlap']:7d} {row['mean_abs_diff']:6.2f} {row['max_abs_diff']:4d} {row['share_within_1']:6.1%}")
    out = ROOT / "benchmarks" / "results" / "superres.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": platform.processor() or platform.machine(),
                               "cpus": psutil.cpu_count(), "speed": speed, "overlap_study": overlaps}, indent=2))
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
