"""Atomic saves: write beside the target, fsync, then os.replace, so a failure never damages the old file."""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from app.files.errors import SaveError


def _read_umask() -> int:
    # Read once at import: os.umask can only be read by setting it, which is not thread-safe later on.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()

# mkstemp(prefix=".NAME.", suffix=".tmp") names: ".NAME." + 8 random characters + ".tmp".
_OUR_TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
# A save that is still running keeps writing, so its file's mtime stays fresh; one untouched this long was
# left by a save that was killed (power loss, kill -9) and is never going to finish.
STALE_TEMP_AGE_S = 15 * 60


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files of our own pattern that a killed save left in ``folder``; returns them."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not _OUR_TEMP_FILE.match(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_AGE_S:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` only when the block finishes without an exception."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise SaveError(f"Cannot save “{target.name}”: the folder “{folder}” does not exist.", target)
    remove_stale_temp_files(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(f"Cannot save “{target.name}”: {exc.strerror or exc}.", target) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # Keep the permissions a user gave the old file.
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            # mkstemp makes 0600 files; give new files the usual permissions instead.
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise SaveError(f"Cannot save “{target.name}”: {exc.strerror or exc}.", target) from exc
        raise


def atomic_write(path: str | Path, writer: Callable[[BinaryIO], object]) -> None:
    """Call ``writer(file)`` (its return value is ignored) and move the result over ``path`` atomically."""
    with atomic_open(path) as handle:
        writer(handle)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write(path, lambda handle: handle.write(data))

