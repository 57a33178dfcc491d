"""Atomic saves: write beside the target, fsync, then os.replace, so a failure never damages the old file."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from app.files.errors import SaveError


def _read_umask() -> int:
    # Read once at import: os.umask can only be read by setting it, which is not thread-safe later on.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


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


def atomic_write(path: str | Path, writer: Callable[[BinaryIO], None]) -> None:
    """Call ``writer(file)`` and move the result over ``path`` atomically."""
    with atomic_open(path) as handle:
        writer(handle)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write(path, lambda handle: handle.write(data))

