"""Every engine, every ready model: our pipeline (engine.run) against a bare onnxruntime session on the
same model and input, at 512x512 and 2048x2048; peak RSS during the job and RSS after it.

    .venv/bin/python benchmarks/bench_engines.py [--sizes 512 2048] [--tasks upscale style] [--device cpu]
                                                [--max-bare-seconds 90] [--out before.json]

Prints a table and writes benchmarks/results/engines.json (or only --out, e.g. for a before/after
comparison that should not replace the recorded figures).
- "pipeline s": one engine.run with default options (tiling, pre/post-processing, session from the cache,
  warmed up first on a 128 px image); "bare s": session.run on the feeds from the engine's
  ``bare_benchmark`` hook (whole image, no tiling), in a session of its own with the same options.
  "overhead" = pipeline / bare. Runs shorter than 5 s are repeated (median of 3).
- Sizes whose bare run is estimated (from the 128 px probe, by pixel count) to take longer than
  --max-bare-seconds are skipped and say so (e.g. realesrgan-x4plus at 2048^2).
- "peak MiB": the highest RSS seen while the pipeline ran (sampled every 10 ms); "after MiB": RSS once the
  job's result is dropped (cached sessions stay loaded by design); "before MiB": RSS when it started.
"""
from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import statistics
import sys
import time
from typing import Any

import common  # noqa: F401  (puts the project root on sys.path)
import numpy as np
import onnxruntime as ort  # noqa: E402
from common import RESULTS, RssSampler, Stopwatch, photo, print_table, rss, write_json

from engines.base import Engine, RunContext  # noqa: E402
from engines.memory import trim_heap  # noqa: E402
from engines.params import resolve_options  # noqa: E402
from engines.registry import create_engine, task_names  # noqa: E402
from engines.runtime import get_cache, model_path, providers_for, session_options  # noqa: E402

WARMUP = 128
PROBE = 256  # bare-run time at this size, scaled by pixel count, estimates the larger sizes
REPEAT_BELOW_S = 5.0


def ready_models(engine: Engine) -> list[str]:
    from models.catalog import models_for_task
    from models.store import READY, default_store

    store = default_store()
    ids = [e.id for e in models_for_task(engine.model_task, store.catalog()) if store.status(e.id) == READY]
    # The default model first: it is the one the bare hook describes.
    return sorted(ids, key=lambda i: (i != engine.default_model, i))


def bare_work(engine: Engine, image: np.ndarray, model_id: str) -> tuple[dict[str, np.ndarray], list[str]] | None:
    """Feeds and outputs for a bare run of ``model_id``, from the engine's hook; None without one."""
    hook = getattr(engine, "bare_benchmark", None)
    if hook is None:
        return None
    if "model_id" in inspect.signature(hook).parameters:
        hook_model, feeds, outputs = hook(image, model_id=model_id)
    else:
        hook_model, feeds, outputs = hook(image)
    if hook_model == model_id:
        return feeds, outputs
    # Another model of the same family (e.g. the other upscalers) takes the same feeds when its IO matches.
    session = bare_session(model_id)
    inputs = {i.name for i in session.get_inputs()}
    names = {o.name for o in session.get_outputs()}
    if set(feeds) == inputs and set(outputs) <= names:
        return feeds, outputs
    return None


_bare_sessions: dict[str, ort.InferenceSession] = {}


def bare_session(model_id: str, device: str = "cpu") -> ort.InferenceSession:
    if model_id not in _bare_sessions:
        providers = providers_for(device)
        _bare_sessions[model_id] = ort.InferenceSession(
            str(model_path(model_id)), sess_options=session_options(providers[0]), providers=providers)
    return _bare_sessions[model_id]


def picture_file() -> str:
    """A real photo (chelsea) as a PNG file, for engine options that take a picture."""
    import tempfile

    from PIL import Image
    from skimage import data

    path = os.path.join(tempfile.gettempdir(), "kintsugi-bench-chelsea.png")
    if not os.path.exists(path):
        Image.fromarray(data.chelsea()).save(path)
    return path


def run_bare(model_id: str, feeds: dict[str, np.ndarray], outputs: list[str], device: str) -> float:
    session = bare_session(model_id, device)
    with Stopwatch() as sw:
        session.run(outputs, feeds)
    return sw.seconds


def run_pipeline(engine: Engine, image: np.ndarray, options: dict[str, Any], model_id: str,
                 device: str) -> tuple[float, str, list[str]]:
    ctx = RunContext(device=device)
    with Stopwatch() as sw:
        result = engine.run(image, options, ctx, model_id=model_id)
    return sw.seconds, result.provider, list(dict.fromkeys([*ctx.notes, *result.notes]))


def timed(fn, first: float | None = None) -> float:
    """Median of up to three runs (one when a run takes longer than REPEAT_BELOW_S)."""
    times = [first if first is not None else fn()]
    while times[-1] < REPEAT_BELOW_S and len(times) < 3:
        times.append(fn())
    return statistics.median(times)


