"""benchmarks/figures.py: the README's figures table comes from the benchmark JSON, not from typing."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_figures():
    spec = importlib.util.spec_from_file_location("figures", ROOT / "benchmarks" / "figures.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_table_reads_results_and_rewrites_only_between_markers(tmp_path: Path, monkeypatch) -> None:
    figures = load_figures()
    results = tmp_path / "results"
    results.mkdir()
    core = {"compositing": {"document": "4000x3000, 10 layers", "dirty_256_median_ms": 6.25, "full_composite_s": 1.5},
            "history": {"layer": "6000x4000", "strokes": 100, "history_bytes": 3 * 2**20, "rss_growth_bytes": 2**20,
                        "stroke_commit_median_ms": 1.0, "undo_median_ms": 0.5, "redo_median_ms": 0.25}}
    (results / "core.json").write_text(json.dumps(core))
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{figures.START}\nold table\n{figures.END}\noutro\n")
    monkeypatch.setattr(figures, "RESULTS", results)
    monkeypatch.setattr(figures, "README", readme)

    table = figures.table()
    assert "| 6.2 ms |" in table and "3.0 MiB (process RSS +1.0 MiB)" in table
    assert "Upscale" not in table  # no superres.json: no made-up rows
    figures.rewrite_readme(table)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("outro\n") and "old table" not in text
    assert table in text


def test_readme_shows_the_committed_results() -> None:
    figures = load_figures()
    assert figures.table() in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "README figures are older than benchmarks/results: run `python benchmarks/figures.py --readme`")
