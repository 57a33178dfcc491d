#!/usr/bin/env python3
"""Stage the models the installer bundles into build/bundled-models/<id>/ (packaging/build.py runs this in
the build's virtual environment: `python packaging/stage_models.py OUT_DIR SUMMARY_JSON`).

* Built-in models must already be in the store (bootstrap fetches them); one that is missing stops the build.
* Catalog models downloaded by URL (not built in: lama, migan) are fetched when this machine can reach
  their servers, verified by the store (SHA-256; or MD5, then the SHA-256 pinned), and staged with their
  pin file. Without a network, or when a fetch fails, each is left out with a note such as
  "lama, migan: not bundled (no network)": they never stop the build.
* Every staged copy is hashed again against the catalog (or its pin), so an unverified file never ships.

The summary file holds {"bundled": [ids], "not_bundled": {id: reason}, "notes": [lines]}.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from models.catalog import ModelEntry, builtin_models  # noqa: E402
from models.download import digest_problem  # noqa: E402
from models.errors import FetchError  # noqa: E402
from models.store import ModelStore, default_store, pinned_sha, write_pin  # noqa: E402

NO_NETWORK = "no network"
OFFLINE_ENV = "KINTSUGI_BUILD_OFFLINE"  # set to 1 to build without trying the network
PROBE_TIMEOUT_S = 5.0


@dataclass
class StageSummary:
    bundled: list[str] = field(default_factory=list)
    not_bundled: dict[str, str] = field(default_factory=dict)  # id -> reason

    def notes(self) -> list[str]:
        """One line per reason: "lama, migan: not bundled (no network)"."""
        by_reason: dict[str, list[str]] = {}
        for model_id, reason in self.not_bundled.items():
            by_reason.setdefault(reason, []).append(model_id)
        return [f"{', '.join(sorted(ids))}: not bundled ({reason})" for reason, ids in sorted(by_reason.items())]

    def as_json(self) -> dict[str, object]:
        return {"bundled": sorted(self.bundled), "not_bundled": dict(sorted(self.not_bundled.items())),
                "notes": self.notes()}


NOT_SHIPPED = "downloaded on demand"  # the catalog says bundle = false


def url_models(catalog: dict[str, ModelEntry]) -> list[ModelEntry]:
    """Catalog models (neither built in nor imported) that download from an address."""
    return sorted((e for e in catalog.values()
                   if not e.builtin and not e.custom and any(s.kind == "url" for s in e.sources)),
                  key=lambda e: e.id)


def reachable(entry: ModelEntry, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether any server of the entry's URLs accepts a connection (a quick probe, so that a build without
    internet says so instead of waiting for every download to time out)."""
    if os.environ.get(OFFLINE_ENV) == "1":
        return False
    for source in entry.sources:
        for url in source.urls:
            parts = urllib.parse.urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                socket.create_connection((parts.hostname or "", port), timeout=timeout).close()
                return True
            except OSError:
                continue
    return False


def _stage_entry(store: ModelStore, entry: ModelEntry, out: Path) -> None:
    """Copy a ready model's files (and, for MD5-only files, their pins) into ``out/<id>/`` and check the copies."""
    target = out / entry.id
    target.mkdir(parents=True, exist_ok=True)
    for f in entry.files:
        src = store.require(entry.id, f.name)
        dest = target / f.name
        shutil.copy2(src, dest)
        expected = f.sha256 or pinned_sha(src.parent, f)
        problem = digest_problem(dest, expected or "", f.md5)
        if problem is not None:
            shutil.rmtree(target)
            raise FetchError(f"the staged copy of {f.name} has the {problem}")
        if f.md5 and expected:
            write_pin(target, f, expected)


def stage(store: ModelStore, out: Path, catalog: dict[str, ModelEntry] | None = None) -> StageSummary:
    """Stage the built-in models (which must be ready) and every URL model that can be fetched."""
    catalog = store.catalog() if catalog is None else catalog
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    summary = StageSummary()
    for entry in builtin_models(catalog):
        _stage_entry(store, entry, out)
        summary.bundled.append(entry.id)
    for entry in url_models(catalog):
        if not entry.bundle:
            summary.not_bundled[entry.id] = NOT_SHIPPED
            continue
        if store.status(entry.id) != "ready":
            if not reachable(entry):
                summary.not_bundled[entry.id] = NO_NETWORK
                continue
            try:
                store.fetch(entry.id)
            except FetchError as exc:
                first = exc.reasons[0] if exc.reasons else str(exc)
                summary.not_bundled[entry.id] = f"fetch failed: {first}"
                continue
        try:
            _stage_entry(store, entry, out)
        except FetchError as exc:
            summary.not_bundled[entry.id] = str(exc)
            continue
        summary.bundled.append(entry.id)
    return summary


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: stage_models.py OUT_DIR SUMMARY_JSON", file=sys.stderr)
        return 2
    out, summary_path = Path(argv[0]), Path(argv[1])
    summary = stage(default_store(), out)
    summary_path.parent.mkdir(parents=True, exist_ok=True)
    summary_path.write_text(json.dumps(summary.as_json(), indent=2), "utf-8")
    print(f"staged models: {', '.join(sorted(summary.bundled)) or 'none'}")
    for note in summary.notes():
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