def bench_model(engine: Engine, model_id: str, sizes: list[int], device: str, max_bare: float) -> list[dict]:
    # An engine may say which options make its pipeline do the work its bare hook does (faces: detection only).
    matching = getattr(engine, "benchmark_options", None)
    options = resolve_options(engine.params, matching(model_id) if matching else {})
    rows = []
    probe = photo(PROBE)
    try:
        try:
            run_pipeline(engine, photo(WARMUP), options, model_id, device)  # loads and warms the session
        except Exception:
            # Some models need a picture option (e.g. a style picture): give every path option a photo.
            options = {**options, **{p.name: str(picture_file()) for p in engine.params if p.kind == "path"}}
            run_pipeline(engine, photo(WARMUP), options, model_id, device)
    except Exception as exc:
        return [{"task": engine.task, "model": model_id, "size": "-", "note": f"pipeline failed: {exc}"}]
    bare = bare_work(engine, probe, model_id)
    probe_bare = None
    hook_doc = inspect.getdoc(getattr(engine, "bare_benchmark", None)) if bare else None
    bare_is = (hook_doc or "").split("\n")[0][:60]
    if bare:
        run_bare(model_id, bare[0], bare[1], device)  # the first run of a session is slower
        probe_bare = run_bare(model_id, bare[0], bare[1], device)
    for size in sizes:
        row: dict[str, Any] = {"task": engine.task, "model": model_id, "size": f"{size}^2", "bare_is": bare_is}
        rows.append(row)
        if probe_bare is not None:
            estimate = probe_bare * (size / PROBE) ** 2
            row["bare_estimate_s"] = round(estimate, 2)
            if estimate > max_bare:
                row["note"] = f"skipped: bare run estimated at {estimate:.0f} s > {max_bare:.0f} s"
                continue
        image = photo(size)
        gc.collect()
        with RssSampler() as sampler:
            first, provider, notes = run_pipeline(engine, image, options, model_id, device)
        gc.collect()
        row.update(before_mib=sampler.start / 2**20, peak_mib=sampler.peak_mib, after_mib=rss() / 2**20,
                   provider=provider.replace("ExecutionProvider", ""))
        row["pipeline_s"] = timed(lambda image=image: run_pipeline(engine, image, options, model_id, device)[0], first)
        if notes:
            row["note"] = "; ".join(notes)
        if bare is None:
            row["note"] = (row.get("note", "") + " no bare hook for this model").strip()
            continue
        feeds, outputs = bare_work(engine, image, model_id) or ({}, [])
        with RssSampler() as bare_rss:
            first_bare = run_bare(model_id, feeds, outputs, device)
        row["bare_peak_mib"] = bare_rss.peak_mib
        row["bare_s"] = timed(lambda feeds=feeds, outputs=outputs: run_bare(model_id, feeds, outputs, device),
                              first_bare)
        row["overhead"] = row["pipeline_s"] / row["bare_s"] if row["bare_s"] > 0 else None
        feeds = {}  # drop the input tensors before the next size
        _bare_sessions.pop(model_id, None)  # its buffers must not count in the next size's RSS
        gc.collect()
        trim_heap()
    _bare_sessions.pop(model_id, None)
    get_cache().release(model_id)  # also trims the heap
    return rows


def merged_with_previous(rows: list[dict]) -> list[dict]:
    """A partial run (--tasks/--models) replaces only its own (task, model) rows in the last results."""
    previous_file = RESULTS / "engines.json"
    if not previous_file.exists():
        return rows
    fresh = {(r.get("task"), r.get("model")) for r in rows}
    kept = [r for r in json.loads(previous_file.read_text()).get("rows", [])
            if (r.get("task"), r.get("model")) not in fresh]
    return kept + rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 2048])
    parser.add_argument("--tasks", nargs="+", default=None, help="default: every engine in engines.registry")
    parser.add_argument("--models", nargs="+", default=None, help="only these model ids")
    parser.add_argument("--device", choices=("auto", "gpu", "cpu"), default="auto")
    parser.add_argument("--max-bare-seconds", type=float, default=90.0)
    parser.add_argument("--out", default=None, help="write this run's rows to this JSON file instead")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    started = time.monotonic()
    for task in args.tasks or task_names():
        try:
            engine = create_engine(task)
            models = ready_models(engine)
        except Exception as exc:
            rows.append({"task": task, "note": f"engine unavailable: {exc}"})
            continue
        if args.models:
            models = [m for m in models if m in args.models]
        if not models:
            rows.append({"task": task, "note": "no ready model (python main.py models fetch --builtin)"})
        for model_id in models:
            print(f"{task} / {model_id} ...", file=sys.stderr, flush=True)
            rows.extend(bench_model(engine, model_id, args.sizes, args.device, args.max_bare_seconds))
    columns = ["task", "model", "size", "pipeline_s", "bare_s", "overhead", "peak_mib", "after_mib",
               "before_mib", "bare_peak_mib", "provider", "note", "bare_is"]
    print_table(rows, columns, title=f"Engines: pipeline vs bare onnxruntime ({time.monotonic() - started:.0f} s)")
    payload = {"sizes": args.sizes, "device": args.device, "max_bare_seconds": args.max_bare_seconds, "rows": rows}
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2, default=str)
        return 0
    if args.tasks or args.models:
        payload["rows"] = merged_with_previous(rows)
    write_json("engines", payload)
    return 0


if __name__ == "__main__":
    sys.exit(main())
