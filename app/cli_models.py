"""`python main.py models ...`: list, fetch, import, verify and delete models in the store.

Exit codes: 0 done, 2 bad input (unknown id, missing file, broken catalog), 3 a model is missing,
corrupt, or could not be fetched.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from app.cli import EXIT_BAD_INPUT, EXIT_MODEL, EXIT_OK, CliError
from models.catalog import ModelEntry
from models.download import human_size
from models.errors import CatalogError, FetchCancelled, FetchError, ImportRejected, ModelError
from models.store import MISSING, READY, ModelStore, default_store


class ProgressBar:
    """A one-line text progress bar on a stream (stderr), redrawn at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0
        self._drawn = False

    def __call__(self, fraction: float | None, message: str) -> None:
        now = time.monotonic()
        if fraction is not None and fraction < 1.0 and now - self._last < 0.1:
            return
        self._last = now
        if fraction is None:
            bar, pct = "." * self.width, "    "
        else:
            filled = int(round(fraction * self.width))
            bar, pct = "#" * filled + "-" * (self.width - filled), f"{fraction * 100:3.0f}%"
        self.stream.write(f"\r{self.label} [{bar}] {pct} {message[:60]:<60}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _store() -> ModelStore:
    return default_store()


def _entry(store: ModelStore, model_id: str) -> ModelEntry:
    try:
        return store.entry(model_id)
    except KeyError as exc:
        raise CliError(str(exc.args[0]), EXIT_BAD_INPUT) from None
    except CatalogError as exc:
        raise CliError(f"the model catalog is broken: {exc}", EXIT_BAD_INPUT) from None


def _catalog(store: ModelStore) -> dict[str, ModelEntry]:
    try:
        return store.catalog()
    except CatalogError as exc:
        raise CliError(f"the model catalog is broken: {exc}", EXIT_BAD_INPUT) from None


def cmd_list(args: argparse.Namespace) -> int:
    store = _store()
    catalog = _catalog(store)
    rows = []
    for model_id in sorted(catalog, key=lambda i: (catalog[i].task, i)):
        e = catalog[model_id]
        kind = "custom" if e.custom else ("builtin" if e.builtin else "optional")
        rows.append((e.id, e.task, store.status(e.id), human_size(e.files_size), e.licence, kind))
    if not rows:
        print("no models in the catalog")
        return EXIT_OK
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return EXIT_OK


def _fetch_one(store: ModelStore, model_id: str) -> bool:
    bar = ProgressBar(model_id)
    try:
        store.fetch(model_id, progress=bar)
    except FetchError as exc:
        bar.close()
        print(f"error: {exc}", file=sys.stderr)
        return False
    except (FetchCancelled, KeyboardInterrupt):
        bar.close()
        raise
    bar.close()
    print(f"{model_id}: ready ({store.location(model_id)})")
    return True


def cmd_fetch(args: argparse.Namespace) -> int:
    store = _store()
    if args.builtin:
        ids = sorted(e.id for e in _catalog(store).values() if e.builtin)
    elif args.ids:
        ids = [_entry(store, i).id for i in args.ids]
    else:
        raise CliError("give a model id (see `models list`) or --builtin")
    failed = [i for i in ids if not _fetch_one(store, i)]
    if failed:
        print(f"could not fetch: {', '.join(failed)}", file=sys.stderr)
        return EXIT_MODEL
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from models.importer import import_model_file

    try:
        result = import_model_file(args.file, model_id=args.id, store=_store(), task=args.task)
    except ImportRejected as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    except ModelError as exc:  # the file was damaged while copying
        raise CliError(str(exc), EXIT_MODEL) from None
    print(result.message)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    store = _store()
    if args.id:
        ids = [_entry(store, args.id).id]
    else:  # everything that has at least something on disk
        ids = [i for i in sorted(_catalog(store)) if store.status(i) != MISSING or store.model_dir(i).is_dir()]
    bad = 0
    for model_id in ids:
        try:
            report = store.verify(model_id)
        except ModelError as exc:  # e.g. a damaged model folder that leads outside the store
            print(f"{model_id}: {exc}", file=sys.stderr)
            bad += 1
            continue
        print(report.message(), file=sys.stdout if report.ok else sys.stderr)
        bad += report.status != READY
    if not ids:
        print("no models installed")
    return EXIT_MODEL if bad else EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    store = _store()
    _entry(store, args.id)
    try:
        store.delete(args.id)
    except ModelError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    if store.status(args.id) == READY:  # only the installer's bundled copy is left
        print(f"{args.id}: the copy bundled with Kintsugi is part of the installation and stays available")
    else:
        print(f"{args.id}: deleted")
    return EXIT_OK


def cmd_path(args: argparse.Namespace) -> int:
    store = _store()
    print(store.location(_entry(store, args.id).id) if args.id else store.root)
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="list, fetch, import, verify or delete models")
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="one line per model: id, task, status, size, licence, kind")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("fetch", help="download (and convert) models into the store")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--builtin", action="store_true", help="fetch every built-in model")
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser("import", help="add a model file downloaded elsewhere")
    p.add_argument("file")
    p.add_argument("--id", help="the catalog model this file belongs to (or the id of a new custom model)")
    p.add_argument("--task", help="the task of a custom ONNX model when its shape fits several")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("verify", help="check the SHA-256 of installed models (damaged files are deleted)")
    p.add_argument("id", nargs="?")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("delete", help="remove a model's files from the store")
    p.add_argument("id")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("path", help="print the store folder (or a model's folder)")
    p.add_argument("id", nargs="?")
    p.set_defaults(func=cmd_path)
