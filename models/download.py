"""Resumable HTTP downloads with mirrors, progress, cancel and SHA-256 (or MD5) verification.

A download writes ``<dest>.part``; an interrupted one resumes from there with an HTTP Range request.
Only a file whose digests match is renamed to ``dest`` (atomically), so a half file never looks valid.
A mismatching file is deleted and the next mirror is tried.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable

from models.errors import FetchCancelled, SourceError

# progress(fraction or None when unknown, message)
Progress = Callable[[float | None, str], None]
# a threading.Event, or any callable answering "was cancel requested?"
Cancel = threading.Event | Callable[[], bool] | None

CHUNK = 1 << 16
USER_AGENT = "Kintsugi-model-fetch/1"


def is_cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def check_cancel(cancel: Cancel) -> None:
    if is_cancelled(cancel):
        raise FetchCancelled()


def sha256_file(path: Path, cancel: Cancel = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            check_cancel(cancel)
    return digest.hexdigest()


def file_digests(path: Path, cancel: Cancel = None) -> tuple[str, str]:
    """SHA-256 and MD5 of a file in one read (for files whose upstream publishes only an MD5)."""
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            sha.update(block)
            md5.update(block)
            check_cancel(cancel)
    return sha.hexdigest(), md5.hexdigest()


def digest_problem(path: Path, sha256: str, md5: str = "", cancel: Cancel = None) -> str | None:
    """Why ``path`` is not the expected file (wrong SHA-256 or wrong MD5), or None when every digest given
    matches. At least one of ``sha256`` and ``md5`` must be given."""
    if not sha256 and not md5:
        raise ValueError("a download needs a SHA-256 or an MD5 to check")
    if not md5:
        got_sha, got_md5 = sha256_file(path, cancel), ""
    else:
        got_sha, got_md5 = file_digests(path, cancel)
        if got_md5 != md5.lower():
            return f"wrong MD5 (expected {md5[:12]}..., got {got_md5[:12]}...)"
    if sha256 and got_sha != sha256.lower():
        return f"wrong SHA-256 (expected {sha256[:12]}..., got {got_sha[:12]}...)"
    return None


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def _short_reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect ({exc.reason})"
    if isinstance(exc, TimeoutError):
        return "the server stopped answering (timeout)"
    if isinstance(exc, http.client.IncompleteRead):
        return "the connection closed before the end of the file"
    return str(exc) or type(exc).__name__


def _transfer(url: str, part: Path, size: int | None, progress: Progress | None, cancel: Cancel,
              timeout: float) -> None:
    """Append what is missing of ``url`` to ``part``; raises on network errors (the part is kept)."""
    have = part.stat().st_size if part.exists() else 0
    if size is not None and have > size:
        part.unlink()  # longer than the real file: it cannot be a prefix of it
        have = 0
    if size is not None and have == size:
        return  # complete already; the caller verifies it
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:
            return  # nothing left to send: the part is complete (or wrong; the hash check decides)
        raise
    with response:
        status = getattr(response, "status", 200)
        mode = "ab"
        if status == 206:
            match = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != have:
                raise SourceError("the server resumed at the wrong position")
        else:
            have, mode = 0, "wb"  # server ignored Range: start again
        length = response.headers.get("Content-Length")
        expected_end = have + int(length) if length and length.isdigit() else None
        total = size or expected_end
        with open(part, mode) as out:
            while True:
                check_cancel(cancel)
                block = response.read(CHUNK)
                if not block:
                    break
                out.write(block)
                have += len(block)
                if progress is not None:
                    text = f"{human_size(have)} / {human_size(total)}" if total else human_size(have)
                    progress(min(have / total, 1.0) if total else None, text)
        if expected_end is not None and have < expected_end:
            raise SourceError(f"the connection closed after {human_size(have)} of {human_size(expected_end)}")


def download_file(
    urls: Iterable[str],
    dest: Path,
    sha256: str,
    size: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
    timeout: float = 30.0,
    md5: str = "",
) -> Path:
    """Fetch ``dest`` from the first mirror that delivers a file with the right SHA-256 and/or MD5 (pass
    ``sha256=""`` when only an MD5 is known).

    Raises FetchCancelled (the .part stays for a later resume) or SourceError listing each mirror's failure.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(dest)
    failures: list[str] = []
    for url in urls:
        check_cancel(cancel)
        try:
            _transfer(url, part, size, progress, cancel, timeout)
        except FetchCancelled:
            raise
        except (OSError, http.client.HTTPException, SourceError, ValueError) as exc:  # URLError is an OSError
            failures.append(f"{url}: {_short_reason(exc)}")
            continue
        problem = digest_problem(part, sha256, md5, cancel)
        if problem is not None:
            part.unlink(missing_ok=True)
            failures.append(f"{url}: {problem}; the file was deleted")
            continue
        os.replace(part, dest)
        return dest
    raise SourceError("; ".join(failures) if failures else "no download address given")
