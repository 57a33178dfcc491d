"""Inpainting: time per megapixel of mask for each method at 512² and 4000×3000, with peak memory, on a
real photo with two kinds of damage drawn on it (scratches: thin lines, 2-3 % of the image; an object: one
blob). Learned models (LaMa, MI-GAN) are timed against a bare onnxruntime session on the same 512² input
when they are installed; otherwise their rows say so.

Usage: python benchmarks/inpaint_bench.py [--quick]
"""
from __future__ import annotations

import argparse
import sys

import common  # noqa: F401  (puts the project root on sys.path)
import cv2
import numpy as np
from common import RssSampler, Stopwatch, photo, print_table, write_json

from engines.base import RunContext  # noqa: E402
from engines.inpaint.engine import InpaintEngine, installed_learned_models  # noqa: E402
from engines.params import resolve_options  # noqa: E402

SIZES = ((512, 512), (4000, 3000))
METHODS = ("telea", "ns", "patchmatch", "auto")


def damage(width: int, height: int, kind: str, seed: int = 0) -> np.ndarray:
    """A mask of scratches (thin lines) or of one object (a blob ~8 % of the short side across)."""
    rng = np.random.default_rng(seed)
    mask = np.zeros((height, width), np.uint8)
    scale = min(width, height) / 512
    if kind == "scratches":
        for _ in range(12):
            (x0, y0), (x1, y1) = rng.integers(0, [width, height], size=(2, 2))
            cv2.line(mask, (int(x0), int(y0)), (int(x1), int(y1)), 255, max(2, round(2 * scale)))
    else:
        cv2.ellipse(mask, (width // 2, height // 2), (round(40 * scale), round(28 * scale)), 20, 0, 360, 255, -1)
    return mask


def timed_run(engine: InpaintEngine, image: np.ndarray, mask: np.ndarray, method: str) -> tuple[float, float, str]:
    options = resolve_options(engine.params, {})
    with RssSampler() as memory, Stopwatch() as watch:
        result = engine.run(image, options, RunContext(), mask=mask, model_id=method)
    return watch.seconds, memory.growth_mib, result.model_id


def standin_overhead(repeats: int = 5) -> dict[str, float]:
    """Our pipeline (crop around the hole, fit to 512², run, paste back, blend) against one bare
    onnxruntime run of the same 512² graph: a stand-in of LaMa's contract (a few ops, so the figure is the
    pipeline's own cost, not a model's)."""
    import os
    import tempfile
    from pathlib import Path

    import onnxruntime as ort

    from engines.runtime import release_all
    from models.importer import import_model_file
    from models.store import default_store
    from tests.engines.standin_models import standin_lama_onnx

    with tempfile.TemporaryDirectory() as folder:
        os.environ["KINTSUGI_MODELS"] = str(Path(folder) / "store")
        graph = standin_lama_onnx(Path(folder) / "standin-lama.onnx")
        model = import_model_file(graph, store=default_store()).model_id
        image, mask = photo(512), damage(512, 512, "object")
        engine, options = InpaintEngine(), resolve_options(InpaintEngine.params, {})
        engine.run(image, options, RunContext(), mask=mask, model_id=model)  # session created, warm
        with Stopwatch() as pipeline:
            for _ in range(repeats):
                engine.run(image, options, RunContext(), mask=mask, model_id=model)
        session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
        feeds = {"image": np.ascontiguousarray(image.transpose(2, 0, 1)[None], np.float32) / 255,
                 "mask": (mask > 0).astype(np.float32)[None, None]}
        session.run(None, feeds)
        with Stopwatch() as bare:
            for _ in range(repeats):
                session.run(None, feeds)
        release_all()
        del os.environ["KINTSUGI_MODELS"]
    return {"pipeline_ms": pipeline.seconds * 1000 / repeats, "bare_ms": bare.seconds * 1000 / repeats}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="512² only")
    args = parser.parse_args(argv)
    engine = InpaintEngine()
    rows = []
    learned = installed_learned_models()
    for width, height in SIZES[:1] if args.quick else SIZES:
        image = cv2.resize(photo(512), (width, height), interpolation=cv2.INTER_CUBIC)
        for kind in ("scratches", "object"):
            mask = damage(width, height, kind)
            mask_mp = float((mask > 0).sum()) / 1e6
            for method in (*METHODS, *learned):
                seconds, peak, used = timed_run(engine, image, mask, method)
                rows.append({"size": f"{width}x{height}", "damage": kind, "method": method, "used": used,
                             "mask_mp": mask_mp, "s": seconds, "ms_per_mask_mp": seconds * 1000 / mask_mp,
                             "extra_mib": peak})
                print(f"{width}x{height} {kind} {method}: {seconds:.2f} s ({used})", flush=True)
    print_table(rows, ["size", "damage", "method", "used", "mask_mp", "s", "ms_per_mask_mp", "extra_mib"],
                "\nInpainting: time per megapixel of mask, memory the run added (peak RSS growth)")
    overhead = standin_overhead()
    print(f"\nStand-in LaMa contract at 512²: pipeline {overhead['pipeline_ms']:.1f} ms, "
          f"bare onnxruntime {overhead['bare_ms']:.1f} ms")
    write_json("inpaint", {"rows": rows, "learned_installed": learned, "standin_overhead": overhead,
                           "learned_note": "" if learned else "LaMa and MI-GAN are not installed on this "
                           "machine (no internet to fetch them): no learned-model rows."})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
