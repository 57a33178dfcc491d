"""Style transfer: speed of both networks (ms per megapixel, whole-image runs) and seam study of tiling.

    .venv/bin/python benchmarks/style_bench.py [--side 1536]

Prints a table and writes benchmarks/results/style.json. Needs the models style-multistyle26 and
style-arbitrary in the store (`python main.py models fetch style-multistyle26 style-arbitrary`).
Seam study: one whole-image run versus (a) plain tiling, where each tile normalises with its own
statistics, and (b) the engine's shared-statistics tiling. "mean |d|" is the mean absolute difference
from the whole-image run in 0..255 levels (how far the look drifts); "disagree" is the mean absolute
difference between two neighbouring tiles inside their overlap (margins excluded) -- what the cross-fade
has to hide, visible as ghosting or a colour ramp at a tile edge (0 = seam-free).
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engines import style as st  # noqa: E402
from engines.runtime import get_cache, model_path  # noqa: E402
from engines.style_presets import style_weights  # noqa: E402
from engines.tiling import tiled_apply  # noqa: E402


def _photo(side: int) -> np.ndarray:
    from skimage import data

    return cv2.resize(data.astronaut(), (side, side), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255.0


def _timed(fn, repeats: int = 3) -> float:
    fn()  # warm-up: first run allocates and plans
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _nets(device: str) -> dict[str, st._Net]:
    cache = get_cache()
    presets = cache.get(st.PRESETS_MODEL, device, st.PRESETS_FILE)
    transform = cache.get(st.ARBITRARY_MODEL, device, st.TRANSFORM_FILE)
    vector = st.style_vector((_photo(512)[::-1] * 255).astype(np.uint8), device)
    return {
        st.PRESETS_MODEL: st._Net(presets, model_path(st.PRESETS_MODEL, st.PRESETS_FILE), True,
                                  {"style_weights": style_weights(19)}),
        st.ARBITRARY_MODEL: st._Net(transform, model_path(st.ARBITRARY_MODEL, st.TRANSFORM_FILE), False,
                                    {transform.input_names[1]: vector}),
    }


def _disagreement(run_tile, img: np.ndarray, tile: int) -> float:
    """Mean |a - b| (0..255) of two side-by-side tiles over their overlap, margins excluded."""
    second = tile - st.TILE_OVERLAP
    a = run_tile(np.ascontiguousarray(img[:tile, :tile]))
    b = run_tile(np.ascontiguousarray(img[:tile, second:second + tile]))
    margin = st.TILE_OVERLAP // 4
    core_a = a[margin:-margin, second + margin:tile - margin]
    core_b = b[margin:-margin, margin:st.TILE_OVERLAP - margin]
    return float(np.abs(core_a - core_b).mean() * 255)


def _shared_tile_runner(net: st._Net, moments: list[np.ndarray]):
    session, inputs, _ = st._variant(net, inject=True)
    feeds = {**net.extra, **dict(zip(inputs, moments))}
    return lambda part: net.from_output(session.run([net.output], {net.image_input: net.to_input(part), **feeds})[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=1536, help="photo side for the seam study")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    nets = _nets(args.device)
    speed = []
    for name, net in nets.items():
        for side in (512, 1024):
            img = _photo(side)
            seconds = _timed(lambda net=net, img=img: net.whole(img))
            speed.append({"model": name, "side": side, "ms": seconds * 1000,
                          "ms_per_mp": seconds * 1000 / (side * side / 1e6), "provider": net.loaded.provider})
    print(f"{'model':22s} {'side':>5s} {'ms':>8s} {'ms/MP':>8s}")
    for row in speed:
        print(f"{row['model']:22s} {row['side']:5d} {row['ms']:8.0f} {row['ms_per_mp']:8.0f}")

    seams = []
    img = _photo(args.side)
    for name, net in nets.items():
        whole = net.whole(img)
        for tile in (512, 1024):
            plain = tiled_apply(img, net.whole, tile=tile, overlap=st.TILE_OVERLAP, multiple=st.MULTIPLE)
            start = time.perf_counter()
            moments = st.measure_moments(net, img, tile, None)
            shared = st.shared_norm_tiled(net, img, tile, None, moments=moments)
            shared_s = time.perf_counter() - start
            seams.append({"model": name, "tile": tile, "method": "plain tiles",
                          "mean_abs_diff": float(np.abs(plain - whole).mean() * 255),
                          "disagreement": _disagreement(net.whole, img, tile)})
            seams.append({"model": name, "tile": tile, "method": "shared statistics",
                          "mean_abs_diff": float(np.abs(shared - whole).mean() * 255),
                          "disagreement": _disagreement(_shared_tile_runner(net, moments), img, tile),
                          "seconds": shared_s})
    print(f"\nseams at {args.side}x{args.side} (style 19 / a flipped-photo style vector), overlap {st.TILE_OVERLAP}")
    print(f"{'model':22s} {'tile':>5s} {'method':18s} {'mean |d|':>9s} {'disagree':>9s}")
    for row in seams:
        print(f"{row['model']:22s} {row['tile']:5d} {row['method']:18s} {row['mean_abs_diff']:9.2f} "
              f"{row['disagreement']:9.3f}")
    out = ROOT / "benchmarks" / "results" / "style.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": platform.processor() or platform.machine(), "speed": speed,
                               "seams": seams, "seam_side": args.side}, indent=2))
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
