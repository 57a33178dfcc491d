"""Turn the JSON in benchmarks/results/ into the README's figures table.

Usage: python benchmarks/figures.py           print the Markdown
       python benchmarks/figures.py --readme  also rewrite README.md between the figures markers
The README then always shows what the last benchmark run measured, not numbers typed in by hand.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE.parent / "README.md"
START = "<!-- figures:start (made by benchmarks/figures.py) -->"
END = "<!-- figures:end -->"


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def core_rows(core: dict[str, Any]) -> list[tuple[str, str]]:
    comp, hist = core["compositing"], core["history"]
    return [
        (f"Re-composite a 256×256 dirty region ({comp['document']})", f"{comp['dirty_256_median_ms']:.1f} ms"),
        ("Full composite of that document", f"{comp['full_composite_s']:.2f} s"),
        (f"History after {hist['strokes']} strokes on a {hist['layer']} layer",
         f"{hist['history_bytes'] / 2**20:.1f} MiB (process RSS +{hist['rss_growth_bytes'] / 2**20:.1f} MiB)"),
        ("Commit a stroke / undo / redo",
         f"{hist['stroke_commit_median_ms']:.1f} / {hist['undo_median_ms']:.2f} / {hist['redo_median_ms']:.2f} ms"),
    ]


def paint_rows(paint: dict[str, Any]) -> list[tuple[str, str]]:
    w, h = paint["layer"]
    per_dab = " / ".join(f"{s['per_dab_ms']:.2f}" for s in paint["strokes"])
    sizes = " / ".join(str(s["size_px"]) for s in paint["strokes"])
    rows = [(f"Brush, time per dab at {sizes} px on {w}×{h}", f"{per_dab} ms")]
    if "one_offs" in paint:
        rows.append(("Magic wand on that layer", ms(paint["one_offs"]["magic_wand_ms"] / 1000)))
    return rows


def stall_rows(stall: dict[str, Any]) -> list[tuple[str, str]]:
    busy = stall["busy"]
    return [(f"UI event loop while a job runs ({stall['job']}, {stall['job_seconds']:.0f} s)",
             f"p99 {busy['p99_ms']:.1f} ms, worst {busy['max_ms']:.0f} ms, "
             f"{busy['over_100ms']} stalls over 100 ms")]


def geometry_stall_rows(stall: dict[str, Any]) -> list[tuple[str, str]]:
    size = f"{stall['width']}×{stall['height']}, {stall['layers']} layers"
    return [(f"UI event loop during {r['edit']} on {size}",
             f"worst stall {r['async_max_stall_ms']:.0f} ms over {r['async_s']:.2f} s of work "
             f"(worked out on the UI thread: one {r['sync_stall_s']:.2f} s stall)") for r in stall["rows"]]


def engine_rows(engines: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for r in engines["rows"]:
        if r.get("overhead") is None:
            continue
        rows.append((f"{r['task']} {r['model']} at {r['size'].replace('^2', '²')}: our pipeline / bare onnxruntime",
                     f"{r['pipeline_s']:.3g} s / {r['bare_s']:.3g} s = ×{r['overhead']:.2f}"))
    return rows


def superres_rows(sr: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(f"Upscale ×4 with {s['model']}",
             f"{s['s_per_mp']:.1f} s per output megapixel, peak {s['peak_mib']:.0f} MiB")
            for s in sr["speed"]]
    best = sr.get("overlap_study", [])[-1:] if sr.get("overlap_study") else []
    for o in best:
        rows.append((f"x4plus tiled vs whole image (overlap {o['overlap']} px)",
                     f"mean diff {o['mean_abs_diff']:.2f} levels, {o['share_within_1'] * 100:.1f} % within 1 level"))
    return rows


def style_rows(style: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(f"Style transfer {s['model']} at {s['side']}²", f"{s['ms_per_mp']:.0f} ms per megapixel")
            for s in style["speed"] if s["side"] == max(x["side"] for x in style["speed"])]
    shared = [s for s in style["seams"] if s["method"] == "shared statistics"]
    plain = [s for s in style["seams"] if s["method"] == "plain tiles"]
    if shared and plain:
        rows.append(("Style tiles disagreeing with neighbours (plain tiles → shared statistics)",
                     f"{max(p['disagreement'] for p in plain):.0f} → {max(s['disagreement'] for s in shared):.0f}"))
    return rows


def faces_rows(faces: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"Faces: {r['stage'].strip()}", f"{r['ms']:.0f} ms per {r['per']}") for r in faces["rows"]]


def installer_rows(inst: dict[str, Any]) -> list[tuple[str, str]]:
    where = inst.get("platform", "")
    rows = [(f"Frozen app ({where}), models included: folder size",
             f"{inst['app_folder_bytes'] / 2**20:.0f} MiB")]
    if inst.get("artefact_bytes"):
        rows.append((f"Installer package {Path(inst['artefact']).name}", f"{inst['artefact_bytes'] / 2**20:.0f} MiB"))
    rows.append(("Frozen app: launch to main window shown", f"{inst['startup_to_window_s']:.2f} s"))
    rows.append(("Frozen app: `--self-test` (every engine)", f"{inst['self_test_s']:.1f} s"))
    return rows


def view_rows(view: dict[str, Any]) -> list[tuple[str, str]]:
    w, h = view["viewport"]
    where = f"{view['document']}, {w}×{h} view"
    return [(f"Canvas frame ({where}): {r['scenario']}" if i == 0 else f"Canvas frame: {r['scenario']}",
             f"median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms" if r["frames"] > 1
             else f"{r['median_ms'] / 1000:.1f} s")
            for i, r in enumerate(view["rows"])] + (
        [("Canvas: opening that document, until fully composited", f"{view['opening_complete_s']:.1f} s")]
        if "opening_complete_s" in view else [])


def adjust_rows(adjust: dict[str, Any]) -> list[tuple[str, str]]:
    doc = adjust["document"].replace("x", "×")
    rows = [(f"Adjust: {r['operation']}, preview 1400×900 / apply at {doc}",
             f"{r['preview_ms']:.0f} ms / {r['full_s']:.2f} s") for r in adjust["rows"]]
    view = adjust.get("canvas_view", "").replace("x", "×")
    rows += [(f"Adjust: canvas preview of {r['operation']} at {r['zoom']} in a {view} view of {doc}",
              f"{r['median_ms']:.0f} ms, {r['view_change_ms']:.0f} ms after a zoom step "
              f"({r['part'].replace('x', '×')} computed at {r['computed']})")
             for r in adjust.get("canvas_rows", [])]
    return rows


def inpaint_rows(inpaint: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(f"Inpaint ({r['method']}{'' if r['used'] == r['method'] else ' → ' + r['used']}): {r['damage']} "
             f"on {r['size'].replace('x', '×')}",
             f"{r['s']:.2f} s, {r['ms_per_mask_mp'] / 1000:.1f} s per MP of mask, +{r['extra_mib']:.0f} MiB")
            for r in inpaint["rows"] if r["method"] != "auto" or r["size"] != "512x512"]
    if "standin_overhead" in inpaint:
        o = inpaint["standin_overhead"]
        rows.append(("Inpaint pipeline on a 512² stand-in of LaMa's contract vs. a bare onnxruntime run",
                     f"{o['pipeline_ms']:.1f} ms vs. {o['bare_ms']:.1f} ms"))
    if inpaint.get("learned_note"):
        rows.append(("Inpaint with LaMa / MI-GAN", inpaint["learned_note"]))
    return rows


def scratches_rows(scratches: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"Find Scratches and Dust ({r['kinds']}) on {r['size'].replace('x', '×')}, photo {r['scene']}",
             f"{r['s']:.2f} s ({r['ms_per_mp']:.0f} ms per MP), +{r['peak_growth_mib']:.0f} MiB")
            for r in scratches["rows"]]


def heal_rows(heal: dict[str, Any]) -> list[tuple[str, str]]:
    doc = heal["document"].replace("x", "×")
    rows = [(f"Spot Healing Brush ({r['method']}{'' if r['used'] == r['method'] else ' → ' + r['used']}): "
             f"{heal['dab_px']}-px dab on {doc}, end of dab to repair on screen",
             f"median {r['latency_ms']:.0f} ms, worst {r['max_ms']:.0f} ms (target {heal['target_ms']:.0f} ms)")
            for r in heal["spot_heal"]]
    rows += [(f"Healing Brush: blend of a {r['stroke_px']}-px stroke with a {r['brush_px']}-px brush (worker)",
              f"{r['blend_ms']:.0f} ms; UI thread {r['ui_release_ms'] + r['ui_apply_ms']:.1f} ms")
             for r in heal["healing_brush"]]
    return rows


def segment_rows(segment: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for r in segment["rows"]:
        if "ms" not in r:
            rows.append((f"Select Subject: {r['path']}", r.get("note", "")))
            continue
        bare = f" (bare onnxruntime {r['bare_ms']:.1f} ms)" if r.get("bare_ms") is not None else ""
        rows.append((f"Select Subject: {r['path']} on {r['size'].replace('x', '×')}", f"{r['ms']:.0f} ms{bare}"))
    p = segment["predict"]
    rows.append((f"Smart Select: click to full-size mask on {p['size'].replace('x', '×')}",
                 f"median {p['median_ms']:.0f} ms, worst {p['max_ms']:.0f} ms (target {p['target_ms']:.0f} ms); "
                 f"first box {p['box_ms']:.0f} ms"))
    if segment.get("models_note"):
        rows.append(("Select Subject with salient / matting / SAM models", segment["models_note"]))
    return rows


SECTIONS = [
    ("core", core_rows), ("paint", paint_rows), ("view", view_rows), ("ui_stall", stall_rows),
    ("geometry_stall", geometry_stall_rows), ("engines", engine_rows),
    ("superres", superres_rows), ("style", style_rows), ("faces", faces_rows), ("adjust", adjust_rows),
    ("inpaint", inpaint_rows), ("scratches", scratches_rows), ("heal", heal_rows), ("segment", segment_rows),
    ("installer", installer_rows),
]


def table() -> str:
    lines = ["| What | Measured |", "|---|---|"]
    for name, rows_of in SECTIONS:
        data = load(name)
        if data is None:
            continue
        for what, value in rows_of(data):
            lines.append(f"| {what} | {value} |")
    return "\n".join(lines)


def rewrite_readme(markdown: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"README.md has no figures markers ({START} ... {END})")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{markdown}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str]) -> int:
    markdown = table()
    print(markdown)
    if "--readme" in argv:
        rewrite_readme(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
